// SPDX-License-Identifier: GPL-2.0
/*
 * tests/domains/bad.c - a domain that attacks: each function does one
 * thing a domain must not be able to do. Every one of them must stop the
 * domain (the call fails with ECANCELED) and leave the kernel, the canary
 * and other domains untouched (tests/guest/dom_attack.sh).
 */
#include "domain.h"

static unsigned char data_code[16] = { 0xb8, 0x2a, 0, 0, 0, 0xc3 };	/* mov $42,%eax; ret */

u64 ok(void)
{
	return 7;
}

u64 read_addr(u64 addr)
{
	return peek(addr);
}

u64 write_addr(u64 addr, u64 v)
{
	poke(addr, v);
	return 0;
}

/* Write its own code. */
u64 write_code(void)
{
	poke8((u64)write_code, 0xc3);
	return 0;
}

/* Execute its data. */
u64 exec_data(void)
{
	return ((u64 (*)(void))(void *)data_code)();
}

u64 spin(void)
{
	for (;;)
		asm volatile("" ::: "memory");
	return 0;
}

u64 spin_cli(void)
{
	asm volatile("cli");
	for (;;)
		asm volatile("" ::: "memory");
	return 0;
}

u64 halt(void)
{
	asm volatile("cli; hlt");
	return 0;
}

/* VMFUNC to another slot, from its own code. */
u64 vmfunc_to(u64 slot)
{
	vmfunc(slot);
	return 0;
}

/* Jump anywhere: into the middle of a call gate, for one. */
u64 jump(u64 addr, u64 rax, u64 rcx)
{
	asm volatile("jmp *%0" : : "r" (addr), "a" (rax), "c" (rcx) : "memory");
	return 0;
}

u64 ud(void)
{
	asm volatile("ud2");
	return 0;
}

u64 divide(u64 a, u64 b)
{
	return a / b;
}

u64 do_cpuid(void)
{
	unsigned int a = 0, b, c = 0, d;

	asm volatile("cpuid" : "+a" (a), "=b" (b), "+c" (c), "=d" (d));
	return a;
}

u64 do_vmcall(void)
{
	u64 ret;

	asm volatile("vmcall" : "=a" (ret) : "a" (0) : "memory");
	return ret;
}

/* An upcall with an index the kernel never exported. */
u64 bad_upcall(u64 stub)
{
	asm volatile("movl $999, %%eax; jmp *%0" : : "r" (stub) : "rax", "memory");
	return 0;
}

u64 wrmsr_tsc_aux(u64 v)
{
	asm volatile("wrmsr" : : "c" (0xc0000103), "a" ((unsigned int)v), "d" (0));
	return 0;
}
