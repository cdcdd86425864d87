// SPDX-License-Identifier: GPL-2.0
/*
 * tests/guest/lvd_modtime.c - load or unload a module and report how many
 * TSC ticks the system call took (on Bochs the TSC counts instructions,
 * DESIGN.md 5, so this is the emulated instruction count).
 *
 * Usage: lvd_modtime load FILE.ko [PARAMS]
 *        lvd_modtime unload NAME
 * Prints "tsc N" and exits 0, or prints the error and exits 1.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include <sys/syscall.h>
#include <x86intrin.h>

int main(int argc, char **argv)
{
	unsigned long long t0, t1;
	long ret;
	int fd;

	if (argc >= 3 && !strcmp(argv[1], "load")) {
		fd = open(argv[2], O_RDONLY | O_CLOEXEC);
		if (fd < 0) {
			perror(argv[2]);
			return 1;
		}
		t0 = __rdtsc();
		ret = syscall(SYS_finit_module, fd, argc > 3 ? argv[3] : "", 0);
		t1 = __rdtsc();
	} else if (argc == 3 && !strcmp(argv[1], "unload")) {
		t0 = __rdtsc();
		ret = syscall(SYS_delete_module, argv[2], O_NONBLOCK);
		t1 = __rdtsc();
	} else {
		fprintf(stderr, "usage: lvd_modtime load FILE.ko [PARAMS] | unload NAME\n");
		return 2;
	}
	if (ret) {
		printf("error %s\n", strerror(errno));
		return 1;
	}
	printf("tsc %llu\n", t1 - t0);
	return 0;
}
