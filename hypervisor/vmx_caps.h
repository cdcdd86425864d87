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
	LVD_FEAT_RDTSCP,		/* needed only if the CPU has RDTSCP */
	LVD_FEAT_INVPCID,		/* needed only if the CPU has INVPCID */
	LVD_FEAT_COUNT
};

/**
 * struct lvd_vmx_msrs - raw inputs of the capability check
 * @cpuid_vmx:		CPUID.1:ECX.VMX
 * @cpuid_rdtscp:	the CPU (and so the kernel) uses RDTSCP
 * @cpuid_invpcid:	the CPU (and so the kernel) uses INVPCID
 * @feature_control:	IA32_FEATURE_CONTROL
 * @basic:		IA32_VMX_BASIC
 * @pinbased:		IA32_VMX_PINBASED_CTLS
 * @procbased:		IA32_VMX_PROCBASED_CTLS
 * @procbased2:		IA32_VMX_PROCBASED_CTLS2 (0 if secondary controls are absent)
 * @ept_vpid_cap:	IA32_VMX_EPT_VPID_CAP (0 if absent)
 * @vmfunc:		IA32_VMX_VMFUNC (0 if absent)
 * @misc:		IA32_VMX_MISC
 */
struct lvd_vmx_msrs {
	bool cpuid_vmx;
	bool cpuid_rdtscp;
	bool cpuid_invpcid;
	u64 feature_control;
	u64 basic;
	u64 pinbased;
	u64 procbased;
	u64 procbased2;
	u64 ept_vpid_cap;
	u64 vmfunc;
	u64 misc;
};

u64 lvd_vmx_missing(const struct lvd_vmx_msrs *m);
const char *lvd_vmx_feature_name(enum lvd_vmx_feature f);
size_t lvd_vmx_format_missing(u64 missing, char *buf, size_t len);

#endif /* LVD_HV_VMX_CAPS_H */
