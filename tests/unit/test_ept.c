// SPDX-License-Identifier: GPL-2.0
/*
 * tests/unit/test_ept.c - the EPT builder on synthetic memory maps: holes,
 * MMIO, memory-type boundaries, ranges crossing 2 MB and 1 GB boundaries,
 * running out of table pages, and page-size choice; views that map other
 * host addresses with chosen permissions, refusals of misconfigurations,
 * replacing, unmapping and permission changes that split 1 GB and 2 MB
 * pages, failure injection, and the flush bookkeeping (needs-flush, table
 * pages freed only after the flush, nothing leaks).
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
			     !(e & LVD_EPTE_IGNORE_PAT) && !(e & LVD_EPTE_USER_EXEC);
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
 * its size, no leaf above the largest level).
 */
static void walk_table(struct walk *w, u64 pa, unsigned int level)
{
	const u64 *t = (const u64 *)(uintptr_t)pa;
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

		if (!p)
			continue;
		if (((p & W) && !(p & R)) || (p == X && !w->ept->exec_only)) {
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

/* Check the hierarchy and the counts; every allocated page is accounted for. */
static void check_tree(struct lvd_ept *ept, struct env *env, const char *what)
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
	if (!w.why && (u64)env->nlive != ept->tables + ept->tables_unlinked + ept->tables_spare)
		w.why = "pages allocated but not accounted for";
	if (!w.why && env->bad_frees)
		w.why = "a page freed twice or never allocated";
	TAP_OK(!w.why, "%s: hierarchy consistent (%s)", what, w.why ? w.why : "ok");
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
	return tap_done();
}
