// SPDX-License-Identifier: GPL-2.0
/*
 * tests/guest/lvd_cpuid.c - does the LVD hypervisor answer on this CPU?
 *
 * Usage: lvd_cpuid   (pin it to a CPU with taskset)
 * Prints "lvd present abi=N cpu=M" and exits 0 when CPUID leaf 0x40000000
 * carries the LVD signature, else prints "lvd absent" and exits 1. Also
 * prints whether CPUID.1 still advertises VMX (it must not under LVD).
 */
#include <stdio.h>
#include <string.h>
#include <cpuid.h>
#include <lvd/hypercall.h>

int main(void)
{
	unsigned int a, b, c, d;
	char sig[13];

	__cpuid(LVD_CPUID_SIGNATURE_LEAF, a, b, c, d);
	memcpy(sig, &b, 4);
	memcpy(sig + 4, &c, 4);
	memcpy(sig + 8, &d, 4);
	sig[12] = '\0';
	if (strcmp(sig, LVD_CPUID_SIGNATURE) != 0) {
		__cpuid(1, a, b, c, d);
		printf("lvd absent vmx=%u\n", (c >> 5) & 1);
		return 1;
	}
	__cpuid(LVD_CPUID_INFO_LEAF, a, b, c, d);
	printf("lvd present abi=%u cpu=%u", a, b);
	__cpuid(1, a, b, c, d);
	printf(" vmx=%u hypervisor_bit=%u\n", (c >> 5) & 1, c >> 31);
	return 0;
}
