// SPDX-License-Identifier: GPL-2.0
/*
 * tests/unit/test_ept.c - the EPT builder on synthetic memory maps: holes,
 * MMIO, memory-type boundaries, ranges crossing 2 MB and 1 GB boundaries,
 * running out of table pages, and page-size choice.
 */
// unit-deps: hypervisor/ept.c hypervisor/mtrr.c
#include <stdio.h>
#include <stdlib.h>
#include <stdint.h>
#include <lvd/compat.h>
#include <lvd/hw/ept.h>
#include <lvd/hw/msr.h>
#include <lvd/hw/vmx.h>
#include "../../hypervisor/ept.h"
#include "../../hypervisor/mtrr.h"
#include "tap.h"

#define KB (1ULL << 10)
#define MB (1ULL << 20)
#define GB (1ULL << 30)

/* Environment: table pages from aligned_alloc, "physical" = virtual. */
struct env {
	struct lvd_mtrr mtrr;
	long allocs, frees, limit;
};

static void *fake_alloc(void *ctx, u64 *pa)
{
	struct env *e = ctx;
	void *p;

	if (e->limit >= 0 && e->allocs >= e->limit)
		return NULL;
	p = aligned_alloc(4096, 4096);
	if (!p)
		return NULL;
	memset(p, 0, 4096);
	e->allocs++;
	*pa = (u64)(uintptr_t)p;
	return p;
}

static void fake_free(void *ctx, void *va, u64 pa)
{
	struct env *e = ctx;

	(void)pa;
	e->frees++;
	free(va);
}

static void *fake_p2v(void *ctx, u64 pa)
{
	(void)ctx;
	return (void *)(uintptr_t)pa;
}

static int fake_memtype(void *ctx, u64 start, u64 end)
{
	return lvd_mtrr_type(&((struct env *)ctx)->mtrr, start, end);
}

static const struct lvd_ept_ops ops = {
	.alloc_table = fake_alloc,
	.free_table = fake_free,
	.phys_to_virt = fake_p2v,
	.memtype = fake_memtype,
};

static void set_var(struct lvd_mtrr *m, unsigned int i, u64 base, u64 size, int type)
{
	m->var[i].base = base | type;
	m->var[i].mask = (~(size - 1) & m->phys_mask) | LVD_MTRR_PHYSMASK_VALID;
	if (m->nvar <= i)
		m->nvar = i + 1;
}

/* Bochs-like MTRRs: fixed WB except UC 0xa0000-0xbffff, WB 0-4 GB, UC 3.5-4 GB. */
static void env_init(struct env *e)
{
	u64 fixed[LVD_MTRR_NUM_FIXED_MSRS];
	int i;

	memset(e, 0, sizeof(*e));
	e->limit = -1;
	e->mtrr.enabled = true;
	e->mtrr.fixed_enabled = true;
	e->mtrr.def_type = LVD_MEMTYPE_UC;
	e->mtrr.phys_mask = (1ULL << 40) - 1;
	for (i = 0; i < LVD_MTRR_NUM_FIXED_MSRS; i++)
		fixed[i] = 0x0606060606060606ULL;
	fixed[2] = 0;
	lvd_mtrr_set_fixed(&e->mtrr, fixed);
	set_var(&e->mtrr, 0, 0, 4 * GB, LVD_MEMTYPE_WB);
	set_var(&e->mtrr, 1, 3 * GB + 512 * MB, 512 * MB, LVD_MEMTYPE_UC);
}

/* Check that @gpa is mapped by a @level leaf of @type (identity). */
static void expect_map(struct lvd_ept *ept, u64 gpa, unsigned int level, int type,
		       const char *what)
{
	unsigned int l;
	u64 e = lvd_ept_lookup(ept, gpa, &l);
	u64 size = lvd_ept_level_size(level);
	bool ok = e && l == level &&
		  ((e & LVD_EPTE_MEMTYPE_MASK) >> LVD_EPTE_MEMTYPE_SHIFT) == (u64)type &&
		  (e & LVD_EPTE_ADDR_MASK) == (gpa & ~(size - 1)) &&
		  (e & LVD_EPTE_RWX) == LVD_EPTE_RWX && !(e & LVD_EPTE_IGNORE_PAT);

	TAP_OK(ok, "%s: %#llx -> entry %#llx level %u", what, (unsigned long long)gpa,
	       (unsigned long long)e, l);
}

static void expect_hole(struct lvd_ept *ept, u64 gpa, const char *what)
{
	unsigned int l;

	TAP_OK(!lvd_ept_lookup(ept, gpa, &l), "%s: %#llx not mapped", what,
	       (unsigned long long)gpa);
}

static void bochs_map(void)
{
	struct lvd_range map[] = {	/* deliberately unsorted, overlapping */
		{ 0x100000, 0xfff0000 },		/* RAM */
		{ 0, 0x9fc00 },				/* RAM */
		{ 0x9fc00, 0xa0000 },			/* reserved (EBDA) */
		{ 0xa0000, 0xc0000 },			/* video RAM */
		{ 0xc0000, 0xc9000 },			/* video ROM */
		{ 0xf0000, 0x100000 },			/* system ROM */
		{ 0xfff0000, 0x10000000 },		/* ACPI tables */
		{ 0xfec00000, 0xfec00400 },		/* IOAPIC, sub-page */
		{ 0xfee00000, 0xfee01000 },		/* local APIC */
		{ 0xfffc0000, 0x100000000ULL },		/* BIOS ROM */
		{ 0x200000, 0x300000 },			/* overlaps RAM */
	};
	struct lvd_ept ept;
	struct env env;
	u64 e;
	unsigned int l;
	u64 hs, he;

	env_init(&env);
	TAP_OK(lvd_ept_init(&ept, &ops, &env, LVD_EPT_LEVEL_1G) == 0, "init");
	TAP_OK(lvd_ept_map_ranges(&ept, map, ARRAY_SIZE(map)) == 0, "map the Bochs memory map");
	expect_map(&ept, 0x5000, LVD_EPT_LEVEL_4K, LVD_MEMTYPE_WB, "low RAM 4 KB (first 2 MB mixed)");
	expect_map(&ept, 0x9f000, LVD_EPT_LEVEL_4K, LVD_MEMTYPE_WB, "EBDA page, partial range rounded out");
	expect_map(&ept, 0xa0000, LVD_EPT_LEVEL_4K, LVD_MEMTYPE_UC, "video RAM UC");
	expect_hole(&ept, 0xc9000, "hole between video ROM and system ROM");
	expect_hole(&ept, 0xef000, "hole below system ROM");
	expect_map(&ept, 0xf0000, LVD_EPT_LEVEL_4K, LVD_MEMTYPE_WB, "system ROM");
	expect_map(&ept, 0x1ff000, LVD_EPT_LEVEL_4K, LVD_MEMTYPE_WB, "last page of the first 2 MB");
	expect_map(&ept, 0x200000, LVD_EPT_LEVEL_2M, LVD_MEMTYPE_WB, "RAM at 2 MB in a 2 MB page");
	expect_map(&ept, 0xffff000, LVD_EPT_LEVEL_2M, LVD_MEMTYPE_WB,
		   "RAM+ACPI merged into a 2 MB page at 254 MB");
	expect_hole(&ept, 0x10000000, "above RAM");
	expect_map(&ept, 0xfec00000, LVD_EPT_LEVEL_4K, LVD_MEMTYPE_UC, "IOAPIC UC");
	expect_hole(&ept, 0xfec01000, "page after IOAPIC");
	expect_map(&ept, 0xfee00000, LVD_EPT_LEVEL_4K, LVD_MEMTYPE_UC, "LAPIC UC");
	expect_map(&ept, 0xffffffff, LVD_EPT_LEVEL_4K, LVD_MEMTYPE_UC, "top of BIOS ROM");
	expect_hole(&ept, 0x100000000ULL, "4 GB");
	TAP_EQ(ept.leaves[LVD_EPT_LEVEL_4K], 0xc9 + 0x110 + 1 + 1 + 0x40,
	       "4 KB leaves only in the first 2 MB and the MMIO pages");
	TAP_EQ(ept.leaves[LVD_EPT_LEVEL_2M], 127, "127 2 MB leaves for 2-256 MB");
	TAP_EQ(ept.leaves[LVD_EPT_LEVEL_1G], 0, "no 1 GB leaf");
	TAP_EQ(ept.tables, 1 + 1 + 2 + 4, "tables: PML4, PDPT, 2 PDs, 4 PTs (low 2 MB, IOAPIC, LAPIC, BIOS)");
	TAP_EQ(env.allocs, ept.tables, "every table counted");

	/* Mapping again changes nothing. */
	TAP_OK(lvd_ept_map(&ept, 0x100000, 0x10000000) == 0 && ept.tables == 8 &&
	       ept.leaves[LVD_EPT_LEVEL_2M] == 127, "re-mapping mapped memory is a no-op");

	/* The hole at 0xc9000 is a 4 KB PT entry; at 4 GB a whole 1 GB. */
	TAP_OK(lvd_ept_hole(&ept, 0xc9123, &hs, &he) == 0 && hs == 0xc9000 && he == 0xca000,
	       "hole inside a PT is one page");
	TAP_OK(lvd_ept_hole(&ept, 0x10000000, &hs, &he) == 0 && hs == 0x10000000 &&
	       he == 0x10200000, "hole inside a PD is 2 MB");
	TAP_OK(lvd_ept_hole(&ept, 5 * GB + 3, &hs, &he) == 0 && hs == 5 * GB && he == 6 * GB,
	       "hole in an empty PDPT slot is 1 GB");
	TAP_OK(lvd_ept_hole(&ept, 600 * GB, &hs, &he) == 0 && hs == 600 * GB &&
	       he == 601 * GB, "hole in an empty PML4 slot is capped at 1 GB");
	TAP_OK(lvd_ept_hole(&ept, 0x5000, &hs, &he) == -EEXIST, "mapped address is no hole");
	lvd_ept_hole(&ept, 5 * GB + 3, &hs, &he);
	TAP_OK(lvd_ept_map(&ept, hs, he) == 0, "fill the 1 GB hole");
	expect_map(&ept, 5 * GB + 3, LVD_EPT_LEVEL_1G, LVD_MEMTYPE_UC,
		   "filled hole above 4 GB is a UC 1 GB page");
	e = lvd_ept_lookup(&ept, 0x10000000, &l);
	TAP_OK(!e && l == LVD_EPT_LEVEL_2M, "lookup reports the level of the missing entry");

	lvd_ept_destroy(&ept);
	TAP_EQ(env.frees, env.allocs, "destroy frees every table");
}

static void crossing(void)
{
	struct lvd_ept ept;
	struct env env;

	env_init(&env);
	lvd_ept_init(&ept, &ops, &env, LVD_EPT_LEVEL_1G);
	TAP_OK(lvd_ept_map(&ept, 512 * MB + 4 * KB, 2 * GB + 512 * MB) == 0,
	       "map 512 MB + 4 KB .. 2.5 GB");
	expect_hole(&ept, 512 * MB, "page before the range");
	expect_map(&ept, 512 * MB + 4 * KB, LVD_EPT_LEVEL_4K, LVD_MEMTYPE_WB, "unaligned start");
	expect_map(&ept, 514 * MB, LVD_EPT_LEVEL_2M, LVD_MEMTYPE_WB, "first 2 MB boundary");
	expect_map(&ept, 1 * GB, LVD_EPT_LEVEL_1G, LVD_MEMTYPE_WB, "1 GB page at 1 GB");
	expect_map(&ept, 2 * GB + 510 * MB, LVD_EPT_LEVEL_2M, LVD_MEMTYPE_WB, "last 2 MB page");
	expect_hole(&ept, 2 * GB + 512 * MB, "end of the range");
	TAP_EQ(ept.leaves[LVD_EPT_LEVEL_4K], 511, "511 4 KB pages up to 514 MB");
	TAP_EQ(ept.leaves[LVD_EPT_LEVEL_2M], 255 + 256, "2 MB pages on both sides of the 1 GB page");
	TAP_EQ(ept.leaves[LVD_EPT_LEVEL_1G], 1, "one 1 GB page");

	/* 3-4 GB: WB then the UC MMIO window at 3.5 GB: no 1 GB page. */
	TAP_OK(lvd_ept_map(&ept, 3 * GB, 4 * GB) == 0, "map 3-4 GB");
	expect_map(&ept, 3 * GB, LVD_EPT_LEVEL_2M, LVD_MEMTYPE_WB, "below the MMIO window");
	expect_map(&ept, 3 * GB + 512 * MB, LVD_EPT_LEVEL_2M, LVD_MEMTYPE_UC, "MMIO window UC");
	TAP_EQ(ept.leaves[LVD_EPT_LEVEL_1G], 1, "still one 1 GB page (3-4 GB mixed)");
	lvd_ept_destroy(&ept);
	TAP_EQ(env.frees, env.allocs, "destroy frees every table");

	/* The same with 1 GB pages not allowed. */
	env_init(&env);
	lvd_ept_init(&ept, &ops, &env, LVD_EPT_LEVEL_2M);
	lvd_ept_map(&ept, 1 * GB, 2 * GB);
	expect_map(&ept, 1 * GB, LVD_EPT_LEVEL_2M, LVD_MEMTYPE_WB, "max level 2 MB: no 1 GB page");
	TAP_EQ(ept.leaves[LVD_EPT_LEVEL_2M], 512, "512 2 MB pages");
	lvd_ept_destroy(&ept);

	env_init(&env);
	lvd_ept_init(&ept, &ops, &env, LVD_EPT_LEVEL_4K);
	lvd_ept_map(&ept, 2 * MB, 4 * MB);
	expect_map(&ept, 2 * MB, LVD_EPT_LEVEL_4K, LVD_MEMTYPE_WB, "max level 4 KB");
	TAP_EQ(ept.leaves[LVD_EPT_LEVEL_4K], 512, "512 4 KB pages");
	lvd_ept_destroy(&ept);
	TAP_EQ(env.frees, env.allocs, "destroy frees every table");
}

static void pick_and_errors(void)
{
	struct lvd_ept ept;
	struct env env;
	int type = -5;

	env_init(&env);
	lvd_ept_init(&ept, &ops, &env, LVD_EPT_LEVEL_1G);
	TAP_EQ(lvd_ept_pick_level(&ept, 1 * GB, 2 * GB, &type), LVD_EPT_LEVEL_1G,
	       "aligned uniform 1 GB: 1 GB page");
	TAP_EQ(type, LVD_MEMTYPE_WB, "type WB");
	TAP_EQ(lvd_ept_pick_level(&ept, 1 * GB, 2 * GB - 4 * KB, &type), LVD_EPT_LEVEL_2M,
	       "1 GB minus a page: 2 MB page");
	TAP_EQ(lvd_ept_pick_level(&ept, 1 * GB + 4 * KB, 2 * GB, &type), LVD_EPT_LEVEL_4K,
	       "misaligned start: 4 KB page");
	TAP_EQ(lvd_ept_pick_level(&ept, 0, 2 * MB, &type), LVD_EPT_LEVEL_4K,
	       "first 2 MB (mixed fixed ranges): 4 KB page");
	TAP_EQ(lvd_ept_pick_level(&ept, 3 * GB, 4 * GB, &type), LVD_EPT_LEVEL_2M,
	       "mixed 1 GB: 2 MB page");
	TAP_EQ(lvd_ept_pick_level(&ept, 0, 2 * KB, &type), 0, "less than a page: nothing");
	TAP_EQ(lvd_ept_eptp(&ept), ept.pml4_pa | 0x1e, "EPTP: WB, 4-level walk, no A/D");
	lvd_ept_destroy(&ept);

	TAP_OK(lvd_ept_init(&ept, &ops, &env, 4) == -EINVAL, "max level 512 GB refused");
	env_init(&env);
	env.limit = 3;
	lvd_ept_init(&ept, &ops, &env, LVD_EPT_LEVEL_1G);
	TAP_OK(lvd_ept_map(&ept, 0, 4 * MB) == -ENOMEM, "running out of table pages: -ENOMEM");
	lvd_ept_destroy(&ept);
	TAP_EQ(env.frees, env.allocs, "partial hierarchy freed completely");

	/* An MTRR that makes a single page mixed cannot happen; a broken
	 * memtype callback is caught. */
	env_init(&env);
	env.mtrr.var[2].base = 0;	/* non-contiguous mask splitting 2 KB blocks */
	env.mtrr.var[2].mask = 0x800 | LVD_MTRR_PHYSMASK_VALID;
	env.mtrr.nvar = 3;
	lvd_ept_init(&ept, &ops, &env, LVD_EPT_LEVEL_1G);
	TAP_OK(lvd_ept_map(&ept, 8 * GB, 8 * GB + 4 * KB) == 0,
	       "mask bits below 4 KB are ignored (MTRRs are page-granular)");
	lvd_ept_destroy(&ept);

	{
		struct lvd_range r[] = { { 10, 20 }, { 0x3000, 0x2000 }, { 0x1000, 0x1800 },
					 { 0x5000, 0x6000 }, { 0x6000, 0x7000 } };
		size_t n = lvd_ranges_normalize(r, ARRAY_SIZE(r));

		TAP_OK(n == 2 && r[0].start == 0 && r[0].end == 0x2000 &&
		       r[1].start == 0x5000 && r[1].end == 0x7000,
		       "normalize: round out, drop empty, merge overlapping and touching");
	}
}

int main(void)
{
	bochs_map();
	crossing();
	pick_and_errors();
	return tap_done();
}
