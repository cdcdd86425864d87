/* SPDX-License-Identifier: GPL-2.0 */
/*
 * include/lvd/view.h - EPT views for domains: what lvd_hv.ko exports to the
 * domain manager. A view is a guest-physical address space of its own (an
 * EPT hierarchy in the hypervisor's memory) that a CPU enters with VMFUNC
 * EPTP switching once the view is installed in a slot of the EPTP lists.
 * Slot LVD_EPTP_INDEX_KERNEL (0) is the kernel's view and cannot be used.
 *
 * Every function here runs in process context and may sleep.
 */
#ifndef LVD_VIEW_H
#define LVD_VIEW_H

#include <linux/types.h>

struct lvd_view;

/* Permissions of a mapping in a view (EPT read, write, execute). */
#define LVD_VIEW_R	0x1
#define LVD_VIEW_W	0x2
#define LVD_VIEW_X	0x4

/* The slots a view can take: 1 .. LVD_VIEW_SLOTS - 1. */
#define LVD_VIEW_SLOTS	512

/**
 * struct lvd_view_caps - what views on this machine can do
 * @exec_only:	execute-only pages (LVD_VIEW_X without LVD_VIEW_R)
 * @phys_bits:	guest-physical address width (MAXPHYADDR)
 * @budget:	the run-time budget can be enforced (VMX-preemption timer)
 */
struct lvd_view_caps {
	bool exec_only;
	unsigned int phys_bits;
	bool budget;
};

bool lvd_view_ready(void);
void lvd_view_get_caps(struct lvd_view_caps *caps);
struct lvd_view *lvd_view_create(void);
int lvd_view_set_background(struct lvd_view *v, u64 hpa, unsigned int perm);
int lvd_view_map(struct lvd_view *v, u64 gpa, u64 hpa, u64 size, unsigned int perm);
int lvd_view_unmap(struct lvd_view *v, u64 gpa, u64 size);
int lvd_view_install(struct lvd_view *v, unsigned int slot);
int lvd_view_remove(struct lvd_view *v);
void lvd_view_destroy(struct lvd_view *v);
int lvd_view_set_abort(unsigned long rip, unsigned long rsp, u64 *watch);
int lvd_view_set_budget(u64 ns);
int lvd_view_kernel_protect(u64 start, u64 size, unsigned int perm);
int lvd_view_set_domain_range(unsigned long start, unsigned long end, u32 *active);
const char *lvd_exit_reason_name(unsigned int reason);

#endif /* LVD_VIEW_H */
