// SPDX-License-Identifier: GPL-2.0
/*
 * hypervisor/main.c - the LVD hypervisor module (lvd_hv.ko): load, unload,
 * module parameters, debugfs.
 *
 * Load: check that the CPU offers every VMX feature LVD needs
 * (vmx_caps.c; one refusal line naming each missing feature), choose the
 * controls, build what all CPUs share (MSR bitmap, host page table, the
 * kernel's EPT), then launch every online CPU (cpu.c). Unload: every CPU
 * leaves VMX operation, then the shared state is freed. Reboot, power-off
 * and kexec: every CPU leaves VMX operation first (reboot notifier), so the
 * firmware or the next kernel gets the CPUs as the kernel had them.
 *
 * Module parameters:
 *   launch=1        launch the hypervisor (0: only check the capabilities)
 *   ept_max_level=3 largest EPT page: 3 = 1 GB, 2 = 2 MB, 1 = 4 KB
 *
 * debugfs, /sys/kernel/debug/lvd/:
 *   caps    features found and the raw capability MSRs
 *   status  CPUs launched, EPT shape, ABI version
 *   exits   per-CPU, per-reason exit counters and hypercall counters
 *   msrs    the intercepted MSRs and why
 * The testbed's build adds test hooks (testing.c).
 */
#define pr_fmt(fmt) "lvd: " fmt

#include <linux/module.h>
#include <linux/debugfs.h>
#include <linux/seq_file.h>
#include <linux/slab.h>
#include <linux/gfp.h>
#include <linux/mm.h>
#include <linux/reboot.h>
#include <asm/cpufeature.h>
#include <asm/msr.h>
#include <asm/processor.h>
#include <asm/pgtable.h>
#include <asm/msr.h>

#include <lvd/compat.h>
#include <lvd/hypercall.h>
#include <lvd/hw/msr.h>
#include <lvd/hw/vmx.h>
#include "vmx_caps.h"
#include "msr_bitmap.h"
#include "lvd_hv.h"

static bool launch = true;
module_param(launch, bool, 0444);
MODULE_PARM_DESC(launch, "launch the hypervisor on every CPU (0: only check VMX capabilities)");
static uint ept_max_level = LVD_EPT_LEVEL_1G;
module_param(ept_max_level, uint, 0444);
MODULE_PARM_DESC(ept_max_level, "largest EPT page: 3 = 1 GB, 2 = 2 MB, 1 = 4 KB (default 3)");

struct lvd_hv lvd_hv;
static bool launched;		/* shared state set up, CPUs started */
static bool cpus_stopped;	/* every CPU left VMX (reboot notifier) */
static atomic_long_t pages_in_use;

/**
 * lvd_alloc_pages() - zeroed pages for the hypervisor, counted
 * @order: log2 of the number of pages; the block is aligned to its size
 *
 * Context: process context (may sleep).
 * Return: the block's address in the direct map, or NULL.
 */
void *lvd_alloc_pages(unsigned int order)
{
	void *p = (void *)__get_free_pages(GFP_KERNEL | __GFP_ZERO, order);

	if (p)
		atomic_long_add(1L << order, &pages_in_use);
	return p;
}

/**
 * lvd_free_pages() - give back a block from lvd_alloc_pages()
 * @p: the block, or NULL
 * @order: as allocated
 */
void lvd_free_pages(void *p, unsigned int order)
{
	if (!p)
		return;
	free_pages((unsigned long)p, order);
	atomic_long_sub(1L << order, &pages_in_use);
}

static const char *const reason_names[LVD_EXIT_REASON_COUNT] = {
	[LVD_EXIT_EXCEPTION_NMI] = "exception_nmi",
	[LVD_EXIT_EXTERNAL_INTR] = "external_interrupt",
	[LVD_EXIT_TRIPLE_FAULT] = "triple_fault",
	[LVD_EXIT_INIT] = "init_signal",
	[LVD_EXIT_SIPI] = "sipi",
	[LVD_EXIT_INTR_WINDOW] = "interrupt_window",
	[LVD_EXIT_TASK_SWITCH] = "task_switch",
	[LVD_EXIT_CPUID] = "cpuid",
	[LVD_EXIT_GETSEC] = "getsec",
	[LVD_EXIT_HLT] = "hlt",
	[LVD_EXIT_INVD] = "invd",
	[LVD_EXIT_INVLPG] = "invlpg",
	[LVD_EXIT_RDPMC] = "rdpmc",
	[LVD_EXIT_RDTSC] = "rdtsc",
	[LVD_EXIT_RSM] = "rsm",
	[LVD_EXIT_VMCALL] = "vmcall",
	[LVD_EXIT_VMCLEAR] = "vmclear",
	[LVD_EXIT_VMLAUNCH] = "vmlaunch",
	[LVD_EXIT_VMPTRLD] = "vmptrld",
	[LVD_EXIT_VMPTRST] = "vmptrst",
	[LVD_EXIT_VMREAD] = "vmread",
	[LVD_EXIT_VMRESUME] = "vmresume",
	[LVD_EXIT_VMWRITE] = "vmwrite",
	[LVD_EXIT_VMXOFF] = "vmxoff",
	[LVD_EXIT_VMXON] = "vmxon",
	[LVD_EXIT_CR_ACCESS] = "cr_access",
	[LVD_EXIT_DR_ACCESS] = "dr_access",
	[LVD_EXIT_IO] = "io",
	[LVD_EXIT_RDMSR] = "rdmsr",
	[LVD_EXIT_WRMSR] = "wrmsr",
	[LVD_EXIT_INVALID_GUEST_STATE] = "entry_invalid_guest_state",
	[LVD_EXIT_MSR_LOADING] = "entry_msr_loading",
	[LVD_EXIT_MWAIT] = "mwait",
	[LVD_EXIT_MTF] = "monitor_trap_flag",
	[LVD_EXIT_MONITOR] = "monitor",
	[LVD_EXIT_PAUSE] = "pause",
	[LVD_EXIT_MACHINE_CHECK] = "entry_machine_check",
	[LVD_EXIT_GDTR_IDTR] = "gdtr_idtr",
	[LVD_EXIT_LDTR_TR] = "ldtr_tr",
	[LVD_EXIT_EPT_VIOLATION] = "ept_violation",
	[LVD_EXIT_EPT_MISCONFIG] = "ept_misconfig",
	[LVD_EXIT_INVEPT] = "invept",
	[LVD_EXIT_RDTSCP] = "rdtscp",
	[LVD_EXIT_PREEMPTION_TIMER] = "preemption_timer",
	[LVD_EXIT_INVVPID] = "invvpid",
	[LVD_EXIT_WBINVD] = "wbinvd",
	[LVD_EXIT_XSETBV] = "xsetbv",
	[LVD_EXIT_RDRAND] = "rdrand",
	[LVD_EXIT_INVPCID] = "invpcid",
	[LVD_EXIT_VMFUNC] = "vmfunc",
	[LVD_EXIT_ENCLS] = "encls",
	[LVD_EXIT_RDSEED] = "rdseed",
	[LVD_EXIT_XSAVES] = "xsaves",
	[LVD_EXIT_XRSTORS] = "xrstors",
};

/**
 * lvd_exit_reason_name() - name of a basic exit reason, for debugfs and the
 * domain manager's messages
 * @reason: basic exit reason (SDM Vol. 3D Appendix C)
 *
 * Return: a static string; "other" for reasons past the table or unnamed.
 */
lvd_root const char *lvd_exit_reason_name(unsigned int reason)
{
	if (reason < LVD_EXIT_REASON_COUNT && reason_names[reason])
		return reason_names[reason];
	return "other";
}
EXPORT_SYMBOL_GPL(lvd_exit_reason_name);

static struct dentry *lvd_debugfs;
static u64 lvd_caps_missing;

/* Read one capability MSR; an MSR that faults reads as 0 (feature absent). */
static u64 read_cap_msr(u32 msr)
{
	u64 val;

	if (rdmsrl_safe(msr, &val))
		return 0;
	return val;
}

/*
 * One CPUID register (0 EAX, 1 EBX, 2 ECX, 3 EDX) of @leaf/@sub; 0 when the
 * leaf is past the CPU's highest basic or extended leaf (SDM Vol. 2A CPUID
 * says such leaves return the data of the highest basic leaf).
 */
static u32 cpuid_reg(u32 leaf, u32 sub, unsigned int reg)
{
	u32 r[4];

	if (leaf > cpuid_eax(leaf & LVD_CPUID_EXT_BASE))
		return 0;
	cpuid_count(leaf, sub, &r[0], &r[1], &r[2], &r[3]);
	return r[reg];
}

/*
 * The CPUID words the guest-write checks depend on, as the kernel sees them
 * under LVD: VMX hidden (so CR4.VMXE is reserved to the rules; exit.c
 * handles that bit itself).
 */
static void guest_features_read(struct lvd_guest_features *f)
{
	struct lvd_cpuid_words w = {
		.l1_ecx = cpuid_reg(LVD_CPUID_LEAF_FEATURES, 0, 2) & ~LVD_CPUID1_ECX_VMX,
		.l1_edx = cpuid_reg(LVD_CPUID_LEAF_FEATURES, 0, 3),
		.l7_ebx = cpuid_reg(LVD_CPUID_LEAF_EXT_FEATURES, 0, 1),
		.l7_ecx = cpuid_reg(LVD_CPUID_LEAF_EXT_FEATURES, 0, 2),
		.l7_edx = cpuid_reg(LVD_CPUID_LEAF_EXT_FEATURES, 0, 3),
		.l7_1_eax = cpuid_reg(LVD_CPUID_LEAF_EXT_FEATURES, 1, 0),
		.ld_eax = cpuid_reg(LVD_CPUID_LEAF_XSTATE, 0, 0),
		.ld_edx = cpuid_reg(LVD_CPUID_LEAF_XSTATE, 0, 3),
		.ext1_edx = cpuid_reg(LVD_CPUID_LEAF_EXT_SIG, 0, 3),
		.ext8_eax = cpuid_reg(LVD_CPUID_LEAF_ADDR_SIZES, 0, 0),
	};

	if (!(w.l1_ecx & LVD_CPUID1_ECX_XSAVE))
		w.ld_eax = w.ld_edx = 0;
	lvd_guest_features_init(f, &w);
}

/* Fill @m from this CPU. Secondary MSRs exist only when advertised. */
static void vmx_caps_read(struct lvd_vmx_msrs *m)
{
	memset(m, 0, sizeof(*m));
	lvd_vmx_cpuid_fill(m, cpuid_reg);
	if (!m->cpuid_vmx)
		return;
	m->feature_control = read_cap_msr(LVD_MSR_IA32_FEATURE_CONTROL);
	m->basic = read_cap_msr(LVD_MSR_IA32_VMX_BASIC);
	m->pinbased = read_cap_msr(LVD_MSR_IA32_VMX_PINBASED_CTLS);
	m->procbased = read_cap_msr(LVD_MSR_IA32_VMX_PROCBASED_CTLS);
	m->misc = read_cap_msr(LVD_MSR_IA32_VMX_MISC);
	m->exit = read_cap_msr(LVD_MSR_IA32_VMX_EXIT_CTLS);
	m->entry = read_cap_msr(LVD_MSR_IA32_VMX_ENTRY_CTLS);
	m->cr0_fixed0 = read_cap_msr(LVD_MSR_IA32_VMX_CR0_FIXED0);
	m->cr0_fixed1 = read_cap_msr(LVD_MSR_IA32_VMX_CR0_FIXED1);
	m->cr4_fixed0 = read_cap_msr(LVD_MSR_IA32_VMX_CR4_FIXED0);
	m->cr4_fixed1 = read_cap_msr(LVD_MSR_IA32_VMX_CR4_FIXED1);
	if (m->basic & LVD_VMX_BASIC_TRUE_CTLS) {
		m->true_pinbased = read_cap_msr(LVD_MSR_IA32_VMX_TRUE_PINBASED_CTLS);
		m->true_procbased = read_cap_msr(LVD_MSR_IA32_VMX_TRUE_PROCBASED_CTLS);
		m->true_exit = read_cap_msr(LVD_MSR_IA32_VMX_TRUE_EXIT_CTLS);
		m->true_entry = read_cap_msr(LVD_MSR_IA32_VMX_TRUE_ENTRY_CTLS);
	}
	if (!((m->procbased >> LVD_VMX_CTLS_ALLOWED1_SHIFT) & LVD_PROC_ACTIVATE_SECONDARY))
		return;
	m->procbased2 = read_cap_msr(LVD_MSR_IA32_VMX_PROCBASED_CTLS2);
	if ((m->procbased2 >> LVD_VMX_CTLS_ALLOWED1_SHIFT) &
	    (LVD_PROC2_ENABLE_EPT | LVD_PROC2_ENABLE_VPID))
		m->ept_vpid_cap = read_cap_msr(LVD_MSR_IA32_VMX_EPT_VPID_CAP);
	if ((m->procbased2 >> LVD_VMX_CTLS_ALLOWED1_SHIFT) & LVD_PROC2_ENABLE_VMFUNC)
		m->vmfunc = read_cap_msr(LVD_MSR_IA32_VMX_VMFUNC);
}

static int caps_show(struct seq_file *s, void *unused)
{
	const struct lvd_vmx_msrs *m = &lvd_hv.msrs;
	u64 needed;
	int f;

	/* "n/a": a control this CPU's CPUID does not make necessary. */
	lvd_vmx_cpuid_ctls(m, &needed);
	for (f = 0; f < LVD_FEAT_COUNT; f++)
		seq_printf(s, "%-4s %s\n",
			   lvd_caps_missing & BIT_ULL(f) ? "no" :
			   f >= LVD_FEAT_RDTSCP && !(needed & BIT_ULL(f)) ? "n/a" : "yes",
			   lvd_vmx_feature_name(f));
	seq_printf(s, "msr feature_control %#llx\n", m->feature_control);
	seq_printf(s, "msr vmx_basic %#llx\n", m->basic);
	seq_printf(s, "msr pinbased_ctls %#llx\n", m->pinbased);
	seq_printf(s, "msr procbased_ctls %#llx\n", m->procbased);
	seq_printf(s, "msr procbased_ctls2 %#llx\n", m->procbased2);
	seq_printf(s, "msr ept_vpid_cap %#llx\n", m->ept_vpid_cap);
	seq_printf(s, "msr vmfunc %#llx\n", m->vmfunc);
	seq_printf(s, "msr vmx_misc %#llx\n", m->misc);
	seq_printf(s, "msr exit_ctls %#llx\n", m->exit);
	seq_printf(s, "msr entry_ctls %#llx\n", m->entry);
	seq_printf(s, "msr true_pinbased_ctls %#llx\n", m->true_pinbased);
	seq_printf(s, "msr true_procbased_ctls %#llx\n", m->true_procbased);
	seq_printf(s, "msr true_exit_ctls %#llx\n", m->true_exit);
	seq_printf(s, "msr true_entry_ctls %#llx\n", m->true_entry);
	seq_printf(s, "msr cr0_fixed0 %#llx\n", m->cr0_fixed0);
	seq_printf(s, "msr cr0_fixed1 %#llx\n", m->cr0_fixed1);
	seq_printf(s, "msr cr4_fixed0 %#llx\n", m->cr4_fixed0);
	seq_printf(s, "msr cr4_fixed1 %#llx\n", m->cr4_fixed1);
	return 0;
}
DEFINE_SHOW_ATTRIBUTE(caps);

static int status_show(struct seq_file *s, void *unused)
{
	seq_printf(s, "cpus_launched %u\n", lvd_cpus_launched());
	seq_printf(s, "cpus_online %u\n", num_online_cpus());
	seq_printf(s, "abi_version %d\n", LVD_HC_ABI_VERSION);
	seq_printf(s, "eptp %#llx\n", lvd_hv.eptp);
	seq_printf(s, "ept_pages_1g %llu\n", lvd_hv.ept.leaves[LVD_EPT_LEVEL_1G]);
	seq_printf(s, "ept_pages_2m %llu\n", lvd_hv.ept.leaves[LVD_EPT_LEVEL_2M]);
	seq_printf(s, "ept_pages_4k %llu\n", lvd_hv.ept.leaves[LVD_EPT_LEVEL_4K]);
	seq_printf(s, "ept_tables %llu\n", lvd_hv.ept.tables);
	seq_printf(s, "controls pin %#x proc %#x proc2 %#x exit %#x entry %#x\n",
		   lvd_hv.ctls.pin, lvd_hv.ctls.proc, lvd_hv.ctls.proc2, lvd_hv.ctls.exit,
		   lvd_hv.ctls.entry);
	return 0;
}
DEFINE_SHOW_ATTRIBUTE(status);

/* One line per CPU and non-zero counter: "cpuN name count". */
static int exits_show(struct seq_file *s, void *unused)
{
	unsigned int cpu, r;

	for_each_possible_cpu(cpu) {
		const struct lvd_exit_stats *st = per_cpu_ptr(&lvd_exit_stats, cpu);
		u64 total = 0;

		for (r = 0; r <= LVD_EXIT_REASON_COUNT; r++) {
			total += st->exits[r];
			if (st->exits[r])
				seq_printf(s, "cpu%u %s %llu\n", cpu, lvd_exit_reason_name(r),
					   st->exits[r]);
		}
		if (!total)
			continue;
		seq_printf(s, "cpu%u total %llu\n", cpu, total);
		seq_printf(s, "cpu%u hypercalls_ok %llu\n", cpu, st->hc_ok);
		seq_printf(s, "cpu%u hypercalls_refused %llu\n", cpu, st->hc_refused);
		seq_printf(s, "cpu%u msr_writes_emulated %llu\n", cpu, st->msr_emulated);
		seq_printf(s, "cpu%u ept_holes_filled %llu\n", cpu, st->ept_filled);
		seq_printf(s, "cpu%u injected_ud %llu\n", cpu, st->injected_ud);
		seq_printf(s, "cpu%u injected_gp %llu\n", cpu, st->injected_gp);
		seq_printf(s, "cpu%u entry_failed %llu\n", cpu, st->entry_failed);
		seq_printf(s, "cpu%u cr_pinned %llu\n", cpu, st->cr_pinned);
		seq_printf(s, "cpu%u view_exits %llu\n", cpu, st->view_exits);
		seq_printf(s, "cpu%u view_aborts %llu\n", cpu, st->view_aborts);
		seq_printf(s, "cpu%u budget_ticks %llu\n", cpu, st->budget_ticks);
	}
	return 0;
}
DEFINE_SHOW_ATTRIBUTE(exits);

static int msrs_show(struct seq_file *s, void *unused)
{
	size_t i;

	for (i = 0; i < lvd_msr_intercepts_count; i++) {
		const struct lvd_msr_intercept *ic = &lvd_msr_intercepts[i];

		seq_printf(s, "%#010x+%u %s %s: %s\n", ic->first, ic->count,
			   ic->read ? "rw" : "w", ic->name, ic->reason);
	}
	return 0;
}
DEFINE_SHOW_ATTRIBUTE(msrs);

/*
 * Host CR3: a top-level table holding the kernel half of the kernel's page
 * tables (identical in every process, DESIGN.md 5), so the exit handler
 * runs whichever process was interrupted and even after it is gone. The
 * half below KERNEL_PGD_BOUNDARY (user space) is empty, and so is the one
 * kernel-half slot that differs between processes: the LDT remap slot
 * (LDT_BASE_ADDR), which would otherwise keep the loading process's LDT
 * mapped in root after that process is gone. Allocated 8 KB-aligned: with PTI an NMI in VMX root checks CR3
 * bit 12 to tell a user CR3, and must not see one here.
 */
static int host_pgd_alloc(void)
{
	pgd_t *src = current->active_mm->pgd;

	lvd_hv.host_pgd = lvd_alloc_pages(1);
	if (!lvd_hv.host_pgd)
		return -ENOMEM;
	memcpy(lvd_hv.host_pgd + KERNEL_PGD_BOUNDARY, src + KERNEL_PGD_BOUNDARY,
	       (PTRS_PER_PGD - KERNEL_PGD_BOUNDARY) * sizeof(pgd_t));
	lvd_hv.host_pgd[pgd_index(LDT_BASE_ADDR)] = __pgd(0);
	return 0;
}

static void shared_free(void)
{
	lvd_ept_k_destroy();
	lvd_free_pages(lvd_hv.slot_eptp, 0);
	lvd_hv.slot_eptp = NULL;
	lvd_free_pages(lvd_hv.host_pgd, 1);
	lvd_hv.host_pgd = NULL;
	lvd_free_pages(lvd_hv.msr_bitmap, 0);
	lvd_hv.msr_bitmap = NULL;
}

/* Everything the CPUs share; process context, before any launch. */
static int shared_setup(void)
{
	const char *failed;
	int ret;

	if (lvd_vmx_choose_ctls(&lvd_hv.msrs, &lvd_hv.ctls, &failed)) {
		pr_err("the CPU's %s cannot be set as LVD needs; use a CPU with full VT-x support\n",
		       failed);
		return -ENODEV;
	}
	if (ept_max_level < LVD_EPT_LEVEL_4K || ept_max_level > LVD_EPT_LEVEL_1G) {
		pr_err("ept_max_level=%u is invalid; use 1 (4 KB), 2 (2 MB) or 3 (1 GB)\n",
		       ept_max_level);
		return -EINVAL;
	}
	if ((lvd_hv.msrs.basic & LVD_VMX_BASIC_REGION_SIZE_MASK) >> LVD_VMX_BASIC_REGION_SIZE_SHIFT >
	    PAGE_SIZE) {
		pr_err("the CPU's VMCS is larger than a page (IA32_VMX_BASIC %#llx); LVD cannot use this CPU\n",
		       lvd_hv.msrs.basic);
		return -ENODEV;
	}
	lvd_hv.revision = lvd_hv.msrs.basic & LVD_VMX_BASIC_REVISION_MASK;
	guest_features_read(&lvd_hv.guest);
	lvd_hv.msr_bitmap = lvd_alloc_pages(0);
	ret = lvd_hv.msr_bitmap ? host_pgd_alloc() : -ENOMEM;
	if (ret)
		goto fail;
	lvd_msr_bitmap_build(lvd_hv.msr_bitmap);
	ret = lvd_ept_k_build(ept_max_level);
	if (ret)
		goto fail;
	lvd_hv.slot_eptp = lvd_alloc_pages(0);
	if (!lvd_hv.slot_eptp) {
		ret = -ENOMEM;
		goto fail;
	}
	lvd_hv.slot_eptp[LVD_EPTP_INDEX_KERNEL] = lvd_hv.eptp;
	return 0;
fail:
	if (ret == -ENOMEM)
		pr_err("out of memory while setting up the hypervisor\n");
	shared_free();
	return ret;
}

static void debugfs_setup(void)
{
	lvd_debugfs = debugfs_create_dir("lvd", NULL);
	debugfs_create_file("caps", 0444, lvd_debugfs, NULL, &caps_fops);
	debugfs_create_file("status", 0444, lvd_debugfs, NULL, &status_fops);
	debugfs_create_file("exits", 0444, lvd_debugfs, NULL, &exits_fops);
	debugfs_create_file("msrs", 0444, lvd_debugfs, NULL, &msrs_fops);
	lvd_testing_debugfs(lvd_debugfs);
}

/* Before reboot, power-off or kexec: give every CPU back. */
static int lvd_reboot(struct notifier_block *nb, unsigned long action, void *data)
{
	if (launched && !cpus_stopped) {
		lvd_cpus_stop();
		cpus_stopped = true;
		pr_info("every CPU left VMX operation for %s\n",
			action == SYS_RESTART ? "restart" : "halt or power-off");
	}
	return NOTIFY_DONE;
}

static struct notifier_block lvd_reboot_nb = {
	.notifier_call = lvd_reboot,
};

static int __init lvd_hv_init(void)
{
	char list[256];
	int ret;

	vmx_caps_read(&lvd_hv.msrs);
	lvd_caps_missing = lvd_vmx_missing(&lvd_hv.msrs);
	if (lvd_caps_missing) {
		lvd_vmx_format_missing(lvd_caps_missing, list, sizeof(list));
		pr_err("this CPU cannot run LVD, missing: %s; use an Intel CPU with these VT-x features\n",
		       list);
		return -ENODEV;
	}
	pr_info("VMX capabilities present: EPT, VPID, EPTP switching, preemption timer\n");
	if (launch) {
		u64 t0 = rdtsc_ordered();

		ret = shared_setup();
		if (ret)
			return ret;
		ret = lvd_cpus_start();
		if (ret) {
			shared_free();
			return ret;
		}
		launched = true;
		lvd_ept_k_hotplug_start();
		register_reboot_notifier(&lvd_reboot_nb);
		pr_info("hypervisor running on %u of %u online CPUs; %ld pages allocated; set-up and launch took %llu TSC ticks\n",
			lvd_cpus_launched(), num_online_cpus(), atomic_long_read(&pages_in_use),
			rdtsc_ordered() - t0);
	}
	debugfs_setup();
	return 0;
}

static void __exit lvd_hv_exit(void)
{
	debugfs_remove_recursive(lvd_debugfs);
	if (launched) {
		u64 t0 = rdtsc_ordered();

		unregister_reboot_notifier(&lvd_reboot_nb);
		lvd_ept_k_hotplug_stop();
		if (!cpus_stopped)
			lvd_cpus_stop();
		shared_free();
		pr_info("hypervisor unloaded; every CPU left VMX operation; %ld pages still allocated; took %llu TSC ticks\n",
			atomic_long_read(&pages_in_use), rdtsc_ordered() - t0);
	}
}

module_init(lvd_hv_init);
module_exit(lvd_hv_exit);
MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("LVD: Lightweight Virtualized Domains hypervisor");
