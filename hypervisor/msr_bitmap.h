/* SPDX-License-Identifier: GPL-2.0 */
/*
 * hypervisor/msr_bitmap.h - which MSR accesses exit to the hypervisor.
 *
 * Pure logic: the list of intercepted MSRs (with the reason for each) and
 * the 4 KB VMX MSR bitmap built from it. exit.c consults the same list to
 * emulate an intercepted access.
 */
#ifndef LVD_HV_MSR_BITMAP_H
#define LVD_HV_MSR_BITMAP_H

#include <lvd/compat.h>

#define LVD_MSR_BITMAP_SIZE	4096

/* How an intercepted write is carried out for the kernel. */
enum lvd_msr_emul {
	LVD_MSR_EMUL_WRMSR,	/* perform it in VMX root (the MSR is not in the VMCS) */
	LVD_MSR_EMUL_VMCS,	/* the guest's value lives in a VMCS guest-state field */
	LVD_MSR_EMUL_REFUSE,	/* #GP, as on a CPU where the MSR is locked */
};

/**
 * struct lvd_msr_intercept - one intercepted MSR range
 * @first:	first MSR index
 * @count:	number of consecutive MSRs
 * @read:	reads exit too (writes always do)
 * @emul:	how a write from the kernel is carried out
 * @name:	short name for logs and debugfs
 * @reason:	why LVD must see the access
 */
struct lvd_msr_intercept {
	u32 first;
	u32 count;
	bool read;
	enum lvd_msr_emul emul;
	const char *name;
	const char *reason;
};

extern const struct lvd_msr_intercept lvd_msr_intercepts[];
extern const size_t lvd_msr_intercepts_count;

void lvd_msr_bitmap_set(u8 *bitmap, u32 msr, bool read, bool write);
bool lvd_msr_bitmap_exits(const u8 *bitmap, u32 msr, bool write);
void lvd_msr_bitmap_build(u8 *bitmap);
const struct lvd_msr_intercept *lvd_msr_intercept_find(u32 msr);

#endif /* LVD_HV_MSR_BITMAP_H */
