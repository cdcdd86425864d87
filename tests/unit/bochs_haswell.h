/* SPDX-License-Identifier: GPL-2.0 */
/*
 * tests/unit/bochs_haswell.h - the VMX capability MSRs and CPUID bits of
 * Bochs 2.7's corei7_haswell_4770, as read in the guest (debugfs lvd/caps,
 * "lvdctl check --json"), for the unit tests of the capability check.
 */
#ifndef LVD_TESTS_BOCHS_HASWELL_H
#define LVD_TESTS_BOCHS_HASWELL_H

#include <lvd/compat.h>
#include "../../hypervisor/vmx_caps.h"

static const struct lvd_vmx_msrs haswell = {
	.cpuid_vmx = true,
	.cpuid_rdtscp = true,
	.cpuid_invpcid = true,
	.feature_control = 0x5,
	.basic = 0xd810000000002bULL,
	.pinbased = 0x7f00000016ULL,
	.procbased = 0xf7f9fffe0401e172ULL,
	.procbased2 = 0x47fff00000000ULL,
	.ept_vpid_cap = 0xf0106334141ULL,
	.vmfunc = 0x1,
	.misc = 0x200401e0,
	.exit = 0x7fffff00036dffULL,
	.entry = 0xffff000011ffULL,
	.true_pinbased = 0x7f00000016ULL,
	.true_procbased = 0xf7f9fffe04006172ULL,
	.true_exit = 0x7fffff00036dfbULL,
	.true_entry = 0xffff000011fbULL,
	.cr0_fixed0 = 0x80000021,
	.cr0_fixed1 = 0xffffffff,
	.cr4_fixed0 = 0x2000,
	.cr4_fixed1 = 0x1727ff,
};

#endif /* LVD_TESTS_BOCHS_HASWELL_H */
