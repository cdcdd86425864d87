/* SPDX-License-Identifier: GPL-2.0 */
/*
 * include/lvd/hw/cpu.h - general CPU constants the hypervisor needs when it
 * emulates instructions: CPUID bits and leaves, XCR0 bits, RFLAGS bits.
 * Each is named once here, with its SDM source.
 */
#ifndef LVD_HW_CPU_H
#define LVD_HW_CPU_H

/*
 * CPUID.1:ECX bit 31: "not used, always 0" on hardware (SDM Vol. 2A CPUID,
 * Table 3-10); hypervisors set it to say the OS runs under one.
 */
#define LVD_CPUID1_ECX_HYPERVISOR	BIT(31)
/* Leaves 40000000H-4FFFFFFFH are left to hypervisors (SDM Vol. 2A CPUID). */
#define LVD_CPUID_HV_RANGE_MASK		0xf0000000
#define LVD_CPUID_HV_RANGE_BASE		0x40000000
/* CPUID leaf 0DH: processor extended state enumeration (SDM Vol. 2A CPUID). */
#define LVD_CPUID_LEAF_XSTATE		0xd

/* XCR0 (SDM Vol. 1 13.3): x87 must be 1; AVX state needs SSE state. */
#define LVD_XCR0_X87			BIT_ULL(0)
#define LVD_XCR0_SSE			BIT_ULL(1)
#define LVD_XCR0_AVX			BIT_ULL(2)

/* MOV to CR3 with bit 63 set keeps the PCID's TLB entries: SDM Vol. 3A 4.10.4.1. */
#define LVD_CR3_NOFLUSH			BIT_ULL(63)

/* RFLAGS.TF, the single-step flag: SDM Vol. 1 3.4.3.3. */
#define LVD_RFLAGS_TF			BIT_ULL(8)

#endif /* LVD_HW_CPU_H */
