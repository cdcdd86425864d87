/* SPDX-License-Identifier: GPL-2.0 */
/*
 * include/lvd/compat.h - the few types and helpers that LVD's pure logic
 * needs, from the kernel when built as part of a module and from libc when
 * built into a user-space unit test (include/lvd/compat_user.h).
 *
 * Pure-logic files (no hardware access, no locking, no allocation of their
 * own) and the glue runtime include only this header, so tests/unit and
 * tests/idl can run them in milliseconds.
 */
#ifndef LVD_COMPAT_H
#define LVD_COMPAT_H

/*
 * lvd_root marks a function that runs in VMX root or that root code calls:
 * it goes to .kprobes.text, where kprobes cannot be placed (a breakpoint
 * there would run the kernel's handlers on the exit stack). Empty in
 * user-space tests.
 */
#ifdef __KERNEL__
#define lvd_root	__section(".kprobes.text")
#else
#define lvd_root
#endif

#ifdef __KERNEL__
#include <linux/types.h>
#include <linux/errno.h>
#include <linux/string.h>
#include <linux/bits.h>
#include <linux/compiler.h>
#include <linux/kernel.h>
#else
#include <lvd/compat_user.h>
#endif

#endif /* LVD_COMPAT_H */
