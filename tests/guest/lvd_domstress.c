// SPDX-License-Identifier: GPL-2.0
/*
 * tests/guest/lvd_domstress.c - many domains and calls from one process
 * through /dev/lvd (an lvdctl process per call would take minutes in the
 * emulator). Every result is checked; prints one line of counts and exits
 * 0 only when all were right.
 *
 * Usage:
 *   lvd_domstress scale OBJ N      load N domains from OBJ, call each, unload
 *   lvd_domstress cycle OBJ N      load, call and unload one domain N times
 *   lvd_domstress smp OBJ CALLS    on every CPU at once: CALLS calls to a
 *                                  shared domain and to the CPU's own one
 * OBJ must be tests/domains/basic.o (add6, count).
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>
#include <lvd/lvd_ioctl.h>

static int fd;
static char *obj;
static size_t obj_len;

static void read_obj(const char *path)
{
	struct stat st;
	int f = open(path, O_RDONLY);

	if (f < 0 || fstat(f, &st) || !(obj = malloc(st.st_size)) ||
	    read(f, obj, st.st_size) != st.st_size) {
		perror(path);
		exit(3);
	}
	obj_len = st.st_size;
	close(f);
}

static int load(const char *name)
{
	struct lvd_ioc_load l = { .obj = (unsigned long)obj, .obj_len = obj_len };

	snprintf(l.name, sizeof(l.name), "%s", name);
	if (ioctl(fd, LVD_IOC_LOAD, &l)) {
		fprintf(stderr, "load %s: %s: %s\n", name, strerror(errno), l.msg);
		return -1;
	}
	return 0;
}

static int unload(const char *name)
{
	struct lvd_ioc_name n = { 0 };

	snprintf(n.name, sizeof(n.name), "%s", name);
	return ioctl(fd, LVD_IOC_UNLOAD, &n);
}

/* 0 when NAME.FUNC(args) returned @want. */
static int call(const char *name, const char *func, unsigned long long a0,
		unsigned long long a1, unsigned long long want)
{
	struct lvd_ioc_call c = { .nargs = 2, .args = { a0, a1 } };

	snprintf(c.name, sizeof(c.name), "%s", name);
	snprintf(c.func, sizeof(c.func), "%s", func);
	if (ioctl(fd, LVD_IOC_CALL, &c) || c.err) {
		fprintf(stderr, "call %s.%s: %s %s\n", name, func, strerror(errno), c.msg);
		return -1;
	}
	if (c.ret != want) {
		fprintf(stderr, "call %s.%s(%llu, %llu) = %llu, want %llu\n", name, func,
			a0, a1, (unsigned long long)c.ret, want);
		return -1;
	}
	return 0;
}

static unsigned long long pages(void)
{
	struct lvd_ioc_stats s;

	return ioctl(fd, LVD_IOC_STATS, &s) ? ~0ULL : s.pages;
}

/* basic.o's add6 weights: 1, 3, 5, 7, 11, 13. */
#define ADD2(a, b)	((a) + 3 * (b))

static int scale(int n)
{
	int i, loaded = 0, good = 0, freed = 0;
	char name[32];

	for (i = 1; i <= n; i++) {
		snprintf(name, sizeof(name), "s%d", i);
		loaded += !load(name);
	}
	for (i = 1; i <= n; i++) {
		snprintf(name, sizeof(name), "s%d", i);
		good += !call(name, "add6", i, 1000 + i, ADD2(i, 1000 + i));
	}
	for (i = 1; i <= n; i++) {
		snprintf(name, sizeof(name), "s%d", i);
		freed += !unload(name);
	}
	printf("domains %d loaded %d called_ok %d unloaded %d pages_after %llu\n",
	       n, loaded, good, freed, pages());
	return loaded == n && good == n && freed == n && !pages() ? 0 : 1;
}

static int cycle(int n)
{
	int i, good = 0;

	for (i = 0; i < n; i++)
		good += !load("cyc") && !call("cyc", "add6", i, 7, ADD2(i, 7)) &&
			!call("cyc", "count", 0, 0, 1) && !unload("cyc");
	printf("cycles %d ok %d pages_after %llu\n", n, good, pages());
	return good == n && !pages() ? 0 : 1;
}

static int smp(int calls)
{
	int ncpu = sysconf(_SC_NPROCESSORS_ONLN), c, i, bad = 0, st;
	char name[32];

	if (load("shared"))
		return 1;
	for (c = 0; c < ncpu; c++) {
		snprintf(name, sizeof(name), "own%d", c);
		if (load(name))
			return 1;
	}
	for (c = 0; c < ncpu; c++) {
		if (fork() == 0) {
			cpu_set_t set;
			int err = 0;

			CPU_ZERO(&set);
			CPU_SET(c, &set);
			if (sched_setaffinity(0, sizeof(set), &set))
				_exit(2);
			snprintf(name, sizeof(name), "own%d", c);
			for (i = 1; i <= calls; i++) {
				err += !!call("shared", "add6", i, c, ADD2(i, c));
				err += !!call(name, "count", 0, 0, i);
			}
			_exit(err ? 1 : 0);
		}
	}
	for (c = 0; c < ncpu; c++) {
		wait(&st);
		bad += !WIFEXITED(st) || WEXITSTATUS(st);
	}
	for (c = 0; c < ncpu; c++) {
		snprintf(name, sizeof(name), "own%d", c);
		unload(name);
	}
	unload("shared");
	printf("cpus %d calls_each %d failed_cpus %d pages_after %llu\n", ncpu, 2 * calls, bad,
	       pages());
	return bad || pages() ? 1 : 0;
}

int main(int argc, char **argv)
{
	int n;

	if (argc != 4) {
		fprintf(stderr, "usage: lvd_domstress scale|cycle|smp OBJ N\n");
		return 2;
	}
	n = atoi(argv[3]);
	read_obj(argv[2]);
	fd = open(LVD_DEV_PATH, O_RDWR);
	if (fd < 0) {
		perror(LVD_DEV_PATH);
		return 3;
	}
	if (!strcmp(argv[1], "scale"))
		return scale(n);
	if (!strcmp(argv[1], "cycle"))
		return cycle(n);
	if (!strcmp(argv[1], "smp"))
		return smp(n);
	return 2;
}
