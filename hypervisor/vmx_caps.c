// SPDX-License-Identifier: GPL-2.0
/*
 * hypervisor/vmx_caps.c - decode the VMX capability MSRs (SDM Vol. 3D,
 * Appendix A) into the list of LVD requirements that this CPU lacks.
 *
 * Pure logic, no hardware access: called by the hypervisor module before it
 * touches anything, and by tests/unit/test_vmx_caps.c.
 */
#include <lvd/compat.h>
#include <lvd/hw/msr.h>
#include <lvd/hw/vmx.h>
#include <lvd/hw/cpu.h>
#include "vmx_caps.h"

static const char *const feature_names[LVD_FEAT_COUNT] = {
	[LVD_FEAT_VMX]			= "VMX (CPUID.1:ECX.VMX)",
	[LVD_FEAT_VMX_ENABLED]		= "VMX enabled in IA32_FEATURE_CONTROL (enable VT-x in the firmware setup)",
	[LVD_FEAT_VMCS_WB]		= "write-back VMCS memory type",
	[LVD_FEAT_MSR_BITMAPS]		= "MSR bitmaps",
	[LVD_FEAT_SECONDARY_CTLS]	= "secondary processor-based controls",
	[LVD_FEAT_PREEMPTION_TIMER]	= "VMX-preemption timer",
	[LVD_FEAT_EPT]			= "EPT",
	[LVD_FEAT_EPT_4LEVEL]		= "EPT 4-level page walk",
	[LVD_FEAT_EPT_WB]		= "EPT write-back paging structures",
	[LVD_FEAT_EPT_2MB]		= "EPT 2 MB pages",
	[LVD_FEAT_INVEPT]		= "INVEPT",
	[LVD_FEAT_INVEPT_SINGLE]	= "INVEPT single-context",
	[LVD_FEAT_INVEPT_ALL]		= "INVEPT all-context",
	[LVD_FEAT_VPID]			= "VPID",
	[LVD_FEAT_INVVPID]		= "INVVPID",
	[LVD_FEAT_INVVPID_SINGLE]	= "INVVPID single-context",
	[LVD_FEAT_INVVPID_ALL]		= "INVVPID all-context",
	[LVD_FEAT_VMFUNC]		= "VM functions",
	[LVD_FEAT_EPTP_SWITCHING]	= "VMFUNC EPTP switching",
	[LVD_FEAT_RDTSCP]		= "enable-RDTSCP control (the kernel uses RDTSCP or RDPID)",
	[LVD_FEAT_INVPCID]		= "enable-INVPCID control (the kernel uses INVPCID)",
	[LVD_FEAT_XSAVES]		= "enable-XSAVES/XRSTORS control (the kernel uses XSAVES)",
	[LVD_FEAT_WAITPKG]		= "enable-user-wait-and-pause control (the kernel uses TPAUSE/UMWAIT)",
	[LVD_FEAT_PCONFIG]		= "enable-PCONFIG control (the CPU offers PCONFIG)",
};

/*
 * Instructions CPUID offers the kernel and the secondary control without
 * which each raises #UD in VMX non-root (SDM Vol. 3C 25.3 "Changes to
 * Instruction Behavior in VMX Non-Root Operation", 24.6.2).
 */
static const struct {
	size_t cpuid;			/* offset of the bool in struct lvd_vmx_msrs */
	enum lvd_vmx_feature feat;
	u32 ctl;
} cpuid_ctls[] = {
	{ offsetof(struct lvd_vmx_msrs, cpuid_rdtscp), LVD_FEAT_RDTSCP, LVD_PROC2_ENABLE_RDTSCP },
	{ offsetof(struct lvd_vmx_msrs, cpuid_rdpid), LVD_FEAT_RDTSCP, LVD_PROC2_ENABLE_RDTSCP },
	{ offsetof(struct lvd_vmx_msrs, cpuid_invpcid), LVD_FEAT_INVPCID, LVD_PROC2_ENABLE_INVPCID },
	{ offsetof(struct lvd_vmx_msrs, cpuid_xsaves), LVD_FEAT_XSAVES, LVD_PROC2_ENABLE_XSAVES },
	{ offsetof(struct lvd_vmx_msrs, cpuid_waitpkg), LVD_FEAT_WAITPKG,
	  LVD_PROC2_ENABLE_USER_WAIT_PAUSE },
	{ offsetof(struct lvd_vmx_msrs, cpuid_pconfig), LVD_FEAT_PCONFIG, LVD_PROC2_ENABLE_PCONFIG },
};

/**
 * lvd_vmx_cpuid_fill() - the CPUID bits of @m, from raw CPUID as the kernel
 * and user programs see it (LVD passes CPUID through)
 * @m: filled: cpuid_vmx and the bits of the instructions that need a
 *     secondary control (the rest of @m is left alone)
 * @cpuid_reg: reads one CPUID register
 */
void lvd_vmx_cpuid_fill(struct lvd_vmx_msrs *m, lvd_cpuid_reg_t cpuid_reg)
{
	m->cpuid_vmx = cpuid_reg(LVD_CPUID_LEAF_FEATURES, 0, 2) & LVD_CPUID1_ECX_VMX;
	m->cpuid_rdtscp = cpuid_reg(LVD_CPUID_LEAF_EXT_SIG, 0, 3) & LVD_CPUID_EXT1_EDX_RDTSCP;
	m->cpuid_invpcid = cpuid_reg(LVD_CPUID_LEAF_EXT_FEATURES, 0, 1) & LVD_CPUID7_EBX_INVPCID;
	m->cpuid_rdpid = cpuid_reg(LVD_CPUID_LEAF_EXT_FEATURES, 0, 2) & LVD_CPUID7_ECX_RDPID;
	m->cpuid_waitpkg = cpuid_reg(LVD_CPUID_LEAF_EXT_FEATURES, 0, 2) & LVD_CPUID7_ECX_WAITPKG;
	m->cpuid_pconfig = cpuid_reg(LVD_CPUID_LEAF_EXT_FEATURES, 0, 3) & LVD_CPUID7_EDX_PCONFIG;
	m->cpuid_xsaves = (cpuid_reg(LVD_CPUID_LEAF_FEATURES, 0, 2) & LVD_CPUID1_ECX_XSAVE) &&
			  (cpuid_reg(LVD_CPUID_LEAF_XSTATE, 1, 0) & LVD_CPUIDD_1_EAX_XSAVES);
}

/**
 * lvd_vmx_cpuid_ctls() - the secondary controls this CPU's CPUID makes
 * necessary
 * @m: the CPU's capability MSRs and CPUID bits
 * @features: if not NULL, set to the mask of &enum lvd_vmx_feature bits
 *	      those controls stand for
 *
 * Return: the secondary processor-based controls that must be 1 so that
 * every instruction CPUID offers the kernel works in VMX non-root.
 */
u32 lvd_vmx_cpuid_ctls(const struct lvd_vmx_msrs *m, u64 *features)
{
	u64 feats = 0;
	u32 ctls = 0;
	size_t i;

	for (i = 0; i < ARRAY_SIZE(cpuid_ctls); i++) {
		if (!*(const bool *)((const char *)m + cpuid_ctls[i].cpuid))
			continue;
		ctls |= cpuid_ctls[i].ctl;
		feats |= BIT_ULL(cpuid_ctls[i].feat);
	}
	if (features)
		*features = feats;
	return ctls;
}

/* A control may be set to 1 when its bit is set in the allowed-1 half. */
static bool ctl_allowed1(u64 cap_msr, u32 ctl)
{
	return ((cap_msr >> LVD_VMX_CTLS_ALLOWED1_SHIFT) & ctl) == ctl;
}

/**
 * lvd_vmx_missing() - find the LVD requirements a CPU does not meet
 * @m: the CPU's capability MSRs and CPUID bits
 *
 * Return: a mask with bit BIT_ULL(f) set for every missing
 * &enum lvd_vmx_feature f; 0 when the CPU can run LVD. A feature that
 * depends on a missing one (INVEPT types without EPT, say) is reported as
 * missing as well, so the report names everything a user would need.
 */
u64 lvd_vmx_missing(const struct lvd_vmx_msrs *m)
{
	u64 miss = 0;
	u64 ept = m->ept_vpid_cap;
	bool sec = ctl_allowed1(m->procbased, LVD_PROC_ACTIVATE_SECONDARY);
	u64 sec_caps = sec ? m->procbased2 : 0;
	bool fc_ok = (m->feature_control & LVD_FEATURE_CONTROL_LOCKED) &&
		     (m->feature_control & LVD_FEATURE_CONTROL_VMX_OUTSIDE_SMX);

	u32 needed = lvd_vmx_cpuid_ctls(m, NULL);
	size_t i;

	/* Without VMX nothing else can be read: say only that (an AMD CPU, say). */
	if (!m->cpuid_vmx)
		return BIT_ULL(LVD_FEAT_VMX);
	if (!fc_ok)
		miss |= BIT_ULL(LVD_FEAT_VMX_ENABLED);
	if (((m->basic & LVD_VMX_BASIC_MEMTYPE_MASK) >> LVD_VMX_BASIC_MEMTYPE_SHIFT) !=
	    LVD_MEMTYPE_WB)
		miss |= BIT_ULL(LVD_FEAT_VMCS_WB);
	if (!ctl_allowed1(m->procbased, LVD_PROC_USE_MSR_BITMAPS))
		miss |= BIT_ULL(LVD_FEAT_MSR_BITMAPS);
	if (!sec)
		miss |= BIT_ULL(LVD_FEAT_SECONDARY_CTLS);
	if (!ctl_allowed1(m->pinbased, LVD_PIN_PREEMPTION_TIMER))
		miss |= BIT_ULL(LVD_FEAT_PREEMPTION_TIMER);

	if (!ctl_allowed1(sec_caps, LVD_PROC2_ENABLE_EPT)) {
		miss |= BIT_ULL(LVD_FEAT_EPT);
		ept &= ~GENMASK_ULL(31, 0);	/* EPT bits mean nothing without EPT */
	}
	if (!(ept & LVD_EPT_CAP_PWL4))
		miss |= BIT_ULL(LVD_FEAT_EPT_4LEVEL);
	if (!(ept & LVD_EPT_CAP_MT_WB))
		miss |= BIT_ULL(LVD_FEAT_EPT_WB);
	if (!(ept & LVD_EPT_CAP_2MB_PAGE))
		miss |= BIT_ULL(LVD_FEAT_EPT_2MB);
	if (!(ept & LVD_EPT_CAP_INVEPT)) {
		ept &= ~(LVD_EPT_CAP_INVEPT_SINGLE | LVD_EPT_CAP_INVEPT_ALL);
		miss |= BIT_ULL(LVD_FEAT_INVEPT);
	}
	if (!(ept & LVD_EPT_CAP_INVEPT_SINGLE))
		miss |= BIT_ULL(LVD_FEAT_INVEPT_SINGLE);
	if (!(ept & LVD_EPT_CAP_INVEPT_ALL))
		miss |= BIT_ULL(LVD_FEAT_INVEPT_ALL);

	if (!ctl_allowed1(sec_caps, LVD_PROC2_ENABLE_VPID)) {
		miss |= BIT_ULL(LVD_FEAT_VPID);
		ept &= GENMASK_ULL(31, 0);	/* VPID bits mean nothing without VPID */
	}
	if (!(ept & LVD_VPID_CAP_INVVPID)) {
		ept &= ~(LVD_VPID_CAP_INVVPID_SINGLE | LVD_VPID_CAP_INVVPID_ALL);
		miss |= BIT_ULL(LVD_FEAT_INVVPID);
	}
	if (!(ept & LVD_VPID_CAP_INVVPID_SINGLE))
		miss |= BIT_ULL(LVD_FEAT_INVVPID_SINGLE);
	if (!(ept & LVD_VPID_CAP_INVVPID_ALL))
		miss |= BIT_ULL(LVD_FEAT_INVVPID_ALL);

	if (!ctl_allowed1(sec_caps, LVD_PROC2_ENABLE_VMFUNC))
		miss |= BIT_ULL(LVD_FEAT_VMFUNC) | BIT_ULL(LVD_FEAT_EPTP_SWITCHING);
	else if (!(m->vmfunc & LVD_VMFUNC_EPTP_SWITCHING))
		miss |= BIT_ULL(LVD_FEAT_EPTP_SWITCHING);

	for (i = 0; i < ARRAY_SIZE(cpuid_ctls); i++)
		if ((needed & cpuid_ctls[i].ctl) && !ctl_allowed1(sec_caps, cpuid_ctls[i].ctl))
			miss |= BIT_ULL(cpuid_ctls[i].feat);
	return miss;
}

/**
 * lvd_vmx_feature_name() - human-readable name of a requirement
 * @f: the feature
 *
 * Return: a static string; "unknown feature" for an out-of-range @f.
 */
const char *lvd_vmx_feature_name(enum lvd_vmx_feature f)
{
	if ((unsigned int)f >= LVD_FEAT_COUNT)
		return "unknown feature";
	return feature_names[f];
}

/**
 * lvd_vmx_format_missing() - list the missing features in one line
 * @missing: a mask from lvd_vmx_missing()
 * @buf: output buffer, always NUL-terminated when @len > 0
 * @len: size of @buf
 *
 * Names are separated by ", "; a list that does not fit ends in "...".
 *
 * Return: the length of the string written to @buf.
 */
size_t lvd_vmx_format_missing(u64 missing, char *buf, size_t len)
{
	static const char more[] = "...";
	size_t pos = 0;
	int f;

	if (!len)
		return 0;
	buf[0] = '\0';
	for (f = 0; f < LVD_FEAT_COUNT; f++) {
		const char *name = feature_names[f];
		size_t need = strlen(name) + (pos ? 2 : 0);

		if (!(missing & BIT_ULL(f)))
			continue;
		if (pos + need + sizeof(more) > len) {
			if (pos + sizeof(more) <= len) {
				memcpy(buf + pos, more, sizeof(more));
				pos += sizeof(more) - 1;
			}
			break;
		}
		if (pos) {
			memcpy(buf + pos, ", ", 2);
			pos += 2;
		}
		memcpy(buf + pos, name, strlen(name) + 1);
		pos += strlen(name);
	}
	return pos;
}

/**
 * lvd_vmx_adjust_ctls() - settle one VMX control field against its
 * capability MSR (SDM Vol. 3D A.3-A.5; algorithm of 31.5.1 "Algorithms for
 * Determining VMX Capabilities")
 * @cap: the capability MSR for the field: bits 31:0 are the allowed
 *	 0-settings (1 = must be 1), bits 63:32 the allowed 1-settings
 * @required: controls LVD cannot work without
 * @optional: controls LVD sets when the CPU allows them
 * @out: the value to write to the VMCS; every must-be-1 control is set,
 *	 whether asked for or not (the caller handles the exits they force)
 *
 * Return: 0, or -EOPNOTSUPP when a required control cannot be 1 (then
 * *@out is left alone).
 */
int lvd_vmx_adjust_ctls(u64 cap, u32 required, u32 optional, u32 *out)
{
	u32 must1 = (u32)cap;
	u32 may1 = (u32)(cap >> LVD_VMX_CTLS_ALLOWED1_SHIFT);

	if (required & ~may1)
		return -EOPNOTSUPP;
	*out = must1 | ((required | optional) & may1);
	return 0;
}

/**
 * lvd_vmx_choose_ctls() - the control values LVD runs the kernel with
 * @m: the CPU's capability MSRs; the TRUE_* ones are used when
 *     IA32_VMX_BASIC[55] says they exist, so default-1 controls that LVD
 *     does not want (CR3-load/store exiting, say) can be 0
 * @c: filled with the adjusted values
 * @failed: on error, names the control field that could not be satisfied
 *
 * The policy: no exits on the kernel's hot paths. MSR bitmaps, EPT, VPID,
 * VM functions (EPTP switching),
 * 64-bit host and guest, EFER and PAT switched by the CPU, debug controls
 * saved and loaded; every secondary control that an instruction CPUID
 * offers the kernel needs (lvd_vmx_cpuid_ctls()). Interrupts, NMIs, HLT,
 * I/O, CR3 accesses, RDRAND and RDSEED do not exit.
 *
 * Return: 0, or -EOPNOTSUPP with *@failed set.
 */
int lvd_vmx_choose_ctls(const struct lvd_vmx_msrs *m, struct lvd_vmx_ctls *c,
			const char **failed)
{
	bool tru = m->basic & LVD_VMX_BASIC_TRUE_CTLS;
	u32 proc2_req = LVD_PROC2_ENABLE_EPT | LVD_PROC2_ENABLE_VPID | LVD_PROC2_ENABLE_VMFUNC |
			lvd_vmx_cpuid_ctls(m, NULL);

	*failed = "pin-based controls";
	if (lvd_vmx_adjust_ctls(tru ? m->true_pinbased : m->pinbased, 0, 0, &c->pin))
		return -EOPNOTSUPP;
	*failed = "processor-based controls";
	if (lvd_vmx_adjust_ctls(tru ? m->true_procbased : m->procbased,
				LVD_PROC_USE_MSR_BITMAPS | LVD_PROC_ACTIVATE_SECONDARY,
				0, &c->proc))
		return -EOPNOTSUPP;
	*failed = "secondary processor-based controls";
	if (lvd_vmx_adjust_ctls(m->procbased2, proc2_req, 0, &c->proc2))
		return -EOPNOTSUPP;
	*failed = "processor-based controls (CR3-load/store exiting cannot be turned off without the TRUE capability MSRs)";
	if (c->proc & (LVD_PROC_CR3_LOAD_EXITING | LVD_PROC_CR3_STORE_EXITING))
		return -EOPNOTSUPP;
	*failed = "VM-exit controls";
	if (lvd_vmx_adjust_ctls(tru ? m->true_exit : m->exit,
				LVD_EXIT_HOST_ADDR_SPACE_SIZE | LVD_EXIT_SAVE_DEBUG_CTLS |
				LVD_EXIT_SAVE_EFER | LVD_EXIT_LOAD_EFER |
				LVD_EXIT_SAVE_PAT | LVD_EXIT_LOAD_PAT, 0, &c->exit))
		return -EOPNOTSUPP;
	*failed = "VM-entry controls";
	if (lvd_vmx_adjust_ctls(tru ? m->true_entry : m->entry,
				LVD_ENTRY_IA32E_MODE_GUEST | LVD_ENTRY_LOAD_DEBUG_CTLS |
				LVD_ENTRY_LOAD_EFER | LVD_ENTRY_LOAD_PAT, 0, &c->entry))
		return -EOPNOTSUPP;
	*failed = NULL;
	return 0;
}
