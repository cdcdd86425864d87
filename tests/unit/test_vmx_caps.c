// SPDX-License-Identifier: GPL-2.0
/*
 * tests/unit/test_vmx_caps.c - the capability check names exactly the
 * features a CPU lacks.
 */
// unit-deps: hypervisor/vmx_caps.c
#include <stdio.h>
#include <string.h>
#include <lvd/compat.h>
#include <lvd/hw/msr.h>
#include <lvd/hw/vmx.h>
#include <lvd/hw/cpu.h>
#include "../../hypervisor/vmx_caps.h"
#include "tap.h"

#include "bochs_haswell.h"

static u32 fake_l1_ecx, fake_l7_ecx;

/* A CPU whose CPUID has only the bits the test sets (and XSAVES in 0DH.1). */
static u32 fake_cpuid(u32 leaf, u32 sub, unsigned int reg)
{
	if (leaf == LVD_CPUID_LEAF_FEATURES && reg == 2)
		return fake_l1_ecx;
	if (leaf == LVD_CPUID_LEAF_EXT_FEATURES && sub == 0 && reg == 2)
		return fake_l7_ecx;
	if (leaf == LVD_CPUID_LEAF_XSTATE && sub == 1 && reg == 0)
		return LVD_CPUIDD_1_EAX_XSAVES;
	return 0;
}

static void expect_missing(const struct lvd_vmx_msrs *m, u64 want, const char *what)
{
	TAP_EQ(lvd_vmx_missing(m), want, "%s", what);
}

int main(void)
{
	struct lvd_vmx_msrs m;
	char buf[512];
	size_t n;
	int f;

	expect_missing(&haswell, 0, "Bochs Haswell meets every requirement");

	m = haswell;
	m.cpuid_vmx = false;
	expect_missing(&m, BIT_ULL(LVD_FEAT_VMX), "no CPUID.VMX: only VMX is reported (nothing else can be read)");

	m = haswell;
	m.feature_control = 0x1;
	expect_missing(&m, BIT_ULL(LVD_FEAT_VMX_ENABLED), "locked with VMX off: not enabled");
	m.feature_control = 0x4;
	expect_missing(&m, BIT_ULL(LVD_FEAT_VMX_ENABLED), "unlocked feature control: not enabled");

	m = haswell;
	m.basic = 0;
	expect_missing(&m, BIT_ULL(LVD_FEAT_VMCS_WB), "VMCS memory type UC is reported");

	m = haswell;
	m.pinbased &= ~((u64)LVD_PIN_PREEMPTION_TIMER << 32);
	expect_missing(&m, BIT_ULL(LVD_FEAT_PREEMPTION_TIMER), "no preemption timer");

	m = haswell;
	m.procbased &= ~((u64)LVD_PROC_ACTIVATE_SECONDARY << 32);
	TAP_OK((lvd_vmx_missing(&m) & (BIT_ULL(LVD_FEAT_SECONDARY_CTLS) |
		BIT_ULL(LVD_FEAT_EPT) | BIT_ULL(LVD_FEAT_VPID) |
		BIT_ULL(LVD_FEAT_VMFUNC))) ==
	       (BIT_ULL(LVD_FEAT_SECONDARY_CTLS) | BIT_ULL(LVD_FEAT_EPT) |
		BIT_ULL(LVD_FEAT_VPID) | BIT_ULL(LVD_FEAT_VMFUNC)),
	       "no secondary controls: EPT, VPID, VM functions all missing");

	m = haswell;
	m.procbased2 &= ~((u64)LVD_PROC2_ENABLE_EPT << 32);
	TAP_OK(lvd_vmx_missing(&m) & BIT_ULL(LVD_FEAT_EPT_2MB),
	       "EPT capability bits ignored when EPT cannot be enabled");

	m = haswell;
	m.ept_vpid_cap &= ~LVD_EPT_CAP_2MB_PAGE;
	expect_missing(&m, BIT_ULL(LVD_FEAT_EPT_2MB), "no 2 MB EPT pages");
	m = haswell;
	m.ept_vpid_cap &= ~LVD_EPT_CAP_PWL4;
	expect_missing(&m, BIT_ULL(LVD_FEAT_EPT_4LEVEL), "no 4-level EPT walk");
	m = haswell;
	m.ept_vpid_cap &= ~LVD_EPT_CAP_MT_WB;
	expect_missing(&m, BIT_ULL(LVD_FEAT_EPT_WB), "no write-back EPT structures");
	m = haswell;
	m.ept_vpid_cap &= ~LVD_EPT_CAP_INVEPT;
	expect_missing(&m, BIT_ULL(LVD_FEAT_INVEPT) | BIT_ULL(LVD_FEAT_INVEPT_SINGLE) |
		       BIT_ULL(LVD_FEAT_INVEPT_ALL), "no INVEPT implies no INVEPT types");
	m = haswell;
	m.ept_vpid_cap &= ~LVD_EPT_CAP_INVEPT_SINGLE;
	expect_missing(&m, BIT_ULL(LVD_FEAT_INVEPT_SINGLE), "no single-context INVEPT");

	m = haswell;
	m.procbased2 &= ~((u64)LVD_PROC2_ENABLE_VPID << 32);
	expect_missing(&m, BIT_ULL(LVD_FEAT_VPID) | BIT_ULL(LVD_FEAT_INVVPID) |
		       BIT_ULL(LVD_FEAT_INVVPID_SINGLE) | BIT_ULL(LVD_FEAT_INVVPID_ALL),
		       "no VPID implies no INVVPID");
	m = haswell;
	m.ept_vpid_cap &= ~LVD_VPID_CAP_INVVPID_ALL;
	expect_missing(&m, BIT_ULL(LVD_FEAT_INVVPID_ALL), "no all-context INVVPID");

	m = haswell;
	m.procbased2 &= ~((u64)LVD_PROC2_ENABLE_VMFUNC << 32);
	expect_missing(&m, BIT_ULL(LVD_FEAT_VMFUNC) | BIT_ULL(LVD_FEAT_EPTP_SWITCHING),
		       "no VM functions implies no EPTP switching");
	m = haswell;
	m.vmfunc = 0;
	expect_missing(&m, BIT_ULL(LVD_FEAT_EPTP_SWITCHING), "VM functions without EPTP switching");

	m = haswell;
	m.procbased2 &= ~((u64)LVD_PROC2_ENABLE_RDTSCP << 32);
	expect_missing(&m, BIT_ULL(LVD_FEAT_RDTSCP), "RDTSCP control needed when the CPU has RDTSCP");
	m.cpuid_rdtscp = false;
	expect_missing(&m, 0, "RDTSCP control not needed when the CPU lacks RDTSCP");

	/* Control adjustment (SDM Vol. 3D A.3). */
	{
		u32 v = 0xdead;

		TAP_OK(lvd_vmx_adjust_ctls(0x0000001600000016ULL, 0, 0, &v) == 0 && v == 0x16,
		       "must-be-1 controls are set even when not asked for");
		TAP_OK(lvd_vmx_adjust_ctls(0x0000007f00000016ULL, 0x40, 0, &v) == 0 && v == 0x56,
		       "required allowed control is set");
		v = 0xdead;
		TAP_OK(lvd_vmx_adjust_ctls(0x0000003f00000016ULL, 0x40, 0, &v) == -EOPNOTSUPP &&
		       v == 0xdead, "required control the CPU forbids: -EOPNOTSUPP, value untouched");
		TAP_OK(lvd_vmx_adjust_ctls(0x0000003f00000016ULL, 0, 0x41, &v) == 0 && v == 0x17,
		       "optional forbidden control is dropped, optional allowed one kept");
	}
	{
		struct lvd_vmx_ctls c;
		const char *failed = "x";

		TAP_OK(lvd_vmx_choose_ctls(&haswell, &c, &failed) == 0 && !failed,
		       "Bochs Haswell controls chosen");
		TAP_OK(!(c.proc & (LVD_PROC_CR3_LOAD_EXITING | LVD_PROC_CR3_STORE_EXITING)),
		       "TRUE controls: CR3 accesses do not exit (proc %#x)", c.proc);
		TAP_OK((c.proc & LVD_PROC_USE_MSR_BITMAPS) && (c.proc & LVD_PROC_ACTIVATE_SECONDARY) &&
		       !(c.proc & LVD_PROC_HLT_EXITING), "MSR bitmaps and secondary controls, no HLT exits");
		TAP_EQ(c.proc2, LVD_PROC2_ENABLE_EPT | LVD_PROC2_ENABLE_VPID |
		       LVD_PROC2_ENABLE_VMFUNC |
		       LVD_PROC2_ENABLE_RDTSCP | LVD_PROC2_ENABLE_INVPCID,
		       "secondary: EPT, VPID, VM functions, RDTSCP, INVPCID (no XSAVES on this CPU)");
		TAP_OK((c.exit & LVD_EXIT_HOST_ADDR_SPACE_SIZE) && (c.exit & LVD_EXIT_LOAD_EFER) &&
		       (c.entry & LVD_ENTRY_IA32E_MODE_GUEST) && (c.entry & LVD_ENTRY_LOAD_PAT),
		       "64-bit host and guest, EFER and PAT switched");
		TAP_EQ(c.pin, 0x16, "pin-based: only the must-be-1 bits");

		m = haswell;
		m.basic &= ~LVD_VMX_BASIC_TRUE_CTLS;
		TAP_OK(lvd_vmx_choose_ctls(&m, &c, &failed) == -EOPNOTSUPP && failed &&
		       strstr(failed, "CR3-load/store exiting"),
		       "without TRUE controls the default-1 CR3 exiting cannot be cleared: refused (%s)",
		       failed ? failed : "(null)");
		m = haswell;
		m.true_exit &= ~((u64)LVD_EXIT_LOAD_EFER << 32);
		TAP_OK(lvd_vmx_choose_ctls(&m, &c, &failed) == -EOPNOTSUPP &&
		       failed && !strcmp(failed, "VM-exit controls"),
		       "missing load-EFER exit control is named: %s", failed ? failed : "(null)");
	}
	{
		/*
		 * Newer CPUs: each instruction CPUID offers needs its secondary
		 * control, or it raises #UD in VMX non-root (SDM Vol. 3C 25.3).
		 */
		static const struct {
			size_t cpuid;
			u32 ctl;
			enum lvd_vmx_feature feat;
			const char *what;
		} cases[] = {
			{ offsetof(struct lvd_vmx_msrs, cpuid_rdpid), LVD_PROC2_ENABLE_RDTSCP,
			  LVD_FEAT_RDTSCP, "RDPID without RDTSCP needs enable-RDTSCP" },
			{ offsetof(struct lvd_vmx_msrs, cpuid_xsaves), LVD_PROC2_ENABLE_XSAVES,
			  LVD_FEAT_XSAVES, "XSAVES needs enable-XSAVES/XRSTORS" },
			{ offsetof(struct lvd_vmx_msrs, cpuid_waitpkg), LVD_PROC2_ENABLE_USER_WAIT_PAUSE,
			  LVD_FEAT_WAITPKG, "WAITPKG (TPAUSE in udelay) needs enable-user-wait-and-pause" },
			{ offsetof(struct lvd_vmx_msrs, cpuid_pconfig), LVD_PROC2_ENABLE_PCONFIG,
			  LVD_FEAT_PCONFIG, "PCONFIG needs enable-PCONFIG" },
		};
		struct lvd_vmx_ctls c;
		const char *failed;
		size_t i;

		for (i = 0; i < ARRAY_SIZE(cases); i++) {
			m = haswell;
			m.cpuid_rdtscp = false;
			*(bool *)((char *)&m + cases[i].cpuid) = true;
			TAP_OK(lvd_vmx_cpuid_ctls(&m, NULL) & cases[i].ctl, "%s: control required",
			       cases[i].what);
			m.procbased2 &= ~((u64)cases[i].ctl << LVD_VMX_CTLS_ALLOWED1_SHIFT);
			expect_missing(&m, BIT_ULL(cases[i].feat), cases[i].what);
			TAP_OK(lvd_vmx_choose_ctls(&m, &c, &failed) == -EOPNOTSUPP,
			       "%s: controls refused when the CPU cannot set it", cases[i].what);
			m.procbased2 |= (u64)cases[i].ctl << LVD_VMX_CTLS_ALLOWED1_SHIFT;
			expect_missing(&m, 0, "the same CPU with the control allowed");
			TAP_OK(lvd_vmx_choose_ctls(&m, &c, &failed) == 0 && (c.proc2 & cases[i].ctl),
			       "%s: control set (proc2 %#x)", cases[i].what, c.proc2);
		}
		m = haswell;
		m.cpuid_rdtscp = false;
		m.cpuid_invpcid = false;
		m.procbased2 = 0;
		TAP_OK(!(lvd_vmx_missing(&m) & (BIT_ULL(LVD_FEAT_RDTSCP) | BIT_ULL(LVD_FEAT_INVPCID) |
						  BIT_ULL(LVD_FEAT_WAITPKG))),
		       "a CPU without those instructions does not need their controls");
		m.cpuid_vmx = false;
		m.cpuid_waitpkg = true;
		expect_missing(&m, BIT_ULL(LVD_FEAT_VMX), "without VMX only VMX is listed");
	}

	{
		/* lvd_vmx_cpuid_fill() through a fake CPUID: WAITPKG, and XSAVES only with XSAVE. */
		m = haswell;
		fake_l1_ecx = LVD_CPUID1_ECX_VMX;
		fake_l7_ecx = LVD_CPUID7_ECX_WAITPKG;
		lvd_vmx_cpuid_fill(&m, fake_cpuid);
		TAP_OK(m.cpuid_vmx && m.cpuid_waitpkg && !m.cpuid_rdpid && !m.cpuid_xsaves,
		       "CPUID fill: VMX and WAITPKG from their leaves; XSAVES not without XSAVE");
		fake_l1_ecx |= LVD_CPUID1_ECX_XSAVE;
		lvd_vmx_cpuid_fill(&m, fake_cpuid);
		TAP_OK(m.cpuid_xsaves, "CPUID fill: XSAVES with XSAVE and leaf 0DH.1:EAX[3]");
	}

	for (f = 0; f < LVD_FEAT_COUNT; f++)
		if (!lvd_vmx_feature_name(f)[0])
			break;
	TAP_OK(f == LVD_FEAT_COUNT, "every feature has a name");
	TAP_OK(!strcmp(lvd_vmx_feature_name(LVD_FEAT_COUNT), "unknown feature"),
	       "out-of-range feature is named 'unknown feature'");

	n = lvd_vmx_format_missing(BIT_ULL(LVD_FEAT_EPT_2MB) | BIT_ULL(LVD_FEAT_VPID),
				   buf, sizeof(buf));
	TAP_OK(!strcmp(buf, "EPT 2 MB pages, VPID") && n == strlen(buf),
	       "two missing features are listed in order: '%s'", buf);
	n = lvd_vmx_format_missing(0, buf, sizeof(buf));
	TAP_OK(n == 0 && buf[0] == '\0', "nothing missing formats as empty");
	n = lvd_vmx_format_missing(~0ULL, buf, 24);
	TAP_OK(n < 24 && strlen(buf) == n && n >= 3 && !strcmp(buf + n - 3, "..."),
	       "long list is truncated with '...': '%s'", buf);
	n = lvd_vmx_format_missing(~0ULL, buf, 2);
	TAP_OK(n < 2 && strlen(buf) == n, "tiny buffer stays terminated");
	return tap_done();
}
