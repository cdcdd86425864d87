// SPDX-License-Identifier: GPL-2.0
/*
 * hypervisor/ept_kernel.c - the kernel's EPT (EPT_K): an identity map of
 * every physical range the kernel's resource tree knows (RAM, reserved
 * areas, ACPI, PCI windows, APICs) plus the first megabyte, with memory
 * types from the MTRRs, built with ept.c.
 *
 * lvd_ept_k_build() and lvd_ept_k_destroy() run in process context at
 * module load and unload, while no CPU uses the EPT. lvd_ept_k_fill(),
 * lvd_ept_k_map_ram() and lvd_ept_k_repair() run in the exit handler (VMX
 * root, interrupts off, any CPU): they take only this file's own lock,
 * which only root takes, and draw page-table pages from a pool that
 * process context refills without a lock (see pool_take()).
 *
 * Memory the kernel adds while LVD runs (memory hot-add) is mapped before
 * it goes online: a memory notifier refills the pool and asks root to map
 * it (LVD_HC_MAP_RAM); if that fails the memory stays offline, and says so.
 */
#define pr_fmt(fmt) "lvd: " fmt

#include <linux/kernel.h>
#include <linux/ioport.h>
#include <linux/slab.h>
#include <linux/gfp.h>
#include <linux/mm.h>
#include <linux/atomic.h>
#include <linux/io.h>
#include <linux/irq_work.h>
#include <linux/workqueue.h>
#include <linux/memory.h>
#include <linux/pfn.h>
#include <asm/msr.h>
#include <asm/processor.h>

#include <lvd/compat.h>
#include <lvd/hw/msr.h>
#include <lvd/hw/vmx.h>
#include <lvd/hw/ept.h>
#include <lvd/hypercall.h>
#include "lvd_hv.h"

/*
 * Table pages kept for root; a hole fill needs at most 2, a hot-added block
 * of up to 1 GB at most 3. Refilled after root takes from it.
 */
#define EPT_POOL_PAGES		16
/*
 * The legacy first megabyte (BIOS data, EBDA, VGA, ROMs) is always mapped;
 * it is the range the fixed MTRRs cover.
 */
#define LOW_MEMORY_END		LVD_MTRR_FIXED_END

struct lvd_mtrr lvd_mtrr;

/*
 * The pool: slots that root empties with xchg() and process context fills
 * with cmpxchg(). No lock between the two, so root never waits for process
 * context (which may itself be interrupted by an exit on the same CPU).
 */
static void *pool[EPT_POOL_PAGES];
static bool in_root;		/* callbacks draw from the pool (under ept_lock) */
static bool pool_drawn;		/* root took pages: refill (under ept_lock) */
static atomic_t ept_lock = ATOMIC_INIT(0);
static struct irq_work refill_irq_work;
static struct work_struct refill_work;

static void *pool_take(void)
{
	unsigned int i;
	void *va;

	for (i = 0; i < EPT_POOL_PAGES; i++) {
		va = xchg(&pool[i], NULL);
		if (va) {
			pool_drawn = true;
			return va;
		}
	}
	return NULL;
}

/* Fill every empty slot; process context. Returns how many are empty after. */
static unsigned int pool_refill(void)
{
	unsigned int i, empty = 0;
	void *va;

	for (i = 0; i < EPT_POOL_PAGES; i++) {
		if (READ_ONCE(pool[i]))
			continue;
		va = lvd_alloc_pages(0);
		if (!va) {
			empty++;
			continue;
		}
		if (cmpxchg(&pool[i], NULL, va))
			lvd_free_pages(va, 0);
	}
	return empty;
}

static void refill_work_fn(struct work_struct *w)
{
	if (pool_refill())
		pr_warn("could not refill the EPT page pool (out of memory); will retry at the next use\n");
}

/* Root cannot sleep: an irq_work (safe from any context) schedules the refill. */
static void refill_irq_fn(struct irq_work *w)
{
	schedule_work(&refill_work);
}

static lvd_root void *k_alloc(void *ctx, u64 *pa)
{
	void *va;

	if (in_root) {
		va = pool_take();
		if (!va)
			return NULL;
	} else {
		va = lvd_alloc_pages(0);
		if (!va)
			return NULL;
	}
	*pa = virt_to_phys(va);
	return va;
}

static void k_free(void *ctx, void *va, u64 pa)
{
	lvd_free_pages(va, 0);
}

static lvd_root void *k_p2v(void *ctx, u64 pa)
{
	return phys_to_virt(pa);
}

static lvd_root int k_memtype(void *ctx, u64 start, u64 end)
{
	return lvd_mtrr_type(&lvd_mtrr, start, end);
}

static const struct lvd_ept_ops k_ops = {
	.alloc_table = k_alloc,
	.free_table = k_free,
	.phys_to_virt = k_p2v,
	.memtype = k_memtype,
};

/* Snapshot this CPU's MTRRs (SDM Vol. 3A 11.11.1-11.11.2). */
static void read_mtrrs(struct lvd_mtrr *m)
{
	u64 cap = 0, def = 0, fixed[LVD_MTRR_NUM_FIXED_MSRS] = { 0 };
	unsigned int i;

	memset(m, 0, sizeof(*m));
	m->phys_mask = (1ULL << boot_cpu_data.x86_phys_bits) - 1;
	if (!boot_cpu_has(X86_FEATURE_MTRR)) {
		m->enabled = false;	/* all UC, as on a CPU without MTRRs */
		return;
	}
	rdmsrl_safe(LVD_MSR_IA32_MTRRCAP, &cap);
	rdmsrl_safe(LVD_MSR_IA32_MTRR_DEF_TYPE, &def);
	m->enabled = def & LVD_MTRR_DEF_E;
	m->fixed_enabled = (def & LVD_MTRR_DEF_FE) && (cap & LVD_MTRRCAP_FIX);
	m->def_type = def & LVD_MTRR_DEF_TYPE_MASK;
	if (m->fixed_enabled) {
		for (i = 0; i < LVD_MTRR_NUM_FIXED_MSRS; i++)
			rdmsrl_safe(lvd_mtrr_fixed_msrs[i], &fixed[i]);
		lvd_mtrr_set_fixed(m, fixed);
	}
	m->nvar = min_t(unsigned int, cap & LVD_MTRRCAP_VCNT_MASK, LVD_MTRR_MAX_VAR);
	for (i = 0; i < m->nvar; i++) {
		rdmsrl_safe(LVD_MSR_IA32_MTRR_PHYSBASE0 + 2 * i, &m->var[i].base);
		rdmsrl_safe(LVD_MSR_IA32_MTRR_PHYSMASK0 + 2 * i, &m->var[i].mask);
	}
}

struct range_list {
	struct lvd_range *r;
	size_t n, cap;
};

static int range_list_add(struct range_list *l, u64 start, u64 end)
{
	if (l->n == l->cap) {
		size_t cap = l->cap ? 2 * l->cap : 64;
		struct lvd_range *r = krealloc_array(l->r, cap, sizeof(*r), GFP_KERNEL);

		if (!r)
			return -ENOMEM;
		l->r = r;
		l->cap = cap;
	}
	l->r[l->n].start = start;
	l->r[l->n].end = end;
	l->n++;
	return 0;
}

static int add_resource(struct resource *res, void *arg)
{
	return range_list_add(arg, res->start, res->end + 1);
}

/**
 * lvd_ept_k_build() - build EPT_K and fill the pool
 * @max_level: largest page size to use (LVD_EPT_LEVEL_*), lowered to what
 *	       the CPU supports
 *
 * The memory map is the union of all memory resources below MAXPHYADDR in
 * the kernel's resource tree (walk_iomem_res_desc() with IORESOURCE_MEM:
 * RAM, reserved, ACPI, PCI windows, APICs). Addresses outside it are left
 * unmapped and filled on first touch (lvd_ept_k_fill()).
 *
 * Context: process context, before any CPU is launched.
 * Return: 0 or a negative errno (logged).
 */
int lvd_ept_k_build(unsigned int max_level)
{
	struct range_list l = { 0 };
	u64 top;
	int ret;

	if (max_level >= LVD_EPT_LEVEL_1G && !(lvd_hv.msrs.ept_vpid_cap & LVD_EPT_CAP_1GB_PAGE))
		max_level = LVD_EPT_LEVEL_2M;
	read_mtrrs(&lvd_mtrr);
	top = lvd_mtrr.phys_mask;
	ret = range_list_add(&l, 0, LOW_MEMORY_END);
	if (!ret)
		ret = walk_iomem_res_desc(IORES_DESC_NONE, IORESOURCE_MEM, 0, top, &l,
					  add_resource);
	if (ret < 0) {
		pr_err("cannot read the physical memory map (%d)\n", ret);
		goto out;
	}
	in_root = false;
	ret = lvd_ept_init(&lvd_hv.ept, &k_ops, NULL, max_level);
	if (!ret)
		ret = lvd_ept_map_ranges(&lvd_hv.ept, l.r, l.n);
	if (ret) {
		pr_err("cannot build the kernel's EPT (%d)\n", ret);
		lvd_ept_destroy(&lvd_hv.ept);
		goto out;
	}
	init_irq_work(&refill_irq_work, refill_irq_fn);
	INIT_WORK(&refill_work, refill_work_fn);
	pool_refill();
	lvd_hv.eptp = lvd_ept_eptp(&lvd_hv.ept);
	pr_info("kernel EPT: %zu ranges, %llu x 1G + %llu x 2M + %llu x 4K pages, %llu tables\n",
		l.n, lvd_hv.ept.leaves[LVD_EPT_LEVEL_1G], lvd_hv.ept.leaves[LVD_EPT_LEVEL_2M],
		lvd_hv.ept.leaves[LVD_EPT_LEVEL_4K], lvd_hv.ept.tables);
out:
	kfree(l.r);
	return ret;
}

/**
 * lvd_ept_k_destroy() - free EPT_K and the pool
 *
 * Context: process context, after every CPU has left VMX operation.
 */
void lvd_ept_k_destroy(void)
{
	unsigned int i;

	irq_work_sync(&refill_irq_work);
	cancel_work_sync(&refill_work);
	lvd_ept_destroy(&lvd_hv.ept);
	for (i = 0; i < EPT_POOL_PAGES; i++)
		lvd_free_pages(xchg(&pool[i], NULL), 0);
}

static lvd_root void root_lock(void)
{
	while (atomic_cmpxchg_acquire(&ept_lock, 0, 1))
		cpu_relax();
}

static lvd_root void root_unlock(void)
{
	bool refill = pool_drawn;

	pool_drawn = false;
	atomic_set_release(&ept_lock, 0);
	if (refill)
		irq_work_queue(&refill_irq_work);
}

/**
 * lvd_ept_k_fill() - map the hole in EPT_K around @gpa
 * @gpa: a guest-physical address the kernel touched that EPT_K lacks
 * @start: set to the start of what was mapped
 * @end: set to its end
 *
 * Maps what one missing entry covers (at most 1 GB) with the MTRR types,
 * as the kernel would see that memory natively. Adding mappings needs no
 * INVEPT on other CPUs (not-present entries are not cached, SDM Vol. 3C
 * 28.3.2); the caller invalidates this CPU's stale view.
 *
 * Context: VMX root, interrupts off.
 * Return: 0; -EEXIST when another CPU mapped it first; -ERANGE above
 * MAXPHYADDR; -ENOMEM when the pool is empty.
 */
lvd_root int lvd_ept_k_fill(u64 gpa, u64 *start, u64 *end)
{
	int ret;

	if (gpa > lvd_mtrr.phys_mask)
		return -ERANGE;
	root_lock();
	in_root = true;
	ret = lvd_ept_hole(&lvd_hv.ept, gpa, start, end);
	if (!ret)
		ret = lvd_ept_map(&lvd_hv.ept, *start, *end);
	in_root = false;
	root_unlock();
	return ret;
}

/**
 * lvd_ept_k_protect() - change the kernel's rights on a range of its view
 * (LVD_HC_KVIEW_PROTECT)
 * @start: first byte, 4 KB-aligned
 * @size: bytes, a non-zero multiple of 4 KB
 * @perm: LVD_EPTE_* rights, non-empty, as lvd_ept_protect() accepts
 *
 * Pages of the range keep their identity mapping and memory type; large
 * pages the range cuts are split with pool pages. A later access the new
 * rights refuse is an EPT violation that fills nothing (the page is
 * present): the kernel gets #GP, and the rights stay as set until they are
 * set again. The caller invalidates the kernel's view on every CPU
 * afterwards; no table page leaves the hierarchy, so nothing waits for it.
 *
 * Context: VMX root, interrupts off.
 * Return: 0, -EINVAL (range, rights, or a range not all mapped), -ENOMEM
 * (the pool ran dry; nothing changed).
 */
lvd_root int lvd_ept_k_protect(u64 start, u64 size, u64 perm)
{
	unsigned int level;
	u64 a;
	int ret = 0;

	if (!size || (start | size) & (LVD_EPT_PAGE_SIZE - 1) || start + size < start ||
	    start + size - 1 > lvd_mtrr.phys_mask)
		return -EINVAL;
	root_lock();
	in_root = true;
	/* Every page mapped: one lookup per leaf, whatever its size. */
	for (a = start; a < start + size && !ret;
	     a = (a | (lvd_ept_level_size(level) - 1)) + 1)
		if (!(lvd_ept_lookup(&lvd_hv.ept, a, &level) & LVD_EPTE_RWX))
			ret = -EINVAL;
	if (!ret)
		ret = lvd_ept_protect(&lvd_hv.ept, start, size, perm);
	/* Splits unlink nothing: the INVEPTs the caller makes are all it takes. */
	if (!ret)
		lvd_ept_flush_done(&lvd_hv.ept);
	in_root = false;
	root_unlock();
	return ret;
}

/**
 * lvd_ept_k_map_ram() - map RAM the kernel is adding (LVD_HC_MAP_RAM)
 * @start: first byte, 4 KB-aligned
 * @end: one past the last byte, 4 KB-aligned
 *
 * Parts already mapped are left alone; adding mappings needs no INVEPT.
 *
 * Context: VMX root, interrupts off (the hypercall of lvd_ept_k_add_ram()).
 * Return: 0; -EINVAL for a misaligned or empty range or one past
 * MAXPHYADDR; -ENOMEM when the pool ran dry (the caller refills, retries).
 */
lvd_root int lvd_ept_k_map_ram(u64 start, u64 end)
{
	int ret;

	if ((start | end) & (LVD_EPT_PAGE_SIZE - 1) || end <= start ||
	    end - 1 > lvd_mtrr.phys_mask)
		return -EINVAL;
	root_lock();
	in_root = true;
	ret = lvd_ept_map(&lvd_hv.ept, start, end);
	in_root = false;
	root_unlock();
	return ret;
}

/*
 * Memory hot-add: map the block before it goes online. Root maps with pool
 * pages; a block that needs more than the pool holds is mapped over
 * several hypercalls (what is mapped stays mapped), refilling in between.
 */
static int lvd_ept_k_add_ram(u64 start, u64 end)
{
	long ret = -ENOMEM;
	int tries;

	for (tries = 0; tries < 8 && ret == -ENOMEM; tries++) {
		pool_refill();
		ret = lvd_vmcall(LVD_HC_MAP_RAM, start, end - start, 0);
	}
	return ret;
}

static int mem_notify(struct notifier_block *nb, unsigned long action, void *arg)
{
	struct memory_notify *mn = arg;
	u64 start = PFN_PHYS(mn->start_pfn), end = start + PFN_PHYS(mn->nr_pages);
	int ret;

	if (action != MEM_GOING_ONLINE || !lvd_cpus_launched())
		return NOTIFY_OK;
	ret = lvd_ept_k_add_ram(start, end);
	if (ret)
		pr_err("memory %#llx-%#llx stays offline: it cannot be mapped in the kernel's EPT (%d); unload lvd_hv to use it\n",
		       start, end - 1, ret);
	return notifier_from_errno(ret);
}

static struct notifier_block mem_nb = {
	.notifier_call = mem_notify,
};

/**
 * lvd_ept_k_hotplug_start() - map memory that comes online from now on
 *
 * Context: process context, after the launch.
 */
void lvd_ept_k_hotplug_start(void)
{
	register_memory_notifier(&mem_nb);
}

/**
 * lvd_ept_k_hotplug_stop() - stop mapping memory that comes online
 *
 * Context: process context, before every CPU leaves VMX operation.
 */
void lvd_ept_k_hotplug_stop(void)
{
	unregister_memory_notifier(&mem_nb);
}

#ifdef LVD_TESTING
/**
 * lvd_ept_k_poison() - testing: give the leaf that maps @gpa a reserved
 * memory type, so the next access that walks it is an EPT
 * misconfiguration (SDM Vol. 3C 28.2.3.1)
 * @gpa: a mapped guest-physical address
 *
 * A translation the CPU already caches may be used until it is evicted
 * (no INVEPT from outside VMX root); Bochs caches none across an exit.
 *
 * Context: process context, hypervisor running (debugfs write).
 * Return: 0, or -ENOENT when @gpa is not mapped.
 */
int lvd_ept_k_poison(u64 gpa)
{
	unsigned int level;
	u64 *e = lvd_ept_leaf_ptr(&lvd_hv.ept, gpa, &level);

	if (!e)
		return -ENOENT;
	WRITE_ONCE(*e, (*e & ~LVD_EPTE_MEMTYPE_MASK) |
		   ((u64)LVD_EPT_MEMTYPE_RESERVED << LVD_EPTE_MEMTYPE_SHIFT));
	return 0;
}
#endif

/**
 * lvd_ept_k_repair() - drop the leaf that maps @gpa after an EPT
 * misconfiguration, so the next access refills it with a correct entry
 * @gpa: the address of the misconfiguration exit
 * @old: set to the entry that was dropped
 *
 * Context: VMX root, interrupts off. The caller invalidates with INVEPT.
 * Return: 0, or -ENOENT when no leaf maps @gpa (the fault is in a table
 * entry and cannot be repaired here).
 */
lvd_root int lvd_ept_k_repair(u64 gpa, u64 *old)
{
	unsigned int level;
	u64 *e;
	int ret = -ENOENT;

	root_lock();
	e = lvd_ept_leaf_ptr(&lvd_hv.ept, gpa, &level);
	if (e) {
		*old = *e;
		*e = 0;
		lvd_hv.ept.leaves[level]--;
		ret = 0;
	}
	root_unlock();
	return ret;
}
