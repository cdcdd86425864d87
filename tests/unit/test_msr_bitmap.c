// SPDX-License-Identifier: GPL-2.0
/*
 * tests/unit/test_msr_bitmap.c - the MSR bitmap passes the kernel's hot
 * MSRs through and intercepts exactly the listed ones (SDM Vol. 3C 24.6.9).
 */
// unit-deps: hypervisor/msr_bitmap.c
#include <stdio.h>
#include <lvd/compat.h>
#include <lvd/hw/msr.h>
#include "../../hypervisor/msr_bitmap.h"
#include "tap.h"

static u8 bm[LVD_MSR_BITMAP_SIZE];

int main(void)
{
	static const u32 hot[] = {
		LVD_MSR_IA32_TSC_DEADLINE, LVD_MSR_IA32_FS_BASE, LVD_MSR_IA32_GS_BASE,
		LVD_MSR_IA32_KERNEL_GS_BASE, LVD_MSR_IA32_PAT,
		LVD_MSR_IA32_DEBUGCTL, 0x48 /* SPEC_CTRL */, 0x49 /* PRED_CMD */,
		0x830 /* x2APIC ICR */, 0x80b /* x2APIC EOI */,
	};
	size_t i, n_write = 0, n_read = 0;
	u32 msr;

	lvd_msr_bitmap_build(bm);
	for (i = 0; i < ARRAY_SIZE(hot); i++)
		TAP_OK(!lvd_msr_bitmap_exits(bm, hot[i], true) &&
		       !lvd_msr_bitmap_exits(bm, hot[i], false),
		       "MSR %#x passes through", hot[i]);
	TAP_OK(lvd_msr_bitmap_exits(bm, LVD_MSR_IA32_LSTAR, true), "LSTAR write exits");
	TAP_OK(!lvd_msr_bitmap_exits(bm, LVD_MSR_IA32_LSTAR, false), "LSTAR read passes");
	TAP_OK(lvd_msr_bitmap_exits(bm, LVD_MSR_IA32_EFER, true), "EFER write exits");
	/* Linux writes TSC_AUX only when a CPU comes up; the gates trust it. */
	TAP_OK(lvd_msr_bitmap_exits(bm, LVD_MSR_IA32_TSC_AUX, true) &&
	       !lvd_msr_bitmap_exits(bm, LVD_MSR_IA32_TSC_AUX, false),
	       "TSC_AUX write exits, read passes");
	TAP_OK(lvd_msr_bitmap_exits(bm, LVD_MSR_IA32_SYSENTER_EIP, true), "SYSENTER_EIP write exits");
	TAP_OK(lvd_msr_bitmap_exits(bm, LVD_MSR_IA32_MTRR_PHYSBASE0 + 19, true),
	       "last variable MTRR write exits");
	TAP_OK(!lvd_msr_bitmap_exits(bm, LVD_MSR_IA32_MTRR_PHYSBASE0 + 20, true),
	       "MSR after the variable MTRRs passes");
	TAP_OK(lvd_msr_bitmap_exits(bm, LVD_MSR_IA32_MTRR_FIX4K_F8000, true), "FIX4K_F8000 write exits");
	TAP_OK(lvd_msr_bitmap_exits(bm, 0x40000000, false) && lvd_msr_bitmap_exits(bm, 0x2000, true),
	       "MSRs outside both bitmap ranges exit");

	/* Exactly the listed MSRs exit, nothing else in the two ranges. */
	for (msr = 0; msr <= 0x1fff; msr++) {
		n_write += lvd_msr_bitmap_exits(bm, msr, true);
		n_read += lvd_msr_bitmap_exits(bm, msr, false);
	}
	for (msr = 0xc0000000; msr <= 0xc0001fff; msr++) {
		n_write += lvd_msr_bitmap_exits(bm, msr, true);
		n_read += lvd_msr_bitmap_exits(bm, msr, false);
	}
	{
		size_t want = 0;

		for (i = 0; i < lvd_msr_intercepts_count; i++) {
			want += lvd_msr_intercepts[i].count;
			TAP_OK(lvd_msr_intercepts[i].reason && lvd_msr_intercepts[i].reason[0] &&
			       lvd_msr_intercepts[i].name, "%s has a reason",
			       lvd_msr_intercepts[i].name);
		}
		TAP_EQ(n_write, want, "write-intercepted MSRs are exactly the list");
	}
	TAP_EQ(n_read, 0, "no read is intercepted");
	TAP_OK(lvd_msr_intercept_find(LVD_MSR_IA32_CSTAR) &&
	       lvd_msr_intercept_find(LVD_MSR_IA32_CSTAR)->emul == LVD_MSR_EMUL_WRMSR,
	       "CSTAR found, emulated by WRMSR in root");
	TAP_OK(lvd_msr_intercept_find(LVD_MSR_IA32_EFER)->emul == LVD_MSR_EMUL_VMCS,
	       "EFER lives in the VMCS");
	TAP_OK(lvd_msr_intercept_find(LVD_MSR_IA32_FEATURE_CONTROL)->emul == LVD_MSR_EMUL_REFUSE,
	       "FEATURE_CONTROL write refused");
	TAP_OK(!lvd_msr_intercept_find(LVD_MSR_IA32_TSC_DEADLINE), "TSC_DEADLINE not in the list");
	return tap_done();
}
