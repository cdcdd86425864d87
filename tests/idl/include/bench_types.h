/* SPDX-License-Identifier: GPL-2.0 */
/* Structure projected by tests/idl/bench.idl. */
#ifndef LVD_TEST_BENCH_TYPES_H
#define LVD_TEST_BENCH_TYPES_H

struct triple {
	unsigned long long a;
	unsigned int b;
	int c;
};

#endif
