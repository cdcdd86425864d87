// SPDX-License-Identifier: GPL-2.0
/*
 * hypervisor/exit.c - the VM-exit handler: dispatch by exit reason, count,
 * emulate or refuse, resume.
 *
 * This file is the code that runs in VMX root; the pure helpers it calls
 * (guest_rules.c, event.c, ept.c, mtrr.c, msr_bitmap.c) and the EPT fill
 * of ept_kernel.c are marked lvd_root like everything here. Called only by
 * vmx_entry.S, in VMX root on this CPU's exit stack with interrupts off,
 * the guest's registers saved in *regs. It must not sleep or take any lock
 * the interrupted kernel may hold: it logs with lvd_root_log() (the
 * lock-free printk ring buffer, console output deferred to an irq_work),
 * counts in per-CPU data, and touches no other Linux state. It is not
 * traceable (the module is built without ftrace hooks, see Kbuild) nor
 * probeable (lvd_root, include/lvd/compat.h, puts it in .kprobes.text): a
 * breakpoint here would run the kernel's handlers on the exit stack. MSRs
 * are accessed with the raw accessors of vmx_ops.S, which have no
 * tracepoints. Nothing here stops the machine: a failed VM entry or VMRESUME takes this
 * CPU out of VMX operation and the kernel goes on without LVD on it.
 *
 * Which exits can happen (SDM Vol. 3C 25.1.2 and the controls LVD sets,
 * see lvd_vmx_choose_ctls()): CPUID, GETSEC, INVD, XSETBV and the VMX
 * instructions always exit; triple fault, INIT and SIPI always exit; CR0/CR4
 * writes that change an owned bit; RDMSR/WRMSR per the MSR bitmap; EPT
 * violations and misconfigurations. Anything else is counted, logged once
 * and answered with #UD.
 */
#define pr_fmt(fmt) "lvd: " fmt

#include <linux/kernel.h>
#include <linux/printk.h>
#include <linux/reboot.h>
#include <linux/smp.h>
#include <linux/io.h>
#include <asm/msr.h>
#include <asm/processor.h>
#include <asm/special_insns.h>
#include <asm/fpu/xcr.h>
#include <asm/invpcid.h>
#include <asm/desc.h>
#include <asm/debugreg.h>
#include <asm/segment.h>
#include <asm/tlbflush.h>
#include <asm/nospec-branch.h>

#include <lvd/compat.h>
#include <lvd/hw/msr.h>
#include <lvd/hw/vmx.h>
#include <lvd/hw/vmcs.h>
#include <lvd/hw/ept.h>
#include <lvd/hw/cpu.h>
#include <lvd/hypercall.h>
#include "lvd_hv.h"
#include "segment.h"
#include "msr_bitmap.h"
#include "exit_frame.h"
#include "guest_rules.h"
#include "event.h"

/* vmx_entry.S's frame and struct lvd_guest_regs must agree. */
static_assert(sizeof(((struct lvd_guest_regs *)0)->gpr) == LVD_FRAME_GPRS * 8);
static_assert(offsetof(struct lvd_guest_regs, rip) == LVD_FRAME_RIP);
static_assert(offsetof(struct lvd_guest_regs, rsp) == LVD_FRAME_RSP);
static_assert(offsetof(struct lvd_guest_regs, rflags) == LVD_FRAME_RFLAGS);
static_assert(sizeof(struct lvd_guest_regs) == LVD_FRAME_SIZE);

DEFINE_PER_CPU(struct lvd_exit_stats, lvd_exit_stats);

/**
 * lvd_root_log() - log from VMX root: store the message in the printk ring
 * buffer (lock-free) and leave console output to an irq_work, as
 * printk_deferred() does (which is not exported to modules)
 * @fmt: format with a KERN_ level
 */
lvd_root void lvd_root_log(const char *fmt, ...)
{
	va_list args;

	va_start(args, fmt);
	vprintk_emit(0, LOGLEVEL_SCHED, NULL, fmt, args);
	va_end(args);
}

/* Log at most once per flag, from VMX root. */
#define root_log_once(flag, fmt, ...) do {				\
	static bool flag;						\
	if (!READ_ONCE(flag)) {						\
		WRITE_ONCE(flag, true);					\
		lvd_root_log(KERN_WARNING pr_fmt(fmt), ##__VA_ARGS__);	\
	}								\
} while (0)

static lvd_root struct lvd_exit_stats *stats(void)
{
	return this_cpu_ptr(&lvd_exit_stats);
}

static lvd_root u64 get_gpr(struct lvd_guest_regs *regs, unsigned int n)
{
	return n == LVD_GPR_RSP ? lvd_vmread(VMCS_GUEST_RSP) : regs->gpr[n];
}

/*
 * Advance past the exiting instruction as if it had executed: it no longer
 * blocks interrupts, and with RFLAGS.TF set the single-step trap it would
 * have raised is made pending (SDM Vol. 3C 24.4.2, 26.6.3), so a debugger
 * stepping over CPUID stops right after it.
 */
static lvd_root void skip_instruction(void)
{
	u64 intr = lvd_vmread(VMCS_GUEST_INTERRUPTIBILITY);

	lvd_vmwrite(VMCS_GUEST_RIP, lvd_vmread(VMCS_GUEST_RIP) +
		    lvd_vmread(VMCS_EXIT_INSTR_LEN));
	if (intr & (LVD_INTERRUPTIBILITY_STI | LVD_INTERRUPTIBILITY_MOV_SS))
		lvd_vmwrite(VMCS_GUEST_INTERRUPTIBILITY,
			    intr & ~(LVD_INTERRUPTIBILITY_STI | LVD_INTERRUPTIBILITY_MOV_SS));
	if (lvd_vmread(VMCS_GUEST_RFLAGS) & LVD_RFLAGS_TF)
		lvd_vmwrite(VMCS_GUEST_PENDING_DBG,
			    lvd_vmread(VMCS_GUEST_PENDING_DBG) | LVD_PENDING_DBG_BS);
}

static lvd_root void handle_triple_fault(int cpu);

/*
 * An external interrupt or NMI whose delivery an exit interrupted, held
 * while the exception that delivery raised goes first; delivered at the
 * next interrupt window (handle_intr_window()). 0: none.
 */
static DEFINE_PER_CPU(u64, held_event);

static lvd_root void hold_event(u64 idt)
{
	if (!((lvd_hv.msrs.procbased >> LVD_VMX_CTLS_ALLOWED1_SHIFT) &
	      LVD_PROC_INTR_WINDOW_EXITING)) {
		root_log_once(hold_logged, "an interrupt whose delivery faulted is lost: this CPU has no interrupt-window exiting\n");
		return;
	}
	this_cpu_write(held_event, idt & (LVD_INTR_INFO_VALID | LVD_INTR_INFO_TYPE_MASK |
					  LVD_INTR_INFO_VECTOR_MASK));
	lvd_vmwrite(VMCS_PROC_CTLS, lvd_vmread(VMCS_PROC_CTLS) | LVD_PROC_INTR_WINDOW_EXITING);
}

/*
 * The guest can take interrupts again: deliver the held event (an NMI
 * waits until NMIs are unblocked, 26.3.1.5) and stop the window exits.
 */
static lvd_root void handle_intr_window(void)
{
	u64 ev = this_cpu_read(held_event);
	u64 type = (ev & LVD_INTR_INFO_TYPE_MASK) >> LVD_INTR_INFO_TYPE_SHIFT;

	if (type == LVD_INTR_TYPE_NMI &&
	    (lvd_vmread(VMCS_GUEST_INTERRUPTIBILITY) & LVD_INTERRUPTIBILITY_NMI))
		return;
	lvd_vmwrite(VMCS_PROC_CTLS, lvd_vmread(VMCS_PROC_CTLS) & ~LVD_PROC_INTR_WINDOW_EXITING);
	this_cpu_write(held_event, 0);
	if (ev)
		lvd_vmwrite(VMCS_ENTRY_INTR_INFO, ev);
}

/*
 * Deliver a hardware exception to the guest at the next VM entry (26.5.1),
 * combined with the event whose delivery the exit interrupted, if any, as
 * the CPU would combine them (event.c): #DF, shutdown, or the interrupted
 * external interrupt or NMI held for later. Nothing being delivered is lost.
 */
static lvd_root void inject_exception(unsigned int vector, bool has_errcode, u32 errcode)
{
	u64 idt = lvd_vmread(VMCS_IDT_VECTORING_INFO);
	u64 info;

	switch (lvd_event_combine(idt, vector)) {
	case LVD_EVENT_SHUTDOWN:
		handle_triple_fault(smp_processor_id());
		return;
	case LVD_EVENT_DOUBLE_FAULT:
		vector = LVD_VECTOR_DF;
		has_errcode = true;
		errcode = 0;
		break;
	case LVD_EVENT_HOLD:
		hold_event(idt);
		break;
	case LVD_EVENT_DELIVER:
		break;
	}
	info = vector | ((u64)LVD_INTR_TYPE_HW_EXCEPTION << LVD_INTR_INFO_TYPE_SHIFT) |
	       LVD_INTR_INFO_VALID;
	if (has_errcode) {
		info |= LVD_INTR_INFO_ERRCODE_VALID;
		lvd_vmwrite(VMCS_ENTRY_EXCEPTION_ERRCODE, errcode);
	}
	lvd_vmwrite(VMCS_ENTRY_INTR_INFO, info);
}

static lvd_root void inject_ud(void)
{
	stats()->injected_ud++;
	inject_exception(LVD_VECTOR_UD, false, 0);
}

static lvd_root void inject_gp(void)
{
	stats()->injected_gp++;
	inject_exception(LVD_VECTOR_GP, true, 0);
}

/*
 * An exit in the middle of delivering an event (an EPT violation while
 * pushing an interrupt frame, say) loses the event unless it is delivered
 * again on entry (SDM Vol. 3C 27.2.4, 26.5.1.1).
 */
static lvd_root void reinject_vectoring_event(void)
{
	u64 idt = lvd_vmread(VMCS_IDT_VECTORING_INFO);
	u64 type = (idt & LVD_INTR_INFO_TYPE_MASK) >> LVD_INTR_INFO_TYPE_SHIFT;

	if (!(idt & LVD_INTR_INFO_VALID))
		return;
	if (idt & LVD_INTR_INFO_ERRCODE_VALID)
		lvd_vmwrite(VMCS_ENTRY_EXCEPTION_ERRCODE,
			    lvd_vmread(VMCS_IDT_VECTORING_ERRCODE));
	if (type == LVD_INTR_TYPE_SW_INTR || type == LVD_INTR_TYPE_SW_EXCEPTION ||
	    type == LVD_INTR_TYPE_PRIV_SW_EXCEPTION)
		lvd_vmwrite(VMCS_ENTRY_INSTR_LEN, lvd_vmread(VMCS_EXIT_INSTR_LEN));
	lvd_vmwrite(VMCS_ENTRY_INTR_INFO, idt & ~(u64)GENMASK_ULL(30, 12));
}

/* A control register as the kernel last wrote it: owned bits from the shadow. */
static lvd_root u64 cr_as_written(u64 guest_field, u64 mask_field, u64 shadow_field)
{
	u64 mask = lvd_vmread(mask_field);

	return (lvd_vmread(guest_field) & ~mask) | (lvd_vmread(shadow_field) & mask);
}

static lvd_root u64 kernel_cr0(void)
{
	return cr_as_written(VMCS_GUEST_CR0, VMCS_CR0_GUEST_HOST_MASK, VMCS_CR0_READ_SHADOW);
}

static lvd_root u64 kernel_cr4(void)
{
	return cr_as_written(VMCS_GUEST_CR4, VMCS_CR4_GUEST_HOST_MASK, VMCS_CR4_READ_SHADOW);
}

static lvd_root unsigned int guest_cpl(void)
{
	return lvd_seg_cpl(lvd_vmread(VMCS_GUEST_SS_AR));
}

/*
 * CPUID faulting (IA32_MISC_FEATURES_ENABLES bit 0, which Linux sets for a
 * process that asked with arch_prctl(ARCH_SET_CPUID, 0)): CPUID above CPL 0
 * raises #GP. The MSR exists when the kernel found the feature, so reading
 * it here cannot fault.
 */
static lvd_root bool cpuid_faults(void)
{
	u64 mfe;

	return boot_cpu_has(X86_FEATURE_CPUID_FAULT) && guest_cpl() &&
	       !lvd_rdmsr_safe(LVD_MSR_MISC_FEATURES_ENABLES, &mfe) &&
	       (mfe & LVD_MISC_FEATURES_CPUID_FAULT);
}

/* CPUID: the LVD leaves, and the CPU's own with VMX hidden. */
static lvd_root void handle_cpuid(struct lvd_guest_regs *regs, struct lvd_cpu *c)
{
	u32 leaf = regs->gpr[LVD_GPR_RAX], sub = regs->gpr[LVD_GPR_RCX];
	u32 a = 0, b = 0, cx = 0, d = 0;

	if (cpuid_faults()) {
		inject_gp();
		return;
	}

	if (leaf == LVD_CPUID_SIGNATURE_LEAF) {
		a = LVD_CPUID_MAX_LEAF;
		b = LVD_CPUID_SIG_EBX;
		cx = LVD_CPUID_SIG_ECX;
		d = LVD_CPUID_SIG_EDX;
	} else if (leaf == LVD_CPUID_INFO_LEAF) {
		a = LVD_HC_ABI_VERSION;
		b = c->cpu;
	} else if ((leaf & LVD_CPUID_HV_RANGE_MASK) == LVD_CPUID_HV_RANGE_BASE) {
		/* rest of the hypervisor range: zeros */
	} else {
		a = leaf;
		cx = sub;
		native_cpuid(&a, &b, &cx, &d);
		if (leaf == LVD_CPUID_LEAF_FEATURES) {
			cx &= ~LVD_CPUID1_ECX_VMX;	/* VMX is taken */
			cx |= LVD_CPUID1_ECX_HYPERVISOR;
		}
	}
	regs->gpr[LVD_GPR_RAX] = a;
	regs->gpr[LVD_GPR_RBX] = b;
	regs->gpr[LVD_GPR_RCX] = cx;
	regs->gpr[LVD_GPR_RDX] = d;
	skip_instruction();
}

/*
 * XSETBV: check as the CPU would (SDM Vol. 2D XSETBV, Vol. 1 13.3; the
 * rules are guest_rules.c's), then do it in root. #UD (no XSAVE, or
 * CR4.OSXSAVE clear) comes before the privilege check.
 */
static lvd_root void handle_xsetbv(struct lvd_guest_regs *regs)
{
	u32 index = regs->gpr[LVD_GPR_RCX];
	u64 val = (u32)regs->gpr[LVD_GPR_RAX] | (regs->gpr[LVD_GPR_RDX] << 32);
	int ret = lvd_check_xsetbv(&lvd_hv.guest, index, val, lvd_vmread(VMCS_GUEST_CR4));

	if (ret == -ENOEXEC) {
		inject_ud();
		return;
	}
	if (ret || guest_cpl()) {
		inject_gp();
		return;
	}
	xsetbv(index, val);
	skip_instruction();
}

/*
 * The pinned bits (lvd_hv.h) that are set in the real register and that
 * @val would clear: they stay set. Logged once per register, counted.
 */
static lvd_root u64 keep_pinned(unsigned int cr, u64 val, u64 real, u64 pinned)
{
	u64 kept = real & pinned & ~val;

	if (kept) {
		stats()->cr_pinned++;
		root_log_once(pinned_logged, "code at RIP %#llx cleared CR%u bits %#llx that protect the kernel; LVD keeps them set\n",
			      lvd_vmread(VMCS_GUEST_RIP), cr, kept);
	}
	return kept;
}

/*
 * CR0 and CR4 writes that change a bit the hypervisor owns (24.6.6):
 * checked against the kernel's own view of CR0, CR4 and EFER as the CPU
 * would check them (guest_rules.c), then the VMX-fixed bits are forced in
 * the real register while the read shadow keeps what the kernel wrote.
 * CR4.VMXE is the kernel's to set and clear in its shadow (VMX is hidden
 * from it, but the kernel set it before the launch); it stays set in the
 * real CR4. A bit VMX operation cannot have (clear in IA32_VMX_CRx_FIXED1)
 * is #GP, as the VM entry would fail with it.
 */
static lvd_root void write_cr(unsigned int cr, u64 val)
{
	const struct lvd_vmx_msrs *m = &lvd_hv.msrs;
	u64 efer = lvd_vmread(VMCS_GUEST_EFER);
	u64 cr0 = kernel_cr0(), cr4 = kernel_cr4();
	u64 tr_type = lvd_vmread(VMCS_GUEST_TR_AR) & LVD_AR_TYPE_MASK;

	if (cr == 0) {
		if (lvd_check_cr0(val, cr0, cr4, efer,
				  lvd_vmread(VMCS_GUEST_CS_AR) & LVD_AR_L,
				  tr_type == LVD_SYS_TYPE_TSS16_AVAIL ||
				  tr_type == LVD_SYS_TYPE_TSS16_BUSY)) {
			inject_gp();
			return;
		}
		val = lvd_cr0_value(val);
		if (val & ~(m->cr0_fixed1 | m->cr0_fixed0)) {
			inject_gp();
			return;
		}
		lvd_vmwrite(VMCS_GUEST_CR0, (val | m->cr0_fixed0 |
					     keep_pinned(0, val, lvd_vmread(VMCS_GUEST_CR0),
							 LVD_CR0_PINNED)) & m->cr0_fixed1);
		lvd_vmwrite(VMCS_CR0_READ_SHADOW, val);
	} else {
		if (lvd_check_cr4(&lvd_hv.guest, val & ~LVD_CR4_VMXE, cr4 & ~LVD_CR4_VMXE, cr0,
				  lvd_vmread(VMCS_GUEST_CR3), efer) ||
		    (val & ~(m->cr4_fixed1 | m->cr4_fixed0))) {
			inject_gp();
			return;
		}
		lvd_vmwrite(VMCS_GUEST_CR4, val | m->cr4_fixed0 |
			    keep_pinned(4, val, lvd_vmread(VMCS_GUEST_CR4), LVD_CR4_PINNED));
		lvd_vmwrite(VMCS_CR4_READ_SHADOW, val);
	}
	/* A real MOV to CR0/CR4 may flush the TLB (PGE, PCIDE, PG, WP): do so. */
	lvd_invvpid(LVD_INVVPID_SINGLE_CONTEXT, LVD_KERNEL_VPID);
	skip_instruction();
}

/*
 * Control-register exits: only MOV to CR0/CR4 that changes an owned bit.
 * CR3 accesses cannot exit (lvd_vmx_choose_ctls() refuses a CPU that forces
 * CR3-load/store exiting), nor can CLTS or LMSW: CR0.TS is not owned, and
 * of CR0[3:0] only PE is, whose shadow is 1, which LMSW cannot clear
 * (SDM Vol. 3C 25.1.3).
 */
static lvd_root void handle_cr(struct lvd_guest_regs *regs)
{
	u64 q = lvd_vmread(VMCS_EXIT_QUALIFICATION);
	unsigned int cr = q & LVD_CRQ_CR_MASK;
	unsigned int type = (q & LVD_CRQ_TYPE_MASK) >> LVD_CRQ_TYPE_SHIFT;
	unsigned int gpr = (q & LVD_CRQ_GPR_MASK) >> LVD_CRQ_GPR_SHIFT;

	if (type == LVD_CRQ_TYPE_MOV_TO_CR && (cr == 0 || cr == 4)) {
		write_cr(cr, get_gpr(regs, gpr));
		return;
	}
	root_log_once(cr_logged, "unexpected control-register exit, qualification %#llx at RIP %#llx; injecting #GP\n",
		      q, lvd_vmread(VMCS_GUEST_RIP));
	inject_gp();
}

/*
 * May root run a RDMSR or WRMSR that could raise #GP? Not while the guest is
 * inside its NMI handler (blocking by NMI): the #GP's fixup returns with
 * IRET, which would unblock NMIs while the guest's NMI frame is live on
 * the NMI stack, and a second NMI would overwrite it. Such an access gets
 * #GP without being tried; the kernel's NMI handlers touch no MSR that
 * exits.
 */
static lvd_root bool msr_may_fault_here(u32 msr)
{
	if (!(lvd_vmread(VMCS_GUEST_INTERRUPTIBILITY) & LVD_INTERRUPTIBILITY_NMI))
		return true;
	root_log_once(nmi_msr_logged, "MSR %#x accessed in an NMI handler at RIP %#llx exits; injecting #GP\n",
		      msr, lvd_vmread(VMCS_GUEST_RIP));
	return false;
}

/* RDMSR that exits: only MSRs outside the bitmap ranges. Done in root. */
static lvd_root void handle_rdmsr(struct lvd_guest_regs *regs)
{
	u32 msr = regs->gpr[LVD_GPR_RCX];
	u64 val;

	if (!msr_may_fault_here(msr) || lvd_rdmsr_safe(msr, &val)) {
		inject_gp();
		return;
	}
	regs->gpr[LVD_GPR_RAX] = (u32)val;
	regs->gpr[LVD_GPR_RDX] = val >> 32;
	skip_instruction();
}

/* MSRs whose guest value lives in the VMCS: checked as WRMSR would (guest_rules.c). */
static lvd_root int write_vmcs_msr(u32 msr, u64 val)
{
	u64 efer;

	switch (msr) {
	case LVD_MSR_IA32_EFER:
		efer = lvd_vmread(VMCS_GUEST_EFER);
		if (lvd_check_efer(&lvd_hv.guest, val, efer, kernel_cr0()))
			return -EINVAL;
		return lvd_vmwrite(VMCS_GUEST_EFER, lvd_efer_value(val, efer));
	case LVD_MSR_IA32_SYSENTER_CS:
		return lvd_vmwrite(VMCS_GUEST_SYSENTER_CS, val);
	case LVD_MSR_IA32_SYSENTER_ESP:
		return lvd_check_canonical_msr(&lvd_hv.guest, msr, val) ?:
		       lvd_vmwrite(VMCS_GUEST_SYSENTER_ESP, val);
	case LVD_MSR_IA32_SYSENTER_EIP:
		return lvd_check_canonical_msr(&lvd_hv.guest, msr, val) ?:
		       lvd_vmwrite(VMCS_GUEST_SYSENTER_EIP, val);
	}
	return -EINVAL;
}

/*
 * An MSR the hypervisor writes for the kernel with WRMSR in root. The rules
 * are checked first, so a value the CPU would refuse is #GP without a
 * fault in root; an MSR the rules do not cover (one that may not exist)
 * is tried, and its #GP caught by the accessor, except while the guest
 * blocks NMIs (msr_may_fault_here()).
 */
static lvd_root int write_real_msr(u32 msr, u64 val)
{
	if (lvd_check_canonical_msr(&lvd_hv.guest, msr, val) ||
	    lvd_check_mtrr(&lvd_hv.guest, msr, val) || !msr_may_fault_here(msr))
		return -EINVAL;
	return lvd_wrmsr_safe(msr, val);
}

/* WRMSR that exits: listed in msr_bitmap.c, or outside the bitmap ranges. */
static lvd_root void handle_wrmsr(struct lvd_guest_regs *regs)
{
	u32 msr = regs->gpr[LVD_GPR_RCX];
	u64 val = (u32)regs->gpr[LVD_GPR_RAX] | (regs->gpr[LVD_GPR_RDX] << 32);
	const struct lvd_msr_intercept *ic = lvd_msr_intercept_find(msr);
	int ret;

	stats()->msr_emulated++;
	if (!ic || ic->emul == LVD_MSR_EMUL_WRMSR)
		ret = write_real_msr(msr, val);
	else if (ic->emul == LVD_MSR_EMUL_VMCS)
		ret = write_vmcs_msr(msr, val);
	else
		ret = -EPERM;
	if (ret) {
		inject_gp();
		return;
	}
	if (ic && msr >= LVD_MSR_IA32_MTRR_PHYSBASE0 && msr <= LVD_MSR_IA32_MTRR_DEF_TYPE)
		root_log_once(mtrr_logged, "the kernel changed MTRR %#x while LVD runs; the kernel EPT keeps the memory types of load time\n",
			      msr);
	skip_instruction();
}

/* The access an EPT violation was for (27.2.1, Table 27-7). */
static lvd_root const char *ept_access(u64 q)
{
	return (q & LVD_EPTQ_FETCH) ? "fetch" : (q & LVD_EPTQ_WRITE) ? "write" :
	       (q & LVD_EPTQ_READ) ? "read" : "access";
}

/*
 * EPT violation in the kernel's view: the kernel touched physical memory
 * outside the memory map. Map that hole as the kernel would see it natively
 * (one log line per filled hole, so each is logged once) and resume; if it
 * cannot be mapped, #GP, so the kernel reports the access rather than the
 * CPU exiting forever.
 */
static lvd_root void handle_ept_violation(void)
{
	u64 gpa = lvd_vmread(VMCS_GUEST_PHYS_ADDR);
	u64 q = lvd_vmread(VMCS_EXIT_QUALIFICATION);
	u64 gla = (q & LVD_EPTQ_GLA_VALID) ? lvd_vmread(VMCS_GUEST_LINEAR_ADDR) : 0;
	u64 rip = lvd_vmread(VMCS_GUEST_RIP);
	unsigned int level;
	u64 start, end;
	int ret;

	/*
	 * An IRET that faulted after unblocking NMIs must find them blocked
	 * again when it is retried (SDM Vol. 3C 27.2.3).
	 */
	if ((q & LVD_EPTQ_NMI_UNBLOCKING) &&
	    !(lvd_vmread(VMCS_IDT_VECTORING_INFO) & LVD_INTR_INFO_VALID))
		lvd_vmwrite(VMCS_GUEST_INTERRUPTIBILITY,
			    lvd_vmread(VMCS_GUEST_INTERRUPTIBILITY) | LVD_INTERRUPTIBILITY_NMI);
	ret = lvd_ept_k_fill(gpa, &start, &end);
	if (!ret) {
		stats()->ept_filled++;
		lvd_invept(LVD_INVEPT_SINGLE_CONTEXT, lvd_hv.eptp);
		lvd_root_log(KERN_WARNING pr_fmt("EPT violation: %s of GPA %#llx GLA %#llx RIP %#llx qualification %#llx outside the memory map; mapped %#llx-%#llx (%s)\n"),
			     ept_access(q), gpa, gla, rip, q, start, end - 1,
			     lvd_memtype_name(lvd_mtrr_type(&lvd_mtrr, gpa & PAGE_MASK,
							    (gpa & PAGE_MASK) + PAGE_SIZE)));
		reinject_vectoring_event();
		return;
	}
	if (ret == -EEXIST && (lvd_ept_lookup(&lvd_hv.ept, gpa, &level) & LVD_EPTE_RWX) ==
	    LVD_EPTE_RWX) {
		/* Another CPU mapped it between the fault and now. */
		lvd_invept(LVD_INVEPT_SINGLE_CONTEXT, lvd_hv.eptp);
		reinject_vectoring_event();
		return;
	}
	if (ret == -EEXIST) {
		/* Rights the kernel took away itself (KVIEW_PROTECT): never restored here. */
		root_log_once(kview_logged, "EPT violation: %s of GPA %#llx at RIP %#llx refused by the rights the kernel set on it (lvd_view_kernel_protect); injecting #GP\n",
			      ept_access(q), gpa, rip);
		inject_gp();
		return;
	}
	root_log_once(ept_logged, "EPT violation: %s of GPA %#llx GLA %#llx RIP %#llx qualification %#llx cannot be mapped (%d); injecting #GP\n",
		      ept_access(q), gpa, gla, rip, q, ret);
	inject_gp();
}

/* EPT misconfiguration: a bad entry of ours. Drop it; the refill is correct. */
static lvd_root void handle_ept_misconfig(void)
{
	u64 gpa = lvd_vmread(VMCS_GUEST_PHYS_ADDR);
	u64 rip = lvd_vmread(VMCS_GUEST_RIP);
	u64 old = 0;
	int ret = lvd_ept_k_repair(gpa, &old);

	root_log_once(misconfig_logged, "EPT misconfiguration: GPA %#llx RIP %#llx entry %#llx (%s)\n",
		      gpa, rip, old, ret ? "not a leaf: injecting #GP" : "dropped, will be refilled");
	lvd_invept(LVD_INVEPT_SINGLE_CONTEXT, lvd_hv.eptp);
	if (ret)
		inject_gp();
	else
		reinject_vectoring_event();
}

/* The kernel triple-faulted: on bare metal the machine resets. Do that. */
static lvd_root void handle_triple_fault(int cpu)
{
	lvd_root_log(KERN_EMERG pr_fmt("CPU %d: the kernel triple-faulted at RIP %#llx RSP %#llx CR3 %#llx; restarting the machine as the hardware would\n"),
		     cpu, lvd_vmread(VMCS_GUEST_RIP), lvd_vmread(VMCS_GUEST_RSP),
		     lvd_vmread(VMCS_GUEST_CR3));
	emergency_restart();
}

/* A canonical address in the kernel's half (bit 63 set). */
static lvd_root bool lvd_kernel_address(u64 addr)
{
	return (s64)addr < 0 && lvd_is_canonical(addr, pgtable_l5_enabled());
}

/* The EPTP-list slot that holds @eptp, 0 when none does. */
static lvd_root unsigned int slot_of(u64 eptp)
{
	unsigned int i;

	for (i = 1; i < LVD_EPTP_LIST_ENTRIES; i++)
		if (READ_ONCE(lvd_hv.slot_eptp[i]) == eptp)
			return i;
	return 0;
}

/*
 * Continue at the domain manager's abort entry (include/lvd/hypercall.h)
 * instead of returning into the domain's view: the kernel's view, the
 * registered RIP and stack, interrupts off (RFLAGS holds only its fixed
 * bit), the kernel's GS base for this CPU (FSGSBASE lets ring-0 code in a
 * domain write it), no event pending or blocked by STI or MOV SS, and
 * the CPU active. An event the exit interrupted is dropped: it was the
 * domain's own fault, or an interrupt or NMI that the exit stopped in the
 * middle of its delivery through the domain's view; the latter is lost,
 * which the containment work (exitless delivery on known stacks) removes.
 * What else the domain may have changed (CR0/CR4 bits it may touch, CR3,
 * debug registers, FS base, KERNEL_GS_BASE, extended state) is restored by
 * the abort entry from trusted memory or kept from being changed at all.
 */
static lvd_root void view_abort(struct lvd_cpu *c, struct lvd_guest_regs *regs,
				unsigned int basic, u64 eptp)
{
	u64 rip = lvd_vmread(VMCS_GUEST_RIP);

	stats()->view_aborts++;
	regs->gpr[LVD_GPR_RDI] = basic;
	regs->gpr[LVD_GPR_RSI] = rip;
	regs->gpr[LVD_GPR_RDX] = slot_of(eptp);
	regs->gpr[LVD_GPR_RCX] = lvd_vmread(VMCS_EXIT_QUALIFICATION);
	lvd_vmwrite(VMCS_EPT_POINTER, lvd_hv.eptp);
	lvd_vmwrite(VMCS_GUEST_RIP, c->abort_rip);
	lvd_vmwrite(VMCS_GUEST_RSP, c->abort_rsp);
	lvd_vmwrite(VMCS_GUEST_RFLAGS, LVD_RFLAGS_FIXED1);
	lvd_vmwrite(VMCS_GUEST_GS_BASE, cpu_kernelmode_gs_base(c->cpu));
	lvd_vmwrite(VMCS_GUEST_INTERRUPTIBILITY, lvd_vmread(VMCS_GUEST_INTERRUPTIBILITY) &
		    ~(LVD_INTERRUPTIBILITY_STI | LVD_INTERRUPTIBILITY_MOV_SS));
	lvd_vmwrite(VMCS_GUEST_ACTIVITY_STATE, LVD_ACTIVITY_ACTIVE);
	lvd_vmwrite(VMCS_GUEST_PENDING_DBG, 0);
	lvd_vmwrite(VMCS_ENTRY_INTR_INFO, 0);
}

/*
 * An exit while the CPU is in a view other than the kernel's: that view's
 * doing (a domain's code, or a user program that entered a domain's slot
 * with VMFUNC, which works at any CPL), never handled as the kernel's: a
 * VMCALL there is no hypercall, an EPT violation fills no hole. At CPL 0
 * with the domain manager's abort entry registered, the domain is stopped
 * through it (view_abort()). Otherwise (a user program, or no domain
 * manager) the CPU goes back to the kernel's view and the code gets #UD,
 * the answer a CPU without the view gives (a user program: SIGILL); an
 * event being delivered is kept (inject_exception()).
 */
static lvd_root void view_exit(struct lvd_cpu *c, struct lvd_guest_regs *regs,
			       unsigned int basic, u64 eptp)
{
	stats()->view_exits++;
	if (c->abort_rip && guest_cpl() == 0) {
		view_abort(c, regs, basic, eptp);
		return;
	}
	root_log_once(view_logged, "CPU %d: exit %u (%s) in view %#llx at RIP %#llx, CPL %u: back to the kernel's view, #UD\n",
		      c->cpu, basic, lvd_exit_reason_name(basic), eptp,
		      lvd_vmread(VMCS_GUEST_RIP), guest_cpl());
	lvd_vmwrite(VMCS_EPT_POINTER, lvd_hv.eptp);
	inject_ud();
}

/*
 * A #PF exit (only supervisor fetches from pages that are not present exit,
 * vmcs_setup.c). In the kernel's view, inside the domains' code range, while
 * a domain call is active on this CPU: a domain made a VMFUNC of its own
 * into the kernel's view and its next fetch found its code unmapped there;
 * it is aborted like any domain that misbehaves. Anything else is the
 * kernel's own fault: delivered as the CPU would have (CR2 is not written
 * by a #PF that exits, 27.1, so root writes it).
 */
static lvd_root void handle_exception(struct lvd_guest_regs *regs, struct lvd_cpu *c, u64 eptp)
{
	u64 info = lvd_vmread(VMCS_EXIT_INTR_INFO);
	u64 addr = lvd_vmread(VMCS_EXIT_QUALIFICATION);
	u32 err = lvd_vmread(VMCS_EXIT_INTR_ERRCODE);

	if ((info & LVD_INTR_INFO_VECTOR_MASK) != LVD_VECTOR_PF) {
		root_log_once(exc_logged, "CPU %d: unexpected exception exit, interruption info %#llx at RIP %#llx\n",
			      c->cpu, info, lvd_vmread(VMCS_GUEST_RIP));
		return;
	}
	if (c->abort_rip && lvd_hv.dom_active && addr >= lvd_hv.dom_start &&
	    addr < lvd_hv.dom_end && READ_ONCE(lvd_hv.dom_active[c->cpu])) {
		stats()->view_exits++;
		view_abort(c, regs, LVD_ABORT_REASON_EXCEPTION, eptp);
		return;
	}
	native_write_cr2(addr);
	inject_exception(LVD_VECTOR_PF, true, err);
}

/*
 * DOMAIN_RANGE: where the domains' code lives and where the domain
 * manager's per-CPU "call active" words are (include/lvd/hypercall.h);
 * @start == 0 forgets them.
 */
static lvd_root long set_domain_range(u64 start, u64 end, u64 active)
{
	if (!start) {
		lvd_hv.dom_active = NULL;
		lvd_hv.dom_start = lvd_hv.dom_end = 0;
		return 0;
	}
	if (!lvd_kernel_address(start) || !lvd_kernel_address(end - 1) || start >= end ||
	    !lvd_kernel_address(active) || (active & 3))
		return -EINVAL;
	lvd_hv.dom_start = start;
	lvd_hv.dom_end = end;
	WRITE_ONCE(lvd_hv.dom_active, (u32 *)active);
	return 0;
}

/*
 * The VMX-preemption timer (SDM Vol. 3C 25.5.1) runs while a budget is
 * set, in any view, restarting from c->budget_ticks (half a budget) at
 * every VM entry. Firing in the kernel's view, or in a domain's view with
 * a watch value not seen at the last firing (a new entry since), it only
 * notes the value; firing twice in a domain's view with the same value,
 * the domain has run at least half a budget: it is stopped. The kernel
 * pays one exit per half budget and CPU while a budget is set.
 */
static lvd_root bool budget_expired(struct lvd_cpu *c, u64 eptp)
{
	u64 seen = c->watch ? READ_ONCE(*c->watch) : 0;
	bool expired = eptp != lvd_hv.eptp && seen == c->watch_seen;

	stats()->budget_ticks++;
	c->watch_seen = seen;
	return expired;
}

/* BUDGET: the timer for @ticks TSC ticks a budget (0: off) on this CPU. */
static lvd_root long set_budget(struct lvd_cpu *c, u64 ticks)
{
	unsigned int rate = lvd_hv.msrs.misc & LVD_VMX_MISC_PREEMPT_RATE_MASK;
	u64 half = (ticks / 2) >> rate;
	u64 pin = lvd_hv.ctls.pin;

	if (ticks && !half)
		return -EINVAL;
	c->budget_ticks = min_t(u64, half, U32_MAX);
	if (c->budget_ticks)
		pin |= LVD_PIN_PREEMPTION_TIMER;
	lvd_vmwrite(VMCS_PIN_CTLS, pin);
	lvd_vmwrite(VMCS_PREEMPTION_TIMER_VALUE, c->budget_ticks);
	return 0;
}

/*
 * ABORT_SET: this CPU's abort entry (include/lvd/hypercall.h), or none
 * when @rip is 0. Both addresses must be canonical kernel addresses, the
 * stack 16-byte aligned; the watch 8-byte aligned (or 0).
 */
static lvd_root long set_abort(struct lvd_cpu *c, u64 rip, u64 rsp, u64 watch)
{
	if (!rip) {
		c->abort_rip = 0;
		c->watch = NULL;
		return 0;
	}
	if (!lvd_kernel_address(rip) || !lvd_kernel_address(rsp) || (rsp & 15) ||
	    (watch && (!lvd_kernel_address(watch) || (watch & 7))))
		return -EINVAL;
	c->abort_rsp = rsp;
	c->watch = (u64 *)watch;
	c->watch_seen = watch ? READ_ONCE(*c->watch) : 0;
	c->abort_rip = rip;
	return 0;
}

/*
 * VIEW_SET / VIEW_CLEAR: @eptp (0: clear) into slot @slot of the master list
 * and of every launched CPU's EPTP list (the caller holds the CPU-hotplug
 * lock, so the set of lists cannot change). Refused: slot 0 (the kernel's
 * view) or past the list; setting a slot that is taken or clearing one
 * that is empty; an EPTP a CPU would not accept or that points at the
 * kernel's own EPT (the kernel's view is only ever slot 0).
 */
/* Whether host page @pa is one of the hypervisor's own structures. */
static lvd_root bool hv_page(u64 pa)
{
	unsigned int cpu;

	if (pa == (lvd_hv.eptp & LVD_EPTE_ADDR_MASK) || pa == virt_to_phys(lvd_hv.msr_bitmap))
		return true;
	for_each_possible_cpu(cpu) {
		struct lvd_cpu *c = per_cpu(lvd_cpu, cpu);

		if (c && (pa == virt_to_phys(c->vmxon) || pa == virt_to_phys(c->vmcs) ||
			  pa == virt_to_phys(c->eptp_list)))
			return true;
	}
	return false;
}

static lvd_root long view_set(u64 slot, u64 eptp)
{
	unsigned int cpu;
	u64 *list;

	if (slot == LVD_EPTP_INDEX_KERNEL || slot >= LVD_EPTP_LIST_ENTRIES)
		return -EINVAL;
	if (eptp && (!lvd_eptp_valid(eptp, lvd_hv.guest.maxphyaddr) ||
		     hv_page(eptp & LVD_EPTE_ADDR_MASK)))
		return -EINVAL;
	if (!eptp == !lvd_hv.slot_eptp[slot])
		return eptp ? -EBUSY : -ENOENT;
	WRITE_ONCE(lvd_hv.slot_eptp[slot], eptp);
	for_each_possible_cpu(cpu) {
		list = per_cpu(lvd_eptp_list, cpu);
		if (list)
			WRITE_ONCE(list[slot], eptp);
	}
	return 0;
}

/*
 * VMCALL: the hypercall interface of include/lvd/hypercall.h. Only the
 * kernel at CPL 0 may call (a VMCALL in any other view than the kernel's
 * never gets here: view_exit()); anything else is refused, counted, logged
 * once and gets #UD as on a CPU without VMX. Of the kernel's calls, all
 * but VERSION must come from the module's call site.
 */
static lvd_root void handle_vmcall(struct lvd_guest_regs *regs, struct lvd_cpu *c)
{
	unsigned int cpl = guest_cpl();
	u64 nr = regs->gpr[LVD_GPR_RAX];
	u64 rip = lvd_vmread(VMCS_GUEST_RIP);

	if (cpl != 0) {
		stats()->hc_refused++;
		root_log_once(hc_logged, "refused hypercall %llu from CPL %u at RIP %#llx: only the kernel may call\n",
			      nr, cpl, rip);
		inject_ud();
		return;
	}
	skip_instruction();
	/*
	 * Every hypercall but VERSION changes the hypervisor's state: only the
	 * module's own VMCALL (lvd_vmcall()) may make it, not any kernel code
	 * that happens to run at CPL 0. Refused with -EPERM.
	 */
	if (nr != LVD_HC_VERSION && nr < LVD_HC_COUNT && rip != (u64)lvd_vmcall_site) {
		stats()->hc_refused++;
		root_log_once(hc_site_logged, "refused hypercall %llu from RIP %#llx: not the module's call site\n",
			      nr, rip);
		regs->gpr[LVD_GPR_RAX] = -EPERM;
		return;
	}
	stats()->hc_ok++;
	switch (nr) {
	case LVD_HC_VERSION:
		regs->gpr[LVD_GPR_RAX] = LVD_HC_ABI_VERSION;
		break;
	case LVD_HC_LEAVE:
		regs->gpr[LVD_GPR_RAX] = 0;
		lvd_leave_vmx(c, regs);
		break;
	case LVD_HC_MAP_RAM:
		regs->gpr[LVD_GPR_RAX] = lvd_ept_k_map_ram(regs->gpr[LVD_GPR_RDI],
							   regs->gpr[LVD_GPR_RDI] +
							   regs->gpr[LVD_GPR_RSI]);
		break;
	case LVD_HC_VIEW_SET:
		regs->gpr[LVD_GPR_RAX] = view_set(regs->gpr[LVD_GPR_RDI], regs->gpr[LVD_GPR_RSI]);
		break;
	case LVD_HC_VIEW_CLEAR:
		regs->gpr[LVD_GPR_RAX] = view_set(regs->gpr[LVD_GPR_RDI], 0);
		break;
	case LVD_HC_INVEPT_ALL:
		regs->gpr[LVD_GPR_RAX] = lvd_invept(LVD_INVEPT_ALL_CONTEXT, 0);
		break;
	case LVD_HC_ABORT_SET:
		regs->gpr[LVD_GPR_RAX] = set_abort(c, regs->gpr[LVD_GPR_RDI],
						   regs->gpr[LVD_GPR_RSI],
						   regs->gpr[LVD_GPR_RDX]);
		break;
	case LVD_HC_BUDGET:
		regs->gpr[LVD_GPR_RAX] = set_budget(c, regs->gpr[LVD_GPR_RDI]);
		break;
	case LVD_HC_KVIEW_PROTECT:
		regs->gpr[LVD_GPR_RAX] = lvd_ept_k_protect(regs->gpr[LVD_GPR_RDI],
							   regs->gpr[LVD_GPR_RSI],
							   regs->gpr[LVD_GPR_RDX]);
		lvd_invept(LVD_INVEPT_SINGLE_CONTEXT, lvd_hv.eptp);
		break;
	case LVD_HC_DOMAIN_RANGE:
		regs->gpr[LVD_GPR_RAX] = set_domain_range(regs->gpr[LVD_GPR_RDI],
							  regs->gpr[LVD_GPR_RSI],
							  regs->gpr[LVD_GPR_RDX]);
		break;
	case LVD_HC_INVEPT_VIEW:
		/* Only an EPTP the CPU would accept; INVEPT of another fails. */
		regs->gpr[LVD_GPR_RAX] =
			lvd_eptp_valid(regs->gpr[LVD_GPR_RDI], lvd_hv.guest.maxphyaddr) ?
			lvd_invept(LVD_INVEPT_SINGLE_CONTEXT, regs->gpr[LVD_GPR_RDI]) : -EINVAL;
		break;
	default:
		regs->gpr[LVD_GPR_RAX] = -EOPNOTSUPP;
		break;
	}
}

/**
 * lvd_flush_guest_tlb() - drop what this CPU cached for the kernel's
 * guest-physical and VPID-tagged translations
 *
 * TLB entries the CPU made outside the kernel's VPID while LVD ran, or
 * under VPID 1 and the EPT before LVD ran, must not survive a switch
 * (SDM Vol. 3C 28.3.3). Bochs flushes everything on every transition
 * (DESIGN.md 5); real CPUs do not.
 *
 * Context: VMX operation (root), on launch and on leave.
 */
lvd_root void lvd_flush_guest_tlb(void)
{
	lvd_invept(LVD_INVEPT_SINGLE_CONTEXT, lvd_hv.eptp);
	lvd_invvpid(LVD_INVVPID_SINGLE_CONTEXT, LVD_KERNEL_VPID);
}

/* Put an MSR back on leave; a value the CPU refuses is logged, not fatal. */
static lvd_root void leave_wrmsr(struct lvd_cpu *c, u32 msr, u64 val)
{
	if (lvd_wrmsr_safe(msr, val))
		lvd_root_log(KERN_ERR pr_fmt("CPU %d: leaving VMX, MSR %#x refused the kernel's value %#llx; it keeps the value of VMX root\n"),
			     c->cpu, msr, val);
}

/**
 * lvd_leave_vmx() - take this CPU out of VMX operation, back to the kernel
 * @c: this CPU's state
 * @regs: the guest's registers; rip/rsp/rflags are set for vmx_entry.S
 *
 * Puts back everything a VM exit changed (SDM Vol. 3C 27.5) and the kernel
 * may notice: CR0 and CR4 as the kernel wrote them (the read shadows for
 * the bits the hypervisor owns, but the pinned bits that are set stay set;
 * CR4.VMXE stays set until the caller clears it through the kernel's CR4
 * shadow), CR3, GDTR and IDTR with their
 * limits, TR with the TSS limit the kernel set (a VM exit leaves 0x67),
 * LDTR, DR7, DEBUGCTL, PAT, EFER, SYSENTER, the segment selectors and the
 * FS/GS bases. The CPU is counted out of VMX operation.
 *
 * Context: VMX root, interrupts off: the LEAVE hypercall, a failed VM
 * entry, a failed VMRESUME.
 */
lvd_root void lvd_leave_vmx(struct lvd_cpu *c, struct lvd_guest_regs *regs)
{
	struct desc_ptr gdt = {
		.size = lvd_vmread(VMCS_GUEST_GDTR_LIMIT),
		.address = lvd_vmread(VMCS_GUEST_GDTR_BASE),
	};
	struct desc_ptr idt = {
		.size = lvd_vmread(VMCS_GUEST_IDTR_LIMIT),
		.address = lvd_vmread(VMCS_GUEST_IDTR_BASE),
	};
	/* The pinned bits stay set, as Linux itself keeps them (cr4_pinned_bits, WP). */
	u64 cr0 = kernel_cr0() | (lvd_vmread(VMCS_GUEST_CR0) & LVD_CR0_PINNED);
	u64 cr4 = kernel_cr4() | (lvd_vmread(VMCS_GUEST_CR4) & LVD_CR4_PINNED);
	u64 cr3 = lvd_vmread(VMCS_GUEST_CR3), dr7 = lvd_vmread(VMCS_GUEST_DR7);
	u64 debugctl = lvd_vmread(VMCS_GUEST_DEBUGCTL), pat = lvd_vmread(VMCS_GUEST_PAT);
	u64 efer = lvd_vmread(VMCS_GUEST_EFER);
	u64 sysenter_cs = lvd_vmread(VMCS_GUEST_SYSENTER_CS);
	u64 sysenter_esp = lvd_vmread(VMCS_GUEST_SYSENTER_ESP);
	u64 sysenter_eip = lvd_vmread(VMCS_GUEST_SYSENTER_EIP);
	u16 ds = lvd_vmread(VMCS_GUEST_DS_SEL), es = lvd_vmread(VMCS_GUEST_ES_SEL);
	u16 fs = lvd_vmread(VMCS_GUEST_FS_SEL), gs = lvd_vmread(VMCS_GUEST_GS_SEL);
	u16 ss = lvd_vmread(VMCS_GUEST_SS_SEL), ldtr = lvd_vmread(VMCS_GUEST_LDTR_SEL);
	u64 fs_base = lvd_vmread(VMCS_GUEST_FS_BASE), gs_base = lvd_vmread(VMCS_GUEST_GS_BASE);
	u64 kernel_gs_base = 0;

	regs->rip = lvd_vmread(VMCS_GUEST_RIP);
	regs->rsp = lvd_vmread(VMCS_GUEST_RSP);
	regs->rflags = lvd_vmread(VMCS_GUEST_RFLAGS);

	lvd_flush_guest_tlb();
	lvd_vmclear(virt_to_phys(c->vmcs));
	lvd_vmxoff();

	native_write_cr0(cr0);
	lvd_write_cr4(cr4);
	native_write_cr3(cr3);
	native_load_gdt(&gdt);
	native_load_idt(&idt);
	/* LTR needs the TSS descriptor marked available; the kernel's helper does that. */
	force_reload_TR();
	asm volatile("lldt %0" : : "rm" (ldtr));
	native_set_debugreg(7, dr7);
	leave_wrmsr(c, LVD_MSR_IA32_DEBUGCTL, debugctl);
	leave_wrmsr(c, LVD_MSR_IA32_PAT, pat);
	leave_wrmsr(c, LVD_MSR_IA32_EFER, efer);
	leave_wrmsr(c, LVD_MSR_IA32_SYSENTER_CS, sysenter_cs);
	leave_wrmsr(c, LVD_MSR_IA32_SYSENTER_ESP, sysenter_esp);
	leave_wrmsr(c, LVD_MSR_IA32_SYSENTER_EIP, sysenter_eip);
	loadsegment(ss, ss);
	loadsegment(ds, ds);
	loadsegment(es, es);
	if (fs)
		loadsegment(fs, fs);
	if (gs) {
		/* load_gs_index() clobbers the inactive GS base: keep it. */
		lvd_rdmsr_safe(LVD_MSR_IA32_KERNEL_GS_BASE, &kernel_gs_base);
		load_gs_index(gs);
		leave_wrmsr(c, LVD_MSR_IA32_KERNEL_GS_BASE, kernel_gs_base);
	}
	leave_wrmsr(c, LVD_MSR_IA32_FS_BASE, fs_base);
	leave_wrmsr(c, LVD_MSR_IA32_GS_BASE, gs_base);
	/* Nothing cached under VMX root's tags while LVD ran may survive. */
	if (boot_cpu_has(X86_FEATURE_INVPCID)) {
		invpcid_flush_all();
	} else {
		/* Toggling CR4.PGE drops every entry of every PCID (SDM Vol. 3A 4.10.4.1). */
		lvd_write_cr4(cr4 ^ LVD_CR4_PGE);
		lvd_write_cr4(cr4);
	}
	c->launched = false;
	c->leaving = true;
	atomic_dec(&lvd_cpus_in_vmx);
}

/* Why a VM entry failed, from its exit reason and qualification (26.7). */
static lvd_root const char *entry_fail_why(unsigned int basic, u64 q)
{
	switch (basic) {
	case LVD_EXIT_INVALID_GUEST_STATE:
		return q == LVD_ENTRY_FAIL_QUAL_PDPTE ? "invalid guest state (PDPTE loading)" :
		       q == LVD_ENTRY_FAIL_QUAL_NMI ? "invalid guest state (NMI injection)" :
		       q == LVD_ENTRY_FAIL_QUAL_LINK ? "invalid guest state (VMCS link pointer)" :
		       "invalid guest state";
	case LVD_EXIT_MSR_LOADING:
		return "MSR loading";
	case LVD_EXIT_MACHINE_CHECK:
		return "machine-check event";
	}
	return "unknown reason";
}

/*
 * The VM entry failed its checks of the guest state (SDM Vol. 3C 26.7): the
 * CPU loaded the host state and came here. Nothing of the guest ran. On
 * the first VMLAUNCH of this CPU the launch is rolled back and insmod says
 * why; later, this CPU leaves VMX operation and the kernel goes on there
 * without LVD, at the instruction it was to resume at.
 */
static lvd_root void entry_failed(struct lvd_guest_regs *regs, struct lvd_cpu *c,
				  unsigned int basic)
{
	u64 q = lvd_vmread(VMCS_EXIT_QUALIFICATION);
	const char *why = entry_fail_why(basic, q);

	stats()->entry_failed++;
	if (!c->entered) {
		lvd_launch_fail("the first VM entry failed: %s (exit reason %u, qualification %#llx, SDM Vol. 3C 26.7); report this with the kernel log",
				why, basic, q);
		lvd_leave_vmx(c, regs);
		regs->rip = (u64)lvd_vmx_launch_entry_failed;
		return;
	}
	lvd_root_log(KERN_ERR pr_fmt("CPU %d: VM entry failed: %s (exit reason %u, qualification %#llx) at guest RIP %#llx; this CPU leaves VMX operation and runs without LVD; unload lvd_hv and report this\n"),
		     c->cpu, why, basic, q, lvd_vmread(VMCS_GUEST_RIP));
	lvd_leave_vmx(c, regs);
}

/* Dispatch one exit by its reason; see lvd_handle_exit(). */
static lvd_root bool handle_exit(struct lvd_guest_regs *regs, struct lvd_cpu *c)
{
	u64 reason = lvd_vmread(VMCS_EXIT_REASON);
	unsigned int basic = reason & LVD_EXIT_REASON_BASIC_MASK;
	u64 eptp;

	/*
	 * VMX root runs on the host CR3 with PCID 0 and VPID 0; with VPIDs a
	 * VM exit flushes nothing (SDM Vol. 3C 28.3.3.3), and the kernel's
	 * own invalidations in non-root reach only VPID 1. Drop what root may
	 * have cached under PCID 0 since the last exit, so a kernel mapping
	 * changed in between (one an NMI handler here might touch) is not
	 * used stale. Bochs flushes on every exit anyway (DESIGN.md 5).
	 */
	if (boot_cpu_has(X86_FEATURE_INVPCID))
		invpcid_flush_single_context(0);
	stats()->exits[min_t(unsigned int, basic, LVD_EXIT_REASON_COUNT)]++;
	if (reason & LVD_EXIT_REASON_ENTRY_FAIL) {
		entry_failed(regs, c, basic);
		return false;
	}
	c->entered = true;
	eptp = lvd_vmread(VMCS_EPT_POINTER);
	if (basic == LVD_EXIT_PREEMPTION_TIMER) {
		lvd_vmwrite(VMCS_PREEMPTION_TIMER_VALUE, c->budget_ticks);
		if (!budget_expired(c, eptp))
			return true;
	}
	if (eptp != lvd_hv.eptp) {
		view_exit(c, regs, basic, eptp);
		return true;
	}
#ifdef LVD_TESTING
	if (READ_ONCE(c->test_break_entry)) {
		/* Testing: RFLAGS bit 1 clear fails the next VM entry (26.3.1.4). */
		c->test_break_entry = false;
		lvd_vmwrite(VMCS_GUEST_RFLAGS, lvd_vmread(VMCS_GUEST_RFLAGS) & ~LVD_RFLAGS_FIXED1);
	}
#endif

	switch (basic) {
	case LVD_EXIT_EXCEPTION_NMI:
		handle_exception(regs, c, eptp);
		break;
	case LVD_EXIT_CPUID:
		handle_cpuid(regs, c);
		break;
	case LVD_EXIT_XSETBV:
		handle_xsetbv(regs);
		break;
	case LVD_EXIT_INVD:
		/* INVD would throw away dirty lines the kernel owns: write them back. */
		native_wbinvd();
		skip_instruction();
		break;
	case LVD_EXIT_VMCALL:
		handle_vmcall(regs, c);
		break;
	case LVD_EXIT_CR_ACCESS:
		handle_cr(regs);
		break;
	case LVD_EXIT_RDMSR:
		handle_rdmsr(regs);
		break;
	case LVD_EXIT_WRMSR:
		handle_wrmsr(regs);
		break;
	case LVD_EXIT_EPT_VIOLATION:
		handle_ept_violation();
		break;
	case LVD_EXIT_EPT_MISCONFIG:
		handle_ept_misconfig();
		break;
	case LVD_EXIT_TRIPLE_FAULT:
		handle_triple_fault(c->cpu);
		break;
	case LVD_EXIT_INTR_WINDOW:
		handle_intr_window();
		break;
	case LVD_EXIT_PREEMPTION_TIMER:
		/* Re-armed above; the kernel's view only notes the watch. */
		break;
	case LVD_EXIT_INIT:
	case LVD_EXIT_SIPI:
		root_log_once(init_logged, "CPU %d got INIT/SIPI while in VMX non-root; ignored\n",
			      c->cpu);
		break;
	case LVD_EXIT_GETSEC:
	case LVD_EXIT_VMCLEAR:
	case LVD_EXIT_VMLAUNCH:
	case LVD_EXIT_VMPTRLD:
	case LVD_EXIT_VMPTRST:
	case LVD_EXIT_VMREAD:
	case LVD_EXIT_VMRESUME:
	case LVD_EXIT_VMWRITE:
	case LVD_EXIT_VMXOFF:
	case LVD_EXIT_VMXON:
	case LVD_EXIT_INVEPT:
	case LVD_EXIT_INVVPID:
	case LVD_EXIT_VMFUNC:
		/* VMX is not offered to the kernel (CPUID hides it): #UD as without VMX. */
		inject_ud();
		break;
	default:
		root_log_once(other_logged, "CPU %d: unexpected exit reason %u (%s) at RIP %#llx; injecting #UD\n",
			      c->cpu, basic, lvd_exit_reason_name(basic),
			      lvd_vmread(VMCS_GUEST_RIP));
		inject_ud();
		break;
	}
	return !c->leaving;
}

/**
 * lvd_handle_exit() - handle one VM exit
 * @regs: the guest's registers, saved by vmx_entry.S
 * @c: this CPU's state
 *
 * With the kernel's IBRS mitigation (X86_FEATURE_KERNEL_IBRS, chosen on the
 * CPUs that need it against retbleed), kernel code runs with IBRS set and
 * user code without: root gets the kernel's IA32_SPEC_CTRL value for the
 * time it runs, whatever the guest was running, as a system call would,
 * and the guest gets its own back (vmx_entry.S has already overwritten the
 * return-stack buffer and the guest's registers).
 *
 * Context: VMX root, interrupts off, exit stack.
 * Return: true to resume the guest, false when this CPU has left VMX
 * operation (then @regs->rip/rsp/rflags say where the kernel continues).
 */
lvd_root bool lvd_handle_exit(struct lvd_guest_regs *regs, struct lvd_cpu *c)
{
	bool ibrs = cpu_feature_enabled(X86_FEATURE_KERNEL_IBRS);
	u64 guest_spec = 0, root_spec = 0;
	bool resume;

	if (ibrs) {
		root_spec = this_cpu_read(x86_spec_ctrl_current);
		lvd_rdmsr_safe(LVD_MSR_IA32_SPEC_CTRL, &guest_spec);
		if (guest_spec != root_spec)
			lvd_wrmsr_safe(LVD_MSR_IA32_SPEC_CTRL, root_spec);
	}
	resume = handle_exit(regs, c);
	if (ibrs && guest_spec != root_spec)
		lvd_wrmsr_safe(LVD_MSR_IA32_SPEC_CTRL, guest_spec);
	return resume;
}

/**
 * lvd_vmresume_failed() - VMRESUME itself failed (VMfail): the VMCS is
 * broken, the guest cannot be resumed; this CPU leaves VMX operation
 * @regs: the guest's registers; rip/rsp/rflags are set for vmx_entry.S
 * @c: this CPU's state
 *
 * Context: VMX root, from vmx_entry.S, which then returns to the kernel
 * outside VMX.
 */
lvd_root void lvd_vmresume_failed(struct lvd_guest_regs *regs, struct lvd_cpu *c)
{
	lvd_root_log(KERN_ERR pr_fmt("CPU %d: VMRESUME failed (VM-instruction error %llu, SDM Vol. 3C 30.4) at guest RIP %#llx; this CPU leaves VMX operation and runs without LVD; unload lvd_hv and report this\n"),
		     c->cpu, lvd_vmread(VMCS_VM_INSTR_ERROR), lvd_vmread(VMCS_GUEST_RIP));
	lvd_leave_vmx(c, regs);
}
