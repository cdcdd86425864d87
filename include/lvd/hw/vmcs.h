/* SPDX-License-Identifier: GPL-2.0 */
/*
 * include/lvd/hw/vmcs.h - VMCS field encodings (SDM Vol. 3D Appendix B),
 * basic exit reasons (Appendix C) and the layout of the exit-information
 * fields (SDM Vol. 3C 27.2, 24.9). Each constant is named once here.
 */
#ifndef LVD_HW_VMCS_H
#define LVD_HW_VMCS_H

/* B.1.1 16-bit control fields. */
#define VMCS_VPID				0x00000000
#define VMCS_EPTP_INDEX				0x00000004	/* with EPT-violation #VE */
/* B.1.2 16-bit guest-state fields. */
#define VMCS_GUEST_ES_SEL			0x00000800
#define VMCS_GUEST_CS_SEL			0x00000802
#define VMCS_GUEST_SS_SEL			0x00000804
#define VMCS_GUEST_DS_SEL			0x00000806
#define VMCS_GUEST_FS_SEL			0x00000808
#define VMCS_GUEST_GS_SEL			0x0000080a
#define VMCS_GUEST_LDTR_SEL			0x0000080c
#define VMCS_GUEST_TR_SEL			0x0000080e
/* B.1.3 16-bit host-state fields. */
#define VMCS_HOST_ES_SEL			0x00000c00
#define VMCS_HOST_CS_SEL			0x00000c02
#define VMCS_HOST_SS_SEL			0x00000c04
#define VMCS_HOST_DS_SEL			0x00000c06
#define VMCS_HOST_FS_SEL			0x00000c08
#define VMCS_HOST_GS_SEL			0x00000c0a
#define VMCS_HOST_TR_SEL			0x00000c0c

/* B.2.1 64-bit control fields. */
#define VMCS_IO_BITMAP_A			0x00002000
#define VMCS_IO_BITMAP_B			0x00002002
#define VMCS_MSR_BITMAP				0x00002004
#define VMCS_TSC_OFFSET				0x00002010
#define VMCS_VMFUNC_CTLS			0x00002018
#define VMCS_EPT_POINTER			0x0000201a
#define VMCS_EPTP_LIST				0x00002024
#define VMCS_VE_INFO_ADDR			0x0000202a
#define VMCS_XSS_EXIT_BITMAP			0x0000202c
/* B.2.2 64-bit read-only data fields. */
#define VMCS_GUEST_PHYS_ADDR			0x00002400
/* B.2.3 64-bit guest-state fields. */
#define VMCS_LINK_POINTER			0x00002800
#define VMCS_GUEST_DEBUGCTL			0x00002802
#define VMCS_GUEST_PAT				0x00002804
#define VMCS_GUEST_EFER				0x00002806
/* B.2.4 64-bit host-state fields. */
#define VMCS_HOST_PAT				0x00002c00
#define VMCS_HOST_EFER				0x00002c02

/* B.3.1 32-bit control fields. */
#define VMCS_PIN_CTLS				0x00004000
#define VMCS_PROC_CTLS				0x00004002
#define VMCS_EXCEPTION_BITMAP			0x00004004
#define VMCS_PF_ERRCODE_MASK			0x00004006
#define VMCS_PF_ERRCODE_MATCH			0x00004008
#define VMCS_CR3_TARGET_COUNT			0x0000400a
#define VMCS_EXIT_CTLS				0x0000400c
#define VMCS_EXIT_MSR_STORE_COUNT		0x0000400e
#define VMCS_EXIT_MSR_LOAD_COUNT		0x00004010
#define VMCS_ENTRY_CTLS				0x00004012
#define VMCS_ENTRY_MSR_LOAD_COUNT		0x00004014
#define VMCS_ENTRY_INTR_INFO			0x00004016
#define VMCS_ENTRY_EXCEPTION_ERRCODE		0x00004018
#define VMCS_ENTRY_INSTR_LEN			0x0000401a
#define VMCS_PROC_CTLS2				0x0000401e
/* B.3.2 32-bit read-only data fields. */
#define VMCS_VM_INSTR_ERROR			0x00004400
#define VMCS_EXIT_REASON			0x00004402
#define VMCS_EXIT_INTR_INFO			0x00004404
#define VMCS_EXIT_INTR_ERRCODE			0x00004406
#define VMCS_IDT_VECTORING_INFO			0x00004408
#define VMCS_IDT_VECTORING_ERRCODE		0x0000440a
#define VMCS_EXIT_INSTR_LEN			0x0000440c
/* B.3.3 32-bit guest-state fields. */
#define VMCS_GUEST_ES_LIMIT			0x00004800
#define VMCS_GUEST_CS_LIMIT			0x00004802
#define VMCS_GUEST_SS_LIMIT			0x00004804
#define VMCS_GUEST_DS_LIMIT			0x00004806
#define VMCS_GUEST_FS_LIMIT			0x00004808
#define VMCS_GUEST_GS_LIMIT			0x0000480a
#define VMCS_GUEST_LDTR_LIMIT			0x0000480c
#define VMCS_GUEST_TR_LIMIT			0x0000480e
#define VMCS_GUEST_GDTR_LIMIT			0x00004810
#define VMCS_GUEST_IDTR_LIMIT			0x00004812
#define VMCS_GUEST_ES_AR			0x00004814
#define VMCS_GUEST_CS_AR			0x00004816
#define VMCS_GUEST_SS_AR			0x00004818
#define VMCS_GUEST_DS_AR			0x0000481a
#define VMCS_GUEST_FS_AR			0x0000481c
#define VMCS_GUEST_GS_AR			0x0000481e
#define VMCS_GUEST_LDTR_AR			0x00004820
#define VMCS_GUEST_TR_AR			0x00004822
#define VMCS_GUEST_INTERRUPTIBILITY		0x00004824
#define VMCS_GUEST_ACTIVITY_STATE		0x00004826
#define VMCS_GUEST_SYSENTER_CS			0x0000482a
#define VMCS_PREEMPTION_TIMER_VALUE		0x0000482e
/* B.3.4 32-bit host-state field. */
#define VMCS_HOST_SYSENTER_CS			0x00004c00

/* B.4.1 natural-width control fields. */
#define VMCS_CR0_GUEST_HOST_MASK		0x00006000
#define VMCS_CR4_GUEST_HOST_MASK		0x00006002
#define VMCS_CR0_READ_SHADOW			0x00006004
#define VMCS_CR4_READ_SHADOW			0x00006006
/* B.4.2 natural-width read-only data fields. */
#define VMCS_EXIT_QUALIFICATION			0x00006400
#define VMCS_GUEST_LINEAR_ADDR			0x0000640a
/* B.4.3 natural-width guest-state fields. */
#define VMCS_GUEST_CR0				0x00006800
#define VMCS_GUEST_CR3				0x00006802
#define VMCS_GUEST_CR4				0x00006804
#define VMCS_GUEST_ES_BASE			0x00006806
#define VMCS_GUEST_CS_BASE			0x00006808
#define VMCS_GUEST_SS_BASE			0x0000680a
#define VMCS_GUEST_DS_BASE			0x0000680c
#define VMCS_GUEST_FS_BASE			0x0000680e
#define VMCS_GUEST_GS_BASE			0x00006810
#define VMCS_GUEST_LDTR_BASE			0x00006812
#define VMCS_GUEST_TR_BASE			0x00006814
#define VMCS_GUEST_GDTR_BASE			0x00006816
#define VMCS_GUEST_IDTR_BASE			0x00006818
#define VMCS_GUEST_DR7				0x0000681a
#define VMCS_GUEST_RSP				0x0000681c
#define VMCS_GUEST_RIP				0x0000681e
#define VMCS_GUEST_RFLAGS			0x00006820
#define VMCS_GUEST_PENDING_DBG			0x00006822
#define VMCS_GUEST_SYSENTER_ESP			0x00006824
#define VMCS_GUEST_SYSENTER_EIP			0x00006826
/* B.4.4 natural-width host-state fields. */
#define VMCS_HOST_CR0				0x00006c00
#define VMCS_HOST_CR3				0x00006c02
#define VMCS_HOST_CR4				0x00006c04
#define VMCS_HOST_FS_BASE			0x00006c06
#define VMCS_HOST_GS_BASE			0x00006c08
#define VMCS_HOST_TR_BASE			0x00006c0a
#define VMCS_HOST_GDTR_BASE			0x00006c0c
#define VMCS_HOST_IDTR_BASE			0x00006c0e
#define VMCS_HOST_SYSENTER_ESP			0x00006c10
#define VMCS_HOST_SYSENTER_EIP			0x00006c12
#define VMCS_HOST_RSP				0x00006c14
#define VMCS_HOST_RIP				0x00006c16

/* Exit reason field (27.2.1, Table 24-15): basic reason and entry failure. */
#define LVD_EXIT_REASON_BASIC_MASK		GENMASK_ULL(15, 0)
#define LVD_EXIT_REASON_ENTRY_FAIL		BIT_ULL(31)
/*
 * Exit qualification of a VM entry that failed on invalid guest state
 * (26.7, "VM-Entry Failures During or After Loading Guest State"): 0 is the
 * general case.
 */
#define LVD_ENTRY_FAIL_QUAL_PDPTE		2
#define LVD_ENTRY_FAIL_QUAL_NMI			3
#define LVD_ENTRY_FAIL_QUAL_LINK		4

/* Basic exit reasons: SDM Vol. 3D Appendix C, Table C-1. */
#define LVD_EXIT_EXCEPTION_NMI			0
#define LVD_EXIT_EXTERNAL_INTR			1
#define LVD_EXIT_TRIPLE_FAULT			2
#define LVD_EXIT_INIT				3
#define LVD_EXIT_SIPI				4
#define LVD_EXIT_INTR_WINDOW			7
#define LVD_EXIT_TASK_SWITCH			9
#define LVD_EXIT_CPUID				10
#define LVD_EXIT_GETSEC				11
#define LVD_EXIT_HLT				12
#define LVD_EXIT_INVD				13
#define LVD_EXIT_INVLPG				14
#define LVD_EXIT_RDPMC				15
#define LVD_EXIT_RDTSC				16
#define LVD_EXIT_RSM				17
#define LVD_EXIT_VMCALL				18
#define LVD_EXIT_VMCLEAR			19
#define LVD_EXIT_VMLAUNCH			20
#define LVD_EXIT_VMPTRLD			21
#define LVD_EXIT_VMPTRST			22
#define LVD_EXIT_VMREAD				23
#define LVD_EXIT_VMRESUME			24
#define LVD_EXIT_VMWRITE			25
#define LVD_EXIT_VMXOFF				26
#define LVD_EXIT_VMXON				27
#define LVD_EXIT_CR_ACCESS			28
#define LVD_EXIT_DR_ACCESS			29
#define LVD_EXIT_IO				30
#define LVD_EXIT_RDMSR				31
#define LVD_EXIT_WRMSR				32
#define LVD_EXIT_INVALID_GUEST_STATE		33
#define LVD_EXIT_MSR_LOADING			34
#define LVD_EXIT_MWAIT				36
#define LVD_EXIT_MTF				37
#define LVD_EXIT_MONITOR			39
#define LVD_EXIT_PAUSE				40
#define LVD_EXIT_MACHINE_CHECK			41
#define LVD_EXIT_GDTR_IDTR			46
#define LVD_EXIT_LDTR_TR			47
#define LVD_EXIT_EPT_VIOLATION			48
#define LVD_EXIT_EPT_MISCONFIG			49
#define LVD_EXIT_INVEPT				50
#define LVD_EXIT_RDTSCP				51
#define LVD_EXIT_PREEMPTION_TIMER		52
#define LVD_EXIT_INVVPID			53
#define LVD_EXIT_WBINVD				54
#define LVD_EXIT_XSETBV				55
#define LVD_EXIT_RDRAND				57
#define LVD_EXIT_INVPCID			58
#define LVD_EXIT_VMFUNC				59
#define LVD_EXIT_ENCLS				60
#define LVD_EXIT_RDSEED				61
#define LVD_EXIT_XSAVES				63
#define LVD_EXIT_XRSTORS			64
#define LVD_EXIT_REASON_COUNT			70	/* counters cover 0..69 */

/* Exit qualification for control-register accesses: 27.2.1, Table 27-3. */
#define LVD_CRQ_CR_MASK				GENMASK_ULL(3, 0)
#define LVD_CRQ_TYPE_SHIFT			4
#define LVD_CRQ_TYPE_MASK			GENMASK_ULL(5, 4)
#define   LVD_CRQ_TYPE_MOV_TO_CR		0
#define LVD_CRQ_GPR_SHIFT			8
#define LVD_CRQ_GPR_MASK			GENMASK_ULL(11, 8)

/* Exit qualification for EPT violations: 27.2.1, Table 27-7. */
#define LVD_EPTQ_READ				BIT_ULL(0)
#define LVD_EPTQ_WRITE				BIT_ULL(1)
#define LVD_EPTQ_FETCH				BIT_ULL(2)
#define LVD_EPTQ_GLA_VALID			BIT_ULL(7)
#define LVD_EPTQ_NMI_UNBLOCKING			BIT_ULL(12)	/* 27.2.3 */

/*
 * Interruption-information format, shared by the VM-exit interruption
 * information, IDT-vectoring information and VM-entry interruption
 * information fields: 24.8.3 Table 24-14, 24.9.2 Table 24-16.
 */
#define LVD_INTR_INFO_VECTOR_MASK		GENMASK_ULL(7, 0)
#define LVD_INTR_INFO_TYPE_SHIFT		8
#define LVD_INTR_INFO_TYPE_MASK			GENMASK_ULL(10, 8)
#define   LVD_INTR_TYPE_EXT_INTR		0
#define   LVD_INTR_TYPE_NMI			2
#define   LVD_INTR_TYPE_HW_EXCEPTION		3
#define   LVD_INTR_TYPE_SW_INTR			4
#define   LVD_INTR_TYPE_PRIV_SW_EXCEPTION	5
#define   LVD_INTR_TYPE_SW_EXCEPTION		6
#define LVD_INTR_INFO_ERRCODE_VALID		BIT_ULL(11)
#define LVD_INTR_INFO_VALID			BIT_ULL(31)

/*
 * Exception vectors: SDM Vol. 3A 6.3.1, Table 6-1; their double-fault
 * classes (benign, contributory, page fault) are Table 6-4's.
 */
#define LVD_VECTOR_DE				0
#define LVD_VECTOR_DB				1
#define LVD_VECTOR_NMI				2
#define LVD_VECTOR_BP				3
#define LVD_VECTOR_UD				6
#define LVD_VECTOR_DF				8
#define LVD_VECTOR_TS				10
#define LVD_VECTOR_NP				11
#define LVD_VECTOR_SS				12
#define LVD_VECTOR_GP				13
#define LVD_VECTOR_PF				14
#define LVD_VECTOR_MC				18
#define LVD_VECTOR_VE				20
#define LVD_VECTOR_CP				21

/*
 * Page-fault error code: SDM Vol. 3A 4.7, Figure 4-12 (P: the page was
 * present, U/S: a user-mode access, I/D: an instruction fetch).
 */
#define LVD_PFEC_PRESENT			BIT_ULL(0)
#define LVD_PFEC_USER				BIT_ULL(2)
#define LVD_PFEC_FETCH				BIT_ULL(4)

/* Guest interruptibility state: 24.4.2, Table 24-3. */
#define LVD_INTERRUPTIBILITY_STI		BIT_ULL(0)
#define LVD_INTERRUPTIBILITY_MOV_SS		BIT_ULL(1)
#define LVD_INTERRUPTIBILITY_NMI		BIT_ULL(3)

/* Pending debug exceptions: 24.4.2, Table 24-4 (BS: a single-step trap). */
#define LVD_PENDING_DBG_BS			BIT_ULL(14)

/* Guest activity state: 24.4.2. */
#define LVD_ACTIVITY_ACTIVE			0

/* VMCS link pointer value for "no shadow VMCS": 26.3.1.5. */
#define LVD_VMCS_LINK_NONE			(~0ULL)

#endif /* LVD_HW_VMCS_H */
