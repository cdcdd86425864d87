// SPDX-License-Identifier: GPL-2.0
/*
 * tests/guest/lvd_tsc.c - print the time-stamp counter. On Bochs the TSC
 * counts emulated instructions (DESIGN.md 5), so the difference of two
 * readings is the number of instructions a CPU executed in between.
 *
 * Usage: lvd_tsc
 */
#include <stdio.h>
#include <x86intrin.h>

int main(void)
{
	printf("%llu\n", (unsigned long long)__rdtsc());
	return 0;
}
