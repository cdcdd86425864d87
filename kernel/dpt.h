/* SPDX-License-Identifier: GPL-2.0 */
/*
 * kernel/dpt.h - a domain's page tables: 4- or 5-level IA-32e tables that
 * map a domain's virtual pages to its guest-physical pages, with the
 * rights of each kind of page and every accessed and dirty bit set in
 * advance, because the tables are read-only to the domain in its EPT view
 * and the CPU must never need to write them (a real CPU takes an EPT
 * violation where Bochs sets the bits anyway: DESIGN.md 5).
 *
 * Pure logic: table pages come from the caller (struct lvd_dpt_ops);
 * tests/unit/test_dpt.c runs it in user space.
 */
#ifndef LVD_KERNEL_DPT_H
#define LVD_KERNEL_DPT_H

#include <lvd/compat.h>
#include <lvd/hw/paging.h>

/**
 * enum lvd_dpage_kind - what a domain page is for, which decides its rights
 * @LVD_DPAGE_TEXT:	code: execute (and read where the EPT cannot give
 *			execute-only), never write
 * @LVD_DPAGE_RO:	read-only data: read, never write or execute
 * @LVD_DPAGE_RW:	data, stacks: read and write, never execute
 */
enum lvd_dpage_kind {
	LVD_DPAGE_TEXT,
	LVD_DPAGE_RO,
	LVD_DPAGE_RW,
};

/* View permissions (include/lvd/view.h's LVD_VIEW_R/W/X values). */
#define LVD_DPT_VIEW_R	0x1
#define LVD_DPT_VIEW_W	0x2
#define LVD_DPT_VIEW_X	0x4

/**
 * struct lvd_dpt_ops - where table pages come from
 * @alloc_table: a zeroed 4 KB page for a table: its address for the
 *		 builder, and in *@gpa the guest-physical address the domain's
 *		 tables refer to it by; NULL when none is left
 * @table_va:	 the builder's address of a table page from its @gpa
 */
struct lvd_dpt_ops {
	u64 *(*alloc_table)(void *ctx, u64 *gpa);
	u64 *(*table_va)(void *ctx, u64 gpa);
};

/**
 * struct lvd_dpt - one domain's page tables
 * @ops:	table pages
 * @ctx:	passed to them
 * @levels:	4 or 5 (the kernel's paging mode: CR3 means the same to both)
 * @root:	the root table
 * @root_gpa:	its guest-physical address
 * @tables:	table pages in use, the root included
 * @leaves:	pages mapped
 */
struct lvd_dpt {
	const struct lvd_dpt_ops *ops;
	void *ctx;
	unsigned int levels;
	u64 *root;
	u64 root_gpa;
	unsigned int tables;
	unsigned int leaves;
};

int lvd_dpt_init(struct lvd_dpt *dpt, const struct lvd_dpt_ops *ops, void *ctx,
		 unsigned int levels);
int lvd_dpt_map(struct lvd_dpt *dpt, u64 va, u64 gpa, enum lvd_dpage_kind kind);
u64 lvd_dpt_lookup(const struct lvd_dpt *dpt, u64 va);
u64 lvd_dpt_unmap(struct lvd_dpt *dpt, u64 va);
u64 lvd_dpt_leaf_bits(enum lvd_dpage_kind kind);
unsigned int lvd_dpt_view_perm(enum lvd_dpage_kind kind, bool exec_only);

#endif /* LVD_KERNEL_DPT_H */
