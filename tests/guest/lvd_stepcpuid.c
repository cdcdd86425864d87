// SPDX-License-Identifier: GPL-2.0
/*
 * tests/guest/lvd_stepcpuid.c - single-stepping over CPUID stops right
 * after CPUID, as on bare metal (SDM Vol. 3A 17.3.1.4: with TF set by
 * POPF, the trap comes after the instruction that follows POPF). Under a
 * hypervisor that emulates CPUID and forgets the trap, the step would land
 * one instruction later on hardware. (Bochs 2.7 delivers the trap after
 * the VM entry even when the hypervisor does not make it pending, so there
 * this only shows that the hypervisor's pending #DB does not add a second
 * trap; measured by disabling the BS write in hypervisor/exit.c.)
 *
 * Usage: lvd_stepcpuid
 * Prints "step ok" and exits 0, or where the trap landed and exits 1.
 */
#define _GNU_SOURCE
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <ucontext.h>

#define RFLAGS_TF 0x100

extern char lvd_after_cpuid[];
static volatile unsigned long trap_rip;
static volatile int traps;

static void on_trap(int sig, siginfo_t *si, void *ctx)
{
	ucontext_t *uc = ctx;

	(void)sig;
	(void)si;
	traps++;
	trap_rip = uc->uc_mcontext.gregs[REG_RIP];
	uc->uc_mcontext.gregs[REG_EFL] &= ~RFLAGS_TF;
}

int main(void)
{
	struct sigaction sa;
	unsigned int a = 0, b, c = 0, d;

	memset(&sa, 0, sizeof(sa));
	sa.sa_sigaction = on_trap;
	sa.sa_flags = SA_SIGINFO;
	sigaction(SIGTRAP, &sa, NULL);
	asm volatile("pushfq\n\t"
		     "orq $0x100, (%%rsp)\n\t"
		     "popfq\n\t"
		     "cpuid\n\t"
		     ".globl lvd_after_cpuid\n"
		     "lvd_after_cpuid:\n\t"
		     "nop\n\t"
		     "nop\n\t"
		     : "+a"(a), "=b"(b), "+c"(c), "=d"(d) : : "memory", "cc");
	if (traps == 1 && trap_rip == (unsigned long)lvd_after_cpuid) {
		printf("step ok\n");
		return 0;
	}
	printf("traps %d, trap at %#lx, want %p\n", traps, trap_rip, (void *)lvd_after_cpuid);
	return 1;
}
