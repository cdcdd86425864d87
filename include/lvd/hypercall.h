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
#define LVD_HC_ABI_VERSION		2

enum lvd_hypercall {
	LVD_HC_VERSION = 0,	/* returns LVD_HC_ABI_VERSION */
	LVD_HC_LEAVE = 1,	/* leave VMX operation on this CPU (module unload) */
	LVD_HC_MAP_RAM = 2,	/* map RAM [RDI, RDI + RSI) in the kernel's EPT (hot-add) */
	LVD_HC_VIEW_SET = 3,	/* EPTP RSI in slot RDI of every CPU's EPTP list */
	LVD_HC_VIEW_CLEAR = 4,	/* empty slot RDI of every CPU's EPTP list */
	LVD_HC_INVEPT_ALL = 5,	/* INVEPT all-context on this CPU */
	LVD_HC_ABORT_SET = 6,	/* this CPU's abort entry: RIP RDI, stack RSI, watch RDX */
	LVD_HC_BUDGET = 7,	/* this CPU's domain run-time budget: RDI TSC ticks, 0 off */
	LVD_HC_INVEPT_VIEW = 8,	/* INVEPT single-context for EPTP RDI on this CPU */
	LVD_HC_KVIEW_PROTECT = 9, /* kernel's view of [RDI, RDI + RSI): EPT rights RDX */
	LVD_HC_DOMAIN_RANGE = 10, /* domains' code in [RDI, RSI); per-CPU slots at RDX */
	LVD_HC_COUNT
};

/*
 * The abort entry (LVD_HC_ABORT_SET). An exit that code in a domain's view
 * causes at CPL 0 (a fault that ends in a triple fault, a sensitive
 * instruction, an EPT violation, a VMFUNC to an empty slot) or a budget
 * that ran out does not return into the domain: the CPU continues in the
 * kernel's view at the registered RIP on the registered stack, with
 * interrupts off, the kernel's GS base for this CPU, and
 *   RDI = the basic exit reason (LVD_EXIT_PREEMPTION_TIMER: the budget),
 *   RSI = the RIP the domain was at,
 *   RDX = the EPTP-list slot of the view (0 when it is no installed view),
 *   RCX = the exit qualification.
 * Every other register holds what the domain left: the entry trusts none.
 *
 * The watch (RDX of LVD_HC_ABORT_SET): the address of a u64 in kernel
 * memory that the domain manager increments on every entry into a domain
 * on this CPU. With a budget set, the VMX-preemption timer fires every
 * half budget; when it finds the CPU in a domain's view twice in a row
 * with the same watch value, the domain has run for at least half its
 * budget and at most a whole one since it was entered, and is aborted.
 */
#define LVD_ABORT_REASON_BUDGET		52	/* SDM exit reason: VMX-preemption timer */

/*
 * DOMAIN_RANGE: the virtual range the domains' code lives in, and a u32
 * per CPU (indexed by Linux CPU number) that is non-zero while a domain
 * call is active on that CPU. A supervisor instruction fetch from a page
 * the kernel's page tables do not map, inside that range, in the kernel's
 * view, while a call is active, is a domain that entered the kernel's view
 * with a VMFUNC of its own: it is aborted as above with reason
 * LVD_ABORT_REASON_EXCEPTION (RCX: the address). Any other such fault is
 * the kernel's, delivered to it as the CPU would have.
 */
#define LVD_ABORT_REASON_EXCEPTION	0	/* SDM exit reason: exception or NMI */

#endif /* LVD_HYPERCALL_H */
