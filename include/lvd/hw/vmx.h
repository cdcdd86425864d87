/* SPDX-License-Identifier: GPL-2.0 */
/*
 * include/lvd/hw/vmx.h - VMX architectural constants: capability bits,
 * VM-execution controls. Each constant is named once here, with the Intel
 * SDM (Vol. 3, 325384) section it comes from.
 */
#ifndef LVD_HW_VMX_H
#define LVD_HW_VMX_H

/*
 * CR0/CR4 bits (LVD_CR0_*, LVD_CR4_*, SDM Vol. 3A 2.5) live in cpu.h: the
 * VMX fixed-bit MSRs constrain them (SDM Vol. 3D A.7, A.8) and the
 * hypervisor owns some through the guest/host masks (SDM Vol. 3C 24.6.6).
 */
#include <lvd/hw/cpu.h>

/* CPUID.1:ECX.VMX[bit 5]: SDM Vol. 3C 23.6 "Discovering Support for VMX". */
#define LVD_CPUID1_ECX_VMX			BIT(5)

/* IA32_VMX_BASIC: SDM Vol. 3D A.1 "Basic VMX Information". */
#define LVD_VMX_BASIC_REVISION_MASK		GENMASK_ULL(30, 0)
#define LVD_VMX_BASIC_REGION_SIZE_SHIFT		32
#define LVD_VMX_BASIC_REGION_SIZE_MASK		GENMASK_ULL(44, 32)
#define LVD_VMX_BASIC_MEMTYPE_SHIFT		50
#define LVD_VMX_BASIC_MEMTYPE_MASK		GENMASK_ULL(53, 50)
#define LVD_VMX_BASIC_TRUE_CTLS			BIT_ULL(55)

/*
 * Control capability MSRs (A.3-A.5, A.3.3): bits 31:0 are the allowed
 * 0-settings (a 1 there means the control must be 1), bits 63:32 the
 * allowed 1-settings (a 0 there means the control must be 0).
 */
#define LVD_VMX_CTLS_ALLOWED1_SHIFT		32

/* Pin-based VM-execution controls: SDM Vol. 3C 24.6.1, Table 24-5. */
#define LVD_PIN_PREEMPTION_TIMER		BIT(6)

/* Primary processor-based controls: SDM Vol. 3C 24.6.2, Table 24-6. */
#define LVD_PROC_INTR_WINDOW_EXITING		BIT(2)
#define LVD_PROC_HLT_EXITING			BIT(7)
#define LVD_PROC_CR3_LOAD_EXITING		BIT(15)
#define LVD_PROC_CR3_STORE_EXITING		BIT(16)
#define LVD_PROC_USE_MSR_BITMAPS		BIT(28)
#define LVD_PROC_ACTIVATE_SECONDARY		BIT(31)

/* Secondary processor-based controls: SDM Vol. 3C 24.6.2, Table 24-7. */
#define LVD_PROC2_ENABLE_EPT			BIT(1)
#define LVD_PROC2_ENABLE_RDTSCP			BIT(3)
#define LVD_PROC2_ENABLE_VPID			BIT(5)
#define LVD_PROC2_ENABLE_INVPCID		BIT(12)
#define LVD_PROC2_ENABLE_VMFUNC			BIT(13)
#define LVD_PROC2_EPT_VIOLATION_VE		BIT(18)
#define LVD_PROC2_ENABLE_XSAVES			BIT(20)
#define LVD_PROC2_ENABLE_USER_WAIT_PAUSE	BIT(26)	/* ISE (319433), WAITPKG */
#define LVD_PROC2_ENABLE_PCONFIG		BIT(27)	/* ISE (319433), PCONFIG */

/* VM-exit controls: SDM Vol. 3C 24.7.1, Table 24-11. */
#define LVD_EXIT_SAVE_DEBUG_CTLS		BIT(2)
#define LVD_EXIT_HOST_ADDR_SPACE_SIZE		BIT(9)
#define LVD_EXIT_SAVE_PAT			BIT(18)
#define LVD_EXIT_LOAD_PAT			BIT(19)
#define LVD_EXIT_SAVE_EFER			BIT(20)
#define LVD_EXIT_LOAD_EFER			BIT(21)

/* VM-entry controls: SDM Vol. 3C 24.8.1, Table 24-13. */
#define LVD_ENTRY_LOAD_DEBUG_CTLS		BIT(2)
#define LVD_ENTRY_IA32E_MODE_GUEST		BIT(9)
#define LVD_ENTRY_LOAD_PAT			BIT(14)
#define LVD_ENTRY_LOAD_EFER			BIT(15)

/*
 * MSR bitmap (SDM Vol. 3C 24.6.9): one bit per MSR in two ranges, read
 * bitmaps for the low and the high range, then write bitmaps for both, 1 KB
 * each.
 */
#define LVD_MSR_BITMAP_LOW_LAST			0x00001fff
#define LVD_MSR_BITMAP_HIGH_FIRST		0xc0000000
#define LVD_MSR_BITMAP_HIGH_LAST		0xc0001fff
#define LVD_MSR_BITMAP_HIGH_READ_OFFSET		1024	/* bytes */
#define LVD_MSR_BITMAP_WRITE_OFFSET		2048	/* bytes from a read bitmap to its write bitmap */

/* IA32_VMX_MISC: SDM Vol. 3D A.6 "Miscellaneous Data". */
#define LVD_VMX_MISC_PREEMPT_RATE_MASK		GENMASK_ULL(4, 0)

/* IA32_VMX_EPT_VPID_CAP: SDM Vol. 3D A.10 "VPID and EPT Capabilities". */
#define LVD_EPT_CAP_PWL4			BIT_ULL(6)
#define LVD_EPT_CAP_MT_WB			BIT_ULL(14)
#define LVD_EPT_CAP_2MB_PAGE			BIT_ULL(16)
#define LVD_EPT_CAP_1GB_PAGE			BIT_ULL(17)
#define LVD_EPT_CAP_INVEPT			BIT_ULL(20)
#define LVD_EPT_CAP_INVEPT_SINGLE		BIT_ULL(25)
#define LVD_EPT_CAP_INVEPT_ALL			BIT_ULL(26)
#define LVD_VPID_CAP_INVVPID			BIT_ULL(32)
#define LVD_VPID_CAP_INVVPID_SINGLE		BIT_ULL(41)
#define LVD_VPID_CAP_INVVPID_ALL		BIT_ULL(42)

/* IA32_VMX_VMFUNC: SDM Vol. 3D A.11 "VM Functions". */
#define LVD_VMFUNC_EPTP_SWITCHING		BIT_ULL(0)
/* The EPTP list: one 4 KB page of 512 EPT pointers (SDM Vol. 3C 24.6.14). */
#define LVD_EPTP_LIST_ENTRIES			512

/* Memory types: SDM Vol. 3A 11.3, Table 11-2 (also used by EPT, 28.3.7). */
#define LVD_MEMTYPE_UC				0
#define LVD_MEMTYPE_WC				1
#define LVD_MEMTYPE_WT				4
#define LVD_MEMTYPE_WP				5
#define LVD_MEMTYPE_WB				6

#endif /* LVD_HW_VMX_H */
