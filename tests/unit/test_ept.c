// SPDX-License-Identifier: GPL-2.0
/*
 * tests/unit/test_ept.c - the EPT builder on synthetic memory maps: holes,
 * MMIO, memory-type boundaries, ranges crossing 2 MB and 1 GB boundaries,
 * running out of table pages, and page-size choice; views that map other
 * host addresses with chosen permissions, refusals of misconfigurations,
 * replacing, unmapping and permission changes that split 1 GB and 2 MB
 * pages, failure injection, and the flush bookkeeping (needs-flush, table
 * pages freed only after the flush, nothing leaks); the background of a
 * domain's view (every address the view does not map translates to one
 * page), checked against a simple model under random changes.
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

#define LIVE_MAX 4096

/*
 * Environment: table pages from aligned_alloc, "physical" = virtual. Every
 * page handed out is in @live until it is freed; freeing a page that is not
 * there (twice, or never allocated) counts in @bad_frees.
 */
struct env {
	struct lvd_mtrr mtrr;
	long allocs, frees, limit;
	void *live[LIVE_MAX];
	long nlive, bad_frees;
};

static void *fake_alloc(void *ctx, u64 *pa)
{
	struct env *e = ctx;
	void *p;

	if ((e->limit >= 0 && e->allocs >= e->limit) || e->nlive == LIVE_MAX)
		return NULL;
	p = aligned_alloc(4096, 4096);
	if (!p)
		return NULL;
	memset(p, 0x5a, 4096);		/* what the allocator promises... */
	memset(p, 0, 4096);		/* ...is zeroed */
	e->allocs++;
	e->live[e->nlive++] = p;
	*pa = (u64)(uintptr_t)p;
	return p;
}

static bool is_live(const struct env *e, u64 pa)
{
	long i;

	for (i = 0; i < e->nlive; i++)
		if (e->live[i] == (void *)(uintptr_t)pa)
			return true;
	return false;
}

static void fake_free(void *ctx, void *va, u64 pa)
{
	struct env *e = ctx;
	long i;

	for (i = 0; i < e->nlive && e->live[i] != va; i++)
		;
	if (i == e->nlive || pa != (u64)(uintptr_t)va) {
		e->bad_frees++;
		return;
	}
	e->live[i] = e->live[--e->nlive];
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

static void check_tree(struct lvd_ept *ept, struct env *env, const char *what);

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

	check_tree(&ept, &env, "Bochs memory map");
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

/* ---- Views: non-identity mappings, permissions, changes, flushes ---- */

#define NONE		(~0ULL)		/* expect_pages(): not mapped */
#define R		LVD_EPTE_READ
#define W		LVD_EPTE_WRITE
#define X		LVD_EPTE_EXEC
#define RW		(R | W)
#define RX		(R | X)
#define RWX		LVD_EPTE_RWX

static int memtype_of(u64 e)
{
	return (e & LVD_EPTE_MEMTYPE_MASK) >> LVD_EPTE_MEMTYPE_SHIFT;
}

/*
 * Does every 4 KB page of guest [@gpa, @gpa + @size) map host @hpa + offset
 * with @perm and @type (or nothing, @hpa NONE)? Returns the number of pages
 * that do not; *@first is the first of them.
 */
static u64 bad_pages(struct lvd_ept *ept, u64 gpa, u64 size, u64 hpa, u64 perm, int type,
		     u64 *first)
{
	u64 off, bad = 0;

	for (off = 0; off < size; off += 4 * KB) {
		unsigned int l;
		u64 e = lvd_ept_lookup(ept, gpa + off, &l);
		u64 ps = lvd_ept_level_size(l);
		bool ok;

		if (hpa == NONE)
			ok = !e;
		else
			ok = e && (e & LVD_EPTE_ADDR_MASK & ~(ps - 1)) + ((gpa + off) & (ps - 1)) ==
				  hpa + off && (e & RWX) == perm && memtype_of(e) == type &&
			     !(e & LVD_EPTE_IGNORE_PAT) && !(e & LVD_EPTE_USER_EXEC) &&
			     !(e & LVD_EPTE_SW_BACKGROUND);
		if (!ok && !bad++)
			*first = gpa + off;
	}
	return bad;
}

static void expect_pages(struct lvd_ept *ept, u64 gpa, u64 size, u64 hpa, u64 perm, int type,
			 const char *what)
{
	u64 first = 0, bad = bad_pages(ept, gpa, size, hpa, perm, type, &first);
	unsigned int l;

	TAP_OK(!bad, "%s: every 4 KB page of %#llx+%#llx %s", what, (unsigned long long)gpa,
	       (unsigned long long)size, hpa == NONE ? "unmapped" : "maps as asked");
	if (bad)
		printf("#   %llu pages wrong, first %#llx: entry %#llx\n", (unsigned long long)bad,
		       (unsigned long long)first,
		       (unsigned long long)lvd_ept_lookup(ept, first, &l));
}

/* The level of the leaf that maps @gpa (0: none). */
static unsigned int leaf_level(struct lvd_ept *ept, u64 gpa)
{
	unsigned int l;

	return lvd_ept_lookup(ept, gpa, &l) ? l : 0;
}

/* The table whose entries at @level map @gpa (0: there is none). */
static u64 table_at(struct lvd_ept *ept, u64 gpa, unsigned int level)
{
	u64 pa = ept->pml4_pa;
	unsigned int l;

	for (l = LVD_EPT_LEVELS; l > level; l--) {
		u64 e = ((u64 *)(uintptr_t)pa)[(gpa >> (12 + 9 * (l - 1))) & 511];

		if (!(e & RWX) || (e & LVD_EPTE_LARGE))
			return 0;
		pa = e & LVD_EPTE_ADDR_MASK;
	}
	return pa;
}

struct walk {
	const struct lvd_ept *ept;
	const struct env *env;
	u64 leaves[LVD_EPT_LEVELS + 1];
	u64 tables;
	u64 seen[LIVE_MAX];
	const char *why;
};

static bool seen_before(struct walk *w, u64 pa)
{
	u64 i;

	for (i = 0; i < w->tables; i++)
		if (w->seen[i] == pa)
			return true;
	return false;
}

/*
 * Walk a table: every table is a live page reached once; every present
 * entry is something the CPU accepts (no write without read, execute-only
 * only if allowed, no reserved memory type, a leaf's address aligned to
 * its size, no leaf above the largest level). With a background, no entry
 * is not present, and an entry that is the background entry of its level
 * is neither counted nor followed (the background tables are checked
 * apart, in check_background()).
 */
static void walk_table(struct walk *w, u64 pa, unsigned int level)
{
	const u64 *t = (const u64 *)(uintptr_t)pa;
	bool bg = w->ept->tables_background != 0;
	unsigned int i;

	if (w->why)
		return;
	if (!is_live(w->env, pa) || seen_before(w, pa) || w->tables == LIVE_MAX) {
		w->why = "table not live or reached twice";
		return;
	}
	w->seen[w->tables++] = pa;
	for (i = 0; i < LVD_EPT_ENTRIES && !w->why; i++) {
		u64 e = t[i], p = e & RWX;
		bool leaf = level == LVD_EPT_LEVEL_4K || (e & LVD_EPTE_LARGE);

		if (!p) {
			if (bg)
				w->why = "an entry not present in a view with a background";
			continue;
		}
		if (bg && e == w->ept->background[level])
			continue;
		if (e & LVD_EPTE_SW_BACKGROUND) {
			w->why = "a page of the view's own marked as background";
		} else if (((p & W) && !(p & R)) || (p == X && !w->ept->exec_only)) {
			w->why = "misconfigured permissions";
		} else if (!leaf) {
			walk_table(w, e & LVD_EPTE_ADDR_MASK, level - 1);
		} else if (level > w->ept->max_level) {
			w->why = "leaf above max_level";
		} else if (LVD_EPT_MEMTYPE_RESERVED_SET & (1UL << memtype_of(e))) {
			w->why = "reserved memory type";
		} else if (e & LVD_EPTE_ADDR_MASK & (lvd_ept_level_size(level) - 1)) {
			w->why = "large page address not aligned";
		} else {
			w->leaves[level]++;
		}
	}
}

/*
 * The background tables: three live pages outside the hierarchy, each
 * entry of each the background entry of its level; the leaf a page the CPU
 * accepts (write-back, not large, marked). NULL when right.
 */
static const char *check_background(struct walk *w)
{
	const struct lvd_ept *ept = w->ept;
	unsigned int l, i;
	u64 leaf = ept->background[LVD_EPT_LEVEL_4K], p = leaf & RWX;

	if (!ept->tables_background) {
		for (l = 0; l <= LVD_EPT_LEVELS; l++)
			if (ept->background[l])
				return "background entries without background tables";
		return NULL;
	}
	if (ept->tables_background != 3)
		return "not 3 background tables";
	if (!p || ((p & W) && !(p & R)) || (p == X && !ept->exec_only) ||
	    memtype_of(leaf) != LVD_MEMTYPE_WB || (leaf & LVD_EPTE_LARGE) ||
	    !(leaf & LVD_EPTE_SW_BACKGROUND))
		return "bad background leaf";
	for (l = LVD_EPT_LEVEL_2M; l <= LVD_EPT_LEVELS; l++) {
		u64 e = ept->background[l], pa = e & LVD_EPTE_ADDR_MASK;
		const u64 *t = (const u64 *)(uintptr_t)pa;

		if ((e & ~LVD_EPTE_ADDR_MASK) != RWX)
			return "background pointer without RWX or with other bits";
		if (!is_live(w->env, pa) || seen_before(w, pa))
			return "background table not live or linked as the view's own";
		for (i = 0; i < LVD_EPT_ENTRIES; i++)
			if (t[i] != ept->background[l - 1])
				return "background table changed";
	}
	return NULL;
}

/* What is wrong with the hierarchy and the counts (NULL: nothing). */
static const char *tree_problem(struct lvd_ept *ept, struct env *env)
{
	static struct walk w;
	u64 pa;
	unsigned int l;
	u64 i;

	memset(&w, 0, sizeof(w));
	w.ept = ept;
	w.env = env;
	walk_table(&w, ept->pml4_pa, LVD_EPT_LEVELS);
	for (l = LVD_EPT_LEVEL_4K; l <= LVD_EPT_LEVEL_1G && !w.why; l++)
		if (w.leaves[l] != ept->leaves[l])
			w.why = "leaf count differs";
	if (!w.why && w.tables != ept->tables)
		w.why = "table count differs";
	/* The queue of unlinked tables: live pages outside the hierarchy. */
	for (i = 0, pa = ept->unlinked_pa; !w.why && i < ept->tables_unlinked; i++) {
		if (!is_live(env, pa) || seen_before(&w, pa))
			w.why = "unlinked table not live or still linked";
		else
			pa = *(u64 *)(uintptr_t)pa;
	}
	if (!w.why)
		w.why = check_background(&w);
	if (!w.why && (u64)env->nlive != ept->tables + ept->tables_unlinked + ept->tables_spare +
					 ept->tables_background)
		w.why = "pages allocated but not accounted for";
	if (!w.why && env->bad_frees)
		w.why = "a page freed twice or never allocated";
	return w.why;
}

/* Check the hierarchy and the counts; every allocated page is accounted for. */
static void check_tree(struct lvd_ept *ept, struct env *env, const char *what)
{
	const char *why = tree_problem(ept, env);

	TAP_OK(!why, "%s: hierarchy consistent (%s)", what, why ? why : "ok");
}

static void view_init(struct lvd_ept *ept, struct env *env, unsigned int max_level)
{
	env_init(env);
	lvd_ept_init(ept, &ops, env, max_level);
}

static void view_done(struct lvd_ept *ept, struct env *env, const char *what)
{
	lvd_ept_destroy(ept);
	TAP_OK(env->nlive == 0 && env->frees == env->allocs && !env->bad_frees,
	       "%s: destroy frees every page once (%ld allocs, %ld frees, %ld bad)", what,
	       env->allocs, env->frees, env->bad_frees);
}

static void views_map(void)
{
	static const struct { u64 perm; int type; } attrs[] = {
		{ R, LVD_MEMTYPE_UC }, { RW, LVD_MEMTYPE_WC }, { RX, LVD_MEMTYPE_WT },
		{ RWX, LVD_MEMTYPE_WP }, { RW, LVD_MEMTYPE_WB },
	};
	struct lvd_ept ept;
	struct env env;
	unsigned int l, i;
	u64 e, s;

	/* One page of each size, to other host addresses. */
	view_init(&ept, &env, LVD_EPT_LEVEL_1G);
	TAP_OK(lvd_ept_map_to(&ept, 1 * GB, 5 * GB, 1 * GB, RW, LVD_MEMTYPE_WB) == 0,
	       "map 1 GB at 1 GB to 5 GB");
	e = lvd_ept_lookup(&ept, 1 * GB + 12345, &l);
	TAP_OK(l == LVD_EPT_LEVEL_1G && (e & LVD_EPTE_LARGE) &&
	       (e & LVD_EPTE_ADDR_MASK) == 5 * GB && (e & RWX) == RW &&
	       memtype_of(e) == LVD_MEMTYPE_WB && !(e & LVD_EPTE_IGNORE_PAT),
	       "a 1 GB leaf: address 5 GB, read-write, WB, PAT honoured (%#llx)",
	       (unsigned long long)e);
	TAP_OK(lvd_ept_map_to(&ept, 6 * MB, 10 * MB, 2 * MB, RX, LVD_MEMTYPE_UC) == 0,
	       "map 2 MB at 6 MB to 10 MB");
	e = lvd_ept_lookup(&ept, 7 * MB, &l);
	TAP_OK(l == LVD_EPT_LEVEL_2M && (e & LVD_EPTE_LARGE) &&
	       (e & LVD_EPTE_ADDR_MASK) == 10 * MB && (e & RWX) == RX &&
	       memtype_of(e) == LVD_MEMTYPE_UC, "a 2 MB leaf: 10 MB, read-execute, UC");
	TAP_OK(lvd_ept_map_to(&ept, 8 * KB, 0x1234000, 4 * KB, RWX, LVD_MEMTYPE_WT) == 0,
	       "map 4 KB at 8 KB to 0x1234000");
	e = lvd_ept_lookup(&ept, 8 * KB + 5, &l);
	TAP_OK(l == LVD_EPT_LEVEL_4K && !(e & LVD_EPTE_LARGE) &&
	       (e & LVD_EPTE_ADDR_MASK) == 0x1234000 && (e & RWX) == RWX &&
	       memtype_of(e) == LVD_MEMTYPE_WT, "a 4 KB leaf: 0x1234000, RWX, WT");
	expect_hole(&ept, 4 * KB, "page before the 4 KB mapping");
	expect_hole(&ept, 12 * KB, "page after it");
	TAP_OK(ept.leaves[1] == 1 && ept.leaves[2] == 1 && ept.leaves[3] == 1,
	       "one leaf of each size");
	TAP_OK(!lvd_ept_needs_flush(&ept), "mapping where nothing was needs no flush");
	check_tree(&ept, &env, "one page of each size");

	/* Each permission and memory type lands in the leaf's bits. */
	for (i = 0; i < ARRAY_SIZE(attrs); i++) {
		u64 gpa = 64 * GB + i * 2 * MB;

		lvd_ept_map_to(&ept, gpa, 128 * GB + i * 4 * MB, 2 * MB, attrs[i].perm,
			       attrs[i].type);
		expect_pages(&ept, gpa, 2 * MB, 128 * GB + i * 4 * MB, attrs[i].perm, attrs[i].type,
			     "permission and type in the leaf");
	}
	view_done(&ept, &env, "page sizes");

	/* 4 KB, 2 MB, 1 GB, 2 MB, 4 KB pages over a range with one alignment. */
	view_init(&ept, &env, LVD_EPT_LEVEL_1G);
	s = 4 * GB - 2 * MB - 4 * KB;
	TAP_OK(lvd_ept_map_to(&ept, s, s + 16 * GB, 1 * GB + 4 * MB + 8 * KB, RW,
			      LVD_MEMTYPE_WB) == 0, "map 4 GB - 2 MB - 4 KB .. 5 GB + 2 MB + 4 KB");
	TAP_OK(leaf_level(&ept, s) == 1 && leaf_level(&ept, 4 * GB - 2 * MB) == 2 &&
	       leaf_level(&ept, 4 * GB) == 3 && leaf_level(&ept, 5 * GB) == 2 &&
	       leaf_level(&ept, 5 * GB + 2 * MB) == 1, "4 KB, 2 MB, 1 GB, 2 MB, 4 KB pages");
	TAP_OK(ept.leaves[1] == 2 && ept.leaves[2] == 2 && ept.leaves[3] == 1 && ept.tables == 6,
	       "2 + 2 + 1 leaves in PML4, PDPT, 2 PDs, 2 PTs");
	expect_pages(&ept, s - 8 * KB, 8 * KB, NONE, 0, 0, "below the range");
	expect_pages(&ept, s, 4 * MB + 4 * KB, s + 16 * GB, RW, LVD_MEMTYPE_WB, "low edge");
	expect_pages(&ept, 5 * GB - 2 * MB, 4 * MB + 4 * KB, 5 * GB - 2 * MB + 16 * GB, RW,
		     LVD_MEMTYPE_WB, "high edge");
	expect_pages(&ept, 5 * GB + 2 * MB + 4 * KB, 8 * KB, NONE, 0, 0, "above the range");
	check_tree(&ept, &env, "mixed page sizes");
	view_done(&ept, &env, "mixed page sizes");

	/* The host address decides as much as the guest address. */
	view_init(&ept, &env, LVD_EPT_LEVEL_1G);
	TAP_OK(lvd_ept_map_to(&ept, 1 * GB, 5 * GB + 4 * KB, 1 * GB, RW, LVD_MEMTYPE_WB) == 0,
	       "map 1 GB to a host address aligned only to 4 KB");
	TAP_OK(ept.leaves[1] == 262144 && ept.leaves[2] == 0 && ept.leaves[3] == 0 &&
	       ept.tables == 3 + 512, "262144 4 KB pages in 512 page tables");
	expect_pages(&ept, 1 * GB, 4 * MB, 5 * GB + 4 * KB, RW, LVD_MEMTYPE_WB,
		     "misaligned host: start");
	expect_pages(&ept, 2 * GB - 4 * MB, 4 * MB, 6 * GB - 4 * MB + 4 * KB, RW, LVD_MEMTYPE_WB,
		     "misaligned host: end");
	check_tree(&ept, &env, "misaligned host");
	view_done(&ept, &env, "misaligned host");

	view_init(&ept, &env, LVD_EPT_LEVEL_1G);
	lvd_ept_map_to(&ept, 2 * MB, 1 * GB, 1 * GB, RW, LVD_MEMTYPE_WB);
	TAP_OK(ept.leaves[2] == 512 && ept.leaves[3] == 0,
	       "guest aligned to 2 MB, host to 1 GB: 512 2 MB pages");
	lvd_ept_map_to(&ept, 4 * GB, 8 * GB + 2 * MB, 1 * GB, RW, LVD_MEMTYPE_WB);
	TAP_OK(ept.leaves[2] == 1024 && ept.leaves[3] == 0,
	       "guest aligned to 1 GB, host to 2 MB: 512 2 MB pages");
	expect_pages(&ept, 5 * GB - 2 * MB, 2 * MB, 9 * GB, RW, LVD_MEMTYPE_WB,
		     "last 2 MB page of the second");
	check_tree(&ept, &env, "2 MB alignment");
	view_done(&ept, &env, "2 MB alignment");

	/* The largest level allowed. */
	view_init(&ept, &env, LVD_EPT_LEVEL_2M);
	lvd_ept_map_to(&ept, 1 * GB, 3 * GB, 1 * GB, RW, LVD_MEMTYPE_WB);
	TAP_OK(ept.leaves[2] == 512 && ept.leaves[3] == 0, "max level 2 MB: 512 2 MB pages");
	view_done(&ept, &env, "max level 2 MB");
	view_init(&ept, &env, LVD_EPT_LEVEL_4K);
	lvd_ept_map_to(&ept, 2 * MB, 4 * MB, 2 * MB, RW, LVD_MEMTYPE_WB);
	TAP_OK(ept.leaves[1] == 512 && ept.leaves[2] == 0, "max level 4 KB: 512 4 KB pages");
	view_done(&ept, &env, "max level 4 KB");

	/* Memory types from ops->memtype: those of the host range. */
	view_init(&ept, &env, LVD_EPT_LEVEL_1G);
	TAP_OK(lvd_ept_map_to(&ept, 0, 3 * GB, 1 * GB, RWX, LVD_EPT_MEMTYPE_OPS) == 0,
	       "map guest 0-1 GB to host 3-4 GB with the MTRR types");
	TAP_OK(leaf_level(&ept, 0) == 2 && ept.leaves[3] == 0,
	       "host 3-4 GB has two types: 2 MB pages");
	expect_pages(&ept, 0, 512 * MB, 3 * GB, RWX, LVD_MEMTYPE_WB, "host 3-3.5 GB is WB");
	expect_pages(&ept, 512 * MB, 512 * MB, 3 * GB + 512 * MB, RWX, LVD_MEMTYPE_UC,
		     "host 3.5-4 GB is UC");
	lvd_ept_map_to(&ept, 3 * GB + 512 * MB, 1 * GB, 2 * MB, RW, LVD_EPT_MEMTYPE_OPS);
	expect_pages(&ept, 3 * GB + 512 * MB, 2 * MB, 1 * GB, RW, LVD_MEMTYPE_WB,
		     "guest in the UC window, host WB: WB");
	lvd_ept_map_to(&ept, 8 * GB, 0, 2 * MB, RW, LVD_EPT_MEMTYPE_OPS);
	TAP_OK(leaf_level(&ept, 8 * GB) == 1, "host 0-2 MB (fixed MTRRs): 4 KB pages");
	expect_pages(&ept, 8 * GB + 0xa0000, 0x20000, 0xa0000, RW, LVD_MEMTYPE_UC,
		     "host VGA window UC");
	expect_pages(&ept, 8 * GB + 0xc0000, 0x140000, 0xc0000, RW, LVD_MEMTYPE_WB,
		     "host above it WB");
	TAP_OK(!lvd_ept_needs_flush(&ept), "still no flush needed");
	check_tree(&ept, &env, "MTRR types");
	view_done(&ept, &env, "MTRR types");

	/* Execute-only, where the CPU supports it. */
	view_init(&ept, &env, LVD_EPT_LEVEL_1G);
	ept.exec_only = true;
	TAP_OK(lvd_ept_map_to(&ept, 2 * MB, 6 * MB, 2 * MB, X, LVD_MEMTYPE_WB) == 0,
	       "execute-only accepted when the CPU supports it");
	e = lvd_ept_lookup(&ept, 3 * MB, &l);
	TAP_OK((e & RWX) == X && l == 2, "execute-only 2 MB leaf, found by lookup (%#llx)",
	       (unsigned long long)e);
	TAP_OK(lvd_ept_protect(&ept, 2 * MB, 4 * KB, X) == 0 &&
	       lvd_ept_protect(&ept, 2 * MB, 4 * KB, RX) == 0 &&
	       lvd_ept_protect(&ept, 2 * MB + 4 * KB, 4 * KB, R) == 0 &&
	       lvd_ept_protect(&ept, 2 * MB + 4 * KB, 4 * KB, X) == 0,
	       "protect to and from execute-only");
	expect_pages(&ept, 2 * MB, 4 * KB, 6 * MB, RX, LVD_MEMTYPE_WB, "first page read-execute");
	expect_pages(&ept, 2 * MB + 4 * KB, 2 * MB - 4 * KB, 6 * MB + 4 * KB, X, LVD_MEMTYPE_WB,
		     "the rest execute-only");
	check_tree(&ept, &env, "execute-only");
	view_done(&ept, &env, "execute-only");

	/* The identity map still only adds. */
	view_init(&ept, &env, LVD_EPT_LEVEL_1G);
	lvd_ept_map(&ept, 0, 4 * GB);
	TAP_OK(!lvd_ept_needs_flush(&ept) && ept.leaves[3] == 2,
	       "identity map of 0-4 GB: two 1 GB pages, no flush");
	check_tree(&ept, &env, "identity 0-4 GB");
	view_done(&ept, &env, "identity 0-4 GB");
}

static void views_refusals(void)
{
	static const u64 bad_perms[] = { 0, W, W | X, X, RWX | LVD_EPTE_IGNORE_PAT,
					 R | LVD_EPTE_USER_EXEC, R | LVD_EPTE_LARGE };
	static const int bad_types[] = { 2, 3, 7, 8, -1, -3, 1000 };
	struct lvd_ept ept;
	struct env env;
	unsigned int i;
	bool all;

	view_init(&ept, &env, LVD_EPT_LEVEL_1G);
	for (all = true, i = 0; i < ARRAY_SIZE(bad_perms); i++)
		all &= lvd_ept_map_to(&ept, 0, 0, 2 * MB, bad_perms[i], LVD_MEMTYPE_WB) == -EINVAL;
	TAP_OK(all, "map: no permission, write-only, write-execute, execute-only without "
	       "the capability, other bits: -EINVAL");
	for (all = true, i = 0; i < ARRAY_SIZE(bad_types); i++)
		all &= lvd_ept_map_to(&ept, 0, 0, 2 * MB, RW, bad_types[i]) == -EINVAL;
	TAP_OK(all, "map: memory types 2, 3, 7 and out of range: -EINVAL");
	TAP_OK(lvd_ept_map_to(&ept, 0x800, 0, 4 * KB, RW, 6) == -EINVAL &&
	       lvd_ept_map_to(&ept, 0, 0x800, 4 * KB, RW, 6) == -EINVAL &&
	       lvd_ept_map_to(&ept, 0, 0, 0x800, RW, 6) == -EINVAL &&
	       lvd_ept_map_to(&ept, 0, 0, 0, RW, 6) == -EINVAL,
	       "map: misaligned guest, host, size; empty: -EINVAL");
	TAP_OK(lvd_ept_map_to(&ept, ~0xfffULL, 0, 8 * KB, RW, 6) == -EINVAL &&
	       lvd_ept_map_to(&ept, (1ULL << 48) - 4 * KB, 0, 8 * KB, RW, 6) == -EINVAL &&
	       lvd_ept_map_to(&ept, 0, ~0xfffULL, 8 * KB, RW, 6) == -EINVAL &&
	       lvd_ept_map_to(&ept, 0, (1ULL << 52) - 4 * KB, 8 * KB, RW, 6) == -EINVAL,
	       "map: guest past 2^48 or wrapping, host past 2^52 or wrapping: -EINVAL");
	ept.phys_bits = 39;
	TAP_OK(lvd_ept_map_to(&ept, 0, (1ULL << 39) - 4 * KB, 8 * KB, RW, 6) == -EINVAL,
	       "map: host past MAXPHYADDR (39): -EINVAL");
	TAP_OK(lvd_ept_protect(&ept, 0, 2 * MB, W) == -EINVAL &&
	       lvd_ept_protect(&ept, 0, 2 * MB, X) == -EINVAL &&
	       lvd_ept_protect(&ept, 0, 2 * MB, 0) == -EINVAL &&
	       lvd_ept_protect(&ept, 0, 2 * MB, RW | LVD_EPTE_IGNORE_PAT) == -EINVAL &&
	       lvd_ept_protect(&ept, 0x800, 2 * MB, R) == -EINVAL &&
	       lvd_ept_protect(&ept, 0, 0, R) == -EINVAL,
	       "protect: bad permissions, misaligned or empty range: -EINVAL");
	TAP_OK(lvd_ept_unmap(&ept, 0x800, 4 * KB) == -EINVAL &&
	       lvd_ept_unmap(&ept, 0, 0x800) == -EINVAL && lvd_ept_unmap(&ept, 0, 0) == -EINVAL &&
	       lvd_ept_unmap(&ept, 1ULL << 48, 4 * KB) == -EINVAL,
	       "unmap: misaligned, empty, past 2^48: -EINVAL");
	TAP_OK(env.allocs == 1 && ept.tables == 1 && !ept.leaves[1] && !ept.leaves[2] &&
	       !ept.leaves[3] && !lvd_ept_needs_flush(&ept), "refusals changed nothing");

	/* The limits themselves are fine. */
	TAP_OK(lvd_ept_map_to(&ept, (1ULL << 48) - 4 * KB, (1ULL << 39) - 4 * KB, 4 * KB, RW,
			      LVD_MEMTYPE_WB) == 0, "the last guest page to the last host page");
	expect_pages(&ept, (1ULL << 48) - 4 * KB, 4 * KB, (1ULL << 39) - 4 * KB, RW,
		     LVD_MEMTYPE_WB, "top page");
	TAP_OK(lvd_ept_map_to(&ept, 0, 0, 4 * KB, RW, LVD_MEMTYPE_UC) == 0 &&
	       lvd_ept_map_to(&ept, 4 * KB, 0, 4 * KB, R, LVD_MEMTYPE_WC) == 0 &&
	       lvd_ept_map_to(&ept, 8 * KB, 0, 4 * KB, RX, LVD_MEMTYPE_WP) == 0,
	       "read-only, read-write, read-execute; UC, WC, WP accepted");
	lvd_ept_unmap(&ept, (1ULL << 48) - 4 * KB, 4 * KB);
	TAP_OK(ept.tables == 4, "unmapping the top page took its 3 tables out");
	check_tree(&ept, &env, "refusals");
	view_done(&ept, &env, "refusals");
}

static void views_replace(void)
{
	struct lvd_ept ept;
	struct env env;
	u64 pt_pa, *pt, tables;
	unsigned int l;

	view_init(&ept, &env, LVD_EPT_LEVEL_1G);
	lvd_ept_map_to(&ept, 0, 1 * GB, 2 * MB, RW, LVD_MEMTYPE_WB);
	TAP_OK(!lvd_ept_needs_flush(&ept), "new 2 MB mapping: no flush");
	TAP_OK(lvd_ept_map_to(&ept, 0, 1 * GB, 2 * MB, RW, LVD_MEMTYPE_WB) == 0 &&
	       !lvd_ept_needs_flush(&ept), "the same mapping again: no change, no flush");
	lvd_ept_map_to(&ept, 0, 1 * GB, 2 * MB, RWX, LVD_MEMTYPE_WB);
	TAP_OK(!lvd_ept_needs_flush(&ept) && (lvd_ept_lookup(&ept, 0, &l) & RWX) == RWX,
	       "replaced with more permissions: no flush");
	lvd_ept_map_to(&ept, 0, 1 * GB, 2 * MB, R, LVD_MEMTYPE_WB);
	TAP_OK(lvd_ept_needs_flush(&ept) && (lvd_ept_lookup(&ept, 0, &l) & RWX) == R,
	       "replaced with fewer permissions: needs a flush");
	lvd_ept_flush_done(&ept);
	TAP_OK(!lvd_ept_needs_flush(&ept), "flush done clears it");
	lvd_ept_map_to(&ept, 0, 1 * GB, 2 * MB, R, LVD_MEMTYPE_UC);
	TAP_OK(lvd_ept_needs_flush(&ept), "replaced with another memory type: needs a flush");
	lvd_ept_flush_done(&ept);
	lvd_ept_map_to(&ept, 0, 2 * GB, 2 * MB, R, LVD_MEMTYPE_UC);
	TAP_OK(lvd_ept_needs_flush(&ept), "replaced with another target: needs a flush");
	expect_pages(&ept, 0, 2 * MB, 2 * GB, R, LVD_MEMTYPE_UC, "new target");
	lvd_ept_flush_done(&ept);

	/* A piece of a large page: left alone if it maps the same, else split. */
	tables = ept.tables;
	lvd_ept_map_to(&ept, 4 * KB, 2 * GB + 4 * KB, 4 * KB, R, LVD_MEMTYPE_UC);
	TAP_OK(ept.tables == tables && leaf_level(&ept, 4 * KB) == 2 &&
	       !lvd_ept_needs_flush(&ept), "4 KB inside a 2 MB page that maps it already: no split");
	lvd_ept_map_to(&ept, 8 * KB, 7 * GB, 4 * KB, RW, LVD_MEMTYPE_WB);
	TAP_OK(ept.tables == tables + 1 && ept.leaves[1] == 512 && ept.leaves[2] == 0 &&
	       lvd_ept_needs_flush(&ept), "4 KB inside it to elsewhere: split, needs a flush");
	expect_pages(&ept, 0, 8 * KB, 2 * GB, R, LVD_MEMTYPE_UC, "pages before it keep theirs");
	expect_pages(&ept, 8 * KB, 4 * KB, 7 * GB, RW, LVD_MEMTYPE_WB, "the replaced page");
	expect_pages(&ept, 12 * KB, 2 * MB - 12 * KB, 2 * GB + 12 * KB, R, LVD_MEMTYPE_UC,
		     "pages after it keep theirs");
	lvd_ept_flush_done(&ept);
	TAP_EQ(env.frees, 0, "a split frees nothing");

	/*
	 * Mapping 2 MB over the page table: one 2 MB page; the table leaves
	 * the hierarchy but is freed only after the flush, its entries (but
	 * the first, which links the queue) intact for a CPU still walking it.
	 */
	pt_pa = table_at(&ept, 0, LVD_EPT_LEVEL_4K);
	pt = (u64 *)(uintptr_t)pt_pa;
	TAP_OK(pt_pa && lvd_ept_map_to(&ept, 0, 3 * GB, 2 * MB, RX, LVD_MEMTYPE_WB) == 0 &&
	       leaf_level(&ept, 0) == 2 && ept.leaves[1] == 0 && ept.leaves[2] == 1,
	       "2 MB over 512 4 KB pages: one 2 MB page");
	TAP_OK(lvd_ept_needs_flush(&ept) && ept.tables == tables && ept.tables_unlinked == 1 &&
	       env.frees == 0 && is_live(&env, pt_pa), "the page table is unlinked, not freed");
	TAP_OK(!(pt[0] & RWX) && (pt[2] & LVD_EPTE_ADDR_MASK) == 7 * GB &&
	       (pt[3] & LVD_EPTE_ADDR_MASK) == 2 * GB + 12 * KB,
	       "its entries stay as they were; entry 0 (the link) is not present");
	check_tree(&ept, &env, "unlinked page table");
	lvd_ept_flush_done(&ept);
	TAP_OK(env.frees == 1 && !is_live(&env, pt_pa) && ept.tables_unlinked == 0 &&
	       !lvd_ept_needs_flush(&ept), "flush done frees it");

	/* Adding elsewhere, even with new tables, needs no flush. */
	lvd_ept_map_to(&ept, 4 * MB + 4 * KB, 9 * GB, 8 * KB, RW, LVD_MEMTYPE_WB);
	lvd_ept_map_to(&ept, 100 * GB, 9 * GB, 4 * KB, RW, LVD_MEMTYPE_WB);
	TAP_OK(!lvd_ept_needs_flush(&ept) && ept.tables == tables + 3,
	       "mapping new pages (3 new tables): no flush");
	check_tree(&ept, &env, "replace");
	view_done(&ept, &env, "replace");
}

/*
 * Unmap and protect pieces of a large page at @g (1 GB or 2 MB, level
 * @level) that maps host @h: at its start, its end, in the middle, across
 * an inner boundary; check every 4 KB page around each edge.
 */
static void split_cases(unsigned int level, u64 g, u64 h)
{
	u64 ps = lvd_ept_level_size(level), in = level == 3 ? 2 * MB : 4 * KB;
	struct {
		u64 off, size;
		const char *what;
	} cases[] = {
		{ 0, 4 * KB, "first 4 KB" },
		{ ps - 4 * KB, 4 * KB, "last 4 KB" },
		{ 5 * in + 20 * KB, 12 * KB, "12 KB in the middle" },
		{ 8 * in - 4 * KB, 8 * KB, "8 KB across an inner boundary" },
		{ ps - 3 * in, 3 * in, "an aligned tail" },
		{ 0, ps - 4 * KB, "all but the last 4 KB" },
	};
	char what[160];
	unsigned int i, op;

	for (op = 0; op < 2; op++) {
		for (i = 0; i < ARRAY_SIZE(cases); i++) {
			u64 off = cases[i].off, size = cases[i].size, lo, hi;
			struct lvd_ept ept;
			struct env env;
			int ret;

			snprintf(what, sizeof(what), "%s %s of a %s page", op ? "protect" : "unmap",
				 cases[i].what, level == 3 ? "1 GB" : "2 MB");
			view_init(&ept, &env, LVD_EPT_LEVEL_1G);
			lvd_ept_map_to(&ept, g, h, ps, RWX, LVD_MEMTYPE_WB);
			ret = op ? lvd_ept_protect(&ept, g + off, size, R) :
				   lvd_ept_unmap(&ept, g + off, size);
			TAP_OK(ret == 0 && lvd_ept_needs_flush(&ept) && !ept.leaves[level] &&
			       !ept.tables_spare, "%s: done, needs a flush, the page is split", what);
			/* Every page from 2 inner pages before to 2 after each edge. */
			lo = off > 2 * in ? off - 2 * in : 0;
			hi = off + size + 2 * in < ps ? off + size + 2 * in : ps;
			expect_pages(&ept, g + lo, off - lo, h + lo, RWX, LVD_MEMTYPE_WB, what);
			if (op)
				expect_pages(&ept, g + off, size < 4 * in ? size : 4 * in, h + off, R,
					     LVD_MEMTYPE_WB, what);
			else
				expect_pages(&ept, g + off, size < 4 * in ? size : 4 * in, NONE, 0, 0,
					     what);
			if (size > 4 * in)
				expect_pages(&ept, g + off + size - 4 * in, 4 * in,
					     op ? h + off + size - 4 * in : NONE, R,
					     LVD_MEMTYPE_WB, what);
			expect_pages(&ept, g + off + size, hi - off - size, h + off + size, RWX,
				     LVD_MEMTYPE_WB, what);
			expect_pages(&ept, g - 4 * KB, 4 * KB, NONE, 0, 0, what);
			expect_pages(&ept, g + ps, 4 * KB, NONE, 0, 0, what);
			check_tree(&ept, &env, what);
			if (op) {
				lvd_ept_flush_done(&ept);
				lvd_ept_protect(&ept, g + off, size, RWX);
				TAP_OK(!lvd_ept_needs_flush(&ept), "%s: then back to RWX: no flush",
				       what);
				expect_pages(&ept, g, ps, h, RWX, LVD_MEMTYPE_WB, what);
			}
			view_done(&ept, &env, what);
		}
	}
}

static void views_split_1g(void)
{
	struct lvd_ept ept;
	struct env env;
	u64 tables;

	split_cases(LVD_EPT_LEVEL_1G, 1 * GB, 5 * GB);

	/* The counts of one split in detail. */
	view_init(&ept, &env, LVD_EPT_LEVEL_1G);
	lvd_ept_map_to(&ept, 1 * GB, 5 * GB, 1 * GB, RWX, LVD_MEMTYPE_WB);
	tables = ept.tables;
	TAP_OK(lvd_ept_unmap(&ept, 1 * GB + 2 * MB + 20 * KB, 12 * KB) == 0 &&
	       ept.tables == tables + 2 && ept.leaves[3] == 0 && ept.leaves[2] == 511 &&
	       ept.leaves[1] == 509, "unmap 12 KB of 1 GB: 511 2 MB + 509 4 KB pages, 2 tables");
	TAP_OK(lvd_ept_unmap(&ept, 1 * GB + 6 * MB, 2 * MB) == 0 && ept.tables == tables + 2 &&
	       ept.leaves[2] == 510, "unmap an aligned 2 MB of it: no new table");
	TAP_OK(lvd_ept_protect(&ept, 1 * GB, 1 * GB, RWX) == 0 && ept.tables == tables + 2,
	       "protect with the permissions it has: no split");
	lvd_ept_flush_done(&ept);
	TAP_OK(lvd_ept_protect(&ept, 1 * GB + 4 * MB + 4 * KB, 4 * KB, RWX) == 0 &&
	       ept.tables == tables + 2 && !lvd_ept_needs_flush(&ept),
	       "protect a part of a 2 MB page with its permissions: no split, no flush");
	TAP_OK(lvd_ept_protect(&ept, 0, 4 * GB, RW) == 0 && lvd_ept_needs_flush(&ept),
	       "protect 0-4 GB read-write, over holes");
	expect_pages(&ept, 0, 8 * MB, NONE, 0, 0, "holes stay holes");
	expect_pages(&ept, 1 * GB + 2 * MB + 20 * KB, 12 * KB, NONE, 0, 0, "unmapped stays");
	expect_pages(&ept, 1 * GB, 2 * MB + 20 * KB, 5 * GB, RW, LVD_MEMTYPE_WB,
		     "mapped pages read-write");
	check_tree(&ept, &env, "1 GB split counts");
	view_done(&ept, &env, "1 GB split counts");
}

static void views_split_2m(void)
{
	struct lvd_ept ept;
	struct env env;

	split_cases(LVD_EPT_LEVEL_2M, 10 * MB, 18 * MB);
	split_cases(LVD_EPT_LEVEL_2M, 3 * GB + 1022 * MB, 200 * MB);	/* last of a PD */

	/* One range over 2 MB pages of different tables, split at both ends. */
	view_init(&ept, &env, LVD_EPT_LEVEL_2M);
	lvd_ept_map_to(&ept, 1 * GB - 4 * MB, 7 * GB - 4 * MB, 8 * MB, RW, LVD_MEMTYPE_WB);
	TAP_OK(ept.leaves[2] == 4 && ept.tables == 4, "4 2 MB pages in two page directories");
	TAP_OK(lvd_ept_protect(&ept, 1 * GB - 2 * MB - 4 * KB, 4 * MB + 8 * KB, R) == 0 &&
	       ept.leaves[2] == 2 && ept.leaves[1] == 1024 && ept.tables == 6,
	       "protect across the 1 GB line: both end pages split");
	expect_pages(&ept, 1 * GB - 4 * MB, 2 * MB - 4 * KB, 7 * GB - 4 * MB, RW, LVD_MEMTYPE_WB,
		     "before");
	expect_pages(&ept, 1 * GB - 2 * MB - 4 * KB, 4 * MB + 8 * KB, 7 * GB - 2 * MB - 4 * KB, R,
		     LVD_MEMTYPE_WB, "protected");
	expect_pages(&ept, 1 * GB + 2 * MB + 4 * KB, 2 * MB - 4 * KB, 7 * GB + 2 * MB + 4 * KB, RW,
		     LVD_MEMTYPE_WB, "after");
	check_tree(&ept, &env, "across the 1 GB line");
	view_done(&ept, &env, "across the 1 GB line");
}

static void views_unlink(void)
{
	struct lvd_ept ept;
	struct env env;
	u64 pd, pt1, pt2;

	/* Unmapping the last pages of a table takes the table out. */
	view_init(&ept, &env, LVD_EPT_LEVEL_1G);
	lvd_ept_map_to(&ept, 2 * GB + 40 * KB, 9 * GB, 12 * KB, RW, LVD_MEMTYPE_WB);
	TAP_EQ(ept.tables, 4, "3 4 KB pages: PML4, PDPT, PD, PT");
	pd = table_at(&ept, 2 * GB, LVD_EPT_LEVEL_2M);
	pt1 = table_at(&ept, 2 * GB, LVD_EPT_LEVEL_4K);
	lvd_ept_unmap(&ept, 2 * GB + 44 * KB, 4 * KB);
	TAP_OK(ept.tables == 4 && ept.tables_unlinked == 0 && ept.leaves[1] == 2,
	       "unmap the middle page: tables stay");
	lvd_ept_unmap(&ept, 2 * GB, 2 * MB - 4 * KB);
	TAP_OK(ept.tables == 1 && ept.tables_unlinked == 3 && ept.leaves[1] == 0 &&
	       is_live(&env, pd) && is_live(&env, pt1) && lvd_ept_needs_flush(&ept),
	       "unmap the rest: the PT, then the emptied PD and PDPT unlinked, not freed");
	expect_pages(&ept, 2 * GB, 2 * MB, NONE, 0, 0, "all gone");
	check_tree(&ept, &env, "emptied tables");
	lvd_ept_flush_done(&ept);
	TAP_OK(!is_live(&env, pd) && !is_live(&env, pt1) && env.frees == 3,
	       "flush done frees all three");

	/* Unmapping a whole 1 GB that holds a PD and PTs unlinks them all. */
	lvd_ept_map_to(&ept, 4 * GB, 4 * GB, 1 * GB, RWX, LVD_MEMTYPE_WB);
	lvd_ept_map_to(&ept, 4 * GB + 4 * KB, 0, 4 * KB, R, LVD_MEMTYPE_UC);
	lvd_ept_map_to(&ept, 5 * GB - 4 * KB, 0, 4 * KB, R, LVD_MEMTYPE_UC);
	pd = table_at(&ept, 4 * GB, LVD_EPT_LEVEL_2M);
	pt1 = table_at(&ept, 4 * GB, LVD_EPT_LEVEL_4K);
	pt2 = table_at(&ept, 5 * GB - 4 * KB, LVD_EPT_LEVEL_4K);
	lvd_ept_flush_done(&ept);
	TAP_OK(pd && pt1 && pt2 && pt1 != pt2 && ept.tables == 5 && ept.leaves[2] == 510 &&
	       ept.leaves[1] == 1024, "1 GB with a 4 KB page replaced at each end: PD and 2 PTs");
	TAP_OK(lvd_ept_unmap(&ept, 3 * GB, 3 * GB) == 0 && ept.tables == 1 &&
	       ept.tables_unlinked == 4 && !ept.leaves[1] && !ept.leaves[2] && !ept.leaves[3],
	       "unmap 3-6 GB: PD, both PTs and the emptied PDPT unlinked, no leaf left");
	TAP_OK(is_live(&env, pd) && is_live(&env, pt1) && is_live(&env, pt2),
	       "none of them freed before the flush");
	check_tree(&ept, &env, "unlinked subtree");
	lvd_ept_flush_done(&ept);
	TAP_OK(!is_live(&env, pd) && !is_live(&env, pt1) && !is_live(&env, pt2) &&
	       env.frees == 3 + 4, "flush done frees all four");
	TAP_OK(lvd_ept_unmap(&ept, 0, 1ULL << 48) == 0 && !lvd_ept_needs_flush(&ept),
	       "unmapping where nothing is mapped changes nothing: no flush");

	/* Replacing a PD by a 1 GB page unlinks it and its PTs. */
	lvd_ept_map_to(&ept, 1 * GB, 9 * GB + 4 * KB, 4 * MB, RW, LVD_MEMTYPE_WB);
	lvd_ept_flush_done(&ept);
	TAP_OK(!lvd_ept_needs_flush(&ept) && ept.tables == 5, "4 MB of 4 KB pages: PD, 2 PTs");
	lvd_ept_map_to(&ept, 1 * GB, 9 * GB, 1 * GB, RW, LVD_MEMTYPE_WB);
	TAP_OK(ept.tables == 2 && ept.tables_unlinked == 3 && ept.leaves[3] == 1 &&
	       !ept.leaves[1] && lvd_ept_needs_flush(&ept),
	       "a 1 GB page over them: 3 tables unlinked, needs a flush");
	check_tree(&ept, &env, "1 GB over a PD");

	/* Destroy with the flush pending frees the queue too. */
	view_done(&ept, &env, "destroy with unlinked tables pending");
}

/* Every page of guest [@g, @g + @size) maps @h1 with @p1 or @h2 with @p2 (WB). */
static void expect_either(struct lvd_ept *ept, u64 g, u64 size, u64 h1, u64 p1, u64 h2,
			  u64 p2, const char *what)
{
	u64 off, bad = 0, first = 0;

	for (off = 0; off < size; off += 4 * KB) {
		u64 f;

		if (bad_pages(ept, g + off, 4 * KB, h1 + off, p1, LVD_MEMTYPE_WB, &f) &&
		    bad_pages(ept, g + off, 4 * KB, h2 + off, p2, LVD_MEMTYPE_WB, &f) && !bad++)
			first = g + off;
	}
	TAP_OK(!bad, "%s: every page maps the old or the new target (%llu wrong, first %#llx)",
	       what, (unsigned long long)bad, (unsigned long long)first);
}

static void views_failures(void)
{
	char what[120];
	long n;

	/* unmap / protect: 3 tables needed; with fewer nothing changes. */
	for (n = 0; n <= 3; n++) {
		unsigned int op;

		for (op = 0; op < 2; op++) {
			struct lvd_ept ept;
			struct env env;
			int ret;

			snprintf(what, sizeof(what), "%s with %ld of 3 tables",
				 op ? "protect" : "unmap", n);
			view_init(&ept, &env, LVD_EPT_LEVEL_1G);
			lvd_ept_map_to(&ept, 1 * GB, 5 * GB, 1 * GB, RWX, LVD_MEMTYPE_WB);
			env.limit = env.allocs + n;
			ret = op ? lvd_ept_protect(&ept, 1 * GB + 2 * MB - 4 * KB, 8 * KB, RX) :
				   lvd_ept_unmap(&ept, 1 * GB + 2 * MB - 4 * KB, 8 * KB);
			if (n < 3) {
				TAP_OK(ret == -ENOMEM && !lvd_ept_needs_flush(&ept) &&
				       ept.leaves[3] == 1 && ept.tables == 2 &&
				       ept.tables_spare == (u64)n,
				       "%s: -ENOMEM, nothing changed, %ld kept spare", what, n);
				expect_pages(&ept, 1 * GB, 1 * GB, 5 * GB, RWX, LVD_MEMTYPE_WB, what);
				check_tree(&ept, &env, what);
				env.limit = -1;
				ret = op ? lvd_ept_protect(&ept, 1 * GB + 2 * MB - 4 * KB, 8 * KB, RX) :
					   lvd_ept_unmap(&ept, 1 * GB + 2 * MB - 4 * KB, 8 * KB);
			}
			TAP_OK(ret == 0 && env.allocs == 2 + 3 && ept.tables == 5 &&
			       !ept.tables_spare && lvd_ept_needs_flush(&ept),
			       "%s: done (on retry), 3 tables used, none spare", what);
			expect_pages(&ept, 1 * GB + 2 * MB - 4 * KB, 8 * KB, op ? 5 * GB + 2 * MB - 4 * KB :
				     NONE, RX, LVD_MEMTYPE_WB, what);
			expect_pages(&ept, 1 * GB + 2 * MB - 2 * MB, 2 * MB - 4 * KB, 5 * GB, RWX,
				     LVD_MEMTYPE_WB, what);
			expect_pages(&ept, 1 * GB + 2 * MB + 4 * KB, 2 * MB - 4 * KB,
				     5 * GB + 2 * MB + 4 * KB, RWX, LVD_MEMTYPE_WB, what);
			check_tree(&ept, &env, what);
			view_done(&ept, &env, what);
		}
	}

	/*
	 * map_to: 4 KB pages to a misaligned host over the end of a 1 GB page
	 * and 8 MB of nothing: the 1 GB page and two of its 2 MB pages split
	 * (PD, 2 PTs), then a PD and 4 PTs above 2 GB.
	 */
	for (n = 0; n <= 8; n++) {
		struct lvd_ept ept;
		struct env env;
		u64 g = 2 * GB - 2 * MB - 4 * KB, size = 2 * MB + 4 * KB + 8 * MB, h = 9 * GB + 4 * KB;
		int ret;

		snprintf(what, sizeof(what), "map_to with %ld of 8 tables", n);
		view_init(&ept, &env, LVD_EPT_LEVEL_1G);
		lvd_ept_map_to(&ept, 1 * GB, 5 * GB, 1 * GB, RWX, LVD_MEMTYPE_WB);
		lvd_ept_flush_done(&ept);
		env.limit = env.allocs + n;
		ret = lvd_ept_map_to(&ept, g, h, size, RW, LVD_MEMTYPE_WB);
		TAP_OK(n < 8 ? ret == -ENOMEM : ret == 0, "%s: %s", what,
		       n < 8 ? "-ENOMEM" : "done");
		check_tree(&ept, &env, what);
		expect_either(&ept, g, 2 * MB + 4 * KB, 5 * GB + (g - 1 * GB), RWX, h, RW, what);
		expect_pages(&ept, 1 * GB, g - 1 * GB, 5 * GB, RWX, LVD_MEMTYPE_WB, what);
		env.limit = -1;
		TAP_OK(lvd_ept_map_to(&ept, g, h, size, RW, LVD_MEMTYPE_WB) == 0 &&
		       ept.tables == 2 + 8 && ept.leaves[1] == 2 * 512 + 2048 &&
		       ept.leaves[2] == 510 && !ept.leaves[3],
		       "%s: the same call again finishes it", what);
		expect_pages(&ept, g, size, h, RW, LVD_MEMTYPE_WB, what);
		view_done(&ept, &env, what);
	}
}

static void views_flush(void)
{
	struct lvd_ept ept;
	struct env env;

	view_init(&ept, &env, LVD_EPT_LEVEL_1G);
	TAP_OK(!lvd_ept_needs_flush(&ept), "a new view needs no flush");
	lvd_ept_map(&ept, 0, 1 * GB);
	lvd_ept_map_to(&ept, 8 * GB, 8 * GB + 4 * KB, 4 * MB, R, LVD_MEMTYPE_WB);
	TAP_OK(!lvd_ept_needs_flush(&ept), "identity and other mappings on empty ranges: none");
	lvd_ept_map(&ept, 8 * GB, 8 * GB + 4 * MB);
	expect_pages(&ept, 8 * GB, 4 * MB, 8 * GB + 4 * KB, R, LVD_MEMTYPE_WB,
		     "the identity map leaves other mappings alone");
	lvd_ept_protect(&ept, 8 * GB, 4 * MB, RW);
	lvd_ept_map_to(&ept, 8 * GB, 8 * GB + 4 * KB, 4 * KB, RWX, LVD_MEMTYPE_WB);
	TAP_OK(!lvd_ept_needs_flush(&ept), "adding permissions (protect, map over): none");
	lvd_ept_protect(&ept, 8 * GB, 4 * KB, RX);
	TAP_OK(lvd_ept_needs_flush(&ept), "taking write away from one page: needed");
	lvd_ept_flush_done(&ept);
	lvd_ept_protect(&ept, 0, 4 * KB, RWX);
	TAP_OK(!lvd_ept_needs_flush(&ept), "protect with the same permissions: none");
	lvd_ept_protect(&ept, 0, 4 * KB, RW);
	TAP_OK(lvd_ept_needs_flush(&ept), "protect a 4 KB piece of a 1 GB page: needed");
	lvd_ept_flush_done(&ept);
	lvd_ept_unmap(&ept, 4 * GB, 4 * GB);
	TAP_OK(!lvd_ept_needs_flush(&ept), "unmap of nothing: none");
	lvd_ept_unmap(&ept, 8 * GB + 4 * KB, 4 * KB);
	TAP_OK(lvd_ept_needs_flush(&ept), "unmap of a page: needed");
	lvd_ept_flush_done(&ept);
	lvd_ept_flush_done(&ept);
	TAP_OK(!lvd_ept_needs_flush(&ept) && env.frees == 0, "flush done twice: harmless");
	check_tree(&ept, &env, "flush sequence");
	view_done(&ept, &env, "flush sequence");
}

/* ---- The background of a domain's view ---- */

#define BG_HPA		(0x7654000ULL)		/* the "root page table" */
#define BG_PAGES	3

static u64 rng_state;

/* xorshift64*: a fixed sequence for a given seed. */
static u64 rnd(void)
{
	rng_state ^= rng_state >> 12;
	rng_state ^= rng_state << 25;
	rng_state ^= rng_state >> 27;
	return rng_state * 0x2545f4914f6cdd1dULL;
}

static u64 rnd_below(u64 n)
{
	return rnd() % n;
}

/*
 * How many 4 KB pages of guest [@gpa, @gpa + @size) do not translate to the
 * background leaf (at level 1)? *@first is the first of them.
 */
static u64 not_background(struct lvd_ept *ept, u64 gpa, u64 size, u64 *first)
{
	u64 off, bad = 0;

	for (off = 0; off < size; off += 4 * KB) {
		unsigned int l;
		u64 e = lvd_ept_lookup(ept, gpa + off, &l);

		if ((e != ept->background[LVD_EPT_LEVEL_4K] || !e || l != LVD_EPT_LEVEL_4K) &&
		    !bad++)
			*first = gpa + off;
	}
	return bad;
}

static void expect_background(struct lvd_ept *ept, u64 gpa, u64 size, const char *what)
{
	u64 first = 0, bad = not_background(ept, gpa, size, &first);
	unsigned int l;

	TAP_OK(!bad, "%s: every 4 KB page of %#llx+%#llx translates to the background", what,
	       (unsigned long long)gpa, (unsigned long long)size);
	if (bad)
		printf("#   %llu pages wrong, first %#llx: entry %#llx\n", (unsigned long long)bad,
		       (unsigned long long)first,
		       (unsigned long long)lvd_ept_lookup(ept, first, &l));
}

/* Every page of guest [@g, @g + @size) is the background or maps @h with @perm (WB). */
static void expect_background_or(struct lvd_ept *ept, u64 g, u64 size, u64 h, u64 perm,
				 const char *what)
{
	u64 off, bad = 0, first = 0;

	for (off = 0; off < size; off += 4 * KB) {
		u64 f;

		if (not_background(ept, g + off, 4 * KB, &f) &&
		    bad_pages(ept, g + off, 4 * KB, h + off, perm, LVD_MEMTYPE_WB, &f) && !bad++)
			first = g + off;
	}
	TAP_OK(!bad, "%s: each page the background or the new target (%llu wrong, first %#llx)",
	       what, (unsigned long long)bad, (unsigned long long)first);
}

/* The three background tables, to check later that nothing wrote them. */
struct bg_copy {
	u64 pa[BG_PAGES];
	u64 t[BG_PAGES][LVD_EPT_ENTRIES];
};

static void bg_save(const struct lvd_ept *ept, struct bg_copy *c)
{
	unsigned int i;

	for (i = 0; i < BG_PAGES; i++) {
		c->pa[i] = ept->background[i + 2] & LVD_EPTE_ADDR_MASK;
		memcpy(c->t[i], (void *)(uintptr_t)c->pa[i], sizeof(c->t[i]));
	}
}

static bool bg_same(const struct lvd_ept *ept, const struct bg_copy *c)
{
	unsigned int i;

	for (i = 0; i < BG_PAGES; i++)
		if (c->pa[i] != (ept->background[i + 2] & LVD_EPTE_ADDR_MASK) ||
		    memcmp(c->t[i], (void *)(uintptr_t)c->pa[i], sizeof(c->t[i])))
			return false;
	return true;
}

static void background_basic(void)
{
	static const u64 fixed[] = { 0, 4 * KB, 2 * MB - 4 * KB, 1 * GB, 512 * GB - 4 * KB,
				     512 * GB, (1ULL << 47), (1ULL << 48) - 2 * MB,
				     (1ULL << 48) - 4 * KB };
	struct lvd_range r = { 0, 4 * KB };
	struct lvd_ept ept;
	struct env env;
	unsigned int i, l, bad = 0;
	u64 e, hs, he, *p, first = 0;
	u64 leaf = BG_HPA | R | ((u64)LVD_MEMTYPE_WB << LVD_EPTE_MEMTYPE_SHIFT) |
		   LVD_EPTE_SW_BACKGROUND;

	view_init(&ept, &env, LVD_EPT_LEVEL_1G);
	TAP_OK(lvd_ept_set_background(&ept, BG_HPA, R) == 0 && ept.tables_background == 3 &&
	       ept.tables == 1 && env.allocs == 4 && !lvd_ept_needs_flush(&ept),
	       "background on an empty view: 3 table pages, not own tables, no flush");
	TAP_EQ(ept.background[LVD_EPT_LEVEL_4K], leaf,
	       "the background leaf: the page, read-only, WB, marked");
	for (i = 0; i < ARRAY_SIZE(fixed); i++) {
		e = lvd_ept_lookup(&ept, fixed[i] + 123, &l);
		if ((e != leaf || l != LVD_EPT_LEVEL_4K) && !bad++)
			first = fixed[i];
	}
	TAP_OK(!bad, "0, 4 KB, 1 GB, 512 GB, 2^47, top of 2^48...: background leaf at level 1");
	if (bad)
		printf("#   %u wrong, first %#llx\n", bad, (unsigned long long)first);
	rng_state = 0x1234567887654321ULL;
	for (bad = 0, i = 0; i < 4096; i++) {
		u64 gpa = rnd() & ((1ULL << 48) - 1);

		if (i & 1)	/* half of them in the top 4 GB */
			gpa |= (1ULL << 48) - 4 * GB;
		e = lvd_ept_lookup(&ept, gpa, &l);
		if ((e != leaf || l != LVD_EPT_LEVEL_4K) && !bad++)
			first = gpa;
	}
	TAP_OK(!bad, "4096 random addresses below 2^48: all the background leaf at level 1");
	if (bad)
		printf("#   %u wrong, first %#llx\n", bad, (unsigned long long)first);
	p = lvd_ept_leaf_ptr(&ept, 300 * GB + 5 * MB, &l);
	TAP_OK(p && *p == leaf && l == 1 &&
	       ((uintptr_t)p & ~4095UL) == (ept.background[2] & LVD_EPTE_ADDR_MASK),
	       "leaf_ptr: the entry in the shared background page table");
	for (bad = 0, i = 0; i < LVD_EPT_ENTRIES; i++)
		bad += ept.pml4[i] != ept.background[LVD_EPT_LEVELS];
	TAP_OK(!bad, "every PML4 entry points to the background PDPT");
	TAP_OK(lvd_ept_hole(&ept, 0, &hs, &he) == -EEXIST &&
	       lvd_ept_hole(&ept, (1ULL << 48) - 4 * KB, &hs, &he) == -EEXIST,
	       "hole: none with a background (-EEXIST)");
	TAP_OK(lvd_ept_map(&ept, 0, 4 * KB) == -EBUSY &&
	       lvd_ept_map_ranges(&ept, &r, 1) == -EBUSY,
	       "identity map refused with a background (-EBUSY)");
	TAP_OK(lvd_ept_set_background(&ept, BG_HPA, R) == -EBUSY &&
	       lvd_ept_set_background(&ept, 2 * BG_HPA, RW) == -EBUSY,
	       "a second background: -EBUSY");
	TAP_OK(env.allocs == 4 && ept.tables == 1 && !ept.leaves[1] && !ept.leaves[2] &&
	       !ept.leaves[3] && !lvd_ept_needs_flush(&ept) &&
	       ept.background[LVD_EPT_LEVEL_4K] == leaf, "the refusals changed nothing");
	check_tree(&ept, &env, "background on an empty view");
	view_done(&ept, &env, "background on an empty view");
}

static void background_refusals(void)
{
	static const u64 bad_hpa[] = { 0x800, BG_HPA + 8, 1ULL << 52, ~0xfffULL,
				       (1ULL << 52) - 4 * KB + 1 };
	static const u64 bad_perms[] = { 0, W, W | X, X, R | LVD_EPTE_IGNORE_PAT,
					 R | LVD_EPTE_LARGE, RWX | LVD_EPTE_USER_EXEC,
					 R | LVD_EPTE_SW_BACKGROUND, R | BIT_ULL(3) };
	struct lvd_ept ept;
	struct env env;
	unsigned int i, l;
	bool all;
	long n;
	char what[100];

	view_init(&ept, &env, LVD_EPT_LEVEL_2M);
	for (all = true, i = 0; i < ARRAY_SIZE(bad_hpa); i++)
		all &= lvd_ept_set_background(&ept, bad_hpa[i], R) == -EINVAL;
	TAP_OK(all, "background: misaligned host page, at or past 2^52: -EINVAL");
	for (all = true, i = 0; i < ARRAY_SIZE(bad_perms); i++)
		all &= lvd_ept_set_background(&ept, BG_HPA, bad_perms[i]) == -EINVAL;
	TAP_OK(all, "background: no, write-only or -execute, execute-only perms; other bits: -EINVAL");
	ept.phys_bits = 39;
	TAP_OK(lvd_ept_set_background(&ept, 1ULL << 39, R) == -EINVAL,
	       "background: host page past MAXPHYADDR (39): -EINVAL");
	TAP_OK(env.allocs == 1 && !ept.tables_background && !ept.background[1] &&
	       !lvd_ept_lookup(&ept, 0, &l), "refusals changed nothing");

	/* Out of pages: each of the three, nothing changed, nothing kept. */
	for (n = 0; n < 3; n++) {
		snprintf(what, sizeof(what), "background with %ld of 3 pages", n);
		lvd_ept_map_to(&ept, 4 * MB, 8 * MB, 4 * KB, RW, LVD_MEMTYPE_WB);
		env.limit = env.allocs + n;
		TAP_OK(lvd_ept_set_background(&ept, BG_HPA, R) == -ENOMEM &&
		       env.nlive == (long)ept.tables && !ept.tables_background &&
		       !ept.background[1] && !ept.background[2] && !ept.background[3] &&
		       !ept.background[4] && !env.bad_frees && !lvd_ept_needs_flush(&ept),
		       "%s: -ENOMEM, the pages it had given back, nothing changed", what);
		expect_pages(&ept, 4 * MB - 8 * KB, 8 * KB, NONE, 0, 0, what);
		expect_pages(&ept, 4 * MB, 4 * KB, 8 * MB, RW, LVD_MEMTYPE_WB, what);
		check_tree(&ept, &env, what);
		env.limit = -1;
	}

	/* The limits themselves are fine; execute-only with the capability. */
	ept.exec_only = true;
	TAP_OK(lvd_ept_set_background(&ept, (1ULL << 39) - 4 * KB, X) == 0,
	       "background: the last host page below MAXPHYADDR, execute-only: accepted");
	expect_background(&ept, 0, 4 * MB, "execute-only background");
	TAP_OK((lvd_ept_lookup(&ept, 1ULL << 40, &l) & (LVD_EPTE_ADDR_MASK | RWX)) ==
	       (((1ULL << 39) - 4 * KB) | X), "it maps that page execute-only");
	expect_pages(&ept, 4 * MB, 4 * KB, 8 * MB, RW, LVD_MEMTYPE_WB, "the mapping stays");
	TAP_OK(lvd_ept_set_background(&ept, BG_HPA, 0) == -EINVAL &&
	       lvd_ept_set_background(&ept, BG_HPA, R) == -EBUSY,
	       "then: bad permissions -EINVAL, good ones -EBUSY");
	check_tree(&ept, &env, "background refusals");
	view_done(&ept, &env, "background refusals");
}

/* A background set on a view that maps pages of all sizes already. */
static void background_existing(void)
{
	struct lvd_ept ept;
	struct env env;
	u64 tables, leaves[LVD_EPT_LEVELS + 1];

	view_init(&ept, &env, LVD_EPT_LEVEL_1G);
	lvd_ept_map_to(&ept, 1 * GB, 5 * GB, 1 * GB, RW, LVD_MEMTYPE_WB);
	lvd_ept_map_to(&ept, 6 * MB, 10 * MB, 2 * MB, RX, LVD_MEMTYPE_UC);
	lvd_ept_map_to(&ept, 8 * KB, 0x1234000, 4 * KB, RWX, LVD_MEMTYPE_WT);
	tables = ept.tables;
	memcpy(leaves, ept.leaves, sizeof(leaves));
	TAP_OK(lvd_ept_set_background(&ept, BG_HPA, R) == 0 && !lvd_ept_needs_flush(&ept) &&
	       ept.tables == tables && !memcmp(leaves, ept.leaves, sizeof(leaves)),
	       "background over a view with a 1 GB, a 2 MB and a 4 KB page: no flush, counts kept");
	expect_pages(&ept, 1 * GB, 1 * GB, 5 * GB, RW, LVD_MEMTYPE_WB, "1 GB page kept");
	expect_pages(&ept, 6 * MB, 2 * MB, 10 * MB, RX, LVD_MEMTYPE_UC, "2 MB page kept");
	expect_pages(&ept, 8 * KB, 4 * KB, 0x1234000, RWX, LVD_MEMTYPE_WT, "4 KB page kept");
	expect_background(&ept, 0, 8 * KB, "below the 4 KB page");
	expect_background(&ept, 12 * KB, 6 * MB - 12 * KB, "between the 4 KB and the 2 MB page");
	expect_background(&ept, 8 * MB, 4 * MB, "above the 2 MB page");
	expect_background(&ept, 1 * GB - 4 * MB, 4 * MB, "below the 1 GB page");
	expect_background(&ept, 2 * GB, 4 * MB, "above the 1 GB page");
	expect_background(&ept, 1024 * GB, 4 * MB, "in another PML4 slot");
	check_tree(&ept, &env, "background over mappings");
	view_done(&ept, &env, "background over mappings");
}

/* Map over the background, change, unmap back to it; tables come and go. */
static void background_changes(void)
{
	static struct bg_copy copy;
	const u64 g4 = 3 * GB + 20 * KB, g2 = 3 * GB + 6 * MB, top = (1ULL << 48) - 4 * KB;
	struct lvd_ept ept;
	struct env env;
	unsigned int l;
	u64 *p, pt, pd, pdpt;

	view_init(&ept, &env, LVD_EPT_LEVEL_1G);
	lvd_ept_set_background(&ept, BG_HPA, R);
	bg_save(&ept, &copy);

	TAP_OK(lvd_ept_map_to(&ept, g4, 9 * GB, 4 * KB, RW, LVD_MEMTYPE_WB) == 0 &&
	       lvd_ept_needs_flush(&ept) && ept.leaves[1] == 1 && ept.tables == 4,
	       "4 KB over the background: own copies of PDPT, PD, PT; needs a flush");
	expect_pages(&ept, g4, 4 * KB, 9 * GB, RW, LVD_MEMTYPE_WB, "4 KB page");
	expect_background(&ept, 3 * GB, 20 * KB, "the PT's pages before it");
	expect_background(&ept, g4 + 4 * KB, 2 * MB - 24 * KB, "the PT's pages after it");
	pt = table_at(&ept, g4, LVD_EPT_LEVEL_4K);
	pd = table_at(&ept, g4, LVD_EPT_LEVEL_2M);
	pdpt = table_at(&ept, g4, LVD_EPT_LEVEL_1G);
	p = lvd_ept_leaf_ptr(&ept, g4 + 4 * KB, &l);
	TAP_OK(p && ((uintptr_t)p & ~4095UL) == pt && *p == ept.background[1] && l == 1 &&
	       is_live(&env, pt) && pt != (ept.background[2] & LVD_EPTE_ADDR_MASK),
	       "its neighbour: the background leaf, in the view's own copy of the PT");
	lvd_ept_flush_done(&ept);

	TAP_OK(lvd_ept_map_to(&ept, g2, 10 * GB, 2 * MB, RWX, LVD_MEMTYPE_WB) == 0 &&
	       lvd_ept_needs_flush(&ept) && ept.leaves[2] == 1 && ept.tables == 4,
	       "2 MB over the background in the same PD: no new table, needs a flush");
	expect_pages(&ept, g2, 2 * MB, 10 * GB, RWX, LVD_MEMTYPE_WB, "2 MB page");
	expect_background(&ept, g2 - 2 * MB, 2 * MB, "2 MB below it");
	expect_background(&ept, g2 + 2 * MB, 2 * MB, "2 MB above it");
	TAP_OK(lvd_ept_map_to(&ept, 5 * GB, 11 * GB, 1 * GB, RW, LVD_MEMTYPE_WB) == 0 &&
	       ept.leaves[3] == 1 && ept.tables == 4, "1 GB over the background: a PDPT entry");
	expect_pages(&ept, 5 * GB, 4 * MB, 11 * GB, RW, LVD_MEMTYPE_WB, "1 GB page start");
	expect_pages(&ept, 6 * GB - 4 * MB, 4 * MB, 12 * GB - 4 * MB, RW, LVD_MEMTYPE_WB,
		     "1 GB page end");
	expect_background(&ept, 4 * GB + 1020 * MB, 4 * MB, "below the 1 GB page");
	expect_background(&ept, 6 * GB, 4 * MB, "above the 1 GB page");
	TAP_OK(lvd_ept_map_to(&ept, top, 12 * GB, 4 * KB, RX, LVD_MEMTYPE_WB) == 0 &&
	       ept.tables == 7, "the last page of 2^48: three more copies");
	expect_background(&ept, top - 4 * MB, 4 * MB, "below the last page");
	TAP_OK(bg_same(&ept, &copy), "the background tables did not change");
	lvd_ept_flush_done(&ept);

	/* Protect over everything: own pages change, the background stays. */
	TAP_OK(lvd_ept_protect(&ept, 0, 8 * GB, RX) == 0 && ept.tables == 7 &&
	       !ept.tables_spare && lvd_ept_needs_flush(&ept),
	       "protect 0-8 GB read-execute: no split, write taken away: needs a flush");
	expect_pages(&ept, g4, 4 * KB, 9 * GB, RX, LVD_MEMTYPE_WB, "protected 4 KB page");
	expect_pages(&ept, g2, 2 * MB, 10 * GB, RX, LVD_MEMTYPE_WB, "protected 2 MB page");
	expect_pages(&ept, 5 * GB, 4 * MB, 11 * GB, RX, LVD_MEMTYPE_WB, "protected 1 GB page");
	expect_background(&ept, 0, 8 * MB, "protect kept the background");
	expect_background(&ept, 3 * GB, 20 * KB, "protect kept the background in own tables");
	lvd_ept_flush_done(&ept);
	TAP_OK(lvd_ept_protect(&ept, 64 * GB, 64 * GB, RWX) == 0 && !lvd_ept_needs_flush(&ept) &&
	       ept.tables == 7 && bg_same(&ept, &copy),
	       "protect where only the background is: nothing changes, no flush");
	TAP_OK(lvd_ept_protect(&ept, 2 * GB, 2 * GB, RWX) == 0 &&
	       lvd_ept_protect(&ept, top - 1 * GB, 1 * GB + 4 * KB, RWX) == 0 &&
	       !lvd_ept_needs_flush(&ept) && bg_same(&ept, &copy),
	       "protect adding permissions over pages and background: no flush");
	expect_background(&ept, 3 * GB, 20 * KB, "background pages keep the background's");
	check_tree(&ept, &env, "changes over the background");

	/* Unmap back: emptied copies go, one level after another. */
	TAP_OK(lvd_ept_unmap(&ept, g4, 4 * KB) == 0 && lvd_ept_needs_flush(&ept) &&
	       ept.tables == 6 && ept.tables_unlinked == 1 && ept.leaves[1] == 1 &&
	       is_live(&env, pt),
	       "unmap the 4 KB page: its PT holds only background: unlinked, not freed");
	expect_background(&ept, 3 * GB, 2 * MB, "the 2 MB around it");
	p = lvd_ept_leaf_ptr(&ept, g4, &l);
	TAP_OK(table_at(&ept, g4, LVD_EPT_LEVEL_2M) == pd &&
	       table_at(&ept, g4, LVD_EPT_LEVEL_4K) == (ept.background[2] & LVD_EPTE_ADDR_MASK) &&
	       ((uintptr_t)p & ~4095UL) == (ept.background[2] & LVD_EPTE_ADDR_MASK),
	       "its PD entry points to the background page table again");
	TAP_OK(lvd_ept_unmap(&ept, g2, 2 * MB) == 0 && ept.tables == 5 &&
	       ept.tables_unlinked == 2 && !ept.leaves[2],
	       "unmap the 2 MB page: the PD goes too");
	TAP_OK(lvd_ept_unmap(&ept, 5 * GB, 1 * GB) == 0 && ept.tables == 4 &&
	       ept.tables_unlinked == 3 && !ept.leaves[3] && ept.pml4[0] == ept.background[4],
	       "unmap the 1 GB page: the PDPT goes, the PML4 entry is the background's");
	TAP_OK(lvd_ept_unmap(&ept, top, 4 * KB) == 0 && ept.tables == 1 &&
	       ept.tables_unlinked == 6, "unmap the top page: back to the root alone");
	expect_background(&ept, g4, 4 * KB, "after unmap, the 4 KB page");
	expect_background(&ept, g2, 2 * MB, "after unmap, the 2 MB page");
	expect_background(&ept, 5 * GB, 4 * MB, "after unmap, the 1 GB page");
	expect_background(&ept, top, 4 * KB, "after unmap, the top page");
	check_tree(&ept, &env, "unmapped back to the background");
	TAP_OK(is_live(&env, pt) && is_live(&env, pd) && is_live(&env, pdpt) && env.frees == 0,
	       "no table freed before the flush");
	lvd_ept_flush_done(&ept);
	TAP_OK(!is_live(&env, pt) && !is_live(&env, pd) && !is_live(&env, pdpt) &&
	       env.frees == 6 && env.nlive == 1 + 3 && !env.bad_frees,
	       "flush done frees the 6 copies; the root and the 3 background tables stay");
	TAP_OK(lvd_ept_unmap(&ept, 0, 1ULL << 48) == 0 && !lvd_ept_needs_flush(&ept) &&
	       ept.tables == 1, "unmap all of 2^48 with only the background: no change, no flush");
	TAP_OK(bg_same(&ept, &copy), "the background tables never changed");

	/* A mapping of the background page itself is the view's own. */
	TAP_OK(lvd_ept_map_to(&ept, 40 * MB, BG_HPA, 4 * KB, R, LVD_MEMTYPE_WB) == 0 &&
	       ept.leaves[1] == 1 &&
	       lvd_ept_lookup(&ept, 40 * MB, &l) ==
	       (ept.background[1] & ~LVD_EPTE_SW_BACKGROUND),
	       "mapping the background page as the background maps it: an own page, unmarked");
	TAP_OK(lvd_ept_unmap(&ept, 40 * MB, 4 * KB) == 0 && ept.tables == 1 && !ept.leaves[1],
	       "unmapping it: background again");
	check_tree(&ept, &env, "background page mapped");
	view_done(&ept, &env, "changes over the background");
}

/* Large pages split over the background; failures; flush rules. */
static void background_split_fail(void)
{
	static struct bg_copy copy;
	struct lvd_ept ept;
	struct env env;
	char what[100];
	long n;

	view_init(&ept, &env, LVD_EPT_LEVEL_2M);
	lvd_ept_set_background(&ept, BG_HPA, R);
	bg_save(&ept, &copy);
	lvd_ept_map_to(&ept, 10 * MB, 18 * MB, 2 * MB, RW, LVD_MEMTYPE_WB);
	lvd_ept_flush_done(&ept);
	TAP_OK(lvd_ept_unmap(&ept, 10 * MB + 20 * KB, 12 * KB) == 0 && ept.leaves[1] == 509 &&
	       !ept.leaves[2] && ept.tables == 4 && lvd_ept_needs_flush(&ept),
	       "unmap 12 KB of a 2 MB page: split, 509 pages left");
	expect_background(&ept, 10 * MB + 20 * KB, 12 * KB, "the unmapped 12 KB");
	expect_pages(&ept, 10 * MB, 20 * KB, 18 * MB, RW, LVD_MEMTYPE_WB, "before the hole");
	expect_pages(&ept, 10 * MB + 32 * KB, 2 * MB - 32 * KB, 18 * MB + 32 * KB, RW,
		     LVD_MEMTYPE_WB, "after the hole");
	lvd_ept_flush_done(&ept);
	TAP_OK(lvd_ept_protect(&ept, 10 * MB, 2 * MB, RX) == 0 && lvd_ept_needs_flush(&ept),
	       "protect the rest read-execute");
	expect_background(&ept, 10 * MB + 20 * KB, 12 * KB, "the hole keeps the background");
	expect_pages(&ept, 10 * MB, 20 * KB, 18 * MB, RX, LVD_MEMTYPE_WB, "protected pages");
	TAP_OK(lvd_ept_unmap(&ept, 10 * MB, 20 * KB) == 0 &&
	       lvd_ept_unmap(&ept, 10 * MB + 32 * KB, 2 * MB - 32 * KB) == 0 &&
	       ept.tables == 1 && !ept.leaves[1] && ept.tables_unlinked == 3,
	       "unmap the rest in two pieces: PT, PD, PDPT unlinked");
	lvd_ept_flush_done(&ept);
	TAP_OK(env.nlive == 4 && bg_same(&ept, &copy), "freed after the flush; background intact");
	check_tree(&ept, &env, "split over the background");
	view_done(&ept, &env, "split over the background");

	/* map_to over the background without enough table pages. */
	for (n = 0; n <= 3; n++) {
		u64 g = 3 * GB + 2 * MB - 4 * KB;
		int ret;

		snprintf(what, sizeof(what), "map_to over the background with %ld of 4 tables", n);
		view_init(&ept, &env, LVD_EPT_LEVEL_2M);
		lvd_ept_set_background(&ept, BG_HPA, R);
		env.limit = env.allocs + n;
		/* 8 KB across a 2 MB line: PDPT, PD and two PTs. */
		ret = lvd_ept_map_to(&ept, g, 9 * GB, 8 * KB, RW, LVD_MEMTYPE_WB);
		TAP_OK(ret == -ENOMEM, "%s: -ENOMEM", what);
		check_tree(&ept, &env, what);
		expect_background_or(&ept, g, 8 * KB, 9 * GB, RW, what);
		expect_background(&ept, g - 8 * KB, 8 * KB, what);
		expect_background(&ept, g + 8 * KB, 8 * KB, what);
		env.limit = -1;
		TAP_OK(lvd_ept_map_to(&ept, g, 9 * GB, 8 * KB, RW, LVD_MEMTYPE_WB) == 0 &&
		       ept.tables == 5 && ept.leaves[1] == 2, "%s: the same call again finishes it",
		       what);
		expect_pages(&ept, g, 8 * KB, 9 * GB, RW, LVD_MEMTYPE_WB, what);
		TAP_OK(lvd_ept_unmap(&ept, g, 8 * KB) == 0 && ept.tables == 1, "%s: unmapped",
		       what);
		check_tree(&ept, &env, what);
		view_done(&ept, &env, what);
	}

	/* unmap and protect that split, without the table page: nothing changes. */
	view_init(&ept, &env, LVD_EPT_LEVEL_2M);
	lvd_ept_set_background(&ept, BG_HPA, R);
	lvd_ept_map_to(&ept, 10 * MB, 18 * MB, 2 * MB, RW, LVD_MEMTYPE_WB);
	lvd_ept_flush_done(&ept);
	env.limit = env.allocs;
	TAP_OK(lvd_ept_unmap(&ept, 11 * MB, 4 * KB) == -ENOMEM &&
	       lvd_ept_protect(&ept, 11 * MB, 4 * KB, R) == -ENOMEM &&
	       !lvd_ept_needs_flush(&ept) && ept.leaves[2] == 1 && ept.tables == 3,
	       "unmap and protect that must split, without a page: -ENOMEM, nothing changed");
	expect_pages(&ept, 10 * MB, 2 * MB, 18 * MB, RW, LVD_MEMTYPE_WB, "the 2 MB page stays");
	env.limit = -1;
	TAP_OK(lvd_ept_unmap(&ept, 11 * MB, 4 * KB) == 0 && ept.leaves[1] == 511,
	       "unmap again: done");
	expect_background(&ept, 11 * MB, 4 * KB, "the unmapped page");
	check_tree(&ept, &env, "failures over the background");
	view_done(&ept, &env, "failures over the background");

	/* The flush rules. */
	view_init(&ept, &env, LVD_EPT_LEVEL_1G);
	lvd_ept_map_to(&ept, 1 * GB, 5 * GB, 2 * MB, RW, LVD_MEMTYPE_WB);
	TAP_OK(lvd_ept_set_background(&ept, BG_HPA, R) == 0 && !lvd_ept_needs_flush(&ept),
	       "flush: setting the background only adds: none");
	lvd_ept_map_to(&ept, 2 * GB, 6 * GB, 4 * KB, R, LVD_MEMTYPE_WB);
	TAP_OK(lvd_ept_needs_flush(&ept), "flush: a page over the background: needed");
	lvd_ept_flush_done(&ept);
	lvd_ept_protect(&ept, 2 * GB, 4 * KB, RW);
	TAP_OK(!lvd_ept_needs_flush(&ept), "flush: adding permissions to an own page: none");
	lvd_ept_protect(&ept, 3 * GB, 1 * GB, RX);
	lvd_ept_unmap(&ept, 3 * GB, 1 * GB);
	TAP_OK(!lvd_ept_needs_flush(&ept), "flush: protect and unmap of background only: none");
	lvd_ept_map_to(&ept, 1 * GB, 5 * GB, 2 * MB, RW, LVD_MEMTYPE_WB);
	TAP_OK(!lvd_ept_needs_flush(&ept), "flush: mapping what is mapped again: none");
	lvd_ept_unmap(&ept, 2 * GB, 4 * KB);
	TAP_OK(lvd_ept_needs_flush(&ept) && ept.tables_unlinked == 2,
	       "flush: unmapping an own page back to the background: needed, PT and PD unlinked");
	lvd_ept_flush_done(&ept);
	TAP_OK(!lvd_ept_needs_flush(&ept) && env.frees == 2, "flush done frees them");
	check_tree(&ept, &env, "flush rules with a background");

	/* Destroy with copies, unlinked and spare pages and the background. */
	lvd_ept_map_to(&ept, 7 * GB, 8 * GB, 4 * MB, RW, LVD_MEMTYPE_WB);
	lvd_ept_unmap(&ept, 7 * GB, 4 * MB);
	lvd_ept_map_to(&ept, 16 * GB, 16 * GB, 1 * GB, RW, LVD_MEMTYPE_WB);
	env.limit = env.allocs + 1;
	TAP_OK(lvd_ept_unmap(&ept, 16 * GB + 4 * KB, 4 * KB) == -ENOMEM, "a split short of a page");
	env.limit = -1;
	TAP_OK(ept.tables_unlinked == 1 && ept.tables_spare == 1 && ept.tables == 3 &&
	       ept.tables_background == 3, "a view with own, unlinked, spare and background tables");
	check_tree(&ept, &env, "before destroy");
	view_done(&ept, &env, "destroy with a background");
}

/* ---- Random changes against a model ---- */

#define WIN_PAGES	2048

struct mpage {
	u64 hpa;	/* the host page, when perm != 0 */
	u64 perm;	/* 0: the background */
	int type;
};

static struct mpage model[WIN_PAGES], before[WIN_PAGES];

/* Does guest page @i of the window translate as the model says? */
static bool page_ok(struct lvd_ept *ept, u64 win, unsigned int i)
{
	u64 gpa = win + (u64)i * 4 * KB;
	unsigned int l;
	u64 e = lvd_ept_lookup(ept, gpa, &l), ps;

	if (!model[i].perm)
		return e == ept->background[LVD_EPT_LEVEL_4K] && l == LVD_EPT_LEVEL_4K;
	ps = lvd_ept_level_size(l);
	return e && !(e & LVD_EPTE_SW_BACKGROUND) && (e & RWX) == model[i].perm &&
	       memtype_of(e) == model[i].type && l <= ept->max_level &&
	       (e & LVD_EPTE_ADDR_MASK & ~(ps - 1)) + (gpa & (ps - 1)) == model[i].hpa;
}

/* Does a change from @a to @b remove or reduce what a page translates to? */
static bool page_reduced(const struct mpage *a, const struct mpage *b)
{
	if (!a->perm && !b->perm)
		return false;
	if (!a->perm || !b->perm)
		return true;
	return a->hpa != b->hpa || a->type != b->type || (a->perm & ~b->perm);
}

static void background_random(unsigned int max_level, u64 win, bool exec_only, u64 seed,
			      unsigned int steps)
{
	static const u64 perms[] = { R, RW, RX, RWX, X };
	static struct bg_copy copy;
	struct lvd_ept ept;
	struct env env;
	unsigned int step, i, nperms = exec_only ? 5 : 4;
	u64 bad_pages_seen = 0, first_step = 0, first_page = 0, flush_missing = 0;
	u64 flush_extra = 0, enomem = 0, retry_bad = 0, bg_changed = 0, ops[3] = { 0 }, large = 0;
	const char *why = NULL;
	u64 why_step = 0;
	char name[120];

	snprintf(name, sizeof(name), "random (max level %u, window %#llx, seed %#llx)",
		 max_level, (unsigned long long)win, (unsigned long long)seed);
	rng_state = seed;
	view_init(&ept, &env, max_level);
	ept.exec_only = exec_only;
	lvd_ept_set_background(&ept, BG_HPA, R);
	bg_save(&ept, &copy);
	memset(model, 0, sizeof(model));

	for (step = 0; step < steps; step++) {
		unsigned int op = rnd_below(100), first, n, k;
		u64 perm = perms[rnd_below(nperms)], hpa = 0;
		int type = rnd_below(8) ? LVD_MEMTYPE_WB : LVD_MEMTYPE_UC, ret;
		bool changed = false, reduced = false, had_flush;

		op = op < 45 ? 0 : op < 75 ? 1 : 2;	/* map_to, unmap, protect */
		ops[op]++;
		/* A start page, often 2 MB-aligned; a length of 1 page to 1024. */
		first = rnd_below(4) ? rnd_below(WIN_PAGES) : rnd_below(WIN_PAGES / 512) * 512;
		switch (rnd_below(4)) {
		case 0:
			n = 1;
			break;
		case 1:
			n = 1 + rnd_below(16);
			break;
		case 2:
			n = 1 + rnd_below(1024);
			break;
		default:
			n = 512 * (1 + rnd_below(2));
			break;
		}
		if (n > WIN_PAGES - first)
			n = WIN_PAGES - first;
		if (op == 0) {
			hpa = rnd_below(4 * GB / (4 * KB)) * 4 * KB;
			if (!(first % 512) && rnd_below(2))
				hpa &= ~(2 * MB - 1);	/* so that 2 MB pages fit */
			if (!rnd_below(16)) {		/* the background page itself */
				hpa = BG_HPA;
				perm = R;
				type = LVD_MEMTYPE_WB;
			}
		}
		if (!rnd_below(3))
			lvd_ept_flush_done(&ept);
		if (!rnd_below(4))
			env.limit = env.allocs + rnd_below(2);
		memcpy(before, model, sizeof(model));
		for (k = first; k < first + n; k++) {
			if (op == 0) {
				model[k].hpa = hpa + (u64)(k - first) * 4 * KB;
				model[k].perm = perm;
				model[k].type = type;
			} else if (op == 1) {
				model[k].perm = 0;
			} else if (model[k].perm) {
				model[k].perm = perm;
			}
		}
		for (k = first; k < first + n; k++) {
			bool same = !before[k].perm && !model[k].perm ? true :
				    before[k].perm == model[k].perm && before[k].hpa == model[k].hpa &&
				    before[k].type == model[k].type;

			changed |= !same;
			reduced |= page_reduced(&before[k], &model[k]);
		}
		had_flush = lvd_ept_needs_flush(&ept);
		ret = op == 0 ? lvd_ept_map_to(&ept, win + first * 4 * KB, hpa, n * 4 * KB, perm, type) :
		      op == 1 ? lvd_ept_unmap(&ept, win + first * 4 * KB, n * 4 * KB) :
				lvd_ept_protect(&ept, win + first * 4 * KB, n * 4 * KB, perm);
		env.limit = -1;
		if (ret == -ENOMEM) {
			enomem++;
			if (op == 0) {
				/* Each page maps the old or the new: then finish. */
				ret = lvd_ept_map_to(&ept, win + first * 4 * KB, hpa, n * 4 * KB,
						     perm, type);
			} else {
				/* All or nothing: nothing changed. */
				memcpy(model, before, sizeof(model));
				changed = reduced = false;
				ret = 0;
			}
		}
		if (ret)
			retry_bad++;
		if (reduced && !lvd_ept_needs_flush(&ept))
			flush_missing++;
		if (op != 0 && !changed && !had_flush && lvd_ept_needs_flush(&ept))
			flush_extra++;
		for (i = 0; i < WIN_PAGES; i++) {
			if (!page_ok(&ept, win, i) && !bad_pages_seen++) {
				first_step = step;
				first_page = i;
			}
		}
		if (!bg_same(&ept, &copy))
			bg_changed++;
		if (!why) {
			why = tree_problem(&ept, &env);
			why_step = step;
		}
		large += ept.leaves[LVD_EPT_LEVEL_2M] != 0;
	}
	TAP_OK(!retry_bad, "%s: every call (or its retry after -ENOMEM) succeeded", name);
	printf("#   %llu -ENOMEM injected; %llu map_to, %llu unmap, %llu protect; 2 MB pages after %llu\n",
	       (unsigned long long)enomem, (unsigned long long)ops[0],
	       (unsigned long long)ops[1], (unsigned long long)ops[2], (unsigned long long)large);
	TAP_OK(!bad_pages_seen, "%s: each window page as the model says after each of %u steps",
	       name, steps);
	if (bad_pages_seen)
		printf("#   %llu wrong, first at step %llu page %llu\n",
		       (unsigned long long)bad_pages_seen, (unsigned long long)first_step,
		       (unsigned long long)first_page);
	TAP_OK(!why, "%s: hierarchy consistent after each step (%s)", name, why ? why : "ok");
	if (why)
		printf("#   first at step %llu\n", (unsigned long long)why_step);
	/* Removed or reduced: needs a flush; unmap/protect that changed nothing: none. */
	TAP_OK(!flush_missing && !flush_extra, "%s: flush when needed (%llu missing, %llu extra)",
	       name, (unsigned long long)flush_missing, (unsigned long long)flush_extra);
	TAP_OK(!bg_changed, "%s: the background tables never changed", name);
	TAP_OK(lvd_ept_unmap(&ept, win, WIN_PAGES * 4 * KB) == 0 && ept.tables == 1 &&
	       !ept.leaves[1] && !ept.leaves[2] && !ept.leaves[3],
	       "%s: unmapping the window leaves the root alone", name);
	lvd_ept_flush_done(&ept);
	TAP_OK((u64)env.nlive == 1 + 3 + ept.tables_spare && !env.bad_frees,
	       "%s: after the flush only the root, the background and spare pages are left",
	       name);
	expect_background(&ept, win, WIN_PAGES * 4 * KB, name);
	view_done(&ept, &env, name);
}

static void views_background(void)
{
	background_basic();
	background_refusals();
	background_existing();
	background_changes();
	background_split_fail();
	/* A window across a PML4 slot boundary, 2 MB pages as views use. */
	background_random(LVD_EPT_LEVEL_2M, 512 * GB - 4 * MB, false, 0x9e3779b97f4a7c15ULL, 3000);
	/* Across a 1 GB boundary, with execute-only pages. */
	background_random(LVD_EPT_LEVEL_1G, 1 * GB - 4 * MB, true, 0xdeadbeefcafef00dULL, 3000);
	/* Only 4 KB pages. */
	background_random(LVD_EPT_LEVEL_4K, 0, false, 0x0123456789abcdefULL, 1000);
}

/* The EPT pointers root lets into an EPTP list (SDM Vol. 3C 24.6.11). */
static void eptp_checks(void)
{
	const u64 good = 0x12345000ULL | LVD_MEMTYPE_WB |
			 ((u64)(LVD_EPT_LEVELS - 1) << LVD_EPTP_WALK_LENGTH_SHIFT);

	TAP_OK(lvd_eptp_valid(good, 39), "WB, 4-level walk, page-aligned root: valid");
	TAP_OK(!lvd_eptp_valid((good & ~LVD_EPTP_MEMTYPE_MASK) | LVD_MEMTYPE_UC, 39),
	       "another memory type: refused (LVD uses write-back only)");
	TAP_OK(!lvd_eptp_valid(good & ~LVD_EPTP_WALK_LENGTH_MASK, 39), "1-level walk: refused");
	TAP_OK(!lvd_eptp_valid(good | LVD_EPTP_AD_ENABLE, 39), "accessed/dirty flags: refused");
	TAP_OK(!lvd_eptp_valid(good | BIT_ULL(7), 39), "reserved bit 7: refused");
	TAP_OK(!lvd_eptp_valid(good | BIT_ULL(11), 39), "reserved bit 11: refused");
	TAP_OK(!lvd_eptp_valid(good | BIT_ULL(39), 39), "root above MAXPHYADDR: refused");
	TAP_OK(lvd_eptp_valid(good | BIT_ULL(39), 46), "the same root with MAXPHYADDR 46: valid");
	TAP_OK(!lvd_eptp_valid(0, 39), "0 (an empty slot): not a valid EPTP");
}

int main(void)
{
	eptp_checks();
	bochs_map();
	crossing();
	pick_and_errors();
	views_map();
	views_refusals();
	views_replace();
	views_split_1g();
	views_split_2m();
	views_unlink();
	views_failures();
	views_flush();
	views_background();
	return tap_done();
}
