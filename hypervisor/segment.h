/* SPDX-License-Identifier: GPL-2.0 */
/*
 * hypervisor/segment.h - turn a segment selector and the GDT it indexes
 * into what the VMCS guest-state area holds for that segment register.
 *
 * Pure logic: vmcs_setup.c passes a copy of the live GDT, the unit test a
 * synthetic one.
 */
#ifndef LVD_HV_SEGMENT_H
#define LVD_HV_SEGMENT_H

#include <lvd/compat.h>
#include <lvd/hw/seg.h>

/**
 * struct lvd_segment - one segment register as the VMCS holds it
 * @sel:	selector
 * @base:	base address (for FS and GS the caller overrides it with the MSR)
 * @limit:	limit in bytes, granularity applied
 * @ar:		access rights in the VMCS format (SDM Vol. 3C 24.4.1)
 */
struct lvd_segment {
	u16 sel;
	u64 base;
	u32 limit;
	u32 ar;
};

int lvd_seg_from_gdt(u16 sel, const u64 *gdt, unsigned int gdt_limit,
		     struct lvd_segment *seg);

/* The current privilege level is SS.DPL (SDM Vol. 3C 24.4.1). */
static inline unsigned int lvd_seg_cpl(u32 ss_ar)
{
	return (ss_ar & LVD_AR_DPL_MASK) >> LVD_AR_DPL_SHIFT;
}

#endif /* LVD_HV_SEGMENT_H */
