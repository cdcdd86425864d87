/* SPDX-License-Identifier: GPL-2.0 */
/*
 * tests/guest/kmod/bad_msrs.h - MSR writes a CPU refuses (and a few it takes),
 * tried natively and under the hypervisor by the probe module (kernel-mode
 * WRMSR, kmod/lvd_probe.c) and by lvd_msr (root through /dev/cpu/N/msr);
 * the outcomes must be the same. The names say what the SDM expects.
 *
 * Each case of bad_msrs[] is: name, MSR, how, bits, where how is BAD_MSR_SET (current value | bits), BAD_MSR_CLEAR (current & ~bits),
 * BAD_MSR_VALUE (bits is the value) or BAD_MSR_BYTE0 (low byte := bits).
 * A write that goes through is undone at once with the value read before.
 */
#ifndef LVD_TESTS_BAD_MSRS_H
#define LVD_TESTS_BAD_MSRS_H

#include <lvd/compat.h>
#include <lvd/hw/msr.h>

enum bad_msr_how { BAD_MSR_SET, BAD_MSR_CLEAR, BAD_MSR_VALUE, BAD_MSR_BYTE0 };

#define LVD_NONCANONICAL	0x8000000000000000ULL
#define LVD_NONCANONICAL_LOW	0x0000800000000000ULL

/* The cases. */
static const struct bad_msr {
	const char *name;
	unsigned int msr;
	enum bad_msr_how how;
	unsigned long long bits;
} bad_msrs[] = {
	{ "sysenter_esp_noncanonical", LVD_MSR_IA32_SYSENTER_ESP, BAD_MSR_VALUE, LVD_NONCANONICAL },
	{ "sysenter_eip_noncanonical", LVD_MSR_IA32_SYSENTER_EIP, BAD_MSR_VALUE, LVD_NONCANONICAL_LOW },
	{ "lstar_noncanonical", LVD_MSR_IA32_LSTAR, BAD_MSR_VALUE, LVD_NONCANONICAL },
	{ "cstar_noncanonical", LVD_MSR_IA32_CSTAR, BAD_MSR_VALUE, LVD_NONCANONICAL },
	{ "kernel_gs_base_noncanonical", LVD_MSR_IA32_KERNEL_GS_BASE, BAD_MSR_VALUE, LVD_NONCANONICAL },
	{ "fs_base_noncanonical", LVD_MSR_IA32_FS_BASE, BAD_MSR_VALUE, LVD_NONCANONICAL },
	{ "efer_reserved_bit1", LVD_MSR_IA32_EFER, BAD_MSR_SET, 1ULL << 1 },
	{ "efer_reserved_bit63", LVD_MSR_IA32_EFER, BAD_MSR_SET, 1ULL << 63 },
	{ "efer_lme_off_with_paging", LVD_MSR_IA32_EFER, BAD_MSR_CLEAR, LVD_EFER_LME },
	{ "efer_same", LVD_MSR_IA32_EFER, BAD_MSR_SET, 0 },
	{ "pat_type2", LVD_MSR_IA32_PAT, BAD_MSR_BYTE0, 2 },
	{ "pat_reserved_bit3", LVD_MSR_IA32_PAT, BAD_MSR_SET, 1ULL << 3 },
	{ "pat_same", LVD_MSR_IA32_PAT, BAD_MSR_SET, 0 },
	{ "mtrr_def_type_type2", LVD_MSR_IA32_MTRR_DEF_TYPE, BAD_MSR_BYTE0, 2 },
	{ "mtrr_def_type_reserved_bit12", LVD_MSR_IA32_MTRR_DEF_TYPE, BAD_MSR_SET, 1ULL << 12 },
	{ "mtrr_physbase0_type3", LVD_MSR_IA32_MTRR_PHYSBASE0, BAD_MSR_BYTE0, 3 },
	{ "mtrr_physbase0_reserved_bit8", LVD_MSR_IA32_MTRR_PHYSBASE0, BAD_MSR_SET, 1ULL << 8 },
	{ "mtrr_physmask0_reserved_bit0", LVD_MSR_IA32_MTRR_PHYSMASK0, BAD_MSR_SET, 1ULL << 0 },
	{ "mtrr_physmask0_bit63", LVD_MSR_IA32_MTRR_PHYSMASK0, BAD_MSR_SET, 1ULL << 63 },
	{ "mtrr_fix64k_type7", LVD_MSR_IA32_MTRR_FIX64K_00000, BAD_MSR_BYTE0, 7 },
	{ "mtrr_def_type_same", LVD_MSR_IA32_MTRR_DEF_TYPE, BAD_MSR_SET, 0 },
	{ "sysenter_cs_same", LVD_MSR_IA32_SYSENTER_CS, BAD_MSR_SET, 0 },
};

/* The value a case writes, given the MSR's current value. */
static inline unsigned long long bad_msr_value(enum bad_msr_how how, unsigned long long bits,
					       unsigned long long cur)
{
	switch (how) {
	case BAD_MSR_SET:
		return cur | bits;
	case BAD_MSR_CLEAR:
		return cur & ~bits;
	case BAD_MSR_BYTE0:
		return (cur & ~0xffULL) | bits;
	default:
		return bits;
	}
}

#endif /* LVD_TESTS_BAD_MSRS_H */
