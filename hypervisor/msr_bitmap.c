// SPDX-License-Identifier: GPL-2.0
/*
 * hypervisor/msr_bitmap.c - the one list of MSRs the hypervisor intercepts,
 * and the VMX MSR bitmap (SDM Vol. 3C 24.6.9 "MSR-Bitmap Address") that
 * makes every other RDMSR and WRMSR run without a VM exit.
 *
 * Pure logic. Called by vmcs_setup.c (once, to build the shared bitmap),
 * by exit.c (to emulate an intercepted write) and by main.c (debugfs), and
 * by tests/unit/test_msr_bitmap.c.
 *
 * Policy (DESIGN.md 4): pass through everything that is not
 * security-relevant, so the kernel's hot paths (IA32_TSC_DEADLINE for the
 * timer, FS/GS/KERNEL_GS bases on context switches, SPEC_CTRL, x2APIC
 * registers) never exit. What is intercepted here the kernel writes only
 * when a CPU comes up, so the interception costs nothing at run time.
 * MSRs outside the two bitmap ranges always exit (24.6.9); exit.c performs
 * those accesses for the kernel.
 */
#include <lvd/compat.h>
#include <lvd/hw/msr.h>
#include <lvd/hw/vmx.h>
#include "msr_bitmap.h"

const struct lvd_msr_intercept lvd_msr_intercepts[] = {
	{ LVD_MSR_IA32_FEATURE_CONTROL, 1, false, LVD_MSR_EMUL_REFUSE, "IA32_FEATURE_CONTROL",
	  "enables VMX and SMX; locked by firmware, must stay as LVD found it" },
	{ LVD_MSR_IA32_APIC_BASE, 1, false, LVD_MSR_EMUL_WRMSR, "IA32_APIC_BASE",
	  "moving or disabling the local APIC changes what physical memory means" },
	{ LVD_MSR_IA32_BIOS_UPDT_TRIG, 1, false, LVD_MSR_EMUL_WRMSR, "IA32_BIOS_UPDT_TRIG",
	  "loads microcode" },
	{ LVD_MSR_IA32_SYSENTER_CS, 3, false, LVD_MSR_EMUL_VMCS, "IA32_SYSENTER_CS/ESP/EIP",
	  "SYSENTER entry point; the guest values live in the VMCS" },
	{ LVD_MSR_IA32_MTRR_PHYSBASE0, 2 * LVD_MTRR_MAX_VAR_MSRS, false, LVD_MSR_EMUL_WRMSR,
	  "IA32_MTRR_PHYSBASE/MASKn", "the EPT's memory types were derived from the MTRRs" },
	{ LVD_MSR_IA32_MTRR_FIX64K_00000, 1, false, LVD_MSR_EMUL_WRMSR, "IA32_MTRR_FIX64K",
	  "the EPT's memory types were derived from the MTRRs" },
	{ LVD_MSR_IA32_MTRR_FIX16K_80000, 2, false, LVD_MSR_EMUL_WRMSR, "IA32_MTRR_FIX16K",
	  "the EPT's memory types were derived from the MTRRs" },
	{ LVD_MSR_IA32_MTRR_FIX4K_C0000, 8, false, LVD_MSR_EMUL_WRMSR, "IA32_MTRR_FIX4K",
	  "the EPT's memory types were derived from the MTRRs" },
	{ LVD_MSR_IA32_MTRR_DEF_TYPE, 1, false, LVD_MSR_EMUL_WRMSR, "IA32_MTRR_DEF_TYPE",
	  "the EPT's memory types were derived from the MTRRs" },
	{ LVD_MSR_IA32_EFER, 1, false, LVD_MSR_EMUL_VMCS, "IA32_EFER",
	  "NXE, LME and SCE; the guest value lives in the VMCS" },
	{ LVD_MSR_IA32_STAR, 4, false, LVD_MSR_EMUL_WRMSR, "IA32_STAR/LSTAR/CSTAR/FMASK",
	  "SYSCALL entry point and flags" },
	{ LVD_MSR_IA32_TSC_AUX, 1, false, LVD_MSR_EMUL_WRMSR, "IA32_TSC_AUX",
	  "the CPU number RDTSCP gives; the domain call gates find their per-CPU state by it" },
};
const size_t lvd_msr_intercepts_count = ARRAY_SIZE(lvd_msr_intercepts);

/*
 * Bitmap layout (24.6.9): four 1 KB quarters: reads of 0-0x1fff, reads of
 * 0xc0000000-0xc0001fff, writes of the low range, writes of the high range.
 * Returns the bit offset for @msr in the read quarter, or -1 when @msr is
 * in neither range.
 */
static lvd_root long bitmap_bit(u32 msr)
{
	if (msr <= LVD_MSR_BITMAP_LOW_LAST)
		return msr;
	if (msr >= LVD_MSR_BITMAP_HIGH_FIRST && msr <= LVD_MSR_BITMAP_HIGH_LAST)
		return LVD_MSR_BITMAP_HIGH_READ_OFFSET * 8 + (msr - LVD_MSR_BITMAP_HIGH_FIRST);
	return -1;
}

#define BITMAP_WRITE_OFFSET	(LVD_MSR_BITMAP_WRITE_OFFSET * 8)	/* in bits */

/**
 * lvd_msr_bitmap_set() - make accesses to @msr exit
 * @bitmap: the 4 KB bitmap
 * @msr: MSR index; indices outside the two ranges exit anyway and are ignored
 * @read: RDMSR exits
 * @write: WRMSR exits
 */
void lvd_msr_bitmap_set(u8 *bitmap, u32 msr, bool read, bool write)
{
	long bit = bitmap_bit(msr);

	if (bit < 0)
		return;
	if (read)
		bitmap[bit / 8] |= 1u << (bit % 8);
	if (write)
		bitmap[(bit + BITMAP_WRITE_OFFSET) / 8] |= 1u << (bit % 8);
}

/**
 * lvd_msr_bitmap_exits() - does an access to @msr exit under @bitmap?
 * @bitmap: the 4 KB bitmap
 * @msr: MSR index
 * @write: WRMSR (true) or RDMSR (false)
 *
 * Return: true when the access causes a VM exit.
 */
bool lvd_msr_bitmap_exits(const u8 *bitmap, u32 msr, bool write)
{
	long bit = bitmap_bit(msr);

	if (bit < 0)
		return true;
	if (write)
		bit += BITMAP_WRITE_OFFSET;
	return bitmap[bit / 8] & (1u << (bit % 8));
}

/**
 * lvd_msr_bitmap_build() - the bitmap for lvd_msr_intercepts[]
 * @bitmap: 4 KB, overwritten
 */
void lvd_msr_bitmap_build(u8 *bitmap)
{
	size_t i;
	u32 j;

	memset(bitmap, 0, LVD_MSR_BITMAP_SIZE);
	for (i = 0; i < lvd_msr_intercepts_count; i++)
		for (j = 0; j < lvd_msr_intercepts[i].count; j++)
			lvd_msr_bitmap_set(bitmap, lvd_msr_intercepts[i].first + j,
					   lvd_msr_intercepts[i].read, true);
}

/**
 * lvd_msr_intercept_find() - the list entry covering @msr
 * @msr: MSR index
 *
 * Return: the entry, or NULL when @msr is not in the list.
 */
lvd_root const struct lvd_msr_intercept *lvd_msr_intercept_find(u32 msr)
{
	size_t i;

	for (i = 0; i < lvd_msr_intercepts_count; i++)
		if (msr - lvd_msr_intercepts[i].first < lvd_msr_intercepts[i].count)
			return &lvd_msr_intercepts[i];
	return NULL;
}
