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
#include <asm/nospec-branch.h>
#include <lvd/hw/vmcs.h>
#include "exit_frame.h"


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

/*
 * int lvd_vmx_launch(void): LVD_LAUNCH_OK in the guest, LVD_LAUNCH_VMFAIL
 * when VMLAUNCH failed, LVD_LAUNCH_ENTRY_FAILED when the exit handler found
 * the first VM entry failed and left VMX operation (it returns here, on
 * the stack of the VMLAUNCH, through lvd_vmx_launch_entry_failed).
 */
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
	mov	$LVD_LAUNCH_VMFAIL, %eax
	jmp	.Llaunch_out
SYM_INNER_LABEL(lvd_vmx_launch_entry_failed, SYM_L_GLOBAL)
	UNWIND_HINT_RESTORE
	mov	$LVD_LAUNCH_ENTRY_FAILED, %eax
	jmp	.Llaunch_out
	/* Reached only as the guest RIP of the first VM entry. */
SYM_INNER_LABEL(lvd_vmx_guest_start, SYM_L_LOCAL)
.Lguest_start:
	UNWIND_HINT_RESTORE
	mov	$LVD_LAUNCH_OK, %eax
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

	/*
	 * Speculation hygiene, as on the kernel's own entry paths: a user
	 * program can cause an exit (CPUID), and must not get a cheaper way
	 * to steer root's speculation than a system call. Clear the guest's
	 * register values (saved above) so no gadget in root sees them, and
	 * overwrite the return-stack buffer on the CPUs where the kernel asks
	 * for it on VM exit (X86_FEATURE_RSB_VMEXIT, or the one-entry form
	 * for eIBRS parts with PBRSB). The SPEC_CTRL MSR is handled in C
	 * (lvd_handle_exit()), before any indirect branch or return that
	 * matters: only the call below and the RSB fill come first.
	 */
	xor	%eax, %eax
	xor	%ecx, %ecx
	xor	%edx, %edx
	xor	%ebx, %ebx
	xor	%ebp, %ebp
	xor	%esi, %esi
	xor	%edi, %edi
	xor	%r8d, %r8d
	xor	%r9d, %r9d
	xor	%r10d, %r10d
	xor	%r11d, %r11d
	xor	%r12d, %r12d
	xor	%r13d, %r13d
	xor	%r14d, %r14d
	xor	%r15d, %r15d
	FILL_RETURN_BUFFER %rax, RSB_CLEAR_LOOPS, X86_FEATURE_RSB_VMEXIT, X86_FEATURE_RSB_VMEXIT_LITE

	mov	%rsp, %rdi
	mov	LVD_FRAME_SIZE(%rsp), %rsi	/* struct lvd_cpu * from the stack top */
	call	lvd_handle_exit
	test	%al, %al
	jz	.Lleave

	POP_GUEST_GPRS
	add	$24, %rsp
	vmresume

	/*
	 * VMRESUME failed (VMfail: the VMCS itself is broken). The frame is
	 * still below RSP: the handler logs, leaves VMX operation on this CPU
	 * and fills regs->rip/rsp/rflags; the kernel goes on without LVD here.
	 */
	sub	$LVD_FRAME_SIZE, %rsp
	mov	%rsp, %rdi
	mov	LVD_FRAME_SIZE(%rsp), %rsi
	call	lvd_vmresume_failed

.Lleave:
	/*
	 * Outside VMX now. Build the kernel's return frame on its own stack:
	 * [rsp - 16] = rflags, [rsp - 8] = rip, then restore every register
	 * and switch to that stack. The kernel has no red zone.
	 */
	mov	LVD_FRAME_RSP(%rsp), %rax
	sub	$16, %rax
	mov	LVD_FRAME_RFLAGS(%rsp), %rcx
	mov	%rcx, (%rax)
	mov	LVD_FRAME_RIP(%rsp), %rcx
	mov	%rcx, 8(%rax)
	mov	%rax, LVD_FRAME_RSP(%rsp)

	POP_GUEST_GPRS
	mov	8(%rsp), %rsp		/* LVD_FRAME_RSP - LVD_FRAME_RIP: the kernel's stack */
	popf
	RET
SYM_CODE_END(lvd_vmx_exit_entry)
