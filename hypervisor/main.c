// SPDX-License-Identifier: GPL-2.0
/*
 * hypervisor/main.c - the LVD hypervisor module (lvd_hv.ko): entry points.
 *
 * Before anything is touched, the module checks that the CPU offers every
 * VMX feature LVD needs (hypervisor/vmx_caps.c) and refuses to load with one
 * line naming each missing feature. The check's inputs and result are shown
 * in /sys/kernel/debug/lvd/caps.
 */
#define pr_fmt(fmt) "lvd: " fmt

#include <linux/module.h>
#include <linux/debugfs.h>
#include <linux/seq_file.h>
#include <asm/cpufeature.h>
#include <asm/msr.h>
#include <asm/processor.h>

#include <lvd/compat.h>
#include <lvd/hw/msr.h>
#include <lvd/hw/vmx.h>
#include "vmx_caps.h"

static struct dentry *lvd_debugfs;
static struct lvd_vmx_msrs lvd_caps_msrs;
static u64 lvd_caps_missing;

/* Read one capability MSR; an MSR that faults reads as 0 (feature absent). */
static u64 read_cap_msr(u32 msr)
{
	u64 val;

	if (rdmsrl_safe(msr, &val))
		return 0;
	return val;
}

/* Fill @m from this CPU. Secondary MSRs exist only when advertised. */
static void vmx_caps_read(struct lvd_vmx_msrs *m)
{
	memset(m, 0, sizeof(*m));
	m->cpuid_vmx = cpuid_ecx(1) & LVD_CPUID1_ECX_VMX;
	m->cpuid_rdtscp = boot_cpu_has(X86_FEATURE_RDTSCP);
	m->cpuid_invpcid = boot_cpu_has(X86_FEATURE_INVPCID);
	if (!m->cpuid_vmx)
		return;
	m->feature_control = read_cap_msr(LVD_MSR_IA32_FEATURE_CONTROL);
	m->basic = read_cap_msr(LVD_MSR_IA32_VMX_BASIC);
	m->pinbased = read_cap_msr(LVD_MSR_IA32_VMX_PINBASED_CTLS);
	m->procbased = read_cap_msr(LVD_MSR_IA32_VMX_PROCBASED_CTLS);
	m->misc = read_cap_msr(LVD_MSR_IA32_VMX_MISC);
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
	const struct lvd_vmx_msrs *m = &lvd_caps_msrs;
	int f;

	for (f = 0; f < LVD_FEAT_COUNT; f++)
		seq_printf(s, "%-4s %s\n",
			   lvd_caps_missing & BIT_ULL(f) ? "no" : "yes",
			   lvd_vmx_feature_name(f));
	seq_printf(s, "msr feature_control %#llx\n", m->feature_control);
	seq_printf(s, "msr vmx_basic %#llx\n", m->basic);
	seq_printf(s, "msr pinbased_ctls %#llx\n", m->pinbased);
	seq_printf(s, "msr procbased_ctls %#llx\n", m->procbased);
	seq_printf(s, "msr procbased_ctls2 %#llx\n", m->procbased2);
	seq_printf(s, "msr ept_vpid_cap %#llx\n", m->ept_vpid_cap);
	seq_printf(s, "msr vmfunc %#llx\n", m->vmfunc);
	seq_printf(s, "msr vmx_misc %#llx\n", m->misc);
	return 0;
}
DEFINE_SHOW_ATTRIBUTE(caps);

static int __init lvd_hv_init(void)
{
	char list[256];

	vmx_caps_read(&lvd_caps_msrs);
	lvd_caps_missing = lvd_vmx_missing(&lvd_caps_msrs);
	if (lvd_caps_missing) {
		lvd_vmx_format_missing(lvd_caps_missing, list, sizeof(list));
		pr_err("this CPU cannot run LVD, missing: %s; use an Intel CPU with these VT-x features\n",
		       list);
		return -ENODEV;
	}

	lvd_debugfs = debugfs_create_dir("lvd", NULL);
	debugfs_create_file("caps", 0444, lvd_debugfs, NULL, &caps_fops);
	pr_info("VMX capabilities present: EPT, VPID, EPTP switching, preemption timer\n");
	return 0;
}

static void __exit lvd_hv_exit(void)
{
	debugfs_remove_recursive(lvd_debugfs);
}

module_init(lvd_hv_init);
module_exit(lvd_hv_exit);
MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("LVD: Lightweight Virtualized Domains hypervisor");
