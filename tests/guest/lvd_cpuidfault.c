// SPDX-License-Identifier: GPL-2.0
/*
 * tests/guest/lvd_cpuidfault.c - CPUID faulting: a process that asked the
 * kernel for it (arch_prctl(ARCH_SET_CPUID, 0)) gets SIGSEGV (#GP) from
 * CPUID, with or without the hypervisor, which intercepts every CPUID.
 *
 * Prints "unsupported" when the CPU has no CPUID faulting, "sigsegv" when
 * CPUID faulted, "ran" when it did not; exits 0 in each case.
 */
#include <signal.h>
#include <setjmp.h>
#include <stdio.h>
#include <unistd.h>
#include <sys/syscall.h>

#define ARCH_SET_CPUID	0x1012	/* arch/x86/include/uapi/asm/prctl.h */

static sigjmp_buf env;

static void on_sigsegv(int sig)
{
	(void)sig;
	siglongjmp(env, 1);
}

int main(void)
{
	unsigned int a = 0, b, c = 0, d;

	if (syscall(SYS_arch_prctl, ARCH_SET_CPUID, 0)) {
		printf("unsupported\n");
		return 0;
	}
	signal(SIGSEGV, on_sigsegv);
	if (sigsetjmp(env, 1)) {
		printf("sigsegv\n");
		return 0;
	}
	asm volatile("cpuid" : "+a"(a), "=b"(b), "+c"(c), "=d"(d));
	printf("ran\n");
	return 0;
}
