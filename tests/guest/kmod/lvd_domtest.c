// SPDX-License-Identifier: GPL-2.0
/*
 * tests/guest/kmod/lvd_domtest.c - the domain manager's kernel API as
 * another module uses it (include/lvd/domain.h): create, load, grant
 * private and shared memory read-only and read-write, revoke, call, stop,
 * iterate, and the refusals. Loads tests/domains/bad.o (read_addr,
 * write_addr, ok: no imports) and prints one line of results that
 * tests/guest/dom_api.sh checks; then destroys what it made.
 */
#define pr_fmt(fmt) "lvd_domtest: " fmt

#include <linux/module.h>
#include <linux/kernel_read_file.h>
#include <linux/mm.h>
#include <linux/vmalloc.h>
#include <lvd/domain.h>

static char *obj = "/lvd/domains/bad.o";
module_param(obj, charp, 0444);

#define PATTERN		0x5a5a1234abcd0001ULL

struct dom {
	struct lvd_domain *d;
	unsigned long rd, wr, ok;
};

static void *image;
static size_t image_len;

static int make(struct dom *t, const char *name)
{
	char msg[LVD_MSG_MAX];
	int ret;

	t->d = lvd_dom_create(name, msg, sizeof(msg));
	if (IS_ERR(t->d)) {
		pr_err("create %s: %s\n", name, msg);
		return PTR_ERR(t->d);
	}
	ret = lvd_dom_load(t->d, image, image_len, msg, sizeof(msg)) ?:
	      lvd_dom_lookup(t->d, "read_addr", &t->rd) ?:
	      lvd_dom_lookup(t->d, "write_addr", &t->wr) ?:
	      lvd_dom_lookup(t->d, "ok", &t->ok);
	if (ret)
		pr_err("load %s: %d %s\n", name, ret, msg);
	return ret;
}

/* The call's error, or whether it returned @want (0 yes, 1 no). */
static int call(struct dom *t, unsigned long fn, u64 a0, u64 a1, u64 want)
{
	u64 args[2] = { a0, a1 }, ret;
	int err = lvd_dom_call(t->d, fn, args, 2, &ret);

	return err ?: ret != want;
}

static int count_one(struct lvd_domain *d, void *arg)
{
	(*(int *)arg)++;
	return 0;
}

static int __init lvd_domtest_init(void)
{
	struct dom a = { }, b = { };
	struct page *ro, *rw;
	unsigned long va_priv, va_ro, va_rw, va;
	u64 *ro_kva, *rw_kva, args[7] = { };
	char msg[LVD_MSG_MAX];
	int priv, shared_ro, shared_rw, revoke, ro_write, nospc, badname, nargs, notext;
	int export_late, count = 0, stopped, ret;
	ssize_t n;

	n = kernel_read_file_from_path(obj, 0, &image, INT_MAX, &image_len, READING_UNKNOWN);
	if (n < 0)
		return n;
	ro = alloc_page(GFP_KERNEL | __GFP_ZERO);
	rw = alloc_page(GFP_KERNEL | __GFP_ZERO);
	ret = -ENOMEM;
	if (!ro || !rw)
		goto out;
	ro_kva = page_address(ro);
	rw_kva = page_address(rw);
	ro_kva[1] = PATTERN;
	ret = make(&a, "apitest");
	if (ret)
		goto out;

	/* Private memory: the domain writes and reads it back. */
	priv = lvd_dom_grant(a.d, NULL, 2, LVD_GRANT_WRITE, &va_priv) ?:
	       call(&a, a.wr, va_priv + PAGE_SIZE + 8, 0x1234, 0) ?:
	       call(&a, a.rd, va_priv + PAGE_SIZE + 8, 0, 0x1234);
	/* A shared page, read-only: the domain sees what the kernel writes. */
	shared_ro = lvd_dom_grant(a.d, &ro, 1, LVD_GRANT_READ, &va_ro) ?:
		    call(&a, a.rd, va_ro + 8, 0, PATTERN);
	if (!shared_ro) {
		WRITE_ONCE(ro_kva[1], PATTERN + 1);
		shared_ro = call(&a, a.rd, va_ro + 8, 0, PATTERN + 1);
	}
	/* A shared page, read-write: the kernel sees what the domain writes. */
	shared_rw = lvd_dom_grant(a.d, &rw, 1, LVD_GRANT_WRITE, &va_rw) ?:
		    call(&a, a.wr, va_rw + 16, 0x5678, 0) ?:
		    (READ_ONCE(rw_kva[2]) != 0x5678);
	/* The grant area is bounded. */
	nospc = lvd_dom_grant(a.d, NULL, 100000, LVD_GRANT_READ, &va) != -ENOSPC;
	/* Refusals of the API. */
	nargs = lvd_dom_call(a.d, a.ok, args, 7, args) != -EINVAL;
	notext = lvd_dom_lookup(a.d, "data_code", &va) != -ENOENT;
	export_late = lvd_dom_export(a.d, "late", NULL) != -EBUSY;
	badname = !IS_ERR(lvd_dom_create("bad name!", msg, sizeof(msg))) || !msg[0];
	/* Revoked: the next touch stops the domain; the page is the kernel's again. */
	lvd_dom_revoke(a.d, va_rw, 1);
	revoke = call(&a, a.rd, va_rw + 16, 0, 0x5678) != -ECANCELED ||
		 call(&a, a.ok, 0, 0, 7) != -ESHUTDOWN || READ_ONCE(rw_kva[2]) != 0x5678;

	/* Writing a read-only shared page stops the domain; the page is unchanged. */
	ret = make(&b, "apitest2");
	if (ret)
		goto out;
	ro_write = lvd_dom_grant(b.d, &ro, 1, LVD_GRANT_READ, &va_ro) ?:
		   (call(&b, b.wr, va_ro + 8, 0x666, 0) != -ECANCELED) ||
		   READ_ONCE(ro_kva[1]) != PATTERN + 1;
	lvd_dom_for_each(count_one, &count);
	stopped = lvd_dom_call(b.d, b.ok, args, 0, args) != -ESHUTDOWN;
	pr_info("private=%d shared_ro=%d shared_rw=%d nospc=%d nargs=%d notext=%d export_late=%d badname=%d revoke=%d ro_write=%d stopped=%d count=%d\n",
		priv, shared_ro, shared_rw, nospc, nargs, notext, export_late, badname, revoke,
		ro_write, stopped, count);
	ret = 0;
out:
	if (!IS_ERR_OR_NULL(b.d))
		lvd_dom_destroy(b.d);
	if (!IS_ERR_OR_NULL(a.d))
		lvd_dom_destroy(a.d);
	if (ro)
		__free_page(ro);
	if (rw)
		__free_page(rw);
	vfree(image);
	/* Everything checked and freed: stay loaded only when it all ran. */
	return ret;
}

static void __exit lvd_domtest_exit(void)
{
}

module_init(lvd_domtest_init);
module_exit(lvd_domtest_exit);
MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("LVD test: the domain manager's kernel API");
