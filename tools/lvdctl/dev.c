// SPDX-License-Identifier: GPL-2.0
/*
 * tools/lvdctl/dev.c - /dev/lvd, the device of lvd_dom.ko: open it (or say
 * in one line why not and what to do), make requests on it, and turn a
 * refused request into one line and an exit status; and the files of /sys
 * (lvd_hv's debugfs, the modules' parameters) and /proc that "lvdctl
 * status" reads.
 *
 * Every access to the device goes through lvdctl_dev_ops: the system calls
 * in lvdctl, a fake in the unit tests. Every path of those files is under
 * lvdctl_sys_ops->root: "" in lvdctl, a folder with their copies in the
 * unit tests.
 */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <unistd.h>

#include "dom.h"
#include "lvdctl.h"

static int sys_open(const char *path)
{
	int fd = open(path, O_RDWR | O_CLOEXEC);

	return fd < 0 ? -errno : fd;
}

static int sys_ioctl(int fd, unsigned long req, void *arg)
{
	return ioctl(fd, req, arg) < 0 ? -errno : 0;
}

static void sys_close(int fd)
{
	close(fd);
}

const struct lvdctl_dev_ops lvdctl_dev_sys = {
	.open = sys_open,
	.ioctl = sys_ioctl,
	.close = sys_close,
};

const struct lvdctl_dev_ops *lvdctl_dev_ops = &lvdctl_dev_sys;

const struct lvdctl_sys_ops lvdctl_sys_host = {
	.root = "",
	.euid = geteuid,
};

const struct lvdctl_sys_ops *lvdctl_sys_ops = &lvdctl_sys_host;

/* @path under the root into @buf: 0, or -1 with errno when it does not fit. */
static int sys_path(char *buf, size_t size, const char *path)
{
	if ((size_t)snprintf(buf, size, "%s%s", lvdctl_sys_ops->root, path) < size)
		return 0;
	errno = ENAMETOOLONG;
	return -1;
}

/**
 * lvdctl_sys_read() - the whole of a file of /sys or /proc
 * @path: its path on the machine ("/sys/kernel/debug/lvd/status")
 *
 * Return: its contents, NUL-terminated (free them), or NULL with errno.
 */
char *lvdctl_sys_read(const char *path)
{
	char full[PATH_MAX];

	if (sys_path(full, sizeof(full), path))
		return NULL;
	return lvdctl_read_text(full, NULL);
}

/* Does @path (a file or a folder of /sys) exist? */
bool lvdctl_sys_exists(const char *path)
{
	char full[PATH_MAX];
	struct stat st;

	return !sys_path(full, sizeof(full), path) && !stat(full, &st);
}

bool lvdctl_sys_is_root(void)
{
	return lvdctl_sys_ops->euid() == 0;
}

/**
 * lvdctl_dev_open() - open /dev/lvd
 * @err: where to say why it could not be opened, one line
 *
 * Return: a descriptor for lvdctl_dev_ioctl(), or -1 (exit status
 * %LVDCTL_EXIT_UNREADABLE: LVD cannot be reached).
 */
int lvdctl_dev_open(FILE *err)
{
	int fd = lvdctl_dev_ops->open(LVD_DEV_PATH);

	if (fd >= 0)
		return fd;
	switch (-fd) {
	case ENOENT:
		fprintf(err, "lvdctl: %s not found: load lvd_dom.ko first (modprobe lvd_dom, "
			"or insmod lvd_dom.ko after lvd_hv.ko)\n", LVD_DEV_PATH);
		break;
	case ENXIO:
	case ENODEV:
		fprintf(err, "lvdctl: cannot open %s: %s: lvd_dom.ko is not loaded "
			"(modprobe lvd_dom, or insmod lvd_dom.ko after lvd_hv.ko)\n",
			LVD_DEV_PATH, strerror(-fd));
		break;
	case EACCES:
	case EPERM:
		fprintf(err, "lvdctl: cannot open %s: %s: needs root (sudo lvdctl ...)\n",
			LVD_DEV_PATH, strerror(-fd));
		break;
	default:
		fprintf(err, "lvdctl: cannot open %s: %s\n", LVD_DEV_PATH, strerror(-fd));
	}
	return -1;
}

/* One request: 0, or a negative errno. */
int lvdctl_dev_ioctl(int fd, unsigned long req, void *arg)
{
	return lvdctl_dev_ops->ioctl(fd, req, arg);
}

void lvdctl_dev_close(int fd)
{
	lvdctl_dev_ops->close(fd);
}

/* lvd_dom.ko refused without a word of its own for want of privilege. */
static bool needs_root(int e, const char *msg)
{
	return (e == EPERM || e == EACCES) && !*msg;
}

/**
 * lvdctl_dev_status() - the exit status of a refused request
 * @e: its errno
 * @msg: the module's @msg field (NUL-terminated), "" for none
 *
 * Return: %LVDCTL_EXIT_UNREADABLE when LVD could not be reached (a request
 * the module does not know, no privilege), else %LVDCTL_EXIT_NO.
 */
int lvdctl_dev_status(int e, const char *msg)
{
	if (e == ENOTTY || needs_root(e, msg))
		return LVDCTL_EXIT_UNREADABLE;
	return LVDCTL_EXIT_NO;
}

/**
 * lvdctl_dev_why() - why a request was refused, one line
 * @e: its errno
 * @msg: the module's @msg field (NUL-terminated), "" for none
 * @buf: room for the answer
 * @size: its size
 *
 * Return: @buf: the module's message when it gave one (control characters
 * made blanks), else what @e means.
 */
const char *lvdctl_dev_why(int e, const char *msg, char *buf, size_t size)
{
	if (*msg)
		lvdctl_one_line(buf, size, msg, strlen(msg));
	else if (e == ENOTTY)
		snprintf(buf, size, "%s does not know this request: lvdctl and lvd_dom.ko "
			 "come from different LVD builds", LVD_DEV_PATH);
	else if (needs_root(e, msg))
		snprintf(buf, size, "%s: needs root (CAP_SYS_ADMIN)", strerror(e));
	else
		snprintf(buf, size, "%s", strerror(e));
	return buf;
}
