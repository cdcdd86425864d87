/* SPDX-License-Identifier: GPL-2.0 */
/*
 * kernel/domain_int.h - what the files of lvd_dom.ko share: the domain
 * structure, the gate frame, the counters. Kernel-only.
 */
#ifndef LVD_KERNEL_DOMAIN_INT_H
#define LVD_KERNEL_DOMAIN_INT_H

#include <linux/types.h>
#include <linux/kref.h>
#include <linux/list.h>
#include <linux/mutex.h>
#include <lvd/lvd_ioctl.h>
#include <lvd/domain.h>
#include <lvd/view.h>
#include "loader/elf_load.h"
#include "dpt.h"

struct lvd_domain;

/**
 * struct lvd_gate_frame - one kernel-to-domain call, on the caller's stack
 * @krsp:	kernel RSP inside lvd_gate_call() (gate.S)
 * @gs:		kernel GS base
 * @fs:		FS base at the call
 * @slot:	the domain's slot
 * @entry:	the domain function
 * @drsp:	domain stack pointer to enter with
 * @dgs:	domain GS base (its per-CPU page on this CPU)
 * @args:	the six arguments
 * @ursp:	the domain's RSP when it made an upcall (its own value: used
 *		only in its view)
 * @prev:	the frame of the call this one is nested in, or NULL
 * @prev_dframe: the domain's innermost frame on this CPU before this call
 * @dom:	the domain
 * @aborted:	the abort entry unwound this call
 * @log:	this call stopped the domain: log it once back on the kernel stack
 */
struct lvd_gate_frame {
	u64 krsp;
	u64 gs;
	u64 fs;
	u64 slot;
	u64 entry;
	u64 drsp;
	u64 dgs;
	u64 args[LVD_CALL_ARGS];
	u64 ursp;
	struct lvd_gate_frame *prev;
	struct lvd_gate_frame *prev_dframe;
	struct lvd_domain *dom;
	bool aborted;
	bool log;
};

/* What the upcall gate pushes: the import index, six arguments, the result. */
struct lvd_upcall_regs {
	u64 idx;
	u64 args[LVD_CALL_ARGS];
	u64 ret;
};

/* A kernel function exported to one domain. */
struct lvd_export {
	char *name;
	lvd_upcall_fn fn;
};

/* One domain on one CPU. */
struct lvd_dom_cpu {
	unsigned long stack_top;
	unsigned long percpu_va;
	void *percpu_kva;
	struct lvd_gate_frame *frame;
	u64 calls;
	u64 upcalls;
};

#define LVD_DOM_MAX_TABLES	32

/* One granted page. */
struct lvd_grant {
	unsigned long va;
	u64 gpa;
	struct page *shared;	/* the caller's page (referenced), or NULL */
	bool revoked;
};

struct lvd_domain {
	struct list_head node;
	struct kref ref;
	char name[LVD_NAME_MAX];
	unsigned int slot;
	u32 state;
	bool loaded;
	struct lvd_view *view;
	unsigned int pt_levels;
	struct lvd_dpt dpt;
	struct {
		u64 gpa;
		u64 *kva;
	} tables[LVD_DOM_MAX_TABLES];
	unsigned int ntables;
	struct page **pages;
	unsigned int npages;
	unsigned int pages_cap;
	u64 gpa_base;
	u64 gpa_next;
	unsigned long va_base;
	unsigned long va_size;
	unsigned long image_va;
	unsigned long stubs_va;
	unsigned int stubs_pages;
	struct mutex lock;
	unsigned long grant_va;
	unsigned long grant_next;
	unsigned long grant_end;
	struct lvd_grant *grants;
	unsigned int ngrants;
	struct lvd_export *exports;
	unsigned int nexports;
	void *obj;
	u64 *sec_off;
	struct elf_load ld;
	struct lvd_dom_cpu *cpu;
	u32 stop_reason;
	u32 stop_detail;
	u64 stop_rip;
};

struct lvd_dom_stats {
	u64 domains;
	u64 loads;
	u64 load_refused;
	u64 unloads;
	u64 stops;
	u64 stops_by_reason[8];
	u64 calls;
	u64 upcalls;
};
extern struct lvd_dom_stats lvd_dom_stats;

/* gate.S */
long lvd_gate_call(struct lvd_gate_frame *f);
void lvd_gate_upcall(void);
void lvd_gate_abort(void);
extern char lvd_gate_pages_start[], lvd_gate_pages_end[];
struct lvd_gate_frame *lvd_dom_abort_cpu(u64 reason, u64 rip, u64 slot, u64 qual);
struct lvd_gate_frame *lvd_dom_upcall(struct lvd_upcall_regs *u);

/* domain.c */
void lvd_dom_totals(u64 *calls, u64 *upcalls, u64 *pages);
extern struct lvd_view_caps lvd_dom_caps;

/* call.c: calls, upcalls, stops, and the state the gates share */
extern unsigned int lvd_budget_ms;
extern u32 lvd_gate_ro_slot[];
extern u32 lvd_view_marker[];
int lvd_dom_calls_init(void);
void lvd_dom_calls_exit(void);
char *lvd_dom_stop_text(const struct lvd_dom_info *info, char *buf, size_t size);

/* dev.c */
int lvd_dom_dev_init(void);
void lvd_dom_dev_exit(void);

#endif /* LVD_KERNEL_DOMAIN_INT_H */
