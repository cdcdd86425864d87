/* SPDX-License-Identifier: GPL-2.0 */
/*
 * hypervisor/lvd_hv.h - what the parts of lvd_hv.ko share: the per-CPU
 * state, the global state, the exit counters and the functions the files
 * call in each other. Kernel-only (the pure-logic headers are separate).
 *
 * Who runs where: main.c, cpu.c, vmcs_setup.c and ept_kernel.c's build run
 * in process context (module load and unload, CPU hotplug). exit.c and what
 * it calls run in VMX root with interrupts off on the exit stack; they must
 * not sleep or take any lock the interrupted kernel may hold.
 */
#ifndef LVD_HV_LVD_HV_H
#define LVD_HV_LVD_HV_H

#include <linux/types.h>
#include <linux/percpu.h>
#include <linux/atomic.h>
#include <asm/desc_defs.h>
#include <lvd/hw/vmcs.h>
#include "vmx_caps.h"
#include "ept.h"
#include "mtrr.h"
#include "guest_rules.h"

/*
 * Control-register bits that protect the kernel, owned by the hypervisor
 * on top of the VMX-fixed ones (vmcs_setup.c): a write that changes one
 * exits. Pinned: once set, the hypervisor keeps it set whatever is
 * written (as Linux pins CR4 bits itself), and logs who tried; the writer
 * reads back what it wrote. CD, NW, PCIDE and OSXSAVE are owned, checked
 * and carried out.
 */
#define LVD_CR0_OWNED	(LVD_CR0_WP | LVD_CR0_CD | LVD_CR0_NW)
#define LVD_CR0_PINNED	LVD_CR0_WP
#define LVD_CR4_OWNED	(LVD_CR4_SMEP | LVD_CR4_SMAP | LVD_CR4_UMIP | LVD_CR4_FSGSBASE | \
			 LVD_CR4_PCIDE | LVD_CR4_OSXSAVE)
#define LVD_CR4_PINNED	(LVD_CR4_SMEP | LVD_CR4_SMAP | LVD_CR4_UMIP | LVD_CR4_FSGSBASE)

/* The kernel's view in every CPU's EPTP list (VMFUNC index 0). */
#define LVD_EPTP_INDEX_KERNEL	0

/* The one VPID the kernel runs with on every CPU (0 is VMX root's). */
#define LVD_KERNEL_VPID		1

/* Exit stack: 4 pages; the exit handler's deepest path is printk_deferred(). */
#define LVD_EXIT_STACK_ORDER	2
#define LVD_EXIT_STACK_SIZE	(PAGE_SIZE << LVD_EXIT_STACK_ORDER)

/*
 * Guest general-purpose registers as vmx_entry.S saves them on the exit
 * stack. gpr[] is indexed by the SDM's register numbers (Vol. 3C 27.2.1,
 * Table 27-3: 0 RAX, 1 RCX, 2 RDX, 3 RBX, 4 RSP, 5 RBP, 6 RSI, 7 RDI,
 * 8-15 R8-R15); gpr[4] is unused (RSP lives in the VMCS). rip, rsp and
 * rflags are filled only when the exit handler leaves VMX operation, for
 * vmx_entry.S to return to the kernel with. Keep in step with vmx_entry.S.
 */
enum {
	LVD_GPR_RAX, LVD_GPR_RCX, LVD_GPR_RDX, LVD_GPR_RBX,
	LVD_GPR_RSP, LVD_GPR_RBP, LVD_GPR_RSI, LVD_GPR_RDI,
	LVD_GPR_R8, LVD_GPR_R9, LVD_GPR_R10, LVD_GPR_R11,
	LVD_GPR_R12, LVD_GPR_R13, LVD_GPR_R14, LVD_GPR_R15,
	LVD_NR_GPRS
};

struct lvd_guest_regs {
	u64 gpr[LVD_NR_GPRS];
	u64 rip;
	u64 rsp;
	u64 rflags;
};

/**
 * struct lvd_cpu - one CPU's VMX state, allocated when the CPU is launched
 * @cpu:	Linux CPU number
 * @vmxon:	VMXON region (one page)
 * @vmcs:	this CPU's VMCS (one page)
 * @stack:	exit stack; the pointer to this struct sits in its top word
 * @eptp_list:	this CPU's EPTP list for VMFUNC EPTP switching (one page of
 *		LVD_EPTP_LIST_ENTRIES); entry LVD_EPTP_INDEX_KERNEL is the
 *		kernel's view, the others are empty until domains exist
 * @launched:	the CPU is in VMX operation (set before the first VM entry,
 *		cleared by lvd_leave_vmx())
 * @entered:	the first VM entry succeeded (a later failed entry is not
 *		a failed launch)
 * @leaving:	set by lvd_leave_vmx(): return to the kernel outside VMX
 * @test_break_entry: testing (break_entry_test): make the next VM entry fail
 * @abort_rip:	where an exit from a domain's view continues (LVD_HC_ABORT_SET);
 *		0: none registered, such exits get the #UD of view_exit()
 * @abort_rsp:	the stack it continues on
 * @watch:	the domain manager's per-CPU entry counter, or NULL
 * @watch_seen:	its value when the VMX-preemption timer last fired
 * @budget_ticks: VMX-preemption timer value of half a budget, 0: no budget
 */
struct lvd_cpu {
	int cpu;
	void *vmxon;
	void *vmcs;
	void *stack;
	u64 *eptp_list;
	bool launched;
	bool entered;
	bool leaving;
	bool test_break_entry;
	u64 abort_rip;
	u64 abort_rsp;
	u64 *watch;
	u64 watch_seen;
	u32 budget_ticks;
};

/* Per-CPU exit counters; the last slot counts reasons past the table. */
struct lvd_exit_stats {
	u64 exits[LVD_EXIT_REASON_COUNT + 1];
	u64 hc_ok;
	u64 hc_refused;
	u64 ept_filled;
	u64 msr_emulated;
	u64 injected_ud;
	u64 injected_gp;
	u64 entry_failed;
	u64 cr_pinned;
	u64 view_exits;
	u64 view_aborts;
	u64 budget_ticks;
};
DECLARE_PER_CPU(struct lvd_exit_stats, lvd_exit_stats);

/**
 * struct lvd_hv - state shared by all CPUs, set up before the first launch
 * and read-only while any CPU runs in VMX non-root (except the EPT, which
 * ept_kernel.c extends under its own lock)
 * @msrs:	capability MSRs
 * @ctls:	the control values every VMCS gets
 * @revision:	VMCS revision identifier (IA32_VMX_BASIC[30:0])
 * @msr_bitmap:	the MSR bitmap page
 * @host_pgd:	host CR3's top-level table: the kernel half of the kernel's
 *		page tables; 8 KB-aligned so PTI never takes it for a user CR3
 * @ept:	the kernel's EPT
 * @eptp:	its EPT pointer
 * @guest:	what the CPU lets the kernel enable (CR4, EFER, XCR0 bits,
 *		address widths), from CPUID as the kernel sees it, for the
 *		checks of the writes the hypervisor emulates
 * @dom_start:	start of the domains' code range (LVD_HC_DOMAIN_RANGE), 0: none
 * @dom_end:	its end
 * @dom_active:	the domain manager's per-CPU "a call is active" words
 * @slot_eptp:	the EPTP list every CPU's list copies: index 0 the kernel's
 *		view, the others installed views (view.c) or 0; written in
 *		root only (the VIEW_SET and VIEW_CLEAR hypercalls)
 */
struct lvd_hv {
	struct lvd_vmx_msrs msrs;
	struct lvd_vmx_ctls ctls;
	u32 revision;
	u8 *msr_bitmap;
	pgd_t *host_pgd;
	struct lvd_ept ept;
	u64 eptp;
	struct lvd_guest_features guest;
	u64 dom_start;
	u64 dom_end;
	u32 *dom_active;
	u64 *slot_eptp;
};
extern struct lvd_hv lvd_hv;

/* vmx_ops.S: VMX instructions; each returns 0 or -EIO on VMfail. */
int lvd_vmxon(u64 pa);
void lvd_vmxoff(void);
int lvd_vmclear(u64 pa);
int lvd_vmptrld(u64 pa);
u64 lvd_vmread(u64 field);
int lvd_vmwrite(u64 field, u64 value);
int lvd_invept(u64 type, u64 eptp);
int lvd_invvpid(u64 type, u64 vpid);
long lvd_vmcall(long nr, long a1, long a2, long a3);
void lvd_vmcall_site(void);
void lvd_write_cr4(u64 val);
int lvd_rdmsr_safe(u32 msr, u64 *val);
int lvd_wrmsr_safe(u32 msr, u64 val);

/* vmx_entry.S */
int lvd_vmx_launch(void);
void lvd_vmx_exit_entry(void);
void lvd_vmx_launch_entry_failed(void);

/* vmcs_setup.c */
int lvd_vmcs_setup(struct lvd_cpu *c);

/* ept_kernel.c */
int lvd_ept_k_build(unsigned int max_level);
void lvd_ept_k_destroy(void);
int lvd_ept_k_fill(u64 gpa, u64 *start, u64 *end);
int lvd_ept_k_map_ram(u64 start, u64 end);
int lvd_ept_k_protect(u64 start, u64 size, u64 perm);
void lvd_ept_k_hotplug_start(void);
void lvd_ept_k_hotplug_stop(void);
int lvd_ept_k_repair(u64 gpa, u64 *old);
extern struct lvd_mtrr lvd_mtrr;

/* exit.c */
__printf(1, 2) void lvd_root_log(const char *fmt, ...);
bool lvd_handle_exit(struct lvd_guest_regs *regs, struct lvd_cpu *c);
void lvd_vmresume_failed(struct lvd_guest_regs *regs, struct lvd_cpu *c);
void lvd_flush_guest_tlb(void);
void lvd_leave_vmx(struct lvd_cpu *c, struct lvd_guest_regs *regs);

/* cpu.c */
DECLARE_PER_CPU(u64 *, lvd_eptp_list);
DECLARE_PER_CPU(struct lvd_cpu *, lvd_cpu);
__printf(1, 2) void lvd_launch_fail(const char *fmt, ...);
int lvd_cpus_start(void);
void lvd_cpus_stop(void);
unsigned int lvd_cpus_launched(void);
extern atomic_t lvd_cpus_in_vmx;

/* testing.c: test hooks, only in the testbed's build (LVD_TESTING) */
struct dentry;
#ifdef LVD_TESTING
bool lvd_test_fail_launch(int cpu);
bool lvd_test_fail_entry(int cpu);
void lvd_testing_debugfs(struct dentry *dir);
struct lvd_cpu *lvd_this_cpu(void);
int lvd_test_sleep(void);
int lvd_ept_k_poison(u64 gpa);
#else
static inline bool lvd_test_fail_launch(int cpu) { return false; }
static inline bool lvd_test_fail_entry(int cpu) { return false; }
static inline void lvd_testing_debugfs(struct dentry *dir) { }
#endif

/* main.c */
const char *lvd_exit_reason_name(unsigned int reason);
void *lvd_alloc_pages(unsigned int order);
void lvd_free_pages(void *p, unsigned int order);

#endif /* LVD_HV_LVD_HV_H */
