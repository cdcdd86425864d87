/* SPDX-License-Identifier: GPL-2.0 */
/*
 * hypervisor/exit_frame.h - the layout of struct lvd_guest_regs on the exit
 * stack, shared by vmx_entry.S (which builds it) and exit.c (which checks
 * at compile time that the C struct has the same offsets), and the values
 * lvd_vmx_launch() returns.
 */
#ifndef LVD_HV_EXIT_FRAME_H
#define LVD_HV_EXIT_FRAME_H

#define LVD_FRAME_GPRS		16			/* gpr[16] */
#define LVD_FRAME_RIP		(LVD_FRAME_GPRS * 8)
#define LVD_FRAME_RSP		(LVD_FRAME_RIP + 8)
#define LVD_FRAME_RFLAGS	(LVD_FRAME_RSP + 8)
#define LVD_FRAME_SIZE		(LVD_FRAME_RFLAGS + 8)

/* lvd_vmx_launch(): the kernel now runs as the guest. */
#define LVD_LAUNCH_OK		0
/* VMLAUNCH failed (VMfail): still in VMX root, the VMCS is current. */
#define LVD_LAUNCH_VMFAIL	1
/*
 * The VM entry failed its checks (SDM Vol. 3C 26.7): the CPU came back
 * through the exit entry point, and the exit handler has already left VMX
 * operation and put the CPU back as it was (CR4.VMXE still set).
 */
#define LVD_LAUNCH_ENTRY_FAILED	2

#endif /* LVD_HV_EXIT_FRAME_H */
