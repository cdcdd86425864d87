// SPDX-License-Identifier: GPL-2.0
/*
 * hypervisor/view.c - EPT views for domains (include/lvd/view.h): built in
 * process context with the pure EPT builder (ept.c) in pages of the
 * hypervisor's own, installed in and removed from the EPTP lists of every
 * CPU by hypercalls that root checks (exit.c).
 *
 * Root checks every slot and EPT pointer it is handed (exit.c, view_set()):
 * slot 0, the kernel's view, is never given out, and no EPTP a CPU would
 * refuse or that points at the kernel's own EPT enters a list.
 *
 * Removing or reducing a mapping of an installed view is followed by
 * INVEPT on every CPU (a hypercall on each) before any page the change
 * freed can be reused (ept.c keeps unlinked table pages until then).
 */
#define pr_fmt(fmt) "lvd: " fmt

#include <linux/module.h>
#include <linux/mutex.h>
#include <linux/slab.h>
#include <linux/smp.h>
#include <linux/cpu.h>
#include <linux/io.h>
#include <linux/math64.h>
#include <asm/tsc.h>

#include <lvd/compat.h>
#include <lvd/hw/ept.h>
#include <lvd/hw/vmx.h>
#include <lvd/hypercall.h>
#include <lvd/view.h>
#include "lvd_hv.h"

/**
 * struct lvd_view - one EPT view
 * @ept:	its EPT hierarchy
 * @eptp:	its EPT pointer
 * @slot:	the EPTP-list slot it is installed in, 0 when it is not
 */
struct lvd_view {
	struct lvd_ept ept;
	u64 eptp;
	unsigned int slot;
};

static DEFINE_MUTEX(view_lock);		/* installs, removals, changes */

static void *v_alloc(void *ctx, u64 *pa)
{
	void *va = lvd_alloc_pages(0);

	if (va)
		*pa = virt_to_phys(va);
	return va;
}

static void v_free(void *ctx, void *va, u64 pa)
{
	lvd_free_pages(va, 0);
}

static void *v_p2v(void *ctx, u64 pa)
{
	return phys_to_virt(pa);
}

static int v_memtype(void *ctx, u64 start, u64 end)
{
	return LVD_MEMTYPE_WB;
}

static const struct lvd_ept_ops view_ops = {
	.alloc_table = v_alloc,
	.free_table = v_free,
	.phys_to_virt = v_p2v,
	.memtype = v_memtype,
};

static u64 ept_perm(unsigned int perm)
{
	return (perm & LVD_VIEW_R ? LVD_EPTE_READ : 0) |
	       (perm & LVD_VIEW_W ? LVD_EPTE_WRITE : 0) |
	       (perm & LVD_VIEW_X ? LVD_EPTE_EXEC : 0);
}

/**
 * lvd_view_ready() - whether views can be made: the hypervisor runs on
 * every online CPU
 *
 * Return: true when it does.
 */
bool lvd_view_ready(void)
{
	return lvd_cpus_launched() && lvd_cpus_launched() == num_online_cpus();
}
EXPORT_SYMBOL_GPL(lvd_view_ready);

/**
 * lvd_view_get_caps() - what views can do on this machine
 * @caps: filled in
 */
void lvd_view_get_caps(struct lvd_view_caps *caps)
{
	caps->exec_only = lvd_hv.msrs.ept_vpid_cap & LVD_EPT_CAP_EXEC_ONLY;
	caps->phys_bits = lvd_hv.guest.maxphyaddr;
	caps->budget = (lvd_hv.msrs.pinbased >> 32) & LVD_PIN_PREEMPTION_TIMER;
}
EXPORT_SYMBOL_GPL(lvd_view_get_caps);

/**
 * lvd_view_create() - an empty view
 *
 * Return: the view, or NULL when the hypervisor is not running or memory
 * ran out.
 */
struct lvd_view *lvd_view_create(void)
{
	struct lvd_view *v;

	if (!lvd_cpus_launched())
		return NULL;
	v = kzalloc(sizeof(*v), GFP_KERNEL);
	if (!v)
		return NULL;
	if (lvd_ept_init(&v->ept, &view_ops, v, LVD_EPT_LEVEL_2M)) {
		kfree(v);
		return NULL;
	}
	v->ept.exec_only = lvd_hv.msrs.ept_vpid_cap & LVD_EPT_CAP_EXEC_ONLY;
	v->ept.phys_bits = lvd_hv.guest.maxphyaddr;
	v->eptp = lvd_ept_eptp(&v->ept);
	return v;
}
EXPORT_SYMBOL_GPL(lvd_view_create);

/*
 * INVEPT single-context for the view on every CPU (SDM Vol. 3C 28.3.3.4):
 * what any CPU cached from it is gone, so the view's freed pages may be
 * reused afterwards. A CPU that has never entered the view loses nothing.
 */
static void flush_on_cpu(void *view)
{
	struct lvd_view *v = view;

	lvd_vmcall(LVD_HC_INVEPT_VIEW, v->eptp, 0, 0);
}

static void flush_view(struct lvd_view *v)
{
	if (!lvd_ept_needs_flush(&v->ept))
		return;
	if (v->slot)
		on_each_cpu(flush_on_cpu, v, 1);
	lvd_ept_flush_done(&v->ept);
}

/**
 * lvd_view_map() - map host memory into a view
 * @v: the view
 * @gpa: guest-physical address in the view, 4 KB-aligned
 * @hpa: host-physical address, 4 KB-aligned
 * @size: bytes, a multiple of 4 KB
 * @perm: LVD_VIEW_R/W/X; write needs read, and execute without read needs
 *	  a CPU with execute-only EPT pages
 *
 * Replaces what @gpa mapped before (followed by INVEPT on every CPU when
 * the view is installed). Memory type write-back.
 *
 * Return: 0, -EINVAL for a bad range or permission, -ENOMEM.
 */
int lvd_view_map(struct lvd_view *v, u64 gpa, u64 hpa, u64 size, unsigned int perm)
{
	u64 p = ept_perm(perm);
	int ret;

	if (perm & ~(LVD_VIEW_R | LVD_VIEW_W | LVD_VIEW_X))
		return -EINVAL;
	mutex_lock(&view_lock);
	ret = lvd_ept_map_to(&v->ept, gpa, hpa, size, p, LVD_MEMTYPE_WB);
	flush_view(v);
	mutex_unlock(&view_lock);
	return ret;
}
EXPORT_SYMBOL_GPL(lvd_view_map);

/**
 * lvd_view_set_background() - what a view maps where it maps nothing else
 * @v: the view, not installed
 * @hpa: one 4 KB host page, aligned
 * @perm: LVD_VIEW_R/W/X, as lvd_view_map()
 *
 * Every guest-physical address the view does not map itself translates to
 * @hpa from now on (a domain view maps its root page table there, so the
 * walk of any CR3 starts at the domain's root). Set once.
 *
 * Return: 0, -EINVAL, -EBUSY (set already, or the view is installed),
 * -ENOMEM.
 */
int lvd_view_set_background(struct lvd_view *v, u64 hpa, unsigned int perm)
{
	int ret;

	if (perm & ~(LVD_VIEW_R | LVD_VIEW_W | LVD_VIEW_X))
		return -EINVAL;
	mutex_lock(&view_lock);
	ret = v->slot ? -EBUSY : lvd_ept_set_background(&v->ept, hpa, ept_perm(perm));
	mutex_unlock(&view_lock);
	return ret;
}
EXPORT_SYMBOL_GPL(lvd_view_set_background);

/**
 * lvd_view_unmap() - take a range out of a view
 * @v: the view
 * @gpa: first byte, 4 KB-aligned
 * @size: bytes, a multiple of 4 KB
 *
 * When the view is installed, every CPU has invalidated it when this
 * returns 0: the host pages it mapped may be reused.
 *
 * Return: 0, -EINVAL, -ENOMEM (a large page needed splitting; nothing
 * changed).
 */
int lvd_view_unmap(struct lvd_view *v, u64 gpa, u64 size)
{
	int ret;

	mutex_lock(&view_lock);
	ret = lvd_ept_unmap(&v->ept, gpa, size);
	flush_view(v);
	mutex_unlock(&view_lock);
	return ret;
}
EXPORT_SYMBOL_GPL(lvd_view_unmap);

/**
 * lvd_view_install() - put a view in a slot of every CPU's EPTP list
 * @v: the view, not installed
 * @slot: 1 .. LVD_VIEW_SLOTS - 1
 *
 * From now on VMFUNC 0 with ECX = @slot enters the view on any CPU,
 * including CPUs that come online later.
 *
 * Return: 0; -EINVAL for slot 0 or one past the list; -EBUSY when the slot
 * or the view is taken.
 */
int lvd_view_install(struct lvd_view *v, unsigned int slot)
{
	long ret;

	if (slot == LVD_EPTP_INDEX_KERNEL || slot >= LVD_VIEW_SLOTS)
		return -EINVAL;
	mutex_lock(&view_lock);
	cpus_read_lock();
	if (v->slot) {
		ret = -EBUSY;
	} else {
		ret = lvd_vmcall(LVD_HC_VIEW_SET, slot, v->eptp, 0);
		if (!ret)
			v->slot = slot;
	}
	cpus_read_unlock();
	mutex_unlock(&view_lock);
	return ret;
}
EXPORT_SYMBOL_GPL(lvd_view_install);

/**
 * lvd_view_remove() - take a view out of its slot on every CPU
 * @v: the view
 *
 * When this returns, no CPU can enter the view and none caches it. A CPU
 * that is inside the view (a domain running) is the domain manager's to
 * stop first.
 *
 * Return: 0, or -ENOENT when the view is not installed.
 */
int lvd_view_remove(struct lvd_view *v)
{
	long ret;

	mutex_lock(&view_lock);
	cpus_read_lock();
	if (!v->slot) {
		ret = -ENOENT;
	} else {
		ret = lvd_vmcall(LVD_HC_VIEW_CLEAR, v->slot, 0, 0);
		if (!ret) {
			on_each_cpu(flush_on_cpu, v, 1);
			lvd_ept_flush_done(&v->ept);
			v->slot = 0;
		}
	}
	cpus_read_unlock();
	mutex_unlock(&view_lock);
	return ret;
}
EXPORT_SYMBOL_GPL(lvd_view_remove);

/**
 * lvd_view_destroy() - remove a view if installed and free it
 * @v: the view, or NULL
 */
void lvd_view_destroy(struct lvd_view *v)
{
	if (!v)
		return;
	if (v->slot)
		lvd_view_remove(v);
	lvd_ept_destroy(&v->ept);
	kfree(v);
}
EXPORT_SYMBOL_GPL(lvd_view_destroy);

/**
 * lvd_view_set_abort() - register this CPU's abort entry
 * @rip: where an exit that a domain's view causes at CPL 0 continues, in
 *	 the kernel's view (the register contract is in
 *	 include/lvd/hypercall.h); 0 to unregister
 * @rsp: the stack it continues on (16-byte aligned top)
 * @watch: the entry counter the budget watches (see lvd_view_set_budget()),
 *	   or NULL
 *
 * Context: preemption off (acts on the CPU it runs on).
 * Return: 0 or -EINVAL.
 */
int lvd_view_set_abort(unsigned long rip, unsigned long rsp, u64 *watch)
{
	return lvd_vmcall(LVD_HC_ABORT_SET, rip, rsp, (long)watch);
}
EXPORT_SYMBOL_GPL(lvd_view_set_abort);

/**
 * lvd_view_set_budget() - bound how long a domain may run per entry
 * @ns: nanoseconds; 0 turns the budget off
 *
 * On this CPU, a domain that runs, without leaving its view, for longer
 * than @ns (at least @ns / 2) is stopped through the abort entry with
 * reason LVD_ABORT_REASON_BUDGET. Costs the kernel one VM exit per @ns / 2.
 *
 * Context: preemption off (acts on the CPU it runs on).
 * Return: 0, or -EINVAL when @ns is too short for the timer's resolution.
 */
int lvd_view_set_budget(u64 ns)
{
	u64 ticks = ns ? mul_u64_u32_div(ns, tsc_khz, NSEC_PER_MSEC) : 0;

	if (ns && !ticks)
		return -EINVAL;
	return lvd_vmcall(LVD_HC_BUDGET, ticks, 0, 0);
}
EXPORT_SYMBOL_GPL(lvd_view_set_budget);

/* INVEPT single-context of the kernel's view on this CPU. */
static void kernel_flush_on_cpu(void *unused)
{
	lvd_vmcall(LVD_HC_INVEPT_VIEW, lvd_hv.eptp, 0, 0);
}

/**
 * lvd_view_kernel_protect() - change what the kernel itself may do with a
 * range of physical memory
 * @start: first byte, 4 KB-aligned
 * @size: bytes, a non-zero multiple of 4 KB
 * @perm: LVD_VIEW_R/W/X, non-empty (write needs read); LVD_VIEW_R |
 *	  LVD_VIEW_W | LVD_VIEW_X gives the range back as it was
 *
 * In the kernel's own view (slot 0), on every CPU when this returns. An
 * access the rights refuse gives the kernel #GP (an oops, or the fixup of
 * an exception-table access), never a silent remap: the hypervisor's
 * filling of holes never touches a range set this way. The range must be
 * mapped (RAM and the memory map are).
 *
 * Return: 0, -EINVAL, -ENOMEM.
 */
int lvd_view_kernel_protect(u64 start, u64 size, unsigned int perm)
{
	long ret;

	if (perm & ~(LVD_VIEW_R | LVD_VIEW_W | LVD_VIEW_X))
		return -EINVAL;
	mutex_lock(&view_lock);
	cpus_read_lock();
	ret = lvd_vmcall(LVD_HC_KVIEW_PROTECT, start, size, ept_perm(perm));
	if (!ret)
		on_each_cpu(kernel_flush_on_cpu, NULL, 1);
	cpus_read_unlock();
	mutex_unlock(&view_lock);
	return ret;
}
EXPORT_SYMBOL_GPL(lvd_view_kernel_protect);

/**
 * lvd_view_set_domain_range() - tell the hypervisor where domains' code is
 * @start: first byte of the range every domain's code lives in, 0 to forget
 * @end: one past its last byte
 * @active: a u32 per CPU (by CPU number), non-zero while a domain call is
 *	    active on that CPU
 *
 * A domain that enters the kernel's view with a VMFUNC of its own is then
 * stopped through the abort entry (include/lvd/hypercall.h) instead of the
 * kernel taking the page fault of the fetch.
 *
 * Return: 0 or -EINVAL.
 */
int lvd_view_set_domain_range(unsigned long start, unsigned long end, u32 *active)
{
	return lvd_vmcall(LVD_HC_DOMAIN_RANGE, start, end, (long)active);
}
EXPORT_SYMBOL_GPL(lvd_view_set_domain_range);
