/* SPDX-License-Identifier: GPL-2.0 */
/*
 * glue_types.h - the few types and headers the glue runtime needs.
 *
 * The runtime is freestanding C shared by the kernel side, the domain side
 * and user-space tests; <lvd/compat.h> picks the environment (the kernel's
 * own headers under __KERNEL__, the C library's otherwise).
 */
#ifndef LVD_GLUE_TYPES_H
#define LVD_GLUE_TYPES_H

#include <lvd/compat.h>

#endif /* LVD_GLUE_TYPES_H */
