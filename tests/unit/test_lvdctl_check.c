// SPDX-License-Identifier: GPL-2.0
/*
 * tests/unit/test_lvdctl_check.c - "lvdctl check" without hardware: CPUID
 * decoding, the MSR reads in the module's order, the interpretation of
 * IA32_FEATURE_CONTROL and of the /proc and /sys files, and the verdict,
 * text and JSON built from filled-in facts (CPUs as Bochs' models report
 * them, firmware with VT-x off, KVM holding VT-x, nested guests, Secure
 * Boot, unreadable MSRs).
 */
// unit-deps: tools/lvdctl/check_eval.c tools/lvdctl/json.c hypervisor/vmx_caps.c
#define _GNU_SOURCE
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <lvd/compat.h>
#include <lvd/hw/cpu.h>
#include <lvd/hw/msr.h>
#include <lvd/hw/vmx.h>
#include <lvd/hypercall.h>
#include "../../tools/lvdctl/check.h"
#include "../../tools/lvdctl/lvdctl.h"
#include "json_valid.h"
#include "tap.h"

#include "bochs_haswell.h"

/* Bochs 2.7 corei7_sandy_bridge_2600k: no VM functions, no 1 GB EPT pages. */
static const struct lvd_vmx_msrs sandy = {
	.cpuid_vmx = true,
	.cpuid_rdtscp = true,
	.feature_control = 0x5,
	.basic = 0xd810000000002bULL,
	.pinbased = 0x7f00000016ULL,
	.procbased = 0xf7f9fffe0401e172ULL,
	.procbased2 = 0xff00000000ULL,
	.ept_vpid_cap = 0xf0106114141ULL,
	.misc = 0x401e0,
	.exit = 0x7fffff00036dffULL,
	.entry = 0xffff000011ffULL,
	.true_pinbased = 0x7f00000016ULL,
	.true_procbased = 0xf7f9fffe04006172ULL,
	.true_exit = 0x7fffff00036dfbULL,
	.true_entry = 0xffff000011fbULL,
	.cr0_fixed0 = 0x80000021,
	.cr0_fixed1 = 0xffffffff,
	.cr4_fixed0 = 0x2000,
	.cr4_fixed1 = 0x627ff,
};

/* Bochs 2.7 ryzen: no VMX; CPUID offers RDTSCP. */
static const struct lvd_vmx_msrs ryzen = {
	.cpuid_rdtscp = true,
};

/* ---- a fake /dev/cpu/0/msr ---- */

static struct {
	const struct lvd_vmx_msrs *m;	/* values */
	int fail_errno;			/* this error for every read, if set */
	u32 absent;			/* this MSR gives -EIO */
	u32 reads[32];
	int nreads;
} fake;

static int fake_rdmsr(void *ctx, u32 msr, u64 *val)
{
	static const struct {
		u32 msr;
		size_t off;
	} map[] = {
		{ LVD_MSR_IA32_FEATURE_CONTROL, offsetof(struct lvd_vmx_msrs, feature_control) },
		{ LVD_MSR_IA32_VMX_BASIC, offsetof(struct lvd_vmx_msrs, basic) },
		{ LVD_MSR_IA32_VMX_PINBASED_CTLS, offsetof(struct lvd_vmx_msrs, pinbased) },
		{ LVD_MSR_IA32_VMX_PROCBASED_CTLS, offsetof(struct lvd_vmx_msrs, procbased) },
		{ LVD_MSR_IA32_VMX_EXIT_CTLS, offsetof(struct lvd_vmx_msrs, exit) },
		{ LVD_MSR_IA32_VMX_ENTRY_CTLS, offsetof(struct lvd_vmx_msrs, entry) },
		{ LVD_MSR_IA32_VMX_MISC, offsetof(struct lvd_vmx_msrs, misc) },
		{ LVD_MSR_IA32_VMX_CR0_FIXED0, offsetof(struct lvd_vmx_msrs, cr0_fixed0) },
		{ LVD_MSR_IA32_VMX_CR0_FIXED1, offsetof(struct lvd_vmx_msrs, cr0_fixed1) },
		{ LVD_MSR_IA32_VMX_CR4_FIXED0, offsetof(struct lvd_vmx_msrs, cr4_fixed0) },
		{ LVD_MSR_IA32_VMX_CR4_FIXED1, offsetof(struct lvd_vmx_msrs, cr4_fixed1) },
		{ LVD_MSR_IA32_VMX_PROCBASED_CTLS2, offsetof(struct lvd_vmx_msrs, procbased2) },
		{ LVD_MSR_IA32_VMX_EPT_VPID_CAP, offsetof(struct lvd_vmx_msrs, ept_vpid_cap) },
		{ LVD_MSR_IA32_VMX_TRUE_PINBASED_CTLS, offsetof(struct lvd_vmx_msrs, true_pinbased) },
		{ LVD_MSR_IA32_VMX_TRUE_PROCBASED_CTLS, offsetof(struct lvd_vmx_msrs, true_procbased) },
		{ LVD_MSR_IA32_VMX_TRUE_EXIT_CTLS, offsetof(struct lvd_vmx_msrs, true_exit) },
		{ LVD_MSR_IA32_VMX_TRUE_ENTRY_CTLS, offsetof(struct lvd_vmx_msrs, true_entry) },
		{ LVD_MSR_IA32_VMX_VMFUNC, offsetof(struct lvd_vmx_msrs, vmfunc) },
	};
	size_t i;

	(void)ctx;
	if (fake.nreads < 32)
		fake.reads[fake.nreads++] = msr;
	if (fake.fail_errno)
		return -fake.fail_errno;
	if (msr == fake.absent)
		return -EIO;
	for (i = 0; i < ARRAY_SIZE(map); i++) {
		if (map[i].msr == msr) {
			*val = *(const u64 *)((const char *)fake.m + map[i].off);
			return 0;
		}
	}
	return -EIO;
}

static bool was_read(u32 msr)
{
	int i;

	for (i = 0; i < fake.nreads; i++)
		if (fake.reads[i] == msr)
			return true;
	return false;
}

/* Read @src's MSRs through the fake device into *@m (CPUID bits from @src). */
static int fake_read(const struct lvd_vmx_msrs *src, struct lvd_vmx_msrs *m)
{
	memset(&fake, 0, sizeof(fake));
	fake.m = src;
	memset(m, 0, sizeof(*m));
	m->cpuid_vmx = src->cpuid_vmx;
	m->cpuid_rdtscp = src->cpuid_rdtscp;
	m->cpuid_invpcid = src->cpuid_invpcid;
	return lvdctl_read_msrs(m, fake_rdmsr, NULL);
}

/* ---- facts, verdicts and their output ---- */

static struct lvdctl_facts intel(const struct lvd_vmx_msrs *m)
{
	struct lvdctl_facts f;

	memset(&f, 0, sizeof(f));
	strcpy(f.cpu.vendor, "GenuineIntel");
	strcpy(f.cpu.brand, "Intel(R) Core(TM) i7-4770 CPU @ 3.40GHz");
	f.cpu.family = 6;
	f.cpu.model = 60;
	f.cpu.stepping = 3;
	f.cpuid_vmx = m->cpuid_vmx;
	f.msrs = *m;
	f.msrs_read = m->cpuid_vmx;
	strcpy(f.release, "6.1.0-57-amd64");
	f.headers = true;
	f.kvm_intel_users = -1;
	f.kvm_virt_at_load = LVDCTL_UNKNOWN;
	f.efi = true;
	f.secure_boot = LVDCTL_NO;
	f.sig_enforce = LVDCTL_NO;
	f.lockdown = LVDCTL_LOCKDOWN_NONE;
	f.modules_disabled = LVDCTL_NO;
	return f;
}

static struct lvdctl_verdict v;
static char *text, *json;

/* Evaluate @f and render both outputs into text and json (valid JSON is checked). */
static void evaluate(const struct lvdctl_facts *f, const char *what)
{
	const char *where;
	size_t len;
	FILE *s;

	free(text);
	free(json);
	lvdctl_evaluate(f, &v);
	s = open_memstream(&text, &len);
	lvdctl_print_text(s, f, &v);
	fclose(s);
	s = open_memstream(&json, &len);
	lvdctl_print_json(s, f, &v);
	fclose(s);
	if (!TAP_OK(json_valid(json, &where), "%s: --json is valid JSON", what))
		printf("#   invalid at offset %ld: %.40s\n", (long)(where - json), where);
}

/* The last line of the text output. */
static const char *verdict(void)
{
	static char line[2048];
	size_t n = strlen(text);
	const char *p;

	if (n && text[n - 1] == '\n')
		n--;
	for (p = text + n; p > text && p[-1] != '\n'; p--)
		;
	snprintf(line, sizeof(line), "%.*s", (int)(text + n - p), p);
	return line;
}

static bool has(const char *hay, const char *needle)
{
	return strstr(hay, needle) != NULL;
}

static bool advice_has(const char *needle)
{
	int i;

	for (i = 0; i < v.nadvice; i++)
		if (has(v.advice[i], needle))
			return true;
	return false;
}

static void test_cpuid(void)
{
	/* "GenuineIntel" in EBX, EDX, ECX; "AuthenticAMD" likewise. */
	const u32 intel0[4] = { 0xd, 0x756e6547, 0x6c65746e, 0x49656e69 };
	const u32 amd0[4] = { 0x10, 0x68747541, 0x444d4163, 0x69746e65 };
	const u32 has1[4] = { 0x306c3, 0, LVD_CPUID1_ECX_VMX, 0 };
	const u32 zen1[4] = { 0x800f11, 0, 0, 0 };
	const u32 zen4[4] = { 0xa10f11, 0, 0, 0 };
	const u32 p4[4] = { 0xf29, 0, 0, 0 };
	const u32 guest1[4] = { 0x50654, 0, LVD_CPUID1_ECX_VMX | LVD_CPUID1_ECX_HYPERVISOR, 0 };
	const u32 kvm[4] = { 0x40000001, 0x4b4d564b, 0x564b4d56, 0x4d };
	const u32 lvd[4] = { LVD_CPUID_MAX_LEAF, LVD_CPUID_SIG_EBX, LVD_CPUID_SIG_ECX,
			     LVD_CPUID_SIG_EDX };
	u32 brand[12] = { 0 };
	struct lvdctl_cpu c;

	memcpy(brand, "       Intel(R) Core(TM) i7-4770 CPU @ 3.40GHz", 46);
	lvdctl_cpu_decode(&c, intel0, has1, brand, NULL);
	TAP_OK(!strcmp(c.vendor, "GenuineIntel") && c.family == 6 && c.model == 60 &&
	       c.stepping == 3, "Haswell: GenuineIntel family 6 model 60 stepping 3 (%s %u %u %u)",
	       c.vendor, c.family, c.model, c.stepping);
	TAP_OK(!strcmp(c.brand, "Intel(R) Core(TM) i7-4770 CPU @ 3.40GHz"),
	       "brand string without its leading blanks: '%s'", c.brand);
	TAP_OK(!c.hypervisor_bit && !c.hv_signature[0], "no hypervisor bit: bare metal, no signature");

	memset(brand, 0, sizeof(brand));
	memcpy(brand, "AMD Ryzen 7 1700 Eight-Core Processor          ", 47);
	lvdctl_cpu_decode(&c, amd0, zen1, brand, NULL);
	TAP_OK(!strcmp(c.vendor, "AuthenticAMD") && c.family == 23 && c.model == 1 &&
	       c.stepping == 1 && !strcmp(c.brand, "AMD Ryzen 7 1700 Eight-Core Processor"),
	       "Ryzen: AuthenticAMD family 23 model 1 stepping 1, trailing blanks dropped");
	lvdctl_cpu_decode(&c, amd0, zen4, brand, NULL);
	TAP_OK(c.family == 25 && c.model == 17, "extended family and model: Zen 4 is 25/17");
	lvdctl_cpu_decode(&c, intel0, p4, brand, NULL);
	TAP_OK(c.family == 15 && c.model == 2 && c.stepping == 9, "family 0FH: Pentium 4 is 15/2");
	memset(brand, 0, sizeof(brand));
	lvdctl_cpu_decode(&c, intel0, has1, brand, NULL);
	TAP_OK(!c.brand[0], "no brand string: empty");

	lvdctl_cpu_decode(&c, intel0, guest1, brand, kvm);
	TAP_OK(c.hypervisor_bit && !strcmp(c.hv_signature, "KVMKVMKVM") &&
	       !strcmp(lvdctl_hv_name(c.hv_signature), "KVM") &&
	       !lvdctl_is_lvd_signature(c.hv_signature) && c.model == 85,
	       "a KVM guest: hypervisor bit, signature KVMKVMKVM");
	lvdctl_cpu_decode(&c, intel0, guest1, brand, lvd);
	TAP_OK(lvdctl_is_lvd_signature(c.hv_signature) && !strcmp(lvdctl_hv_name(c.hv_signature), "LVD"),
	       "LVD's own signature LVDLVDLVDLVD is recognised");
	lvdctl_cpu_decode(&c, intel0, has1, brand, lvd);
	TAP_OK(!c.hv_signature[0], "leaf 40000000H is ignored without the hypervisor bit");
	TAP_OK(!strcmp(lvdctl_hv_name("Microsoft Hv"), "Hyper-V") &&
	       !strcmp(lvdctl_hv_name("VMwareVMware"), "VMware") &&
	       !strcmp(lvdctl_hv_name("zzz"), "an unknown hypervisor") &&
	       !strcmp(lvdctl_hv_name(""), "an unknown hypervisor"), "hypervisor names");
}

static void test_msr_reads(void)
{
	struct lvd_vmx_msrs m, src;
	int ret;

	ret = fake_read(&haswell, &m);
	TAP_OK(!ret && !memcmp(&m, &haswell, sizeof(m)), "Haswell: every capability MSR read as the module reads it");
	TAP_EQ(fake.nreads, 18, "Haswell: 18 MSRs read");
	TAP_OK(fake.reads[0] == LVD_MSR_IA32_FEATURE_CONTROL && fake.reads[1] == LVD_MSR_IA32_VMX_BASIC,
	       "IA32_FEATURE_CONTROL first, IA32_VMX_BASIC next, as vmx_caps_read()");

	ret = fake_read(&ryzen, &m);
	TAP_OK(!ret && fake.nreads == 0 && !m.basic, "no VMX: no MSR is read");

	src = haswell;
	src.basic &= ~LVD_VMX_BASIC_TRUE_CTLS;
	ret = fake_read(&src, &m);
	TAP_OK(!ret && !was_read(LVD_MSR_IA32_VMX_TRUE_PINBASED_CTLS) &&
	       !was_read(LVD_MSR_IA32_VMX_TRUE_ENTRY_CTLS) && !m.true_procbased,
	       "IA32_VMX_BASIC[55] clear: the TRUE controls are not read");

	src = haswell;
	src.procbased &= ~((u64)LVD_PROC_ACTIVATE_SECONDARY << 32);
	ret = fake_read(&src, &m);
	TAP_OK(!ret && !was_read(LVD_MSR_IA32_VMX_PROCBASED_CTLS2) &&
	       !was_read(LVD_MSR_IA32_VMX_EPT_VPID_CAP) && !was_read(LVD_MSR_IA32_VMX_VMFUNC),
	       "no secondary controls: neither they nor EPT/VPID or VMFUNC capabilities are read");

	ret = fake_read(&sandy, &m);
	TAP_OK(!ret && was_read(LVD_MSR_IA32_VMX_EPT_VPID_CAP) && !was_read(LVD_MSR_IA32_VMX_VMFUNC),
	       "Sandy Bridge: IA32_VMX_VMFUNC is not read without VM functions");

	memset(&fake, 0, sizeof(fake));
	fake.m = &haswell;
	fake.absent = LVD_MSR_IA32_VMX_VMFUNC;
	m = haswell;
	m.vmfunc = 0x1234;
	ret = lvdctl_read_msrs(&m, fake_rdmsr, NULL);
	TAP_OK(!ret && m.vmfunc == 0, "an MSR the CPU refuses (EIO) reads as 0, as in the module");

	memset(&fake, 0, sizeof(fake));
	fake.m = &haswell;
	fake.fail_errno = EACCES;
	m = haswell;
	ret = lvdctl_read_msrs(&m, fake_rdmsr, NULL);
	TAP_OK(ret == -EACCES && fake.nreads == 1, "any other error stops the reads and is returned");
}

static void test_parsers(void)
{
	const unsigned char sb_on[] = { 0x06, 0x00, 0x00, 0x00, 0x01 };
	const unsigned char sb_off[] = { 0x06, 0x00, 0x00, 0x00, 0x00 };
	struct lvdctl_facts f;

	TAP_EQ(lvdctl_feature_control(0x5), LVDCTL_FC_ENABLED, "IA32_FEATURE_CONTROL 0x5: enabled");
	TAP_EQ(lvdctl_feature_control(0x7), LVDCTL_FC_ENABLED, "0x7 (also inside SMX): enabled");
	TAP_EQ(lvdctl_feature_control(0x1), LVDCTL_FC_LOCKED_OFF, "0x1: locked off by the firmware");
	TAP_EQ(lvdctl_feature_control(0x3), LVDCTL_FC_LOCKED_OFF, "0x3 (only inside SMX): locked off");
	TAP_EQ(lvdctl_feature_control(0x0), LVDCTL_FC_UNLOCKED, "0x0: unlocked");
	TAP_EQ(lvdctl_feature_control(0x4), LVDCTL_FC_UNLOCKED, "0x4 (not locked): unlocked");

	TAP_EQ(lvdctl_parse_secure_boot(sb_on, sizeof(sb_on)), LVDCTL_YES, "SecureBoot variable, last byte 1: on");
	TAP_EQ(lvdctl_parse_secure_boot(sb_off, sizeof(sb_off)), LVDCTL_NO, "last byte 0: off");
	TAP_EQ(lvdctl_parse_secure_boot(sb_on, 4), LVDCTL_UNKNOWN, "attributes only: unknown");
	TAP_EQ(lvdctl_parse_secure_boot(sb_on, 0), LVDCTL_UNKNOWN, "empty: unknown");

	TAP_OK(lvdctl_parse_yn("Y\n") == LVDCTL_YES && lvdctl_parse_yn("1") == LVDCTL_YES &&
	       lvdctl_parse_yn("N\n") == LVDCTL_NO && lvdctl_parse_yn("0\n") == LVDCTL_NO &&
	       lvdctl_parse_yn("Yes") == LVDCTL_UNKNOWN && lvdctl_parse_yn("") == LVDCTL_UNKNOWN &&
	       lvdctl_parse_yn(NULL) == LVDCTL_UNKNOWN, "Y/N parameters (sig_enforce, modules_disabled)");

	TAP_OK(lvdctl_parse_lockdown("[none] integrity confidentiality\n") == LVDCTL_LOCKDOWN_NONE &&
	       lvdctl_parse_lockdown("none [integrity] confidentiality\n") == LVDCTL_LOCKDOWN_INTEGRITY &&
	       lvdctl_parse_lockdown("none integrity [confidentiality]") == LVDCTL_LOCKDOWN_CONFIDENTIALITY &&
	       lvdctl_parse_lockdown("[weird] none") == LVDCTL_LOCKDOWN_UNKNOWN &&
	       lvdctl_parse_lockdown("none") == LVDCTL_LOCKDOWN_UNKNOWN &&
	       lvdctl_parse_lockdown(NULL) == LVDCTL_LOCKDOWN_UNKNOWN, "lockdown: the bracketed mode");

	memset(&f, 0, sizeof(f));
	f.kvm_intel_users = -1;
	lvdctl_parse_modules(&f, "msr 16384 0 - Live 0xffffffffc0a1c000\n"
			     "kvm_intel_extra 1 0 - Live 0x0\n"
			     "kvm 1146880 1 kvm_intel, Live 0xffffffffc0900000\n"
			     "irqbypass 16384 1 kvm, Live 0xffffffffc08f0000\n");
	TAP_OK(!f.kvm_intel && f.kvm_intel_users == -1 && !f.lvd_loaded && !f.vboxdrv,
	       "/proc/modules without kvm_intel (only names that start alike)");
	lvdctl_parse_modules(&f, "kvm_intel 380928 2 - Live 0xffffffffc0a30000\n"
			     "kvm 1146880 1 kvm_intel, Live 0xffffffffc0900000\n"
			     "vboxdrv 696320 0 - Live 0x0 (OE)\n"
			     "vmmon 147456 0 - Live 0x0 (OE)\n"
			     "lvd_hv 65536 0 - Live 0xffffffffc0b00000 (O)");
	TAP_OK(f.kvm_intel && f.kvm_intel_users == 2 && f.vboxdrv && f.vmmon && f.lvd_loaded,
	       "/proc/modules: kvm_intel with 2 users, vboxdrv, vmmon, lvd_hv (last line without newline)");
}

static void test_verdicts(void)
{
	struct lvdctl_facts f;
	int i;

	/* Haswell on bare metal: LVD can run. */
	f = intel(&haswell);
	evaluate(&f, "Haswell");
	TAP_OK(v.can_run && v.status == LVDCTL_EXIT_OK && !v.nreasons && !v.nadvice && !v.missing,
	       "Haswell: can run, exit status 0, nothing to do");
	TAP_OK(!strcmp(verdict(), "this machine can run LVD"), "Haswell: verdict line '%s'", verdict());
	TAP_OK(has(text, "\nyes  EPT  (page sizes 4 KB, 2 MB, 1 GB)\n") &&
	       has(text, "\nyes  VPID\n") && has(text, "\nyes  VM functions  (") &&
	       has(text, "\nyes  VMFUNC EPTP switching\n") &&
	       has(text, "\nyes  VMX-preemption timer  (counts down at the TSC's rate)\n") &&
	       has(text, "\nyes  EPT 1 GB pages  (optional"),
	       "Haswell: EPT with its page sizes, VPID, VM functions, preemption timer");
	TAP_OK(has(text, "\nn/a  enable-XSAVES/XRSTORS control (the kernel uses XSAVES)  (CPUID offers no XSAVES;") &&
	       has(text, "\nyes  enable-RDTSCP control (the kernel uses RDTSCP or RDPID)  (CPUID offers RDTSCP)\n"),
	       "controls CPUID makes necessary: yes when needed, n/a when not");
	TAP_OK(has(text, "\nyes  VMX controls LVD runs with  (pin 0x16, proc 0x94006172, proc2 0x302a, exit 0x3f6fff, entry 0xd3ff)\n"),
	       "Haswell: the controls lvd_vmx_choose_ctls() picks");
	TAP_OK(has(text, "\nyes  VMX enabled in IA32_FEATURE_CONTROL") &&
	       has(text, "IA32_FEATURE_CONTROL = 0x5: locked, VT-x on outside SMX"),
	       "Haswell: VT-x enabled by the firmware");
	TAP_OK(has(text, "\nno   running as a guest (nested)  (CPUID.1:ECX[31] clear: bare metal)\n") &&
	       has(text, "\nno   another hypervisor holds VT-x  (kvm_intel is not loaded;") &&
	       has(text, "\nno   Secure Boot  (off in the firmware)\n") &&
	       has(text, "\nyes  kernel headers  (/lib/modules/6.1.0-57-amd64/build"),
	       "Haswell: not nested, VT-x free, Secure Boot off, headers there");
	TAP_OK(has(json, "\"can_run\": true") && has(json, "\"exit_status\": 0") &&
	       has(json, "\"reasons\": []") && has(json, "\"firmware_vmx\": \"enabled\"") &&
	       has(json, "\"ept_page_sizes\": [\"4 KB\", \"2 MB\", \"1 GB\"]") &&
	       has(json, "\"vmx_basic\": \"0xd810000000002b\""),
	       "Haswell --json: can_run true, no reasons, firmware enabled, page sizes, raw MSRs");
	TAP_OK(has(json, "\"cpu\": {\n    \"vendor\": \"GenuineIntel\",\n    \"family\": 6,\n    \"model\": 60,\n    \"stepping\": 3,\n    \"brand\": \"Intel(R) Core(TM) i7-4770 CPU @ 3.40GHz\"\n  }"),
	       "--json cpu: vendor, family, model, stepping, brand");
	TAP_OK(has(json, "{\"name\": \"VM functions\", \"present\": true, \"needed\": true}") &&
	       has(json, "{\"name\": \"EPT 1 GB pages\", \"present\": true, \"needed\": false}") &&
	       has(json, "{\"name\": \"enable-XSAVES/XRSTORS control (the kernel uses XSAVES)\", \"present\": false, \"needed\": false}"),
	       "--json features: name, present, needed");
	{
		static const char *const keys[] = {
			"\"cpu\":", "\"features\":", "\"firmware_vmx\":", "\"other_hypervisor\":",
			"\"nested\":", "\"secure_boot\":", "\"sig_enforce\":", "\"headers\":",
			"\"can_run\":", "\"reasons\":",
		};
		bool all = true;

		for (i = 0; i < (int)ARRAY_SIZE(keys); i++)
			all &= has(json, keys[i]);
		TAP_OK(all, "--json has every documented key");
	}

	/* Sandy Bridge: no VM functions, as the module says. */
	f = intel(&sandy);
	evaluate(&f, "Sandy Bridge");
	TAP_OK(!v.can_run && v.status == LVDCTL_EXIT_NO &&
	       v.missing == (BIT_ULL(LVD_FEAT_VMFUNC) | BIT_ULL(LVD_FEAT_EPTP_SWITCHING)),
	       "Sandy Bridge: cannot run, exit status 1, missing VM functions and EPTP switching");
	TAP_OK(!strcmp(verdict(), "this machine cannot run LVD: missing VM functions, VMFUNC EPTP switching: use an Intel CPU with these VT-x features (Haswell or newer)"),
	       "Sandy Bridge verdict: %s", verdict());
	TAP_OK(has(text, "\nno   VM functions\n") && has(text, "\nno   VMFUNC EPTP switching\n") &&
	       has(text, "\nno   EPT 1 GB pages") && has(text, "(page sizes 4 KB, 2 MB)"),
	       "Sandy Bridge: the missing features on their own lines, EPT without 1 GB pages");
	TAP_OK(has(json, "\"can_run\": false") && has(json, "\"exit_status\": 1") &&
	       has(json, "{\"name\": \"VM functions\", \"present\": false, \"needed\": true}") &&
	       has(json, "\"missing VM functions, VMFUNC EPTP switching: use an Intel CPU"),
	       "Sandy Bridge --json: can_run false, the feature absent, the reason");

	/* AMD: no VMX, nothing else read. */
	f = intel(&ryzen);
	strcpy(f.cpu.vendor, "AuthenticAMD");
	strcpy(f.cpu.brand, "AMD Ryzen 7 1700 Eight-Core Processor");
	evaluate(&f, "Ryzen");
	TAP_OK(v.status == LVDCTL_EXIT_NO && v.nreasons == 1 &&
	       has(v.reasons[0], "missing VMX (CPUID.1:ECX.VMX): this is an AMD CPU (AuthenticAMD)"),
	       "Ryzen: exit status 1, one reason: %s", v.reasons[0]);
	TAP_OK(has(text, "\nno   VMX (CPUID.1:ECX.VMX)  (an AMD CPU") &&
	       has(text, "\nn/a  the other VT-x features  (nothing to read without VMX)\n") &&
	       !has(text, "\nyes  EPT") && !has(text, "VMX controls LVD runs with"),
	       "Ryzen: VMX missing, no other VT-x line");
	TAP_OK(has(json, "{\"name\": \"EPT\", \"present\": false, \"needed\": true}") &&
	       has(json, "\"firmware_vmx\": null") && has(json, "\"msrs\": null") &&
	       has(json, "\"controls\": null") && has(json, "\"ept_page_sizes\": []"),
	       "Ryzen --json: every feature absent, firmware and MSRs null");

	/* Intel under a hypervisor that hides VMX. */
	f = intel(&ryzen);
	f.cpu.hypervisor_bit = true;
	strcpy(f.cpu.hv_signature, "Microsoft Hv");
	evaluate(&f, "Intel guest without VMX");
	TAP_OK(v.status == LVDCTL_EXIT_NO && v.nested &&
	       has(v.reasons[0], "this kernel runs under Hyper-V, which does not offer VMX") &&
	       has(v.reasons[0], "nested virtualization"),
	       "Intel guest without VMX: says to turn on nested virtualization");
	TAP_OK(has(json, "\"nested\": {\"guest\": true, \"hypervisor\": \"Hyper-V\", \"signature\": \"Microsoft Hv\"}"),
	       "--json nested: guest, hypervisor, signature");

	/* Nested under KVM, with VMX but no VM functions. */
	f = intel(&sandy);
	f.cpu.hypervisor_bit = true;
	strcpy(f.cpu.hv_signature, "KVMKVMKVM");
	evaluate(&f, "KVM guest without VM functions");
	TAP_OK(v.status == LVDCTL_EXIT_NO &&
	       has(v.reasons[0], "missing VM functions, VMFUNC EPTP switching: this kernel runs under KVM") &&
	       has(v.reasons[0], "bare metal"), "nested without VM functions: says so, run on bare metal");
	TAP_OK(has(text, "\nyes  running as a guest (nested)  (under KVM: CPUID.1:ECX[31] set, CPUID 40000000H \"KVMKVMKVM\"; nested VT-x often lacks VM functions"),
	       "nested: the guest line names the hypervisor");
	f.msrs = haswell;
	evaluate(&f, "KVM guest with VM functions");
	TAP_OK(v.can_run && advice_has("runs under KVM (nested)"),
	       "nested with every feature: can run, with a note on the cost");

	/* Firmware. */
	f = intel(&haswell);
	f.msrs.feature_control = 0x1;
	evaluate(&f, "VT-x off in the firmware");
	TAP_OK(v.status == LVDCTL_EXIT_NO && v.nreasons == 1 && v.fc == LVDCTL_FC_LOCKED_OFF &&
	       has(v.reasons[0], "VT-x is locked off in the firmware (IA32_FEATURE_CONTROL = 0x1): enable VT-x (Intel Virtualization Technology) in the firmware setup"),
	       "VT-x locked off: %s", v.reasons[0]);
	TAP_OK(has(text, "\nno   VMX enabled in IA32_FEATURE_CONTROL") &&
	       has(json, "\"firmware_vmx\": \"locked-off\"") &&
	       has(json, "{\"name\": \"VMX enabled in IA32_FEATURE_CONTROL (enable VT-x in the firmware setup)\", \"present\": false, \"needed\": true}"),
	       "VT-x locked off: text line, firmware_vmx locked-off, feature absent");
	f.msrs.feature_control = 0x0;
	evaluate(&f, "IA32_FEATURE_CONTROL unlocked");
	TAP_OK(v.status == LVDCTL_EXIT_NO && has(v.reasons[0], "not locked") &&
	       has(json, "\"firmware_vmx\": \"unlocked\""), "unlocked IA32_FEATURE_CONTROL: refused");
	f.msrs.feature_control = 0x1;
	f.msrs.procbased2 = sandy.procbased2;
	evaluate(&f, "VT-x off and no VM functions");
	TAP_OK(v.nreasons == 2 && has(v.reasons[0], "firmware") && has(v.reasons[1], "missing VM functions") &&
	       has(verdict(), "firmware setup; missing VM functions"),
	       "firmware and CPU reasons both named: %s", verdict());

	/* Control values that cannot be set although no feature is missing. */
	f = intel(&haswell);
	f.msrs.basic &= ~LVD_VMX_BASIC_TRUE_CTLS;
	evaluate(&f, "no TRUE controls");
	TAP_OK(v.status == LVDCTL_EXIT_NO && !v.missing &&
	       has(v.reasons[0], "cannot set the processor-based controls (CR3-load/store exiting"),
	       "no TRUE capability MSRs: lvd_vmx_choose_ctls()'s refusal is the reason");

	/* Other hypervisors. */
	f = intel(&haswell);
	f.kvm_intel = true;
	f.kvm_intel_users = 0;
	f.kvm_virt_at_load = LVDCTL_YES;
	evaluate(&f, "kvm_intel with enable_virt_at_load");
	TAP_OK(v.status == LVDCTL_EXIT_NO && v.vtx_held &&
	       has(v.reasons[0], "rmmod kvm_intel") && has(v.reasons[0], "kvm.enable_virt_at_load=0"),
	       "KVM takes VT-x at load: refused, rmmod kvm_intel or kvm.enable_virt_at_load=0");
	TAP_OK(has(text, "\nyes  another hypervisor holds VT-x") &&
	       has(json, "\"other_hypervisor\": {\"holds_vtx\": true, \"modules\": [\"kvm_intel\"], \"kvm_intel_users\": 0, \"kvm_enable_virt_at_load\": true}"),
	       "KVM holds VT-x: text and --json");
	f.kvm_virt_at_load = LVDCTL_UNKNOWN;
	f.kvm_intel_users = 2;
	evaluate(&f, "kvm_intel running VMs");
	TAP_OK(v.status == LVDCTL_EXIT_NO && has(v.reasons[0], "while its VMs run (use count 2)"),
	       "older KVM with VMs running: refused");
	f.kvm_intel_users = 0;
	evaluate(&f, "kvm_intel idle");
	TAP_OK(v.can_run && !v.vtx_held && advice_has("rmmod kvm_intel first") &&
	       has(text, "\nno   another hypervisor holds VT-x  (kvm_intel is loaded but no VM runs"),
	       "older KVM without VMs: can run, with advice to unload it");
	f = intel(&haswell);
	f.vboxdrv = true;
	f.vmmon = true;
	evaluate(&f, "VirtualBox and VMware modules");
	TAP_OK(v.can_run && advice_has("vboxdrv") && advice_has("vmmon") &&
	       has(json, "\"modules\": [\"vboxdrv\", \"vmmon\"]"),
	       "VirtualBox and VMware modules: advice, not a refusal");

	/* LVD itself. */
	f = intel(&haswell);
	f.cpuid_vmx = false;		/* LVD hides VMX; check.c still sets msrs.cpuid_vmx */
	f.lvd_running = true;
	f.lvd_loaded = true;
	f.cpu.hypervisor_bit = true;
	strcpy(f.cpu.hv_signature, LVD_CPUID_SIGNATURE);
	evaluate(&f, "LVD running");
	TAP_OK(v.can_run && !v.nested && !strcmp(verdict(), "this machine can run LVD (it runs now)") &&
	       has(text, "\nyes  LVD already running  (CPUID 40000000H says \"LVDLVDLVDLVD\""),
	       "LVD running: can run, not counted as a guest");
	TAP_OK(has(json, "\"lvd\": {\"loaded\": true, \"running\": true}") &&
	       has(json, "\"guest\": false"), "LVD running --json");
	f = intel(&haswell);
	f.lvd_loaded = true;
	evaluate(&f, "lvd_hv loaded with launch=0");
	TAP_OK(v.can_run && advice_has("rmmod lvd_hv"), "lvd_hv loaded but not running: advice to unload it");

	/* Secure Boot and module signing. */
	f = intel(&haswell);
	f.secure_boot = LVDCTL_YES;
	f.lockdown = LVDCTL_LOCKDOWN_UNKNOWN;
	evaluate(&f, "Secure Boot on");
	TAP_OK(v.can_run && v.unsigned_refused == LVDCTL_YES &&
	       advice_has("unsigned modules will not load (Secure Boot is on") &&
	       advice_has("sign lvd_hv.ko with your MOK"),
	       "Secure Boot on: can run, after signing lvd_hv.ko with a MOK");
	TAP_OK(has(text, "\nyes  Secure Boot  (on)\n") && has(text, "\nyes  module signatures enforced") &&
	       has(json, "\"secure_boot\": true") && has(json, "\"sig_enforce\": true") &&
	       has(text, "\nnote: unsigned modules will not load"),
	       "Secure Boot on: text and --json, and a note before the verdict");
	f.lockdown = LVDCTL_LOCKDOWN_NONE;
	evaluate(&f, "Secure Boot on, lockdown none");
	TAP_OK(v.unsigned_refused == LVDCTL_NO && has(json, "\"lockdown\": \"none\""),
	       "Secure Boot with lockdown none (no lockdown LSM): unsigned modules load");
	f = intel(&haswell);
	f.sig_enforce = LVDCTL_YES;
	evaluate(&f, "sig_enforce");
	TAP_OK(v.unsigned_refused == LVDCTL_YES && advice_has("module.sig_enforce is on"),
	       "module.sig_enforce=Y: unsigned modules refused");
	f = intel(&haswell);
	f.lockdown = LVDCTL_LOCKDOWN_INTEGRITY;
	evaluate(&f, "lockdown integrity");
	TAP_OK(v.unsigned_refused == LVDCTL_YES && advice_has("kernel lockdown is on") &&
	       has(json, "\"lockdown\": \"integrity\""), "lockdown integrity: unsigned modules refused");
	f = intel(&haswell);
	f.efi = false;
	f.secure_boot = LVDCTL_UNKNOWN;
	evaluate(&f, "BIOS boot");
	TAP_OK(has(text, "\nn/a  Secure Boot  (not booted through UEFI)\n") &&
	       has(json, "\"secure_boot\": null"), "not UEFI: Secure Boot n/a, null");
	f = intel(&haswell);
	f.modules_disabled = LVDCTL_YES;
	evaluate(&f, "modules disabled");
	TAP_OK(v.status == LVDCTL_EXIT_NO && has(v.reasons[0], "kernel.modules_disabled = 1") &&
	       has(json, "\"modules_disabled\": true"), "kernel.modules_disabled=1: refused");

	/* Kernel headers. */
	f = intel(&haswell);
	f.headers = false;
	evaluate(&f, "no kernel headers");
	TAP_OK(v.can_run && advice_has("apt-get install linux-headers-6.1.0-57-amd64") &&
	       has(text, "\nno   kernel headers  (/lib/modules/6.1.0-57-amd64/build is missing") &&
	       has(json, "\"headers\": {\"present\": false, \"path\": \"/lib/modules/6.1.0-57-amd64/build\", \"package\": \"linux-headers-6.1.0-57-amd64\"}"),
	       "no headers: can run, with the package to install");

	/* MSRs unreadable. */
	f = intel(&haswell);
	f.msrs_read = false;
	strcpy(f.msr_error, "/dev/cpu/0/msr: Permission denied");
	strcpy(f.msr_todo, "run as root (sudo lvdctl check)");
	evaluate(&f, "MSRs unreadable");
	TAP_OK(v.status == LVDCTL_EXIT_UNREADABLE && !v.can_run &&
	       !strcmp(verdict(), "cannot tell whether this machine can run LVD: cannot read the VMX capability MSRs (/dev/cpu/0/msr: Permission denied): run as root (sudo lvdctl check)"),
	       "MSRs unreadable: exit status 3, verdict says which and what to do");
	TAP_OK(has(text, "\nyes  VMX (CPUID.1:ECX.VMX)\n") &&
	       has(text, "\nn/a  the other VT-x features  (cannot read /dev/cpu/0/msr: Permission denied; run as root") &&
	       has(json, "{\"name\": \"EPT\", \"present\": null, \"needed\": true}") &&
	       has(json, "\"error\": \"/dev/cpu/0/msr: Permission denied: run as root (sudo lvdctl check)\"") &&
	       has(json, "\"exit_status\": 3"),
	       "MSRs unreadable: features unknown (null), error in --json");
	f.modules_disabled = LVDCTL_YES;
	evaluate(&f, "MSRs unreadable and modules disabled");
	TAP_EQ(v.status, LVDCTL_EXIT_UNREADABLE, "unreadable MSRs: exit status 3 even with another reason");

	/* Strange bytes stay valid JSON. */
	f = intel(&sandy);
	f.cpu.hypervisor_bit = true;
	memcpy(f.cpu.hv_signature, "\x01\"\\\xff\n\tab}{][", 12);
	strcpy(f.cpu.brand, "Brand \"quoted\" \\ \x7f\xc3");
	evaluate(&f, "control bytes, quotes and bytes past ASCII in the signature and brand");
	TAP_OK(has(json, "\"signature\": \"\\u0001\\\"\\\\\\u00ff\\n\\tab}{][\"") &&
	       has(json, "\"brand\": \"Brand \\\"quoted\\\" \\\\ \\u007f\\u00c3\""),
	       "signature and brand escaped");
	TAP_OK(has(text, "an unknown hypervisor"), "an unknown signature: an unknown hypervisor");

	/* Notes overflow quietly. */
	f = intel(&haswell);
	f.headers = false;
	f.vboxdrv = f.vmmon = f.lvd_loaded = true;
	f.sig_enforce = LVDCTL_YES;
	f.kvm_intel = true;
	f.kvm_intel_users = 0;
	f.cpu.hypervisor_bit = true;
	strcpy(f.cpu.hv_signature, "KVMKVMKVM");
	evaluate(&f, "every piece of advice at once");
	TAP_OK(v.can_run && v.nadvice == 7 && v.nadvice <= LVDCTL_MAX_NOTES, "seven notes at once: %d",
	       v.nadvice);
}

int main(void)
{
	test_cpuid();
	test_msr_reads();
	test_parsers();
	test_verdicts();
	free(text);
	free(json);
	return tap_done();
}
