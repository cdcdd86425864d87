/* SPDX-License-Identifier: GPL-2.0 */
/*
 * hypervisor/vmx_ops.S - the VMX instructions (SDM Vol. 3C chapter 30) and
 * one CR4 write as C-callable functions. Called from process context (cpu.c,
 * vmcs_setup.c) and from the exit handler (exit.c); none touches memory
 * other than its operands.
 *
 * Also the raw MSR accessors of VMX root (exit.c): the kernel's own
 * rdmsrl_safe()/wrmsrl_safe() call MSR tracepoints. A RDMSR or WRMSR that
 * raises #GP (no such MSR, a value the CPU refuses: SDM Vol. 2B RDMSR,
 * WRMSR) is caught by the exception table and returns -EIO.
 *
 * VMX instructions report failure in RFLAGS: CF=1 (VMfailInvalid) or ZF=1
 * (VMfailValid, error number in the VMCS); "jbe" catches both. The
 * functions return 0 or -EIO.
 */
#include <linux/linkage.h>
#include <linux/errno.h>
#include <asm/asm.h>

/* Return 0, or -EIO when the VMX instruction just executed failed. */
.macro VMX_RESULT
	jbe	.Lfail\@
	xor	%eax, %eax
	RET
.Lfail\@:
	mov	$-EIO, %eax
	RET
.endm

.text

/* int lvd_vmxon(u64 pa) */
SYM_FUNC_START(lvd_vmxon)
	push	%rdi
	vmxon	(%rsp)
	pop	%rdi
	VMX_RESULT
SYM_FUNC_END(lvd_vmxon)

/* void lvd_vmxoff(void) */
SYM_FUNC_START(lvd_vmxoff)
	vmxoff
	RET
SYM_FUNC_END(lvd_vmxoff)

/* int lvd_vmclear(u64 pa) */
SYM_FUNC_START(lvd_vmclear)
	push	%rdi
	vmclear	(%rsp)
	pop	%rdi
	VMX_RESULT
SYM_FUNC_END(lvd_vmclear)

/* int lvd_vmptrld(u64 pa) */
SYM_FUNC_START(lvd_vmptrld)
	push	%rdi
	vmptrld	(%rsp)
	pop	%rdi
	VMX_RESULT
SYM_FUNC_END(lvd_vmptrld)

/* u64 lvd_vmread(u64 field): 0 when the field cannot be read */
SYM_FUNC_START(lvd_vmread)
	xor	%eax, %eax
	vmread	%rdi, %rax
	jbe	1f
	RET
1:	xor	%eax, %eax
	RET
SYM_FUNC_END(lvd_vmread)

/* int lvd_vmwrite(u64 field, u64 value) */
SYM_FUNC_START(lvd_vmwrite)
	vmwrite	%rsi, %rdi
	VMX_RESULT
SYM_FUNC_END(lvd_vmwrite)

/* INVEPT/INVVPID \insn with type in %rdi and 128-bit descriptor { %rsi, 0 }. */
.macro INV_DESC insn
	push	$0
	push	%rsi
	\insn	(%rsp), %rdi
	lea	16(%rsp), %rsp
	VMX_RESULT
.endm

/* int lvd_invept(u64 type, u64 eptp): descriptor { eptp, 0 } */
SYM_FUNC_START(lvd_invept)
	INV_DESC invept
SYM_FUNC_END(lvd_invept)

/* int lvd_invvpid(u64 type, u64 vpid): descriptor { vpid, linear address 0 } */
SYM_FUNC_START(lvd_invvpid)
	INV_DESC invvpid
SYM_FUNC_END(lvd_invvpid)

/*
 * long lvd_vmcall(long nr, long a1, long a2, long a3): a hypercall with the
 * ABI of include/lvd/hypercall.h (RAX = nr, RDI, RSI, RDX = arguments,
 * result in RAX). lvd_vmcall_site is the VMCALL itself: the hypervisor
 * accepts its state-changing hypercalls only from there.
 */
SYM_FUNC_START(lvd_vmcall)
	mov	%rdi, %rax
	mov	%rsi, %rdi
	mov	%rdx, %rsi
	mov	%rcx, %rdx
SYM_INNER_LABEL(lvd_vmcall_site, SYM_L_GLOBAL)
	vmcall
	RET
SYM_FUNC_END(lvd_vmcall)

/*
 * void lvd_write_cr4(u64 val): for the leave path only, which must put back
 * the kernel's CR4 exactly (VMXE included) while the kernel's CR4 shadow
 * already holds that value; the kernel's own native_write_cr4() is not
 * exported to modules.
 */
SYM_FUNC_START(lvd_write_cr4)
	mov	%rdi, %cr4
	RET
SYM_FUNC_END(lvd_write_cr4)

/* int lvd_rdmsr_safe(u32 msr, u64 *val): 0, or -EIO (then *val = 0) */
SYM_FUNC_START(lvd_rdmsr_safe)
	mov	%edi, %ecx
1:	rdmsr
	shl	$32, %rdx
	or	%rdx, %rax
	mov	%rax, (%rsi)
	xor	%eax, %eax
	RET
2:	movq	$0, (%rsi)
	mov	$-EIO, %eax
	RET
	_ASM_EXTABLE(1b, 2b)
SYM_FUNC_END(lvd_rdmsr_safe)

/* int lvd_wrmsr_safe(u32 msr, u64 val): 0, or -EIO */
SYM_FUNC_START(lvd_wrmsr_safe)
	mov	%edi, %ecx
	mov	%esi, %eax
	mov	%rsi, %rdx
	shr	$32, %rdx
1:	wrmsr
	xor	%eax, %eax
	RET
2:	mov	$-EIO, %eax
	RET
	_ASM_EXTABLE(1b, 2b)
SYM_FUNC_END(lvd_wrmsr_safe)
