/* SPDX-License-Identifier: GPL-2.0 */
/*
 * glue_types.h - the few types and headers the glue runtime needs.
 *
 * The runtime is freestanding C shared by the kernel side, the domain side
 * and user-space tests. This is the only place that picks the environment:
 * the kernel's own headers under __KERNEL__, the C library's otherwise.
 */
#ifndef LVD_GLUE_TYPES_H
#define LVD_GLUE_TYPES_H

#ifdef __KERNEL__
#include <linux/types.h>
#include <linux/errno.h>
#include <linux/string.h>
#include <linux/compiler.h>
#else
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <errno.h>
#include <string.h>

typedef uint8_t u8;
typedef uint16_t u16;
typedef uint32_t u32;
typedef uint64_t u64;
typedef int8_t s8;
typedef int16_t s16;
typedef int32_t s32;
typedef int64_t s64;

#ifndef __must_check
#define __must_check __attribute__((warn_unused_result))
#endif
#ifndef __maybe_unused
#define __maybe_unused __attribute__((unused))
#endif
#endif /* __KERNEL__ */

#endif /* LVD_GLUE_TYPES_H */
