// SPDX-License-Identifier: GPL-2.0
/*
 * hypervisor/ept.c - EPT builder (SDM Vol. 3C 28.2 "The Extended Page Table
 * Mechanism"): identity maps for the kernel's view, mappings to other
 * host-physical addresses with chosen permissions for other views, and
 * permission changes and unmapping that split large pages.
 *
 * Pure logic. Called by ept_kernel.c to build the kernel's EPT at load time
 * (process context) and to fill a hole from the EPT-violation exit handler
 * (VMX root, interrupts off: the ops it passes then draw from a
 * preallocated pool and take no Linux locks), and by tests/unit/test_ept.c.
 * The caller serialises all calls on one hierarchy; CPUs may walk it while
 * it changes, so every entry is written with one 8-byte store, after what
 * it points to is complete. The EPTP leaves the accessed and dirty flags
 * off (lvd_ept_eptp()), so CPUs never write entries and rewriting one
 * loses nothing.
 *
 * lvd_ept_map() maps identity with read, write and execute permission and
 * the memory type the ops report, with the guest PAT honoured (ignore-PAT
 * clear), so the kernel sees the memory types it would see natively
 * (28.2.6.2); what is mapped stays. lvd_ept_map_to() maps any host range
 * with the permissions and type asked for, replacing what was there. A page
 * is as large as the range, the alignment of both addresses, @max_level and
 * the uniformity of the memory type allow. What a change means for the
 * CPUs that cache the view: ept.h, "changing a view that CPUs use".
 *
 * A domain's view may have a background (lvd_ept_set_background(), ept.h
 * "background"): then an entry holds either something of the view's own
 * (is_own()) or the background entry of its level, never "not present",
 * and every change walks only into tables of the view's own.
 */
#include <lvd/compat.h>
#include <lvd/hw/cpu.h>
#include <lvd/hw/ept.h>
#include <lvd/hw/vmx.h>
#include "ept.h"
#include "mtrr.h"

#define EPT_TABLE_LEVEL		LVD_EPT_LEVELS	/* the PML4 */
/*
 * The most large pages one unmap or permission change splits: at each end
 * of the range a 1 GB page and the 2 MB page the end then falls into.
 */
#define EPT_SPLITS_MAX		4

#ifndef __KERNEL__
/* User-space unit tests: no CPU walks the tables while they change. */
#define WRITE_ONCE(x, val)	((x) = (val))
#define barrier()		do { } while (0)
#endif

static lvd_root unsigned int ept_index(u64 addr, unsigned int level)
{
	return (addr >> (LVD_EPT_PAGE_SHIFT + LVD_EPT_LEVEL_BITS * (level - 1))) &
	       (LVD_EPT_ENTRIES - 1);
}

static lvd_root bool is_present(u64 e)
{
	return e & LVD_EPTE_RWX;
}

static lvd_root bool is_leaf(u64 e, unsigned int level)
{
	return is_present(e) && (level == LVD_EPT_LEVEL_4K || (e & LVD_EPTE_LARGE));
}

/*
 * Does entry @e at @level hold something of the view's own: a page it maps
 * or a table page of its own? Not when it is not present, nor when it is
 * the background entry of its level (0 without a background).
 */
static lvd_root bool is_own(const struct lvd_ept *ept, u64 e, unsigned int level)
{
	return is_present(e) && e != ept->background[level];
}

static lvd_root bool has_background(const struct lvd_ept *ept)
{
	return ept->tables_background != 0;
}

static lvd_root u64 *table_of(const struct lvd_ept *ept, u64 e)
{
	return ept->ops->phys_to_virt(ept->ctx, e & LVD_EPTE_ADDR_MASK);
}

/*
 * Publish @val in an entry the CPUs may be walking: one 8-byte store, which
 * the compiler keeps after the stores that filled what @val points to (the
 * CPU keeps stores in order).
 */
static lvd_root void set_entry(u64 *e, u64 val)
{
	barrier();
	WRITE_ONCE(*e, val);
}

/**
 * lvd_ept_init() - start an empty hierarchy
 * @ept: the hierarchy
 * @ops: environment callbacks
 * @ctx: passed to the callbacks
 * @max_level: largest page to use (LVD_EPT_LEVEL_4K..LVD_EPT_LEVEL_1G);
 *	       the caller lowers it to what IA32_VMX_EPT_VPID_CAP allows
 *
 * The caller then sets @ept->exec_only and lowers @ept->phys_bits if it
 * uses lvd_ept_map_to().
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
	ept->phys_bits = LVD_MAXPHYADDR_LIMIT;
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
		if (is_own(ept, table[i], level) && !is_leaf(table[i], level))
			free_level(ept, table_of(ept, table[i]),
				   table[i] & LVD_EPTE_ADDR_MASK, level - 1);
	ept->ops->free_table(ept->ctx, table, pa);
}

/* Free @n pages of a list linked through entry 0, the last at *@head. */
static lvd_root void free_list(struct lvd_ept *ept, u64 *head, u64 *n)
{
	while (*n) {
		u64 pa = *head;
		u64 *t = ept->ops->phys_to_virt(ept->ctx, pa);

		*head = t[0];
		(*n)--;
		ept->ops->free_table(ept->ctx, t, pa);
	}
	*head = 0;
}

/* Give back the three background tables, once; the view has none after. */
static void free_background(struct lvd_ept *ept)
{
	unsigned int level;

	for (level = LVD_EPT_LEVEL_2M; has_background(ept) && level <= EPT_TABLE_LEVEL; level++) {
		u64 pa = ept->background[level] & LVD_EPTE_ADDR_MASK;

		ept->ops->free_table(ept->ctx, ept->ops->phys_to_virt(ept->ctx, pa), pa);
	}
	memset(ept->background, 0, sizeof(ept->background));
	ept->tables_background = 0;
}

/**
 * lvd_ept_destroy() - free every paging-structure page of @ept
 * @ept: the hierarchy; no CPU may use it any more
 *
 * Frees the table pages waiting for a flush, the spare ones and the three
 * background tables too (each once: the walk that frees the view's own
 * tables never enters a background table).
 */
void lvd_ept_destroy(struct lvd_ept *ept)
{
	if (ept->pml4)
		free_level(ept, ept->pml4, ept->pml4_pa, EPT_TABLE_LEVEL);
	free_list(ept, &ept->unlinked_pa, &ept->tables_unlinked);
	free_list(ept, &ept->spare_pa, &ept->tables_spare);
	free_background(ept);
	ept->pml4 = NULL;
	ept->tables = 0;
	ept->needs_flush = false;
}

/**
 * lvd_ept_needs_flush() - must the CPUs that use @ept flush it?
 * @ept: the hierarchy
 *
 * Return: true when a change removed or reduced a mapping since the last
 * lvd_ept_flush_done(): the caller executes INVEPT for this view on every
 * CPU that may cache it before the memory the change released is reused,
 * then calls lvd_ept_flush_done(). False after changes that only added.
 */
lvd_root bool lvd_ept_needs_flush(const struct lvd_ept *ept)
{
	return ept->needs_flush;
}

/**
 * lvd_ept_flush_done() - the caller invalidated @ept on every CPU
 * @ept: the hierarchy
 *
 * Every CPU that may cache @ept executed INVEPT for it after the last
 * change. Gives back the table pages the changes took out of the hierarchy
 * (through ops->free_table) and clears lvd_ept_needs_flush().
 *
 * Context: any in which ops->free_table may be called.
 */
lvd_root void lvd_ept_flush_done(struct lvd_ept *ept)
{
	free_list(ept, &ept->unlinked_pa, &ept->tables_unlinked);
	ept->needs_flush = false;
}

/*
 * A zeroed table page: a spare one if there is, else a new one. Counted in
 * @tables: the caller links it.
 */
static lvd_root u64 *take_table(struct lvd_ept *ept, u64 *pa)
{
	u64 *t;

	if (ept->tables_spare) {
		*pa = ept->spare_pa;
		t = ept->ops->phys_to_virt(ept->ctx, *pa);
		ept->spare_pa = t[0];
		ept->tables_spare--;
		t[0] = 0;
	} else {
		t = ept->ops->alloc_table(ept->ctx, pa);
		if (!t)
			return NULL;
	}
	ept->tables++;
	return t;
}

/* Have at least @n spare table pages. */
static lvd_root int reserve_tables(struct lvd_ept *ept, unsigned int n)
{
	while (ept->tables_spare < n) {
		u64 pa, *t = ept->ops->alloc_table(ept->ctx, &pa);

		if (!t)
			return -ENOMEM;
		t[0] = ept->spare_pa;
		ept->spare_pa = pa;
		ept->tables_spare++;
	}
	return 0;
}

/*
 * A table page for entries of @level that map nothing of the view's own
 * yet: each holds the background entry of @level (not present without a
 * background). Counted in @tables: the caller links it.
 */
static lvd_root u64 *new_table(struct lvd_ept *ept, u64 *pa, unsigned int level)
{
	u64 *t = take_table(ept, pa);
	unsigned int i;

	for (i = 0; t && ept->background[level] && i < LVD_EPT_ENTRIES; i++)
		t[i] = ept->background[level];
	return t;
}

/*
 * Take the table at @pa (entries of @level) and every table below it out of
 * the counts and queue them for lvd_ept_flush_done(). The caller has
 * already replaced the entry that pointed here. A CPU that cached an entry
 * above may still walk these tables until the INVEPT, so their entries stay
 * as they were, except entry 0, which now links the queue: a 4 KB-aligned
 * address has bits 2:0 clear, so it reads as not present.
 */
static lvd_root void unlink_tables(struct lvd_ept *ept, u64 pa, unsigned int level)
{
	u64 *t = ept->ops->phys_to_virt(ept->ctx, pa);
	unsigned int i;

	for (i = 0; i < LVD_EPT_ENTRIES; i++) {
		if (!is_own(ept, t[i], level))
			continue;	/* never into a background table */
		if (is_leaf(t[i], level))
			ept->leaves[level]--;
		else
			unlink_tables(ept, t[i] & LVD_EPTE_ADDR_MASK, level - 1);
	}
	set_entry(&t[0], ept->tables_unlinked ? ept->unlinked_pa : 0);
	ept->unlinked_pa = pa;
	ept->tables_unlinked++;
	ept->tables--;
	ept->needs_flush = true;
}

/*
 * Replace the large page *@e at @level by a table of 512 pages one level
 * down that map the same addresses with the same attributes. Changes bit 7
 * and the address of *@e: needs a flush (28.3.3.4).
 */
static lvd_root int split(struct lvd_ept *ept, u64 *e, unsigned int level)
{
	u64 csize = lvd_ept_level_size(level - 1);
	u64 base = *e & LVD_EPTE_ADDR_MASK & ~(lvd_ept_level_size(level) - 1);
	u64 attrs = *e & ~(LVD_EPTE_ADDR_MASK | LVD_EPTE_LARGE);
	u64 pa, *t;
	unsigned int i;

	if (level - 1 > LVD_EPT_LEVEL_4K)
		attrs |= LVD_EPTE_LARGE;
	t = take_table(ept, &pa);
	if (!t)
		return -ENOMEM;
	for (i = 0; i < LVD_EPT_ENTRIES; i++)
		t[i] = (base + i * csize) | attrs;
	set_entry(e, pa | LVD_EPTE_RWX);
	ept->leaves[level]--;
	ept->leaves[level - 1] += LVD_EPT_ENTRIES;
	ept->needs_flush = true;
	return 0;
}

/* What lvd_ept_map() and lvd_ept_map_to() map. */
struct map_req {
	u64 offset;		/* host minus guest address (modulo 2^64) */
	u64 perm;		/* LVD_EPTE_READ/WRITE/EXEC */
	int type;		/* memory type or LVD_EPT_MEMTYPE_OPS */
	bool replace;		/* replace what is mapped, or keep it */
};

/* Largest page for guest @gpa to host @hpa within @end; 0 if none. */
static lvd_root unsigned int pick_level(const struct lvd_ept *ept, u64 gpa, u64 hpa, u64 end,
					int want, int *type)
{
	unsigned int level;

	for (level = ept->max_level; level >= LVD_EPT_LEVEL_4K; level--) {
		u64 size = lvd_ept_level_size(level);

		if (((gpa | hpa) & (size - 1)) || gpa + size > end || gpa + size < gpa)
			continue;
		*type = want != LVD_EPT_MEMTYPE_OPS ? want :
			ept->ops->memtype(ept->ctx, hpa, hpa + size);
		if (*type != LVD_MTRR_MIXED)
			return level;
	}
	return 0;
}

/**
 * lvd_ept_pick_level() - the largest page that can identity-map @addr
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
	return pick_level(ept, addr, addr, end, LVD_EPT_MEMTYPE_OPS, type);
}

static lvd_root u64 leaf_entry(u64 addr, unsigned int level, u64 perm, int type)
{
	return addr | perm | ((u64)type << LVD_EPTE_MEMTYPE_SHIFT) |
	       (level > LVD_EPT_LEVEL_4K ? LVD_EPTE_LARGE : 0);
}

/* Does leaf @e at @level already map guest [@gpa, @end) as @req asks? */
static lvd_root bool leaf_maps(const struct lvd_ept *ept, const struct map_req *req, u64 e,
			       unsigned int level, u64 gpa, u64 end)
{
	u64 base = gpa & ~(lvd_ept_level_size(level) - 1);
	int type = req->type;

	if (type == LVD_EPT_MEMTYPE_OPS)
		type = ept->ops->memtype(ept->ctx, gpa + req->offset, end + req->offset);
	return type != LVD_MTRR_MIXED &&
	       e == leaf_entry(base + req->offset, level, req->perm, type);
}

/* Does replacing leaf @old by leaf @new remove or reduce anything? */
static lvd_root bool reduces(u64 old, u64 new)
{
	return ((old ^ new) & ~LVD_EPTE_RWX) || (old & ~new & LVD_EPTE_RWX);
}

/*
 * Make *@e at @level the leaf @new, whatever it was: a page of the view's
 * own, a table of its own, the background or nothing.
 */
static lvd_root void put_leaf(struct lvd_ept *ept, u64 *e, unsigned int level, u64 new)
{
	u64 old = *e;
	bool own = is_own(ept, old, level);

	set_entry(e, new);
	if (own && is_leaf(old, level)) {
		if (reduces(old, new))
			ept->needs_flush = true;
		return;
	}
	ept->leaves[level]++;
	if (own)
		unlink_tables(ept, old & LVD_EPTE_ADDR_MASK, level - 1);
	else if (is_present(old))
		ept->needs_flush = true;	/* it translated to the background */
}

static lvd_root int map_level(struct lvd_ept *ept, const struct map_req *req, u64 *table,
			      unsigned int level, u64 start, u64 end)
{
	u64 size = lvd_ept_level_size(level);
	u64 addr = start;

	while (addr < end) {
		u64 *e = &table[ept_index(addr, level)];
		u64 next = (addr & ~(size - 1)) + size;
		u64 sub_end = next < end && next > addr ? next : end;
		bool own = is_own(ept, *e, level);
		unsigned int leaf;
		int type, ret;

		if (own && is_leaf(*e, level) &&
		    (!req->replace || leaf_maps(ept, req, *e, level, addr, sub_end)))
			goto next;	/* keep it, or it maps what is asked */
		if ((!own || req->replace) && level <= ept->max_level) {
			leaf = pick_level(ept, addr, addr + req->offset, sub_end, req->type, &type);
			if (leaf == level) {
				put_leaf(ept, e, level,
					 leaf_entry(addr + req->offset, level, req->perm, type));
				goto next;
			}
		}
		if (level == LVD_EPT_LEVEL_4K)
			return -EINVAL;		/* a 4 KB page without one type */
		if (!own) {
			u64 pa;

			/* Nothing, or the background: a table of our own. */
			if (!new_table(ept, &pa, level - 1))
				return -ENOMEM;
			set_entry(e, pa | LVD_EPTE_RWX);
		} else if (is_leaf(*e, level)) {
			ret = split(ept, e, level);
			if (ret)
				return ret;
		}
		ret = map_level(ept, req, table_of(ept, *e), level - 1, addr, sub_end);
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
 * Read, write and execute permission, the memory type ops->memtype gives.
 * Parts already mapped are left alone, whatever they map. On failure what
 * was mapped stays mapped (the hierarchy stays consistent). Only adds:
 * needs no flush.
 *
 * For the kernel's view, which has no background: a hierarchy with a
 * background is refused (with one, "only adds" would not hold).
 *
 * Return: 0; -ENOMEM when a table page could not be had; -EINVAL when a
 * 4 KB page has no single memory type; -EBUSY when @ept has a background.
 */
lvd_root int lvd_ept_map(struct lvd_ept *ept, u64 start, u64 end)
{
	struct map_req req = { .perm = LVD_EPTE_RWX, .type = LVD_EPT_MEMTYPE_OPS };

	if (has_background(ept))
		return -EBUSY;
	start &= ~(LVD_EPT_PAGE_SIZE - 1);
	end = (end + LVD_EPT_PAGE_SIZE - 1) & ~(LVD_EPT_PAGE_SIZE - 1);
	if (end <= start)
		return 0;
	return map_level(ept, &req, ept->pml4, EPT_TABLE_LEVEL, start, end);
}

/* Is [@gpa, @gpa + @size) a non-empty 4 KB-aligned range EPT translates? */
static lvd_root bool gpa_range_ok(u64 gpa, u64 size)
{
	return !((gpa | size) & (LVD_EPT_PAGE_SIZE - 1)) && size &&
	       gpa + size > gpa && gpa + size <= BIT_ULL(LVD_EPT_GPA_BITS);
}

/* Are @perm permissions a present leaf may have on this CPU (28.2.3.1)? */
static lvd_root bool perm_ok(const struct lvd_ept *ept, u64 perm)
{
	if (!perm || (perm & ~LVD_EPTE_RWX))
		return false;
	if ((perm & LVD_EPTE_WRITE) && !(perm & LVD_EPTE_READ))
		return false;
	return perm != LVD_EPTE_EXEC || ept->exec_only;
}

/* One past the highest host-physical address an entry may hold (MAXPHYADDR). */
static lvd_root u64 host_end(const struct lvd_ept *ept)
{
	return BIT_ULL(ept->phys_bits < LVD_MAXPHYADDR_LIMIT ? ept->phys_bits :
		       LVD_MAXPHYADDR_LIMIT);
}

/* Give the background entry of @level to every non-present entry below @t. */
static lvd_root void fill_background(struct lvd_ept *ept, u64 *t, unsigned int level)
{
	unsigned int i;

	for (i = 0; i < LVD_EPT_ENTRIES; i++) {
		if (!is_present(t[i]))
			set_entry(&t[i], ept->background[level]);
		else if (!is_leaf(t[i], level))
			fill_background(ept, table_of(ept, t[i]), level - 1);
	}
}

/**
 * lvd_ept_set_background() - translate everything @ept does not map itself
 * to one host page
 * @ept: the hierarchy (a domain's view)
 * @hpa: the host page, 4 KB-aligned, below 2^@ept->phys_bits
 * @perm: its permissions, as for lvd_ept_map_to() (read only for a
 *	  domain's root page table)
 *
 * Every guest-physical address of the 2^48 bytes EPT translates that @ept
 * does not map, now or after a later lvd_ept_unmap(), then maps @hpa with
 * @perm, memory type write-back, in 4 KB pages (ept.h, "background"). Takes
 * three table pages (@ept->tables_background), which stay until
 * lvd_ept_destroy(). Only fills entries that were not present: needs no
 * flush. lvd_ept_map() refuses @ept afterwards; lvd_ept_hole() finds no
 * hole in it.
 *
 * Return: 0; -EINVAL for a misaligned or too high @hpa or permissions
 * lvd_ept_map_to() refuses; -EBUSY when @ept has a background already;
 * -ENOMEM when the three pages could not be had. Nothing changed on error.
 */
lvd_root int lvd_ept_set_background(struct lvd_ept *ept, u64 hpa, u64 perm)
{
	u64 *t[EPT_TABLE_LEVEL + 1], pa[EPT_TABLE_LEVEL + 1];
	u64 entry[EPT_TABLE_LEVEL + 1];
	unsigned int level, i;

	if ((hpa & (LVD_EPT_PAGE_SIZE - 1)) || hpa >= host_end(ept) || !perm_ok(ept, perm))
		return -EINVAL;
	if (has_background(ept))
		return -EBUSY;
	/* t[1]: the page table, t[2]: the page directory, t[3]: the PDPT. */
	for (level = LVD_EPT_LEVEL_4K; level < EPT_TABLE_LEVEL; level++) {
		t[level] = ept->ops->alloc_table(ept->ctx, &pa[level]);
		if (!t[level]) {
			while (--level >= LVD_EPT_LEVEL_4K)
				ept->ops->free_table(ept->ctx, t[level], pa[level]);
			return -ENOMEM;
		}
	}
	/* The entry for "nothing of the view's own" at each level. */
	entry[LVD_EPT_LEVEL_4K] = leaf_entry(hpa, LVD_EPT_LEVEL_4K, perm, LVD_MEMTYPE_WB) |
				  LVD_EPTE_SW_BACKGROUND;
	for (level = LVD_EPT_LEVEL_2M; level <= EPT_TABLE_LEVEL; level++)
		entry[level] = pa[level - 1] | LVD_EPTE_RWX;
	/* Each background table is complete before anything points to it. */
	for (level = LVD_EPT_LEVEL_4K; level < EPT_TABLE_LEVEL; level++)
		for (i = 0; i < LVD_EPT_ENTRIES; i++)
			t[level][i] = entry[level];
	for (level = LVD_EPT_LEVEL_4K; level <= EPT_TABLE_LEVEL; level++)
		ept->background[level] = entry[level];
	ept->tables_background = EPT_TABLE_LEVEL - 1;
	fill_background(ept, ept->pml4, EPT_TABLE_LEVEL);
	return 0;
}

/**
 * lvd_ept_map_to() - map guest-physical [@gpa, @gpa + @size) to host-physical
 * [@hpa, @hpa + @size) with permissions @perm and memory type @type
 * @ept: the hierarchy
 * @gpa: first guest-physical byte, 4 KB-aligned
 * @hpa: first host-physical byte, 4 KB-aligned
 * @size: bytes, a non-zero multiple of 4 KB
 * @perm: LVD_EPTE_READ, LVD_EPTE_WRITE, LVD_EPTE_EXEC: read, read-write,
 *	  read-execute, read-write-execute, or execute only if @ept->exec_only
 * @type: the memory type (LVD_MEMTYPE_UC, _WC, _WT, _WP, _WB), combined
 *	  with the guest's PAT (28.2.6.2); or LVD_EPT_MEMTYPE_OPS: the type
 *	  ops->memtype gives the host range of each page
 *
 * Pages are as large as the alignment of both @gpa and @hpa, @size,
 * @ept->max_level and (with LVD_EPT_MEMTYPE_OPS) the uniformity of the
 * type allow. What the range mapped before is replaced: afterwards every
 * page of it maps the host page at the same offset from @hpa, with @perm
 * and @type. A page that already maps exactly that is left alone (and a
 * large page that does is not split). Replacing a page that mapped another
 * address or type, or more permissions, splitting a large page that the
 * range only partly covers, replacing smaller pages by a larger one and
 * mapping over the background set lvd_ept_needs_flush(); mapping where
 * nothing was mapped, or adding permissions, does not.
 *
 * On -ENOMEM the hierarchy stays consistent: each page of the range maps
 * either what it mapped before or what was asked (a large page that was
 * split maps what it did, in smaller pages). Calling again with the same
 * arguments finishes the job.
 *
 * Return: 0; -EINVAL for a misaligned or empty range, one past the 48 bits
 * of guest-physical address EPT translates or past 2^@ept->phys_bits on the
 * host side, permissions or a memory type the CPU would take as a
 * misconfiguration (write without read; execute-only without
 * @ept->exec_only; no permission at all: use lvd_ept_unmap(); types 2, 3,
 * 7), and when ops->memtype gives a 4 KB page no single type; -ENOMEM
 * when a table page could not be had. Nothing changed on -EINVAL, except
 * for the last reason.
 */
lvd_root int lvd_ept_map_to(struct lvd_ept *ept, u64 gpa, u64 hpa, u64 size, u64 perm, int type)
{
	struct map_req req = { .offset = hpa - gpa, .perm = perm, .type = type, .replace = true };

	if (!gpa_range_ok(gpa, size) || (hpa & (LVD_EPT_PAGE_SIZE - 1)) ||
	    hpa + size < hpa || hpa + size > host_end(ept) || !perm_ok(ept, perm))
		return -EINVAL;
	if (type != LVD_EPT_MEMTYPE_OPS &&
	    (type < 0 || (u64)type > LVD_EPTE_MEMTYPE_MASK >> LVD_EPTE_MEMTYPE_SHIFT ||
	     (BIT(type) & LVD_EPT_MEMTYPE_RESERVED_SET)))
		return -EINVAL;
	return map_level(ept, &req, ept->pml4, EPT_TABLE_LEVEL, gpa, gpa + size);
}

/*
 * How many large pages lvd_ept_protect() (@perm) or lvd_ept_unmap() (@perm
 * 0) of [@gpa, @end) will split: those that the range only partly covers
 * and whose permissions change. Such a page holds an end of the range;
 * after it is split, the smaller page that holds that end may need the same.
 */
static lvd_root unsigned int count_splits(const struct lvd_ept *ept, u64 gpa, u64 end, u64 perm)
{
	u64 edges[2] = { gpa, end - 1 };
	u64 bases[EPT_SPLITS_MAX];
	unsigned int levels[EPT_SPLITS_MAX];
	unsigned int n = 0, i, j, level;

	for (i = 0; i < ARRAY_SIZE(edges); i++) {
		u64 *e = lvd_ept_leaf_ptr(ept, edges[i], &level);

		if (!e || (*e & LVD_EPTE_RWX) == perm)
			continue;
		for (; level > LVD_EPT_LEVEL_4K; level--) {
			u64 size = lvd_ept_level_size(level);
			u64 base = edges[i] & ~(size - 1);

			if (base >= gpa && base + size <= end)
				break;		/* wholly inside: changed whole */
			for (j = 0; j < n && (levels[j] != level || bases[j] != base); j++)
				;
			if (j == n && n < EPT_SPLITS_MAX) {
				levels[n] = level;
				bases[n++] = base;
			}
		}
	}
	return n;
}

static lvd_root int protect_level(struct lvd_ept *ept, u64 *table, unsigned int level,
				  u64 start, u64 end, u64 perm)
{
	u64 size = lvd_ept_level_size(level);
	u64 addr = start;

	while (addr < end) {
		u64 *e = &table[ept_index(addr, level)];
		u64 next = (addr & ~(size - 1)) + size;
		u64 sub_end = next < end ? next : end;
		int ret;

		if (!is_own(ept, *e, level) ||
		    (is_leaf(*e, level) && (*e & LVD_EPTE_RWX) == perm))
			goto next;	/* nothing, the background, or as asked */
		if (is_leaf(*e, level)) {
			if (!(addr & (size - 1)) && sub_end == next) {
				if (*e & ~perm & LVD_EPTE_RWX)
					ept->needs_flush = true;
				set_entry(e, (*e & ~LVD_EPTE_RWX) | perm);
				goto next;
			}
			ret = split(ept, e, level);
			if (ret)
				return ret;
		}
		ret = protect_level(ept, table_of(ept, *e), level - 1, addr, sub_end, perm);
		if (ret)
			return ret;
next:
		addr = next;
	}
	return 0;
}

/**
 * lvd_ept_protect() - set the permissions of every mapped page of
 * guest-physical [@gpa, @gpa + @size)
 * @ept: the hierarchy
 * @gpa: first byte, 4 KB-aligned
 * @size: bytes, a non-zero multiple of 4 KB
 * @perm: the new permissions, as for lvd_ept_map_to()
 *
 * Pages keep their target and memory type; pages that are not mapped stay
 * unmapped, and those the background covers keep the background (whose
 * tables never change). A large page that the range only partly covers,
 * and whose permissions change, is split (pages are never merged back;
 * mapping the range again with lvd_ept_map_to() does that). Taking a
 * permission away, or splitting, sets lvd_ept_needs_flush(); only adding
 * does not.
 *
 * All or nothing: the table pages the splits need are taken first, so on
 * -ENOMEM nothing changed (the pages that could be had are kept for the
 * next try, see @ept->tables_spare).
 *
 * Return: 0; -EINVAL for a range as lvd_ept_map_to() refuses or
 * permissions it refuses (nothing changed); -ENOMEM.
 */
lvd_root int lvd_ept_protect(struct lvd_ept *ept, u64 gpa, u64 size, u64 perm)
{
	int ret;

	if (!gpa_range_ok(gpa, size) || !perm_ok(ept, perm))
		return -EINVAL;
	ret = reserve_tables(ept, count_splits(ept, gpa, gpa + size, perm));
	if (ret)
		return ret;
	return protect_level(ept, ept->pml4, EPT_TABLE_LEVEL, gpa, gpa + size, perm);
}

/* Does table @t (entries of @level) hold nothing of the view's own? */
static lvd_root bool table_empty(const struct lvd_ept *ept, const u64 *t, unsigned int level)
{
	unsigned int i;

	for (i = 0; i < LVD_EPT_ENTRIES; i++)
		if (is_own(ept, t[i], level))
			return false;
	return true;
}

static lvd_root int unmap_level(struct lvd_ept *ept, u64 *table, unsigned int level,
				u64 start, u64 end)
{
	u64 size = lvd_ept_level_size(level);
	u64 addr = start;

	while (addr < end) {
		u64 *e = &table[ept_index(addr, level)];
		u64 next = (addr & ~(size - 1)) + size;
		u64 sub_end = next < end ? next : end;
		u64 old = *e;
		int ret;

		if (!is_own(ept, old, level))
			goto next;		/* nothing, or the background */
		if (!(addr & (size - 1)) && sub_end == next) {
			/* The whole entry goes: 0, or the background. */
			set_entry(e, ept->background[level]);
			ept->needs_flush = true;
			if (is_leaf(old, level))
				ept->leaves[level]--;
			else
				unlink_tables(ept, old & LVD_EPTE_ADDR_MASK, level - 1);
			goto next;
		}
		if (is_leaf(old, level)) {
			ret = split(ept, e, level);
			if (ret)
				return ret;
		}
		ret = unmap_level(ept, table_of(ept, *e), level - 1, addr, sub_end);
		if (ret)
			return ret;
		if (table_empty(ept, table_of(ept, *e), level - 1)) {
			old = *e;
			set_entry(e, ept->background[level]);
			unlink_tables(ept, old & LVD_EPTE_ADDR_MASK, level - 1);
		}
next:
		addr = next;
	}
	return 0;
}

/**
 * lvd_ept_unmap() - unmap guest-physical [@gpa, @gpa + @size)
 * @ept: the hierarchy
 * @gpa: first byte, 4 KB-aligned
 * @size: bytes, a non-zero multiple of 4 KB
 *
 * Parts not mapped are skipped. A large page that the range only partly
 * covers is split and keeps the part outside the range; a table page left
 * with nothing mapped is taken out of the hierarchy (and freed by
 * lvd_ept_flush_done()). Sets lvd_ept_needs_flush() when anything was
 * mapped there. With a background, what was unmapped translates to the
 * background again, and an emptied table is replaced by the pointer to the
 * background table of its level.
 *
 * All or nothing, as lvd_ept_protect(): on -ENOMEM nothing changed.
 *
 * Return: 0; -EINVAL for a range as lvd_ept_map_to() refuses (nothing
 * changed); -ENOMEM.
 */
lvd_root int lvd_ept_unmap(struct lvd_ept *ept, u64 gpa, u64 size)
{
	int ret;

	if (!gpa_range_ok(gpa, size))
		return -EINVAL;
	ret = reserve_tables(ept, count_splits(ept, gpa, gpa + size, 0));
	if (ret)
		return ret;
	return unmap_level(ept, ept->pml4, EPT_TABLE_LEVEL, gpa, gpa + size);
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
 * Where only the background covers @gpa, the leaf is the background leaf
 * (level LVD_EPT_LEVEL_4K), possibly in a background table that many
 * entries share: never write through a pointer to an entry that equals
 * @ept->background[LVD_EPT_LEVEL_4K].
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
 * Return: 0, or -EEXIST when @gpa is mapped, which every address of a
 * hierarchy with a background is.
 */
lvd_root int lvd_ept_hole(const struct lvd_ept *ept, u64 gpa, u64 *start, u64 *end)
{
	unsigned int level;
	u64 size;

	if (has_background(ept) || lvd_ept_lookup(ept, gpa, &level))
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

/**
 * lvd_eptp_valid() - is @eptp an EPT pointer this LVD may hand to a CPU
 * @eptp: the value
 * @phys_bits: MAXPHYADDR
 *
 * What VM entry and VMFUNC check (SDM Vol. 3C 24.6.11, 26.2.1.1): memory
 * type write-back (the only one LVD uses), a 4-level walk, no accessed and
 * dirty flags (LVD does not enable them), reserved bits 11:7 and 63:MAXPHYADDR
 * clear. A wrong EPTP in an EPTP list makes VMFUNC exit instead of switching.
 *
 * Return: true when valid.
 */
lvd_root bool lvd_eptp_valid(u64 eptp, unsigned int phys_bits)
{
	if ((eptp & LVD_EPTP_MEMTYPE_MASK) != LVD_MEMTYPE_WB ||
	    (eptp & LVD_EPTP_WALK_LENGTH_MASK) !=
	    ((u64)(LVD_EPT_LEVELS - 1) << LVD_EPTP_WALK_LENGTH_SHIFT) ||
	    (eptp & (LVD_EPTP_AD_ENABLE | LVD_EPTP_RESERVED_LOW)))
		return false;
	return phys_bits >= 64 || !(eptp >> phys_bits);
}
