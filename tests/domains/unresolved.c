// SPDX-License-Identifier: GPL-2.0
/*
 * tests/domains/unresolved.c - imports a function the kernel does not
 * export to domains: the load must be refused, naming it.
 */
#include "domain.h"

u64 no_such_kernel_function(u64 v);

u64 f(u64 v)
{
	return no_such_kernel_function(v);
}
