// SPDX-License-Identifier: GPL-2.0
/*
 * tools/lvdctl/check_eval.c - what "lvdctl check" concludes from what it
 * read: the decoding of CPUID, IA32_FEATURE_CONTROL and the files of /proc
 * and /sys, the verdict, and its text and JSON forms.
 *
 * Pure: no hardware or file access (check.c gathers the facts). Whether the
 * CPU's VT-x is good enough is decided by the hypervisor's own code,
 * hypervisor/vmx_caps.c, never here: lvd_vmx_missing() for the features,
 * lvd_vmx_choose_ctls() for the control values, lvd_vmx_format_missing()
 * and lvd_vmx_feature_name() for their names, so lvdctl and insmod always
 * agree and name features the same way.
 */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include <lvd/compat.h>
#include <lvd/hw/cpu.h>
#include <lvd/hw/msr.h>
#include <lvd/hw/vmx.h>
#include <lvd/hypercall.h>

#include "check.h"
#include "json.h"
#include "lvdctl.h"

/* ---- decoding ---------------------------------------------------------- */

/**
 * lvdctl_cpu_decode() - identification from raw CPUID registers
 * @c: filled in
 * @leaf0: CPUID leaf 0 (EAX, EBX, ECX, EDX)
 * @leaf1: CPUID leaf 1
 * @brand: leaves 80000002H-80000004H, all zero when the CPU lacks them
 *	   (leading and trailing blanks are dropped)
 * @hv: leaf 40000000H, read only when CPUID.1:ECX[31] is set (NULL: not read)
 *
 * Family and model are the display values of SDM Vol. 2A CPUID, Figure 3-6:
 * the extended family is added when the family is 0FH, the extended model
 * prepended when the family is 06H or 0FH.
 */
void lvdctl_cpu_decode(struct lvdctl_cpu *c, const u32 leaf0[4], const u32 leaf1[4],
		       const u32 brand[12], const u32 hv[4])
{
	u32 eax = leaf1[0];
	unsigned int base_family = (eax >> 8) & 0xf;
	char *p;

	memset(c, 0, sizeof(*c));
	memcpy(c->vendor, &leaf0[1], 4);
	memcpy(c->vendor + 4, &leaf0[3], 4);
	memcpy(c->vendor + 8, &leaf0[2], 4);
	c->family = base_family;
	if (base_family == 0xf)
		c->family += (eax >> 20) & 0xff;
	c->model = (eax >> 4) & 0xf;
	if (base_family == 0x6 || base_family == 0xf)
		c->model |= ((eax >> 16) & 0xf) << 4;
	c->stepping = eax & 0xf;
	memcpy(c->brand, brand, 48);
	for (p = c->brand; *p == ' '; p++)
		;
	memmove(c->brand, p, strlen(p) + 1);
	for (p = c->brand + strlen(c->brand); p > c->brand && p[-1] == ' '; p--)
		p[-1] = '\0';
	c->hypervisor_bit = leaf1[2] & LVD_CPUID1_ECX_HYPERVISOR;
	if (c->hypervisor_bit && hv) {
		memcpy(c->hv_signature, &hv[1], 4);
		memcpy(c->hv_signature + 4, &hv[2], 4);
		memcpy(c->hv_signature + 8, &hv[3], 4);
	}
}

/* Is @sig LVD's own CPUID signature (include/lvd/hypercall.h)? */
bool lvdctl_is_lvd_signature(const char *sig)
{
	return !strcmp(sig, LVD_CPUID_SIGNATURE);
}

/**
 * lvdctl_hv_name() - the hypervisor a CPUID 40000000H signature names
 * @sig: the signature (EBX:ECX:EDX), "" when there is none
 *
 * Return: a product name for the known signatures, "an unknown hypervisor"
 * for the others.
 */
const char *lvdctl_hv_name(const char *sig)
{
	static const struct {
		const char *sig;
		const char *name;
	} known[] = {
		{ LVD_CPUID_SIGNATURE, "LVD" },
		{ "KVMKVMKVM", "KVM" },
		{ "Microsoft Hv", "Hyper-V" },
		{ "VMwareVMware", "VMware" },
		{ "XenVMMXenVMM", "Xen" },
		{ "VBoxVBoxVBox", "VirtualBox" },
		{ "TCGTCGTCGTCG", "QEMU (TCG)" },
		{ "ACRNACRNACRN", "ACRN" },
		{ "bhyve bhyve ", "bhyve" },
		{ " lrpepyh  vr", "Parallels" },
		{ " prl hyperv ", "Parallels" },
		{ "QNXQVMBSQG", "QNX" },
		{ "Jailhouse", "Jailhouse" },
	};
	size_t i;

	for (i = 0; i < ARRAY_SIZE(known); i++)
		if (!strcmp(sig, known[i].sig))
			return known[i].name;
	return "an unknown hypervisor";
}

/* One capability MSR; one the CPU does not have reads as 0, as in the module. */
static int read_cap(lvdctl_rdmsr_fn rd, void *ctx, u32 msr, u64 *val)
{
	int ret = rd(ctx, msr, val);

	if (ret == -EIO) {
		*val = 0;
		return 0;
	}
	return ret;
}

/**
 * lvdctl_read_msrs() - fill the capability MSRs as the module does
 * @m: its cpuid_* members already set from CPUID; the MSRs are filled
 * @rd: reads one MSR
 * @ctx: for @rd
 *
 * The same MSRs in the same order as vmx_caps_read() in hypervisor/main.c:
 * none without VMX, the TRUE controls only when IA32_VMX_BASIC[55] says
 * they exist, the secondary controls only when they can be activated, and
 * IA32_VMX_EPT_VPID_CAP and IA32_VMX_VMFUNC only when the controls that
 * use them can be set.
 *
 * Return: 0, or the first error of @rd other than -EIO (no such MSR).
 */
int lvdctl_read_msrs(struct lvd_vmx_msrs *m, lvdctl_rdmsr_fn rd, void *ctx)
{
	static const struct {
		size_t off;
		u32 msr;
	} base[] = {
		{ offsetof(struct lvd_vmx_msrs, feature_control), LVD_MSR_IA32_FEATURE_CONTROL },
		{ offsetof(struct lvd_vmx_msrs, basic), LVD_MSR_IA32_VMX_BASIC },
		{ offsetof(struct lvd_vmx_msrs, pinbased), LVD_MSR_IA32_VMX_PINBASED_CTLS },
		{ offsetof(struct lvd_vmx_msrs, procbased), LVD_MSR_IA32_VMX_PROCBASED_CTLS },
		{ offsetof(struct lvd_vmx_msrs, misc), LVD_MSR_IA32_VMX_MISC },
		{ offsetof(struct lvd_vmx_msrs, exit), LVD_MSR_IA32_VMX_EXIT_CTLS },
		{ offsetof(struct lvd_vmx_msrs, entry), LVD_MSR_IA32_VMX_ENTRY_CTLS },
		{ offsetof(struct lvd_vmx_msrs, cr0_fixed0), LVD_MSR_IA32_VMX_CR0_FIXED0 },
		{ offsetof(struct lvd_vmx_msrs, cr0_fixed1), LVD_MSR_IA32_VMX_CR0_FIXED1 },
		{ offsetof(struct lvd_vmx_msrs, cr4_fixed0), LVD_MSR_IA32_VMX_CR4_FIXED0 },
		{ offsetof(struct lvd_vmx_msrs, cr4_fixed1), LVD_MSR_IA32_VMX_CR4_FIXED1 },
	}, tru[] = {
		{ offsetof(struct lvd_vmx_msrs, true_pinbased), LVD_MSR_IA32_VMX_TRUE_PINBASED_CTLS },
		{ offsetof(struct lvd_vmx_msrs, true_procbased), LVD_MSR_IA32_VMX_TRUE_PROCBASED_CTLS },
		{ offsetof(struct lvd_vmx_msrs, true_exit), LVD_MSR_IA32_VMX_TRUE_EXIT_CTLS },
		{ offsetof(struct lvd_vmx_msrs, true_entry), LVD_MSR_IA32_VMX_TRUE_ENTRY_CTLS },
	};
	size_t i;
	u32 may1;
	int ret;

	if (!m->cpuid_vmx)
		return 0;
	for (i = 0; i < ARRAY_SIZE(base); i++) {
		ret = read_cap(rd, ctx, base[i].msr, (u64 *)((char *)m + base[i].off));
		if (ret)
			return ret;
	}
	if (m->basic & LVD_VMX_BASIC_TRUE_CTLS) {
		for (i = 0; i < ARRAY_SIZE(tru); i++) {
			ret = read_cap(rd, ctx, tru[i].msr, (u64 *)((char *)m + tru[i].off));
			if (ret)
				return ret;
		}
	}
	if (!((m->procbased >> LVD_VMX_CTLS_ALLOWED1_SHIFT) & LVD_PROC_ACTIVATE_SECONDARY))
		return 0;
	ret = read_cap(rd, ctx, LVD_MSR_IA32_VMX_PROCBASED_CTLS2, &m->procbased2);
	if (ret)
		return ret;
	may1 = m->procbased2 >> LVD_VMX_CTLS_ALLOWED1_SHIFT;
	if (may1 & (LVD_PROC2_ENABLE_EPT | LVD_PROC2_ENABLE_VPID)) {
		ret = read_cap(rd, ctx, LVD_MSR_IA32_VMX_EPT_VPID_CAP, &m->ept_vpid_cap);
		if (ret)
			return ret;
	}
	if (may1 & LVD_PROC2_ENABLE_VMFUNC)
		return read_cap(rd, ctx, LVD_MSR_IA32_VMX_VMFUNC, &m->vmfunc);
	return 0;
}

/* IA32_FEATURE_CONTROL (SDM Vol. 3C 23.7 "Enabling and Entering VMX Operation"). */
enum lvdctl_fc_state lvdctl_feature_control(u64 fc)
{
	if (!(fc & LVD_FEATURE_CONTROL_LOCKED))
		return LVDCTL_FC_UNLOCKED;
	if (!(fc & LVD_FEATURE_CONTROL_VMX_OUTSIDE_SMX))
		return LVDCTL_FC_LOCKED_OFF;
	return LVDCTL_FC_ENABLED;
}

/**
 * lvdctl_parse_secure_boot() - the SecureBoot EFI variable
 * @buf: the contents of /sys/firmware/efi/efivars/SecureBoot-8be4df61-...:
 *	 4 bytes of attributes, then the one-byte value
 * @len: their length
 *
 * Return: LVDCTL_YES when the value is 1, LVDCTL_NO for another value,
 * LVDCTL_UNKNOWN when @buf is too short to hold it.
 */
int lvdctl_parse_secure_boot(const unsigned char *buf, size_t len)
{
	if (len < 5)
		return LVDCTL_UNKNOWN;
	return buf[len - 1] == 1 ? LVDCTL_YES : LVDCTL_NO;
}

/* A boolean module parameter or sysctl: "Y"/"1" or "N"/"0". */
int lvdctl_parse_yn(const char *s)
{
	if (!s)
		return LVDCTL_UNKNOWN;
	while (*s == ' ' || *s == '\t')
		s++;
	if ((*s == 'Y' || *s == 'y' || *s == '1') && (!s[1] || s[1] == '\n'))
		return LVDCTL_YES;
	if ((*s == 'N' || *s == 'n' || *s == '0') && (!s[1] || s[1] == '\n'))
		return LVDCTL_NO;
	return LVDCTL_UNKNOWN;
}

/* /sys/kernel/security/lockdown: "[none] integrity confidentiality". */
enum lvdctl_lockdown lvdctl_parse_lockdown(const char *s)
{
	static const char *const modes[] = { "none", "integrity", "confidentiality" };
	const char *open = s ? strchr(s, '[') : NULL;
	const char *close = open ? strchr(open, ']') : NULL;
	size_t i;

	if (!close)
		return LVDCTL_LOCKDOWN_UNKNOWN;
	for (i = 0; i < ARRAY_SIZE(modes); i++)
		if (strlen(modes[i]) == (size_t)(close - open - 1) &&
		    !strncmp(open + 1, modes[i], close - open - 1))
			return (enum lvdctl_lockdown)i;
	return LVDCTL_LOCKDOWN_UNKNOWN;
}

/**
 * lvdctl_parse_modules() - the hypervisors among the loaded modules
 * @f: kvm_intel, kvm_intel_users, vboxdrv, vmmon and lvd_loaded set from @text
 * @text: /proc/modules ("NAME SIZE USERS DEPS STATE ADDRESS" a line)
 */
void lvdctl_parse_modules(struct lvdctl_facts *f, const char *text)
{
	const char *line = text;

	while (line && *line) {
		const char *nl = strchr(line, '\n');
		size_t len = nl ? (size_t)(nl - line) : strlen(line);
		char name[64];
		unsigned long size;
		int users;
		char buf[256];

		if (len < sizeof(buf)) {
			memcpy(buf, line, len);
			buf[len] = '\0';
			if (sscanf(buf, "%63s %lu %d", name, &size, &users) == 3) {
				if (!strcmp(name, "kvm_intel")) {
					f->kvm_intel = true;
					f->kvm_intel_users = users;
				} else if (!strcmp(name, "vboxdrv")) {
					f->vboxdrv = true;
				} else if (!strcmp(name, "vmmon")) {
					f->vmmon = true;
				} else if (!strcmp(name, "lvd_hv")) {
					f->lvd_loaded = true;
				}
			}
		}
		line = nl ? nl + 1 : NULL;
	}
}

/* ---- the verdict ------------------------------------------------------- */

static __printf(3, 4) void add_note(char notes[][LVDCTL_NOTE_LEN], int *n, const char *fmt, ...)
{
	va_list ap;

	if (*n >= LVDCTL_MAX_NOTES)
		return;
	va_start(ap, fmt);
	vsnprintf(notes[*n], LVDCTL_NOTE_LEN, fmt, ap);
	va_end(ap);
	(*n)++;
}

static bool is_amd(const struct lvdctl_cpu *c)
{
	return !strcmp(c->vendor, "AuthenticAMD") || !strcmp(c->vendor, "HygonGenuine");
}

/* Will the kernel refuse an unsigned module, and why (for the notes)? */
static int unsigned_refused(const struct lvdctl_facts *f, const char **why)
{
	*why = NULL;
	if (f->sig_enforce == LVDCTL_YES)
		*why = "module.sig_enforce is on";
	else if (f->lockdown > LVDCTL_LOCKDOWN_NONE)
		*why = "kernel lockdown is on";
	else if (f->lockdown == LVDCTL_LOCKDOWN_UNKNOWN && f->secure_boot == LVDCTL_YES)
		*why = "Secure Boot is on, which turns on kernel lockdown in distribution kernels";
	if (*why)
		return LVDCTL_YES;
	if (f->sig_enforce == LVDCTL_UNKNOWN)
		return LVDCTL_UNKNOWN;
	return LVDCTL_NO;
}

/* @m as if CPUID offered every instruction that needs a secondary control. */
static struct lvd_vmx_msrs ask_all(const struct lvd_vmx_msrs *m)
{
	struct lvd_vmx_msrs all = *m;

	all.cpuid_rdtscp = all.cpuid_invpcid = all.cpuid_rdpid = true;
	all.cpuid_xsaves = all.cpuid_waitpkg = all.cpuid_pconfig = true;
	return all;
}

/* The features of the CPUID-dependent controls (lvd_vmx_cpuid_ctls()). */
static u64 cpuid_dependent(const struct lvd_vmx_msrs *m)
{
	struct lvd_vmx_msrs all = ask_all(m);
	u64 feats;

	lvd_vmx_cpuid_ctls(&all, &feats);
	return feats;
}

static void vmx_missing_reason(const struct lvdctl_facts *f, struct lvdctl_verdict *v)
{
	const char *name = lvd_vmx_feature_name(LVD_FEAT_VMX);

	if (is_amd(&f->cpu))
		add_note(v->reasons, &v->nreasons,
			 "missing %s: this is an AMD CPU (%s), and LVD needs Intel VT-x; run it on an Intel CPU (Haswell or newer)",
			 name, f->cpu.vendor);
	else if (v->nested)
		add_note(v->reasons, &v->nreasons,
			 "missing %s: this kernel runs under %s, which does not offer VMX to it; turn on nested virtualization there (KVM: kvm_intel nested=1 and a guest CPU model with vmx) or run on bare metal",
			 name, lvdctl_hv_name(f->cpu.hv_signature));
	else
		add_note(v->reasons, &v->nreasons,
			 "missing %s: this CPU has no VT-x; LVD needs an Intel CPU with VT-x, EPT, VPID and VM functions (Haswell or newer)",
			 name);
}

static void kvm_notes(const struct lvdctl_facts *f, struct lvdctl_verdict *v)
{
	if (!f->kvm_intel || f->lvd_running)
		return;
	if (f->kvm_virt_at_load == LVDCTL_YES) {
		v->vtx_held = true;
		add_note(v->reasons, &v->nreasons,
			 "kvm_intel holds VT-x (this kernel's KVM turns VT-x on when it loads): rmmod kvm_intel, or boot with kvm.enable_virt_at_load=0 and run no VM while LVD runs");
	} else if (f->kvm_intel_users > 0) {
		v->vtx_held = true;
		add_note(v->reasons, &v->nreasons,
			 "kvm_intel holds VT-x while its VMs run (use count %d): stop them, then rmmod kvm_intel",
			 f->kvm_intel_users);
	} else {
		add_note(v->advice, &v->nadvice,
			 "kvm_intel is loaded: it takes VT-x when a VM starts, and then KVM or LVD fails; rmmod kvm_intel first");
	}
}

/**
 * lvdctl_evaluate() - can LVD run here, and if not, why
 * @f: the facts
 * @v: the verdict
 *
 * LVD can run when the CPU has VMX, lvd_vmx_missing() finds nothing
 * missing, lvd_vmx_choose_ctls() finds control values, no other hypervisor
 * holds VT-x and the kernel still loads modules. Secure Boot, module
 * signing and missing kernel headers do not stop LVD but need doing first:
 * they become advice. When the CPU has VMX but its capability MSRs could
 * not be read, the answer is unknown (LVDCTL_EXIT_UNREADABLE).
 */
void lvdctl_evaluate(const struct lvdctl_facts *f, struct lvdctl_verdict *v)
{
	const struct lvd_vmx_msrs *m = &f->msrs;
	bool known = !m->cpuid_vmx || f->msrs_read;
	struct lvd_vmx_msrs all;
	const char *why;
	char list[1024];
	u64 cpu_missing;

	memset(v, 0, sizeof(*v));
	v->nested = f->cpu.hypervisor_bit && !f->lvd_running;
	v->unsigned_refused = unsigned_refused(f, &why);
	v->missing = lvd_vmx_missing(m);
	lvd_vmx_cpuid_ctls(m, &v->needed);
	all = ask_all(m);
	v->lacking = lvd_vmx_missing(&all);
	if (m->cpuid_vmx && f->msrs_read) {
		v->fc = lvdctl_feature_control(m->feature_control);
		v->ctls_valid = true;
		v->ctls_ret = lvd_vmx_choose_ctls(m, &v->ctls, &v->ctls_failed);
	}

	if (!known)
		add_note(v->reasons, &v->nreasons, "cannot read the VMX capability MSRs (%s): %s",
			 f->msr_error, f->msr_todo);
	if (!m->cpuid_vmx)
		vmx_missing_reason(f, v);
	if (m->cpuid_vmx && known && (v->missing & BIT_ULL(LVD_FEAT_VMX_ENABLED)))
		add_note(v->reasons, &v->nreasons,
			 v->fc == LVDCTL_FC_LOCKED_OFF ?
			 "VT-x is locked off in the firmware (IA32_FEATURE_CONTROL = %#llx): enable VT-x (Intel Virtualization Technology) in the firmware setup" :
			 "IA32_FEATURE_CONTROL is not locked (%#llx), so VMXON would fault: enable VT-x (Intel Virtualization Technology) in the firmware setup, or update the firmware",
			 (unsigned long long)m->feature_control);
	cpu_missing = v->missing & ~(BIT_ULL(LVD_FEAT_VMX) | BIT_ULL(LVD_FEAT_VMX_ENABLED));
	if (m->cpuid_vmx && known && cpu_missing) {
		lvd_vmx_format_missing(cpu_missing, list, sizeof(list));
		if (v->nested)
			add_note(v->reasons, &v->nreasons,
				 "missing %s: this kernel runs under %s, whose nested VT-x lacks them (it often lacks VM functions); run LVD on bare metal",
				 list, lvdctl_hv_name(f->cpu.hv_signature));
		else
			add_note(v->reasons, &v->nreasons,
				 "missing %s: use an Intel CPU with these VT-x features (Haswell or newer)",
				 list);
	}
	if (v->ctls_valid && !v->missing && v->ctls_ret)
		add_note(v->reasons, &v->nreasons, "the CPU cannot set the %s that LVD needs",
			 v->ctls_failed);
	kvm_notes(f, v);
	if (f->modules_disabled == LVDCTL_YES)
		add_note(v->reasons, &v->nreasons,
			 "the kernel loads no more modules (kernel.modules_disabled = 1): reboot");

	if (f->vboxdrv)
		add_note(v->advice, &v->nadvice,
			 "VirtualBox's vboxdrv is loaded: it takes VT-x while its VMs run; stop them before loading LVD");
	if (f->vmmon)
		add_note(v->advice, &v->nadvice,
			 "VMware's vmmon is loaded: it takes VT-x while its VMs run; stop them before loading LVD");
	if (f->lvd_loaded && !f->lvd_running)
		add_note(v->advice, &v->nadvice,
			 "lvd_hv is loaded but not running (launch=0): rmmod lvd_hv before loading it again");
	if (v->unsigned_refused == LVDCTL_YES)
		add_note(v->advice, &v->nadvice,
			 "unsigned modules will not load (%s): sign lvd_hv.ko with your MOK, see lvdctl(8), SECURE BOOT",
			 why);
	if (!f->headers)
		add_note(v->advice, &v->nadvice,
			 "to build lvd_hv.ko for this kernel, install its headers: apt-get install linux-headers-%s",
			 f->release);
	if (v->nested && m->cpuid_vmx && !v->nreasons)
		add_note(v->advice, &v->nadvice,
			 "this kernel runs under %s (nested): every VM exit, and VMFUNC if %s emulates it, costs far more than on bare metal",
			 lvdctl_hv_name(f->cpu.hv_signature), lvdctl_hv_name(f->cpu.hv_signature));

	if (!known)
		v->status = LVDCTL_EXIT_UNREADABLE;
	else
		v->status = v->nreasons ? LVDCTL_EXIT_NO : LVDCTL_EXIT_OK;
	v->can_run = v->status == LVDCTL_EXIT_OK;
}

/* ---- text -------------------------------------------------------------- */

/* The instructions CPUID offers for one CPUID-dependent control, for the detail. */
static void offered(const struct lvd_vmx_msrs *m, enum lvd_vmx_feature feat, char *buf, size_t len)
{
	static const struct {
		enum lvd_vmx_feature feat;
		const char *insn;
		size_t off;
	} insns[] = {
		{ LVD_FEAT_RDTSCP, "RDTSCP", offsetof(struct lvd_vmx_msrs, cpuid_rdtscp) },
		{ LVD_FEAT_RDTSCP, "RDPID", offsetof(struct lvd_vmx_msrs, cpuid_rdpid) },
		{ LVD_FEAT_INVPCID, "INVPCID", offsetof(struct lvd_vmx_msrs, cpuid_invpcid) },
		{ LVD_FEAT_XSAVES, "XSAVES", offsetof(struct lvd_vmx_msrs, cpuid_xsaves) },
		{ LVD_FEAT_WAITPKG, "WAITPKG", offsetof(struct lvd_vmx_msrs, cpuid_waitpkg) },
		{ LVD_FEAT_PCONFIG, "PCONFIG", offsetof(struct lvd_vmx_msrs, cpuid_pconfig) },
	};
	size_t i, pos = 0;
	int n = 0;

	/* "RDTSCP, RDPID" when CPUID offers them, else "no RDTSCP or RDPID". */
	buf[0] = '\0';
	for (i = 0; i < ARRAY_SIZE(insns); i++) {
		if (insns[i].feat != feat || !*(const bool *)((const char *)m + insns[i].off))
			continue;
		if (pos < len)
			pos += snprintf(buf + pos, len - pos, "%s%s", n++ ? ", " : "", insns[i].insn);
	}
	if (n)
		return;
	for (i = 0; i < ARRAY_SIZE(insns); i++) {
		if (insns[i].feat != feat || pos >= len)
			continue;
		pos += snprintf(buf + pos, len - pos, "%s%s", n++ ? " or " : "no ", insns[i].insn);
	}
}

static void line(FILE *out, const char *status, const char *name)
{
	fprintf(out, "%-4s %s\n", status, name);
}

static __printf(4, 5) void linef(FILE *out, const char *status, const char *name,
				 const char *fmt, ...)
{
	va_list ap;

	fprintf(out, "%-4s %s  (", status, name);
	va_start(ap, fmt);
	vfprintf(out, fmt, ap);
	va_end(ap);
	fputs(")\n", out);
}

static const char *yes_no(bool b)
{
	return b ? "yes" : "no";
}

static bool ept_present(const struct lvdctl_verdict *v)
{
	return !(v->missing & BIT_ULL(LVD_FEAT_EPT));
}

static void ept_sizes(const struct lvd_vmx_msrs *m, char *buf, size_t len)
{
	snprintf(buf, len, "4 KB%s%s", m->ept_vpid_cap & LVD_EPT_CAP_2MB_PAGE ? ", 2 MB" : "",
		 m->ept_vpid_cap & LVD_EPT_CAP_1GB_PAGE ? ", 1 GB" : "");
}

static void print_fc(FILE *out, const struct lvd_vmx_msrs *m, const struct lvdctl_verdict *v)
{
	const char *name = lvd_vmx_feature_name(LVD_FEAT_VMX_ENABLED);
	unsigned long long fc = m->feature_control;

	switch (v->fc) {
	case LVDCTL_FC_ENABLED:
		linef(out, "yes", name, "IA32_FEATURE_CONTROL = %#llx: locked, VT-x on outside SMX", fc);
		break;
	case LVDCTL_FC_LOCKED_OFF:
		linef(out, "no", name,
		      "IA32_FEATURE_CONTROL = %#llx: locked by the firmware with VT-x off; enable VT-x (Intel Virtualization Technology) in the firmware setup",
		      fc);
		break;
	default:
		linef(out, "no", name,
		      "IA32_FEATURE_CONTROL = %#llx: not locked, so VMXON would fault; enable VT-x in the firmware setup",
		      fc);
	}
}

static void print_feature(FILE *out, const struct lvdctl_facts *f, const struct lvdctl_verdict *v,
			  enum lvd_vmx_feature feat, u64 dependent)
{
	const struct lvd_vmx_msrs *m = &f->msrs;
	const char *name = lvd_vmx_feature_name(feat);
	bool present = !(v->missing & BIT_ULL(feat));
	char buf[128];

	if (dependent & BIT_ULL(feat)) {
		bool can = !(v->lacking & BIT_ULL(feat));

		offered(m, feat, buf, sizeof(buf));
		if (v->needed & BIT_ULL(feat))
			linef(out, yes_no(present), name, "CPUID offers %s", buf);
		else
			linef(out, "n/a", name, "CPUID offers %s; the CPU %s set it", buf,
			      can ? "could" : "could not");
		return;
	}
	switch (feat) {
	case LVD_FEAT_VMX:
		if (f->lvd_running)
			linef(out, "yes", name, "hidden from CPUID by the running LVD, which needs it");
		else
			line(out, "yes", name);
		break;
	case LVD_FEAT_VMX_ENABLED:
		print_fc(out, m, v);
		break;
	case LVD_FEAT_PREEMPTION_TIMER:
		if (present && !(m->misc & LVD_VMX_MISC_PREEMPT_RATE_MASK))
			linef(out, "yes", name, "counts down at the TSC's rate");
		else if (present)
			linef(out, "yes", name, "counts down once every %llu TSC cycles",
			      1ULL << (m->misc & LVD_VMX_MISC_PREEMPT_RATE_MASK));
		else
			line(out, "no", name);
		break;
	case LVD_FEAT_EPT:
		ept_sizes(m, buf, sizeof(buf));
		if (present)
			linef(out, "yes", name, "page sizes %s", buf);
		else
			line(out, "no", name);
		break;
	case LVD_FEAT_VMFUNC:
		if (present)
			linef(out, "yes", name, "IA32_VMX_VMFUNC = %#llx", (unsigned long long)m->vmfunc);
		else
			line(out, "no", name);
		break;
	default:
		line(out, yes_no(present), name);
	}
	if (feat == LVD_FEAT_EPT_2MB)
		linef(out, yes_no(ept_present(v) && (m->ept_vpid_cap & LVD_EPT_CAP_1GB_PAGE)),
		      "EPT 1 GB pages", "optional: LVD maps RAM with them where it can");
}

static void print_vmx(FILE *out, const struct lvdctl_facts *f, const struct lvdctl_verdict *v)
{
	const struct lvd_vmx_msrs *m = &f->msrs;
	u64 dependent = cpuid_dependent(m);
	int feat;

	if (!m->cpuid_vmx) {
		if (is_amd(&f->cpu))
			linef(out, "no", lvd_vmx_feature_name(LVD_FEAT_VMX),
			      "an AMD CPU: its AMD-V (SVM) is not Intel VT-x");
		else if (v->nested)
			linef(out, "no", lvd_vmx_feature_name(LVD_FEAT_VMX),
			      "%s does not offer VMX to this kernel",
			      lvdctl_hv_name(f->cpu.hv_signature));
		else
			line(out, "no", lvd_vmx_feature_name(LVD_FEAT_VMX));
		linef(out, "n/a", "the other VT-x features", "nothing to read without VMX");
		return;
	}
	if (!f->msrs_read) {
		line(out, "yes", lvd_vmx_feature_name(LVD_FEAT_VMX));
		linef(out, "n/a", "the other VT-x features", "cannot read %s; %s",
		      f->msr_error, f->msr_todo);
		return;
	}
	for (feat = 0; feat < LVD_FEAT_COUNT; feat++)
		print_feature(out, f, v, feat, dependent);
	if (!v->ctls_ret)
		linef(out, "yes", "VMX controls LVD runs with",
		      "pin %#x, proc %#x, proc2 %#x, exit %#x, entry %#x", v->ctls.pin,
		      v->ctls.proc, v->ctls.proc2, v->ctls.exit, v->ctls.entry);
	else
		linef(out, "no", "VMX controls LVD runs with", "cannot set the %s",
		      v->ctls_failed);
}

static void print_system(FILE *out, const struct lvdctl_facts *f, const struct lvdctl_verdict *v)
{
	const char *hv = lvdctl_hv_name(f->cpu.hv_signature);
	const char *why;
	char others[128] = "";

	if (f->lvd_running)
		linef(out, "yes", "LVD already running",
		      "CPUID 40000000H says \"%s\": lvd_hv runs this kernel", LVD_CPUID_SIGNATURE);
	else if (f->lvd_loaded)
		linef(out, "no", "LVD already running", "lvd_hv is loaded but not running (launch=0)");
	else
		linef(out, "no", "LVD already running", "lvd_hv is not loaded");

	if (f->vboxdrv || f->vmmon)
		snprintf(others, sizeof(others), "; loaded: %s%s%s", f->vboxdrv ? "vboxdrv" : "",
			 f->vboxdrv && f->vmmon ? ", " : "", f->vmmon ? "vmmon" : "");
	if (!f->kvm_intel)
		linef(out, "no", "another hypervisor holds VT-x",
		      "kvm_intel is not loaded%s; CR4.VMXE, which whoever runs VMX sets, cannot be read from user space",
		      others);
	else if (v->vtx_held && f->kvm_virt_at_load == LVDCTL_YES)
		linef(out, "yes", "another hypervisor holds VT-x",
		      "kvm_intel is loaded, and this kernel's KVM turns VT-x on at load (kvm.enable_virt_at_load)%s",
		      others);
	else if (v->vtx_held)
		linef(out, "yes", "another hypervisor holds VT-x",
		      "kvm_intel runs VMs (use count %d)%s", f->kvm_intel_users, others);
	else
		linef(out, "no", "another hypervisor holds VT-x",
		      "kvm_intel is loaded but no VM runs%s; it takes VT-x when one starts", others);

	if (v->nested)
		linef(out, "yes", "running as a guest (nested)",
		      "under %s: CPUID.1:ECX[31] set, CPUID 40000000H \"%s\"%s", hv,
		      f->cpu.hv_signature, f->msrs.cpuid_vmx ?
		      "; nested VT-x often lacks VM functions, or makes each VMFUNC exit" : "");
	else if (f->lvd_running)
		linef(out, "no", "running as a guest (nested)",
		      "CPUID.1:ECX[31] is set by LVD itself");
	else
		linef(out, "no", "running as a guest (nested)", "CPUID.1:ECX[31] clear: bare metal");

	if (!f->efi)
		linef(out, "n/a", "Secure Boot", "not booted through UEFI");
	else if (f->secure_boot == LVDCTL_UNKNOWN)
		linef(out, "n/a", "Secure Boot", "UEFI, but the SecureBoot variable cannot be read");
	else
		linef(out, yes_no(f->secure_boot == LVDCTL_YES), "Secure Boot", "%s",
		      f->secure_boot == LVDCTL_YES ? "on" : "off in the firmware");

	switch (unsigned_refused(f, &why)) {
	case LVDCTL_YES:
		linef(out, "yes", "module signatures enforced",
		      "%s: unsigned modules will not load; sign lvd_hv.ko with your MOK, see lvdctl(8)",
		      why);
		break;
	case LVDCTL_NO:
		linef(out, "no", "module signatures enforced",
		      "lvd_hv.ko loads unsigned; a kernel that checks signatures then logs it and marks itself tainted");
		break;
	default:
		linef(out, "n/a", "module signatures enforced",
		      "cannot read /sys/module/module/parameters/sig_enforce");
	}
	if (f->modules_disabled == LVDCTL_YES)
		linef(out, "yes", "module loading disabled",
		      "kernel.modules_disabled = 1: no module loads until reboot");

	if (f->headers)
		linef(out, "yes", "kernel headers", "/lib/modules/%s/build, to build lvd_hv.ko",
		      f->release);
	else
		linef(out, "no", "kernel headers",
		      "/lib/modules/%s/build is missing: needed only to build lvd_hv.ko here",
		      f->release);
}

static void join(FILE *out, const char notes[][LVDCTL_NOTE_LEN], int n)
{
	int i;

	for (i = 0; i < n; i++)
		fprintf(out, "%s%s", i ? "; " : "", notes[i]);
}

/**
 * lvdctl_print_text() - the human-readable report
 * @out: the stream
 * @f: the facts
 * @v: their verdict
 *
 * One line for the CPU, then lines "STATUS  FEATURE  (detail)" with STATUS
 * yes, no or n/a (for a control only some CPUs need, "n/a" when this one
 * does not), then "note:" lines with what to do before insmod, and last
 * one verdict line.
 */
void lvdctl_print_text(FILE *out, const struct lvdctl_facts *f, const struct lvdctl_verdict *v)
{
	int i;

	fprintf(out, "cpu  %s family %u model %u stepping %u: %s\n", f->cpu.vendor[0] ?
		f->cpu.vendor : "(no vendor)", f->cpu.family, f->cpu.model, f->cpu.stepping,
		f->cpu.brand[0] ? f->cpu.brand : "(no brand string)");
	print_vmx(out, f, v);
	print_system(out, f, v);
	for (i = 0; i < v->nadvice; i++)
		fprintf(out, "note: %s\n", v->advice[i]);
	if (v->status == LVDCTL_EXIT_UNREADABLE) {
		fputs("cannot tell whether this machine can run LVD: ", out);
		join(out, v->reasons, v->nreasons);
	} else if (v->can_run) {
		fputs("this machine can run LVD", out);
		if (f->lvd_running)
			fputs(" (it runs now)", out);
	} else {
		fputs("this machine cannot run LVD: ", out);
		join(out, v->reasons, v->nreasons);
	}
	fputc('\n', out);
}

/* ---- JSON -------------------------------------------------------------- */

static const char *const json_lockdown[] = { "none", "integrity", "confidentiality" };

static void json_features(struct lvdctl_json *j, const struct lvdctl_facts *f,
			  const struct lvdctl_verdict *v)
{
	const struct lvd_vmx_msrs *m = &f->msrs;
	u64 dependent = cpuid_dependent(m);
	int feat;

	lvdctl_json_begin_array(j, "features", false);
	for (feat = 0; feat < LVD_FEAT_COUNT; feat++) {
		u64 bit = BIT_ULL(feat);
		int present;

		if (!m->cpuid_vmx)
			present = LVDCTL_NO;
		else if (!f->msrs_read)
			present = feat == LVD_FEAT_VMX ? LVDCTL_YES : LVDCTL_UNKNOWN;
		else
			present = !((dependent & bit ? v->lacking : v->missing) & bit);
		lvdctl_json_begin_object(j, NULL, true);
		lvdctl_json_string(j, "name", lvd_vmx_feature_name(feat));
		lvdctl_json_tristate(j, "present", present);
		lvdctl_json_bool(j, "needed", !(dependent & bit) || (v->needed & bit));
		lvdctl_json_end_object(j);
		if (feat == LVD_FEAT_EPT_2MB) {
			lvdctl_json_begin_object(j, NULL, true);
			lvdctl_json_string(j, "name", "EPT 1 GB pages");
			lvdctl_json_tristate(j, "present", present < 0 ? LVDCTL_UNKNOWN :
					     m->cpuid_vmx && ept_present(v) &&
					     (m->ept_vpid_cap & LVD_EPT_CAP_1GB_PAGE));
			lvdctl_json_bool(j, "needed", false);
			lvdctl_json_end_object(j);
		}
	}
	lvdctl_json_end_array(j);
}

static void json_msrs(struct lvdctl_json *j, const struct lvdctl_facts *f)
{
	const struct lvd_vmx_msrs *m = &f->msrs;

	if (!m->cpuid_vmx || !f->msrs_read) {
		lvdctl_json_null(j, "msrs");
		return;
	}
	lvdctl_json_begin_object(j, "msrs", false);
	lvdctl_json_hex(j, "feature_control", m->feature_control);
	lvdctl_json_hex(j, "vmx_basic", m->basic);
	lvdctl_json_hex(j, "pinbased_ctls", m->pinbased);
	lvdctl_json_hex(j, "procbased_ctls", m->procbased);
	lvdctl_json_hex(j, "procbased_ctls2", m->procbased2);
	lvdctl_json_hex(j, "ept_vpid_cap", m->ept_vpid_cap);
	lvdctl_json_hex(j, "vmfunc", m->vmfunc);
	lvdctl_json_hex(j, "vmx_misc", m->misc);
	lvdctl_json_hex(j, "exit_ctls", m->exit);
	lvdctl_json_hex(j, "entry_ctls", m->entry);
	lvdctl_json_hex(j, "true_pinbased_ctls", m->true_pinbased);
	lvdctl_json_hex(j, "true_procbased_ctls", m->true_procbased);
	lvdctl_json_hex(j, "true_exit_ctls", m->true_exit);
	lvdctl_json_hex(j, "true_entry_ctls", m->true_entry);
	lvdctl_json_hex(j, "cr0_fixed0", m->cr0_fixed0);
	lvdctl_json_hex(j, "cr0_fixed1", m->cr0_fixed1);
	lvdctl_json_hex(j, "cr4_fixed0", m->cr4_fixed0);
	lvdctl_json_hex(j, "cr4_fixed1", m->cr4_fixed1);
	lvdctl_json_end_object(j);
}

static void json_notes(struct lvdctl_json *j, const char *key,
		       const char notes[][LVDCTL_NOTE_LEN], int n)
{
	int i;

	lvdctl_json_begin_array(j, key, false);
	for (i = 0; i < n; i++)
		lvdctl_json_string(j, NULL, notes[i]);
	lvdctl_json_end_array(j);
}

/**
 * lvdctl_print_json() - the report as one JSON object
 * @out: the stream
 * @f: the facts
 * @v: their verdict
 *
 * The keys are stable (lvdctl(8), JSON OUTPUT); a fact that could not be
 * read is null. Register values are strings ("0x5"), since JSON numbers
 * cannot hold 64 bits.
 */
void lvdctl_print_json(FILE *out, const struct lvdctl_facts *f, const struct lvdctl_verdict *v)
{
	static const char *const fc_names[] = {
		[LVDCTL_FC_NA] = NULL,
		[LVDCTL_FC_ENABLED] = "enabled",
		[LVDCTL_FC_LOCKED_OFF] = "locked-off",
		[LVDCTL_FC_UNLOCKED] = "unlocked",
	};
	const struct lvd_vmx_msrs *m = &f->msrs;
	struct lvdctl_json j;
	char path[128];

	lvdctl_json_init(&j, out);
	lvdctl_json_begin_object(&j, NULL, false);
	lvdctl_json_string(&j, "lvdctl", LVDCTL_VERSION);
	lvdctl_json_string(&j, "kernel", f->release);

	lvdctl_json_begin_object(&j, "cpu", false);
	lvdctl_json_string(&j, "vendor", f->cpu.vendor);
	lvdctl_json_int(&j, "family", f->cpu.family);
	lvdctl_json_int(&j, "model", f->cpu.model);
	lvdctl_json_int(&j, "stepping", f->cpu.stepping);
	lvdctl_json_string(&j, "brand", f->cpu.brand);
	lvdctl_json_end_object(&j);

	json_features(&j, f, v);
	lvdctl_json_begin_array(&j, "ept_page_sizes", true);
	if (m->cpuid_vmx && f->msrs_read && ept_present(v)) {
		lvdctl_json_string(&j, NULL, "4 KB");
		if (m->ept_vpid_cap & LVD_EPT_CAP_2MB_PAGE)
			lvdctl_json_string(&j, NULL, "2 MB");
		if (m->ept_vpid_cap & LVD_EPT_CAP_1GB_PAGE)
			lvdctl_json_string(&j, NULL, "1 GB");
	}
	lvdctl_json_end_array(&j);
	lvdctl_json_string(&j, "firmware_vmx", fc_names[v->fc]);

	lvdctl_json_begin_object(&j, "other_hypervisor", true);
	lvdctl_json_bool(&j, "holds_vtx", v->vtx_held);
	lvdctl_json_begin_array(&j, "modules", true);
	if (f->kvm_intel)
		lvdctl_json_string(&j, NULL, "kvm_intel");
	if (f->vboxdrv)
		lvdctl_json_string(&j, NULL, "vboxdrv");
	if (f->vmmon)
		lvdctl_json_string(&j, NULL, "vmmon");
	lvdctl_json_end_array(&j);
	if (f->kvm_intel && f->kvm_intel_users >= 0)
		lvdctl_json_int(&j, "kvm_intel_users", f->kvm_intel_users);
	else
		lvdctl_json_null(&j, "kvm_intel_users");
	lvdctl_json_tristate(&j, "kvm_enable_virt_at_load", f->kvm_virt_at_load);
	lvdctl_json_end_object(&j);

	lvdctl_json_begin_object(&j, "lvd", true);
	lvdctl_json_bool(&j, "loaded", f->lvd_loaded || f->lvd_running);
	lvdctl_json_bool(&j, "running", f->lvd_running);
	lvdctl_json_end_object(&j);

	lvdctl_json_begin_object(&j, "nested", true);
	lvdctl_json_bool(&j, "guest", v->nested);
	lvdctl_json_string(&j, "hypervisor", v->nested ? lvdctl_hv_name(f->cpu.hv_signature) : NULL);
	lvdctl_json_string(&j, "signature", f->cpu.hypervisor_bit ? f->cpu.hv_signature : NULL);
	lvdctl_json_end_object(&j);

	lvdctl_json_tristate(&j, "secure_boot", f->efi ? f->secure_boot : LVDCTL_UNKNOWN);
	lvdctl_json_tristate(&j, "sig_enforce", v->unsigned_refused);
	lvdctl_json_string(&j, "lockdown", f->lockdown == LVDCTL_LOCKDOWN_UNKNOWN ? NULL :
			   json_lockdown[f->lockdown]);
	lvdctl_json_tristate(&j, "modules_disabled", f->modules_disabled);

	lvdctl_json_begin_object(&j, "headers", true);
	lvdctl_json_bool(&j, "present", f->headers);
	snprintf(path, sizeof(path), "/lib/modules/%s/build", f->release);
	lvdctl_json_string(&j, "path", path);
	snprintf(path, sizeof(path), "linux-headers-%s", f->release);
	lvdctl_json_string(&j, "package", path);
	lvdctl_json_end_object(&j);

	json_msrs(&j, f);
	if (v->ctls_valid && !v->ctls_ret) {
		lvdctl_json_begin_object(&j, "controls", true);
		lvdctl_json_hex(&j, "pin", v->ctls.pin);
		lvdctl_json_hex(&j, "proc", v->ctls.proc);
		lvdctl_json_hex(&j, "proc2", v->ctls.proc2);
		lvdctl_json_hex(&j, "exit", v->ctls.exit);
		lvdctl_json_hex(&j, "entry", v->ctls.entry);
		lvdctl_json_end_object(&j);
	} else {
		lvdctl_json_null(&j, "controls");
	}

	lvdctl_json_bool(&j, "can_run", v->can_run);
	lvdctl_json_int(&j, "exit_status", v->status);
	json_notes(&j, "reasons", v->reasons, v->nreasons);
	json_notes(&j, "advice", v->advice, v->nadvice);
	if (m->cpuid_vmx && !f->msrs_read) {
		char err[LVDCTL_NOTE_LEN];

		snprintf(err, sizeof(err), "%s: %s", f->msr_error, f->msr_todo);
		lvdctl_json_string(&j, "error", err);
	} else {
		lvdctl_json_null(&j, "error");
	}
	lvdctl_json_end_object(&j);
}
