// SPDX-License-Identifier: GPL-2.0
/*
 * tests/guest/lvd_bench.c - "make bench": the cost of a round trip through
 * a native call, a system call, a hypercall and a domain call, measured on
 * CPU 0 in one run and printed as one table (tests/guest/dom_bench.sh).
 *
 * On the emulated test machine the TSC advances by one per retired
 * instruction while the CPU is busy (DESIGN.md 5), so an RDTSC delta across
 * a busy loop counts instructions; VMFUNC and VM exits retire as one
 * instruction there. Each row reports instructions, VMFUNCs and VM exits
 * per round trip and the modelled cost
 *	instructions + 169 * VMFUNCs + 1200 * VM exits.
 * The system-call row runs here (getppid()); the others run in the kernel,
 * in lvd_dombench.ko (/sys/kernel/debug/lvd_dombench/run), the domain rows
 * on the domain "bench" (lvdctl load /lvd/domains/basic.o bench). VM exits
 * are CPU 0's total in /sys/kernel/debug/lvd/exits before and after a row.
 *
 * Usage: lvd_bench [ITERATIONS]  (default 20000 round trips per row)
 * Prints one line per row, "row NAME instr=N vmfunc=N exits=N status=S",
 * for the test's checks, then the table. Exit status 0 when every row ran
 * and returned what it must.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <x86intrin.h>

#define EXITS_FILE	"/sys/kernel/debug/lvd/exits"
#define RUN_FILE	"/sys/kernel/debug/lvd_dombench/run"
/*
 * The system-call row runs with interrupts on: in short runs, so that many
 * of them see no timer interrupt, and the fastest run counts.
 */
#define SYSCALL_RUN	200
#define SYSCALL_MIN_RUNS	5
#define VMFUNC_COST	169
#define EXIT_COST	1200

struct row {
	const char *name;	/* lvd_dombench's row, or "getppid" */
	const char *label;
	int vmfuncs;		/* on the gate's code path (kernel/gate.S) */
	double instr, exits;
	char status[32];
};

static struct row rows[] = {
	{ .name = "call", .label = "function call (native)" },
	{ .name = "getppid", .label = "null system call (getppid)" },
	{ .name = "vmcall", .label = "VMCALL hypercall (LVD_HC_VERSION)" },
	{ .name = "nop", .label = "domain call, no arguments (nop)", .vmfuncs = 2 },
	{ .name = "add6", .label = "domain call, 6 arguments (add6)", .vmfuncs = 2 },
	{ .name = "up_add6", .label = "domain call + 1 upcall (up_add6)", .vmfuncs = 4 },
};

#define ARRAY_SIZE(a)	(sizeof(a) / sizeof((a)[0]))
#define NROWS		ARRAY_SIZE(rows)

static unsigned long long tsc(void)
{
	unsigned long long t;

	_mm_lfence();
	t = __rdtsc();
	_mm_lfence();
	return t;
}

/* CPU 0's total VM exits; -1 when the file cannot be read. */
static long long exits_cpu0(void)
{
	char line[128], name[32];
	long long n, total = 0;
	FILE *f = fopen(EXITS_FILE, "r");

	if (!f)
		return -1;
	while (fgets(line, sizeof(line), f))
		if (sscanf(line, "cpu0 %31s %lld", name, &n) == 2 && !strcmp(name, "total"))
			total = n;
	fclose(f);
	return total;
}

/* The system-call row: @iters calls, the fastest of runs of SYSCALL_RUN. */
static unsigned int syscall_runs(unsigned int iters)
{
	return iters / SYSCALL_RUN > SYSCALL_MIN_RUNS ? iters / SYSCALL_RUN : SYSCALL_MIN_RUNS;
}

static int row_syscall(struct row *r, unsigned int iters)
{
	unsigned long long t0, t1, t2, loop = ~0ULL, base = ~0ULL;
	pid_t want = getppid();
	unsigned int i, run, runs = syscall_runs(iters);
	long long sum, e0, e1;
	int wrong = 0;

	e0 = exits_cpu0();
	for (run = 0; run < runs; run++) {
		sum = 0;
		t0 = tsc();
		for (i = 0; i < SYSCALL_RUN; i++)
			__asm__ volatile("" ::: "memory");
		t1 = tsc();
		for (i = 0; i < SYSCALL_RUN; i++)
			sum += getppid();
		t2 = tsc();
		if (sum != (long long)want * SYSCALL_RUN)
			wrong = 1;
		/* Interrupts stay on here: an interrupt only adds ticks. */
		if (t1 - t0 < base)
			base = t1 - t0;
		if (t2 - t1 < loop)
			loop = t2 - t1;
	}
	e1 = exits_cpu0();
	r->instr = loop > base ? (double)(loop - base) / SYSCALL_RUN : 0;
	r->exits = (double)(e1 - e0) / ((double)runs * SYSCALL_RUN);
	snprintf(r->status, sizeof(r->status), "%s", wrong ? "wrong" : "ok");
	return e0 < 0 || e1 < 0 || wrong;
}

/* A row of lvd_dombench.ko: write "NAME ITERS", read the result line. */
static int row_kernel(struct row *r, unsigned int iters)
{
	char cmd[64], line[160], name[32], status[32];
	unsigned long long total, base;
	unsigned int n;
	long long e0, e1;
	ssize_t len;
	int fd, cpu;

	snprintf(r->status, sizeof(r->status), "not-run");
	fd = open(RUN_FILE, O_RDWR);
	if (fd < 0) {
		fprintf(stderr, "lvd_bench: %s: %s\n", RUN_FILE, strerror(errno));
		return 1;
	}
	len = snprintf(cmd, sizeof(cmd), "%s %u\n", r->name, iters);
	e0 = exits_cpu0();
	if (write(fd, cmd, len) != len) {
		fprintf(stderr, "lvd_bench: row %s: %s\n", r->name, strerror(errno));
		snprintf(r->status, sizeof(r->status), "error=%d", -errno);
		close(fd);
		return 1;
	}
	e1 = exits_cpu0();
	len = pread(fd, line, sizeof(line) - 1, 0);
	close(fd);
	if (len <= 0)
		return 1;
	line[len] = '\0';
	if (sscanf(line, "%31s %d %u %llu %llu %31s", name, &cpu, &n, &total, &base,
		   status) != 6 || strcmp(name, r->name) || n != iters) {
		fprintf(stderr, "lvd_bench: row %s: unexpected result '%s'\n", r->name, line);
		return 1;
	}
	if (cpu != 0)
		snprintf(status, sizeof(status), "cpu%d", cpu);
	r->instr = total > base ? (double)(total - base) / iters : 0;
	r->exits = (double)(e1 - e0) / iters;
	snprintf(r->status, sizeof(r->status), "%s", status);
	return e0 < 0 || e1 < 0 || strcmp(status, "ok");
}

static double modelled(const struct row *r)
{
	return r->instr + VMFUNC_COST * r->vmfuncs + EXIT_COST * r->exits;
}

int main(int argc, char **argv)
{
	unsigned int iters = argc > 1 ? strtoul(argv[1], NULL, 0) : 20000;
	cpu_set_t cpu0;
	size_t i;
	int bad = 0;

	if (!iters) {
		fprintf(stderr, "usage: lvd_bench [ITERATIONS]\n");
		return 2;
	}
	CPU_ZERO(&cpu0);
	CPU_SET(0, &cpu0);
	if (sched_setaffinity(0, sizeof(cpu0), &cpu0)) {
		perror("lvd_bench: sched_setaffinity CPU 0");
		return 1;
	}
	for (i = 0; i < NROWS; i++) {
		if (!strcmp(rows[i].name, "getppid"))
			bad |= row_syscall(&rows[i], iters);
		else
			bad |= row_kernel(&rows[i], iters);
	}

	for (i = 0; i < NROWS; i++)
		printf("row %s instr=%.1f vmfunc=%d exits=%.2f status=%s\n", rows[i].name,
		       rows[i].instr, rows[i].vmfuncs, rows[i].exits, rows[i].status);
	printf("LVD round trips on CPU 0, %u per row (Bochs, emulated TSC = retired instructions)\n",
	       iters);
	printf("%-38s %12s %8s %9s %10s\n", "operation", "instructions", "VMFUNCs",
	       "VM exits", "modelled");
	for (i = 0; i < NROWS; i++)
		printf("%zu. %-35s %12.1f %8d %9.2f %10.0f%s%s\n", i + 1, rows[i].label,
		       rows[i].instr, rows[i].vmfuncs, rows[i].exits, modelled(&rows[i]),
		       strcmp(rows[i].status, "ok") ? "  FAILED: " : "",
		       strcmp(rows[i].status, "ok") ? rows[i].status : "");
	printf("instructions: (RDTSC delta across the loop - RDTSC delta across an empty\n");
	printf("  loop of the same iteration count, measured in the same run) / iterations;\n");
	printf("  rows 1 and 3-6 in the kernel (lvd_dombench.ko) with interrupts off,\n");
	printf("  row 2 in user space with interrupts on: the fastest of %u runs of %d\n",
	       syscall_runs(iters), SYSCALL_RUN);
	printf("VMFUNCs: from the gate's code path (kernel/gate.S), not counted\n");
	printf("VM exits: measured, CPU 0's total in %s before and after each row\n",
	       EXITS_FILE);
	printf("modelled = instructions + %d * VMFUNCs + %d * VM exits (cycles, DESIGN.md 5)\n",
	       VMFUNC_COST, EXIT_COST);
	printf("domain-call path adds %.1f instructions over the native call (row 4 - row 1 - 2 VMFUNCs)\n",
	       rows[3].instr - rows[0].instr - rows[3].vmfuncs);
	printf("anchors (DESIGN.md 2, Haswell): LVD call/reply 396 cycles (2 x 169 for the VMFUNCs + ~58);\n");
	printf("  KSplit 502; native null system call 140\n");
	return bad;
}
