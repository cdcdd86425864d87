// SPDX-License-Identifier: GPL-2.0
/*
 * tests/guest/lvd_vmfunc.c - VMFUNC from user space. VMFUNC works at any
 * privilege level in VMX non-root (SDM Vol. 3C 25.5.5), so a user program
 * can execute it: switching to the view the CPU is already in (index 0,
 * the kernel's) must change nothing, and an empty slot, an index past the
 * list or an unknown VM function must give the program SIGILL (#UD, as on
 * a CPU without VMX), the kernel unaffected.
 *
 * Usage: lvd_vmfunc FUNCTION INDEX
 * Prints "ok" and exits 0 when VMFUNC returned, prints "sigill" and exits 2
 * when it raised SIGILL.
 */
#include <signal.h>
#include <setjmp.h>
#include <stdio.h>
#include <stdlib.h>

static sigjmp_buf env;

static void on_sigill(int sig)
{
	(void)sig;
	siglongjmp(env, 1);
}

int main(int argc, char **argv)
{
	unsigned long func, index;

	if (argc != 3) {
		fprintf(stderr, "usage: lvd_vmfunc FUNCTION INDEX\n");
		return 1;
	}
	func = strtoul(argv[1], NULL, 0);
	index = strtoul(argv[2], NULL, 0);
	signal(SIGILL, on_sigill);
	if (sigsetjmp(env, 1)) {
		printf("sigill\n");
		return 2;
	}
	asm volatile("vmfunc" : : "a"(func), "c"(index) : "memory");
	printf("ok\n");
	return 0;
}
