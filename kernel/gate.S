/* SPDX-License-Identifier: GPL-2.0 */
/*
 * kernel/gate.S - the call gates between the kernel and its domains: the
 * only code that executes VMFUNC (EPTP switching, SDM Vol. 3C 25.5.5.3).
 *
 * All of it sits in its own 4 KB-aligned pages (.lvd_gate.text, padded
 * with INT3), which every domain view maps execute-only at the same
 * virtual address as the kernel does: after a VMFUNC the CPU fetches the
 * next instruction at the same address in the new view. A domain can jump
 * to any byte of these pages with any register contents, so:
 *
 * - Every VMFUNC is followed by a check of the view it landed in, which
 *   stops the domain on a mismatch and never falls through. The view is
 *   known from lvd_view_marker, a page that reads 0 in the kernel's view
 *   and the domain's slot in a domain's view (each view maps that address
 *   to its own read-only page). The kernel's intention is known from
 *   lvd_gate_ro_slot[cpu], a read-only page in every view that the kernel
 *   writes before it enters a domain; the CPU number comes from RDTSCP
 *   (IA32_TSC_AUX, which a domain cannot write: gate.h).
 * - Landing in a domain's view where the kernel did not mean to go (a
 *   domain that jumps to an entry VMFUNC with ECX = another domain's slot)
 *   executes UD2 there: the domain's page tables map no IDT, so the
 *   exception ends in a triple fault, a VM exit from that view, and the
 *   hypervisor sends the CPU to lvd_gate_abort, which stops the domain the
 *   kernel had entered on this CPU (the innermost frame), not the one
 *   whose view the CPU was in.
 * - Landing in the kernel's view where the kernel did not expect it (a
 *   domain that jumps to an entry VMFUNC with ECX = 0) goes straight to
 *   lvd_gate_abort, which trusts no register.
 * - In the kernel's view nothing from the domain is trusted: RSP, GS base
 *   and FS base come from the frame of the call (kernel stack), found
 *   through the per-CPU gate state by the CPU number; the callee-saved
 *   registers are popped from the kernel stack; an upcall index is
 *   checked against the domain's export table by lvd_dom_upcall().
 * - Entering a domain, every register that is not an argument is zeroed,
 *   so no kernel pointer reaches it; leaving it, only the return value is
 *   kept. RFLAGS is reset from a constant on the way back (TF, DF, AC, NT,
 *   IOPL cleared); interrupts stay off for the whole call (CLI before each
 *   VMFUNC back: the containment work makes interrupts during a call
 *   exitless).
 * - Code that a domain reaches without a VMFUNC stays in its own view:
 *   every access to kernel memory faults there (ends in the abort).
 */
#include <linux/linkage.h>
#include <linux/threads.h>
#include <linux/errno.h>
#include <asm/unwind_hints.h>
#include <asm/nospec-branch.h>
#include <asm/processor-flags.h>
#include "gate.h"

/* VMFUNC leaf 0, EPTP switching: 0f 01 d4 (SDM Vol. 2B VMFUNC). */
#define VMFUNC	.byte 0x0f, 0x01, 0xd4

/*
 * The CPU number from RDTSCP into RCX (clobbers RAX, RDX). The per-CPU
 * arrays the gates index with it have LVD_GATE_CPUS entries, so the mask
 * keeps every index inside them.
 */
.macro CPU_NUMBER
	rdtscp
	andl	$LVD_TSC_AUX_CPU_MASK, %ecx
.endm

/*
 * After a VMFUNC meant to enter a domain: the view must be the one the
 * kernel wrote in lvd_gate_ro_slot[cpu] (never 0). Clobbers RAX, RCX, RDX.
 */
.macro LANDED_IN_DOMAIN
	CPU_NUMBER
	movl	lvd_gate_ro_slot(, %rcx, 4), %eax
	testl	%eax, %eax
	jz	.Lbad_landing
	cmpl	lvd_view_marker(%rip), %eax
	jne	.Lbad_landing
.endm

/*
 * After a VMFUNC meant to return to the kernel: the view must be the
 * kernel's; then the innermost frame of this CPU goes into \reg. Clobbers
 * RAX, RCX, RDX.
 */
.macro LANDED_IN_KERNEL reg
	cmpl	$0, lvd_view_marker(%rip)
	jne	.Lbad_landing
	CPU_NUMBER
	movq	lvd_gate_top(, %rcx, 8), \reg
	testq	\reg, \reg
	jz	.Lbad_landing
.endm

/*
 * RFLAGS as the kernel expects it on a trusted stack: interrupts off and
 * nothing a domain may have set (TF, DF, AC, NT, IOPL) kept.
 */
.macro CLEAN_FLAGS
	pushq	$X86_EFLAGS_FIXED
	popfq
.endm

	.section .lvd_gate.text, "ax"
	.balign	4096, 0xcc
	.globl	lvd_gate_pages_start
lvd_gate_pages_start:

/*
 * long lvd_gate_call(struct lvd_gate_frame *f): enter the domain of @f at
 * f->entry with f->args on f->drsp, its GS base f->dgs; return what it
 * returned, or -ECANCELED when it was stopped (lvd_gate_abort). The
 * caller (domain.c) has set lvd_gate_top[cpu] = f and
 * lvd_gate_ro_slot[cpu] = f->slot, with interrupts off.
 */
SYM_FUNC_START(lvd_gate_call)
	pushq	%rbp
	pushq	%rbx
	pushq	%r12
	pushq	%r13
	pushq	%r14
	pushq	%r15
	movq	%rsp, LVD_GF_KRSP(%rdi)
	rdgsbase %rax
	movq	%rax, LVD_GF_GS(%rdi)
	rdfsbase %rax
	movq	%rax, LVD_GF_FS(%rdi)
	movl	LVD_GF_SLOT(%rdi), %ecx
	movq	LVD_GF_ENTRY(%rdi), %r11
	movq	LVD_GF_DRSP(%rdi), %r13
	movq	LVD_GF_DGS(%rdi), %r14
	movq	LVD_GF_ARGS + 16(%rdi), %r12
	movq	LVD_GF_ARGS + 24(%rdi), %r10
	movq	LVD_GF_ARGS + 8(%rdi), %rsi
	movq	LVD_GF_ARGS + 32(%rdi), %r8
	movq	LVD_GF_ARGS + 40(%rdi), %r9
	movq	LVD_GF_ARGS(%rdi), %rdi
	/* RDX is overwritten by the landing check; R12-R14 by domain values. */
	xorl	%eax, %eax
	xorl	%ebx, %ebx
	xorl	%ebp, %ebp
	xorl	%r15d, %r15d
	VMFUNC
	LANDED_IN_DOMAIN
	/* The domain's view: its stack, its GS base, its arguments. */
	movq	%r13, %rsp
	wrgsbase %r14
	movq	%r12, %rdx
	movq	%r10, %rcx
	/* R10-R14 hold only the domain's own arguments, stack and GS base. */
	ANNOTATE_RETPOLINE_SAFE
	call	*%r11
	/* Back from the domain function: only RAX counts. */
	cli
	movq	%rax, %rdi
	xorl	%eax, %eax
	xorl	%ecx, %ecx
	VMFUNC
	LANDED_IN_KERNEL %r8
	movq	%rdi, %rax
	jmp	.Lunwind
SYM_FUNC_END(lvd_gate_call)

/*
 * Return from lvd_gate_call() through frame %r8 with %rax: the kernel's
 * stack, GS base and FS base from the frame, the callee-saved registers
 * from the kernel stack. The caller-saved registers keep what the domain
 * left: the C caller never reads them (the calling convention).
 */
SYM_CODE_START_LOCAL(lvd_gate_unwind)
	UNWIND_HINT_EMPTY
.Lunwind:
	movq	LVD_GF_KRSP(%r8), %rsp
	CLEAN_FLAGS
	movq	LVD_GF_GS(%r8), %rdx
	wrgsbase %rdx
	movq	LVD_GF_FS(%r8), %rdx
	wrfsbase %rdx
	popq	%r15
	popq	%r14
	popq	%r13
	popq	%r12
	popq	%rbx
	popq	%rbp
	RET
SYM_CODE_END(lvd_gate_unwind)

/*
 * The upcall gate. Domain code calls an import; the import's stub (made by
 * the loader in the domain's text) puts the import's index in EAX and
 * jumps here, with the arguments in RDI, RSI, RDX, RCX, R8, R9 as for any
 * call. The kernel runs lvd_dom_upcall() on the kernel stack below the
 * call's frame, then re-enters the domain at its return address.
 */
SYM_CODE_START(lvd_gate_upcall)
	UNWIND_HINT_EMPTY
	cli
	movq	%rcx, %r10
	movq	%rdx, %r12
	movl	%eax, %r11d
	movq	%rsp, %r13
	xorl	%eax, %eax
	xorl	%ecx, %ecx
	VMFUNC
	LANDED_IN_KERNEL %rbx
	movq	LVD_GF_GS(%rbx), %rdx
	wrgsbase %rdx
	movq	LVD_GF_KRSP(%rbx), %rsp
	CLEAN_FLAGS
	movq	%r13, LVD_GF_URSP(%rbx)
	subq	$8, %rsp
	pushq	%r9
	pushq	%r8
	pushq	%r10
	pushq	%r12
	pushq	%rsi
	pushq	%rdi
	pushq	%r11
	movq	%rsp, %rdi
	call	lvd_dom_upcall
	testq	%rax, %rax
	jnz	.Lupcall_refused
	/* Back into the domain with the result. */
	movq	LVD_UR_RET(%rsp), %rdi
	movl	LVD_GF_SLOT(%rbx), %ecx
	movq	LVD_GF_URSP(%rbx), %r13
	movq	LVD_GF_DGS(%rbx), %r14
	xorl	%eax, %eax
	xorl	%edx, %edx
	xorl	%esi, %esi
	xorl	%r8d, %r8d
	xorl	%r9d, %r9d
	xorl	%r10d, %r10d
	xorl	%r11d, %r11d
	xorl	%r12d, %r12d
	xorl	%r15d, %r15d
	xorl	%ebx, %ebx
	xorl	%ebp, %ebp
	VMFUNC
	LANDED_IN_DOMAIN
	movq	%r13, %rsp
	wrgsbase %r14
	movq	%rdi, %rax
	xorl	%ecx, %ecx
	xorl	%edx, %edx
	xorl	%edi, %edi
	xorl	%r13d, %r13d
	xorl	%r14d, %r14d
	ANNOTATE_UNRET_SAFE
	ret
	int3
.Lupcall_refused:
	/* lvd_dom_upcall() stopped the domain: the call returns its error. */
	movq	%rax, %r8
	movq	$-ECANCELED, %rax
	jmp	.Lunwind
SYM_CODE_END(lvd_gate_upcall)

/*
 * The abort entry, registered with the hypervisor on every CPU and reached
 * from a failed landing check in the kernel's view. Arguments as the
 * hypervisor gives them (include/lvd/hypercall.h): RDI reason, RSI RIP,
 * RDX slot, RCX exit qualification. Nothing else is trusted: the stack and
 * GS base come from this CPU's gate state. lvd_dom_abort_cpu() records the
 * stop and names the frame to return from.
 */
SYM_CODE_START(lvd_gate_abort)
	UNWIND_HINT_EMPTY
	cli
	movq	%rdi, %r12
	movq	%rsi, %r13
	movq	%rdx, %r14
	movq	%rcx, %r15
	CPU_NUMBER
	shll	$LVD_GC_SHIFT, %ecx
	addq	lvd_gate_cpus(%rip), %rcx
	movq	LVD_GC_ABORT_RSP(%rcx), %rsp
	CLEAN_FLAGS
	movq	LVD_GC_GS(%rcx), %rdx
	wrgsbase %rdx
	movq	%r12, %rdi
	movq	%r13, %rsi
	movq	%r14, %rdx
	movq	%r15, %rcx
	call	lvd_dom_abort_cpu
	movq	%rax, %r8
	movq	$-ECANCELED, %rax
	jmp	.Lunwind
.Lno_cpu:
	UNWIND_HINT_EMPTY
	ud2
.Lbad_landing:
	UNWIND_HINT_EMPTY
	/* Which view? A domain's: UD2 ends in the abort (see the top). */
	cmpl	$0, lvd_view_marker(%rip)
	jne	.Lno_cpu
	movq	$LVD_ABORT_REASON_LANDING, %rdi
	leaq	.Lbad_landing(%rip), %rsi
	xorl	%edx, %edx
	xorl	%ecx, %ecx
	jmp	lvd_gate_abort
SYM_CODE_END(lvd_gate_abort)

	.balign	4096, 0xcc
	.globl	lvd_gate_pages_end
lvd_gate_pages_end:
