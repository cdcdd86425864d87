// SPDX-License-Identifier: GPL-2.0
/*
 * kernel/domain.c - the domain manager (lvd_dom.ko): domains' memory,
 * address spaces and EPT views, the loader around kernel/loader/elf_load.c,
 * grants, and the life cycle from creation to destruction. Calls, upcalls
 * and stops are call.c's; the gates are gate.S.
 *
 * A domain's address spaces keep DESIGN.md section 2's invariants:
 *
 * 1. Virtual addresses. Each domain gets its own range, disjoint from every
 *    other domain's, inside the kernel-image area of the top 2 GB (what
 *    code built with the kernel's code model needs): the part of
 *    [__START_KERNEL_map, MODULES_VADDR) that holds no kernel image. Linux
 *    maps nothing there after boot (it only ever holds the image), so the
 *    kernel's page tables never map a domain's range, and checked at every
 *    reservation. A stray VMFUNC into another view finds its code address
 *    unmapped there. Linux 6.1 exports no function that reserves part of
 *    the module area itself.
 * 2. Page tables. VMFUNC does not change CR3, which holds whatever process
 *    page table was current. In a domain's view every guest-physical
 *    address that is not the domain's own translates to the domain's root
 *    page table, read-only and not executable (lvd_view_set_background()),
 *    so the CPU's walk starts at the domain's root whatever CR3 holds; the
 *    lower tables sit at the domain's own guest-physical addresses,
 *    read-only in its view, their accessed and dirty bits set in advance so
 *    the CPU never writes them. The gate writes no CR3: the cost is nil in
 *    the gate and three EPT table pages per domain.
 * 3. Guest-physical addresses. Each slot has a window of guest-physical
 *    addresses above everything the kernel's memory map holds (RAM and
 *    MMIO, iomem_resource); the domain's pages, and the pages it shares with
 *    the kernel (the gates, the view marker, the per-CPU slot page), appear
 *    there, so a shared page has a different guest-physical address in each
 *    view.
 *
 * W^X holds in the EPT as well as in the page tables: text and the import
 * stubs are execute-only (read-execute where the CPU has no execute-only
 * EPT pages), read-only data read-only, data, bss, stacks and per-CPU pages
 * read-write and never executable. Of the kernel, a view maps only the gate
 * pages (execute-only), the view marker (its own page, read-only) and the
 * per-CPU slot page (read-only).
 */
#define pr_fmt(fmt) "lvd_dom: " fmt

#include <linux/module.h>
#include <linux/slab.h>
#include <linux/vmalloc.h>
#include <linux/mm.h>
#include <linux/mutex.h>
#include <linux/list.h>
#include <linux/genalloc.h>
#include <linux/ioport.h>
#include <linux/ctype.h>
#include <linux/io.h>
#include <asm/pgtable.h>
#include <asm/tlbflush.h>
#include <asm/page.h>
#include <asm/processor.h>

#include <lvd/view.h>
#include <lvd/domain.h>
#include "loader/elf_load.h"
#include "gate.h"
#include "domain_int.h"
#define CREATE_TRACE_POINTS
#include "lvd_dom_trace.h"

static unsigned int stack_pages = 4;
module_param(stack_pages, uint, 0444);
MODULE_PARM_DESC(stack_pages, "pages of stack per domain and CPU (default 4)");

static unsigned int grant_pages = 64;
module_param(grant_pages, uint, 0444);
MODULE_PARM_DESC(grant_pages, "virtual pages per domain for memory granted after the load (default 64)");

/* The 10-byte import stub: MOV EAX, imm32 (B8); JMP rel32 (E9) (SDM Vol. 2). */
#define STUB_SIZE		16
#define STUB_OP_MOV_EAX		0xb8
#define STUB_OP_JMP_REL32	0xe9
#define STUB_OP_INT3		0xcc

static_assert(LVD_DPT_VIEW_R == LVD_VIEW_R && LVD_DPT_VIEW_W == LVD_VIEW_W &&
	      LVD_DPT_VIEW_X == LVD_VIEW_X);

static DEFINE_MUTEX(dom_lock);		/* the list, slots, VA and GPA space */
static LIST_HEAD(dom_list);
static DECLARE_BITMAP(slots_used, LVD_VIEW_SLOTS);
static struct gen_pool *va_pool;
static u64 gpa_start, gpa_window;
static unsigned long va_start, va_end;	/* the domains' virtual range */
struct lvd_view_caps lvd_dom_caps;
struct lvd_dom_stats lvd_dom_stats;

/* --- memory ------------------------------------------------------------ */

/* A page the domain owns: allocated zeroed, given the next GPA. */
static struct page *dom_page(struct lvd_domain *d, u64 *gpa)
{
	struct page *p;

	if (d->npages == d->pages_cap) {
		unsigned int cap = max(64u, d->pages_cap * 2);
		struct page **n = kvrealloc(d->pages, d->pages_cap * sizeof(*n),
					    cap * sizeof(*n), GFP_KERNEL);

		if (!n)
			return NULL;
		d->pages = n;
		d->pages_cap = cap;
	}
	if (d->gpa_next >= d->gpa_base + gpa_window)
		return NULL;
	p = alloc_page(GFP_KERNEL | __GFP_ZERO);
	if (!p)
		return NULL;
	d->pages[d->npages++] = p;
	*gpa = d->gpa_next;
	d->gpa_next += PAGE_SIZE;
	return p;
}

static u64 dom_gpa(struct lvd_domain *d)
{
	u64 gpa = d->gpa_next;

	if (gpa >= d->gpa_base + gpa_window)
		return 0;
	d->gpa_next += PAGE_SIZE;
	return gpa;
}

/* Table pages for dpt.c: domain pages, read-only in the view. */
static u64 *dpt_alloc(void *ctx, u64 *gpa)
{
	struct lvd_domain *d = ctx;
	struct page *p;

	if (d->ntables == ARRAY_SIZE(d->tables))
		return NULL;
	p = dom_page(d, gpa);
	if (!p || lvd_view_map(d->view, *gpa, page_to_phys(p), PAGE_SIZE, LVD_VIEW_R))
		return NULL;
	d->tables[d->ntables].gpa = *gpa;
	d->tables[d->ntables].kva = page_address(p);
	return d->tables[d->ntables++].kva;
}

static u64 *dpt_table_va(void *ctx, u64 gpa)
{
	struct lvd_domain *d = ctx;
	unsigned int i;

	for (i = 0; i < d->ntables; i++)
		if (d->tables[i].gpa == gpa)
			return d->tables[i].kva;
	return NULL;
}

static const struct lvd_dpt_ops dpt_ops = {
	.alloc_table = dpt_alloc,
	.table_va = dpt_table_va,
};

/* Map host page @hpa at @va (page tables) and a fresh GPA (view). */
static int dom_map_gpa(struct lvd_domain *d, unsigned long va, u64 hpa, enum lvd_dpage_kind kind,
		       u64 *gpa)
{
	*gpa = dom_gpa(d);
	if (!*gpa)
		return -ENOSPC;
	return lvd_dpt_map(&d->dpt, va, *gpa, kind) ?:
	       lvd_view_map(d->view, *gpa, hpa, PAGE_SIZE, lvd_dpt_view_perm(kind, lvd_dom_caps.exec_only));
}

static int dom_map(struct lvd_domain *d, unsigned long va, u64 hpa, enum lvd_dpage_kind kind)
{
	u64 gpa;

	return dom_map_gpa(d, va, hpa, kind, &gpa);
}

/* A new domain page mapped at @va, or NULL. */
static struct page *dom_map_new_page(struct lvd_domain *d, unsigned long va,
				     enum lvd_dpage_kind kind)
{
	u64 gpa;
	struct page *p = dom_page(d, &gpa);

	if (!p)
		return NULL;
	if (lvd_dpt_map(&d->dpt, va, gpa, kind) ||
	    lvd_view_map(d->view, gpa, page_to_phys(p), PAGE_SIZE,
			 lvd_dpt_view_perm(kind, lvd_dom_caps.exec_only)))
		return NULL;
	return p;
}

/* A new domain page mapped at @va; its kernel address, or NULL. */
static void *dom_map_new(struct lvd_domain *d, unsigned long va, enum lvd_dpage_kind kind)
{
	struct page *p = dom_map_new_page(d, va, kind);

	return p ? page_address(p) : NULL;
}

/* The host page behind an address in this module (module memory is vmalloc'ed). */
static u64 kernel_hpa(const void *va)
{
	return page_to_phys(vmalloc_to_page(va));
}

/* The pages every view shares with the kernel (see the top of gate.S). */
static int map_common(struct lvd_domain *d)
{
	unsigned long va;
	u32 *marker;
	int ret;

	for (va = (unsigned long)lvd_gate_pages_start; va < (unsigned long)lvd_gate_pages_end;
	     va += PAGE_SIZE) {
		ret = dom_map(d, va, kernel_hpa((void *)va), LVD_DPAGE_TEXT);
		if (ret)
			return ret;
	}
	for (va = (unsigned long)lvd_gate_ro_slot;
	     va < (unsigned long)&lvd_gate_ro_slot[nr_cpu_ids]; va += PAGE_SIZE) {
		ret = dom_map(d, va, kernel_hpa((void *)va), LVD_DPAGE_RO);
		if (ret)
			return ret;
	}
	marker = dom_map_new(d, (unsigned long)lvd_view_marker, LVD_DPAGE_RO);
	if (!marker)
		return -ENOMEM;
	marker[0] = d->slot;
	return 0;
}

/* --- address-space reservations --------------------------------------- */

/* True when nothing in [start, end) is mapped in the kernel's page tables. */
static bool kernel_unmapped(unsigned long start, unsigned long end)
{
	pgd_t *pgd_base = __va(read_cr3_pa());
	unsigned long a;

	for (a = start; a < end; a += PMD_SIZE) {
		pgd_t *pgd = pgd_offset_pgd(pgd_base, a);
		p4d_t *p4d;
		pud_t *pud;
		pmd_t *pmd;

		if (pgd_none(*pgd))
			continue;
		p4d = p4d_offset(pgd, a);
		if (p4d_none(*p4d))
			continue;
		pud = pud_offset(p4d, a);
		if (pud_none(*pud))
			continue;
		if (pud_large(*pud))
			return false;
		pmd = pmd_offset(pud, a);
		if (!pmd_none(*pmd))
			return false;
	}
	return true;
}

/*
 * The domains' virtual range: the longest run of 2 MB blocks of the kernel
 * image area that the kernel's page tables leave unmapped, less a block of
 * guard on each side.
 */
static int va_pool_init(void)
{
	unsigned long a, run = 0, best = 0, best_start = 0, start = 0;
	int ret;

	for (a = __START_KERNEL_map; a < MODULES_VADDR; a += PMD_SIZE) {
		if (kernel_unmapped(a, a + PMD_SIZE)) {
			if (!run)
				start = a;
			run += PMD_SIZE;
			if (run > best) {
				best = run;
				best_start = start;
			}
		} else {
			run = 0;
		}
	}
	if (best < 4 * PMD_SIZE) {
		pr_err("no unmapped range in the kernel image area [%#lx, %#lx) for domains; report this with /proc/iomem and the kernel's configuration\n",
		       (unsigned long)__START_KERNEL_map, (unsigned long)MODULES_VADDR);
		return -ENOSPC;
	}
	va_pool = gen_pool_create(PAGE_SHIFT + 4, -1);
	if (!va_pool)
		return -ENOMEM;
	ret = gen_pool_add(va_pool, best_start + PMD_SIZE, best - 2 * PMD_SIZE, -1);
	if (ret) {
		gen_pool_destroy(va_pool);
		return ret;
	}
	pr_info("domains' virtual range %#lx-%#lx (%lu MB)\n", best_start + PMD_SIZE,
		best_start + best - PMD_SIZE - 1, (best - 2 * PMD_SIZE) >> 20);
	va_start = best_start + PMD_SIZE;
	va_end = best_start + best - PMD_SIZE;
	return 0;
}

/*
 * The domains' guest-physical windows: from the first 1 GB boundary above
 * the highest address of the kernel's memory map up to MAXPHYADDR, one
 * window per slot.
 */
static int gpa_init(void)
{
	u64 top = 0, limit = 1ULL << lvd_dom_caps.phys_bits;
	struct resource *r;

	for (r = iomem_resource.child; r; r = r->sibling)
		top = max_t(u64, top, r->end + 1);
	gpa_start = ALIGN(top, SZ_1G);
	if (gpa_start >= limit)
		goto small;
	gpa_window = rounddown_pow_of_two((limit - gpa_start) / LVD_VIEW_SLOTS);
	if (gpa_window < SZ_16M)
		goto small;
	gpa_window = min_t(u64, gpa_window, SZ_1G);
	return 0;
small:
	pr_err("no room for domains above the physical memory map (top %#llx, %u physical address bits); LVD cannot run domains on this machine\n",
	       top, lvd_dom_caps.phys_bits);
	return -ENOSPC;
}

/* --- domains ------------------------------------------------------------ */

static bool name_ok(const char *name)
{
	size_t n = strnlen(name, LVD_NAME_MAX);
	size_t i;

	if (!n || n == LVD_NAME_MAX)
		return false;
	for (i = 0; i < n; i++)
		if (!isalnum(name[i]) && !strchr("_.-", name[i]))
			return false;
	return true;
}

static struct lvd_domain *find_locked(const char *name)
{
	struct lvd_domain *d;

	list_for_each_entry(d, &dom_list, node)
		if (!strcmp(d->name, name))
			return d;
	return NULL;
}

/**
 * lvd_dom_find() - a domain by name, with a reference
 * @name: its name
 *
 * Return: the domain (release with lvd_dom_put()), or NULL.
 */
struct lvd_domain *lvd_dom_find(const char *name)
{
	struct lvd_domain *d;

	mutex_lock(&dom_lock);
	d = find_locked(name);
	if (d)
		kref_get(&d->ref);
	mutex_unlock(&dom_lock);
	return d;
}
EXPORT_SYMBOL_GPL(lvd_dom_find);

/**
 * lvd_dom_create() - a new, empty domain with a slot of its own
 * @name: unique, [A-Za-z0-9_.-], shorter than %LVD_NAME_MAX
 * @msg: where a refusal is explained in one line
 * @msg_size: its size
 *
 * Return: the domain or an ERR_PTR: -EINVAL bad name, -EEXIST name taken,
 * -ENOSPC all slots taken, -ENOMEM.
 */
struct lvd_domain *lvd_dom_create(const char *name, char *msg, size_t msg_size)
{
	struct lvd_domain *d;
	unsigned int slot;
	int ret = -ENOMEM;

	if (!name_ok(name)) {
		snprintf(msg, msg_size, "bad domain name: use 1 to %d characters of A-Z a-z 0-9 _ . -",
			 LVD_NAME_MAX - 1);
		return ERR_PTR(-EINVAL);
	}
	d = kzalloc(sizeof(*d), GFP_KERNEL);
	if (!d)
		goto nomem;
	d->cpu = kcalloc(nr_cpu_ids, sizeof(*d->cpu), GFP_KERNEL);
	if (!d->cpu)
		goto nomem;
	kref_init(&d->ref);
	mutex_init(&d->lock);
	strscpy(d->name, name, sizeof(d->name));
	d->pt_levels = pgtable_l5_enabled() ? LVD_PT_LEVELS_5 : LVD_PT_LEVELS_4;
	mutex_lock(&dom_lock);
	if (find_locked(name)) {
		mutex_unlock(&dom_lock);
		snprintf(msg, msg_size, "a domain named %s exists: unload it first or choose another name",
			 name);
		ret = -EEXIST;
		goto err;
	}
	slot = find_next_zero_bit(slots_used, LVD_VIEW_SLOTS, 1);
	if (slot >= LVD_VIEW_SLOTS) {
		mutex_unlock(&dom_lock);
		snprintf(msg, msg_size, "all %d domain slots are taken: unload a domain first",
			 LVD_VIEW_SLOTS - 1);
		ret = -ENOSPC;
		goto err;
	}
	__set_bit(slot, slots_used);
	d->slot = slot;
	list_add_tail(&d->node, &dom_list);
	lvd_dom_stats.domains++;
	mutex_unlock(&dom_lock);
	d->gpa_base = gpa_start + (u64)slot * gpa_window;
	d->gpa_next = d->gpa_base;
	return d;
nomem:
	snprintf(msg, msg_size, "out of memory for a new domain");
err:
	if (d)
		kfree(d->cpu);
	kfree(d);
	return ERR_PTR(ret);
}
EXPORT_SYMBOL_GPL(lvd_dom_create);

/**
 * lvd_dom_export() - let the domain call a kernel function
 * @d: a domain not loaded yet
 * @name: the symbol name the domain's object imports
 * @fn: the function; it gets the domain's six integer arguments unchecked
 *	and must check every one of them before use
 *
 * Return: 0, -EBUSY after the load, -EEXIST for a name exported already,
 * -ENOMEM.
 */
int lvd_dom_export(struct lvd_domain *d, const char *name, lvd_upcall_fn fn)
{
	struct lvd_export *e;
	unsigned int i;

	if (d->loaded)
		return -EBUSY;
	for (i = 0; i < d->nexports; i++)
		if (!strcmp(d->exports[i].name, name))
			return -EEXIST;
	e = krealloc_array(d->exports, d->nexports + 1, sizeof(*e), GFP_KERNEL);
	if (!e)
		return -ENOMEM;
	d->exports = e;
	e[d->nexports].name = kstrdup(name, GFP_KERNEL);
	if (!e[d->nexports].name)
		return -ENOMEM;
	e[d->nexports++].fn = fn;
	return 0;
}
EXPORT_SYMBOL_GPL(lvd_dom_export);

struct resolve_ctx {
	struct lvd_domain *d;
	const char *missing;
};

/* Imports resolve to the stub of the export of that name, and only that. */
static int resolve(void *cookie, const char *name, u64 *addr)
{
	struct resolve_ctx *rc = cookie;
	struct lvd_domain *d = rc->d;
	unsigned int i;

	for (i = 0; i < d->nexports; i++) {
		if (!strcmp(d->exports[i].name, name)) {
			*addr = d->stubs_va + i * STUB_SIZE;
			return 0;
		}
	}
	rc->missing = name;
	return -ENOENT;
}

/* One stub per export: MOV EAX, index; JMP lvd_gate_upcall; INT3 padding. */
static void write_stubs(struct lvd_domain *d, u8 *kva)
{
	unsigned int i;

	memset(kva, STUB_OP_INT3, d->stubs_pages * PAGE_SIZE);
	for (i = 0; i < d->nexports; i++) {
		u8 *s = kva + i * STUB_SIZE;
		unsigned long next = d->stubs_va + i * STUB_SIZE + 10;
		s32 rel = (s32)((unsigned long)lvd_gate_upcall - next);
		u32 idx = i;

		s[0] = STUB_OP_MOV_EAX;
		memcpy(s + 1, &idx, 4);
		s[5] = STUB_OP_JMP_REL32;
		memcpy(s + 6, &rel, 4);
	}
}

/* The virtual layout of a domain, page offsets from d->va_base. */
static void layout(struct lvd_domain *d, u64 image_size)
{
	unsigned long off = PAGE_SIZE;			/* guard */
	unsigned int cpu;

	d->image_va = d->va_base + off;
	off += image_size;
	d->stubs_pages = DIV_ROUND_UP(max(d->nexports, 1u) * STUB_SIZE, PAGE_SIZE);
	d->stubs_va = d->va_base + off;
	off += d->stubs_pages * PAGE_SIZE;
	for_each_possible_cpu(cpu) {
		off += PAGE_SIZE;			/* guard below the stack */
		off += stack_pages * PAGE_SIZE;
		d->cpu[cpu].stack_top = d->va_base + off;
		d->cpu[cpu].percpu_va = d->va_base + off;
		off += PAGE_SIZE;
	}
	off += PAGE_SIZE;				/* guard */
	d->grant_va = d->va_base + off;
	d->grant_next = d->grant_va;
	off += (unsigned long)grant_pages * PAGE_SIZE;
	d->grant_end = d->va_base + off;
	off += PAGE_SIZE;				/* guard */
	d->va_size = off;
}

static const enum lvd_dpage_kind group_kind[ELF_LOAD_NR_GROUPS] = {
	[ELF_LOAD_TEXT] = LVD_DPAGE_TEXT,
	[ELF_LOAD_RODATA] = LVD_DPAGE_RO,
	[ELF_LOAD_DATA] = LVD_DPAGE_RW,
	[ELF_LOAD_BSS] = LVD_DPAGE_RW,
};

static enum lvd_dpage_kind image_kind(const struct elf_load *ld, u64 off)
{
	int g;

	for (g = ELF_LOAD_NR_GROUPS - 1; g >= 0; g--)
		if (ld->group[g].size && off >= ld->group[g].offset)
			return group_kind[g];
	return LVD_DPAGE_RO;
}

/* Build memory, page tables and view; relocate the image in place. */
static int build(struct lvd_domain *d, struct elf_load *ld, char *msg, size_t msg_size)
{
	unsigned int npages = ld->size >> PAGE_SHIFT, i, cpu;
	struct resolve_ctx rc = { .d = d };
	struct page **img;
	void *image;
	u8 *stubs;
	int ret;

	d->view = lvd_view_create();
	if (!d->view)
		return -ENOMEM;
	ret = lvd_dpt_init(&d->dpt, &dpt_ops, d, d->pt_levels);
	if (ret)
		return ret;
	img = kvcalloc(max(npages, 1u), sizeof(*img), GFP_KERNEL);
	if (!img)
		return -ENOMEM;
	for (i = 0; i < npages; i++) {
		unsigned long va = d->image_va + ((unsigned long)i << PAGE_SHIFT);

		img[i] = dom_map_new_page(d, va, image_kind(ld, (u64)i << PAGE_SHIFT));
		ret = -ENOMEM;
		if (!img[i])
			goto out;
	}
	image = npages ? vmap(img, npages, VM_MAP, PAGE_KERNEL) : NULL;
	ret = -ENOMEM;
	if (npages && !image)
		goto out;
	ret = elf_load_relocate(ld, image, ld->size, d->image_va, resolve, &rc);
	if (image)
		vunmap(image);
	if (ret) {
		if (rc.missing)
			snprintf(msg, msg_size, "unresolved symbol %.64s: the kernel exports no such function to domains",
				 rc.missing);
		ret = -ENOENT;
		goto out;
	}
	for (i = 0; i < d->stubs_pages; i++) {
		stubs = dom_map_new(d, d->stubs_va + i * PAGE_SIZE, LVD_DPAGE_TEXT);
		ret = -ENOMEM;
		if (!stubs)
			goto out;
		if (i == 0)
			write_stubs(d, stubs);
	}
	for_each_possible_cpu(cpu) {
		struct lvd_dom_cpu *dc = &d->cpu[cpu];
		unsigned long s = dc->stack_top - stack_pages * PAGE_SIZE;

		ret = -ENOMEM;
		for (; s < dc->stack_top; s += PAGE_SIZE)
			if (!dom_map_new(d, s, LVD_DPAGE_RW))
				goto out;
		dc->percpu_kva = dom_map_new(d, dc->percpu_va, LVD_DPAGE_RW);
		if (!dc->percpu_kva)
			goto out;
		/* %gs:0 is the page's own address, as the kernel's per-CPU areas. */
		*(unsigned long *)dc->percpu_kva = dc->percpu_va;
	}
	ret = map_common(d);
	if (ret)
		goto out;
	ret = lvd_view_set_background(d->view, page_to_phys(virt_to_page(d->dpt.root)),
				      LVD_VIEW_R);
out:
	kvfree(img);
	return ret;
}

static void load_msg(struct elf_load *ld, int ret, char *msg, size_t msg_size)
{
	if (msg[0])
		return;
	if (ret == -ENOMEM)
		snprintf(msg, msg_size, "out of memory while loading the domain");
	else if (ret == -ENOSPC)
		snprintf(msg, msg_size, "the domain does not fit its address-space window");
	else
		snprintf(msg, msg_size, "cannot build the domain (error %d)", ret);
}

/**
 * lvd_dom_load() - load an ELF64 relocatable object into a domain and
 * install its view
 * @d: a domain from lvd_dom_create(), not loaded yet
 * @obj: the object's bytes (copied; the caller keeps them)
 * @len: their length
 * @msg: where a refusal is explained in one line (what and why)
 * @msg_size: its size, at least %ELF_LOAD_MSG_SIZE to see every message
 *
 * Sections are placed by their flags, relocations applied, undefined
 * symbols resolved only against the domain's exports. A malformed object
 * is refused, never trusted.
 *
 * Return: 0; -ENOEXEC malformed object, -ENOENT unresolved symbol, -EBUSY
 * loaded already, -ENOSPC no virtual range left, -ENOMEM.
 */
int lvd_dom_load(struct lvd_domain *d, const void *obj, size_t len, char *msg, size_t msg_size)
{
	struct elf_load *ld = &d->ld;
	unsigned int n;
	int ret;

	msg[0] = '\0';
	if (d->loaded)
		return -EBUSY;
	d->obj = kvmalloc(len, GFP_KERNEL);
	if (d->obj)
		memcpy(d->obj, obj, len);
	n = elf_load_section_count(obj, len);
	d->sec_off = kvcalloc(max(n, 1u), sizeof(u64), GFP_KERNEL);
	if (!d->obj || !d->sec_off) {
		snprintf(msg, msg_size, "out of memory while loading the domain");
		return -ENOMEM;
	}
	ret = elf_load_parse(ld, d->obj, len, d->sec_off, n, msg, msg_size);
	if (ret)
		return -ENOEXEC;
	layout(d, ld->size);
	mutex_lock(&dom_lock);
	d->va_base = gen_pool_alloc(va_pool, d->va_size);
	mutex_unlock(&dom_lock);
	if (!d->va_base) {
		snprintf(msg, msg_size, "no virtual range of %lu KB left for the domain: unload domains first",
			 d->va_size >> 10);
		return -ENOSPC;
	}
	layout(d, ld->size);
	if (!kernel_unmapped(round_down(d->va_base, PMD_SIZE), d->va_base + d->va_size)) {
		snprintf(msg, msg_size, "the kernel has mapped part of the domains' virtual range; report this");
		return -EEXIST;
	}
	ret = build(d, ld, msg, msg_size);
	if (!ret)
		ret = lvd_view_install(d->view, d->slot);
	if (ret) {
		load_msg(ld, ret, msg, msg_size);
		return ret;
	}
	d->loaded = true;
	WRITE_ONCE(d->state, LVD_DOM_READY);
	trace_lvd_dom_load(d->name, d->slot, d->npages);
	return 0;
}
EXPORT_SYMBOL_GPL(lvd_dom_load);

/* Take granted pages out: page tables, then the view (INVEPT on every CPU). */
static void revoke_locked(struct lvd_domain *d, unsigned long va, unsigned int n)
{
	unsigned int i;

	for (i = 0; i < d->ngrants; i++) {
		struct lvd_grant *g = &d->grants[i];

		if (g->revoked || g->va < va || g->va >= va + (unsigned long)n * PAGE_SIZE)
			continue;
		lvd_dpt_unmap(&d->dpt, g->va);
		lvd_view_unmap(d->view, g->gpa, PAGE_SIZE);
		if (g->shared)
			put_page(g->shared);
		g->shared = NULL;
		g->revoked = true;
	}
}

/**
 * lvd_dom_grant() - give a loaded domain more memory
 * @d: the domain
 * @pages: @n pages of the caller's to share with the domain, or NULL for
 *	   @n new zeroed pages of the domain's own
 * @n: how many
 * @flags: %LVD_GRANT_READ or %LVD_GRANT_WRITE; never executable
 * @va: set to the domain's address of the first page (the others follow)
 *
 * A shared page stays the caller's: the domain manager holds a reference
 * until lvd_dom_revoke() or lvd_dom_destroy(). Whatever the domain can
 * write, it can change at any time: copy out before checking and use.
 *
 * Return: 0; -EINVAL (not loaded, bad flags, @n 0); -ENOSPC when the
 * domain's grant area (grant_pages) is used up; -ENOMEM.
 */
int lvd_dom_grant(struct lvd_domain *d, struct page **pages, unsigned int n,
		  unsigned int flags, unsigned long *va)
{
	enum lvd_dpage_kind kind = flags & LVD_GRANT_WRITE ? LVD_DPAGE_RW : LVD_DPAGE_RO;
	struct lvd_grant *g;
	unsigned long base;
	unsigned int i;
	int ret = 0;

	if (!d->loaded || !n || (flags & ~LVD_GRANT_WRITE))
		return -EINVAL;
	mutex_lock(&d->lock);
	base = d->grant_next;
	if (n > (d->grant_end - base) >> PAGE_SHIFT) {
		ret = -ENOSPC;
		goto out;
	}
	g = krealloc_array(d->grants, d->ngrants + n, sizeof(*g), GFP_KERNEL);
	if (!g) {
		ret = -ENOMEM;
		goto out;
	}
	d->grants = g;
	for (i = 0; i < n && !ret; i++) {
		unsigned long a = base + (unsigned long)i * PAGE_SIZE;
		struct page *p;

		g = &d->grants[d->ngrants];
		*g = (struct lvd_grant){ .va = a };
		if (pages) {
			ret = dom_map_gpa(d, a, page_to_phys(pages[i]), kind, &g->gpa);
			if (!ret) {
				get_page(pages[i]);
				g->shared = pages[i];
			}
		} else {
			p = dom_page(d, &g->gpa);
			ret = p ? lvd_dpt_map(&d->dpt, a, g->gpa, kind) ?:
				  lvd_view_map(d->view, g->gpa, page_to_phys(p), PAGE_SIZE,
					       lvd_dpt_view_perm(kind, lvd_dom_caps.exec_only)) : -ENOMEM;
		}
		d->ngrants++;
	}
	d->grant_next = base + (unsigned long)n * PAGE_SIZE;
	if (ret)
		revoke_locked(d, base, n);
	else
		*va = base;
out:
	mutex_unlock(&d->lock);
	return ret;
}
EXPORT_SYMBOL_GPL(lvd_dom_grant);

/**
 * lvd_dom_revoke() - take granted pages back
 * @d: the domain
 * @va: the domain's address of the first (from lvd_dom_grant())
 * @n: how many
 *
 * When this returns, no CPU can reach the pages through the domain any
 * more (its view is invalidated on every CPU) and shared pages are
 * released. A domain that touches them afterwards is stopped. The
 * addresses are not given out again.
 *
 * Return: 0.
 */
int lvd_dom_revoke(struct lvd_domain *d, unsigned long va, unsigned int n)
{
	mutex_lock(&d->lock);
	revoke_locked(d, va, n);
	mutex_unlock(&d->lock);
	return 0;
}
EXPORT_SYMBOL_GPL(lvd_dom_revoke);

/**
 * lvd_dom_lookup() - the address of a function of the domain's object
 * @d: a loaded domain
 * @func: a global symbol defined in the object's text
 * @entry: set to its address in the domain
 *
 * Return: 0, or -ENOENT (no such symbol, or not in the text).
 */
int lvd_dom_lookup(struct lvd_domain *d, const char *func, unsigned long *entry)
{
	u64 off;

	if (!d->loaded || elf_load_symbol(&d->ld, func, &off))
		return -ENOENT;
	if (off < d->image_va + d->ld.group[ELF_LOAD_TEXT].offset ||
	    off >= d->image_va + d->ld.group[ELF_LOAD_TEXT].offset + d->ld.group[ELF_LOAD_TEXT].size)
		return -ENOENT;
	*entry = off;
	return 0;
}
EXPORT_SYMBOL_GPL(lvd_dom_lookup);

/**
 * lvd_dom_name() - a domain's name
 * @d: the domain
 *
 * Return: its name.
 */
const char *lvd_dom_name(const struct lvd_domain *d)
{
	return d->name;
}
EXPORT_SYMBOL_GPL(lvd_dom_name);

static void dom_free(struct kref *ref)
{
	struct lvd_domain *d = container_of(ref, struct lvd_domain, ref);
	unsigned int i;

	/* The view goes first: INVEPT on every CPU before the pages are reused. */
	lvd_view_destroy(d->view);
	for (i = 0; i < d->ngrants; i++)
		if (d->grants[i].shared)
			put_page(d->grants[i].shared);
	kfree(d->grants);
	for (i = 0; i < d->npages; i++)
		__free_page(d->pages[i]);
	kvfree(d->pages);
	mutex_lock(&dom_lock);
	if (d->va_base)
		gen_pool_free(va_pool, d->va_base, d->va_size);
	__clear_bit(d->slot, slots_used);
	mutex_unlock(&dom_lock);
	for (i = 0; i < d->nexports; i++)
		kfree(d->exports[i].name);
	kfree(d->exports);
	kvfree(d->obj);
	kvfree(d->sec_off);
	kfree(d->cpu);
	kfree(d);
}

/**
 * lvd_dom_put() - drop a reference from lvd_dom_find()
 * @d: the domain
 */
void lvd_dom_put(struct lvd_domain *d)
{
	kref_put(&d->ref, dom_free);
}
EXPORT_SYMBOL_GPL(lvd_dom_put);

/**
 * lvd_dom_destroy() - stop a domain, wait until no CPU is inside it, and
 * free it with its slot, memory and address ranges
 * @d: the domain
 */
void lvd_dom_destroy(struct lvd_domain *d)
{
	struct lvd_dom_info info;

	lvd_dom_stop(d);
	/* Every CPU that saw it ready has left it (see lvd_dom_call()). */
	synchronize_rcu();
	mutex_lock(&dom_lock);
	if (list_empty(&d->node)) {		/* destroyed by someone else */
		mutex_unlock(&dom_lock);
		return;
	}
	list_del_init(&d->node);
	trace_lvd_dom_destroy(d->name, d->slot);
	lvd_dom_stats.domains--;
	lvd_dom_stats.unloads++;
	lvd_dom_info(d, &info);
	lvd_dom_stats.calls += info.calls;
	lvd_dom_stats.upcalls += info.upcalls;
	mutex_unlock(&dom_lock);
	lvd_dom_put(d);
}
EXPORT_SYMBOL_GPL(lvd_dom_destroy);

/**
 * lvd_dom_info() - a domain's state and counters
 * @d: the domain
 * @info: filled in
 */
void lvd_dom_info(struct lvd_domain *d, struct lvd_dom_info *info)
{
	unsigned int cpu;

	memset(info, 0, sizeof(*info));
	strscpy(info->name, d->name, sizeof(info->name));
	info->slot = d->slot;
	info->state = READ_ONCE(d->state) ?: LVD_DOM_STOPPED;
	info->pages = d->npages;
	for_each_possible_cpu(cpu) {
		info->calls += d->cpu[cpu].calls;
		info->upcalls += d->cpu[cpu].upcalls;
	}
	info->stops = info->state == LVD_DOM_STOPPED;
	info->stop_reason = d->stop_reason;
	info->stop_detail = d->stop_detail;
	info->stop_rip = d->stop_rip;
}
EXPORT_SYMBOL_GPL(lvd_dom_info);

/**
 * lvd_dom_for_each() - call @fn for every domain, in creation order
 * @fn: stops the walk by returning non-zero
 * @arg: passed on
 *
 * Context: may sleep; @fn runs under the domain list's lock and must not
 * create or destroy domains.
 * Return: what @fn last returned.
 */
int lvd_dom_for_each(int (*fn)(struct lvd_domain *d, void *arg), void *arg)
{
	struct lvd_domain *d;
	int ret = 0;

	mutex_lock(&dom_lock);
	list_for_each_entry(d, &dom_list, node) {
		ret = fn(d, arg);
		if (ret)
			break;
	}
	mutex_unlock(&dom_lock);
	return ret;
}
EXPORT_SYMBOL_GPL(lvd_dom_for_each);

/**
 * lvd_dom_totals() - counters over all domains, those destroyed included
 * @calls: domain calls that returned
 * @upcalls: upcalls made
 * @pages: pages the domains that exist hold
 */
void lvd_dom_totals(u64 *calls, u64 *upcalls, u64 *pages)
{
	struct lvd_dom_info info;
	struct lvd_domain *d;

	mutex_lock(&dom_lock);
	*calls = lvd_dom_stats.calls;
	*upcalls = lvd_dom_stats.upcalls;
	*pages = 0;
	list_for_each_entry(d, &dom_list, node) {
		lvd_dom_info(d, &info);
		*calls += info.calls;
		*upcalls += info.upcalls;
		*pages += d->npages;
	}
	mutex_unlock(&dom_lock);
}

static int __init lvd_dom_init(void)
{
	int ret;

	if (!lvd_view_ready()) {
		pr_err("the LVD hypervisor is not running: load lvd_hv first (modprobe lvd_hv)\n");
		return -ENODEV;
	}
	lvd_view_get_caps(&lvd_dom_caps);
	ret = gpa_init() ?: va_pool_init();
	if (ret)
		return ret;
	ret = lvd_dom_calls_init();
	if (ret)
		goto err_pool;
	ret = lvd_dom_dev_init();
	if (ret)
		goto err_calls;
	/*
	 * The marker must read 0 in the kernel's view, or the landing checks
	 * would pass in the wrong view: no kernel write, stray or not, can
	 * change it (the hypervisor keeps the page read-only there).
	 */
	if (lvd_view_kernel_protect(kernel_hpa(lvd_view_marker), PAGE_SIZE, LVD_VIEW_R))
		pr_warn("the view marker could not be made read-only in the kernel's view\n");
	/*
	 * A domain's own VMFUNC to the kernel's slot lands where its code is
	 * not mapped: the hypervisor stops the domain instead of the kernel
	 * taking that fault (lvd_gate_ro_slot[cpu] is non-zero during calls).
	 */
	lvd_view_set_domain_range(va_start, va_end, lvd_gate_ro_slot);
	pr_info("ready: %d slots, guest-physical windows of %llu MB from %#llx, stacks of %u pages, budget %u ms\n",
		LVD_VIEW_SLOTS - 1, gpa_window >> 20, gpa_start, stack_pages, lvd_budget_ms);
	return 0;
err_calls:
	lvd_dom_calls_exit();
err_pool:
	gen_pool_destroy(va_pool);
	return ret;
}

static void __exit lvd_dom_exit(void)
{
	struct lvd_domain *d;

	lvd_dom_dev_exit();
	lvd_view_set_domain_range(0, 0, NULL);
	lvd_view_kernel_protect(kernel_hpa(lvd_view_marker), PAGE_SIZE,
				LVD_VIEW_R | LVD_VIEW_W | LVD_VIEW_X);
	for (;;) {
		mutex_lock(&dom_lock);
		d = list_first_entry_or_null(&dom_list, struct lvd_domain, node);
		mutex_unlock(&dom_lock);
		if (!d)
			break;
		lvd_dom_destroy(d);
	}
	lvd_dom_calls_exit();
	gen_pool_destroy(va_pool);
}

module_init(lvd_dom_init);
module_exit(lvd_dom_exit);
MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("LVD domain manager: isolated domains entered with VMFUNC");
