// SPDX-License-Identifier: GPL-2.0
/*
 * bench.c - cost of the generated glue per call in user space, over the
 * loopback gate (a direct call standing in for VMFUNC), next to a direct
 * call of the same function in the same run. Prints a table; asserts
 * nothing about time.
 */
#include <stdio.h>
#include <time.h>

#include "bench_glue.h"
#include "loopback.h"

#define ITERS	2000000
#define ROUNDS	5

static struct loop *lp;

u64 scalar_call(u64 x, u64 y)
{
	return x + y;
}

void proj_call(struct triple *t)
{
	t->a++;
	t->b++;
	t->c--;
}

u32 array_call(const u8 *data, u32 len)
{
	return data[0] + data[len - 1] + len;
}

/* Calls through volatile pointers, so the compiler cannot inline them. */
static u64 (*volatile direct_scalar)(u64, u64) = scalar_call;
static void (*volatile direct_proj)(struct triple *) = proj_call;
static u32 (*volatile direct_array)(const u8 *, u32) = array_call;

static double now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1e9 + ts.tv_nsec;
}

enum { SCALAR, PROJ, ARRAY, NCASES };

static const char *const names[NCASES] = {
	[SCALAR] = "scalar call (2 x u64 in, u64 out)",
	[PROJ] = "3-field projection [in,out], bound",
	[ARRAY] = "256-byte array [in]",
};

static struct triple tri;
static u8 data[256];
static volatile u64 sink;

/* One round of ITERS calls; returns ns per call, or -1 on a glue error. */
static double run(int which, bool glue)
{
	double t0 = now_ns();
	u64 r64;
	u32 r32;
	long i;

	for (i = 0; i < ITERS; i++) {
		switch (which) {
		case SCALAR:
			if (!glue) {
				r64 = direct_scalar(i, 1);
			} else if (bench_scalar_call(&lp->kernel.ch, i, 1, &r64)) {
				return -1;
			}
			sink = r64;
			break;
		case PROJ:
			if (!glue)
				direct_proj(&tri);
			else if (bench_proj_call(&lp->kernel.ch, &tri))
				return -1;
			break;
		default:
			if (!glue) {
				r32 = direct_array(data, sizeof(data));
			} else if (bench_array_call(&lp->kernel.ch, data,
						    sizeof(data), &r32)) {
				return -1;
			}
			sink = r32;
			break;
		}
	}
	return (now_ns() - t0) / ITERS;
}

int main(void)
{
	static struct triple shadow;
	glue_ref_t kref, dref;
	int which, round, mode;

	lp = loop_new(4096, &bench_kernel_table, &bench_domain_table);
	/* Bind the kernel's triple to a copy in the domain, as alloc would. */
	if (glue_table_insert(&lp->kernel.table, &tri, BENCH_OBJ_TRIPLE, &kref) ||
	    glue_table_insert(&lp->domain.table, &shadow, BENCH_OBJ_TRIPLE, &dref) ||
	    glue_table_set_remote(&lp->kernel.table, kref, BENCH_OBJ_TRIPLE, dref) ||
	    glue_table_set_remote(&lp->domain.table, dref, BENCH_OBJ_TRIPLE, kref)) {
		fprintf(stderr, "bench: cannot bind the object\n");
		return 1;
	}

	printf("Marshalling cost per call, user space, loopback gate; best of %d rounds of %d calls\n",
	       ROUNDS, ITERS);
	printf("%-38s %10s %10s %10s\n", "call", "direct ns", "glue ns",
	       "added ns");
	for (which = 0; which < NCASES; which++) {
		double best[2] = { 1e18, 1e18 };

		for (round = 0; round < ROUNDS; round++) {
			for (mode = 0; mode < 2; mode++) {
				double t = run(which, mode);

				if (t < 0) {
					fprintf(stderr, "bench: %s failed\n",
						names[which]);
					return 1;
				}
				if (t < best[mode])
					best[mode] = t;
			}
		}
		printf("%-38s %10.1f %10.1f %10.1f\n", names[which], best[0],
		       best[1], best[1] - best[0]);
	}
	if (shadow.a != tri.a || tri.a != (u64)2 * ROUNDS * ITERS)
		fprintf(stderr, "bench: projection out of sync\n");
	return 0;
}
