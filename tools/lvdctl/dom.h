/* SPDX-License-Identifier: GPL-2.0 */
/*
 * tools/lvdctl/dom.h - lvdctl's domain commands: load, list, call, stop,
 * unload and stats, over /dev/lvd (include/lvd/lvd_ioctl.h, the interface
 * of lvd_dom.ko).
 *
 *   dom_parse.c  integers, domain names, state and stop-reason names (pure)
 *   dom_print.c  the text and JSON output (pure: writes only to the FILE given)
 *   dev.c        /dev/lvd through struct lvdctl_dev_ops
 *   dom.c        the commands themselves
 *
 * The commands reach the device only through lvdctl_dev_ops, which the unit
 * tests (tests/unit/test_lvdctl_dom*.c) point at a fake: every command runs
 * there, exit status, stdout and stderr included, without lvd_dom.ko.
 */
#ifndef LVDCTL_DOM_H
#define LVDCTL_DOM_H

#include <stdio.h>
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

int lvdctl_dev_open(FILE *err);
int lvdctl_dev_ioctl(int fd, unsigned long req, void *arg);
void lvdctl_dev_close(int fd);
int lvdctl_dev_status(int e, const char *msg);
const char *lvdctl_dev_why(int e, const char *msg, char *buf, size_t size);

/* dom_parse.c */
int lvdctl_parse_int(const char *s, u64 *v);
const char *lvdctl_int_error(int ret);
int lvdctl_name_from_path(const char *path, char *name, size_t size);
const char *lvdctl_check_name(const char *name);
const char *lvdctl_state_name(u32 state);
const char *lvdctl_stop_reason_name(u32 reason);
void lvdctl_copy_field(char *dst, size_t size, const char *src, size_t len);
void lvdctl_one_line(char *dst, size_t size, const char *src, size_t len);

/* dom_print.c */
void lvdctl_print_domains(FILE *f, const struct lvd_dom_info *d, size_t n);
void lvdctl_print_domains_json(FILE *f, const struct lvd_dom_info *d, size_t n);
void lvdctl_print_names(FILE *f, const struct lvd_dom_info *d, size_t n);
void lvdctl_print_stats(FILE *f, const struct lvd_ioc_stats *s);
void lvdctl_print_stats_json(FILE *f, const struct lvd_ioc_stats *s);
void lvdctl_print_ret(FILE *f, u64 ret);
void lvdctl_print_ret_json(FILE *f, u64 ret);
void lvdctl_print_call_error_json(FILE *f, s32 err, const char *why);

#endif /* LVDCTL_DOM_H */
