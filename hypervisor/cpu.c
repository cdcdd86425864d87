// SPDX-License-Identifier: GPL-2.0
/*
 * hypervisor/cpu.c - move one CPU into VMX non-root and back, on every
 * online CPU and on CPUs that come and go (CPU hotplug).
 *
 * lvd_cpus_start() and lvd_cpus_stop() are called by main.c at module load
 * and unload. They register a dynamic CPU-hotplug state whose callbacks run
 * on the CPU concerned, in its hotplug thread: launch when it comes online
 * (and, at registration, on every CPU already online), leave VMX before it
 * goes offline (and, at removal, on every online CPU). If the launch fails
 * on one CPU, the hotplug core calls the leave callback on every CPU
 * launched so far, so the system is back as it was (rollback).
 *
 * lvd_leave_vmx() (exit.c) runs in the exit handler (VMX root) on the
 * LEAVE hypercall that lvd_cpu_offline() makes, and when a VM entry fails.
 */
#define pr_fmt(fmt) "lvd: " fmt

#include <linux/kernel.h>
#include <linux/cpuhotplug.h>
#include <linux/slab.h>
#include <linux/gfp.h>
#include <linux/irqflags.h>
#include <linux/io.h>
#include <linux/atomic.h>
#include <linux/syscore_ops.h>
#include <asm/msr.h>
#include <asm/tlbflush.h>
#include <asm/special_insns.h>

#include <lvd/compat.h>
#include <lvd/hw/msr.h>
#include <lvd/hw/vmx.h>
#include <lvd/hw/vmcs.h>
#include <lvd/hw/ept.h>
#include <lvd/hypercall.h>
#include "lvd_hv.h"
#include "exit_frame.h"

/* Each CPU's VMX state while it is launched (root reads it to refuse its pages). */
DEFINE_PER_CPU(struct lvd_cpu *, lvd_cpu);
/* This CPU's EPTP list while it is in VMX operation, for root's VIEW_SET. */
DEFINE_PER_CPU(u64 *, lvd_eptp_list);
static_assert(LVD_EPTP_LIST_ENTRIES * sizeof(u64) == PAGE_SIZE);
static enum cpuhp_state lvd_cpuhp_state;

/*
 * Why the last launch failed, so a refusal is one log line: at load time
 * lvd_cpus_start() prints it, for a CPU coming online lvd_cpu_online().
 * The hotplug core runs the callbacks one at a time.
 */
static char fail_why[192];
static int failed_cpu = -1;
/* CPUs in VMX operation; lvd_leave_vmx() counts them out, in root. */
atomic_t lvd_cpus_in_vmx = ATOMIC_INIT(0);
static bool starting;

/**
 * lvd_launch_fail() - record why this CPU cannot be launched
 * @fmt: what went wrong and what the user can do, without the CPU number
 *
 * Context: the launch path (cpu.c, vmcs_setup.c), process context.
 */
void lvd_launch_fail(const char *fmt, ...)
{
	va_list args;

	va_start(args, fmt);
	vsnprintf(fail_why, sizeof(fail_why), fmt, args);
	va_end(args);
}

static void free_cpu(struct lvd_cpu *c)
{
	if (!c)
		return;
	lvd_free_pages(c->vmxon, 0);
	lvd_free_pages(c->vmcs, 0);
	lvd_free_pages(c->eptp_list, 0);
	lvd_free_pages(c->stack, LVD_EXIT_STACK_ORDER);
	kfree(c);
}

static struct lvd_cpu *alloc_cpu(unsigned int cpu)
{
	struct lvd_cpu *c = kzalloc(sizeof(*c), GFP_KERNEL);

	if (!c)
		return NULL;
	c->cpu = cpu;
	c->vmxon = lvd_alloc_pages(0);
	c->vmcs = lvd_alloc_pages(0);
	c->eptp_list = lvd_alloc_pages(0);
	c->stack = lvd_alloc_pages(LVD_EXIT_STACK_ORDER);
	if (!c->vmxon || !c->vmcs || !c->stack || !c->eptp_list) {
		free_cpu(c);
		return NULL;
	}
	/* SDM Vol. 3C 24.2, 24.11.5: both regions start with the revision id. */
	*(u32 *)c->vmxon = lvd_hv.revision;
	*(u32 *)c->vmcs = lvd_hv.revision;
	/*
	 * EPTP list: index 0 is the kernel's view, then the views installed
	 * so far (view.c holds the CPU-hotplug lock while it installs, so none
	 * is missed); empty slots make VMFUNC exit.
	 */
	memcpy(c->eptp_list, lvd_hv.slot_eptp, LVD_EPTP_LIST_ENTRIES * sizeof(u64));
	return c;
}

/* Launch this CPU; interrupts off. */
static int launch_this_cpu(struct lvd_cpu *c)
{
	u64 fc = 0;
	int ret;

	c->entered = false;
	c->leaving = false;
	if (__read_cr4() & X86_CR4_VMXE) {
		lvd_launch_fail("VMX is already in use (CR4.VMXE set), probably by kvm_intel running a VM; stop that hypervisor, then load lvd_hv again");
		return -EBUSY;
	}
	rdmsrl_safe(LVD_MSR_IA32_FEATURE_CONTROL, &fc);
	if (!(fc & LVD_FEATURE_CONTROL_LOCKED) || !(fc & LVD_FEATURE_CONTROL_VMX_OUTSIDE_SMX)) {
		lvd_launch_fail("VMX is disabled in IA32_FEATURE_CONTROL (%#llx); enable VT-x in the firmware setup",
				fc);
		return -ENODEV;
	}
	if (lvd_test_fail_launch(c->cpu)) {
		lvd_launch_fail("launch failed on purpose (module parameter fail_cpu)");
		return -EIO;
	}
	cr4_set_bits(X86_CR4_VMXE);
	if (lvd_vmxon(virt_to_phys(c->vmxon))) {
		lvd_launch_fail("VMXON failed with CR0 %#lx CR4 %#lx", native_read_cr0(),
				__read_cr4());
		ret = -EIO;
		goto out_vmxe;
	}
	lvd_flush_guest_tlb();
	ret = lvd_vmclear(virt_to_phys(c->vmcs));
	if (!ret)
		ret = lvd_vmptrld(virt_to_phys(c->vmcs));
	if (ret) {
		lvd_launch_fail("VMCLEAR/VMPTRLD failed");
		goto out_vmxoff;
	}
	ret = lvd_vmcs_setup(c);
	if (ret)
		goto out_vmclear;
	/* Counted before the entry: a failed entry leaves through the exit handler. */
	atomic_inc(&lvd_cpus_in_vmx);
	c->launched = true;
	switch (lvd_vmx_launch()) {
	case LVD_LAUNCH_OK:
		/* The kernel runs in VMX non-root from here on. */
		return 0;
	case LVD_LAUNCH_ENTRY_FAILED:
		/* The exit handler said why, left VMX and restored the CPU. */
		ret = -EIO;
		goto out_vmxe;
	default:
		atomic_dec(&lvd_cpus_in_vmx);
		c->launched = false;
		lvd_launch_fail("VMLAUNCH failed, VM-instruction error %llu (SDM Vol. 3C 30.4)",
				lvd_vmread(VMCS_VM_INSTR_ERROR));
		ret = -EIO;
		goto out_vmclear;
	}

out_vmclear:
	lvd_vmclear(virt_to_phys(c->vmcs));
out_vmxoff:
	lvd_vmxoff();
out_vmxe:
	cr4_clear_bits(X86_CR4_VMXE);
	return ret;
}

static int lvd_cpu_online(unsigned int cpu)
{
	struct lvd_cpu *c = alloc_cpu(cpu);
	unsigned long flags;
	int ret;

	if (!c) {
		lvd_launch_fail("out of memory for the VMX regions");
		ret = -ENOMEM;
		goto out;
	}
	local_irq_save(flags);
	ret = launch_this_cpu(c);
	if (!ret) {
		this_cpu_write(lvd_cpu, c);
		this_cpu_write(lvd_eptp_list, c->eptp_list);
	}
	local_irq_restore(flags);
	if (ret)
		free_cpu(c);
out:
	if (ret && !starting)
		pr_err("CPU %u cannot run the hypervisor: %s; it stays offline until lvd_hv is unloaded\n",
		       cpu, fail_why);
	if (ret)
		failed_cpu = cpu;
	return ret;
}

/* This CPU leaves VMX operation, keeping its memory; interrupts off. */
static long leave_this_cpu(struct lvd_cpu *c)
{
	/* A CPU that left VMX after a failed VM entry is outside already. */
	long ret = c->launched ? lvd_vmcall(LVD_HC_LEAVE, 0, 0, 0) : 0;

	if (!ret) {
		cr4_clear_bits(X86_CR4_VMXE);
		this_cpu_write(lvd_cpu, NULL);
		this_cpu_write(lvd_eptp_list, NULL);
	}
	return ret;
}

static int lvd_cpu_offline(unsigned int cpu)
{
	struct lvd_cpu *c = this_cpu_read(lvd_cpu);
	unsigned long flags;
	long ret;

	if (!c)
		return 0;
	local_irq_save(flags);
	ret = leave_this_cpu(c);
	local_irq_restore(flags);
	if (ret) {
		pr_err("CPU %u: could not leave VMX operation (%ld); keeping its memory\n", cpu, ret);
		return 0;
	}
	free_cpu(c);
	return 0;
}

/*
 * System sleep (suspend to RAM, hibernation). By the time the syscore
 * callbacks run, every other CPU is offline (its hotplug callback took it
 * out of VMX operation); the last CPU leaves here, interrupts off, keeping
 * its memory, and is launched again on resume, before the other CPUs come
 * back online and are launched by their hotplug callbacks. The firmware
 * does not see VMX on; after the sleep the CPU is as the firmware left it.
 */
static struct lvd_cpu *sleeping_cpu;

static int lvd_syscore_suspend(void)
{
	struct lvd_cpu *c = this_cpu_read(lvd_cpu);
	long ret;

	if (!c)
		return 0;
	ret = leave_this_cpu(c);
	if (ret) {
		pr_err("CPU %d could not leave VMX operation for the system sleep (%ld); the sleep is refused\n",
		       c->cpu, ret);
		return -EBUSY;
	}
	sleeping_cpu = c;
	return 0;
}

static void lvd_syscore_resume(void)
{
	struct lvd_cpu *c = sleeping_cpu;

	if (!c)
		return;
	sleeping_cpu = NULL;
	if (launch_this_cpu(c)) {
		pr_err("CPU %d cannot run the hypervisor again after the system sleep: %s; it runs without LVD until lvd_hv is reloaded\n",
		       c->cpu, fail_why);
		free_cpu(c);
		return;
	}
	this_cpu_write(lvd_cpu, c);
	this_cpu_write(lvd_eptp_list, c->eptp_list);
}

static struct syscore_ops lvd_syscore_ops = {
	.suspend = lvd_syscore_suspend,
	.resume = lvd_syscore_resume,
};

#ifdef LVD_TESTING
/**
 * lvd_test_sleep() - testing: run the system-sleep callbacks on this CPU,
 * as suspend to RAM does around the sleep, without sleeping
 *
 * Context: process context; the caller takes the other CPUs offline first.
 * Return: a bit mask: 1 if this CPU was in VMX operation before, 2 if it
 * was out during the "sleep", 4 if it is back after.
 */
int lvd_test_sleep(void)
{
	unsigned long flags;
	int seen = 0;

	local_irq_save(flags);
	if (this_cpu_read(lvd_cpu))
		seen |= 1;
	if (!lvd_syscore_suspend() && !this_cpu_read(lvd_cpu) &&
	    !(__read_cr4() & X86_CR4_VMXE))
		seen |= 2;
	lvd_syscore_resume();
	if (this_cpu_read(lvd_cpu))
		seen |= 4;
	local_irq_restore(flags);
	return seen;
}

/**
 * lvd_this_cpu() - testing: this CPU's state
 *
 * Context: preemption off.
 * Return: the state, or NULL when the CPU is not launched.
 */
struct lvd_cpu *lvd_this_cpu(void)
{
	return this_cpu_read(lvd_cpu);
}
#endif

/**
 * lvd_cpus_launched() - how many CPUs run in VMX non-root
 *
 * Return: the count, for logs and debugfs.
 */
unsigned int lvd_cpus_launched(void)
{
	return atomic_read(&lvd_cpus_in_vmx);
}

/**
 * lvd_cpus_start() - launch every online CPU and every CPU that comes online
 *
 * Context: process context (module load), global state ready.
 * Return: 0, or the first CPU's error after every CPU is rolled back.
 */
int lvd_cpus_start(void)
{
	int ret;

	register_syscore_ops(&lvd_syscore_ops);
	starting = true;
	ret = cpuhp_setup_state(CPUHP_AP_ONLINE_DYN, "lvd/hv:online", lvd_cpu_online,
				lvd_cpu_offline);
	starting = false;
	if (ret < 0) {
		unregister_syscore_ops(&lvd_syscore_ops);
		pr_err("not loaded: CPU %d: %s; every CPU launched so far left VMX operation, nothing changed\n",
		       failed_cpu, fail_why);
		return ret;
	}
	lvd_cpuhp_state = ret;
	return 0;
}

/**
 * lvd_cpus_stop() - every CPU leaves VMX operation; CPUs that come online
 * later stay outside
 *
 * Context: process context (module unload).
 */
void lvd_cpus_stop(void)
{
	unregister_syscore_ops(&lvd_syscore_ops);
	cpuhp_remove_state(lvd_cpuhp_state);
}
