// SPDX-License-Identifier: GPL-2.0
/*
 * hypervisor/guest_rules.c - which guest writes to control registers, MSRs
 * and XCR0 a bare Intel CPU refuses with #GP (or #UD), from its CPUID.
 *
 * Pure logic. Called by the exit handler before it emulates MOV to CR0/CR4,
 * WRMSR and XSETBV in VMX root, and by tests/unit/test_guest_rules.c. The
 * caller passes the guest's current state; nothing here reads hardware.
 */
#include <lvd/compat.h>
#include <lvd/hw/cpu.h>
#include <lvd/hw/msr.h>
#include <lvd/hw/vmx.h>
#include "guest_rules.h"

/* CR4 bits by the CPUID bit that enumerates them (SDM Vol. 2A CPUID, Vol. 3A 2.5). */
static u64 cr4_from_cpuid(const struct lvd_cpuid_words *w)
{
	u64 cr4 = LVD_CR4_PCE;

	if (w->l1_edx & LVD_CPUID1_EDX_VME)
		cr4 |= LVD_CR4_VME | LVD_CR4_PVI;
	if (w->l1_edx & LVD_CPUID1_EDX_TSC)
		cr4 |= LVD_CR4_TSD;
	if (w->l1_edx & LVD_CPUID1_EDX_DE)
		cr4 |= LVD_CR4_DE;
	if (w->l1_edx & LVD_CPUID1_EDX_PSE)
		cr4 |= LVD_CR4_PSE;
	if (w->l1_edx & LVD_CPUID1_EDX_PAE)
		cr4 |= LVD_CR4_PAE;
	if (w->l1_edx & LVD_CPUID1_EDX_MCE)
		cr4 |= LVD_CR4_MCE;
	if (w->l1_edx & LVD_CPUID1_EDX_PGE)
		cr4 |= LVD_CR4_PGE;
	if (w->l1_edx & LVD_CPUID1_EDX_FXSR)
		cr4 |= LVD_CR4_OSFXSR;
	if (w->l1_edx & LVD_CPUID1_EDX_SSE)
		cr4 |= LVD_CR4_OSXMMEXCPT;
	if (w->l1_ecx & LVD_CPUID1_ECX_VMX)
		cr4 |= LVD_CR4_VMXE;
	if (w->l1_ecx & LVD_CPUID1_ECX_SMX)
		cr4 |= LVD_CR4_SMXE;
	if (w->l1_ecx & LVD_CPUID1_ECX_PCID)
		cr4 |= LVD_CR4_PCIDE;
	if (w->l1_ecx & LVD_CPUID1_ECX_XSAVE)
		cr4 |= LVD_CR4_OSXSAVE;
	if (w->l7_ebx & LVD_CPUID7_EBX_FSGSBASE)
		cr4 |= LVD_CR4_FSGSBASE;
	if (w->l7_ebx & LVD_CPUID7_EBX_SMEP)
		cr4 |= LVD_CR4_SMEP;
	if (w->l7_ebx & LVD_CPUID7_EBX_SMAP)
		cr4 |= LVD_CR4_SMAP;
	if (w->l7_ecx & LVD_CPUID7_ECX_UMIP)
		cr4 |= LVD_CR4_UMIP;
	if (w->l7_ecx & LVD_CPUID7_ECX_PKU)
		cr4 |= LVD_CR4_PKE;
	if (w->l7_ecx & LVD_CPUID7_ECX_LA57)
		cr4 |= LVD_CR4_LA57;
	if (w->l7_ecx & LVD_CPUID7_ECX_KL)
		cr4 |= LVD_CR4_KL;
	if (w->l7_ecx & LVD_CPUID7_ECX_PKS)
		cr4 |= LVD_CR4_PKS;
	if ((w->l7_ecx & LVD_CPUID7_ECX_CET_SS) || (w->l7_edx & LVD_CPUID7_EDX_CET_IBT))
		cr4 |= LVD_CR4_CET;
	if (w->l7_edx & LVD_CPUID7_EDX_UINTR)
		cr4 |= LVD_CR4_UINTR;
	if (w->l7_1_eax & LVD_CPUID7_1_EAX_LAM)
		cr4 |= LVD_CR4_LAM_SUP;
	return cr4;
}

/**
 * lvd_guest_features_init() - what a CPU lets the guest enable
 * @f: filled in
 * @w: the CPUID words as the guest sees them
 *
 * IA32_EFER.SCE needs CPUID.80000001H:EDX.SYSCALL, LME and LMA need .LM,
 * NXE needs .NX (SDM Vol. 4 Table 2-2 IA32_EFER). XCR0 may hold the bits of
 * CPUID.(EAX=0DH,ECX=0):EDX:EAX, never a supervisor component or bit 63
 * (SDM Vol. 1 13.3), and nothing without CPUID.1:ECX.XSAVE. MAXPHYADDR
 * falls back to 36 or 32 without leaf 80000008H (SDM Vol. 3A 4.1.4).
 */
void lvd_guest_features_init(struct lvd_guest_features *f, const struct lvd_cpuid_words *w)
{
	unsigned int phys = w->ext8_eax & LVD_CPUID_EXT8_EAX_PHYS_MASK;

	memset(f, 0, sizeof(*f));
	f->cr4_allowed = cr4_from_cpuid(w);
	if (w->ext1_edx & LVD_CPUID_EXT1_EDX_SYSCALL)
		f->efer_allowed |= LVD_EFER_SCE;
	if (w->ext1_edx & LVD_CPUID_EXT1_EDX_LM)
		f->efer_allowed |= LVD_EFER_LME | LVD_EFER_LMA;
	if (w->ext1_edx & LVD_CPUID_EXT1_EDX_NX)
		f->efer_allowed |= LVD_EFER_NXE;
	if (w->l1_ecx & LVD_CPUID1_ECX_XSAVE)
		f->xcr0_supported = (((u64)w->ld_edx << 32) | w->ld_eax) &
				    ~(LVD_XSS_SUPERVISOR_MASK | LVD_XCR0_RESERVED63);
	if (!phys)
		phys = (w->l1_edx & LVD_CPUID1_EDX_PAE) ? LVD_MAXPHYADDR_PAE : LVD_MAXPHYADDR_NO_PAE;
	f->maxphyaddr = phys < LVD_MAXPHYADDR_LIMIT ? phys : LVD_MAXPHYADDR_LIMIT;
	f->msr_la_bits = (w->l7_ecx & LVD_CPUID7_ECX_LA57) ? LVD_LA_BITS_5LEVEL : LVD_LA_BITS_4LEVEL;
}

/**
 * lvd_check_cr0() - does MOV to CR0 fault?
 * @new_cr0: the value written (outside 64-bit mode the CPU takes the low 32
 *	     bits of the source and zeroes 63:32: pass it so)
 * @old_cr0: the guest's current CR0
 * @cr4: the guest's current CR4
 * @efer: the guest's current IA32_EFER
 * @cs_l: CS.L, so with EFER.LMA = 1 whether the guest is in 64-bit mode
 * @tr_tss16: TR holds a 16-bit TSS (type 1 or 3)
 *
 * #GP(0) (SDM Vol. 2B "MOV-Move to/from Control Registers", Vol. 3A 2.5,
 * 4.1.2, 9.8.5): a 1 in CR0[63:32]; NW = 1 with CD = 0; PG = 1 with PE = 0;
 * setting PG with IA32_EFER.LME = 1 (activating IA-32e mode) while CR4.PAE
 * = 0, CS.L = 1 or TR holds a 16-bit TSS; clearing PG in 64-bit mode
 * (EFER.LMA = 1 and CS.L = 1; compatibility mode may clear it) or while
 * CR4.PCIDE = 1; clearing WP while CR4.CET = 1. The reserved bits of
 * CR0[31:0] and ET are ignored: see lvd_cr0_value().
 *
 * Return: 0, or -EINVAL for #GP(0).
 */
lvd_root int lvd_check_cr0(u64 new_cr0, u64 old_cr0, u64 cr4, u64 efer, bool cs_l, bool tr_tss16)
{
	bool lma = efer & LVD_EFER_LMA;

	if (new_cr0 >> 32)
		return -EINVAL;
	if ((new_cr0 & LVD_CR0_NW) && !(new_cr0 & LVD_CR0_CD))
		return -EINVAL;
	if ((new_cr0 & LVD_CR0_PG) && !(new_cr0 & LVD_CR0_PE))
		return -EINVAL;
	if ((new_cr0 & LVD_CR0_PG) && !(old_cr0 & LVD_CR0_PG) && (efer & LVD_EFER_LME) &&
	    (!(cr4 & LVD_CR4_PAE) || cs_l || tr_tss16))
		return -EINVAL;
	if (!(new_cr0 & LVD_CR0_PG) && ((lma && cs_l) || (cr4 & LVD_CR4_PCIDE)))
		return -EINVAL;
	if (!(new_cr0 & LVD_CR0_WP) && (cr4 & LVD_CR4_CET))
		return -EINVAL;
	return 0;
}

/**
 * lvd_cr0_value() - what CR0 holds after an allowed MOV to CR0
 * @new_cr0: the value written
 *
 * Writes to the reserved bits of CR0[31:0] are ignored, so they stay 0, and
 * ET is hardwired to 1 (SDM Vol. 2B MOV, Vol. 3A 2.5).
 *
 * Return: the new CR0.
 */
lvd_root u64 lvd_cr0_value(u64 new_cr0)
{
	const u64 defined = LVD_CR0_PE | LVD_CR0_MP | LVD_CR0_EM | LVD_CR0_TS | LVD_CR0_ET |
			    LVD_CR0_NE | LVD_CR0_WP | LVD_CR0_AM | LVD_CR0_NW | LVD_CR0_CD |
			    LVD_CR0_PG;

	return (new_cr0 & defined) | LVD_CR0_ET;
}

/**
 * lvd_efer_after_cr0() - IA32_EFER after an allowed MOV to CR0
 * @efer: the guest's IA32_EFER before the write
 * @cr0: the new CR0
 *
 * Setting CR0.PG with LME = 1 activates IA-32e mode and sets LMA; clearing
 * PG deactivates it and clears LMA (SDM Vol. 3A 9.8.5, 9.8.5.4).
 *
 * Return: @efer with LMA = LME AND CR0.PG.
 */
lvd_root u64 lvd_efer_after_cr0(u64 efer, u64 cr0)
{
	efer &= ~LVD_EFER_LMA;
	if ((efer & LVD_EFER_LME) && (cr0 & LVD_CR0_PG))
		efer |= LVD_EFER_LMA;
	return efer;
}

/**
 * lvd_check_cr4() - does MOV to CR4 fault?
 * @f: the CPU's features
 * @new_cr4: the value written (low 32 bits only outside 64-bit mode)
 * @old_cr4: the guest's current CR4
 * @cr0: the guest's current CR0
 * @cr3: the guest's current CR3
 * @efer: the guest's current IA32_EFER
 *
 * #GP(0) (SDM Vol. 2B MOV, Vol. 3A 2.5, 4.1.2, 4.10.1): a bit this CPU does
 * not enumerate or that is reserved; clearing PAE in IA-32e mode (EFER.LMA
 * = 1); changing LA57 in IA-32e mode; PCIDE = 1 outside IA-32e mode;
 * changing PCIDE from 0 to 1 while CR3[11:0] != 0; CET = 1 while CR0.WP = 0.
 *
 * Return: 0, or -EINVAL for #GP(0).
 */
lvd_root int lvd_check_cr4(const struct lvd_guest_features *f, u64 new_cr4, u64 old_cr4,
		  u64 cr0, u64 cr3, u64 efer)
{
	bool lma = efer & LVD_EFER_LMA;

	if (new_cr4 & ~f->cr4_allowed)
		return -EINVAL;
	if (lma && !(new_cr4 & LVD_CR4_PAE))
		return -EINVAL;
	if (lma && ((new_cr4 ^ old_cr4) & LVD_CR4_LA57))
		return -EINVAL;
	if ((new_cr4 & LVD_CR4_PCIDE) && !lma)
		return -EINVAL;
	if ((new_cr4 & LVD_CR4_PCIDE) && !(old_cr4 & LVD_CR4_PCIDE) && (cr3 & LVD_CR3_PCID_MASK))
		return -EINVAL;
	if ((new_cr4 & LVD_CR4_CET) && !(cr0 & LVD_CR0_WP))
		return -EINVAL;
	return 0;
}

/**
 * lvd_check_efer() - does WRMSR to IA32_EFER fault?
 * @f: the CPU's features
 * @new_efer: the value written
 * @old_efer: the guest's current IA32_EFER
 * @cr0: the guest's current CR0
 *
 * #GP(0): a reserved bit, or one whose feature this CPU lacks (SDM Vol. 4
 * Table 2-2 IA32_EFER, Vol. 2D WRMSR); changing LME while CR0.PG = 1 (SDM
 * Vol. 3A 4.1.2). LMA is read-only: the written value of LMA never faults on
 * a CPU with IA-32e mode, and the CPU keeps its current LMA
 * (lvd_efer_value()).
 *
 * Return: 0, or -EINVAL for #GP(0).
 */
lvd_root int lvd_check_efer(const struct lvd_guest_features *f, u64 new_efer, u64 old_efer, u64 cr0)
{
	if (new_efer & ~f->efer_allowed)
		return -EINVAL;
	if ((cr0 & LVD_CR0_PG) && ((new_efer ^ old_efer) & LVD_EFER_LME))
		return -EINVAL;
	return 0;
}

/**
 * lvd_efer_value() - what IA32_EFER holds after an allowed WRMSR
 * @new_efer: the value written
 * @old_efer: the guest's current IA32_EFER
 *
 * Return: @new_efer with LMA, which only CR0.PG changes, from @old_efer.
 */
lvd_root u64 lvd_efer_value(u64 new_efer, u64 old_efer)
{
	return (new_efer & ~LVD_EFER_LMA) | (old_efer & LVD_EFER_LMA);
}

/* Is @addr canonical for a linear-address width of @bits? */
static lvd_root bool canonical_bits(u64 addr, unsigned int bits)
{
	u64 top = addr >> (bits - 1);	/* must be all 0s or all 1s */

	return !top || top == (~0ULL >> (bits - 1));
}

/**
 * lvd_is_canonical() - is a linear address canonical?
 * @addr: the address
 * @la57: 5-level paging in force (CR4.LA57 = 1 in IA-32e mode)
 *
 * Canonical: bits 63:47 (4-level paging) or 63:56 (5-level paging) all
 * equal (SDM Vol. 1 3.3.7.1, Vol. 3A 4.5).
 *
 * Return: true if canonical.
 */
lvd_root bool lvd_is_canonical(u64 addr, bool la57)
{
	return canonical_bits(addr, la57 ? LVD_LA_BITS_5LEVEL : LVD_LA_BITS_4LEVEL);
}

/**
 * lvd_check_canonical_msr() - does WRMSR of a non-canonical address fault?
 * @f: the CPU's features
 * @msr: the MSR written
 * @val: the value written
 *
 * WRMSR raises #GP(0) for a non-canonical address in IA32_DS_AREA,
 * IA32_FS_BASE, IA32_GS_BASE, IA32_KERNEL_GS_BASE, IA32_LSTAR,
 * IA32_SYSENTER_EIP and IA32_SYSENTER_ESP (SDM Vol. 2D WRMSR); IA32_CSTAR
 * is not on that list. The check is against the widest linear address the
 * CPU supports, 57 bits with 5-level paging whatever CR4.LA57 says (what
 * KVM models since it found hardware does so; the SDM says "non-canonical").
 *
 * Return: 0 (also for any other MSR), or -EINVAL for #GP(0).
 */
lvd_root int lvd_check_canonical_msr(const struct lvd_guest_features *f, u32 msr, u64 val)
{
	switch (msr) {
	case LVD_MSR_IA32_DS_AREA:
	case LVD_MSR_IA32_FS_BASE:
	case LVD_MSR_IA32_GS_BASE:
	case LVD_MSR_IA32_KERNEL_GS_BASE:
	case LVD_MSR_IA32_LSTAR:
	case LVD_MSR_IA32_SYSENTER_EIP:
	case LVD_MSR_IA32_SYSENTER_ESP:
		return canonical_bits(val, f->msr_la_bits) ? 0 : -EINVAL;
	}
	return 0;
}

/* Is @t one of @types (a mask of BIT(type))? */
static lvd_root bool type_in(u64 t, u32 types)
{
	return t < 32 && (types & BIT(t));
}

/* Is every byte of @val one of @types? */
static lvd_root bool bytes_are_types(u64 val, u32 types)
{
	unsigned int i;

	for (i = 0; i < sizeof(val); i++)
		if (!type_in((val >> (i * 8)) & 0xff, types))
			return false;
	return true;
}

#define MTRR_TYPES	(BIT(LVD_MEMTYPE_UC) | BIT(LVD_MEMTYPE_WC) | BIT(LVD_MEMTYPE_WT) | \
			 BIT(LVD_MEMTYPE_WP) | BIT(LVD_MEMTYPE_WB))
#define PAT_TYPES	(MTRR_TYPES | BIT(LVD_PAT_UC_MINUS))

/**
 * lvd_check_pat() - does WRMSR to IA32_PAT fault?
 * @val: the value written
 *
 * Each of the eight entries must be UC, WC, WT, WP, WB or UC- (0, 1, 4, 5,
 * 6, 7) with bits 7:3 clear; 2 and 3 are reserved (SDM Vol. 3A 11.12.2,
 * Table 11-10).
 *
 * Return: 0, or -EINVAL for #GP(0).
 */
lvd_root int lvd_check_pat(u64 val)
{
	return bytes_are_types(val, PAT_TYPES) ? 0 : -EINVAL;
}

/**
 * lvd_check_mtrr() - does WRMSR to an MTRR fault?
 * @f: the CPU's features
 * @msr: the MSR written
 * @val: the value written
 *
 * Valid MTRR types are UC, WC, WT, WP and WB (0, 1, 4, 5, 6). #GP(0) (SDM
 * Vol. 3A 11.11.2, 11.11.2.1-11.11.2.3): IA32_MTRR_DEF_TYPE with an invalid
 * type or a bit other than the type, FE (10) and E (11); IA32_MTRR_PHYSBASEn
 * with an invalid type or a bit in 11:8 or 63:MAXPHYADDR;
 * IA32_MTRR_PHYSMASKn with a bit in 10:0 or 63:MAXPHYADDR; a fixed-range
 * MTRR with an invalid type in any of its eight bytes.
 *
 * Return: 0 (also for an MSR that is not an MTRR), or -EINVAL for #GP(0).
 */
lvd_root int lvd_check_mtrr(const struct lvd_guest_features *f, u32 msr, u64 val)
{
	u64 above_phys = ~GENMASK_ULL(f->maxphyaddr - 1, 0);
	u64 rsvd;

	if (msr == LVD_MSR_IA32_MTRR_DEF_TYPE) {
		rsvd = ~(LVD_MTRR_DEF_TYPE_MASK | LVD_MTRR_DEF_FE | LVD_MTRR_DEF_E);
		if (val & rsvd)
			return -EINVAL;
		return type_in(val & LVD_MTRR_DEF_TYPE_MASK, MTRR_TYPES) ? 0 : -EINVAL;
	}
	if (msr == LVD_MSR_IA32_MTRR_FIX64K_00000 || msr == LVD_MSR_IA32_MTRR_FIX16K_80000 ||
	    msr == LVD_MSR_IA32_MTRR_FIX16K_A0000 ||
	    (msr >= LVD_MSR_IA32_MTRR_FIX4K_C0000 && msr <= LVD_MSR_IA32_MTRR_FIX4K_F8000))
		return bytes_are_types(val, MTRR_TYPES) ? 0 : -EINVAL;
	if (msr < LVD_MSR_IA32_MTRR_PHYSBASE0 ||
	    msr >= LVD_MSR_IA32_MTRR_PHYSBASE0 + 2 * LVD_MTRR_MAX_VAR_MSRS)
		return 0;
	if ((msr - LVD_MSR_IA32_MTRR_PHYSBASE0) & 1)
		return (val & (LVD_MTRR_PHYSMASK_RSVD | above_phys)) ? -EINVAL : 0;
	if (val & (LVD_MTRR_PHYSBASE_RSVD | above_phys))
		return -EINVAL;
	return type_in(val & LVD_MTRR_PHYSBASE_TYPE_MASK, MTRR_TYPES) ? 0 : -EINVAL;
}

/**
 * lvd_check_xsetbv() - does XSETBV fault?
 * @f: the CPU's features
 * @index: ECX, the XCR to write (bits 63:32 of RCX are ignored)
 * @val: EDX:EAX
 * @cr4: the guest's current CR4
 *
 * #UD, which comes first: no XSAVE in CPUID, or CR4.OSXSAVE = 0. #GP(0)
 * (SDM Vol. 2D XSETBV, Vol. 1 13.3): @index is not 0 (XCR0 is the only XCR
 * XSETBV writes); a bit XCR0 cannot hold on this CPU (not enumerated by
 * CPUID.(EAX=0DH,ECX=0), a supervisor component, bit 63); bit 0 (x87)
 * clear; AVX without SSE; the AVX-512 components (bits 7:5) neither all set
 * nor all clear, or set without AVX; BNDREGS != BNDCSR; XTILECFG !=
 * XTILEDATA.
 *
 * Return: 0, -EINVAL for #GP(0), or -ENOEXEC for #UD.
 */
lvd_root int lvd_check_xsetbv(const struct lvd_guest_features *f, u32 index, u64 val, u64 cr4)
{
	const u64 avx512 = LVD_XCR0_OPMASK | LVD_XCR0_ZMM_HI256 | LVD_XCR0_HI16_ZMM;
	const u64 mpx = LVD_XCR0_BNDREGS | LVD_XCR0_BNDCSR;
	const u64 amx = LVD_XCR0_XTILECFG | LVD_XCR0_XTILEDATA;

	if (!(f->cr4_allowed & LVD_CR4_OSXSAVE) || !(cr4 & LVD_CR4_OSXSAVE))
		return -ENOEXEC;
	if (index != 0)
		return -EINVAL;
	if (val & ~f->xcr0_supported)
		return -EINVAL;
	if (!(val & LVD_XCR0_X87))
		return -EINVAL;
	if ((val & LVD_XCR0_AVX) && !(val & LVD_XCR0_SSE))
		return -EINVAL;
	if ((val & avx512) && ((val & avx512) != avx512 || !(val & LVD_XCR0_AVX)))
		return -EINVAL;
	if ((val & mpx) && (val & mpx) != mpx)
		return -EINVAL;
	if ((val & amx) && (val & amx) != amx)
		return -EINVAL;
	return 0;
}
