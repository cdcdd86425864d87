// SPDX-License-Identifier: GPL-2.0
/*
 * tests/guest/lvd_msr.c - root writes MSRs through /dev/cpu/N/msr (the msr
 * driver, msr.ko), as a user with root could.
 *
 * Usage: lvd_msr bad_writes CPU
 * Tries every case of kmod/bad_msrs.h on CPU (read the MSR, write the case's
 * value, undo a write that went through) and prints "NAME ok" or
 * "NAME EIO" (the driver's answer when WRMSR raised #GP) per case; exits
 * 0 when every case ran, 1 on a usage or open error.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "kmod/bad_msrs.h"

int main(int argc, char **argv)
{
	unsigned long long cur, v;
	char path[64];
	size_t i;
	int fd;

	if (argc != 3 || strcmp(argv[1], "bad_writes")) {
		fprintf(stderr, "usage: lvd_msr bad_writes CPU\n");
		return 1;
	}
	snprintf(path, sizeof(path), "/dev/cpu/%d/msr", atoi(argv[2]));
	fd = open(path, O_RDWR);
	if (fd < 0) {
		fprintf(stderr, "lvd_msr: %s: %s (is msr.ko loaded?)\n", path, strerror(errno));
		return 1;
	}
	for (i = 0; i < sizeof(bad_msrs) / sizeof(bad_msrs[0]); i++) {
		if (pread(fd, &cur, sizeof(cur), bad_msrs[i].msr) != sizeof(cur)) {
			printf("%s unreadable\n", bad_msrs[i].name);
			continue;
		}
		v = bad_msr_value(bad_msrs[i].how, bad_msrs[i].bits, cur);
		if (pwrite(fd, &v, sizeof(v), bad_msrs[i].msr) == sizeof(v)) {
			printf("%s ok\n", bad_msrs[i].name);
			pwrite(fd, &cur, sizeof(cur), bad_msrs[i].msr);
		} else {
			printf("%s %s\n", bad_msrs[i].name, errno == EIO ? "EIO" : strerror(errno));
		}
	}
	close(fd);
	return 0;
}
