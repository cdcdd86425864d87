/* SPDX-License-Identifier: GPL-2.0 */
/*
 * include/lvd/compat_user.h - user-space half of include/lvd/compat.h: the
 * kernel's basic types and helper macros, spelled with libc and compiler
 * built-ins. Never built into the kernel (so testbed/style.sh, which checks
 * kernel code, leaves *_user.h files out). Include <lvd/compat.h> instead.
 */
#ifndef LVD_COMPAT_USER_H
#define LVD_COMPAT_USER_H

#include <stdint.h>
#include <stdbool.h>
#include <stddef.h>
#include <string.h>
#include <errno.h>

typedef uint8_t u8;
typedef uint16_t u16;
typedef uint32_t u32;
typedef uint64_t u64;
typedef int8_t s8;
typedef int16_t s16;
typedef int32_t s32;
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
#ifndef __must_check
#define __must_check	__attribute__((warn_unused_result))
#endif
#ifndef __printf
#define __printf(a, b)	__attribute__((format(printf, a, b)))
#endif
#ifndef __maybe_unused
#define __maybe_unused	__attribute__((unused))
#endif

#endif /* LVD_COMPAT_USER_H */
