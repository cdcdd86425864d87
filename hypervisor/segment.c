// SPDX-License-Identifier: GPL-2.0
/*
 * hypervisor/segment.c - segment descriptors to VMCS segment fields.
 *
 * Pure logic. Called by vmcs_setup.c with the CPU's GDT when it copies the
 * live segment registers into a VMCS, and by tests/unit/test_segment.c.
 * Assumes IA-32e mode: system descriptors (TSS, LDT) are 16 bytes.
 */
#include <lvd/compat.h>
#include <lvd/hw/seg.h>
#include "segment.h"

/**
 * lvd_seg_from_gdt() - describe the segment a selector loads
 * @sel: the selector as read from the segment register
 * @gdt: the GDT's 8-byte slots
 * @gdt_limit: the GDTR limit (last valid byte offset)
 * @seg: filled in
 *
 * A null selector gives an unusable segment whose DPL is the selector's
 * RPL (for SS the VMCS takes the CPL from that DPL). For code and data
 * segments the accessed bit is set, as the CPU sets it when it loads a
 * segment register (SDM Vol. 3A 3.4.5.1); VM entry requires it for CS.
 * A segment whose descriptor is not present is reported unusable.
 *
 * Return: 0, or -EINVAL for a selector that points into the LDT or past
 * the GDT limit (the CPU could not have loaded it from this GDT).
 */
int lvd_seg_from_gdt(u16 sel, const u64 *gdt, unsigned int gdt_limit,
		     struct lvd_segment *seg)
{
	unsigned int idx = sel >> LVD_SEL_INDEX_SHIFT;
	u64 d;

	memset(seg, 0, sizeof(*seg));
	seg->sel = sel;
	if (!(sel & ~LVD_SEL_RPL_MASK)) {
		seg->ar = LVD_AR_UNUSABLE | ((sel & LVD_SEL_RPL_MASK) << LVD_AR_DPL_SHIFT);
		return 0;
	}
	if (sel & LVD_SEL_TI)
		return -EINVAL;
	if ((u64)idx * 8 + 7 > gdt_limit)
		return -EINVAL;
	d = gdt[idx];
	seg->base = ((d & LVD_DESC_BASE_LO_MASK) >> LVD_DESC_BASE_LO_SHIFT) |
		    ((d >> LVD_DESC_BASE_HI_SHIFT) << 24);
	seg->limit = (d & LVD_DESC_LIMIT_LO_MASK) |
		     (((d & LVD_DESC_LIMIT_HI_MASK) >> LVD_DESC_LIMIT_HI_SHIFT) << 16);
	if (d & LVD_DESC_G)
		seg->limit = (seg->limit << LVD_DESC_G_LIMIT_SHIFT) |
			     GENMASK_ULL(LVD_DESC_G_LIMIT_SHIFT - 1, 0);
	seg->ar = ((d & LVD_DESC_ACCESS_MASK) >> LVD_DESC_ACCESS_SHIFT) |
		  (((d & LVD_DESC_FLAGS_MASK) >> LVD_DESC_FLAGS_SHIFT) << LVD_AR_FLAGS_SHIFT);
	if (!(d & LVD_DESC_S)) {
		/* TSS or LDT: the upper slot holds base 63:32. */
		if ((u64)idx * 8 + 15 > gdt_limit)
			return -EINVAL;
		seg->base |= (gdt[idx + 1] & GENMASK_ULL(31, 0)) << 32;
	} else {
		seg->ar |= LVD_AR_TYPE_ACCESSED;
	}
	if (!(seg->ar & LVD_AR_P))
		seg->ar |= LVD_AR_UNUSABLE;
	return 0;
}
