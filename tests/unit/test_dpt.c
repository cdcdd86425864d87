// unit-deps: kernel/dpt.c
// SPDX-License-Identifier: GPL-2.0
/*
 * tests/unit/test_dpt.c - the domain page-table builder (kernel/dpt.c):
 * rights per kind of page (W^X in the tables and in the view), accessed and
 * dirty bits set in advance everywhere, supervisor-only entries, 4- and
 * 5-level tables, refusals, allocation failure.
 */
#include <stdio.h>
#include <stdlib.h>
#include <lvd/compat.h>
#include "../../kernel/dpt.h"
#include "tap.h"

#define MAX_TABLES	64
#define GPA_BASE	0x4000000000ULL

static u64 *pages[MAX_TABLES];
static int npages, fail_after = -1;

static u64 *fake_alloc(void *ctx, u64 *gpa)
{
	(void)ctx;
	if (npages == MAX_TABLES || fail_after == 0)
		return NULL;
	if (fail_after > 0)
		fail_after--;
	pages[npages] = calloc(LVD_PT_ENTRIES, sizeof(u64));
	*gpa = GPA_BASE + (u64)npages * LVD_PAGE_SIZE;
	return pages[npages++];
}

static u64 *fake_va(void *ctx, u64 gpa)
{
	u64 i = (gpa - GPA_BASE) / LVD_PAGE_SIZE;

	(void)ctx;
	return gpa >= GPA_BASE && i < (u64)npages ? pages[i] : NULL;
}

static const struct lvd_dpt_ops ops = { .alloc_table = fake_alloc, .table_va = fake_va };

static void reset(void)
{
	while (npages)
		free(pages[--npages]);
	fail_after = -1;
}

/* Every table entry reachable from the root: P, RW, A, never U/S or PS. */
static bool tables_ok(const u64 *t, unsigned int level)
{
	unsigned int i;

	for (i = 0; i < LVD_PT_ENTRIES; i++) {
		u64 e = t[i];

		if (!e)
			continue;
		if (level == 1) {
			if ((e & (LVD_PTE_PRESENT | LVD_PTE_ACCESSED | LVD_PTE_DIRTY)) !=
			    (LVD_PTE_PRESENT | LVD_PTE_ACCESSED | LVD_PTE_DIRTY) ||
			    (e & LVD_PTE_USER) || ((e & LVD_PTE_RW) && !(e & LVD_PTE_NX)))
				return false;
			continue;
		}
		if ((e & (LVD_PTE_PRESENT | LVD_PTE_RW | LVD_PTE_ACCESSED)) !=
		    (LVD_PTE_PRESENT | LVD_PTE_RW | LVD_PTE_ACCESSED) ||
		    (e & (LVD_PTE_USER | LVD_PTE_LARGE | LVD_PTE_NX)) ||
		    !tables_ok(fake_va(NULL, e & LVD_PTE_ADDR_MASK), level - 1))
			return false;
	}
	return true;
}

static void test_levels(unsigned int levels)
{
	struct lvd_dpt d;
	u64 va = 0xffffffff83c10000ULL, e;
	unsigned int i;

	reset();
	TAP_OK(lvd_dpt_init(&d, &ops, NULL, levels) == 0 && d.tables == 1 &&
	       d.root_gpa == GPA_BASE, "%u-level: init makes a root", levels);
	TAP_OK(lvd_dpt_map(&d, va, 0x100000000ULL, LVD_DPAGE_TEXT) == 0 &&
	       d.tables == levels, "%u-level: the first page needs one table per level", levels);
	TAP_OK(lvd_dpt_map(&d, va + 0x1000, 0x100001000ULL, LVD_DPAGE_RO) == 0 &&
	       lvd_dpt_map(&d, va + 0x2000, 0x100002000ULL, LVD_DPAGE_RW) == 0 &&
	       d.tables == levels && d.leaves == 3,
	       "%u-level: neighbours share the tables", levels);
	e = lvd_dpt_lookup(&d, va);
	TAP_OK((e & LVD_PTE_ADDR_MASK) == 0x100000000ULL && !(e & LVD_PTE_RW) &&
	       !(e & LVD_PTE_NX), "%u-level: text: executable, not writable (%#llx)", levels,
	       (unsigned long long)e);
	e = lvd_dpt_lookup(&d, va + 0x1000);
	TAP_OK(!(e & LVD_PTE_RW) && (e & LVD_PTE_NX), "%u-level: read-only data: NX, not writable",
	       levels);
	e = lvd_dpt_lookup(&d, va + 0x2000);
	TAP_OK((e & LVD_PTE_RW) && (e & LVD_PTE_NX), "%u-level: data: writable, NX", levels);
	TAP_OK(lvd_dpt_lookup(&d, va + 0x3000) == 0 && lvd_dpt_lookup(&d, va - 0x1000) == 0 &&
	       lvd_dpt_lookup(&d, 0x1000) == 0, "%u-level: unmapped neighbours read 0", levels);
	TAP_OK(lvd_dpt_map(&d, va, 0x200000000ULL, LVD_DPAGE_RW) == -EEXIST &&
	       (lvd_dpt_lookup(&d, va) & LVD_PTE_ADDR_MASK) == 0x100000000ULL,
	       "%u-level: a mapped page is not remapped (-EEXIST)", levels);
	TAP_OK(lvd_dpt_map(&d, va + 1, 0x1000, LVD_DPAGE_RW) == -EINVAL &&
	       lvd_dpt_map(&d, va + 0x5000, 0x1001, LVD_DPAGE_RW) == -EINVAL &&
	       lvd_dpt_map(&d, va + 0x5000, 1ULL << 52, LVD_DPAGE_RW) == -EINVAL,
	       "%u-level: misaligned addresses and GPAs past 52 bits refused", levels);
	TAP_OK(lvd_dpt_map(&d, levels == 4 ? 0x0000800000000000ULL : 0x0100000000000000ULL,
			   0x1000, LVD_DPAGE_RW) == -EINVAL,
	       "%u-level: a non-canonical address is refused", levels);
	/* Pages far apart: the module area and the direct map. */
	TAP_OK(lvd_dpt_map(&d, 0xffffffffc0010000ULL, 0x100003000ULL, LVD_DPAGE_TEXT) == 0 &&
	       lvd_dpt_map(&d, 0xffff888000100000ULL, 0x100004000ULL, LVD_DPAGE_RO) == 0 &&
	       d.leaves == 5, "%u-level: pages in other corners of the address space", levels);
	for (i = 0; i < 600; i++)
		if (lvd_dpt_map(&d, 0xffffffff90000000ULL + i * 0x1000ULL,
				0x110000000ULL + i * 0x1000ULL, i % 3) != 0)
			break;
	TAP_OK(i == 600 && (lvd_dpt_lookup(&d, 0xffffffff90000000ULL + 599 * 0x1000ULL) &
			     LVD_PTE_ADDR_MASK) == 0x110000000ULL + 599 * 0x1000ULL,
	       "%u-level: 600 pages across a 2 MB boundary", levels);
	TAP_OK(lvd_dpt_unmap(&d, va + 0x1000) == 0x100001000ULL && lvd_dpt_lookup(&d, va + 0x1000) == 0 &&
	       lvd_dpt_unmap(&d, va + 0x1000) == 0 && lvd_dpt_lookup(&d, va) != 0 &&
	       d.leaves == 604, "%u-level: unmap takes one page out, once", levels);
	TAP_OK(lvd_dpt_map(&d, va + 0x1000, 0x100009000ULL, LVD_DPAGE_RW) == 0 && d.leaves == 605,
	       "%u-level: an unmapped page can be mapped again", levels);
	TAP_OK(tables_ok(d.root, levels),
	       "%u-level: every entry: A (and D on leaves) preset, supervisor, no large page, W^X",
	       levels);
}

static void test_alloc_failure(void)
{
	struct lvd_dpt d;
	u64 va = 0xffffffff83c10000ULL;

	reset();
	fail_after = 0;
	TAP_OK(lvd_dpt_init(&d, &ops, NULL, 4) == -ENOMEM, "init without a page: -ENOMEM");
	reset();
	TAP_OK(lvd_dpt_init(&d, &ops, NULL, 3) == -EINVAL, "3-level tables refused");
	TAP_OK(lvd_dpt_init(&d, &ops, NULL, 4) == 0, "init");
	fail_after = 1;
	TAP_OK(lvd_dpt_map(&d, va, 0x1000, LVD_DPAGE_RW) == -ENOMEM && d.leaves == 0 &&
	       lvd_dpt_lookup(&d, va) == 0, "out of table pages half-way: -ENOMEM, nothing mapped");
	fail_after = -1;
	TAP_OK(lvd_dpt_map(&d, va, 0x1000, LVD_DPAGE_RW) == 0 && d.tables == 4 &&
	       tables_ok(d.root, 4), "the retry finishes the path, consistent");
}

static void test_rights(void)
{
	TAP_OK(lvd_dpt_view_perm(LVD_DPAGE_TEXT, true) == LVD_DPT_VIEW_X &&
	       lvd_dpt_view_perm(LVD_DPAGE_TEXT, false) == (LVD_DPT_VIEW_R | LVD_DPT_VIEW_X),
	       "view: text execute-only, read-execute without the capability");
	TAP_OK(lvd_dpt_view_perm(LVD_DPAGE_RO, true) == LVD_DPT_VIEW_R &&
	       lvd_dpt_view_perm(LVD_DPAGE_RW, false) == (LVD_DPT_VIEW_R | LVD_DPT_VIEW_W),
	       "view: read-only data R, data RW, neither executable");
	TAP_OK(!(lvd_dpt_leaf_bits(LVD_DPAGE_TEXT) & (LVD_PTE_RW | LVD_PTE_NX | LVD_PTE_USER)) &&
	       (lvd_dpt_leaf_bits(LVD_DPAGE_RW) & (LVD_PTE_RW | LVD_PTE_NX)) ==
	       (LVD_PTE_RW | LVD_PTE_NX), "tables: text neither writable nor NX; data both");
}

int main(void)
{
	test_levels(LVD_PT_LEVELS_4);
	test_levels(LVD_PT_LEVELS_5);
	test_alloc_failure();
	test_rights();
	reset();
	return tap_done();
}
