/* SPDX-License-Identifier: GPL-2.0 */
/*
 * include/lvd/hw/ept.h - extended page tables: entry format (SDM Vol. 3C
 * 28.2.2, Tables 28-1 to 28-6), what makes an entry a misconfiguration
 * (28.2.3.1) and the EPT pointer (24.6.11, Table 24-8). Each constant is
 * named once here.
 */
#ifndef LVD_HW_EPT_H
#define LVD_HW_EPT_H

#define LVD_EPT_LEVELS			4	/* PML4, PDPT, PD, PT */
#define LVD_EPT_ENTRIES			512	/* 8-byte entries in a 4 KB table */
#define LVD_EPT_PAGE_SHIFT		12
#define LVD_EPT_PAGE_SIZE		(1ULL << LVD_EPT_PAGE_SHIFT)
#define LVD_EPT_LEVEL_BITS		9	/* index bits per level */
#define LVD_EPT_GPA_BITS		48	/* a 4-level EPT translates bits 47:0, 28.2.2 */

/* Bits of every EPT paging-structure entry. */
#define LVD_EPTE_READ			BIT_ULL(0)
#define LVD_EPTE_WRITE			BIT_ULL(1)
#define LVD_EPTE_EXEC			BIT_ULL(2)	/* supervisor-mode execute */
#define LVD_EPTE_RWX			(LVD_EPTE_READ | LVD_EPTE_WRITE | LVD_EPTE_EXEC)
/*
 * An entry is present when any of bits 2:0 is set (28.2.2). Of the present
 * values, write without read (010b, 110b) is a misconfiguration, and so is
 * execute-only (100b) unless IA32_VMX_EPT_VPID_CAP bit 0 says the CPU
 * supports it (28.2.3.1; the capability: Vol. 3D A.10).
 */
#define LVD_EPT_CAP_EXEC_ONLY		BIT_ULL(0)
/* Bits of an entry that maps a page (PTE, or PDE/PDPTE with bit 7 set). */
#define LVD_EPTE_MEMTYPE_SHIFT		3
#define LVD_EPTE_MEMTYPE_MASK		GENMASK_ULL(5, 3)
#define LVD_EPT_MEMTYPE_RESERVED	2	/* one of the reserved types below */
/* Memory types 2, 3 and 7 in a leaf are misconfigurations (28.2.3.1). */
#define LVD_EPT_MEMTYPE_RESERVED_SET	(BIT(2) | BIT(3) | BIT(7))
#define LVD_EPTE_IGNORE_PAT		BIT_ULL(6)
#define LVD_EPTE_LARGE			BIT_ULL(7)	/* PDE: 2 MB page, PDPTE: 1 GB page */
#define LVD_EPTE_USER_EXEC		BIT_ULL(10)
/* Physical-address field: bits 51:12, limited further by MAXPHYADDR. */
#define LVD_EPTE_ADDR_MASK		GENMASK_ULL(51, 12)

/* EPT pointer: 24.6.11, Table 24-8. */
#define LVD_EPTP_MEMTYPE_MASK		GENMASK_ULL(2, 0)
#define LVD_EPTP_WALK_LENGTH_SHIFT	3	/* page-walk length minus 1 */
#define LVD_EPTP_WALK_LENGTH_MASK	GENMASK_ULL(5, 3)
#define LVD_EPTP_AD_ENABLE		BIT_ULL(6)
#define LVD_EPTP_RESERVED_LOW		GENMASK_ULL(11, 7)

/* INVEPT and INVVPID types: SDM Vol. 3C 30.3 "INVEPT", "INVVPID". */
#define LVD_INVEPT_SINGLE_CONTEXT	1
#define LVD_INVEPT_ALL_CONTEXT		2
#define LVD_INVVPID_SINGLE_CONTEXT	1

#endif /* LVD_HW_EPT_H */
