// SPDX-License-Identifier: GPL-2.0
/*
 * tests/guest/kmod/lvd_viewtest.c - uses lvd_hv.ko's view API
 * (include/lvd/view.h) as the domain manager will: creates a view that maps
 * one page of its own, installs it in slot "slot" (default 7), and checks
 * the refusals; logs one line "lvd_viewtest: ..." with every result.
 * Unloading removes and frees the view.
 */
#define pr_fmt(fmt) "lvd_viewtest: " fmt

#include <linux/module.h>
#include <linux/uaccess.h>
#include <linux/gfp.h>
#include <linux/io.h>
#include <lvd/view.h>

static uint slot = 7;
module_param(slot, uint, 0444);
MODULE_PARM_DESC(slot, "EPTP-list slot for the view (1..511)");

static struct lvd_view *view, *other;
static unsigned long page;

/* A write that an exception-table fixup turns into -EFAULT instead of an oops. */
static int write_nofault(u64 *dst, u64 v)
{
	__put_kernel_nofault(dst, &v, u64, fault);
	return 0;
fault:
	return -EFAULT;
}

/*
 * The kernel's own view of a page: read-only, a write through an
 * exception-table access fails (#GP) and leaves the page as it was, reads
 * work; given back, the write works; bad requests refused.
 */
static void kernel_view_test(void)
{
	u64 *p = (u64 *)page, v = 0x1122334455667788ULL, got = 0;
	phys_addr_t pa = virt_to_phys(p);
	int prot, wr, rd, back, wr2, bad;

	p[5] = 7;
	prot = lvd_view_kernel_protect(pa, PAGE_SIZE, LVD_VIEW_R);
	wr = write_nofault(&p[5], v);
	rd = copy_from_kernel_nofault(&got, &p[5], sizeof(got));
	if (!rd && got != 7)
		rd = -EIO;
	back = lvd_view_kernel_protect(pa, PAGE_SIZE, LVD_VIEW_R | LVD_VIEW_W | LVD_VIEW_X);
	wr2 = write_nofault(&p[5], v);
	if (!wr2 && READ_ONCE(p[5]) != v)
		wr2 = -EIO;
	bad = lvd_view_kernel_protect(pa, PAGE_SIZE, 0) ?:
	      lvd_view_kernel_protect(pa + 8, PAGE_SIZE, LVD_VIEW_R);
	pr_info("kprotect=%d kwrite=%d kread=%d krestore=%d kwrite2=%d kbad=%d\n",
		prot, wr, rd, back, wr2, bad);
}

static int __init viewtest_init(void)
{
	int map, badperm, wonly, unmap, s0, s512, inst, busy, again;

	page = get_zeroed_page(GFP_KERNEL);
	view = lvd_view_create();
	other = lvd_view_create();
	if (!page || !view || !other) {
		pr_err("cannot create views (is lvd_hv running?)\n");
		lvd_view_destroy(view);
		lvd_view_destroy(other);
		free_page(page);
		return -ENODEV;
	}
	map = lvd_view_map(view, 0x1000, virt_to_phys((void *)page), PAGE_SIZE,
			   LVD_VIEW_R | LVD_VIEW_W);
	badperm = lvd_view_map(view, 0x2000, virt_to_phys((void *)page), PAGE_SIZE, 8);
	wonly = lvd_view_map(view, 0x2000, virt_to_phys((void *)page), PAGE_SIZE, LVD_VIEW_W);
	s0 = lvd_view_install(view, 0);
	s512 = lvd_view_install(view, LVD_VIEW_SLOTS);
	inst = lvd_view_install(view, slot);
	busy = lvd_view_install(other, slot);
	again = lvd_view_install(view, slot == 1 ? 2 : 1);
	/* A change to an installed view: map and unmap, INVEPT on every CPU. */
	unmap = lvd_view_map(view, 0x3000, virt_to_phys((void *)page), PAGE_SIZE, LVD_VIEW_R);
	if (!unmap)
		unmap = lvd_view_unmap(view, 0x3000, PAGE_SIZE);
	pr_info("map=%d badperm=%d writeonly=%d slot0=%d slot%u=%d install=%d busy=%d again=%d unmap=%d\n",
		map, badperm, wonly, s0, LVD_VIEW_SLOTS, s512, inst, busy, again, unmap);
	kernel_view_test();
	return 0;
}

static void __exit viewtest_exit(void)
{
	pr_info("remove=%d\n", lvd_view_remove(view));
	lvd_view_destroy(view);
	lvd_view_destroy(other);
	free_page(page);
}

module_init(viewtest_init);
module_exit(viewtest_exit);
MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("LVD guest-test: the hypervisor's view API");
