/* SPDX-License-Identifier: GPL-2.0 */
/*
 * tools/lvdctl/dom.h - lvdctl's domain commands: load, list, call, stop,
 * unload and stats, over /dev/lvd (include/lvd/lvd_ioctl.h, the interface
 * of lvd_dom.ko), and status, which adds what lvd_hv.ko tells in debugfs.
 *
 *   dom_parse.c  integers, domain names, state and stop-reason names, the
 *                debugfs files of lvd_hv (pure)
 *   dom_print.c  the text and JSON output (pure: writes only to the FILE given)
 *   dev.c        /dev/lvd through struct lvdctl_dev_ops, the files of
 *                /sys and /proc through struct lvdctl_sys_ops
 *   dom.c        the commands themselves
 *
 * The commands reach the device only through lvdctl_dev_ops, which the unit
 * tests (tests/unit/test_lvdctl_dom*.c) point at a fake: every command runs
 * there, exit status, stdout and stderr included, without lvd_dom.ko; and
 * the files only through lvdctl_sys_ops, whose root the tests point at a
 * folder of their own (tests/unit/test_lvdctl_status.c).
 */
#ifndef LVDCTL_DOM_H
#define LVDCTL_DOM_H

#include <stdio.h>
#include <sys/types.h>
#include <lvd/compat.h>
#include <lvd/lvd_ioctl.h>

/**
 * struct lvdctl_dev_ops - how lvdctl reaches the device
 * @open:	open @path for ioctls; a descriptor, or a negative errno
 * @ioctl:	one request on it; 0, or a negative errno
 * @close:	close it
 */
struct lvdctl_dev_ops {
	int (*open)(const char *path);
	int (*ioctl)(int fd, unsigned long req, void *arg);
	void (*close)(int fd);
};

/* The system calls; lvdctl_dev_ops points here unless a test replaces it. */
extern const struct lvdctl_dev_ops lvdctl_dev_sys;
extern const struct lvdctl_dev_ops *lvdctl_dev_ops;

/**
 * struct lvdctl_sys_ops - how lvdctl reaches the files of /sys and /proc
 * @root:	prefix of every such path: "" for the machine's own files, a
 *		folder that holds a copy of what lvdctl reads in the tests
 * @euid:	the effective user ID (root: 0)
 */
struct lvdctl_sys_ops {
	const char *root;
	uid_t (*euid)(void);
};

/* The machine's; lvdctl_sys_ops points here unless a test replaces it. */
extern const struct lvdctl_sys_ops lvdctl_sys_host;
extern const struct lvdctl_sys_ops *lvdctl_sys_ops;

char *lvdctl_sys_read(const char *path);
bool lvdctl_sys_exists(const char *path);
bool lvdctl_sys_is_root(void);

int lvdctl_dev_open(FILE *err);
int lvdctl_dev_ioctl(int fd, unsigned long req, void *arg);
void lvdctl_dev_close(int fd);
int lvdctl_dev_status(int e, const char *msg);
const char *lvdctl_dev_why(int e, const char *msg, char *buf, size_t size);

#define LVDCTL_NA		UINT64_MAX	/* a value "lvdctl status" could not get */
#define LVDCTL_TOP_EXITS	5		/* exit reasons "lvdctl status" names */
#define LVDCTL_REASON_MAX	48		/* an exit reason's name, with the NUL */

/**
 * struct lvdctl_exit_count - VM exits of one reason, summed over the CPUs
 * @reason:	its name in /sys/kernel/debug/lvd/exits ("cpuid", "other")
 * @count:	how many
 */
struct lvdctl_exit_count {
	char reason[LVDCTL_REASON_MAX];
	u64 count;
};

/**
 * struct lvdctl_status - what "lvdctl status" reports; %LVDCTL_NA for a
 * value it could not get (null in JSON)
 * @hv_loaded:	lvd_hv.ko is loaded (/sys/module/lvd_hv)
 * @launch:	its parameter launch: 1, 0, or -1 not known
 * @cpus_launched: CPUs that run under the hypervisor (debugfs lvd/status)
 * @cpus_online: online CPUs
 * @abi_version: the hypercall ABI of lvd_hv.ko
 * @exits:	VM exits of all reasons on all CPUs (debugfs lvd/exits)
 * @top:	the most frequent exit reasons, summed over the CPUs, most first
 * @ntop:	how many of @top are filled
 * @view_exits:	exits in a domain's view, all CPUs
 * @view_aborts: exits in a domain's view that aborted its call, all CPUs
 * @dom_loaded:	lvd_dom.ko is loaded (/sys/module/lvd_dom)
 * @domains:	domains that exist (LVD_IOC_LIST)
 * @ready:	of them, ready
 * @stopped:	of them, stopped
 * @stats:	what LVD_IOC_STATS gave, when @dom_loaded
 * @budget_ms:	lvd_dom.ko's parameter budget_ms
 */
struct lvdctl_status {
	bool hv_loaded;
	int launch;
	u64 cpus_launched;
	u64 cpus_online;
	u64 abi_version;
	u64 exits;
	struct lvdctl_exit_count top[LVDCTL_TOP_EXITS];
	int ntop;
	u64 view_exits;
	u64 view_aborts;
	bool dom_loaded;
	u64 domains;
	u64 ready;
	u64 stopped;
	struct lvd_ioc_stats stats;
	u64 budget_ms;
};

/* dom_parse.c */
int lvdctl_parse_int(const char *s, u64 *v);
const char *lvdctl_int_error(int ret);
int lvdctl_name_from_path(const char *path, char *name, size_t size);
const char *lvdctl_check_name(const char *name);
const char *lvdctl_state_name(u32 state);
const char *lvdctl_stop_reason_name(u32 reason);
void lvdctl_copy_field(char *dst, size_t size, const char *src, size_t len);
void lvdctl_one_line(char *dst, size_t size, const char *src, size_t len);
bool lvdctl_dom_stopped(const struct lvd_dom_info *d);
void lvdctl_status_init(struct lvdctl_status *st);
void lvdctl_parse_hv_status(const char *text, struct lvdctl_status *st);
void lvdctl_parse_exits(const char *text, struct lvdctl_status *st);
u64 lvdctl_parse_param(const char *text);
bool lvdctl_mounted(const char *mounts, const char *dir, const char *type);

/* dom_print.c */
void lvdctl_print_domains(FILE *f, const struct lvd_dom_info *d, size_t n);
void lvdctl_print_domains_json(FILE *f, const struct lvd_dom_info *d, size_t n);
void lvdctl_print_names(FILE *f, const struct lvd_dom_info *d, size_t n);
void lvdctl_print_stats(FILE *f, const struct lvd_ioc_stats *s);
void lvdctl_print_stats_json(FILE *f, const struct lvd_ioc_stats *s);
void lvdctl_print_ret(FILE *f, u64 ret);
void lvdctl_print_ret_json(FILE *f, u64 ret);
void lvdctl_print_call_error_json(FILE *f, s32 err, const char *why);
void lvdctl_print_status(FILE *f, const struct lvdctl_status *st);
void lvdctl_print_status_json(FILE *f, const struct lvdctl_status *st);

#endif /* LVDCTL_DOM_H */
