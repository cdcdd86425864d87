/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Stand-in for <linux/blkdev.h> in user-space builds of the nullblk glue:
 * only the fields the interface projects, with the kernel's types.
 */
#ifndef LVD_TEST_LINUX_BLKDEV_H
#define LVD_TEST_LINUX_BLKDEV_H

#define DISK_NAME_LEN	32

struct gendisk {
	int major;
	int first_minor;
	int minors;
	char disk_name[DISK_NAME_LEN];
	unsigned int flags;
};

struct request {
	unsigned long long __sector;
	unsigned int __data_len;
};

#endif
