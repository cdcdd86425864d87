/* SPDX-License-Identifier: GPL-2.0 */
/*
 * hypervisor/ept.h - build, change and walk EPT paging structures: the
 * kernel's identity map (lvd_ept_map()) and views that map guest-physical
 * ranges to other host-physical ranges with chosen permissions
 * (lvd_ept_map_to(), lvd_ept_protect(), lvd_ept_unmap()).
 *
 * Pure logic: the caller supplies page-table pages, address translation and
 * memory types through struct lvd_ept_ops (ept_kernel.c in the module, a
 * malloc-backed fake in tests/unit/test_ept.c).
 */
#ifndef LVD_HV_EPT_H
#define LVD_HV_EPT_H

#include <lvd/compat.h>
#include <lvd/hw/ept.h>

/* Leaf levels: the page size an entry at that level maps. */
#define LVD_EPT_LEVEL_4K	1
#define LVD_EPT_LEVEL_2M	2
#define LVD_EPT_LEVEL_1G	3

/* lvd_ept_map_to()'s @type: the type ops->memtype gives the host range. */
#define LVD_EPT_MEMTYPE_OPS	(-2)

/*
 * Marks the background leaf (lvd_ept_set_background()) so that no mapping
 * a caller asks for ever equals it: bit 11 of an EPT entry that maps a
 * 4 KB page is ignored by the CPU (SDM Vol. 3C 28.2.2, Table 28-6).
 */
#define LVD_EPTE_SW_BACKGROUND	BIT_ULL(11)

/**
 * DOC: changing a view that CPUs use
 *
 * CPUs cache translations and paging-structure entries of an EPT (SDM Vol.
 * 3C 28.3.1) until INVEPT, so a change that removes or reduces a mapping
 * takes effect on a CPU only after INVEPT (single-context, with this
 * view's EPTP) on that CPU (28.3.3.4). The builder cannot execute INVEPT;
 * it keeps the bookkeeping and the caller does the rest:
 *
 * - A change that removes or reduces sets lvd_ept_needs_flush():
 *   lvd_ept_unmap() of anything mapped; lvd_ept_protect() taking a
 *   permission away; lvd_ept_map_to() over a page that mapped another
 *   address or memory type, or more permissions; splitting a large page
 *   (bit 7 and the address field change, although the small pages map the
 *   same); replacing smaller pages by a larger one; taking a table page
 *   out of the hierarchy.
 * - Adding needs no flush: a not-present entry is never cached (28.3.2), so
 *   a mapping where nothing was mapped is seen at once (lvd_ept_map() only
 *   ever adds). Adding permissions to a present page needs none either: a
 *   CPU that still uses the old permissions takes an EPT violation, which
 *   drops the stale translation (28.3.3.1), so the access succeeds when
 *   retried; the violation handler must take an access the view now allows
 *   as spurious and just resume.
 * - A table page that a change takes out of the hierarchy is not given back
 *   through ops->free_table: a CPU may still walk it through a cached entry
 *   above it. It is queued (@tables_unlinked), its entries left as they
 *   were except entry 0, which links the queue and reads as not present.
 * - After a change that set lvd_ept_needs_flush(), and before the memory
 *   it released is reused (the host pages the view no longer maps, or maps
 *   with less permission), the caller executes INVEPT for this view on
 *   every CPU that may have used it, then calls lvd_ept_flush_done(), which
 *   frees the queued table pages and clears lvd_ept_needs_flush().
 * - lvd_ept_flush_done() covers the changes made before the INVEPTs began:
 *   the caller makes no change between starting them and calling it (one
 *   lock held across change, INVEPT and lvd_ept_flush_done() does that).
 * - lvd_ept_destroy() may be called with a flush pending (no CPU uses the
 *   view any more then): it frees the queued table pages too.
 *
 * With a background (lvd_ept_set_background()) no entry is ever not
 * present: what the view does not map itself translates to the background
 * page. Setting the background only fills entries that were not present:
 * no flush. Mapping over the background changes what those addresses
 * translated to, so it sets lvd_ept_needs_flush() like replacing any other
 * page; unmapping puts the background back where it wrote 0 before (a
 * flush, as before). Copying a background table into a table of the view's
 * own before changing part of it translates the same: no flush by itself.
 */

/**
 * DOC: background
 *
 * A domain's view maps every guest-physical address it does not map itself
 * to one host page (the domain's root page table, read-only), so that
 * whatever CR3 the guest holds, its page walk starts at the domain's root.
 * Three table pages cover the whole 2^48 bytes: a page table whose 512
 * entries all map that page (the background leaf), a page directory whose
 * 512 entries all point to that page table, and a PDPT whose 512 entries
 * all point to that page directory. Each entry of the view's own tables
 * that maps nothing of its own holds the background entry of its level: a
 * PML4 entry points to the background PDPT, a PDPT entry to the background
 * page directory, a PD entry to the background page table, a PT entry is
 * the background leaf. The background tables are shared by all those
 * entries: the builder never writes them and never walks into them to
 * change anything; changing part of a range the background covers first
 * replaces the entry by a table of the view's own filled with the
 * background entries of the level below (copy on descend). A table of the
 * view's own left with only background entries is replaced by the pointer
 * to the background table again and taken out like an emptied table.
 *
 * The background leaf carries LVD_EPTE_SW_BACKGROUND, which the CPU
 * ignores, so a page the caller maps, even to the background page with the
 * background's permissions, is the caller's own page and stays so until
 * unmapped.
 */

/**
 * struct lvd_ept_ops - what the builder needs from its environment
 * @alloc_table: return a zeroed, 4 KB-aligned 4 KB page and its physical
 *		 address in *@pa, or NULL when none is left
 * @free_table: give back a page from @alloc_table; called only by
 *		lvd_ept_destroy() and lvd_ept_flush_done()
 * @phys_to_virt: where a page from @alloc_table is mapped
 * @memtype: the memory type of host-physical [@start, @end) (an
 *	     LVD_MEMTYPE_* value) or LVD_MTRR_MIXED when it is not uniform; a
 *	     4 KB page must have one
 */
struct lvd_ept_ops {
	void *(*alloc_table)(void *ctx, u64 *pa);
	void (*free_table)(void *ctx, void *va, u64 pa);
	void *(*phys_to_virt)(void *ctx, u64 pa);
	int (*memtype)(void *ctx, u64 start, u64 end);
};

/**
 * struct lvd_ept - one EPT hierarchy
 * @ops:	environment callbacks
 * @ctx:	passed to every callback
 * @pml4:	the root table
 * @pml4_pa:	its physical address
 * @max_level:	largest leaf allowed (LVD_EPT_LEVEL_*)
 * @exec_only:	the CPU supports execute-only pages: the caller sets it after
 *		lvd_ept_init() from IA32_VMX_EPT_VPID_CAP & LVD_EPT_CAP_EXEC_ONLY
 *		(false after init: execute-only mappings are refused)
 * @phys_bits:	MAXPHYADDR; lvd_ept_map_to() refuses host addresses at or
 *		above 2^@phys_bits (reserved bits, a misconfiguration). 52
 *		after init; the caller lowers it to CPUID.80000008H:EAX[7:0]
 * @needs_flush: a change removed or reduced a mapping since the last
 *		lvd_ept_flush_done() (see "changing a view that CPUs use")
 * @leaves:	number of leaf entries per level (index LVD_EPT_LEVEL_*) that
 *		the view maps itself; background leaves are not counted
 * @tables:	number of paging-structure pages of the view's own in the
 *		hierarchy, the root included; the background tables are not
 *		counted here
 * @tables_background: the background tables (see "background"): 3 once
 *		lvd_ept_set_background() succeeded, else 0
 * @background:	the entry that stands for "nothing of the view's own" at
 *		each level (index LVD_EPT_LEVEL_4K..LVD_EPT_LEVELS, 0 unused):
 *		the background leaf at LVD_EPT_LEVEL_4K, a pointer to the
 *		background table of the level below above it; all 0 (not
 *		present) without a background
 * @tables_unlinked: table pages taken out of the hierarchy, waiting for
 *		lvd_ept_flush_done()
 * @unlinked_pa: the last of them; entry 0 of each links the one before
 * @tables_spare: zeroed table pages allocated for a change that did not use
 *		them (a failed lvd_ept_unmap() or lvd_ept_protect()); the next
 *		table page comes from here
 * @spare_pa:	the last of them; entry 0 of each links the one before
 */
struct lvd_ept {
	const struct lvd_ept_ops *ops;
	void *ctx;
	u64 *pml4;
	u64 pml4_pa;
	unsigned int max_level;
	bool exec_only;
	unsigned int phys_bits;
	bool needs_flush;
	u64 leaves[LVD_EPT_LEVEL_1G + 1];
	u64 tables;
	u64 tables_background;
	u64 background[LVD_EPT_LEVELS + 1];
	u64 tables_unlinked;
	u64 unlinked_pa;
	u64 tables_spare;
	u64 spare_pa;
};

/**
 * struct lvd_range - a physical range [start, end) to map
 * @start: first byte
 * @end: one past the last byte
 */
struct lvd_range {
	u64 start;
	u64 end;
};

int lvd_ept_init(struct lvd_ept *ept, const struct lvd_ept_ops *ops, void *ctx,
		 unsigned int max_level);
void lvd_ept_destroy(struct lvd_ept *ept);
unsigned int lvd_ept_pick_level(const struct lvd_ept *ept, u64 addr, u64 end, int *type);
int lvd_ept_map(struct lvd_ept *ept, u64 start, u64 end);
size_t lvd_ranges_normalize(struct lvd_range *r, size_t n);
int lvd_ept_map_ranges(struct lvd_ept *ept, struct lvd_range *r, size_t n);
u64 *lvd_ept_leaf_ptr(const struct lvd_ept *ept, u64 gpa, unsigned int *level);
u64 lvd_ept_lookup(const struct lvd_ept *ept, u64 gpa, unsigned int *level);
int lvd_ept_hole(const struct lvd_ept *ept, u64 gpa, u64 *start, u64 *end);
u64 lvd_ept_eptp(const struct lvd_ept *ept);
int lvd_ept_set_background(struct lvd_ept *ept, u64 hpa, u64 perm);
int lvd_ept_map_to(struct lvd_ept *ept, u64 gpa, u64 hpa, u64 size, u64 perm, int type);
int lvd_ept_protect(struct lvd_ept *ept, u64 gpa, u64 size, u64 perm);
int lvd_ept_unmap(struct lvd_ept *ept, u64 gpa, u64 size);
bool lvd_ept_needs_flush(const struct lvd_ept *ept);
void lvd_ept_flush_done(struct lvd_ept *ept);
bool lvd_eptp_valid(u64 eptp, unsigned int phys_bits);

/* Bytes mapped by one entry at @level (1: 4 KB ... 4: 512 GB). */
static inline u64 lvd_ept_level_size(unsigned int level)
{
	return LVD_EPT_PAGE_SIZE << (LVD_EPT_LEVEL_BITS * (level - 1));
}

#endif /* LVD_HV_EPT_H */
