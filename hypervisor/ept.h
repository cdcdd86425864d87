/* SPDX-License-Identifier: GPL-2.0 */
/*
 * hypervisor/ept.h - build and walk identity-mapped EPT paging structures.
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

/**
 * struct lvd_ept_ops - what the builder needs from its environment
 * @alloc_table: return a zeroed, 4 KB-aligned 4 KB page and its physical
 *		 address in *@pa, or NULL when none is left
 * @free_table: give back a page from @alloc_table
 * @phys_to_virt: where a page from @alloc_table is mapped
 * @memtype: the memory type of [@start, @end) (an LVD_MEMTYPE_* value) or
 *	     LVD_MTRR_MIXED when it is not uniform; a 4 KB page must have one
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
 * @leaves:	number of leaf entries per level (index LVD_EPT_LEVEL_*)
 * @tables:	number of paging-structure pages, the root included
 */
struct lvd_ept {
	const struct lvd_ept_ops *ops;
	void *ctx;
	u64 *pml4;
	u64 pml4_pa;
	unsigned int max_level;
	u64 leaves[LVD_EPT_LEVEL_1G + 1];
	u64 tables;
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

/* Bytes mapped by one entry at @level (1: 4 KB ... 4: 512 GB). */
static inline u64 lvd_ept_level_size(unsigned int level)
{
	return LVD_EPT_PAGE_SIZE << (LVD_EPT_LEVEL_BITS * (level - 1));
}

#endif /* LVD_HV_EPT_H */
