// SPDX-License-Identifier: GPL-2.0
/*
 * hypervisor/mtrr.c - memory type of a physical range from the fixed and
 * variable MTRRs (SDM Vol. 3A 11.11 "Memory Type Range Registers").
 *
 * Pure logic. Called by the EPT builder (through ept_kernel.c) for every
 * page it is about to map, at load time and from the EPT-violation exit
 * handler, and by tests/unit/test_mtrr.c. Never touches hardware.
 */
#include <lvd/compat.h>
#include <lvd/hw/msr.h>
#include <lvd/hw/vmx.h>
#include "mtrr.h"

/* The fixed-range MSRs in address order (SDM Vol. 3A 11.11.2.2, Table 11-9). */
const u32 lvd_mtrr_fixed_msrs[LVD_MTRR_NUM_FIXED_MSRS] = {
	LVD_MSR_IA32_MTRR_FIX64K_00000,
	LVD_MSR_IA32_MTRR_FIX16K_80000,
	LVD_MSR_IA32_MTRR_FIX16K_A0000,
	LVD_MSR_IA32_MTRR_FIX4K_C0000,
	LVD_MSR_IA32_MTRR_FIX4K_C0000 + 1,
	LVD_MSR_IA32_MTRR_FIX4K_C0000 + 2,
	LVD_MSR_IA32_MTRR_FIX4K_C0000 + 3,
	LVD_MSR_IA32_MTRR_FIX4K_C0000 + 4,
	LVD_MSR_IA32_MTRR_FIX4K_C0000 + 5,
	LVD_MSR_IA32_MTRR_FIX4K_C0000 + 6,
	LVD_MSR_IA32_MTRR_FIX4K_F8000,
};

/**
 * lvd_mtrr_set_fixed() - unpack the fixed-range MSRs
 * @m: the snapshot to fill
 * @msrs: the values of lvd_mtrr_fixed_msrs[], in that order; each holds
 *	  eight one-byte types, lowest address in the lowest byte
 */
void lvd_mtrr_set_fixed(struct lvd_mtrr *m, const u64 msrs[LVD_MTRR_NUM_FIXED_MSRS])
{
	int i, b;

	for (i = 0; i < LVD_MTRR_NUM_FIXED_MSRS; i++)
		for (b = 0; b < 8; b++)
			m->fixed[i * 8 + b] = (msrs[i] >> (b * 8)) & 0xff;
}

/* Start address of fixed range @i: 64 KB, then 16 KB, then 4 KB steps. */
static lvd_root u64 fixed_start(unsigned int i)
{
	if (i < 8)
		return (u64)i << LVD_MTRR_FIX64K_SHIFT;
	if (i < 24)
		return LVD_MTRR_FIX16K_BASE + ((u64)(i - 8) << LVD_MTRR_FIX16K_SHIFT);
	return LVD_MTRR_FIX4K_BASE + ((u64)(i - 24) << LVD_MTRR_FIX4K_SHIFT);
}

/* Type of [start, end) within the first MB by the fixed ranges. */
static lvd_root int fixed_type(const struct lvd_mtrr *m, u64 start, u64 end)
{
	int type = LVD_MTRR_MIXED;
	unsigned int i;

	for (i = 0; i < LVD_MTRR_NUM_FIXED; i++) {
		u64 s = fixed_start(i);
		u64 e = i + 1 < LVD_MTRR_NUM_FIXED ? fixed_start(i + 1) : LVD_MTRR_FIXED_END;

		if (e <= start || s >= end)
			continue;
		if (type == LVD_MTRR_MIXED)
			type = m->fixed[i];
		else if (type != m->fixed[i])
			return LVD_MTRR_MIXED;
	}
	return type;
}

enum var_match { VAR_OUT, VAR_IN, VAR_PARTIAL };

/*
 * Does variable range @i cover all of [start, end), none of it, or part?
 * An address matches when (addr & mask) == (base & mask) over the mask
 * bits 12..MAXPHYADDR-1 (11.11.2.3). Within one block aligned to the
 * lowest mask bit every address matches alike; a range crossing such
 * blocks is decided exactly for a contiguous mask and is reported
 * PARTIAL for a non-contiguous one (the caller then tries smaller pages).
 */
static lvd_root enum var_match var_match(const struct lvd_mtrr *m, unsigned int i, u64 start, u64 end)
{
	u64 page_mask = m->phys_mask & GENMASK_ULL(63, LVD_MTRR_PHYS_ADDR_SHIFT);
	u64 mask = m->var[i].mask & page_mask;
	u64 base = m->var[i].base & mask;
	u64 low, size;

	if (!mask)
		return VAR_IN;
	low = mask & -mask;		/* lowest set mask bit */
	if ((start & ~(low - 1)) == ((end - 1) & ~(low - 1)))
		return (start & mask) == base ? VAR_IN : VAR_OUT;
	if (mask != (page_mask & ~(low - 1)))
		return VAR_PARTIAL;
	size = low;
	if (start >= base && end <= base + size)
		return VAR_IN;
	if (end <= base || start >= base + size)
		return VAR_OUT;
	return VAR_PARTIAL;
}

/* Type of [start, end) by the variable ranges and the default type. */
static lvd_root int var_type(const struct lvd_mtrr *m, u64 start, u64 end)
{
	unsigned int seen = 0;		/* bit t set: some matching range has type t */
	unsigned int i;

	for (i = 0; i < m->nvar && i < LVD_MTRR_MAX_VAR; i++) {
		unsigned int t = m->var[i].base & LVD_MTRR_PHYSBASE_TYPE_MASK;

		if (!(m->var[i].mask & LVD_MTRR_PHYSMASK_VALID))
			continue;
		switch (var_match(m, i, start, end)) {
		case VAR_OUT:
			continue;
		case VAR_PARTIAL:
			return LVD_MTRR_MIXED;
		case VAR_IN:
			seen |= 1u << (t & 31);
			break;
		}
	}
	if (!seen)
		return m->def_type;
	if (!(seen & (seen - 1)))
		return __builtin_ctz(seen);
	/* Overlapping ranges, 11.11.4.1: UC wins, WT beats WB. */
	if (seen & (1u << LVD_MEMTYPE_UC))
		return LVD_MEMTYPE_UC;
	if (seen == ((1u << LVD_MEMTYPE_WT) | (1u << LVD_MEMTYPE_WB)))
		return LVD_MEMTYPE_WT;
	/* Any other overlap is undefined by the SDM: take the safe choice. */
	return LVD_MEMTYPE_UC;
}

/**
 * lvd_mtrr_type() - the memory type of a physical range
 * @m: the MTRR snapshot
 * @start: first byte
 * @end: one past the last byte (> @start)
 *
 * Return: an LVD_MEMTYPE_* value when every byte of [@start, @end) has the
 * same type, LVD_MTRR_MIXED otherwise. With MTRRs disabled everything is
 * UC (11.11.2.1); below 1 MB the fixed ranges decide when enabled.
 */
lvd_root int lvd_mtrr_type(const struct lvd_mtrr *m, u64 start, u64 end)
{
	int lo, hi;

	if (end <= start)
		return LVD_MTRR_MIXED;
	if (!m->enabled)
		return LVD_MEMTYPE_UC;
	if (!m->fixed_enabled || start >= LVD_MTRR_FIXED_END)
		return var_type(m, start, end);
	if (end <= LVD_MTRR_FIXED_END)
		return fixed_type(m, start, end);
	lo = fixed_type(m, start, LVD_MTRR_FIXED_END);
	hi = var_type(m, LVD_MTRR_FIXED_END, end);
	return lo == hi ? lo : LVD_MTRR_MIXED;
}

/**
 * lvd_memtype_name() - short name of a memory type, for logs and debugfs
 * @type: an LVD_MEMTYPE_* value or LVD_MTRR_MIXED
 *
 * Return: a static string.
 */
lvd_root const char *lvd_memtype_name(int type)
{
	switch (type) {
	case LVD_MEMTYPE_UC: return "UC";
	case LVD_MEMTYPE_WC: return "WC";
	case LVD_MEMTYPE_WT: return "WT";
	case LVD_MEMTYPE_WP: return "WP";
	case LVD_MEMTYPE_WB: return "WB";
	case LVD_MTRR_MIXED: return "mixed";
	default: return "reserved";
	}
}
