// SPDX-License-Identifier: GPL-2.0
/*
 * hypervisor/exit.c - the VM-exit handler: dispatch by exit reason, count,
 * emulate or refuse, resume.
 *
 * Called only by vmx_entry.S, in VMX root on this CPU's exit stack with
 * interrupts off, the guest's registers saved in *regs. It must not sleep
 * or take any lock the interrupted kernel may hold: it logs with
 * lvd_root_log() (the lock-free printk ring buffer, console output deferred
 * to an irq_work), counts in per-CPU data, and touches no other Linux state.
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
#include <asm/msr.h>
#include <asm/processor.h>
#include <asm/special_insns.h>
#include <asm/fpu/xcr.h>
#include <asm/invpcid.h>

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

DEFINE_PER_CPU(struct lvd_exit_stats, lvd_exit_stats);

static const char *const reason_names[LVD_EXIT_REASON_COUNT] = {
	[LVD_EXIT_EXCEPTION_NMI] = "exception_nmi",
	[LVD_EXIT_EXTERNAL_INTR] = "external_interrupt",
	[LVD_EXIT_TRIPLE_FAULT] = "triple_fault",
	[LVD_EXIT_INIT] = "init_signal",
	[LVD_EXIT_SIPI] = "sipi",
	[LVD_EXIT_TASK_SWITCH] = "task_switch",
	[LVD_EXIT_CPUID] = "cpuid",
	[LVD_EXIT_GETSEC] = "getsec",
	[LVD_EXIT_HLT] = "hlt",
	[LVD_EXIT_INVD] = "invd",
	[LVD_EXIT_INVLPG] = "invlpg",
	[LVD_EXIT_RDPMC] = "rdpmc",
	[LVD_EXIT_RDTSC] = "rdtsc",
	[LVD_EXIT_RSM] = "rsm",
	[LVD_EXIT_VMCALL] = "vmcall",
	[LVD_EXIT_VMCLEAR] = "vmclear",
	[LVD_EXIT_VMLAUNCH] = "vmlaunch",
	[LVD_EXIT_VMPTRLD] = "vmptrld",
	[LVD_EXIT_VMPTRST] = "vmptrst",
	[LVD_EXIT_VMREAD] = "vmread",
	[LVD_EXIT_VMRESUME] = "vmresume",
	[LVD_EXIT_VMWRITE] = "vmwrite",
	[LVD_EXIT_VMXOFF] = "vmxoff",
	[LVD_EXIT_VMXON] = "vmxon",
	[LVD_EXIT_CR_ACCESS] = "cr_access",
	[LVD_EXIT_DR_ACCESS] = "dr_access",
	[LVD_EXIT_IO] = "io",
	[LVD_EXIT_RDMSR] = "rdmsr",
	[LVD_EXIT_WRMSR] = "wrmsr",
	[LVD_EXIT_INVALID_GUEST_STATE] = "entry_invalid_guest_state",
	[LVD_EXIT_MSR_LOADING] = "entry_msr_loading",
	[LVD_EXIT_MWAIT] = "mwait",
	[LVD_EXIT_MTF] = "monitor_trap_flag",
	[LVD_EXIT_MONITOR] = "monitor",
	[LVD_EXIT_PAUSE] = "pause",
	[LVD_EXIT_MACHINE_CHECK] = "entry_machine_check",
	[LVD_EXIT_GDTR_IDTR] = "gdtr_idtr",
	[LVD_EXIT_LDTR_TR] = "ldtr_tr",
	[LVD_EXIT_EPT_VIOLATION] = "ept_violation",
	[LVD_EXIT_EPT_MISCONFIG] = "ept_misconfig",
	[LVD_EXIT_INVEPT] = "invept",
	[LVD_EXIT_RDTSCP] = "rdtscp",
	[LVD_EXIT_PREEMPTION_TIMER] = "preemption_timer",
	[LVD_EXIT_INVVPID] = "invvpid",
	[LVD_EXIT_WBINVD] = "wbinvd",
	[LVD_EXIT_XSETBV] = "xsetbv",
	[LVD_EXIT_RDRAND] = "rdrand",
	[LVD_EXIT_INVPCID] = "invpcid",
	[LVD_EXIT_VMFUNC] = "vmfunc",
	[LVD_EXIT_ENCLS] = "encls",
	[LVD_EXIT_RDSEED] = "rdseed",
	[LVD_EXIT_XSAVES] = "xsaves",
	[LVD_EXIT_XRSTORS] = "xrstors",
};

/**
 * lvd_exit_reason_name() - name of a basic exit reason, for debugfs
 * @reason: basic exit reason (SDM Vol. 3D Appendix C)
 *
 * Return: a static string; "other" for reasons past the table or unnamed.
 */
const char *lvd_exit_reason_name(unsigned int reason)
{
	if (reason < LVD_EXIT_REASON_COUNT && reason_names[reason])
		return reason_names[reason];
	return "other";
}

/**
 * lvd_root_log() - log from VMX root: store the message in the printk ring
 * buffer (lock-free) and leave console output to an irq_work, as
 * printk_deferred() does (which is not exported to modules)
 * @fmt: format with a KERN_ level
 */
void lvd_root_log(const char *fmt, ...)
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

static struct lvd_exit_stats *stats(void)
{
	return this_cpu_ptr(&lvd_exit_stats);
}

static u64 get_gpr(struct lvd_guest_regs *regs, unsigned int n)
{
	return n == LVD_GPR_RSP ? lvd_vmread(VMCS_GUEST_RSP) : regs->gpr[n];
}

/*
 * Advance past the exiting instruction as if it had executed: it no longer
 * blocks interrupts, and with RFLAGS.TF set the single-step trap it would
 * have raised is made pending (SDM Vol. 3C 24.4.2, 26.6.3), so a debugger
 * stepping over CPUID stops right after it.
 */
static void skip_instruction(void)
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

/* Deliver a hardware exception to the guest at the next VM entry (26.5.1). */
static void inject_exception(unsigned int vector, bool has_errcode, u32 errcode)
{
	u64 info = vector | ((u64)LVD_INTR_TYPE_HW_EXCEPTION << LVD_INTR_INFO_TYPE_SHIFT) |
		   LVD_INTR_INFO_VALID;

	if (has_errcode) {
		info |= LVD_INTR_INFO_ERRCODE_VALID;
		lvd_vmwrite(VMCS_ENTRY_EXCEPTION_ERRCODE, errcode);
	}
	lvd_vmwrite(VMCS_ENTRY_INTR_INFO, info);
}

static void inject_ud(void)
{
	stats()->injected_ud++;
	inject_exception(LVD_VECTOR_UD, false, 0);
}

static void inject_gp(void)
{
	stats()->injected_gp++;
	inject_exception(LVD_VECTOR_GP, true, 0);
}

/*
 * An exit in the middle of delivering an event (an EPT violation while
 * pushing an interrupt frame, say) loses the event unless it is delivered
 * again on entry (SDM Vol. 3C 27.2.4, 26.5.1.1).
 */
static void reinject_vectoring_event(void)
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

static unsigned int guest_cpl(void)
{
	return lvd_seg_cpl(lvd_vmread(VMCS_GUEST_SS_AR));
}

/* CPUID: the LVD leaves, and the CPU's own with VMX hidden. */
static void handle_cpuid(struct lvd_guest_regs *regs, struct lvd_cpu *c)
{
	u32 leaf = regs->gpr[LVD_GPR_RAX], sub = regs->gpr[LVD_GPR_RCX];
	u32 a = 0, b = 0, cx = 0, d = 0;

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
		if (leaf == 1) {
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

/* XSETBV: check as the CPU would (SDM Vol. 2D XSETBV), then do it in root. */
static void handle_xsetbv(struct lvd_guest_regs *regs)
{
	u32 index = regs->gpr[LVD_GPR_RCX];
	u64 val = (u32)regs->gpr[LVD_GPR_RAX] | (regs->gpr[LVD_GPR_RDX] << 32);
	u32 a = LVD_CPUID_LEAF_XSTATE, b = 0, cx = 0, d = 0;
	u64 supported;

	native_cpuid(&a, &b, &cx, &d);
	supported = a | ((u64)d << 32);
	if (guest_cpl() || index != 0 || !(val & LVD_XCR0_X87) || (val & ~supported) ||
	    ((val & LVD_XCR0_AVX) && !(val & LVD_XCR0_SSE))) {
		inject_gp();
		return;
	}
	xsetbv(index, val);
	skip_instruction();
}

/* CR0 and CR4 writes that change a bit the hypervisor owns (24.6.6). */
static void write_cr(unsigned int cr, u64 val)
{
	const struct lvd_vmx_msrs *m = &lvd_hv.msrs;
	u64 efer = lvd_vmread(VMCS_GUEST_EFER);

	if (val >> 32) {
		inject_gp();
		return;
	}
	if (cr == 0) {
		/* Natively #GP: paging off in IA-32e mode, paging without protection. */
		if ((!(val & LVD_CR0_PG) && (efer & LVD_EFER_LMA)) ||
		    ((val & LVD_CR0_PG) && !(val & LVD_CR0_PE))) {
			inject_gp();
			return;
		}
		lvd_vmwrite(VMCS_GUEST_CR0, (val | m->cr0_fixed0) & m->cr0_fixed1);
		lvd_vmwrite(VMCS_CR0_READ_SHADOW, val);
	} else {
		/* A bit VMX does not allow set (e.g. one this CPU lacks): #GP. */
		if (val & ~m->cr4_fixed1 & ~m->cr4_fixed0) {
			inject_gp();
			return;
		}
		/* CR4.VMXE stays set whatever the kernel writes; it reads its own value. */
		lvd_vmwrite(VMCS_GUEST_CR4, val | m->cr4_fixed0);
		lvd_vmwrite(VMCS_CR4_READ_SHADOW, val);
	}
	/* A real MOV to CR0/CR4 may flush the TLB (PGE, PCIDE, PG, WP): do so. */
	lvd_invvpid(LVD_INVVPID_SINGLE_CONTEXT, LVD_KERNEL_VPID);
	skip_instruction();
}

static void handle_cr(struct lvd_guest_regs *regs)
{
	u64 q = lvd_vmread(VMCS_EXIT_QUALIFICATION);
	unsigned int cr = q & LVD_CRQ_CR_MASK;
	unsigned int type = (q & LVD_CRQ_TYPE_MASK) >> LVD_CRQ_TYPE_SHIFT;
	unsigned int gpr = (q & LVD_CRQ_GPR_MASK) >> LVD_CRQ_GPR_SHIFT;
	u64 shadow;

	switch (type) {
	case LVD_CRQ_TYPE_MOV_TO_CR:
		if (cr == 0 || cr == 4) {
			write_cr(cr, get_gpr(regs, gpr));
			return;
		}
		if (cr == 3) {	/* only if CR3-load exiting were forced */
			u64 v = get_gpr(regs, gpr);

			lvd_vmwrite(VMCS_GUEST_CR3, v & ~LVD_CR3_NOFLUSH);
			if (!(v & LVD_CR3_NOFLUSH))
				lvd_invvpid(LVD_INVVPID_SINGLE_CONTEXT, LVD_KERNEL_VPID);
			skip_instruction();
			return;
		}
		break;
	case LVD_CRQ_TYPE_MOV_FROM_CR:
		if (cr == 3) {	/* only if CR3-store exiting were forced */
			if (gpr == LVD_GPR_RSP)
				lvd_vmwrite(VMCS_GUEST_RSP, lvd_vmread(VMCS_GUEST_CR3));
			else
				regs->gpr[gpr] = lvd_vmread(VMCS_GUEST_CR3);
			skip_instruction();
			return;
		}
		break;
	case LVD_CRQ_TYPE_LMSW:
		/* LMSW loads CR0[3:0] but cannot clear PE (SDM Vol. 2A LMSW). */
		shadow = lvd_vmread(VMCS_CR0_READ_SHADOW);
		write_cr(0, (shadow & ~LVD_CR0_LMSW_MASK) |
			 ((q >> LVD_CRQ_LMSW_SRC_SHIFT) & LVD_CR0_LMSW_MASK) | (shadow & LVD_CR0_PE));
		return;
	case LVD_CRQ_TYPE_CLTS:
		shadow = lvd_vmread(VMCS_CR0_READ_SHADOW);
		write_cr(0, shadow & ~LVD_CR0_TS);
		return;
	}
	root_log_once(cr_logged, "unexpected control-register exit, qualification %#llx at RIP %#llx; injecting #GP\n",
		      q, lvd_vmread(VMCS_GUEST_RIP));
	inject_gp();
}

/* RDMSR that exits: only MSRs outside the bitmap ranges. Done in root. */
static void handle_rdmsr(struct lvd_guest_regs *regs)
{
	u32 msr = regs->gpr[LVD_GPR_RCX];
	u64 val;

	if (rdmsrl_safe(msr, &val)) {
		inject_gp();
		return;
	}
	regs->gpr[LVD_GPR_RAX] = (u32)val;
	regs->gpr[LVD_GPR_RDX] = val >> 32;
	skip_instruction();
}

static int write_vmcs_msr(u32 msr, u64 val)
{
	u64 efer;

	switch (msr) {
	case LVD_MSR_IA32_EFER:
		/* LME cannot change while paging is on; LMA is read-only. */
		efer = lvd_vmread(VMCS_GUEST_EFER);
		if ((val ^ efer) & LVD_EFER_LME)
			return -EINVAL;
		return lvd_vmwrite(VMCS_GUEST_EFER, (val & ~LVD_EFER_LMA) | (efer & LVD_EFER_LMA));
	case LVD_MSR_IA32_SYSENTER_CS:
		return lvd_vmwrite(VMCS_GUEST_SYSENTER_CS, val);
	case LVD_MSR_IA32_SYSENTER_ESP:
		return lvd_vmwrite(VMCS_GUEST_SYSENTER_ESP, val);
	case LVD_MSR_IA32_SYSENTER_EIP:
		return lvd_vmwrite(VMCS_GUEST_SYSENTER_EIP, val);
	}
	return -EINVAL;
}

/* WRMSR that exits: listed in msr_bitmap.c, or outside the bitmap ranges. */
static void handle_wrmsr(struct lvd_guest_regs *regs)
{
	u32 msr = regs->gpr[LVD_GPR_RCX];
	u64 val = (u32)regs->gpr[LVD_GPR_RAX] | (regs->gpr[LVD_GPR_RDX] << 32);
	const struct lvd_msr_intercept *ic = lvd_msr_intercept_find(msr);
	int ret;

	stats()->msr_emulated++;
	if (!ic)
		ret = wrmsrl_safe(msr, val);
	else if (ic->emul == LVD_MSR_EMUL_VMCS)
		ret = write_vmcs_msr(msr, val);
	else if (ic->emul == LVD_MSR_EMUL_WRMSR)
		ret = wrmsrl_safe(msr, val);
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

/*
 * EPT violation in the kernel's view: the kernel touched physical memory
 * outside the memory map. Map that hole as the kernel would see it natively
 * (one log line per filled hole, so each is logged once) and resume; if it
 * cannot be mapped, #GP, so the kernel reports the access rather than the
 * CPU exiting forever.
 */
static void handle_ept_violation(void)
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
		lvd_root_log(KERN_WARNING pr_fmt("EPT violation: GPA %#llx GLA %#llx RIP %#llx qualification %#llx outside the memory map; mapped %#llx-%#llx (%s)\n"),
			     gpa, gla, rip, q, start, end - 1,
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
	root_log_once(ept_logged, "EPT violation: GPA %#llx GLA %#llx RIP %#llx qualification %#llx cannot be mapped (%d); injecting #GP\n",
		      gpa, gla, rip, q, ret);
	inject_gp();
}

/* EPT misconfiguration: a bad entry of ours. Drop it; the refill is correct. */
static void handle_ept_misconfig(void)
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
}

/* The kernel triple-faulted: on bare metal the machine resets. Do that. */
static void handle_triple_fault(struct lvd_cpu *c)
{
	pr_emerg("CPU %d: the kernel triple-faulted at RIP %#llx RSP %#llx CR3 %#llx; restarting the machine as the hardware would\n",
		 c->cpu, lvd_vmread(VMCS_GUEST_RIP), lvd_vmread(VMCS_GUEST_RSP),
		 lvd_vmread(VMCS_GUEST_CR3));
	emergency_restart();
}

/*
 * VMCALL: the hypercall interface of include/lvd/hypercall.h. Only the
 * kernel at CPL 0 in its own EPT view may call; anything else is refused,
 * counted, logged once and gets #UD as on a CPU without VMX.
 */
static void handle_vmcall(struct lvd_guest_regs *regs, struct lvd_cpu *c)
{
	unsigned int cpl = guest_cpl();
	u64 eptp = lvd_vmread(VMCS_EPT_POINTER);
	u64 nr = regs->gpr[LVD_GPR_RAX];

	if (cpl != 0 || eptp != lvd_hv.eptp) {
		stats()->hc_refused++;
		root_log_once(hc_logged, "refused hypercall %llu from CPL %u (EPTP %#llx) at RIP %#llx: only the kernel may call\n",
			      nr, cpl, eptp, lvd_vmread(VMCS_GUEST_RIP));
		inject_ud();
		return;
	}
	stats()->hc_ok++;
	skip_instruction();
	switch (nr) {
	case LVD_HC_VERSION:
		regs->gpr[LVD_GPR_RAX] = LVD_HC_ABI_VERSION;
		break;
	case LVD_HC_LEAVE:
		regs->gpr[LVD_GPR_RAX] = 0;
		lvd_leave_vmx(c, regs);
		break;
	default:
		regs->gpr[LVD_GPR_RAX] = -EOPNOTSUPP;
		break;
	}
}

/**
 * lvd_handle_exit() - handle one VM exit
 * @regs: the guest's registers, saved by vmx_entry.S
 * @c: this CPU's state
 *
 * Context: VMX root, interrupts off, exit stack.
 * Return: true to resume the guest, false when this CPU has left VMX
 * operation (then @regs->rip/rsp/rflags say where the kernel continues).
 */
bool lvd_handle_exit(struct lvd_guest_regs *regs, struct lvd_cpu *c)
{
	u64 reason = lvd_vmread(VMCS_EXIT_REASON);
	unsigned int basic = reason & LVD_EXIT_REASON_BASIC_MASK;

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
		pr_emerg("CPU %d: VM entry failed, exit reason %#llx qualification %#llx\n",
			 c->cpu, reason, lvd_vmread(VMCS_EXIT_QUALIFICATION));
		BUG();
	}

	switch (basic) {
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
		handle_triple_fault(c);
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
 * lvd_vmresume_failed() - VMRESUME itself failed: the VMCS is broken
 * @regs: the guest's registers
 *
 * Context: VMX root, from vmx_entry.S; does not return.
 */
void lvd_vmresume_failed(struct lvd_guest_regs *regs)
{
	pr_emerg("CPU %d: VMRESUME failed, VM-instruction error %llu, guest RIP %#llx\n",
		 smp_processor_id(), lvd_vmread(VMCS_VM_INSTR_ERROR),
		 lvd_vmread(VMCS_GUEST_RIP));
	BUG();
}
