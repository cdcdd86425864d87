// SPDX-License-Identifier: GPL-2.0
/*
 * tests/domains/basic.c - a domain that behaves: arguments and results,
 * upcalls, nesting, its own data, stack and per-CPU page. The guest tests
 * (tests/guest/dom_*.sh) load it with lvdctl and check every result.
 */
#include "domain.h"

static u64 counter;				/* .bss */
static u64 table[4] = { 10, 20, 30, 40 };	/* .data */
static const u64 weights[6] = { 1, 3, 5, 7, 11, 13 };	/* .rodata */

/* Every argument in its place: a weighted sum no permutation gives. */
u64 add6(u64 a, u64 b, u64 c, u64 d, u64 e, u64 f)
{
	return a * weights[0] + b * weights[1] + c * weights[2] +
	       d * weights[3] + e * weights[4] + f * weights[5];
}

u64 ret42(void)
{
	return 42;
}

/* An empty call, for the benchmark. */
u64 nop(void)
{
	return 0;
}

/* An upcall with six arguments; the kernel's weights are 1..6. */
u64 up_add6(u64 a, u64 b, u64 c, u64 d, u64 e, u64 f)
{
	return lvd_host_add6(a, b, c, d, e, f) + 1;
}

/* An upcall that does nothing, for the benchmark. */
u64 up_log(u64 v)
{
	return lvd_host_log(v);
}

/* Kernel, domain, kernel, domain...: @depth levels below this one. */
u64 nest(u64 depth)
{
	if (!depth)
		return 1000;
	return lvd_host_nest(depth - 1) + 1;
}

u64 count(void)
{
	return ++counter;
}

u64 table_sum(void)
{
	u64 i, s = 0;

	for (i = 0; i < 4; i++)
		s += table[i]++;
	return s;
}

/* %gs:0 holds the address of this CPU's per-CPU page of the domain. */
u64 gs_self(void)
{
	u64 v;

	asm volatile("movq %%gs:0, %0" : "=r" (v));
	return v;
}

/* Stack use: @n frames of recursion (about 64 bytes each). */
u64 deep(u64 n)
{
	u64 pad[4] = { n, n, n, n };

	/* Keep the frame: the compiler must assume pad[] is used. */
	asm volatile("" : : "r" (pad) : "memory");
	if (!n)
		return 0;
	return deep(n - 1) + pad[0] - n + 1;
}

u64 fib(u64 n)
{
	u64 a = 0, b = 1, t;

	while (n--) {
		t = a + b;
		a = b;
		b = t;
	}
	return a;
}
