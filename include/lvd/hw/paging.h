/* SPDX-License-Identifier: GPL-2.0 */
/*
 * include/lvd/hw/paging.h - IA-32e paging entries (SDM Vol. 3A 4.5, Tables
 * 4-14 to 4-20; 5-level paging: Intel 5-Level Paging white paper 335252):
 * what the domain page-table builder (kernel/dpt.c) writes.
 */
#ifndef LVD_HW_PAGING_H
#define LVD_HW_PAGING_H

#include <lvd/compat.h>

#define LVD_PTE_PRESENT		BIT_ULL(0)
#define LVD_PTE_RW		BIT_ULL(1)
#define LVD_PTE_USER		BIT_ULL(2)
#define LVD_PTE_ACCESSED	BIT_ULL(5)
#define LVD_PTE_DIRTY		BIT_ULL(6)	/* leaves only */
#define LVD_PTE_LARGE		BIT_ULL(7)	/* PS: a PDE or PDPTE that maps a page */
#define LVD_PTE_NX		BIT_ULL(63)	/* with IA32_EFER.NXE */
#define LVD_PTE_ADDR_MASK	GENMASK_ULL(51, 12)

#define LVD_PT_ENTRIES		512
#define LVD_PT_INDEX_BITS	9
#define LVD_PAGE_SHIFT		12
#define LVD_PAGE_SIZE		(1ULL << LVD_PAGE_SHIFT)
#define LVD_PT_LEVELS_4		4
#define LVD_PT_LEVELS_5		5

#endif /* LVD_HW_PAGING_H */
