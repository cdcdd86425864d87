/* SPDX-License-Identifier: GPL-2.0 */
/*
 * include/lvd/hw/seg.h - segment descriptors as they sit in the GDT (SDM
 * Vol. 3A 3.4.5, Figure 3-8; 16-byte system descriptors in IA-32e mode:
 * 7.2.3, Figure 7-4) and segment access rights as the VMCS holds them (SDM
 * Vol. 3C 24.4.1, Table 24-2). Each constant is named once here.
 */
#ifndef LVD_HW_SEG_H
#define LVD_HW_SEG_H

/* Selector: SDM Vol. 3A 3.4.2, Figure 3-6. */
#define LVD_SEL_RPL_MASK		GENMASK_ULL(1, 0)
#define LVD_SEL_TI			BIT_ULL(2)	/* 1: LDT */
#define LVD_SEL_INDEX_SHIFT		3

/* Descriptor (low 8 bytes). */
#define LVD_DESC_LIMIT_LO_MASK		GENMASK_ULL(15, 0)
#define LVD_DESC_BASE_LO_SHIFT		16		/* base 23:0 in bits 39:16 */
#define LVD_DESC_BASE_LO_MASK		GENMASK_ULL(39, 16)
#define LVD_DESC_ACCESS_SHIFT		40		/* type, S, DPL, P in 47:40 */
#define LVD_DESC_ACCESS_MASK		GENMASK_ULL(47, 40)
#define LVD_DESC_LIMIT_HI_SHIFT		48		/* limit 19:16 */
#define LVD_DESC_LIMIT_HI_MASK		GENMASK_ULL(51, 48)
#define LVD_DESC_FLAGS_SHIFT		52		/* AVL, L, D/B, G in 55:52 */
#define LVD_DESC_FLAGS_MASK		GENMASK_ULL(55, 52)
#define LVD_DESC_BASE_HI_SHIFT		56		/* base 31:24 */
#define LVD_DESC_S			BIT_ULL(44)	/* 0: system descriptor */
#define LVD_DESC_G			BIT_ULL(55)	/* limit in 4 KB units */
#define LVD_DESC_G_LIMIT_SHIFT		12		/* ... so shift it by 12 */

/* VMCS access-rights field. */
#define LVD_AR_TYPE_MASK		GENMASK_ULL(3, 0)
#define LVD_AR_TYPE_ACCESSED		BIT_ULL(0)	/* code/data segments */
#define LVD_AR_DPL_SHIFT		5
#define LVD_AR_DPL_MASK			GENMASK_ULL(6, 5)
#define LVD_AR_P			BIT_ULL(7)
#define LVD_AR_FLAGS_SHIFT		12		/* AVL, L, D/B, G in 15:12 */
#define LVD_AR_L			BIT_ULL(13)
#define LVD_AR_UNUSABLE			BIT_ULL(16)

/* System-descriptor types (S = 0) in IA-32e mode: SDM Vol. 3A 3.5, Table 3-2. */
#define LVD_SYS_TYPE_TSS16_AVAIL	1	/* 16-bit TSS types exist in legacy modes only */
#define LVD_SYS_TYPE_TSS16_BUSY		3

#endif /* LVD_HW_SEG_H */
