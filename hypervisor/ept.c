// SPDX-License-Identifier: GPL-2.0
/*
 * hypervisor/ept.c - identity-mapped EPT builder (SDM Vol. 3C 28.2 "The
 * Extended Page Table Mechanism").
 *
 * Pure logic. Called by ept_kernel.c to build the kernel's EPT at load time
 * (process context) and to fill a hole from the EPT-violation exit handler
 * (VMX root, interrupts off: the ops it passes then draw from a
 * preallocated pool and take no Linux locks), and by tests/unit/test_ept.c.
 * The caller serialises all calls on one hierarchy.
 *
 * Every mapping is an identity mapping with read, write and execute
 * permission and the memory type the ops report, with the guest PAT
 * honoured (ignore-PAT clear), so the kernel sees the memory types it would
 * see natively (28.2.6.2). A page is as large as the range, the alignment,
 * @max_level and the uniformity of the memory type allow.
 */
#include <lvd/compat.h>
#include <lvd/hw/ept.h>
#include <lvd/hw/vmx.h>
#include "ept.h"
#include "mtrr.h"

#define EPT_TABLE_LEVEL		LVD_EPT_LEVELS	/* the PML4 */

static lvd_root unsigned int ept_index(u64 addr, unsigned int level)
{
	return (addr >> (LVD_EPT_PAGE_SHIFT + LVD_EPT_LEVEL_BITS * (level - 1))) &
	       (LVD_EPT_ENTRIES - 1);
}

static lvd_root bool is_leaf(u64 e, unsigned int level)
{
	return (e & LVD_EPTE_RWX) && (level == LVD_EPT_LEVEL_4K || (e & LVD_EPTE_LARGE));
}

static lvd_root u64 *table_of(const struct lvd_ept *ept, u64 e)
{
	return ept->ops->phys_to_virt(ept->ctx, e & LVD_EPTE_ADDR_MASK);
}

/**
 * lvd_ept_init() - start an empty hierarchy
 * @ept: the hierarchy
 * @ops: environment callbacks
 * @ctx: passed to the callbacks
 * @max_level: largest page to use (LVD_EPT_LEVEL_4K..LVD_EPT_LEVEL_1G);
 *	       the caller lowers it to what IA32_VMX_EPT_VPID_CAP allows
 *
 * Return: 0, -EINVAL for a bad @max_level, -ENOMEM without a root page.
 */
int lvd_ept_init(struct lvd_ept *ept, const struct lvd_ept_ops *ops, void *ctx,
		 unsigned int max_level)
{
	memset(ept, 0, sizeof(*ept));
	if (max_level < LVD_EPT_LEVEL_4K || max_level > LVD_EPT_LEVEL_1G)
		return -EINVAL;
	ept->ops = ops;
	ept->ctx = ctx;
	ept->max_level = max_level;
	ept->pml4 = ops->alloc_table(ctx, &ept->pml4_pa);
	if (!ept->pml4)
		return -ENOMEM;
	ept->tables = 1;
	return 0;
}

static void free_level(struct lvd_ept *ept, u64 *table, u64 pa, unsigned int level)
{
	unsigned int i;

	for (i = 0; level > LVD_EPT_LEVEL_4K && i < LVD_EPT_ENTRIES; i++)
		if ((table[i] & LVD_EPTE_RWX) && !is_leaf(table[i], level))
			free_level(ept, table_of(ept, table[i]),
				   table[i] & LVD_EPTE_ADDR_MASK, level - 1);
	ept->ops->free_table(ept->ctx, table, pa);
}

/**
 * lvd_ept_destroy() - free every paging-structure page of @ept
 * @ept: the hierarchy; no CPU may use it any more
 */
void lvd_ept_destroy(struct lvd_ept *ept)
{
	if (ept->pml4)
		free_level(ept, ept->pml4, ept->pml4_pa, EPT_TABLE_LEVEL);
	ept->pml4 = NULL;
	ept->tables = 0;
}

/**
 * lvd_ept_pick_level() - the largest page that can map @addr
 * @ept: gives the largest level allowed and the memory types
 * @addr: 4 KB-aligned address to map
 * @end: end of the range being mapped; the page must not pass it
 * @type: set to the page's memory type
 *
 * Return: the leaf level (LVD_EPT_LEVEL_*): the largest page that is
 * aligned at @addr, ends by @end and has one memory type; 0 when not even a
 * 4 KB page fits or its type is not uniform.
 */
lvd_root unsigned int lvd_ept_pick_level(const struct lvd_ept *ept, u64 addr, u64 end, int *type)
{
	unsigned int level;

	for (level = ept->max_level; level >= LVD_EPT_LEVEL_4K; level--) {
		u64 size = lvd_ept_level_size(level);

		if ((addr & (size - 1)) || addr + size > end || addr + size < addr)
			continue;
		*type = ept->ops->memtype(ept->ctx, addr, addr + size);
		if (*type != LVD_MTRR_MIXED)
			return level;
	}
	return 0;
}

static lvd_root u64 leaf_entry(u64 addr, unsigned int level, int type)
{
	return addr | LVD_EPTE_RWX | ((u64)type << LVD_EPTE_MEMTYPE_SHIFT) |
	       (level > LVD_EPT_LEVEL_4K ? LVD_EPTE_LARGE : 0);
}

static lvd_root int map_level(struct lvd_ept *ept, u64 *table, unsigned int level, u64 start, u64 end)
{
	u64 size = lvd_ept_level_size(level);
	u64 addr = start;

	while (addr < end) {
		u64 *e = &table[ept_index(addr, level)];
		u64 next = (addr & ~(size - 1)) + size;
		u64 sub_end = next < end && next > addr ? next : end;
		unsigned int leaf;
		int type, ret;

		if (is_leaf(*e, level))
			goto next;		/* already mapped: identity, keep it */
		if (!(*e & LVD_EPTE_RWX) && level <= ept->max_level) {
			leaf = lvd_ept_pick_level(ept, addr, sub_end, &type);
			if (leaf == level) {
				*e = leaf_entry(addr, level, type);
				ept->leaves[level]++;
				goto next;
			}
		}
		if (level == LVD_EPT_LEVEL_4K)
			return -EINVAL;		/* a 4 KB page without one type */
		if (!(*e & LVD_EPTE_RWX)) {
			u64 pa;

			if (!ept->ops->alloc_table(ept->ctx, &pa))
				return -ENOMEM;
			ept->tables++;
			*e = pa | LVD_EPTE_RWX;
		}
		ret = map_level(ept, table_of(ept, *e), level - 1, addr, sub_end);
		if (ret)
			return ret;
next:
		if (next <= addr)
			break;			/* wrapped past the top */
		addr = next;
	}
	return 0;
}

/**
 * lvd_ept_map() - identity-map [@start, @end) with the largest pages possible
 * @ept: the hierarchy
 * @start: first byte; rounded down to 4 KB
 * @end: one past the last byte; rounded up to 4 KB
 *
 * Parts already mapped are left alone. On failure what was mapped stays
 * mapped (the hierarchy stays consistent).
 *
 * Return: 0; -ENOMEM when a table page could not be had; -EINVAL when a
 * 4 KB page has no single memory type.
 */
lvd_root int lvd_ept_map(struct lvd_ept *ept, u64 start, u64 end)
{
	start &= ~(LVD_EPT_PAGE_SIZE - 1);
	end = (end + LVD_EPT_PAGE_SIZE - 1) & ~(LVD_EPT_PAGE_SIZE - 1);
	if (end <= start)
		return 0;
	return map_level(ept, ept->pml4, EPT_TABLE_LEVEL, start, end);
}

/**
 * lvd_ranges_normalize() - round ranges out to 4 KB, sort them, merge
 * overlapping and touching ones, drop empty ones
 * @r: the ranges, rewritten in place
 * @n: how many
 *
 * Merging first lets adjacent ranges (RAM next to a reserved area, say)
 * share large pages. Insertion sort: the kernel's memory maps are short.
 *
 * Return: the number of ranges left.
 */
size_t lvd_ranges_normalize(struct lvd_range *r, size_t n)
{
	size_t i, j, out = 0;

	for (i = 0; i < n; i++) {
		r[i].start &= ~(LVD_EPT_PAGE_SIZE - 1);
		r[i].end = (r[i].end + LVD_EPT_PAGE_SIZE - 1) & ~(LVD_EPT_PAGE_SIZE - 1);
	}
	for (i = 1; i < n; i++) {
		struct lvd_range t = r[i];

		for (j = i; j > 0 && r[j - 1].start > t.start; j--)
			r[j] = r[j - 1];
		r[j] = t;
	}
	for (i = 0; i < n; i++) {
		if (r[i].end <= r[i].start)
			continue;
		if (out && r[i].start <= r[out - 1].end) {
			if (r[i].end > r[out - 1].end)
				r[out - 1].end = r[i].end;
			continue;
		}
		r[out++] = r[i];
	}
	return out;
}

/**
 * lvd_ept_map_ranges() - normalize @r and map every range
 * @ept: the hierarchy
 * @r: the ranges (rewritten by lvd_ranges_normalize())
 * @n: how many
 *
 * Return: 0 or the first error of lvd_ept_map().
 */
int lvd_ept_map_ranges(struct lvd_ept *ept, struct lvd_range *r, size_t n)
{
	size_t i;
	int ret;

	n = lvd_ranges_normalize(r, n);
	for (i = 0; i < n; i++) {
		ret = lvd_ept_map(ept, r[i].start, r[i].end);
		if (ret)
			return ret;
	}
	return 0;
}

/**
 * lvd_ept_leaf_ptr() - the leaf entry that maps @gpa, for changing it
 * @ept: the hierarchy
 * @gpa: guest-physical address
 * @level: set to the leaf's level, or to the level of the first entry
 *	   that is not present
 *
 * Return: a pointer to the leaf entry, NULL when @gpa is not mapped.
 */
lvd_root u64 *lvd_ept_leaf_ptr(const struct lvd_ept *ept, u64 gpa, unsigned int *level)
{
	u64 *table = ept->pml4;
	unsigned int l;

	for (l = EPT_TABLE_LEVEL; l >= LVD_EPT_LEVEL_4K; l--) {
		u64 *e = &table[ept_index(gpa, l)];

		*level = l;
		if (!(*e & LVD_EPTE_RWX))
			return NULL;
		if (is_leaf(*e, l))
			return e;
		table = table_of(ept, *e);
	}
	return NULL;
}

/**
 * lvd_ept_lookup() - the leaf entry that maps @gpa
 * @ept: the hierarchy
 * @gpa: guest-physical address
 * @level: as for lvd_ept_leaf_ptr()
 *
 * Return: the leaf entry, 0 when @gpa is not mapped.
 */
lvd_root u64 lvd_ept_lookup(const struct lvd_ept *ept, u64 gpa, unsigned int *level)
{
	u64 *e = lvd_ept_leaf_ptr(ept, gpa, level);

	return e ? *e : 0;
}

/**
 * lvd_ept_hole() - the unmapped region around @gpa that one entry covers
 * @ept: the hierarchy
 * @gpa: an address that lvd_ept_lookup() does not find
 * @start: set to the region's start
 * @end: set to its end
 *
 * The region is what the first non-present entry on the walk maps, but at
 * most the 1 GB around @gpa, so filling it costs at most a few tables.
 *
 * Return: 0, or -EEXIST when @gpa is mapped.
 */
lvd_root int lvd_ept_hole(const struct lvd_ept *ept, u64 gpa, u64 *start, u64 *end)
{
	unsigned int level;
	u64 size;

	if (lvd_ept_lookup(ept, gpa, &level))
		return -EEXIST;
	if (level > LVD_EPT_LEVEL_1G)
		level = LVD_EPT_LEVEL_1G;
	size = lvd_ept_level_size(level);
	*start = gpa & ~(size - 1);
	*end = *start + size;
	return 0;
}

/**
 * lvd_ept_eptp() - the EPT pointer for @ept (SDM Vol. 3C 24.6.11)
 * @ept: the hierarchy
 *
 * Return: write-back paging structures, 4-level walk, no accessed/dirty
 * flags.
 */
u64 lvd_ept_eptp(const struct lvd_ept *ept)
{
	return ept->pml4_pa | LVD_MEMTYPE_WB |
	       ((u64)(LVD_EPT_LEVELS - 1) << LVD_EPTP_WALK_LENGTH_SHIFT);
}
