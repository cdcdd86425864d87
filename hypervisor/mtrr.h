/* SPDX-License-Identifier: GPL-2.0 */
/*
 * hypervisor/mtrr.h - the memory type the MTRRs give a physical range,
 * so the kernel's EPT can map it with the type the kernel had natively.
 *
 * Pure logic: ept_kernel.c fills struct lvd_mtrr from the MSRs, the unit
 * test from synthetic values.
 */
#ifndef LVD_HV_MTRR_H
#define LVD_HV_MTRR_H

#include <lvd/compat.h>

#define LVD_MTRR_MAX_VAR	32	/* IA32_MTRRCAP.VCNT is 8 on most CPUs */
#define LVD_MTRR_NUM_FIXED_MSRS	11
#define LVD_MTRR_NUM_FIXED	88	/* 8 x 64 KB, 16 x 16 KB, 64 x 4 KB */
#define LVD_MTRR_FIXED_END	0x100000ULL	/* fixed ranges cover the first 1 MB */
#define LVD_MTRR_MIXED		(-1)	/* the range has more than one type */

/**
 * struct lvd_mtrr - a snapshot of one CPU's MTRRs
 * @enabled:	IA32_MTRR_DEF_TYPE.E; when clear every address is UC
 * @fixed_enabled: IA32_MTRR_DEF_TYPE.FE (and IA32_MTRRCAP.FIX)
 * @def_type:	IA32_MTRR_DEF_TYPE.Type
 * @fixed:	type of each fixed range, in address order
 * @nvar:	number of variable ranges in @var
 * @var:	raw IA32_MTRR_PHYSBASEn / IA32_MTRR_PHYSMASKn values
 * @phys_mask:	(1 << MAXPHYADDR) - 1
 */
struct lvd_mtrr {
	bool enabled;
	bool fixed_enabled;
	u8 def_type;
	u8 fixed[LVD_MTRR_NUM_FIXED];
	unsigned int nvar;
	struct {
		u64 base;
		u64 mask;
	} var[LVD_MTRR_MAX_VAR];
	u64 phys_mask;
};

extern const u32 lvd_mtrr_fixed_msrs[LVD_MTRR_NUM_FIXED_MSRS];

void lvd_mtrr_set_fixed(struct lvd_mtrr *m, const u64 msrs[LVD_MTRR_NUM_FIXED_MSRS]);
int lvd_mtrr_type(const struct lvd_mtrr *m, u64 start, u64 end);
const char *lvd_memtype_name(int type);

#endif /* LVD_HV_MTRR_H */
