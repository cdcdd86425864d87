/* SPDX-License-Identifier: GPL-2.0 */
/*
 * include/lvd/hypercall.h - the LVD hypervisor's interface as the guest sees
 * it: the CPUID leaves that tell a program (kernel or user) whether LVD runs
 * on the current CPU, and the VMCALL hypercall ABI. Shared by the module and
 * by user-space tools and tests; plain C, no kernel headers.
 *
 * CPUID leaves (the range 0x40000000-0x4fffffff is reserved for hypervisors,
 * SDM Vol. 2A CPUID, "Hypervisor Use"):
 *   0x40000000: EAX = highest LVD leaf, EBX:ECX:EDX = "LVDLVDLVDLVD"
 *   0x40000001: EAX = LVD_HC_ABI_VERSION, EBX = Linux CPU number the
 *               hypervisor answered on, ECX = EDX = 0
 *
 * Hypercalls: VMCALL with RAX = hypercall number and RDI, RSI, RDX = the
 * arguments; the result comes back in RAX (a negative errno on failure; an
 * unknown number gives -EOPNOTSUPP, -95), the other registers are
 * preserved. Hypercalls are accepted only at CPL 0 in the kernel's own EPT
 * view; a VMCALL from anywhere else is refused and counted, and the caller
 * gets #UD as if VMX were absent.
 */
#ifndef LVD_HYPERCALL_H
#define LVD_HYPERCALL_H

#define LVD_CPUID_SIGNATURE_LEAF	0x40000000
#define LVD_CPUID_INFO_LEAF		0x40000001
#define LVD_CPUID_MAX_LEAF		LVD_CPUID_INFO_LEAF
/* "LVDLVDLVDLVD" as the three little-endian registers EBX, ECX, EDX. */
#define LVD_CPUID_SIG_EBX		0x4c44564c	/* "LVDL" */
#define LVD_CPUID_SIG_ECX		0x564c4456	/* "VDLV" */
#define LVD_CPUID_SIG_EDX		0x44564c44	/* "DLVD" */
#define LVD_CPUID_SIGNATURE		"LVDLVDLVDLVD"

/* Bump when a hypercall changes meaning; add numbers, never reuse them. */
#define LVD_HC_ABI_VERSION		1

enum lvd_hypercall {
	LVD_HC_VERSION = 0,	/* returns LVD_HC_ABI_VERSION */
	LVD_HC_LEAVE = 1,	/* leave VMX operation on this CPU (module unload) */
	LVD_HC_MAP_RAM = 2,	/* map RAM [RDI, RDI + RSI) in the kernel's EPT (hot-add) */
	LVD_HC_VIEW_SET = 3,	/* EPTP RSI in slot RDI of every CPU's EPTP list */
	LVD_HC_VIEW_CLEAR = 4,	/* empty slot RDI of every CPU's EPTP list */
	LVD_HC_INVEPT_ALL = 5,	/* INVEPT all-context on this CPU */
	LVD_HC_COUNT
};

#endif /* LVD_HYPERCALL_H */
