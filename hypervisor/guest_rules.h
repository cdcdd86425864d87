/* SPDX-License-Identifier: GPL-2.0 */
/*
 * hypervisor/guest_rules.h - does a guest's write to CR0, CR4, IA32_EFER,
 * an address MSR, IA32_PAT, an MTRR or XCR0 fault on a bare Intel CPU?
 *
 * Pure logic: the exit handler emulates these writes in VMX root and must
 * refuse exactly what the CPU refuses, so it passes the guest's current
 * state in and injects the fault these functions name; the unit test gives
 * them any CPU. Section numbers are those of the SDM edition the
 * include/lvd/hw headers cite.
 *
 * Return convention of every lvd_check_*(): 0 when the CPU performs the
 * write, -EINVAL when it raises #GP(0) instead, and (lvd_check_xsetbv()
 * only) -ENOEXEC when it raises #UD.
 *
 * Left to the caller, because they need state these functions do not see:
 * CPL > 0 (#GP for all of these writes); the CR0/CR4 bits VMX operation
 * fixes (IA32_VMX_CR0_FIXED0/1, IA32_VMX_CR4_FIXED0/1, e.g. CR4.VMXE): the
 * guest reads its own value through the read shadow, so they are not part
 * of these rules; the PDPTEs that MOV to CR0/CR4 loads under PAE paging
 * (#GP if one has a reserved bit set, SDM Vol. 3A 4.4.1); and whether an
 * MSR exists at all (IA32_PAT needs CPUID.1:EDX.PAT, the MTRRs
 * CPUID.1:EDX.MTRR and IA32_MTRRCAP.VCNT/FIX, IA32_DS_AREA CPUID.1:EDX.DS).
 */
#ifndef LVD_HV_GUEST_RULES_H
#define LVD_HV_GUEST_RULES_H

#include <lvd/compat.h>

/**
 * struct lvd_cpuid_words - raw CPUID output the rules depend on
 * @l1_ecx:	leaf 1 ECX
 * @l1_edx:	leaf 1 EDX
 * @l7_ebx:	leaf 7 subleaf 0 EBX
 * @l7_ecx:	leaf 7 subleaf 0 ECX
 * @l7_edx:	leaf 7 subleaf 0 EDX
 * @l7_1_eax:	leaf 7 subleaf 1 EAX
 * @ld_eax:	leaf 0DH subleaf 0 EAX: XCR0 bits 31:0 the CPU supports
 * @ld_edx:	leaf 0DH subleaf 0 EDX: XCR0 bits 63:32 the CPU supports
 * @ext1_edx:	leaf 80000001H EDX (read in 64-bit mode: Intel reports
 *		SYSCALL there only in 64-bit mode)
 * @ext8_eax:	leaf 80000008H EAX (MAXPHYADDR, linear-address width)
 *
 * Give the words the guest sees, after the hypervisor's own changes (LVD
 * hides VMX, so CR4.VMXE is then reserved for the guest), and 0 for a leaf
 * the CPU does not have (above its maximum leaf).
 */
struct lvd_cpuid_words {
	u32 l1_ecx, l1_edx;
	u32 l7_ebx, l7_ecx, l7_edx;
	u32 l7_1_eax;
	u32 ld_eax, ld_edx;
	u32 ext1_edx;
	u32 ext8_eax;
};

/**
 * struct lvd_guest_features - what the CPU lets the guest enable
 * @cr4_allowed:	CR4 bits this CPU has; any other bit is reserved (#GP)
 * @efer_allowed:	IA32_EFER bits this CPU has, LMA included if it has LME
 * @xcr0_supported:	XCR0 bits XSETBV accepts (0 without XSAVE)
 * @maxphyaddr:		physical-address width (MTRR address fields)
 * @msr_la_bits:	linear-address width WRMSR checks address MSRs against:
 *			57 if the CPU supports 5-level paging, else 48
 */
struct lvd_guest_features {
	u64 cr4_allowed;
	u64 efer_allowed;
	u64 xcr0_supported;
	unsigned int maxphyaddr;
	unsigned int msr_la_bits;
};

void lvd_guest_features_init(struct lvd_guest_features *f, const struct lvd_cpuid_words *w);

int lvd_check_cr0(u64 new_cr0, u64 old_cr0, u64 cr4, u64 efer, bool cs_l, bool tr_tss16);
u64 lvd_cr0_value(u64 new_cr0);
u64 lvd_efer_after_cr0(u64 efer, u64 cr0);
int lvd_check_cr4(const struct lvd_guest_features *f, u64 new_cr4, u64 old_cr4,
		  u64 cr0, u64 cr3, u64 efer);
int lvd_check_efer(const struct lvd_guest_features *f, u64 new_efer, u64 old_efer, u64 cr0);
u64 lvd_efer_value(u64 new_efer, u64 old_efer);

bool lvd_is_canonical(u64 addr, bool la57);
int lvd_check_canonical_msr(const struct lvd_guest_features *f, u32 msr, u64 val);
int lvd_check_pat(u64 val);
int lvd_check_mtrr(const struct lvd_guest_features *f, u32 msr, u64 val);
int lvd_check_xsetbv(const struct lvd_guest_features *f, u32 index, u64 val, u64 cr4);

#endif /* LVD_HV_GUEST_RULES_H */
