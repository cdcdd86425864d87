// SPDX-License-Identifier: GPL-2.0
/*
 * tests/unit/test_hypercall_abi.c - the user-visible ABI of the hypervisor
 * (include/lvd/hypercall.h) is self-consistent: the CPUID signature
 * registers spell the signature string, the leaves sit in the range
 * reserved for hypervisors, hypercall numbers are stable.
 */
#include <stdio.h>
#include <string.h>
#include <lvd/compat.h>
#include <lvd/hypercall.h>
#include "tap.h"

int main(void)
{
	u32 regs[3] = { LVD_CPUID_SIG_EBX, LVD_CPUID_SIG_ECX, LVD_CPUID_SIG_EDX };
	char sig[13];

	memcpy(sig, regs, 12);
	sig[12] = '\0';
	TAP_OK(!strcmp(sig, LVD_CPUID_SIGNATURE), "EBX:ECX:EDX spell '%s'", sig);
	TAP_OK(strlen(LVD_CPUID_SIGNATURE) == 12, "signature is 12 characters");
	TAP_OK((LVD_CPUID_SIGNATURE_LEAF & 0xf0000000u) == 0x40000000u &&
	       (LVD_CPUID_MAX_LEAF & 0xf0000000u) == 0x40000000u,
	       "LVD leaves are in the hypervisor range 0x40000000-0x4fffffff");
	TAP_OK(LVD_CPUID_MAX_LEAF >= LVD_CPUID_INFO_LEAF, "max leaf covers the info leaf");
	TAP_EQ(LVD_HC_VERSION, 0, "VERSION is hypercall 0 (never renumbered)");
	TAP_EQ(LVD_HC_LEAVE, 1, "LEAVE is hypercall 1 (never renumbered)");
	TAP_EQ(LVD_HC_MAP_RAM, 2, "MAP_RAM is hypercall 2 (never renumbered)");
	TAP_EQ(LVD_HC_VIEW_SET, 3, "VIEW_SET is hypercall 3 (never renumbered)");
	TAP_EQ(LVD_HC_VIEW_CLEAR, 4, "VIEW_CLEAR is hypercall 4 (never renumbered)");
	TAP_EQ(LVD_HC_INVEPT_ALL, 5, "INVEPT_ALL is hypercall 5 (never renumbered)");
	TAP_OK(LVD_HC_ABI_VERSION >= 1, "ABI version is at least 1");
	return tap_done();
}
