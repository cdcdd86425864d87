/* SPDX-License-Identifier: GPL-2.0 */
/*
 * kernel/gate.h - the layout that the call gates (gate.S) and the domain
 * manager (domain.c) share: the frame of one kernel-to-domain call, the
 * per-CPU gate state, the upcall registers. Offsets are checked against
 * the C structures with static_assert in domain.c.
 */
#ifndef LVD_KERNEL_GATE_H
#define LVD_KERNEL_GATE_H

/*
 * struct lvd_gate_frame: on the kernel stack of the caller, for the whole
 * call; the gates restore the kernel's RSP, GS base and FS base from it.
 */
#define LVD_GF_KRSP	0	/* kernel RSP inside lvd_gate_call() */
#define LVD_GF_GS	8	/* kernel GS base */
#define LVD_GF_FS	16	/* FS base (the interrupted process's) */
#define LVD_GF_SLOT	24	/* the domain's EPTP-list slot */
#define LVD_GF_ENTRY	32	/* the domain function */
#define LVD_GF_DRSP	40	/* domain stack pointer to enter with */
#define LVD_GF_DGS	48	/* domain GS base: its per-CPU page on this CPU */
#define LVD_GF_ARGS	56	/* six arguments */
#define LVD_GF_URSP	104	/* domain RSP saved by the upcall gate */

/* struct lvd_gate_cpu: per CPU, in kernel memory only; 64 bytes each. */
#define LVD_GC_ABORT_RSP 0	/* the abort entry's stack top */
#define LVD_GC_GS	8	/* this CPU's kernel GS base */
#define LVD_GC_SHIFT	6	/* log2 of its size */

/* struct lvd_upcall_regs: pushed by the upcall gate. */
#define LVD_UR_IDX	0
#define LVD_UR_ARGS	8
#define LVD_UR_RET	56
#define LVD_UR_SIZE	64

/*
 * Linux keeps the CPU number in IA32_TSC_AUX[11:0] (and the node above it)
 * for RDTSCP and RDPID (arch/x86/include/asm/segment.h, VDSO_CPUNODE_BITS);
 * writes to the MSR exit (hypervisor/msr_bitmap.c), so a domain cannot
 * change it.
 */
#define LVD_TSC_AUX_CPU_MASK	0xfff
/* Entries of every per-CPU array the gates index: any masked CPU number fits. */
#define LVD_GATE_CPUS		(LVD_TSC_AUX_CPU_MASK + 1)

/* The abort entry's reason for a VMFUNC that landed in the wrong view. */
#define LVD_ABORT_REASON_LANDING	0x100

#endif /* LVD_KERNEL_GATE_H */
