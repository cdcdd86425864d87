// SPDX-License-Identifier: GPL-2.0
/*
 * hypervisor/testing.c - test hooks, built only into the testbed's build of
 * lvd_hv.ko (LVD_TESTING=y, see the top-level Makefile); the module users
 * build with "make modules" has none of them.
 *
 * Module parameters:
 *   fail_cpu=N        the launch on CPU N fails before VMXON (rollback)
 *   fail_entry_cpu=N  the first VM entry on CPU N fails its guest-state
 *                     checks (RFLAGS bit 1 clear): the exit handler rolls
 *                     the launch back and insmod says why
 *
 * debugfs, /sys/kernel/debug/lvd/:
 *   ept_misconfig_test  write a physical address: the EPT entry that maps
 *                       it gets a reserved memory type; the
 *                       misconfiguration handler repairs it
 *   break_entry_test    write anything: the next VM entry of the writer's
 *                       CPU fails; that CPU leaves VMX operation and the
 *                       kernel goes on without LVD there
 *   sleep_test          read: run the system-sleep callbacks on the
 *                       reader's CPU around a sleep that does not happen
 *                       (the callbacks alone; hv_sleep.sh also
 *                       suspends the emulated machine for real); prints
 *                       "in_vmx_before=B out_during=D in_vmx_after=A"
 */
#define pr_fmt(fmt) "lvd: " fmt

#include <linux/module.h>
#include <linux/debugfs.h>
#include <linux/uaccess.h>
#include <linux/seq_file.h>
#include <asm/processor.h>

#include <lvd/compat.h>
#include "lvd_hv.h"

static int fail_cpu = -1;
module_param(fail_cpu, int, 0444);
MODULE_PARM_DESC(fail_cpu, "testing: fail the launch on this CPU to exercise rollback (-1: never)");
static int fail_entry_cpu = -1;
module_param(fail_entry_cpu, int, 0444);
MODULE_PARM_DESC(fail_entry_cpu, "testing: make the first VM entry on this CPU fail (-1: never)");

/**
 * lvd_test_fail_launch() - testing: should the launch on @cpu fail
 * @cpu: the CPU being launched
 *
 * Return: true for the CPU named by fail_cpu.
 */
bool lvd_test_fail_launch(int cpu)
{
	return cpu == fail_cpu;
}

/**
 * lvd_test_fail_entry() - testing: should the first VM entry on @cpu fail
 * @cpu: the CPU being launched
 *
 * Return: true for the CPU named by fail_entry_cpu.
 */
bool lvd_test_fail_entry(int cpu)
{
	return cpu == fail_entry_cpu;
}

static ssize_t misconfig_write(struct file *f, const char __user *buf, size_t len,
			       loff_t *pos)
{
	u64 gpa;
	int ret;

	ret = kstrtoull_from_user(buf, len, 0, &gpa);
	if (!ret)
		ret = lvd_cpus_launched() ? lvd_ept_k_poison(gpa) : -ENODEV;
	return ret ? ret : len;
}

static const struct file_operations misconfig_fops = {
	.owner = THIS_MODULE,
	.write = misconfig_write,
};

static ssize_t break_entry_write(struct file *f, const char __user *buf, size_t len,
				 loff_t *pos)
{
	struct lvd_cpu *c;
	int ret = -ENODEV;

	preempt_disable();
	c = lvd_this_cpu();
	if (c && c->launched) {
		WRITE_ONCE(c->test_break_entry, true);
		/* Any exit will do: the handler breaks the entry that follows. */
		cpuid_eax(0);
		ret = 0;
	}
	preempt_enable();
	return ret ? ret : len;
}

static const struct file_operations break_entry_fops = {
	.owner = THIS_MODULE,
	.write = break_entry_write,
};

static int sleep_show(struct seq_file *s, void *unused)
{
	int seen;

	preempt_disable();
	seen = lvd_test_sleep();
	preempt_enable();
	seq_printf(s, "in_vmx_before=%d out_during=%d in_vmx_after=%d\n", !!(seen & 1),
		   !!(seen & 2), !!(seen & 4));
	return 0;
}
DEFINE_SHOW_ATTRIBUTE(sleep);

/* Where each CPU's EPTP list is, for the attacks that aim at it. */
static int eptp_lists_show(struct seq_file *s, void *unused)
{
	unsigned int cpu;

	for_each_possible_cpu(cpu)
		if (per_cpu(lvd_eptp_list, cpu))
			seq_printf(s, "cpu%u %#lx\n", cpu,
				   (unsigned long)per_cpu(lvd_eptp_list, cpu));
	return 0;
}
DEFINE_SHOW_ATTRIBUTE(eptp_lists);

/**
 * lvd_testing_debugfs() - add the testing files to the module's folder
 * @dir: /sys/kernel/debug/lvd
 */
void lvd_testing_debugfs(struct dentry *dir)
{
	debugfs_create_file("ept_misconfig_test", 0200, dir, NULL, &misconfig_fops);
	debugfs_create_file("break_entry_test", 0200, dir, NULL, &break_entry_fops);
	debugfs_create_file("sleep_test", 0400, dir, NULL, &sleep_fops);
	debugfs_create_file("eptp_lists", 0400, dir, NULL, &eptp_lists_fops);
}
