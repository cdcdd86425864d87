// SPDX-License-Identifier: GPL-2.0
/*
 * tests/guest/kmod/lvd_dombench.c - the kernel half of "make bench": times
 * one kind of round trip at a time on the writer's CPU, with interrupts off
 * around the timed loops. On the emulated test machine the TSC counts
 * retired instructions while the CPU is busy (DESIGN.md 5), so the RDTSC
 * deltas are instruction counts.
 *
 *   echo "ROW ITERATIONS" > /sys/kernel/debug/lvd_dombench/run
 *	runs ITERATIONS round trips of ROW on the writer's CPU (pin it):
 *	call     a native call through a function pointer to a function
 *	         that returns 0
 *	vmcall   the hypercall LVD_HC_VERSION (RAX = 0), one VM exit
 *	nop      lvd_dom_call() of the function "nop" of the domain "bench"
 *	add6     the same with six arguments, "add6"
 *	up_add6  six arguments and one upcall to the kernel, "up_add6"
 *	The domain rows need the domain "bench" loaded from the test object
 *	basic.o (lvdctl load /lvd/domains/basic.o bench).
 *   cat /sys/kernel/debug/lvd_dombench/run
 *	the last result, one line "ROW CPU ITERATIONS TOTAL BASELINE STATUS":
 *	TOTAL the TSC ticks of the timed loop, BASELINE those of an empty
 *	loop of the same length run just before it, STATUS "ok" when every
 *	round trip returned what it must, else "wrong" or "error=ERRNO".
 */
#define pr_fmt(fmt) "lvd_dombench: " fmt

#include <linux/module.h>
#include <linux/debugfs.h>
#include <linux/fs.h>
#include <linux/mutex.h>
#include <linux/uaccess.h>
#include <linux/irqflags.h>
#include <linux/smp.h>
#include <asm/msr.h>
#include <lvd/domain.h>
#include <lvd/hypercall.h>

#define BENCH_DOMAIN	"bench"
#define BENCH_MAX_ITERS	10000000U
/* Untimed round trips before a domain row: the first call's one-off work. */
#define BENCH_WARMUP	16

enum bench_kind { BENCH_CALL, BENCH_VMCALL, BENCH_DOMAIN_CALL };

struct bench_row {
	const char *name;
	enum bench_kind kind;
	const char *func;	/* the domain's function */
	unsigned int nargs;
};

static const struct bench_row bench_rows[] = {
	{ "call", BENCH_CALL },
	{ "vmcall", BENCH_VMCALL },
	{ "nop", BENCH_DOMAIN_CALL, "nop", 0 },
	{ "add6", BENCH_DOMAIN_CALL, "add6", 6 },
	{ "up_add6", BENCH_DOMAIN_CALL, "up_add6", 6 },
};

static const u64 bench_args[6] = { 1, 2, 3, 4, 5, 6 };

static struct dentry *bench_dir;
static DEFINE_MUTEX(bench_lock);
static char bench_result[128] = "none\n";

/* What one round trip of @row returns: tests/domains/basic.c's arithmetic. */
static u64 bench_expected(const struct bench_row *row)
{
	const u64 *a = bench_args;

	if (row->kind == BENCH_VMCALL)
		return LVD_HC_ABI_VERSION;
	if (row->kind == BENCH_CALL || !strcmp(row->func, "nop"))
		return 0;
	if (!strcmp(row->func, "add6"))	/* the domain's weights */
		return a[0] + 3 * a[1] + 5 * a[2] + 7 * a[3] + 11 * a[4] + 13 * a[5];
	/* up_add6: the kernel's lvd_host_add6 (weights 1..6), plus one */
	return a[0] + 2 * a[1] + 3 * a[2] + 4 * a[3] + 5 * a[4] + 6 * a[5] + 1;
}

/* The native row's callee, called through a pointer the compiler cannot see. */
static noinline u64 bench_native(void)
{
	return 0;
}

static u64 bench_vmcall_version(void)
{
	u64 rax = LVD_HC_VERSION;

	asm volatile("vmcall" : "+a" (rax) : : "memory");
	return rax;
}

/* The loop of every row without the round trip: the cost to subtract. */
static noinline u64 bench_empty_loop(u32 n)
{
	u64 t0;
	u32 i;

	t0 = rdtsc_ordered();
	for (i = 0; i < n; i++)
		barrier();
	return rdtsc_ordered() - t0;
}

struct bench_out {
	u64 total, base, sum;
	int err;
};

/* @n round trips of @row, interrupts off; the sum of the results in @o. */
static void bench_run(const struct bench_row *row, struct lvd_domain *d,
		      unsigned long entry, u32 n, struct bench_out *o)
{
	u64 (*fn)(void) = bench_native;
	unsigned long flags;
	u64 t0, sum = 0, r = 0;
	int err = 0;
	u32 i;

	OPTIMIZER_HIDE_VAR(fn);
	local_irq_save(flags);
	o->base = bench_empty_loop(n);
	t0 = rdtsc_ordered();
	switch (row->kind) {
	case BENCH_CALL:
		for (i = 0; i < n; i++)
			sum += fn();
		break;
	case BENCH_VMCALL:
		for (i = 0; i < n; i++)
			sum += bench_vmcall_version();
		break;
	case BENCH_DOMAIN_CALL:
		for (i = 0; i < n; i++) {
			err = lvd_dom_call(d, entry, bench_args, row->nargs, &r);
			if (unlikely(err))
				break;
			sum += r;
		}
		break;
	}
	o->total = rdtsc_ordered() - t0;
	local_irq_restore(flags);
	o->sum = sum;
	o->err = err;
}

/* Run @n round trips of @row and record the result line. */
static int bench_row_run(const struct bench_row *row, u32 n)
{
	struct lvd_domain *d = NULL;
	unsigned long entry = 0;
	struct bench_out o = { };
	u64 want = bench_expected(row), r = 0;
	const char *status = "ok";
	char errbuf[24];
	int cpu, i;

	if (row->kind == BENCH_DOMAIN_CALL) {
		d = lvd_dom_find(BENCH_DOMAIN);
		if (!d)
			return -ENOENT;
		if (lvd_dom_lookup(d, row->func, &entry)) {
			lvd_dom_put(d);
			return -ENOENT;
		}
		for (i = 0; i < BENCH_WARMUP && !o.err; i++) {
			o.err = lvd_dom_call(d, entry, bench_args, row->nargs, &r);
			if (!o.err && r != want)
				status = "wrong";
		}
	}
	cpu = get_cpu();
	if (!o.err)
		bench_run(row, d, entry, n, &o);
	put_cpu();
	if (d)
		lvd_dom_put(d);
	if (o.err) {
		snprintf(errbuf, sizeof(errbuf), "error=%d", o.err);
		status = errbuf;
	} else if (o.sum != want * n) {
		status = "wrong";
	}
	snprintf(bench_result, sizeof(bench_result), "%s %d %u %llu %llu %s\n",
		 row->name, cpu, n, o.total, o.base, status);
	return 0;
}

static ssize_t run_write(struct file *file, const char __user *ubuf,
			 size_t len, loff_t *ppos)
{
	char buf[48], name[16];
	unsigned int n;
	size_t i;
	int ret;

	if (len >= sizeof(buf))
		return -EINVAL;
	if (copy_from_user(buf, ubuf, len))
		return -EFAULT;
	buf[len] = '\0';
	if (sscanf(buf, "%15s %u", name, &n) != 2 || !n || n > BENCH_MAX_ITERS)
		return -EINVAL;
	for (i = 0; i < ARRAY_SIZE(bench_rows); i++)
		if (!strcmp(name, bench_rows[i].name))
			break;
	if (i == ARRAY_SIZE(bench_rows))
		return -EINVAL;
	mutex_lock(&bench_lock);
	ret = bench_row_run(&bench_rows[i], n);
	mutex_unlock(&bench_lock);
	return ret ? ret : len;
}

static ssize_t run_read(struct file *file, char __user *ubuf, size_t len,
			loff_t *ppos)
{
	ssize_t ret;

	mutex_lock(&bench_lock);
	ret = simple_read_from_buffer(ubuf, len, ppos, bench_result,
				      strlen(bench_result));
	mutex_unlock(&bench_lock);
	return ret;
}

static const struct file_operations run_fops = {
	.owner = THIS_MODULE,
	.write = run_write,
	.read = run_read,
	.llseek = default_llseek,
};

static int __init dombench_init(void)
{
	bench_dir = debugfs_create_dir("lvd_dombench", NULL);
	debugfs_create_file("run", 0600, bench_dir, NULL, &run_fops);
	return 0;
}

static void __exit dombench_exit(void)
{
	debugfs_remove_recursive(bench_dir);
}

module_init(dombench_init);
module_exit(dombench_exit);
MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("LVD guest-test: round-trip costs of calls, hypercalls and domain calls");
