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
 * lvd_leave_vmx() runs in the exit handler (VMX root) on the LEAVE
 * hypercall that lvd_cpu_offline() makes.
 */
#define pr_fmt(fmt) "lvd: " fmt

#include <linux/kernel.h>
#include <linux/cpuhotplug.h>
#include <linux/slab.h>
#include <linux/gfp.h>
#include <linux/irqflags.h>
#include <linux/io.h>
#include <linux/atomic.h>
#include <asm/desc.h>
#include <asm/msr.h>
#include <asm/debugreg.h>
#include <asm/invpcid.h>
#include <asm/tlbflush.h>
#include <asm/special_insns.h>
#include <asm/segment.h>

#include <lvd/compat.h>
#include <lvd/hw/msr.h>
#include <lvd/hw/vmx.h>
#include <lvd/hw/vmcs.h>
#include <lvd/hw/ept.h>
#include <lvd/hypercall.h>
#include "lvd_hv.h"

static DEFINE_PER_CPU(struct lvd_cpu *, lvd_cpu);
static enum cpuhp_state lvd_cpuhp_state;

/*
 * Why the last launch failed, so a refusal is one log line: at load time
 * lvd_cpus_start() prints it, for a CPU coming online lvd_cpu_online().
 * The hotplug core runs the callbacks one at a time.
 */
static char fail_why[192];
static int fail_cpu = -1;
static atomic_t cpus_launched = ATOMIC_INIT(0);
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
	c->stack = lvd_alloc_pages(LVD_EXIT_STACK_ORDER);
	if (!c->vmxon || !c->vmcs || !c->stack) {
		free_cpu(c);
		return NULL;
	}
	/* SDM Vol. 3C 24.2, 24.11.5: both regions start with the revision id. */
	*(u32 *)c->vmxon = lvd_hv.revision;
	*(u32 *)c->vmcs = lvd_hv.revision;
	return c;
}

/*
 * TLB entries the CPU made outside the kernel's VPID while LVD ran, or
 * under VPID 1 and the EPT before LVD ran, must not survive a switch
 * (SDM Vol. 3C 28.3.3). Bochs flushes everything on every transition
 * (DESIGN.md 5); real CPUs do not.
 */
static void flush_guest_tlb(void)
{
	lvd_invept(LVD_INVEPT_SINGLE_CONTEXT, lvd_hv.eptp);
	lvd_invvpid(LVD_INVVPID_SINGLE_CONTEXT, LVD_KERNEL_VPID);
}

static void flush_host_tlb(void)
{
	if (boot_cpu_has(X86_FEATURE_INVPCID))
		invpcid_flush_all();
	else
		__flush_tlb_all();
}

/* Launch this CPU; interrupts off. */
static int launch_this_cpu(struct lvd_cpu *c)
{
	u64 fc = 0;
	int ret;

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
	if (c->cpu == lvd_param_fail_cpu) {
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
	flush_guest_tlb();
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
	if (lvd_vmx_launch()) {
		lvd_launch_fail("VMLAUNCH failed, VM-instruction error %llu (SDM Vol. 3C 30.4)",
				lvd_vmread(VMCS_VM_INSTR_ERROR));
		ret = -EIO;
		goto out_vmclear;
	}
	/* The kernel runs in VMX non-root from here on. */
	c->launched = true;
	atomic_inc(&cpus_launched);
	return 0;

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
	if (!ret)
		this_cpu_write(lvd_cpu, c);
	local_irq_restore(flags);
	if (ret)
		free_cpu(c);
out:
	if (ret && !starting)
		pr_err("CPU %u cannot run the hypervisor: %s; it stays offline until lvd_hv is unloaded\n",
		       cpu, fail_why);
	if (ret)
		fail_cpu = cpu;
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
	ret = lvd_vmcall(LVD_HC_LEAVE, 0, 0, 0);
	if (!ret) {
		/* A VM exit left GDTR limit 0xffff and TR limit 0x67 (SDM 27.5.2). */
		load_fixmap_gdt(cpu);
		invalidate_tss_limit();
		cr4_clear_bits(X86_CR4_VMXE);
		this_cpu_write(lvd_cpu, NULL);
		atomic_dec(&cpus_launched);
	}
	local_irq_restore(flags);
	if (ret) {
		pr_err("CPU %u: could not leave VMX operation (%ld); keeping its memory\n", cpu, ret);
		return 0;
	}
	free_cpu(c);
	return 0;
}

/**
 * lvd_leave_vmx() - take this CPU out of VMX operation, back to the kernel
 * @c: this CPU's state
 * @regs: the guest's registers; rip/rsp/rflags are set for vmx_entry.S
 *
 * Restores everything a VM exit changed and the kernel may notice: CR0,
 * CR3, CR4 (VMXE stays set until the caller clears it through the kernel's
 * CR4 shadow), IDTR, DR7, DEBUGCTL, PAT, EFER, SYSENTER, segment selectors
 * and FS/GS bases. The GDTR and TR limits are put right by the caller
 * (load_fixmap_gdt(), invalidate_tss_limit()) back in the kernel.
 *
 * Context: exit handler, VMX root, interrupts off, on the LEAVE hypercall.
 */
void lvd_leave_vmx(struct lvd_cpu *c, struct lvd_guest_regs *regs)
{
	struct desc_ptr idt = {
		.size = lvd_vmread(VMCS_GUEST_IDTR_LIMIT),
		.address = lvd_vmread(VMCS_GUEST_IDTR_BASE),
	};
	u64 cr0 = lvd_vmread(VMCS_GUEST_CR0), cr3 = lvd_vmread(VMCS_GUEST_CR3);
	u64 cr4 = lvd_vmread(VMCS_GUEST_CR4), dr7 = lvd_vmread(VMCS_GUEST_DR7);
	u64 debugctl = lvd_vmread(VMCS_GUEST_DEBUGCTL), pat = lvd_vmread(VMCS_GUEST_PAT);
	u64 efer = lvd_vmread(VMCS_GUEST_EFER);
	u64 sysenter_cs = lvd_vmread(VMCS_GUEST_SYSENTER_CS);
	u64 sysenter_esp = lvd_vmread(VMCS_GUEST_SYSENTER_ESP);
	u64 sysenter_eip = lvd_vmread(VMCS_GUEST_SYSENTER_EIP);
	u16 ds = lvd_vmread(VMCS_GUEST_DS_SEL), es = lvd_vmread(VMCS_GUEST_ES_SEL);
	u16 fs = lvd_vmread(VMCS_GUEST_FS_SEL), gs = lvd_vmread(VMCS_GUEST_GS_SEL);
	u16 ss = lvd_vmread(VMCS_GUEST_SS_SEL);
	u64 fs_base = lvd_vmread(VMCS_GUEST_FS_BASE), gs_base = lvd_vmread(VMCS_GUEST_GS_BASE);
	u64 kernel_gs_base;

	regs->rip = lvd_vmread(VMCS_GUEST_RIP);
	regs->rsp = lvd_vmread(VMCS_GUEST_RSP);
	regs->rflags = lvd_vmread(VMCS_GUEST_RFLAGS);

	flush_guest_tlb();
	lvd_vmclear(virt_to_phys(c->vmcs));
	lvd_vmxoff();

	native_write_cr0(cr0);
	lvd_write_cr4(cr4);
	native_write_cr3(cr3);
	native_load_idt(&idt);
	native_set_debugreg(7, dr7);
	wrmsrl(LVD_MSR_IA32_DEBUGCTL, debugctl);
	wrmsrl(LVD_MSR_IA32_PAT, pat);
	wrmsrl(LVD_MSR_IA32_EFER, efer);
	wrmsrl(LVD_MSR_IA32_SYSENTER_CS, sysenter_cs);
	wrmsrl(LVD_MSR_IA32_SYSENTER_ESP, sysenter_esp);
	wrmsrl(LVD_MSR_IA32_SYSENTER_EIP, sysenter_eip);
	loadsegment(ss, ss);
	loadsegment(ds, ds);
	loadsegment(es, es);
	if (fs)
		loadsegment(fs, fs);
	if (gs) {
		/* load_gs_index() clobbers the inactive GS base: keep it. */
		rdmsrl(LVD_MSR_IA32_KERNEL_GS_BASE, kernel_gs_base);
		load_gs_index(gs);
		wrmsrl(LVD_MSR_IA32_KERNEL_GS_BASE, kernel_gs_base);
	}
	wrmsrl(LVD_MSR_IA32_FS_BASE, fs_base);
	wrmsrl(LVD_MSR_IA32_GS_BASE, gs_base);
	/* Nothing cached under VMX root's tags while LVD ran may survive. */
	flush_host_tlb();
	c->launched = false;
	c->leaving = true;
}

/**
 * lvd_cpus_launched() - how many CPUs run in VMX non-root
 *
 * Return: the count, for logs and debugfs.
 */
unsigned int lvd_cpus_launched(void)
{
	return atomic_read(&cpus_launched);
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

	starting = true;
	ret = cpuhp_setup_state(CPUHP_AP_ONLINE_DYN, "lvd/hv:online", lvd_cpu_online,
				lvd_cpu_offline);
	starting = false;
	if (ret < 0) {
		pr_err("not loaded: CPU %d: %s; every CPU launched so far left VMX operation, nothing changed\n",
		       fail_cpu, fail_why);
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
	cpuhp_remove_state(lvd_cpuhp_state);
}
