// SPDX-License-Identifier: GPL-2.0
/*
 * hypervisor/vmcs_setup.c - fill a CPU's VMCS from the live CPU: controls,
 * host state, guest state (the split of the KVM selftests' vmx.c).
 *
 * Called by cpu.c on the CPU being launched, with interrupts off, VMX on
 * and the VMCS current (VMPTRLD done). The guest is the kernel exactly as it
 * runs at this moment; the guest RSP and RIP are written by
 * lvd_vmx_launch() right before VMLAUNCH.
 */
#define pr_fmt(fmt) "lvd: " fmt

#include <linux/kernel.h>
#include <linux/smp.h>
#include <linux/io.h>
#include <asm/desc.h>
#include <asm/msr.h>
#include <asm/debugreg.h>
#include <asm/special_insns.h>
#include <asm/segment.h>

#include <lvd/compat.h>
#include <lvd/hw/msr.h>
#include <lvd/hw/vmx.h>
#include <lvd/hw/vmcs.h>
#include <lvd/hw/seg.h>
#include <lvd/hw/cpu.h>
#include "lvd_hv.h"
#include "segment.h"

/* Remember the first failing VMWRITE; the caller reports it once. */
struct vmcs_writer {
	u64 failed_field;
	int err;
};

static void w(struct vmcs_writer *wr, u64 field, u64 value)
{
	if (!wr->err && lvd_vmwrite(field, value)) {
		wr->err = -EIO;
		wr->failed_field = field;
	}
}

/*
 * Execution, exit and entry controls (SDM Vol. 3C 24.6-24.8), the same on
 * every CPU, plus the CR0/CR4 guest/host masks and read shadows (24.6.6).
 * The hypervisor owns the bits VMX fixes (CR0.PE, NE, PG and CR4.VMXE,
 * from IA32_VMX_CR0/CR4_FIXED0), those the CPU cannot set (clear in
 * IA32_VMX_CRx_FIXED1) and the bits that protect the kernel
 * (LVD_CR0_OWNED, LVD_CR4_OWNED): changing one of them exits, so no code
 * changes them unseen, and exit.c keeps the pinned ones set. The kernel
 * writes none of them on a hot path. Reads return the shadow, the value
 * the kernel last wrote.
 */
static void setup_controls(struct vmcs_writer *wr, struct lvd_cpu *c, u64 cr0, u64 cr4)
{
	const struct lvd_vmx_msrs *m = &lvd_hv.msrs;
	u64 cr0_mask = m->cr0_fixed0 | ~m->cr0_fixed1 | LVD_CR0_OWNED;
	u64 cr4_mask = m->cr4_fixed0 | ~m->cr4_fixed1 | LVD_CR4_OWNED;

	/* A budget set before (kept over system sleep) keeps its timer. */
	w(wr, VMCS_PIN_CTLS, lvd_hv.ctls.pin | (c->budget_ticks ? LVD_PIN_PREEMPTION_TIMER : 0));
	w(wr, VMCS_PREEMPTION_TIMER_VALUE, c->budget_ticks);
	w(wr, VMCS_PROC_CTLS, lvd_hv.ctls.proc);
	w(wr, VMCS_PROC_CTLS2, lvd_hv.ctls.proc2);
	w(wr, VMCS_EXIT_CTLS, lvd_hv.ctls.exit);
	w(wr, VMCS_ENTRY_CTLS, lvd_hv.ctls.entry);
	/*
	 * With exception-bitmap bit 14 set, a #PF exits only when (error code
	 * & mask) == match (25.2): here only a supervisor instruction fetch
	 * from a page that is not present, which the kernel never makes but
	 * on its way to an oops, and which a domain's own VMFUNC into the
	 * kernel's view makes at once (its code is never mapped there, see
	 * exit.c handle_exception()). The kernel's page faults never exit. The
	 * other fields have no defined value after VMCLEAR (24.11.3) and are
	 * written so nothing depends on a zeroed page.
	 */
	w(wr, VMCS_EXCEPTION_BITMAP, BIT(LVD_VECTOR_PF));
	w(wr, VMCS_PF_ERRCODE_MASK, LVD_PFEC_PRESENT | LVD_PFEC_USER | LVD_PFEC_FETCH);
	w(wr, VMCS_PF_ERRCODE_MATCH, LVD_PFEC_FETCH);
	w(wr, VMCS_TSC_OFFSET, 0);
	w(wr, VMCS_ENTRY_EXCEPTION_ERRCODE, 0);
	w(wr, VMCS_ENTRY_INSTR_LEN, 0);
	w(wr, VMCS_CR3_TARGET_COUNT, 0);
	w(wr, VMCS_EXIT_MSR_STORE_COUNT, 0);
	w(wr, VMCS_EXIT_MSR_LOAD_COUNT, 0);
	w(wr, VMCS_ENTRY_MSR_LOAD_COUNT, 0);
	w(wr, VMCS_ENTRY_INTR_INFO, 0);
	w(wr, VMCS_MSR_BITMAP, virt_to_phys(lvd_hv.msr_bitmap));
	w(wr, VMCS_EPT_POINTER, lvd_hv.eptp);
	/* VM function 0, EPTP switching, over this CPU's list (24.6.14, 25.5.5.3). */
	w(wr, VMCS_VMFUNC_CTLS, LVD_VMFUNC_EPTP_SWITCHING);
	w(wr, VMCS_EPTP_LIST, virt_to_phys(c->eptp_list));
	w(wr, VMCS_VPID, LVD_KERNEL_VPID);
	if (lvd_hv.ctls.proc2 & LVD_PROC2_ENABLE_XSAVES)
		w(wr, VMCS_XSS_EXIT_BITMAP, 0);
	w(wr, VMCS_CR0_GUEST_HOST_MASK, cr0_mask & GENMASK_ULL(31, 0));
	w(wr, VMCS_CR4_GUEST_HOST_MASK, cr4_mask & GENMASK_ULL(31, 0));
	w(wr, VMCS_CR0_READ_SHADOW, cr0);
	w(wr, VMCS_CR4_READ_SHADOW, cr4);
}

/*
 * Host state (24.5): the exit handler runs on the kernel's CR0/CR4, GDT,
 * IDT and TSS, with its own CR3 (kernel half of the page tables, see
 * lvd_hv.host_pgd), its own stack, GS base = this CPU's per-CPU base (for
 * per-CPU data and the stack protector), and the kernel's PAT, EFER and
 * SYSENTER MSRs. An NMI or machine check in VMX root goes through the
 * kernel's IDT to the kernel's handlers on their IST stacks, as it would
 * anywhere in the kernel with interrupts off.
 */
/* MSRs that both the host and the guest state take from the live CPU. */
struct live_msrs {
	u64 sysenter_cs, sysenter_esp, sysenter_eip, pat, efer;
};

static void read_live_msrs(struct live_msrs *l)
{
	l->sysenter_cs = native_read_msr(LVD_MSR_IA32_SYSENTER_CS);
	l->sysenter_esp = native_read_msr(LVD_MSR_IA32_SYSENTER_ESP);
	l->sysenter_eip = native_read_msr(LVD_MSR_IA32_SYSENTER_EIP);
	l->pat = native_read_msr(LVD_MSR_IA32_PAT);
	l->efer = native_read_msr(LVD_MSR_IA32_EFER);
}

static void setup_host(struct vmcs_writer *wr, struct lvd_cpu *c, u64 cr0, u64 cr4,
		       const struct desc_ptr *gdt, const struct desc_ptr *idt,
		       const struct lvd_segment *tr, const struct live_msrs *l)
{
	u64 *top = c->stack + LVD_EXIT_STACK_SIZE - sizeof(u64);

	*top = (u64)c;
	w(wr, VMCS_HOST_CR0, cr0);
	w(wr, VMCS_HOST_CR3, __pa(lvd_hv.host_pgd));
	w(wr, VMCS_HOST_CR4, cr4);
	w(wr, VMCS_HOST_CS_SEL, __KERNEL_CS);
	w(wr, VMCS_HOST_SS_SEL, __KERNEL_DS);
	w(wr, VMCS_HOST_DS_SEL, 0);
	w(wr, VMCS_HOST_ES_SEL, 0);
	w(wr, VMCS_HOST_FS_SEL, 0);
	w(wr, VMCS_HOST_GS_SEL, 0);
	w(wr, VMCS_HOST_TR_SEL, tr->sel);
	w(wr, VMCS_HOST_FS_BASE, 0);
	w(wr, VMCS_HOST_GS_BASE, native_read_msr(LVD_MSR_IA32_GS_BASE));
	w(wr, VMCS_HOST_TR_BASE, tr->base);
	w(wr, VMCS_HOST_GDTR_BASE, gdt->address);
	w(wr, VMCS_HOST_IDTR_BASE, idt->address);
	w(wr, VMCS_HOST_SYSENTER_CS, l->sysenter_cs);
	w(wr, VMCS_HOST_SYSENTER_ESP, l->sysenter_esp);
	w(wr, VMCS_HOST_SYSENTER_EIP, l->sysenter_eip);
	w(wr, VMCS_HOST_PAT, l->pat);
	w(wr, VMCS_HOST_EFER, l->efer);
	w(wr, VMCS_HOST_RSP, (u64)top);
	w(wr, VMCS_HOST_RIP, (u64)lvd_vmx_exit_entry);
}

static const struct {
	u64 sel, base, limit, ar;
} seg_fields[] = {
	{ VMCS_GUEST_ES_SEL, VMCS_GUEST_ES_BASE, VMCS_GUEST_ES_LIMIT, VMCS_GUEST_ES_AR },
	{ VMCS_GUEST_CS_SEL, VMCS_GUEST_CS_BASE, VMCS_GUEST_CS_LIMIT, VMCS_GUEST_CS_AR },
	{ VMCS_GUEST_SS_SEL, VMCS_GUEST_SS_BASE, VMCS_GUEST_SS_LIMIT, VMCS_GUEST_SS_AR },
	{ VMCS_GUEST_DS_SEL, VMCS_GUEST_DS_BASE, VMCS_GUEST_DS_LIMIT, VMCS_GUEST_DS_AR },
	{ VMCS_GUEST_FS_SEL, VMCS_GUEST_FS_BASE, VMCS_GUEST_FS_LIMIT, VMCS_GUEST_FS_AR },
	{ VMCS_GUEST_GS_SEL, VMCS_GUEST_GS_BASE, VMCS_GUEST_GS_LIMIT, VMCS_GUEST_GS_AR },
	{ VMCS_GUEST_LDTR_SEL, VMCS_GUEST_LDTR_BASE, VMCS_GUEST_LDTR_LIMIT, VMCS_GUEST_LDTR_AR },
	{ VMCS_GUEST_TR_SEL, VMCS_GUEST_TR_BASE, VMCS_GUEST_TR_LIMIT, VMCS_GUEST_TR_AR },
};
enum { SEG_ES, SEG_CS, SEG_SS, SEG_DS, SEG_FS, SEG_GS, SEG_LDTR, SEG_TR, SEG_COUNT };

/*
 * Guest state (24.4): the running kernel. In 64-bit mode the CS/SS/DS/ES
 * bases are 0 whatever the descriptors say and FS/GS bases come from
 * their MSRs (SDM Vol. 3A 3.4.4). No event is pending and nothing blocks
 * interrupts at the VMLAUNCH (interrupts are off by RFLAGS.IF only).
 */
static void setup_guest(struct vmcs_writer *wr, u64 cr0, u64 cr4,
			const struct desc_ptr *gdt, const struct desc_ptr *idt,
			const struct lvd_segment *seg, const struct live_msrs *l)
{
	int i;

	w(wr, VMCS_GUEST_CR0, cr0);
	w(wr, VMCS_GUEST_CR3, __read_cr3());
	w(wr, VMCS_GUEST_CR4, cr4);
	w(wr, VMCS_GUEST_DR7, native_get_debugreg(7));
	w(wr, VMCS_GUEST_RFLAGS, native_save_fl());
	for (i = 0; i < SEG_COUNT; i++) {
		u64 base = seg[i].base;

		if (i == SEG_FS)
			base = native_read_msr(LVD_MSR_IA32_FS_BASE);
		else if (i == SEG_GS)
			base = native_read_msr(LVD_MSR_IA32_GS_BASE);
		else if (i != SEG_LDTR && i != SEG_TR)
			base = 0;
		w(wr, seg_fields[i].sel, seg[i].sel);
		w(wr, seg_fields[i].base, base);
		w(wr, seg_fields[i].limit, seg[i].limit);
		w(wr, seg_fields[i].ar, seg[i].ar);
	}
	w(wr, VMCS_GUEST_GDTR_BASE, gdt->address);
	w(wr, VMCS_GUEST_GDTR_LIMIT, gdt->size);
	w(wr, VMCS_GUEST_IDTR_BASE, idt->address);
	w(wr, VMCS_GUEST_IDTR_LIMIT, idt->size);
	w(wr, VMCS_GUEST_DEBUGCTL, native_read_msr(LVD_MSR_IA32_DEBUGCTL));
	w(wr, VMCS_GUEST_PAT, l->pat);
	w(wr, VMCS_GUEST_EFER, l->efer);
	w(wr, VMCS_GUEST_SYSENTER_CS, l->sysenter_cs);
	w(wr, VMCS_GUEST_SYSENTER_ESP, l->sysenter_esp);
	w(wr, VMCS_GUEST_SYSENTER_EIP, l->sysenter_eip);
	w(wr, VMCS_GUEST_INTERRUPTIBILITY, 0);
	w(wr, VMCS_GUEST_ACTIVITY_STATE, LVD_ACTIVITY_ACTIVE);
	w(wr, VMCS_GUEST_PENDING_DBG, 0);
	w(wr, VMCS_LINK_POINTER, LVD_VMCS_LINK_NONE);
}

/* Read the segment registers and describe them from this CPU's GDT. */
static int read_segments(const struct desc_ptr *gdt, struct lvd_segment *seg)
{
	u16 sel[SEG_COUNT];
	int i, ret;

	savesegment(es, sel[SEG_ES]);
	savesegment(cs, sel[SEG_CS]);
	savesegment(ss, sel[SEG_SS]);
	savesegment(ds, sel[SEG_DS]);
	savesegment(fs, sel[SEG_FS]);
	savesegment(gs, sel[SEG_GS]);
	store_ldt(sel[SEG_LDTR]);
	sel[SEG_TR] = native_store_tr();
	for (i = 0; i < SEG_COUNT; i++) {
		ret = lvd_seg_from_gdt(sel[i], (const u64 *)gdt->address, gdt->size, &seg[i]);
		if (ret) {
			lvd_launch_fail("segment selector %#x is not in the GDT", sel[i]);
			return ret;
		}
	}
	return 0;
}

/**
 * lvd_vmcs_setup() - write every VMCS field the launch needs
 * @c: this CPU's state; its VMCS is the current one
 *
 * Context: the CPU being launched, interrupts off, in VMX root.
 * Return: 0, or a negative errno after lvd_launch_fail() said why.
 */
int lvd_vmcs_setup(struct lvd_cpu *c)
{
	struct vmcs_writer wr = { 0 };
	struct lvd_segment seg[SEG_COUNT];
	struct desc_ptr gdt, idt;
	struct live_msrs l;
	u64 cr0 = native_read_cr0();
	u64 cr4 = __read_cr4();
	int ret;

	native_store_gdt(&gdt);
	store_idt(&idt);
	ret = read_segments(&gdt, seg);
	if (ret)
		return ret;
	read_live_msrs(&l);
	setup_controls(&wr, c, cr0, cr4);
	setup_host(&wr, c, cr0, cr4, &gdt, &idt, &seg[SEG_TR], &l);
	setup_guest(&wr, cr0, cr4, &gdt, &idt, seg, &l);
	/* Testing: RFLAGS bit 1 clear fails the VM-entry checks (SDM Vol. 3C 26.3.1.4). */
	if (lvd_test_fail_entry(c->cpu))
		w(&wr, VMCS_GUEST_RFLAGS, native_save_fl() & ~LVD_RFLAGS_FIXED1);
	if (wr.err)
		lvd_launch_fail("VMWRITE to field %#llx failed (VM-instruction error %llu)",
				wr.failed_field, lvd_vmread(VMCS_VM_INSTR_ERROR));
	return wr.err;
}
