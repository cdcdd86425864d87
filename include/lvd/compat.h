/* SPDX-License-Identifier: GPL-2.0 */
/*
 * include/lvd/compat.h - the few types and helpers that LVD's pure logic
 * needs, from the kernel when built as part of a module and from libc when
 * built into a user-space unit test.
 *
 * Pure-logic files (no hardware access, no locking, no allocation of their
 * own) include only this header, so tests/unit can run them in milliseconds.
 */
#ifndef LVD_COMPAT_H
#define LVD_COMPAT_H

#ifdef __KERNEL__
#include <linux/types.h>
#include <linux/errno.h>
#include <linux/string.h>
#include <linux/bits.h>
#include <linux/kernel.h>
#else
#include <stdint.h>
#include <stdbool.h>
#include <stddef.h>
#include <string.h>
#include <errno.h>

typedef uint8_t u8;
typedef uint16_t u16;
typedef uint32_t u32;
typedef uint64_t u64;
typedef int64_t s64;

#ifndef BIT_ULL
#define BIT_ULL(n)	(1ULL << (n))
#endif
#ifndef BIT
#define BIT(n)		(1UL << (n))
#endif
#ifndef GENMASK_ULL
#define GENMASK_ULL(h, l)	((~0ULL << (l)) & (~0ULL >> (63 - (h))))
#endif
#ifndef ARRAY_SIZE
#define ARRAY_SIZE(a)	(sizeof(a) / sizeof((a)[0]))
#endif
#endif /* __KERNEL__ */

#endif /* LVD_COMPAT_H */
