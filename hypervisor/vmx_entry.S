/* SPDX-License-Identifier: GPL-2.0 */
/*
 * hypervisor/vmx_entry.S - the only code that crosses between VMX root and
 * non-root: the late launch, the VM-exit entry point and the way back to
 * the kernel when a CPU leaves VMX operation.
 *
 * lvd_vmx_launch() is called by cpu.c with interrupts off, the current
 * VMCS loaded and every field but the guest RSP and RIP written. The
 * kernel continues as the guest at the instruction after VMLAUNCH, on the
 * same stack, as if lvd_vmx_launch() had returned 0.
 *
 * lvd_vmx_exit_entry is the VMCS host RIP. The CPU arrives with RSP at the
 * top of this CPU's exit stack, whose top word holds the struct lvd_cpu
 * pointer; interrupts are off (VM exit clears RFLAGS). It saves the guest's
 * registers as struct lvd_guest_regs (lvd_hv.h) and calls
 * lvd_handle_exit(regs, cpu), which returns true to resume the guest and
 * false when the CPU has left VMX operation; then the saved registers are
 * restored and execution continues at regs->rip with regs->rsp and
 * regs->rflags, the kernel's own state, outside VMX.
 */
#include <linux/linkage.h>
#include <asm/asm.h>
#include <asm/unwind_hints.h>
#include <lvd/hw/vmcs.h>

#define REGS_SIZE	(16 * 8)	/* gpr[16] */
#define RIP_OFF		(REGS_SIZE)
#define RSP_OFF		(REGS_SIZE + 8)
#define RFLAGS_OFF	(REGS_SIZE + 16)
#define FRAME_SIZE	(REGS_SIZE + 24)


/* Restore the guest GPRs saved as struct lvd_guest_regs.gpr[] (RSP slot skipped). */
.macro POP_GUEST_GPRS
	pop	%rax
	pop	%rcx
	pop	%rdx
	pop	%rbx
	add	$8, %rsp
	pop	%rbp
	pop	%rsi
	pop	%rdi
	pop	%r8
	pop	%r9
	pop	%r10
	pop	%r11
	pop	%r12
	pop	%r13
	pop	%r14
	pop	%r15
.endm

.text

/* int lvd_vmx_launch(void): 0 in the guest, 1 when VMLAUNCH failed. */
SYM_FUNC_START(lvd_vmx_launch)
	push	%rbp
	push	%rbx
	push	%r12
	push	%r13
	push	%r14
	push	%r15
	mov	$VMCS_GUEST_RSP, %edx
	vmwrite	%rsp, %rdx
	jbe	.Llaunch_failed
	mov	$VMCS_GUEST_RIP, %edx
	lea	.Lguest_start(%rip), %rax
	vmwrite	%rax, %rdx
	jbe	.Llaunch_failed
	UNWIND_HINT_SAVE
	vmlaunch
.Llaunch_failed:
	mov	$1, %eax
	jmp	.Llaunch_out
	/* Reached only as the guest RIP of the first VM entry. */
SYM_INNER_LABEL(lvd_vmx_guest_start, SYM_L_LOCAL)
.Lguest_start:
	UNWIND_HINT_RESTORE
	xor	%eax, %eax
.Llaunch_out:
	pop	%r15
	pop	%r14
	pop	%r13
	pop	%r12
	pop	%rbx
	pop	%rbp
	RET
SYM_FUNC_END(lvd_vmx_launch)

SYM_CODE_START(lvd_vmx_exit_entry)
	UNWIND_HINT_EMPTY
	sub	$24, %rsp		/* rip, rsp, rflags */
	push	%r15
	push	%r14
	push	%r13
	push	%r12
	push	%r11
	push	%r10
	push	%r9
	push	%r8
	push	%rdi
	push	%rsi
	push	%rbp
	push	$0			/* RSP slot: the guest's RSP is in the VMCS */
	push	%rbx
	push	%rdx
	push	%rcx
	push	%rax

	mov	%rsp, %rdi
	mov	FRAME_SIZE(%rsp), %rsi	/* struct lvd_cpu * from the stack top */
	call	lvd_handle_exit
	test	%al, %al
	jz	.Lleave

	POP_GUEST_GPRS
	add	$24, %rsp
	vmresume

	/* VMRESUME failed: report and stop; the guest cannot continue. */
	sub	$FRAME_SIZE, %rsp
	mov	%rsp, %rdi
	call	lvd_vmresume_failed
	ud2

.Lleave:
	/*
	 * Outside VMX now. Build the kernel's return frame on its own stack:
	 * [rsp - 16] = rflags, [rsp - 8] = rip, then restore every register
	 * and switch to that stack. The kernel has no red zone.
	 */
	mov	RSP_OFF(%rsp), %rax
	sub	$16, %rax
	mov	RFLAGS_OFF(%rsp), %rcx
	mov	%rcx, (%rax)
	mov	RIP_OFF(%rsp), %rcx
	mov	%rcx, 8(%rax)
	mov	%rax, RSP_OFF(%rsp)

	POP_GUEST_GPRS
	mov	8(%rsp), %rsp		/* RSP_OFF - RIP_OFF: the kernel's stack */
	popf
	RET
SYM_CODE_END(lvd_vmx_exit_entry)
