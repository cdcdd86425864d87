// SPDX-License-Identifier: GPL-2.0
/*
 * kernel/dpt.c - a domain's page tables (see dpt.h).
 *
 * W^X holds in both layers: lvd_dpt_leaf_bits() gives a writable page NX
 * and code no RW, lvd_dpt_view_perm() the same in the EPT view; a domain
 * page is one kind only. Every entry is supervisor-only (U/S clear), so a
 * user program that enters the view with VMFUNC can fetch nothing there.
 * Table entries carry P, RW and A; leaves P, A and D always, so the CPU
 * never writes a table, which is read-only in the view.
 */
#include "dpt.h"

#define DPT_TABLE_BITS	(LVD_PTE_PRESENT | LVD_PTE_RW | LVD_PTE_ACCESSED)
#define DPT_LEAF_BITS	(LVD_PTE_PRESENT | LVD_PTE_ACCESSED | LVD_PTE_DIRTY)

/**
 * lvd_dpt_leaf_bits() - the page-table bits of a leaf of one kind
 * @kind: what the page is for
 *
 * Return: the flags to OR with the page's guest-physical address.
 */
u64 lvd_dpt_leaf_bits(enum lvd_dpage_kind kind)
{
	switch (kind) {
	case LVD_DPAGE_TEXT:
		return DPT_LEAF_BITS;
	case LVD_DPAGE_RW:
		return DPT_LEAF_BITS | LVD_PTE_RW | LVD_PTE_NX;
	case LVD_DPAGE_RO:
	default:
		return DPT_LEAF_BITS | LVD_PTE_NX;
	}
}

/**
 * lvd_dpt_view_perm() - the EPT view permission of a page of one kind
 * @kind: what the page is for
 * @exec_only: the CPU has execute-only EPT pages
 *
 * Return: LVD_DPT_VIEW_* bits.
 */
unsigned int lvd_dpt_view_perm(enum lvd_dpage_kind kind, bool exec_only)
{
	switch (kind) {
	case LVD_DPAGE_TEXT:
		return exec_only ? LVD_DPT_VIEW_X : LVD_DPT_VIEW_R | LVD_DPT_VIEW_X;
	case LVD_DPAGE_RW:
		return LVD_DPT_VIEW_R | LVD_DPT_VIEW_W;
	case LVD_DPAGE_RO:
	default:
		return LVD_DPT_VIEW_R;
	}
}

/**
 * lvd_dpt_init() - empty tables: just the root
 * @dpt: the tables
 * @ops: where table pages come from
 * @ctx: passed to @ops
 * @levels: LVD_PT_LEVELS_4 or LVD_PT_LEVELS_5
 *
 * Return: 0, -EINVAL for another depth, -ENOMEM.
 */
int lvd_dpt_init(struct lvd_dpt *dpt, const struct lvd_dpt_ops *ops, void *ctx,
		 unsigned int levels)
{
	memset(dpt, 0, sizeof(*dpt));
	if (levels != LVD_PT_LEVELS_4 && levels != LVD_PT_LEVELS_5)
		return -EINVAL;
	dpt->ops = ops;
	dpt->ctx = ctx;
	dpt->levels = levels;
	dpt->root = ops->alloc_table(ctx, &dpt->root_gpa);
	if (!dpt->root)
		return -ENOMEM;
	dpt->tables = 1;
	return 0;
}

static unsigned int index_of(u64 va, unsigned int level)
{
	return (va >> (LVD_PAGE_SHIFT + LVD_PT_INDEX_BITS * (level - 1))) & (LVD_PT_ENTRIES - 1);
}

/* Canonical for @levels of paging: bits above the top one copy it. */
static bool canonical(u64 va, unsigned int levels)
{
	unsigned int bits = LVD_PAGE_SHIFT + LVD_PT_INDEX_BITS * levels;
	s64 top = (s64)(va << (64 - bits)) >> (64 - bits);

	return (u64)top == va;
}

/**
 * lvd_dpt_map() - map one 4 KB page
 * @dpt: the tables
 * @va: virtual address, 4 KB-aligned, canonical
 * @gpa: guest-physical address in the domain's view, 4 KB-aligned
 * @kind: what the page is for (its rights)
 *
 * Return: 0; -EINVAL for a misaligned or non-canonical address; -EEXIST
 * when @va is mapped already (a page has one kind); -ENOMEM when a table
 * page was needed and none came (the tables stay consistent).
 */
int lvd_dpt_map(struct lvd_dpt *dpt, u64 va, u64 gpa, enum lvd_dpage_kind kind)
{
	unsigned int level;
	u64 *t = dpt->root;

	if ((va | gpa) & (LVD_PAGE_SIZE - 1) || gpa & ~LVD_PTE_ADDR_MASK ||
	    !canonical(va, dpt->levels))
		return -EINVAL;
	for (level = dpt->levels; level > 1; level--) {
		u64 *e = &t[index_of(va, level)];

		if (!(*e & LVD_PTE_PRESENT)) {
			u64 tgpa;
			u64 *nt = dpt->ops->alloc_table(dpt->ctx, &tgpa);

			if (!nt)
				return -ENOMEM;
			dpt->tables++;
			*e = tgpa | DPT_TABLE_BITS;
		}
		t = dpt->ops->table_va(dpt->ctx, *e & LVD_PTE_ADDR_MASK);
		if (!t)
			return -EINVAL;
	}
	if (t[index_of(va, 1)] & LVD_PTE_PRESENT)
		return -EEXIST;
	t[index_of(va, 1)] = gpa | lvd_dpt_leaf_bits(kind);
	dpt->leaves++;
	return 0;
}

/* The level-1 entry for @va, or NULL when a table above it is missing. */
static u64 *leaf_of(const struct lvd_dpt *dpt, u64 va)
{
	unsigned int level;
	u64 *t = dpt->root;

	if (!canonical(va, dpt->levels))
		return NULL;
	for (level = dpt->levels; level > 1; level--) {
		u64 e = t[index_of(va, level)];

		if (!(e & LVD_PTE_PRESENT))
			return NULL;
		t = dpt->ops->table_va(dpt->ctx, e & LVD_PTE_ADDR_MASK);
		if (!t)
			return NULL;
	}
	return &t[index_of(va, 1)];
}

/**
 * lvd_dpt_lookup() - the leaf entry that maps @va
 * @dpt: the tables
 * @va: virtual address
 *
 * Return: the entry, or 0 when @va is not mapped.
 */
u64 lvd_dpt_lookup(const struct lvd_dpt *dpt, u64 va)
{
	u64 *e = leaf_of(dpt, va);

	return e ? *e : 0;
}

/**
 * lvd_dpt_unmap() - take one page out
 * @dpt: the tables
 * @va: its virtual address
 *
 * The tables above it stay. CPUs may still cache the translation until the
 * caller invalidates the domain's view (INVEPT single-context drops its
 * combined mappings too, SDM Vol. 3C 28.3.3.4).
 *
 * Return: the guest-physical address it mapped, or 0 when it was not
 * mapped.
 */
u64 lvd_dpt_unmap(struct lvd_dpt *dpt, u64 va)
{
	u64 *e = leaf_of(dpt, va), gpa;

	if (!e || !(*e & LVD_PTE_PRESENT))
		return 0;
	gpa = *e & LVD_PTE_ADDR_MASK;
	*e = 0;
	dpt->leaves--;
	return gpa;
}
