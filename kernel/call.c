// SPDX-License-Identifier: GPL-2.0
/*
 * kernel/call.c - calls into domains and back (lvd_dom.ko): the C half of
 * the call gates (gate.S), upcalls, the abort path, stopping, and each
 * CPU's set-up with the hypervisor (abort entry, budget). The address
 * spaces and the life cycle of domains are domain.c's.
 *
 * The state the gates share with this file: per CPU, the innermost call's
 * frame (lvd_gate_top[], kernel memory only), the slot the kernel entered
 * (lvd_gate_ro_slot[], read-only in every domain view) and the abort stack
 * and kernel GS base (lvd_gate_cpus[]); lvd_view_marker, the page that
 * reads 0 in the kernel's view and the slot in a domain's.
 */
#define pr_fmt(fmt) "lvd_dom: " fmt

#include <linux/module.h>
#include <linux/slab.h>
#include <linux/mm.h>
#include <linux/cpu.h>
#include <linux/cpuhotplug.h>
#include <linux/nospec.h>
#include <linux/sched.h>
#include <asm/fpu/api.h>
#include <asm/tlbflush.h>
#include <asm/processor.h>

#include <lvd/view.h>
#include <lvd/hypercall.h>
#include <lvd/hw/vmcs.h>
#include <lvd/domain.h>
#include "gate.h"
#include "domain_int.h"
#include "lvd_dom_trace.h"

unsigned int lvd_budget_ms = 200;
module_param_named(budget_ms, lvd_budget_ms, uint, 0444);
MODULE_PARM_DESC(budget_ms, "longest a domain may run per call before it is stopped, in ms (default 200; 0: no limit)");

/* The gates' shared state (gate.S reads these by name). */
struct lvd_gate_cpu {
	unsigned long abort_rsp;
	unsigned long gs;
	u64 serial;
	unsigned int depth;
	void *abort_stack;
} ____cacheline_aligned;

static_assert(sizeof(struct lvd_gate_cpu) == 1 << LVD_GC_SHIFT);
static_assert(offsetof(struct lvd_gate_cpu, abort_rsp) == LVD_GC_ABORT_RSP);
static_assert(offsetof(struct lvd_gate_cpu, gs) == LVD_GC_GS);
static_assert(offsetof(struct lvd_gate_frame, krsp) == LVD_GF_KRSP);
static_assert(offsetof(struct lvd_gate_frame, gs) == LVD_GF_GS);
static_assert(offsetof(struct lvd_gate_frame, fs) == LVD_GF_FS);
static_assert(offsetof(struct lvd_gate_frame, slot) == LVD_GF_SLOT);
static_assert(offsetof(struct lvd_gate_frame, entry) == LVD_GF_ENTRY);
static_assert(offsetof(struct lvd_gate_frame, drsp) == LVD_GF_DRSP);
static_assert(offsetof(struct lvd_gate_frame, dgs) == LVD_GF_DGS);
static_assert(offsetof(struct lvd_gate_frame, args) == LVD_GF_ARGS);
static_assert(offsetof(struct lvd_gate_frame, ursp) == LVD_GF_URSP);
static_assert(offsetof(struct lvd_upcall_regs, idx) == LVD_UR_IDX);
static_assert(offsetof(struct lvd_upcall_regs, args) == LVD_UR_ARGS);
static_assert(offsetof(struct lvd_upcall_regs, ret) == LVD_UR_RET);
static_assert(sizeof(struct lvd_upcall_regs) == LVD_UR_SIZE);

/* Per CPU, kernel memory only: LVD_GATE_CPUS entries (gate.h). */
struct lvd_gate_cpu *lvd_gate_cpus;
/* The innermost call's frame per CPU, where the gates find the kernel's state. */
struct lvd_gate_frame *lvd_gate_top[LVD_GATE_CPUS];
/* Read-only in every domain view: the slot the kernel entered, per CPU. */
u32 lvd_gate_ro_slot[ALIGN(LVD_GATE_CPUS, PAGE_SIZE / sizeof(u32))] __aligned(PAGE_SIZE);
/* 0 in the kernel's view; each domain view maps its own page here. */
u32 lvd_view_marker[PAGE_SIZE / sizeof(u32)] __aligned(PAGE_SIZE);

#define ABORT_STACK_ORDER	2

static enum cpuhp_state cpuhp_state;

/* The zeroed XSAVE image that puts every state component in its init state. */
static struct {
	u8 legacy[512];
	u64 xstate_bv;
	u64 xcomp_bv;
	u8 rest[48];
} xinit __aligned(64);

/* CR4.OSXSAVE at load: XRSTOR can be used (read once; the kernel never changes it). */
static bool xsave_on __read_mostly;

/* The legacy region's FCW and MXCSR (SDM Vol. 1 10.5.1) at their init values. */
#define XINIT_FCW_OFFSET	0
#define FCW_DEFAULT		0x037f
#define XINIT_MXCSR_OFFSET	24
#define MXCSR_DEFAULT		0x1f80

/*
 * Extended state (x87, SSE, AVX, ...), before every entry into a domain:
 * the interrupted process's registers are saved to its task first if they
 * are still live (kernel_fpu_begin() does that, and marks them to be
 * reloaded before the process returns to user space); then every component
 * is put in its init state (XRSTOR with XSTATE_BV = 0, SDM Vol. 1 13.8.1).
 * A domain reads nothing of the process, of kernel code that used the FPU
 * before, or of another domain, and what it leaves is never the process's.
 * Interrupts are off, so nothing can use the FPU between the two steps.
 */
static __always_inline void xstate_clear(void)
{
	if (!(current->flags & PF_KTHREAD) && !test_thread_flag(TIF_NEED_FPU_LOAD)) {
		kernel_fpu_begin_mask(0);
		kernel_fpu_end();
	}
	/*
	 * EDX:EAX all ones: every component XCR0 enables. With CR4.OSXSAVE
	 * clear (the stock kernel reports no XSAVE on Bochs' AVX-512 models),
	 * only x87 and SSE state exist, and FXRSTOR of the legacy region sets
	 * them.
	 */
	if (xsave_on)
		asm volatile("xrstor %0" : : "m" (xinit), "a" (-1), "d" (-1) : "memory");
	else
		asm volatile("fxrstor %0" : : "m" (xinit) : "memory");
}

/* Record the first stop of @d; true for the caller that made it. */
static bool mark_stopped(struct lvd_domain *d, u32 reason, u64 rip, u32 detail)
{
	if (cmpxchg(&d->state, LVD_DOM_READY, LVD_DOM_STOPPED) != LVD_DOM_READY)
		return false;
	d->stop_reason = reason;
	d->stop_rip = rip;
	d->stop_detail = detail;
	return true;
}

/**
 * lvd_dom_stop_text() - why a domain stopped, in words
 * @info: the domain's state (lvd_dom_info())
 * @buf: where the text goes
 * @size: its size
 *
 * Return: @buf, e.g. "faulted (an exception it cannot handle ends in a
 * triple fault) at RIP 0x...".
 */
char *lvd_dom_stop_text(const struct lvd_dom_info *info, char *buf, size_t size)
{
	static const char * const why[] = {
		[LVD_STOP_NONE] = "is running",
		[LVD_STOP_REQUEST] = "was stopped by the kernel",
		[LVD_STOP_EXIT] = "caused a VM exit",
		[LVD_STOP_LANDING] = "made a VMFUNC land in the wrong view",
		[LVD_STOP_BUDGET] = "ran past its run-time budget",
		[LVD_STOP_UPCALL] = "made an upcall the kernel did not export to it",
	};
	u32 r = info->stop_reason < ARRAY_SIZE(why) ? info->stop_reason : LVD_STOP_NONE;
	int n;

	if (r == LVD_STOP_EXIT && info->stop_detail == LVD_ABORT_REASON_EXCEPTION)
		n = scnprintf(buf, size, "entered the kernel's view with a VMFUNC of its own (its code is not mapped there)");
	else if (r == LVD_STOP_EXIT && info->stop_detail == LVD_EXIT_TRIPLE_FAULT)
		n = scnprintf(buf, size, "faulted (an exception in a domain ends in a triple fault)");
	else if (r == LVD_STOP_EXIT)
		n = scnprintf(buf, size, "%s (%s)", why[r], lvd_exit_reason_name(info->stop_detail));
	else if (r == LVD_STOP_UPCALL)
		n = scnprintf(buf, size, "%s (index %u)", why[r], info->stop_detail);
	else
		n = scnprintf(buf, size, "%s", why[r]);
	if (info->stop_rip)
		scnprintf(buf + n, size - n, " at RIP %#llx", info->stop_rip);
	return buf;
}

static void log_stop(struct lvd_domain *d)
{
	struct lvd_dom_info info;
	char why[128];

	lvd_dom_stats.stops++;
	lvd_dom_stats.stops_by_reason[d->stop_reason]++;
	lvd_dom_info(d, &info);
	trace_lvd_dom_stop(d->name, d->slot, d->stop_reason, d->stop_detail, d->stop_rip);
	pr_warn("domain %s (slot %u) stopped: %s; its calls fail from now on\n",
		d->name, d->slot, lvd_dom_stop_text(&info, why, sizeof(why)));
}

/**
 * lvd_dom_abort_cpu() - the abort entry's C half (gate.S lvd_gate_abort)
 * @reason: the basic exit reason, or LVD_ABORT_REASON_LANDING
 * @rip: where the domain was
 * @slot: the slot of the view the CPU was in
 * @qual: the exit qualification
 *
 * The domain stopped is the one the kernel entered last on this CPU (the
 * innermost frame), whatever view the CPU was in: a domain that jumped
 * into another one's view is the culprit, not its victim.
 *
 * Context: kernel's view, interrupts off, the CPU's abort stack.
 * Return: the frame the gate unwinds to.
 */
struct lvd_gate_frame *lvd_dom_abort_cpu(u64 reason, u64 rip, u64 slot, u64 qual)
{
	struct lvd_gate_frame *f = lvd_gate_top[smp_processor_id()];
	u32 why;

	if (!f)
		panic("lvd_dom: abort on CPU %d with no domain call active (reason %llu, RIP %#llx, slot %llu)\n",
		      smp_processor_id(), reason, rip, slot);
	why = reason == LVD_ABORT_REASON_LANDING ? LVD_STOP_LANDING :
	      reason == LVD_ABORT_REASON_BUDGET ? LVD_STOP_BUDGET : LVD_STOP_EXIT;
	f->aborted = true;
	f->log = mark_stopped(f->dom, why, rip, reason == LVD_ABORT_REASON_LANDING ? 0 : reason);
	return f;
}

/**
 * lvd_dom_upcall() - the upcall gate's C half
 * @u: the index and arguments the domain gave, and where the result goes
 *
 * Context: kernel's view, interrupts off, the kernel stack of the call.
 * Return: NULL to return into the domain with u->ret; the frame to unwind
 * (the call fails) when the domain is stopped or the index is not one of
 * its exports.
 */
struct lvd_gate_frame *lvd_dom_upcall(struct lvd_upcall_regs *u)
{
	struct lvd_gate_frame *f = lvd_gate_top[smp_processor_id()];
	struct lvd_domain *d = f->dom;
	u64 idx = u->idx;

	if (READ_ONCE(d->state) != LVD_DOM_READY)
		return f;
	if (idx >= d->nexports) {
		f->log = mark_stopped(d, LVD_STOP_UPCALL, 0, (u32)min_t(u64, idx, U32_MAX));
		return f;
	}
	idx = array_index_nospec(idx, (u64)d->nexports);
	trace_lvd_dom_upcall(d->slot, idx);
	d->cpu[smp_processor_id()].upcalls++;
	u->ret = d->exports[idx].fn(u->args[0], u->args[1], u->args[2], u->args[3],
				    u->args[4], u->args[5]);
	if (READ_ONCE(d->state) != LVD_DOM_READY)
		return f;
	return NULL;
}

/**
 * lvd_dom_call() - call a function of a domain
 * @d: the domain
 * @entry: from lvd_dom_lookup()
 * @args: @nargs integer arguments (the others are 0)
 * @nargs: at most %LVD_CALL_ARGS
 * @ret: its return value, when this returns 0
 *
 * Context: process context; may be called from an upcall (nesting).
 * Return: 0; -ECANCELED when the domain was stopped during the call (it
 * misbehaved, ran out of budget, or was stopped by the kernel), -ESHUTDOWN
 * when it was stopped before, -ELOOP past %LVD_DOM_MAX_DEPTH nested calls,
 * -EINVAL for a bad entry or argument count.
 */
int lvd_dom_call(struct lvd_domain *d, unsigned long entry, const u64 *args,
		 unsigned int nargs, u64 *ret)
{
	/* Every field the gate reads is set below: no zeroing of the whole frame. */
	struct lvd_gate_frame f __attribute__((uninitialized));
	struct lvd_gate_cpu *gc;
	struct lvd_dom_cpu *dc;
	unsigned long flags;
	long r;
	int cpu;

	if (unlikely(nargs > LVD_CALL_ARGS || !d->loaded))
		return -EINVAL;
	/* Unused argument registers are 0: no kernel value reaches the domain. */
	f.args[0] = 0;
	f.args[1] = 0;
	f.args[2] = 0;
	f.args[3] = 0;
	f.args[4] = 0;
	f.args[5] = 0;
	memcpy(f.args, args, nargs * sizeof(u64));
	/*
	 * Interrupts stay off from the state check to the return: the call is
	 * an RCU read-side section, so lvd_dom_destroy() (state, then
	 * synchronize_rcu()) never frees a domain a CPU is in or entering.
	 */
	local_irq_save(flags);
	if (unlikely(READ_ONCE(d->state) != LVD_DOM_READY)) {
		local_irq_restore(flags);
		return -ESHUTDOWN;
	}
	cpu = smp_processor_id();
	gc = &lvd_gate_cpus[cpu];
	if (unlikely(gc->depth >= LVD_DOM_MAX_DEPTH)) {
		local_irq_restore(flags);
		return -ELOOP;
	}
	dc = &d->cpu[cpu];
	f.slot = d->slot;
	f.entry = entry;
	/* Below what the domain was using, if it is in an upcall on this CPU. */
	f.drsp = dc->frame ? ((dc->frame->ursp - 256) & ~15UL) : dc->stack_top;
	f.dgs = dc->percpu_va;
	f.prev = lvd_gate_top[cpu];
	f.prev_dframe = dc->frame;
	f.dom = d;
	f.aborted = false;
	f.log = false;
	xstate_clear();
	gc->depth++;
	lvd_gate_top[cpu] = &f;
	dc->frame = &f;
	gc->serial++;
	WRITE_ONCE(lvd_gate_ro_slot[cpu], d->slot);

	r = lvd_gate_call(&f);

	WRITE_ONCE(lvd_gate_ro_slot[cpu], f.prev ? f.prev->slot : 0);
	lvd_gate_top[cpu] = f.prev;
	dc->frame = f.prev_dframe;
	gc->depth--;
	if (likely(!f.aborted))
		dc->calls++;
	local_irq_restore(flags);
	if (unlikely(f.log))
		log_stop(d);
	if (unlikely(f.aborted || READ_ONCE(d->state) != LVD_DOM_READY)) {
		trace_lvd_dom_call(d->slot, entry, -ECANCELED, 0);
		return -ECANCELED;
	}
	trace_lvd_dom_call(d->slot, entry, 0, r);
	*ret = r;
	return 0;
}
EXPORT_SYMBOL_GPL(lvd_dom_call);

/**
 * lvd_dom_current() - the domain whose upcall is running on this CPU
 *
 * Context: inside an upcall (an exported function).
 * Return: the domain, or NULL outside domain calls.
 */
struct lvd_domain *lvd_dom_current(void)
{
	struct lvd_gate_frame *f = lvd_gate_top[raw_smp_processor_id()];

	return f ? f->dom : NULL;
}
EXPORT_SYMBOL_GPL(lvd_dom_current);

/**
 * lvd_dom_msg() - this CPU's message page of a domain
 * @d: the domain
 *
 * The page is the domain's %gs:0 page on this CPU: read-write for both
 * sides, for data larger than six registers. Everything in it is the
 * domain's to change at any time: copy out before checking and use.
 *
 * Context: preemption off.
 * Return: the kernel's address of the page (one page).
 */
void *lvd_dom_msg(struct lvd_domain *d)
{
	return d->cpu[smp_processor_id()].percpu_kva;
}
EXPORT_SYMBOL_GPL(lvd_dom_msg);

/**
 * lvd_dom_stop() - stop a domain: calls in flight return -ECANCELED when
 * they come back, later calls fail with -ESHUTDOWN
 * @d: the domain
 *
 * A CPU running inside the domain is not interrupted; it leaves when the
 * domain returns, faults or runs out of its budget.
 */
void lvd_dom_stop(struct lvd_domain *d)
{
	if (mark_stopped(d, LVD_STOP_REQUEST, 0, 0))
		log_stop(d);
}
EXPORT_SYMBOL_GPL(lvd_dom_stop);

static int dom_cpu_online(unsigned int cpu)
{
	struct lvd_gate_cpu *gc = &lvd_gate_cpus[cpu];
	int ret;

	if (!gc->abort_stack) {
		gc->abort_stack = (void *)__get_free_pages(GFP_KERNEL, ABORT_STACK_ORDER);
		if (!gc->abort_stack)
			return -ENOMEM;
	}
	gc->abort_rsp = (unsigned long)gc->abort_stack + (PAGE_SIZE << ABORT_STACK_ORDER);
	gc->gs = cpu_kernelmode_gs_base(cpu);
	ret = lvd_view_set_abort((unsigned long)lvd_gate_abort, gc->abort_rsp, &gc->serial);
	if (!ret && lvd_budget_ms)
		ret = lvd_view_set_budget((u64)lvd_budget_ms * NSEC_PER_MSEC);
	if (ret)
		pr_err("CPU %u: the hypervisor refused the abort entry or budget (%d)\n", cpu, ret);
	return ret;
}

static int dom_cpu_offline(unsigned int cpu)
{
	lvd_view_set_budget(0);
	lvd_view_set_abort(0, 0, NULL);
	return 0;
}

/**
 * lvd_dom_calls_init() - what calls need: a CPU the gates can run on, the
 * per-CPU gate state, every CPU's abort entry and budget
 *
 * Return: 0, -EOPNOTSUPP (with a line naming what is missing), -ENOMEM,
 * or the hotplug error.
 */
int lvd_dom_calls_init(void)
{
	int ret;

	if (!boot_cpu_has(X86_FEATURE_RDTSCP) || !boot_cpu_has(X86_FEATURE_FSGSBASE)) {
		pr_err("the call gates need%s%s, which this kernel does not use on this CPU (see /proc/cpuinfo; FSGSBASE is off with the nofsgsbase option); domains cannot run here\n",
		       boot_cpu_has(X86_FEATURE_RDTSCP) ? "" : " RDTSCP",
		       boot_cpu_has(X86_FEATURE_FSGSBASE) ? "" : " FSGSBASE");
		return -EOPNOTSUPP;
	}
	if (nr_cpu_ids > LVD_GATE_CPUS) {
		pr_err("%u possible CPUs: the call gates tell at most %u apart (IA32_TSC_AUX holds 12 bits of CPU number); domains cannot run here\n",
		       nr_cpu_ids, LVD_GATE_CPUS);
		return -EOPNOTSUPP;
	}
	xsave_on = cr4_read_shadow() & X86_CR4_OSXSAVE;
	*(u16 *)&xinit.legacy[XINIT_FCW_OFFSET] = FCW_DEFAULT;
	*(u32 *)&xinit.legacy[XINIT_MXCSR_OFFSET] = MXCSR_DEFAULT;
	lvd_gate_cpus = kcalloc(LVD_GATE_CPUS, sizeof(*lvd_gate_cpus), GFP_KERNEL);
	if (!lvd_gate_cpus)
		return -ENOMEM;
	ret = cpuhp_setup_state(CPUHP_AP_ONLINE_DYN, "lvd/dom:online", dom_cpu_online,
				dom_cpu_offline);
	if (ret < 0) {
		kfree(lvd_gate_cpus);
		return ret;
	}
	cpuhp_state = ret;
	return 0;
}

/**
 * lvd_dom_calls_exit() - every CPU's abort entry and budget withdrawn, the
 * gate state freed (no domain exists any more)
 */
void lvd_dom_calls_exit(void)
{
	unsigned int cpu;

	cpuhp_remove_state(cpuhp_state);
	for_each_possible_cpu(cpu)
		free_pages((unsigned long)lvd_gate_cpus[cpu].abort_stack, ABORT_STACK_ORDER);
	kfree(lvd_gate_cpus);
}
