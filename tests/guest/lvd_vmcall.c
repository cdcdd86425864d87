// SPDX-License-Identifier: GPL-2.0
/*
 * tests/guest/lvd_vmcall.c - a hypercall from user space (CPL 3) must be
 * refused without harm: the process gets SIGILL (#UD), as on a CPU without
 * VMX, and carries on.
 *
 * Usage: lvd_vmcall [nr]   (default LVD_HC_LEAVE, the most dangerous one)
 * Prints "sigill" and exits 0 when the VMCALL raised SIGILL; prints what
 * happened instead and exits 1 otherwise.
 */
#include <signal.h>
#include <setjmp.h>
#include <stdio.h>
#include <stdlib.h>
#include <lvd/hypercall.h>

static sigjmp_buf env;

static void on_sigill(int sig)
{
	(void)sig;
	siglongjmp(env, 1);
}

int main(int argc, char **argv)
{
	long nr = argc > 1 ? strtol(argv[1], NULL, 0) : LVD_HC_LEAVE;
	volatile long ret = nr;
	long r;

	signal(SIGILL, on_sigill);
	if (sigsetjmp(env, 1)) {
		printf("sigill\n");
		return 0;
	}
	r = ret;
	asm volatile("vmcall" : "+a"(r) : : "memory");
	ret = r;
	printf("vmcall returned %ld\n", (long)ret);
	return 1;
}
