/* SPDX-License-Identifier: GPL-2.0 */
/*
 * include/lvd/domain.h - the domain manager's kernel API (lvd_dom.ko), for
 * kernel modules that put code into a domain and call it.
 *
 * A domain is code from one ELF64 relocatable object (a .o, or a .ko built
 * by Kbuild) that runs at ring 0 in an EPT view of its own: it sees its own
 * memory, the call gates and nothing else of the kernel. The kernel enters
 * it with lvd_dom_call() (two VMFUNCs, no VM exit); it calls back only into
 * the functions exported to it with lvd_dom_export() before the load. A
 * domain that misbehaves (faults, executes a sensitive instruction, touches
 * memory that is not its own, runs past its budget) is stopped: the call
 * returns -ECANCELED, later calls fail with -ESHUTDOWN, the kernel goes on.
 *
 * Life cycle: lvd_dom_create(), lvd_dom_export()..., lvd_dom_load(),
 * lvd_dom_grant() and lvd_dom_revoke() of memory, lvd_dom_lookup() and
 * lvd_dom_call()..., lvd_dom_stop() (optional), lvd_dom_destroy().
 *
 * Memory: what the object needs (text, data, bss), a stack and a per-CPU
 * page per CPU come with the load. More is granted: private pages (new,
 * zeroed, the domain's own) or the caller's pages shared with it, read-only
 * or read-write; a shared page appears at another guest-physical address in
 * the domain's view than in the kernel's, and the domain manager holds a
 * reference to it until it is revoked or the domain destroyed.
 *
 * Context: create, export, load, stop, destroy and for_each may sleep.
 * lvd_dom_call() may be called in process context (not from interrupts),
 * also from inside an upcall (nesting up to %LVD_DOM_MAX_DEPTH calls per
 * CPU); it runs the domain with interrupts off. Exported functions run
 * with interrupts off and must not use the FPU.
 */
#ifndef LVD_DOMAIN_H
#define LVD_DOMAIN_H

#include <linux/types.h>
#include <lvd/lvd_ioctl.h>

struct lvd_domain;
struct page;

/* Calls into domains that may be active at once on one CPU. */
#define LVD_DOM_MAX_DEPTH	16

/* lvd_dom_grant() flags: the domain may read the pages, or also write them. */
#define LVD_GRANT_READ		0x0
#define LVD_GRANT_WRITE		0x1

/* An upcall: up to six integer arguments, one integer result. */
typedef u64 (*lvd_upcall_fn)(u64 a0, u64 a1, u64 a2, u64 a3, u64 a4, u64 a5);

struct lvd_domain *lvd_dom_create(const char *name, char *msg, size_t msg_size);
int lvd_dom_export(struct lvd_domain *d, const char *name, lvd_upcall_fn fn);
int lvd_dom_load(struct lvd_domain *d, const void *obj, size_t len,
		 char *msg, size_t msg_size);
int lvd_dom_lookup(struct lvd_domain *d, const char *func, unsigned long *entry);
int lvd_dom_grant(struct lvd_domain *d, struct page **pages, unsigned int n,
		  unsigned int flags, unsigned long *va);
int lvd_dom_revoke(struct lvd_domain *d, unsigned long va, unsigned int n);
int lvd_dom_call(struct lvd_domain *d, unsigned long entry, const u64 *args,
		 unsigned int nargs, u64 *ret);
void lvd_dom_stop(struct lvd_domain *d);
void lvd_dom_destroy(struct lvd_domain *d);
struct lvd_domain *lvd_dom_find(const char *name);
void lvd_dom_put(struct lvd_domain *d);
struct lvd_domain *lvd_dom_current(void);
void *lvd_dom_msg(struct lvd_domain *d);
const char *lvd_dom_name(const struct lvd_domain *d);
void lvd_dom_info(struct lvd_domain *d, struct lvd_dom_info *info);
int lvd_dom_for_each(int (*fn)(struct lvd_domain *d, void *arg), void *arg);

#endif /* LVD_DOMAIN_H */
