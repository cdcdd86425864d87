// SPDX-License-Identifier: GPL-2.0
/*
 * kernel/dev.c - /dev/lvd (include/lvd/lvd_ioctl.h) for lvdctl: load an
 * object into a new domain, call its functions, stop, unload, list, count.
 * Root only. Domains loaded this way may import the lvd_host_* functions
 * below, and nothing else.
 *
 * Also debugfs lvd_dom/: "canary" (a page of kernel memory the attack
 * tests aim at, and whether it is intact) and "gate" (where the gates are
 * and every VMFUNC byte sequence in their pages, for the tests that jump
 * into them), "tables" (each domain's root page table and image, for the
 * tests that read and write them).
 */
#define pr_fmt(fmt) "lvd_dom: " fmt

#include <linux/module.h>
#include <linux/miscdevice.h>
#include <linux/fs.h>
#include <linux/slab.h>
#include <linux/uaccess.h>
#include <linux/capability.h>
#include <linux/debugfs.h>
#include <linux/seq_file.h>
#include <linux/string.h>

#include <lvd/view.h>
#include "domain_int.h"

/* --- what lvdctl's domains may call ------------------------------------- */

/* Weighted sum: shows every argument arrived in its place. */
static u64 host_add6(u64 a, u64 b, u64 c, u64 d, u64 e, u64 f)
{
	return a + 2 * b + 3 * c + 4 * d + 5 * e + 6 * f;
}

/* Call the calling domain's function "nest" with @depth: nesting. */
static u64 host_nest(u64 depth, u64 b, u64 c, u64 d, u64 e, u64 f)
{
	struct lvd_domain *dom = lvd_dom_current();
	unsigned long entry;
	u64 ret, arg = depth;
	int err;

	if (!dom || lvd_dom_lookup(dom, "nest", &entry))
		return (u64)-ENOENT;
	err = lvd_dom_call(dom, entry, &arg, 1, &ret);
	return err ? (u64)(s64)err : ret;
}

/* A domain's log line (rate-limited). */
static u64 host_log(u64 v, u64 b, u64 c, u64 d, u64 e, u64 f)
{
	struct lvd_domain *dom = lvd_dom_current();

	pr_info_ratelimited("domain %s: %llu (%#llx)\n", dom ? lvd_dom_name(dom) : "?", v, v);
	return 0;
}

static const struct {
	const char *name;
	lvd_upcall_fn fn;
} host_exports[] = {
	{ "lvd_host_add6", host_add6 },
	{ "lvd_host_nest", host_nest },
	{ "lvd_host_log", host_log },
};

/* --- ioctls ------------------------------------------------------------- */

static bool name_in(const char *name, size_t size)
{
	return strnlen(name, size) < size;
}

/* The domain a request names, with a reference: 0, -EINVAL or -ESRCH. */
static int find_named(const char *name, size_t size, struct lvd_domain **d)
{
	if (!name_in(name, size))
		return -EINVAL;
	*d = lvd_dom_find(name);
	return *d ? 0 : -ESRCH;
}

static long ioc_load(struct lvd_ioc_load __user *uarg)
{
	struct lvd_ioc_load *a;
	struct lvd_domain *d;
	void *obj = NULL;
	long ret;
	size_t i;

	a = memdup_user(uarg, sizeof(*a));
	if (IS_ERR(a))
		return PTR_ERR(a);
	a->msg[0] = '\0';
	ret = -EINVAL;
	if (!name_in(a->name, sizeof(a->name)))
		goto out;
	ret = -EFBIG;
	if (!a->obj_len || a->obj_len > LVD_OBJ_MAX) {
		snprintf(a->msg, sizeof(a->msg), "the object is empty or larger than %u MB",
			 LVD_OBJ_MAX >> 20);
		goto reply;
	}
	obj = vmemdup_user(u64_to_user_ptr(a->obj), a->obj_len);
	if (IS_ERR(obj)) {
		ret = PTR_ERR(obj);
		obj = NULL;
		goto out;
	}
	d = lvd_dom_create(a->name, a->msg, sizeof(a->msg));
	if (IS_ERR(d)) {
		ret = PTR_ERR(d);
		goto refused;
	}
	for (i = 0; i < ARRAY_SIZE(host_exports); i++) {
		ret = lvd_dom_export(d, host_exports[i].name, host_exports[i].fn);
		if (ret)
			break;
	}
	if (!ret)
		ret = lvd_dom_load(d, obj, a->obj_len, a->msg, sizeof(a->msg));
	if (ret) {
		lvd_dom_destroy(d);
		goto refused;
	}
	a->slot = d->slot;
	a->pages = d->npages;
	lvd_dom_stats.loads++;
	pr_info("domain %s loaded in slot %u: %u pages\n", d->name, d->slot, d->npages);
	goto reply;
refused:
	lvd_dom_stats.load_refused++;
reply:
	if (copy_to_user(uarg, a, sizeof(*a)))
		ret = -EFAULT;
out:
	kvfree(obj);
	kfree(a);
	return ret;
}

static long ioc_call(struct lvd_ioc_call __user *uarg)
{
	struct lvd_ioc_call *a;
	struct lvd_domain *d;
	unsigned long entry;
	long ret = 0;

	a = memdup_user(uarg, sizeof(*a));
	if (IS_ERR(a))
		return PTR_ERR(a);
	a->msg[0] = '\0';
	a->ret = 0;
	ret = !name_in(a->func, sizeof(a->func)) || a->nargs > LVD_CALL_ARGS ? -EINVAL :
	      find_named(a->name, sizeof(a->name), &d);
	if (ret)
		goto out;
	if (lvd_dom_lookup(d, a->func, &entry)) {
		a->err = -ENOENT;
		snprintf(a->msg, sizeof(a->msg), "domain %s has no function %s", a->name, a->func);
	} else {
		a->err = lvd_dom_call(d, entry, a->args, a->nargs, &a->ret);
		if (a->err == -ECANCELED || a->err == -ESHUTDOWN) {
			struct lvd_dom_info info;
			char why[128];

			lvd_dom_info(d, &info);
			snprintf(a->msg, sizeof(a->msg), "domain %s %s: it %s",
				 a->name, a->err == -ECANCELED ? "was stopped during the call" :
				 "is stopped", lvd_dom_stop_text(&info, why, sizeof(why)));
		}
	}
	lvd_dom_put(d);
	if (copy_to_user(uarg, a, sizeof(*a)))
		ret = -EFAULT;
out:
	kfree(a);
	return ret;
}

static long ioc_name(struct lvd_ioc_name __user *uarg, bool unload)
{
	struct lvd_ioc_name *a;
	struct lvd_domain *d;
	long ret = 0;

	a = memdup_user(uarg, sizeof(*a));
	if (IS_ERR(a))
		return PTR_ERR(a);
	a->msg[0] = '\0';
	ret = find_named(a->name, sizeof(a->name), &d);
	if (ret)
		goto out;
	if (unload) {
		lvd_dom_destroy(d);
		pr_info("domain %s unloaded\n", a->name);
	} else {
		lvd_dom_stop(d);
	}
	lvd_dom_put(d);
out:
	kfree(a);
	return ret;
}

struct list_ctx {
	struct lvd_dom_info *buf;
	u32 max;
	u32 count;
};

static int list_one(struct lvd_domain *d, void *arg)
{
	struct list_ctx *c = arg;

	if (c->count < c->max)
		lvd_dom_info(d, &c->buf[c->count]);
	c->count++;
	return 0;
}

static long ioc_list(struct lvd_ioc_list __user *uarg)
{
	struct lvd_ioc_list a;
	struct list_ctx c = { };
	long ret = 0;

	if (copy_from_user(&a, uarg, sizeof(a)))
		return -EFAULT;
	c.max = min_t(u32, a.max, LVD_VIEW_SLOTS);
	if (c.max) {
		c.buf = kvcalloc(c.max, sizeof(*c.buf), GFP_KERNEL);
		if (!c.buf)
			return -ENOMEM;
	}
	lvd_dom_for_each(list_one, &c);
	a.count = c.count;
	if (copy_to_user(u64_to_user_ptr(a.buf), c.buf,
			 min(c.count, c.max) * sizeof(*c.buf)) ||
	    copy_to_user(uarg, &a, sizeof(a)))
		ret = -EFAULT;
	kvfree(c.buf);
	return ret;
}

static long ioc_stats(struct lvd_ioc_stats __user *uarg)
{
	struct lvd_ioc_stats s = {
		.domains = lvd_dom_stats.domains,
		.slots = LVD_VIEW_SLOTS - 1,
		.loads = lvd_dom_stats.loads,
		.load_refused = lvd_dom_stats.load_refused,
		.unloads = lvd_dom_stats.unloads,
		.stops = lvd_dom_stats.stops,
	};

	lvd_dom_totals(&s.calls, &s.upcalls, &s.pages);
	memcpy(s.stops_by_reason, lvd_dom_stats.stops_by_reason, sizeof(s.stops_by_reason));
	return copy_to_user(uarg, &s, sizeof(s)) ? -EFAULT : 0;
}

static long lvd_ioctl(struct file *f, unsigned int cmd, unsigned long arg)
{
	void __user *p = (void __user *)arg;

	if (!capable(CAP_SYS_ADMIN))
		return -EPERM;
	switch (cmd) {
	case LVD_IOC_LOAD:
		return ioc_load(p);
	case LVD_IOC_CALL:
		return ioc_call(p);
	case LVD_IOC_STOP:
		return ioc_name(p, false);
	case LVD_IOC_UNLOAD:
		return ioc_name(p, true);
	case LVD_IOC_LIST:
		return ioc_list(p);
	case LVD_IOC_STATS:
		return ioc_stats(p);
	}
	return -ENOTTY;
}

static const struct file_operations lvd_fops = {
	.owner = THIS_MODULE,
	.unlocked_ioctl = lvd_ioctl,
	.compat_ioctl = compat_ptr_ioctl,
	.llseek = noop_llseek,
};

static struct miscdevice lvd_misc = {
	.minor = MISC_DYNAMIC_MINOR,
	.name = "lvd",
	.fops = &lvd_fops,
	.mode = 0600,
};

/* --- debugfs -------------------------------------------------------------- */

#define CANARY_WORD	0x4c564443414e4152ULL	/* "LVDCANAR" */
static u64 canary[PAGE_SIZE / sizeof(u64)] __aligned(PAGE_SIZE);
static struct dentry *dbg;

static int canary_show(struct seq_file *s, void *unused)
{
	size_t i, bad = 0;

	for (i = 0; i < ARRAY_SIZE(canary); i++)
		bad += READ_ONCE(canary[i]) != (CANARY_WORD ^ i);
	seq_printf(s, "address %#lx\n", (unsigned long)canary);
	seq_printf(s, "%s\n", bad ? "corrupted" : "intact");
	return 0;
}
DEFINE_SHOW_ATTRIBUTE(canary);

/* VMFUNC (SDM Vol. 2B): the bytes a domain could jump to in the gate pages. */
static const u8 vmfunc_bytes[] = { 0x0f, 0x01, 0xd4 };

static int gate_show(struct seq_file *s, void *unused)
{
	const u8 *p;

	seq_printf(s, "pages %#lx %#lx\n", (unsigned long)lvd_gate_pages_start,
		   (unsigned long)lvd_gate_pages_end);
	/* Every byte offset, so an unintended VMFUNC inside other bytes shows. */
	for (p = (u8 *)lvd_gate_pages_start;
	     p + sizeof(vmfunc_bytes) <= (u8 *)lvd_gate_pages_end; p++)
		if (!memcmp(p, vmfunc_bytes, sizeof(vmfunc_bytes)))
			seq_printf(s, "vmfunc %#lx\n", (unsigned long)p);
	seq_printf(s, "call %#lx\n", (unsigned long)lvd_gate_call);
	seq_printf(s, "upcall %#lx\n", (unsigned long)lvd_gate_upcall);
	seq_printf(s, "abort %#lx\n", (unsigned long)lvd_gate_abort);
	return 0;
}
DEFINE_SHOW_ATTRIBUTE(gate);

static int table_one(struct lvd_domain *d, void *arg)
{
	seq_printf(arg, "%s %u root %#lx image %#lx\n", d->name, d->slot,
		   (unsigned long)d->dpt.root, d->image_va);
	return 0;
}

/* Each domain's root page table and image, for the attacks that aim at them. */
static int tables_show(struct seq_file *s, void *unused)
{
	return lvd_dom_for_each(table_one, s);
}
DEFINE_SHOW_ATTRIBUTE(tables);

/**
 * lvd_dom_dev_init() - create /dev/lvd and the debugfs files
 *
 * Return: 0 or the error of misc_register().
 */
int lvd_dom_dev_init(void)
{
	size_t i;

	for (i = 0; i < ARRAY_SIZE(canary); i++)
		canary[i] = CANARY_WORD ^ i;
	dbg = debugfs_create_dir("lvd_dom", NULL);
	debugfs_create_file("canary", 0400, dbg, NULL, &canary_fops);
	debugfs_create_file("gate", 0400, dbg, NULL, &gate_fops);
	debugfs_create_file("tables", 0400, dbg, NULL, &tables_fops);
	return misc_register(&lvd_misc);
}

/**
 * lvd_dom_dev_exit() - remove /dev/lvd and the debugfs files
 */
void lvd_dom_dev_exit(void)
{
	misc_deregister(&lvd_misc);
	debugfs_remove_recursive(dbg);
}
