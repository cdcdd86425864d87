/* SPDX-License-Identifier: GPL-2.0 */
/*
 * tests/domains/domain.h - what the test domains may import: the lvd_host_*
 * functions that lvd_dom.ko exports to domains loaded through /dev/lvd
 * (kernel/dev.c). Freestanding: built with the kernel's code model, no
 * libc, no FPU (Makefile: DOMAIN_CFLAGS).
 */
#ifndef LVD_TEST_DOMAIN_H
#define LVD_TEST_DOMAIN_H

typedef unsigned long u64;

u64 lvd_host_add6(u64 a, u64 b, u64 c, u64 d, u64 e, u64 f);
u64 lvd_host_nest(u64 depth);
u64 lvd_host_log(u64 v);

/* VMFUNC leaf 0 (EPTP switching) to @slot: 0f 01 d4 (SDM Vol. 2B). */
static inline void vmfunc(u64 slot)
{
	asm volatile(".byte 0x0f, 0x01, 0xd4" : : "a" (0), "c" (slot) : "memory");
}

/* A load and a store the compiler must emit as written. */
static inline u64 peek(u64 addr)
{
	u64 v;

	asm volatile("movq (%1), %0" : "=r" (v) : "r" (addr) : "memory");
	return v;
}

static inline void poke(u64 addr, u64 v)
{
	asm volatile("movq %1, (%0)" : : "r" (addr), "r" (v) : "memory");
}

static inline void poke8(u64 addr, unsigned char v)
{
	asm volatile("movb %1, (%0)" : : "r" (addr), "q" (v) : "memory");
}

#endif /* LVD_TEST_DOMAIN_H */
