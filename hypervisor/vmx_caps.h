/* SPDX-License-Identifier: GPL-2.0 */
/*
 * hypervisor/vmx_caps.h - decide from the VMX capability MSRs whether this
 * CPU can run LVD, and name every feature that is missing.
 *
 * Pure logic: the caller reads the MSRs (see vmx_caps_read() in the module)
 * and this file only decodes them, so tests/unit can feed it any CPU.
 */
#ifndef LVD_HV_VMX_CAPS_H
#define LVD_HV_VMX_CAPS_H

#include <lvd/compat.h>

/* Everything LVD needs from the CPU, in the order the report names them. */
enum lvd_vmx_feature {
	LVD_FEAT_VMX,			/* CPUID.1:ECX.VMX */
	LVD_FEAT_VMX_ENABLED,		/* IA32_FEATURE_CONTROL locked, VMX outside SMX */
	LVD_FEAT_VMCS_WB,		/* VMCS may live in write-back memory */
	LVD_FEAT_MSR_BITMAPS,
	LVD_FEAT_SECONDARY_CTLS,
	LVD_FEAT_PREEMPTION_TIMER,
	LVD_FEAT_EPT,
	LVD_FEAT_EPT_4LEVEL,
	LVD_FEAT_EPT_WB,
	LVD_FEAT_EPT_2MB,
	LVD_FEAT_INVEPT,
	LVD_FEAT_INVEPT_SINGLE,
	LVD_FEAT_INVEPT_ALL,
	LVD_FEAT_VPID,
	LVD_FEAT_INVVPID,
	LVD_FEAT_INVVPID_SINGLE,
	LVD_FEAT_INVVPID_ALL,
	LVD_FEAT_VMFUNC,
	LVD_FEAT_EPTP_SWITCHING,
	/*
	 * Secondary controls needed only when CPUID offers the kernel an
	 * instruction that raises #UD in VMX non-root without them (SDM
	 * Vol. 3C 25.3, 24.6.2): lvd_vmx_cpuid_ctls() lists them.
	 */
	LVD_FEAT_RDTSCP,		/* RDTSCP or RDPID */
	LVD_FEAT_INVPCID,
	LVD_FEAT_XSAVES,		/* XSAVES/XRSTORS */
	LVD_FEAT_WAITPKG,		/* TPAUSE, UMONITOR, UMWAIT */
	LVD_FEAT_PCONFIG,
	LVD_FEAT_COUNT
};

/**
 * struct lvd_vmx_msrs - raw inputs of the capability check
 * @cpuid_vmx:		CPUID.1:ECX.VMX
 * @cpuid_rdtscp:	the CPU (and so the kernel) uses RDTSCP
 * @cpuid_invpcid:	the CPU (and so the kernel) uses INVPCID
 * @cpuid_rdpid:	CPUID.(EAX=7,ECX=0):ECX.RDPID
 * @cpuid_xsaves:	CPUID.(EAX=0DH,ECX=1):EAX.XSAVES
 * @cpuid_waitpkg:	CPUID.(EAX=7,ECX=0):ECX.WAITPKG
 * @cpuid_pconfig:	CPUID.(EAX=7,ECX=0):EDX.PCONFIG
 * @feature_control:	IA32_FEATURE_CONTROL
 * @basic:		IA32_VMX_BASIC
 * @pinbased:		IA32_VMX_PINBASED_CTLS
 * @procbased:		IA32_VMX_PROCBASED_CTLS
 * @procbased2:		IA32_VMX_PROCBASED_CTLS2 (0 if secondary controls are absent)
 * @ept_vpid_cap:	IA32_VMX_EPT_VPID_CAP (0 if absent)
 * @vmfunc:		IA32_VMX_VMFUNC (0 if absent)
 * @misc:		IA32_VMX_MISC
 * @exit:		IA32_VMX_EXIT_CTLS
 * @entry:		IA32_VMX_ENTRY_CTLS
 * @true_pinbased:	IA32_VMX_TRUE_PINBASED_CTLS (0 unless IA32_VMX_BASIC[55])
 * @true_procbased:	IA32_VMX_TRUE_PROCBASED_CTLS (likewise)
 * @true_exit:		IA32_VMX_TRUE_EXIT_CTLS (likewise)
 * @true_entry:		IA32_VMX_TRUE_ENTRY_CTLS (likewise)
 * @cr0_fixed0:		IA32_VMX_CR0_FIXED0: CR0 bits that must be 1 in VMX operation
 * @cr0_fixed1:		IA32_VMX_CR0_FIXED1: CR0 bits that may be 1
 * @cr4_fixed0:		IA32_VMX_CR4_FIXED0
 * @cr4_fixed1:		IA32_VMX_CR4_FIXED1
 */
struct lvd_vmx_msrs {
	bool cpuid_vmx;
	bool cpuid_rdtscp;
	bool cpuid_invpcid;
	bool cpuid_rdpid;
	bool cpuid_xsaves;
	bool cpuid_waitpkg;
	bool cpuid_pconfig;
	u64 feature_control;
	u64 basic;
	u64 pinbased;
	u64 procbased;
	u64 procbased2;
	u64 ept_vpid_cap;
	u64 vmfunc;
	u64 misc;
	u64 exit;
	u64 entry;
	u64 true_pinbased;
	u64 true_procbased;
	u64 true_exit;
	u64 true_entry;
	u64 cr0_fixed0;
	u64 cr0_fixed1;
	u64 cr4_fixed0;
	u64 cr4_fixed1;
};

/**
 * struct lvd_vmx_ctls - the VM-execution, VM-exit and VM-entry control
 * values LVD writes to every VMCS, after adjustment to the CPU
 * @pin:	pin-based VM-execution controls
 * @proc:	primary processor-based VM-execution controls
 * @proc2:	secondary processor-based VM-execution controls
 * @exit:	VM-exit controls
 * @entry:	VM-entry controls
 */
struct lvd_vmx_ctls {
	u32 pin;
	u32 proc;
	u32 proc2;
	u32 exit;
	u32 entry;
};

int lvd_vmx_adjust_ctls(u64 cap, u32 required, u32 optional, u32 *out);
int lvd_vmx_choose_ctls(const struct lvd_vmx_msrs *m, struct lvd_vmx_ctls *c,
			const char **failed);

/*
 * One CPUID register: 0 EAX, 1 EBX, 2 ECX, 3 EDX of @leaf/@sub, 0 for a leaf
 * past the CPU's highest; the module and lvdctl each read it their way.
 */
typedef u32 (*lvd_cpuid_reg_t)(u32 leaf, u32 sub, unsigned int reg);

void lvd_vmx_cpuid_fill(struct lvd_vmx_msrs *m, lvd_cpuid_reg_t cpuid_reg);
u32 lvd_vmx_cpuid_ctls(const struct lvd_vmx_msrs *m, u64 *features);
u64 lvd_vmx_missing(const struct lvd_vmx_msrs *m);
const char *lvd_vmx_feature_name(enum lvd_vmx_feature f);
size_t lvd_vmx_format_missing(u64 missing, char *buf, size_t len);

#endif /* LVD_HV_VMX_CAPS_H */
