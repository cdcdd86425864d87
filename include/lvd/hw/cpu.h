/* SPDX-License-Identifier: GPL-2.0 */
/*
 * include/lvd/hw/cpu.h - general CPU constants the hypervisor needs when it
 * emulates instructions: CPUID bits and leaves, control-register and XCR0
 * bits, address widths, RFLAGS bits. Each is named once here, with its SDM
 * source.
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

/*
 * The other leaves and feature bits that decide which guest writes fault
 * (hypervisor/guest_rules.c). SDM Vol. 2A CPUID: leaf 1 ECX in Table 3-10,
 * leaf 1 EDX in Table 3-11, leaves 7, 80000001H and 80000008H in Table 3-8.
 */
#define LVD_CPUID_LEAF_FEATURES		0x1
#define LVD_CPUID_LEAF_EXT_FEATURES	0x7		/* subleaves 0 and 1 */
#define LVD_CPUID_LEAF_EXT_SIG		0x80000001
#define LVD_CPUID_LEAF_ADDR_SIZES	0x80000008
#define LVD_CPUID1_ECX_SMX		BIT(6)		/* CR4.SMXE */
#define LVD_CPUID1_ECX_PCID		BIT(17)		/* CR4.PCIDE */
#define LVD_CPUID1_ECX_XSAVE		BIT(26)		/* XSETBV, CR4.OSXSAVE */
#define LVD_CPUID1_EDX_VME		BIT(1)		/* CR4.VME, CR4.PVI */
#define LVD_CPUID1_EDX_DE		BIT(2)		/* CR4.DE */
#define LVD_CPUID1_EDX_PSE		BIT(3)		/* CR4.PSE */
#define LVD_CPUID1_EDX_TSC		BIT(4)		/* CR4.TSD */
#define LVD_CPUID1_EDX_PAE		BIT(6)		/* CR4.PAE */
#define LVD_CPUID1_EDX_MCE		BIT(7)		/* CR4.MCE */
#define LVD_CPUID1_EDX_PGE		BIT(13)		/* CR4.PGE */
#define LVD_CPUID1_EDX_FXSR		BIT(24)		/* CR4.OSFXSR */
#define LVD_CPUID1_EDX_SSE		BIT(25)		/* CR4.OSXMMEXCPT */
#define LVD_CPUID7_EBX_FSGSBASE		BIT(0)		/* CR4.FSGSBASE */
#define LVD_CPUID7_EBX_SMEP		BIT(7)		/* CR4.SMEP */
#define LVD_CPUID7_EBX_SMAP		BIT(20)		/* CR4.SMAP */
#define LVD_CPUID7_ECX_UMIP		BIT(2)		/* CR4.UMIP */
#define LVD_CPUID7_ECX_PKU		BIT(3)		/* CR4.PKE */
#define LVD_CPUID7_ECX_CET_SS		BIT(7)		/* CR4.CET (shadow stacks) */
#define LVD_CPUID7_ECX_LA57		BIT(16)		/* CR4.LA57 */
#define LVD_CPUID7_ECX_KL		BIT(23)		/* CR4.KL */
#define LVD_CPUID7_ECX_PKS		BIT(31)		/* CR4.PKS */
#define LVD_CPUID7_EDX_UINTR		BIT(5)		/* CR4.UINTR */
#define LVD_CPUID7_EDX_CET_IBT		BIT(20)		/* CR4.CET (indirect branch tracking) */
/* Subleaf 1 EAX: LAM is in the ISE (Intel 319433), "Linear Address Masking". */
#define LVD_CPUID7_1_EAX_LAM		BIT(26)		/* CR4.LAM_SUP */
#define LVD_CPUID_EXT1_EDX_SYSCALL	BIT(11)		/* IA32_EFER.SCE */
#define LVD_CPUID_EXT1_EDX_NX		BIT(20)		/* IA32_EFER.NXE */
#define LVD_CPUID_EXT1_EDX_LM		BIT(29)		/* IA32_EFER.LME, LMA */
#define LVD_CPUID_EXT8_EAX_PHYS_MASK	GENMASK_ULL(7, 0)	/* MAXPHYADDR */

/* XCR0 (SDM Vol. 1 13.3): x87 must be 1; AVX state needs SSE state. */
#define LVD_XCR0_X87			BIT_ULL(0)
#define LVD_XCR0_SSE			BIT_ULL(1)
#define LVD_XCR0_AVX			BIT_ULL(2)
/*
 * More user state components (SDM Vol. 1 13.1, 13.3): MPX bounds registers
 * and configuration go together, so do the three AVX-512 components (which
 * also need AVX) and the two AMX components. Bit 63 is reserved for future
 * expansion and never names a component.
 */
#define LVD_XCR0_BNDREGS		BIT_ULL(3)
#define LVD_XCR0_BNDCSR			BIT_ULL(4)
#define LVD_XCR0_OPMASK			BIT_ULL(5)
#define LVD_XCR0_ZMM_HI256		BIT_ULL(6)
#define LVD_XCR0_HI16_ZMM		BIT_ULL(7)
#define LVD_XCR0_PKRU			BIT_ULL(9)
#define LVD_XCR0_XTILECFG		BIT_ULL(17)
#define LVD_XCR0_XTILEDATA		BIT_ULL(18)
#define LVD_XCR0_RESERVED63		BIT_ULL(63)
/*
 * Supervisor state components, enabled in IA32_XSS and enumerated by
 * CPUID.(EAX=0DH,ECX=1):ECX/EDX, never in XCR0 (SDM Vol. 1 13.2, 13.3): PT 8,
 * PASID 10, CET_U 11, CET_S 12, HDC 13, UINTR 14, LBR 15, HWP 16.
 */
#define LVD_XSS_SUPERVISOR_MASK		(BIT_ULL(8) | GENMASK_ULL(16, 10))

/*
 * Control registers: SDM Vol. 3A 2.5 "Control Registers", Figure 2-7. MOV
 * to CR0 ignores the reserved bits of CR0[31:0] and raises #GP for a 1 in
 * CR0[63:32]; every CR4 bit not named here is reserved and raises #GP
 * (SDM Vol. 2B "MOV-Move to/from Control Registers").
 */
#define LVD_CR0_PE			BIT_ULL(0)
#define LVD_CR0_MP			BIT_ULL(1)
#define LVD_CR0_EM			BIT_ULL(2)
#define LVD_CR0_TS			BIT_ULL(3)
#define LVD_CR0_ET			BIT_ULL(4)	/* hardwired to 1 */
#define LVD_CR0_NE			BIT_ULL(5)
#define LVD_CR0_WP			BIT_ULL(16)
#define LVD_CR0_AM			BIT_ULL(18)
#define LVD_CR0_NW			BIT_ULL(29)
#define LVD_CR0_CD			BIT_ULL(30)
#define LVD_CR0_PG			BIT_ULL(31)
/* With CR4.PCIDE = 1, CR3[11:0] is the current PCID: SDM Vol. 3A 4.10.1. */
#define LVD_CR3_PCID_MASK		GENMASK_ULL(11, 0)
#define LVD_CR4_VME			BIT_ULL(0)
#define LVD_CR4_PVI			BIT_ULL(1)
#define LVD_CR4_TSD			BIT_ULL(2)
#define LVD_CR4_DE			BIT_ULL(3)
#define LVD_CR4_PSE			BIT_ULL(4)
#define LVD_CR4_PAE			BIT_ULL(5)
#define LVD_CR4_MCE			BIT_ULL(6)
#define LVD_CR4_PGE			BIT_ULL(7)
#define LVD_CR4_PCE			BIT_ULL(8)	/* no CPUID bit: always there */
#define LVD_CR4_OSFXSR			BIT_ULL(9)
#define LVD_CR4_OSXMMEXCPT		BIT_ULL(10)
#define LVD_CR4_UMIP			BIT_ULL(11)
#define LVD_CR4_LA57			BIT_ULL(12)
#define LVD_CR4_VMXE			BIT_ULL(13)
#define LVD_CR4_SMXE			BIT_ULL(14)
#define LVD_CR4_FSGSBASE		BIT_ULL(16)
#define LVD_CR4_PCIDE			BIT_ULL(17)
#define LVD_CR4_OSXSAVE			BIT_ULL(18)
#define LVD_CR4_KL			BIT_ULL(19)
#define LVD_CR4_SMEP			BIT_ULL(20)
#define LVD_CR4_SMAP			BIT_ULL(21)
#define LVD_CR4_PKE			BIT_ULL(22)
#define LVD_CR4_CET			BIT_ULL(23)
#define LVD_CR4_PKS			BIT_ULL(24)
#define LVD_CR4_UINTR			BIT_ULL(25)
#define LVD_CR4_LAM_SUP			BIT_ULL(28)	/* ISE (319433) "Linear Address Masking" */

/*
 * Linear-address width in 64-bit mode: 48 bits with 4-level paging, 57 with
 * 5-level paging. An address is canonical when bits 63 down to the width
 * all equal the bit below them (SDM Vol. 1 3.3.7.1, Vol. 3A 4.5).
 */
#define LVD_LA_BITS_4LEVEL		48
#define LVD_LA_BITS_5LEVEL		57
/*
 * MAXPHYADDR is CPUID.80000008H:EAX[7:0]; without that leaf it is 36 if
 * CPUID.1:EDX.PAE = 1, else 32; it is at most 52 (SDM Vol. 3A 4.1.4).
 */
#define LVD_MAXPHYADDR_LIMIT		52
#define LVD_MAXPHYADDR_PAE		36
#define LVD_MAXPHYADDR_NO_PAE		32

/* MOV to CR3 with bit 63 set keeps the PCID's TLB entries: SDM Vol. 3A 4.10.4.1. */
#define LVD_CR3_NOFLUSH			BIT_ULL(63)

/* RFLAGS bit 1 is reserved and always 1: SDM Vol. 1 3.4.3, Figure 3-8. */
#define LVD_RFLAGS_FIXED1		BIT_ULL(1)
/* RFLAGS.TF, the single-step flag: SDM Vol. 1 3.4.3.3. */
#define LVD_RFLAGS_TF			BIT_ULL(8)

/*
 * Instructions that need a secondary VM-execution control to work in VMX
 * non-root, by the CPUID bit that offers them (SDM Vol. 2A CPUID, Tables
 * 3-8 and 3-21; Vol. 3C 24.6.2).
 */
#define LVD_CPUID7_EBX_INVPCID		BIT(10)		/* INVPCID */
#define LVD_CPUID7_ECX_WAITPKG		BIT(5)		/* TPAUSE, UMONITOR, UMWAIT */
#define LVD_CPUID7_ECX_RDPID		BIT(22)		/* RDPID */
#define LVD_CPUID7_EDX_PCONFIG		BIT(18)		/* PCONFIG */
#define LVD_CPUIDD_1_EAX_XSAVES		BIT(3)		/* leaf 0DH subleaf 1: XSAVES/XRSTORS */
#define LVD_CPUID_EXT1_EDX_RDTSCP	BIT(27)		/* RDTSCP */
/* Leaf 0 and leaf 80000000H give the highest basic and extended leaf. */
#define LVD_CPUID_EXT_BASE		0x80000000

#endif /* LVD_HW_CPU_H */
