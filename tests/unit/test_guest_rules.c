// SPDX-License-Identifier: GPL-2.0
/*
 * tests/unit/test_guest_rules.c - guest writes to CR0, CR4, IA32_EFER, the
 * address MSRs, IA32_PAT, the MTRRs and XCR0 fault exactly where a bare
 * Intel CPU faults, on CPUs with and without each feature. Every table row
 * names the SDM rule it checks; a feature row runs on every CPU, so the
 * same bit is checked allowed where CPUID has it and #GP where it does not.
 */
// unit-deps: hypervisor/guest_rules.c
#include <stdio.h>
#include <lvd/compat.h>
#include <lvd/hw/cpu.h>
#include <lvd/hw/msr.h>
#include <lvd/hw/vmx.h>
#include "../../hypervisor/guest_rules.h"
#include "tap.h"

#define GP	(-EINVAL)
#define UD	(-ENOEXEC)

enum cpu { NONE, YONAH, NHM, HSW, SPR, ALL, NCPU };

#define C(c)		(1u << (c))
#define EVERY		(C(NONE) | C(YONAH) | C(NHM) | C(HSW) | C(SPR) | C(ALL))
#define LEGACY		(C(YONAH) | C(NHM) | C(HSW) | C(SPR) | C(ALL))	/* 1:EDX basics, VMX */
#define LM64		(C(NHM) | C(HSW) | C(SPR) | C(ALL))		/* Intel 64 */
#define HSW_UP		(C(HSW) | C(SPR) | C(ALL))
#define SPR_UP		(C(SPR) | C(ALL))

/*
 * The CPUs, as raw CPUID words. Real models as their CPUID reads (leaf 7
 * EDX of Haswell with the post-2018 microcode's speculation-control bits,
 * which enable nothing here), plus two made-up ends: a CPU that enumerates
 * nothing and one whose every CPUID bit is set.
 */
static const struct {
	const char *name;
	struct lvd_cpuid_words w;
} cpus[NCPU] = {
	[NONE] = { "none", { 0 } },
	/* Core Duo: 32-bit, VMX, NX, no SYSCALL/LM; leaf 80000008H not read. */
	[YONAH] = { "yonah", {
		.l1_ecx = 0x0000c1a9, .l1_edx = 0xbfe9fbff,
		.ext1_edx = 0x00100000,
	} },
	/* Core i7-920: Intel 64 and VMX, no SMX, PCID, XSAVE or leaf 7. */
	[NHM] = { "nehalem", {
		.l1_ecx = 0x0098e3bd, .l1_edx = 0xbfebfbff,
		.ext1_edx = 0x28100800, .ext8_eax = 0x3024,
	} },
	/* Core i7-4770: SMX, PCID, XSAVE with AVX, FSGSBASE, SMEP; no AVX-512, LA57, PKU, CET. */
	[HSW] = { "haswell", {
		.l1_ecx = 0x7ffafbff, .l1_edx = 0xbfebfbff,
		.l7_ebx = 0x000027ab, .l7_edx = 0x9c000000,
		.ld_eax = 0x00000007,
		.ext1_edx = 0x2c100800, .ext8_eax = 0x3027,
	} },
	/*
	 * Xeon Sapphire Rapids: AVX-512, AMX, PKRU, LA57 (57-bit linear,
	 * 46-bit physical), UMIP, PKU, PKS, CET (SS and IBT), UINTR, SMAP; no
	 * MPX, Key Locker or LAM.
	 */
	[SPR] = { "sapphire-rapids", {
		.l1_ecx = 0x7ffefbff, .l1_edx = 0xbfebfbff,
		.l7_ebx = 0xf7bfbfbf, .l7_ecx = 0xfb417ffe, .l7_edx = 0xffd54530,
		.l7_1_eax = 0x00001c30,
		.ld_eax = 0x000602e7,
		.ext1_edx = 0x2c100800, .ext8_eax = 0x392e,
	} },
	[ALL] = { "all-bits", {
		0xffffffff, 0xffffffff, 0xffffffff, 0xffffffff, 0xffffffff,
		0xffffffff, 0xffffffff, 0xffffffff, 0xffffffff, 0xffffffff,
	} },
};

static struct lvd_guest_features feat[NCPU];

/* The Intel 64 CPUs, for rules about MSRs that only they have. */
static const enum cpu cpus64[] = { NHM, HSW, SPR, ALL };

static const char *res(int r)
{
	return r == 0 ? "allowed" : r == GP ? "#GP" : r == UD ? "#UD" : "unexpected error";
}

static void expect(int got, int want, const char *cpu, const char *what, const char *sdm)
{
	if (!TAP_OK(got == want, "%s%s%s: %s [%s]", cpu, cpu[0] ? ": " : "", what, res(want), sdm))
		printf("#   got %s (%d)\n", res(got), got);
}

/* The canonical guest states the rows start from. */
#define CR0_LONG	(LVD_CR0_PE | LVD_CR0_MP | LVD_CR0_ET | LVD_CR0_NE | LVD_CR0_WP | \
			 LVD_CR0_AM | LVD_CR0_PG)		/* 0x80050033, Linux's */
#define CR0_PROT	(LVD_CR0_PE | LVD_CR0_ET | LVD_CR0_NE | LVD_CR0_WP)	/* paging off */
#define CR0_PAGING32	(CR0_PROT | LVD_CR0_PG)			/* 32-bit or PAE paging */
#define CR4_LONG	(LVD_CR4_PAE | LVD_CR4_PGE | LVD_CR4_OSFXSR | LVD_CR4_OSXMMEXCPT)
#define EFER_LONG	(LVD_EFER_SCE | LVD_EFER_LME | LVD_EFER_LMA | LVD_EFER_NXE)

static void test_features(void)
{
	static const unsigned int maxphy[NCPU] = { 32, 36, 36, 39, 46, 52 };
	static const unsigned int la[NCPU] = { 48, 48, 48, 48, 57, 57 };
	static const u64 xcr0[NCPU] = { 0, 0, 0, 0x7, 0x602e7,
					~(LVD_XSS_SUPERVISOR_MASK | LVD_XCR0_RESERVED63) };
	static const u64 efer[NCPU] = {
		0, LVD_EFER_NXE, EFER_LONG, EFER_LONG, EFER_LONG, EFER_LONG,
	};
	const u64 every_cr4 = LVD_CR4_VME | LVD_CR4_PVI | LVD_CR4_TSD | LVD_CR4_DE | LVD_CR4_PSE |
		LVD_CR4_PAE | LVD_CR4_MCE | LVD_CR4_PGE | LVD_CR4_PCE | LVD_CR4_OSFXSR |
		LVD_CR4_OSXMMEXCPT | LVD_CR4_UMIP | LVD_CR4_LA57 | LVD_CR4_VMXE | LVD_CR4_SMXE |
		LVD_CR4_FSGSBASE | LVD_CR4_PCIDE | LVD_CR4_OSXSAVE | LVD_CR4_KL | LVD_CR4_SMEP |
		LVD_CR4_SMAP | LVD_CR4_PKE | LVD_CR4_CET | LVD_CR4_PKS | LVD_CR4_UINTR |
		LVD_CR4_LAM_SUP;
	struct lvd_cpuid_words w;
	struct lvd_guest_features f;
	int c;

	for (c = 0; c < NCPU; c++) {
		lvd_guest_features_init(&feat[c], &cpus[c].w);
		TAP_EQ(feat[c].maxphyaddr, maxphy[c],
		       "%s: MAXPHYADDR from 80000008H:EAX[7:0], else 36 with PAE, 32 without, at most 52 [Vol. 3A 4.1.4]",
		       cpus[c].name);
		TAP_EQ(feat[c].msr_la_bits, la[c],
		       "%s: address MSRs are checked at 57 bits iff CPUID.7:ECX.LA57 [Vol. 2D WRMSR]",
		       cpus[c].name);
		TAP_EQ(feat[c].xcr0_supported, xcr0[c],
		       "%s: XCR0 may hold 0DH:EDX:EAX without supervisor bits and bit 63, nothing without XSAVE [Vol. 1 13.3]",
		       cpus[c].name);
		TAP_EQ(feat[c].efer_allowed, efer[c],
		       "%s: EFER.SCE/LME+LMA/NXE from 80000001H:EDX.SYSCALL/LM/NX [Vol. 4 Table 2-2]",
		       cpus[c].name);
	}
	TAP_EQ(feat[NONE].cr4_allowed, LVD_CR4_PCE,
	       "none: only CR4.PCE, which no CPUID bit enumerates [Vol. 3A 2.5]");
	TAP_EQ(feat[ALL].cr4_allowed, every_cr4,
	       "all-bits: every named CR4 bit and no reserved one [Vol. 3A 2.5]");

	/* CR4.CET: either CET feature enumerates it (Vol. 2A CPUID, leaf 7). */
	w = cpus[HSW].w;
	w.l7_ecx |= LVD_CPUID7_ECX_CET_SS;
	lvd_guest_features_init(&f, &w);
	expect(lvd_check_cr4(&f, LVD_CR4_CET, 0, CR0_PROT, 0, 0), 0, "haswell+CET_SS",
	       "set CR4.CET", "Vol. 2A CPUID 7:ECX.CET_SS");
	w = cpus[HSW].w;
	w.l7_edx |= LVD_CPUID7_EDX_CET_IBT;
	lvd_guest_features_init(&f, &w);
	expect(lvd_check_cr4(&f, LVD_CR4_CET, 0, CR0_PROT, 0, 0), 0, "haswell+CET_IBT",
	       "set CR4.CET", "Vol. 2A CPUID 7:EDX.CET_IBT");
	/* The hypervisor hides VMX from the guest: then CR4.VMXE is reserved. */
	w = cpus[HSW].w;
	w.l1_ecx &= ~LVD_CPUID1_ECX_VMX;
	lvd_guest_features_init(&f, &w);
	expect(lvd_check_cr4(&f, LVD_CR4_VMXE, 0, CR0_PROT, 0, 0), GP, "haswell-VMX",
	       "set CR4.VMXE", "Vol. 3C 23.6: VMXE needs CPUID.1:ECX.VMX");
}

/* CR4 bits that exist only if CPUID says so; each row runs on every CPU. */
static const struct {
	const char *sdm;
	const char *name;
	u64 bit;
	unsigned int ok;	/* CPUs that have the bit */
} cr4_bits[] = {
	{ "Vol. 2A CPUID 1:EDX.VME", "VME", LVD_CR4_VME, LEGACY },
	{ "Vol. 2A CPUID 1:EDX.VME covers PVI", "PVI", LVD_CR4_PVI, LEGACY },
	{ "Vol. 2A CPUID 1:EDX.TSC covers TSD", "TSD", LVD_CR4_TSD, LEGACY },
	{ "Vol. 2A CPUID 1:EDX.DE", "DE", LVD_CR4_DE, LEGACY },
	{ "Vol. 2A CPUID 1:EDX.PSE", "PSE", LVD_CR4_PSE, LEGACY },
	{ "Vol. 2A CPUID 1:EDX.PAE", "PAE", LVD_CR4_PAE, LEGACY },
	{ "Vol. 2A CPUID 1:EDX.MCE", "MCE", LVD_CR4_MCE, LEGACY },
	{ "Vol. 2A CPUID 1:EDX.PGE", "PGE", LVD_CR4_PGE, LEGACY },
	{ "Vol. 3A 2.5: PCE has no CPUID bit", "PCE", LVD_CR4_PCE, EVERY },
	{ "Vol. 2A CPUID 1:EDX.FXSR covers OSFXSR", "OSFXSR", LVD_CR4_OSFXSR, LEGACY },
	{ "Vol. 2A CPUID 1:EDX.SSE", "OSXMMEXCPT", LVD_CR4_OSXMMEXCPT, LEGACY },
	{ "Vol. 2A CPUID 7:ECX.UMIP", "UMIP", LVD_CR4_UMIP, SPR_UP },
	{ "Vol. 2A CPUID 7:ECX.LA57", "LA57", LVD_CR4_LA57, SPR_UP },
	{ "Vol. 3C 23.6 CPUID 1:ECX.VMX", "VMXE", LVD_CR4_VMXE, LEGACY },
	{ "Vol. 2A CPUID 1:ECX.SMX", "SMXE", LVD_CR4_SMXE, HSW_UP },
	{ "Vol. 2A CPUID 7:EBX.FSGSBASE", "FSGSBASE", LVD_CR4_FSGSBASE, HSW_UP },
	{ "Vol. 2A CPUID 1:ECX.PCID (in IA-32e mode)", "PCIDE", LVD_CR4_PCIDE, HSW_UP },
	{ "Vol. 2A CPUID 1:ECX.XSAVE", "OSXSAVE", LVD_CR4_OSXSAVE, HSW_UP },
	{ "Vol. 2A CPUID 7:ECX.KL", "KL", LVD_CR4_KL, C(ALL) },
	{ "Vol. 2A CPUID 7:EBX.SMEP", "SMEP", LVD_CR4_SMEP, HSW_UP },
	{ "Vol. 2A CPUID 7:EBX.SMAP", "SMAP", LVD_CR4_SMAP, SPR_UP },
	{ "Vol. 2A CPUID 7:ECX.PKU", "PKE", LVD_CR4_PKE, SPR_UP },
	{ "Vol. 2A CPUID 7:ECX.CET_SS or 7:EDX.CET_IBT", "CET", LVD_CR4_CET, SPR_UP },
	{ "Vol. 2A CPUID 7:ECX.PKS", "PKS", LVD_CR4_PKS, SPR_UP },
	{ "Vol. 2A CPUID 7:EDX.UINTR", "UINTR", LVD_CR4_UINTR, SPR_UP },
	{ "ISE CPUID 7.1:EAX.LAM", "LAM_SUP", LVD_CR4_LAM_SUP, C(ALL) },
	{ "Vol. 3A 2.5: reserved", "bit 15", BIT_ULL(15), 0 },
	{ "Vol. 3A 2.5: reserved", "bit 26", BIT_ULL(26), 0 },
	{ "Vol. 3A 2.5: reserved", "bit 27", BIT_ULL(27), 0 },
	{ "Vol. 3A 2.5: reserved", "bit 29", BIT_ULL(29), 0 },
	{ "Vol. 3A 2.5: reserved", "bit 31", BIT_ULL(31), 0 },
	{ "Vol. 3A 2.5: CR4[63:32] reserved", "bit 32", BIT_ULL(32), 0 },
	{ "Vol. 3A 2.5: CR4[63:32] reserved", "bit 63", BIT_ULL(63), 0 },
};

/* CR4 rules that depend on the mode and the other registers. */
static const struct {
	const char *sdm;
	const char *what;
	u64 new_cr4, old_cr4, cr0, cr3, efer;
	unsigned int run, ok;
} cr4_rows[] = {
	{ "Vol. 2B MOV 64-bit mode: leave IA-32e mode by clearing PAE", "clear PAE in IA-32e mode",
	  CR4_LONG & ~LVD_CR4_PAE, CR4_LONG, CR0_LONG, 0x1000, EFER_LONG, LM64, 0 },
	{ "Vol. 3A 4.1.2: PAE to 32-bit paging", "clear PAE outside IA-32e mode",
	  LVD_CR4_PGE, LVD_CR4_PAE | LVD_CR4_PGE, CR0_PAGING32, 0x1000, 0, LM64, LM64 },
	{ "Vol. 3A 2.5: LA57 cannot change in IA-32e mode", "set LA57 in IA-32e mode",
	  CR4_LONG | LVD_CR4_LA57, CR4_LONG, CR0_LONG, 0x1000, EFER_LONG, LM64, 0 },
	{ "Vol. 3A 2.5: LA57 cannot change in IA-32e mode", "clear LA57 in IA-32e mode",
	  CR4_LONG, CR4_LONG | LVD_CR4_LA57, CR0_LONG, 0x1000, EFER_LONG, SPR_UP, 0 },
	{ "Vol. 3A 2.5: LA57 kept", "rewrite LA57 = 1 in IA-32e mode",
	  CR4_LONG | LVD_CR4_LA57, CR4_LONG | LVD_CR4_LA57, CR0_LONG, 0x1000, EFER_LONG,
	  SPR_UP, SPR_UP },
	{ "Vol. 3A 4.1.2: LA57 is set before paging is enabled", "set LA57 with paging off",
	  LVD_CR4_PAE | LVD_CR4_LA57, LVD_CR4_PAE, CR0_PROT, 0x1000, LVD_EFER_LME, LM64, SPR_UP },
	{ "Vol. 3A 4.10.1: PCIDE 0->1 with CR3[11:0] = 0", "set PCIDE in IA-32e mode",
	  CR4_LONG | LVD_CR4_PCIDE, CR4_LONG, CR0_LONG, 0x1000, EFER_LONG, LM64, HSW_UP },
	{ "Vol. 2B MOV: PCIDE 0->1 while CR3[11:0] != 0", "set PCIDE with CR3.PWT = 1",
	  CR4_LONG | LVD_CR4_PCIDE, CR4_LONG, CR0_LONG, 0x1008, EFER_LONG, HSW_UP, 0 },
	{ "Vol. 2B MOV: PCIDE 0->1 while CR3[11:0] != 0", "set PCIDE with CR3 bit 11 = 1",
	  CR4_LONG | LVD_CR4_PCIDE, CR4_LONG, CR0_LONG, 0x1800, EFER_LONG, HSW_UP, 0 },
	{ "Vol. 2B MOV: only the 0->1 change checks CR3", "keep PCIDE with PCID 5 in CR3",
	  CR4_LONG | LVD_CR4_PCIDE, CR4_LONG | LVD_CR4_PCIDE, CR0_LONG, 0x1005, EFER_LONG,
	  HSW_UP, HSW_UP },
	{ "Vol. 2B MOV protected mode: write 1 to PCIDE", "set PCIDE outside IA-32e mode",
	  LVD_CR4_PAE | LVD_CR4_PCIDE, LVD_CR4_PAE, CR0_PAGING32, 0x1000, 0, HSW_UP, 0 },
	{ "Vol. 3A 2.5: CET can be set only if CR0.WP = 1", "set CET with CR0.WP = 0",
	  CR4_LONG | LVD_CR4_CET, CR4_LONG, CR0_LONG & ~LVD_CR0_WP, 0x1000, EFER_LONG, SPR_UP, 0 },
	{ "Vol. 3A 2.5: CET with CR0.WP = 1", "set CET with CR0.WP = 1",
	  CR4_LONG | LVD_CR4_CET, CR4_LONG, CR0_LONG, 0x1000, EFER_LONG, LM64, SPR_UP },
	{ "Vol. 2B MOV 64-bit mode: reserved CR4 bit", "set bit 63 in IA-32e mode",
	  CR4_LONG | BIT_ULL(63), CR4_LONG, CR0_LONG, 0x1000, EFER_LONG, LM64, 0 },
	{ "Vol. 2B MOV: no rule against it", "rewrite Linux's CR4 in IA-32e mode",
	  CR4_LONG | LVD_CR4_OSXSAVE | LVD_CR4_FSGSBASE | LVD_CR4_SMEP | LVD_CR4_PCIDE,
	  CR4_LONG | LVD_CR4_OSXSAVE | LVD_CR4_FSGSBASE | LVD_CR4_SMEP | LVD_CR4_PCIDE,
	  CR0_LONG, 0x1001, EFER_LONG, LM64, HSW_UP },
};

static void test_cr4(void)
{
	char what[64];
	unsigned int i;
	int c;

	for (i = 0; i < ARRAY_SIZE(cr4_bits); i++) {
		bool pcide = cr4_bits[i].bit == LVD_CR4_PCIDE;

		snprintf(what, sizeof(what), "set CR4.%s", cr4_bits[i].name);
		for (c = 0; c < NCPU; c++) {
			int got = pcide ?
				lvd_check_cr4(&feat[c], CR4_LONG | LVD_CR4_PCIDE, CR4_LONG, CR0_LONG,
					      0x1000, EFER_LONG) :
				lvd_check_cr4(&feat[c], cr4_bits[i].bit, 0, CR0_PROT, 0, 0);

			expect(got, cr4_bits[i].ok & C(c) ? 0 : GP, cpus[c].name, what, cr4_bits[i].sdm);
		}
	}
	for (i = 0; i < ARRAY_SIZE(cr4_rows); i++)
		for (c = 0; c < NCPU; c++) {
			if (!(cr4_rows[i].run & C(c)))
				continue;
			expect(lvd_check_cr4(&feat[c], cr4_rows[i].new_cr4, cr4_rows[i].old_cr4,
					     cr4_rows[i].cr0, cr4_rows[i].cr3, cr4_rows[i].efer),
			       cr4_rows[i].ok & C(c) ? 0 : GP, cpus[c].name, cr4_rows[i].what,
			       cr4_rows[i].sdm);
		}
}

/* MOV to CR0: no CPUID dependence. */
static const struct {
	const char *sdm;
	const char *what;
	u64 new_cr0, old_cr0, cr4, efer;
	bool cs_l, tr_tss16;
	int want;
} cr0_rows[] = {
	{ "Vol. 2B MOV: no rule against it", "rewrite Linux's CR0 in 64-bit mode",
	  CR0_LONG, CR0_LONG, CR4_LONG, EFER_LONG, true, false, 0 },
	{ "Vol. 2B MOV: a 1 in CR0[63:32]", "set CR0 bit 32",
	  CR0_LONG | BIT_ULL(32), CR0_LONG, CR4_LONG, EFER_LONG, true, false, GP },
	{ "Vol. 2B MOV: a 1 in CR0[63:32]", "set CR0 bit 63",
	  CR0_LONG | BIT_ULL(63), CR0_LONG, CR4_LONG, EFER_LONG, true, false, GP },
	{ "Vol. 2B MOV: reserved bits in CR0[31:0] are ignored", "set CR0 bits 6, 17, 28",
	  CR0_LONG | BIT_ULL(6) | BIT_ULL(17) | BIT_ULL(28), CR0_LONG, CR4_LONG, EFER_LONG,
	  true, false, 0 },
	{ "Vol. 2B MOV: ET stays set", "clear CR0.ET",
	  CR0_LONG & ~LVD_CR0_ET, CR0_LONG, CR4_LONG, EFER_LONG, true, false, 0 },
	{ "Vol. 2B MOV: NW = 1 with CD = 0", "set NW with CD = 0",
	  CR0_LONG | LVD_CR0_NW, CR0_LONG, CR4_LONG, EFER_LONG, true, false, GP },
	{ "Vol. 3A 11.5.3: CD = 1, NW = 1 is valid", "set CD and NW",
	  CR0_LONG | LVD_CR0_CD | LVD_CR0_NW, CR0_LONG, CR4_LONG, EFER_LONG, true, false, 0 },
	{ "Vol. 3A 11.5.3: CD = 1, NW = 0 is valid", "set CD",
	  CR0_LONG | LVD_CR0_CD, CR0_LONG, CR4_LONG, EFER_LONG, true, false, 0 },
	{ "Vol. 2B MOV: PG = 1 with PE = 0", "clear PE with PG = 1",
	  CR0_LONG & ~LVD_CR0_PE, CR0_LONG, CR4_LONG, EFER_LONG, true, false, GP },
	{ "Vol. 2B MOV 64-bit mode: clear CR0.PG", "clear PG in 64-bit mode",
	  CR0_LONG & ~LVD_CR0_PG, CR0_LONG, CR4_LONG, EFER_LONG, true, false, GP },
	{ "Vol. 2B MOV 64-bit mode: clear CR0.PG", "clear PG and PE in 64-bit mode",
	  CR0_LONG & ~(LVD_CR0_PG | LVD_CR0_PE), CR0_LONG, CR4_LONG, EFER_LONG, true, false, GP },
	{ "Vol. 3A 9.8.5.4: leave IA-32e mode from compatibility mode", "clear PG in compatibility mode",
	  CR0_LONG & ~LVD_CR0_PG, CR0_LONG, CR4_LONG, EFER_LONG, false, false, 0 },
	{ "Vol. 2B MOV compatibility mode: clear PG while CR4.PCIDE = 1",
	  "clear PG in compatibility mode with PCIDE",
	  CR0_LONG & ~LVD_CR0_PG, CR0_LONG, CR4_LONG | LVD_CR4_PCIDE, EFER_LONG, false, false, GP },
	{ "Vol. 3A 2.5: WP cannot be cleared while CR4.CET = 1", "clear WP with CET",
	  CR0_LONG & ~LVD_CR0_WP, CR0_LONG, CR4_LONG | LVD_CR4_CET, EFER_LONG, true, false, GP },
	{ "Vol. 3A 2.5: WP may be cleared without CET", "clear WP without CET",
	  CR0_LONG & ~LVD_CR0_WP, CR0_LONG, CR4_LONG, EFER_LONG, true, false, 0 },
	{ "Vol. 3A 9.8.5: activate IA-32e mode", "set PG with LME = 1, PAE = 1",
	  CR0_PAGING32, CR0_PROT, LVD_CR4_PAE, LVD_EFER_LME, false, false, 0 },
	{ "Vol. 3A 4.1.2: PG with LME = 1 and PAE = 0", "set PG with LME = 1, PAE = 0",
	  CR0_PAGING32, CR0_PROT, 0, LVD_EFER_LME, false, false, GP },
	{ "Vol. 2B MOV: activate IA-32e mode with CS.L = 1", "set PG with LME = 1, CS.L = 1",
	  CR0_PAGING32, CR0_PROT, LVD_CR4_PAE, LVD_EFER_LME, true, false, GP },
	{ "Vol. 2B MOV: activate IA-32e mode with a 16-bit TSS", "set PG with LME = 1, 16-bit TSS",
	  CR0_PAGING32, CR0_PROT, LVD_CR4_PAE, LVD_EFER_LME, false, true, GP },
	{ "Vol. 3A 4.1.2: 32-bit paging", "set PG with LME = 0, PAE = 0",
	  CR0_PAGING32, CR0_PROT, 0, 0, false, false, 0 },
	{ "Vol. 2B MOV: CS.L and TR matter only when IA-32e mode is activated",
	  "set PG with LME = 0, CS.L = 1, 16-bit TSS",
	  CR0_PAGING32, CR0_PROT, 0, 0, true, true, 0 },
	{ "Vol. 3A 4.1.2: PAE paging", "set PG with LME = 0, PAE = 1",
	  CR0_PAGING32, CR0_PROT, LVD_CR4_PAE, 0, false, false, 0 },
	{ "Vol. 2B MOV real-address mode: PG = 1 with PE = 0", "set PG from real mode",
	  LVD_CR0_ET | LVD_CR0_PG, LVD_CR0_ET, 0, 0, false, false, GP },
	{ "Vol. 3A 9.9.1: enter protected mode", "set PE",
	  LVD_CR0_ET | LVD_CR0_PE, LVD_CR0_ET, 0, 0, false, false, 0 },
	{ "Vol. 3A 9.9.2: back to real-address mode", "clear PE with paging off",
	  LVD_CR0_ET | LVD_CR0_NE, CR0_PROT, 0, 0, false, false, 0 },
};

static void test_cr0(void)
{
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(cr0_rows); i++)
		expect(lvd_check_cr0(cr0_rows[i].new_cr0, cr0_rows[i].old_cr0, cr0_rows[i].cr4,
				     cr0_rows[i].efer, cr0_rows[i].cs_l, cr0_rows[i].tr_tss16),
		       cr0_rows[i].want, "", cr0_rows[i].what, cr0_rows[i].sdm);

	TAP_EQ(lvd_cr0_value((CR0_LONG | BIT_ULL(6) | BIT_ULL(17) | BIT_ULL(28)) & ~LVD_CR0_ET),
	       CR0_LONG, "CR0 after a write: reserved bits stay 0, ET stays 1 [Vol. 2B MOV]");
	TAP_EQ(lvd_cr0_value(0), LVD_CR0_ET, "CR0 after writing 0 is ET [Vol. 3A 2.5]");
	TAP_EQ(lvd_efer_after_cr0(LVD_EFER_SCE | LVD_EFER_LME, CR0_PAGING32),
	       LVD_EFER_SCE | LVD_EFER_LME | LVD_EFER_LMA,
	       "setting PG with LME = 1 sets LMA [Vol. 3A 9.8.5]");
	TAP_EQ(lvd_efer_after_cr0(EFER_LONG, CR0_LONG & ~LVD_CR0_PG), EFER_LONG & ~LVD_EFER_LMA,
	       "clearing PG clears LMA [Vol. 3A 9.8.5.4]");
	TAP_EQ(lvd_efer_after_cr0(LVD_EFER_NXE, CR0_PAGING32), LVD_EFER_NXE,
	       "PG with LME = 0 leaves LMA clear [Vol. 3A 9.8.5]");
}

/* IA32_EFER bits by CPUID, written with paging off; each row runs on every CPU. */
static const struct {
	const char *sdm;
	const char *name;
	u64 bit;
	unsigned int ok;
} efer_bits[] = {
	{ "Vol. 4 Table 2-2: SCE needs 80000001H:EDX.SYSCALL", "SCE", LVD_EFER_SCE, LM64 },
	{ "Vol. 4 Table 2-2: LME needs 80000001H:EDX.LM", "LME", LVD_EFER_LME, LM64 },
	{ "Vol. 4 Table 2-2: LMA is read-only, ignored where IA-32e mode exists", "LMA",
	  LVD_EFER_LMA, LM64 },
	{ "Vol. 4 Table 2-2: NXE needs 80000001H:EDX.NX", "NXE", LVD_EFER_NXE,
	  C(YONAH) | LM64 },
	{ "Vol. 4 Table 2-2: reserved", "bit 1", BIT_ULL(1), 0 },
	{ "Vol. 4 Table 2-2: reserved", "bit 7", BIT_ULL(7), 0 },
	{ "Vol. 4 Table 2-2: reserved", "bit 9", BIT_ULL(9), 0 },
	{ "Vol. 4 Table 2-2: reserved (AMD's SVME)", "bit 12", BIT_ULL(12), 0 },
	{ "Vol. 4 Table 2-2: reserved (AMD's FFXSR)", "bit 14", BIT_ULL(14), 0 },
	{ "Vol. 4 Table 2-2: reserved", "bit 63", BIT_ULL(63), 0 },
};

static const struct {
	const char *sdm;
	const char *what;
	u64 new_efer, old_efer, cr0;
	unsigned int run, ok;
} efer_rows[] = {
	{ "Vol. 3A 4.1.2: LME cannot change while CR0.PG = 1", "set LME with 32-bit paging on",
	  LVD_EFER_LME, 0, CR0_PAGING32, LM64, 0 },
	{ "Vol. 3A 4.1.2: LME cannot change while CR0.PG = 1", "clear LME in IA-32e mode",
	  LVD_EFER_SCE | LVD_EFER_NXE, EFER_LONG, CR0_LONG, LM64, 0 },
	{ "Vol. 3A 9.8.5: LME is set with paging off", "set LME with paging off",
	  LVD_EFER_LME, 0, CR0_PROT, EVERY, LM64 },
	{ "Vol. 4 Table 2-2: LMA read-only", "write Linux's EFER with LMA = 0 in IA-32e mode",
	  LVD_EFER_SCE | LVD_EFER_LME | LVD_EFER_NXE, EFER_LONG, CR0_LONG, LM64, LM64 },
	{ "Vol. 4 Table 2-2: LMA read-only", "write Linux's EFER with LMA = 1 in IA-32e mode",
	  EFER_LONG, EFER_LONG, CR0_LONG, LM64, LM64 },
	{ "Vol. 4 Table 2-2: NXE has no mode rule", "clear NXE in IA-32e mode",
	  EFER_LONG & ~LVD_EFER_NXE, EFER_LONG, CR0_LONG, LM64, LM64 },
	{ "Vol. 4 Table 2-2: NXE has no mode rule", "set NXE with 32-bit paging on",
	  LVD_EFER_NXE, 0, CR0_PAGING32, EVERY, C(YONAH) | LM64 },
	{ "Vol. 4 Table 2-2: SCE needs SYSCALL, whatever the mode", "set SCE in IA-32e mode",
	  EFER_LONG, EFER_LONG & ~LVD_EFER_SCE, CR0_LONG, LM64, LM64 },
};

static void test_efer(void)
{
	char what[64];
	unsigned int i;
	int c;

	for (i = 0; i < ARRAY_SIZE(efer_bits); i++) {
		snprintf(what, sizeof(what), "set EFER.%s with paging off", efer_bits[i].name);
		for (c = 0; c < NCPU; c++)
			expect(lvd_check_efer(&feat[c], efer_bits[i].bit, 0, CR0_PROT),
			       efer_bits[i].ok & C(c) ? 0 : GP, cpus[c].name, what, efer_bits[i].sdm);
	}
	for (i = 0; i < ARRAY_SIZE(efer_rows); i++)
		for (c = 0; c < NCPU; c++) {
			if (!(efer_rows[i].run & C(c)))
				continue;
			expect(lvd_check_efer(&feat[c], efer_rows[i].new_efer, efer_rows[i].old_efer,
					      efer_rows[i].cr0),
			       efer_rows[i].ok & C(c) ? 0 : GP, cpus[c].name, efer_rows[i].what,
			       efer_rows[i].sdm);
		}
	TAP_EQ(lvd_efer_value(LVD_EFER_SCE | LVD_EFER_LME | LVD_EFER_NXE, EFER_LONG), EFER_LONG,
	       "EFER after a write keeps LMA = 1 [Vol. 4 Table 2-2: LMA read-only]");
	TAP_EQ(lvd_efer_value(LVD_EFER_LME | LVD_EFER_LMA, 0), LVD_EFER_LME,
	       "EFER after a write keeps LMA = 0 [Vol. 4 Table 2-2: LMA read-only]");
}

static void test_canonical(void)
{
	static const struct {
		u64 addr;
		bool ok48, ok57;
	} addrs[] = {
		{ 0, true, true },
		{ 0x00007fffffffffffULL, true, true },
		{ 0x0000800000000000ULL, false, true },
		{ 0xffff7fffffffffffULL, false, true },
		{ 0xffff800000000000ULL, true, true },
		{ 0x00ffffffffffffffULL, false, true },
		{ 0x0100000000000000ULL, false, false },
		{ 0xfeffffffffffffffULL, false, false },
		{ 0xff00000000000000ULL, false, true },
		{ 0x8000000000000000ULL, false, false },
		{ ~0ULL, true, true },
	};
	static const struct {
		u32 msr;
		const char *name;
	} msrs[] = {
		{ LVD_MSR_IA32_DS_AREA, "IA32_DS_AREA" },
		{ LVD_MSR_IA32_FS_BASE, "IA32_FS_BASE" },
		{ LVD_MSR_IA32_GS_BASE, "IA32_GS_BASE" },
		{ LVD_MSR_IA32_KERNEL_GS_BASE, "IA32_KERNEL_GS_BASE" },
		{ LVD_MSR_IA32_LSTAR, "IA32_LSTAR" },
		{ LVD_MSR_IA32_SYSENTER_EIP, "IA32_SYSENTER_EIP" },
		{ LVD_MSR_IA32_SYSENTER_ESP, "IA32_SYSENTER_ESP" },
	};
	static const struct {
		u64 val;
		unsigned int ok;
	} vals[] = {
		{ 0xffffffff81000000ULL, LM64 },	/* canonical at 48 bits */
		{ 0x00ff800000000000ULL, SPR_UP },	/* canonical at 57 bits only */
		{ 0x8000000000000000ULL, 0 },
	};
	char what[96];
	unsigned int i, j, k;
	int c;

	for (i = 0; i < ARRAY_SIZE(addrs); i++) {
		TAP_EQ(lvd_is_canonical(addrs[i].addr, false), addrs[i].ok48,
		       "%#llx canonical at 48 bits: %d [Vol. 1 3.3.7.1]",
		       (unsigned long long)addrs[i].addr, addrs[i].ok48);
		TAP_EQ(lvd_is_canonical(addrs[i].addr, true), addrs[i].ok57,
		       "%#llx canonical at 57 bits: %d [Vol. 3A 4.5]",
		       (unsigned long long)addrs[i].addr, addrs[i].ok57);
	}
	for (i = 0; i < ARRAY_SIZE(msrs); i++)
		for (j = 0; j < ARRAY_SIZE(vals); j++) {
			snprintf(what, sizeof(what), "WRMSR %s = %#llx", msrs[i].name,
				 (unsigned long long)vals[j].val);
			for (k = 0; k < ARRAY_SIZE(cpus64); k++) {
				c = cpus64[k];
				expect(lvd_check_canonical_msr(&feat[c], msrs[i].msr, vals[j].val),
				       vals[j].ok & C(c) ? 0 : GP, cpus[c].name, what,
				       "Vol. 2D WRMSR: non-canonical address");
			}
		}
	for (c = 0; c < NCPU; c++) {
		expect(lvd_check_canonical_msr(&feat[c], LVD_MSR_IA32_CSTAR, 0x8000000000000000ULL),
		       0, cpus[c].name, "WRMSR IA32_CSTAR = 0x8000000000000000",
		       "Vol. 2D WRMSR: IA32_CSTAR is not on the list");
		expect(lvd_check_canonical_msr(&feat[c], LVD_MSR_IA32_STAR, 0x8000000000000000ULL),
		       0, cpus[c].name, "WRMSR IA32_STAR = 0x8000000000000000",
		       "Vol. 2D WRMSR: not an address MSR");
	}
}

static void test_pat(void)
{
	static const struct {
		const char *sdm;
		u64 val;
		int want;
	} rows[] = {
		{ "Vol. 3A 11.12.4: the power-up value", 0x0007040600070406ULL, 0 },
		{ "Vol. 3A Table 11-10: WB in every entry", 0x0606060606060606ULL, 0 },
		{ "Vol. 3A Table 11-10: UC- in every entry", 0x0707070707070707ULL, 0 },
		{ "Vol. 3A Table 11-10: UC, WC, WT, WP, WB, UC-", 0x0001040506070100ULL, 0 },
		{ "Vol. 3A Table 11-10: all UC", 0, 0 },
		{ "Vol. 3A 11.12.2: bits 7:3 of an entry reserved", 0x0606060606060608ULL, GP },
		{ "Vol. 3A 11.12.2: bits 7:3 of an entry reserved", 0x8606060606060606ULL, GP },
		{ "Vol. 3A 11.12.2: bits 7:3 of an entry reserved", 0x06060606f6060606ULL, GP },
		{ "Vol. 3A 11.12.2: bits 7:3 of an entry reserved", ~0ULL, GP },
	};
	char what[64];
	unsigned int i, e;

	for (i = 0; i < ARRAY_SIZE(rows); i++) {
		snprintf(what, sizeof(what), "WRMSR IA32_PAT = %#llx", (unsigned long long)rows[i].val);
		expect(lvd_check_pat(rows[i].val), rows[i].want, "", what, rows[i].sdm);
	}
	/* The reserved types 2 and 3 in each entry PA0..PA7. */
	for (e = 0; e < 8; e++) {
		u64 wb = 0x0606060606060606ULL & ~(0xffULL << (e * 8));

		snprintf(what, sizeof(what), "WRMSR IA32_PAT with PA%u = 2", e);
		expect(lvd_check_pat(wb | (2ULL << (e * 8))), GP, "", what,
		       "Vol. 3A Table 11-10: type 2 reserved");
		snprintf(what, sizeof(what), "WRMSR IA32_PAT with PA%u = 3", e);
		expect(lvd_check_pat(wb | (3ULL << (e * 8))), GP, "", what,
		       "Vol. 3A Table 11-10: type 3 reserved");
	}
}

#define PHYSBASE(n)	(LVD_MSR_IA32_MTRR_PHYSBASE0 + 2 * (n))
#define PHYSMASK(n)	(LVD_MSR_IA32_MTRR_PHYSMASK0 + 2 * (n))

static const struct {
	const char *sdm;
	u32 msr;
	const char *name;
	u64 val;
	unsigned int ok;	/* of NHM (36-bit), HSW (39), SPR (46), ALL (52) */
} mtrr_rows[] = {
	{ "Vol. 3A 11.11.2.1: MTRRs off", LVD_MSR_IA32_MTRR_DEF_TYPE, "DEF_TYPE", 0, LM64 },
	{ "Vol. 3A 11.11.2.1: E, FE, WB", LVD_MSR_IA32_MTRR_DEF_TYPE, "DEF_TYPE", 0xc06, LM64 },
	{ "Vol. 3A 11.11.2.1: E, UC", LVD_MSR_IA32_MTRR_DEF_TYPE, "DEF_TYPE", 0x800, LM64 },
	{ "Vol. 3A 11.11.2.1: E, WC", LVD_MSR_IA32_MTRR_DEF_TYPE, "DEF_TYPE", 0x801, LM64 },
	{ "Vol. 3A 11.11.2.1: E, WT", LVD_MSR_IA32_MTRR_DEF_TYPE, "DEF_TYPE", 0x804, LM64 },
	{ "Vol. 3A 11.11.2.1: E, WP", LVD_MSR_IA32_MTRR_DEF_TYPE, "DEF_TYPE", 0x805, LM64 },
	{ "Vol. 3A 11.11.2.1: FE only", LVD_MSR_IA32_MTRR_DEF_TYPE, "DEF_TYPE", 0x406, LM64 },
	{ "Vol. 3A Table 11-8: type 2 reserved", LVD_MSR_IA32_MTRR_DEF_TYPE, "DEF_TYPE", 0x802, 0 },
	{ "Vol. 3A Table 11-8: type 3 reserved", LVD_MSR_IA32_MTRR_DEF_TYPE, "DEF_TYPE", 0x803, 0 },
	{ "Vol. 3A Table 11-8: type 7 (UC-) is no MTRR type", LVD_MSR_IA32_MTRR_DEF_TYPE,
	  "DEF_TYPE", 0x807, 0 },
	{ "Vol. 3A Table 11-8: types above 7 reserved", LVD_MSR_IA32_MTRR_DEF_TYPE, "DEF_TYPE",
	  0x8ff, 0 },
	{ "Vol. 3A 11.11.2.1: bit 8 reserved", LVD_MSR_IA32_MTRR_DEF_TYPE, "DEF_TYPE", 0x906, 0 },
	{ "Vol. 3A 11.11.2.1: bit 9 reserved", LVD_MSR_IA32_MTRR_DEF_TYPE, "DEF_TYPE", 0xa06, 0 },
	{ "Vol. 3A 11.11.2.1: bit 12 reserved", LVD_MSR_IA32_MTRR_DEF_TYPE, "DEF_TYPE", 0x1c06, 0 },
	{ "Vol. 3A 11.11.2.1: bit 63 reserved", LVD_MSR_IA32_MTRR_DEF_TYPE, "DEF_TYPE",
	  BIT_ULL(63) | 0xc06, 0 },
	{ "Vol. 3A 11.11.2.3: WB at 2 GB", PHYSBASE(0), "PHYSBASE0", 0x80000006, LM64 },
	{ "Vol. 3A 11.11.2.3: UC at 0", PHYSBASE(0), "PHYSBASE0", 0, LM64 },
	{ "Vol. 3A Table 11-8: type 2 reserved", PHYSBASE(0), "PHYSBASE0", 0x80000002, 0 },
	{ "Vol. 3A Table 11-8: type 3 reserved", PHYSBASE(0), "PHYSBASE0", 0x80000003, 0 },
	{ "Vol. 3A Table 11-8: type 7 reserved", PHYSBASE(0), "PHYSBASE0", 0x80000007, 0 },
	{ "Vol. 3A 11.11.2.3: bit 8 reserved", PHYSBASE(0), "PHYSBASE0", 0x80000106, 0 },
	{ "Vol. 3A 11.11.2.3: bit 11 reserved", PHYSBASE(0), "PHYSBASE0", 0x80000806, 0 },
	{ "Vol. 3A 11.11.2.3: base bit 35 < MAXPHYADDR everywhere", PHYSBASE(0), "PHYSBASE0",
	  BIT_ULL(35) | 6, LM64 },
	{ "Vol. 3A 11.11.2.3: base bit 36 >= MAXPHYADDR 36", PHYSBASE(0), "PHYSBASE0",
	  BIT_ULL(36) | 6, HSW_UP },
	{ "Vol. 3A 11.11.2.3: base bit 39 >= MAXPHYADDR 39", PHYSBASE(0), "PHYSBASE0",
	  BIT_ULL(39) | 6, SPR_UP },
	{ "Vol. 3A 11.11.2.3: base bit 46 >= MAXPHYADDR 46", PHYSBASE(0), "PHYSBASE0",
	  BIT_ULL(46) | 6, C(ALL) },
	{ "Vol. 3A 11.11.2.3: base bit 52 above every MAXPHYADDR", PHYSBASE(0), "PHYSBASE0",
	  BIT_ULL(52) | 6, 0 },
	{ "Vol. 3A Table 11-8: type 7 reserved", PHYSBASE(9), "PHYSBASE9", 0x80000007, 0 },
	{ "Vol. 3A 11.11.2.3: WB", PHYSBASE(9), "PHYSBASE9", 0x80000006, LM64 },
	{ "Vol. 3A 11.11.2.3: range off", PHYSMASK(0), "PHYSMASK0", 0, LM64 },
	{ "Vol. 3A 11.11.2.3: 2 GB range, 36-bit mask", PHYSMASK(0), "PHYSMASK0",
	  0xf80000800ULL, LM64 },
	{ "Vol. 3A 11.11.2.3: mask bit 36 >= MAXPHYADDR 36", PHYSMASK(0), "PHYSMASK0",
	  0x7f80000800ULL, HSW_UP },
	{ "Vol. 3A 11.11.2.3: mask bit 45 >= MAXPHYADDR 39", PHYSMASK(0), "PHYSMASK0",
	  0x3fff80000800ULL, SPR_UP },
	{ "Vol. 3A 11.11.2.3: bit 10 reserved", PHYSMASK(0), "PHYSMASK0", 0xf80000c00ULL, 0 },
	{ "Vol. 3A 11.11.2.3: bit 0 reserved", PHYSMASK(0), "PHYSMASK0", 0xf80000801ULL, 0 },
	{ "Vol. 3A 11.11.2.3: bits 10:0 reserved", PHYSMASK(9), "PHYSMASK9", 0x7ff, 0 },
	{ "Vol. 3A 11.11.2.2: WB everywhere", LVD_MSR_IA32_MTRR_FIX64K_00000, "FIX64K_00000",
	  0x0606060606060606ULL, LM64 },
	{ "Vol. 3A 11.11.2.2: UC, WC, WT, WP, WB", LVD_MSR_IA32_MTRR_FIX64K_00000, "FIX64K_00000",
	  0x0504010006050401ULL, LM64 },
	{ "Vol. 3A Table 11-8: UC- is no MTRR type", LVD_MSR_IA32_MTRR_FIX64K_00000,
	  "FIX64K_00000", 0x0706060606060606ULL, 0 },
	{ "Vol. 3A Table 11-8: type 2 reserved", LVD_MSR_IA32_MTRR_FIX64K_00000, "FIX64K_00000",
	  0x0606060606060602ULL, 0 },
	{ "Vol. 3A Table 11-8: type 0x16 reserved", LVD_MSR_IA32_MTRR_FIX64K_00000,
	  "FIX64K_00000", 0x0606060606061606ULL, 0 },
	{ "not an MTRR: the caller's business", 0x214, "0x214", ~0ULL, LM64 },
	{ "not an MTRR: the caller's business", 0x251, "0x251", ~0ULL, LM64 },
	{ "not an MTRR: the caller's business", LVD_MSR_IA32_PAT, "IA32_PAT", ~0ULL, LM64 },
};

static void test_mtrr(void)
{
	static const u32 fixed[] = {
		LVD_MSR_IA32_MTRR_FIX64K_00000, LVD_MSR_IA32_MTRR_FIX16K_80000,
		LVD_MSR_IA32_MTRR_FIX16K_A0000, LVD_MSR_IA32_MTRR_FIX4K_C0000,
		LVD_MSR_IA32_MTRR_FIX4K_C0000 + 1, LVD_MSR_IA32_MTRR_FIX4K_C0000 + 2,
		LVD_MSR_IA32_MTRR_FIX4K_C0000 + 3, LVD_MSR_IA32_MTRR_FIX4K_C0000 + 4,
		LVD_MSR_IA32_MTRR_FIX4K_C0000 + 5, LVD_MSR_IA32_MTRR_FIX4K_C0000 + 6,
		LVD_MSR_IA32_MTRR_FIX4K_F8000,
	};
	char what[96];
	unsigned int i, k;
	int c;

	for (i = 0; i < ARRAY_SIZE(mtrr_rows); i++) {
		snprintf(what, sizeof(what), "WRMSR %s = %#llx", mtrr_rows[i].name,
			 (unsigned long long)mtrr_rows[i].val);
		for (k = 0; k < ARRAY_SIZE(cpus64); k++) {
			c = cpus64[k];
			expect(lvd_check_mtrr(&feat[c], mtrr_rows[i].msr, mtrr_rows[i].val),
			       mtrr_rows[i].ok & C(c) ? 0 : GP, cpus[c].name, what, mtrr_rows[i].sdm);
		}
	}
	for (i = 0; i < ARRAY_SIZE(fixed); i++) {
		snprintf(what, sizeof(what), "WRMSR %#x (fixed range) = WB x 8", fixed[i]);
		expect(lvd_check_mtrr(&feat[HSW], fixed[i], 0x0606060606060606ULL), 0,
		       cpus[HSW].name, what, "Vol. 3A 11.11.2.2, Table 11-9");
		snprintf(what, sizeof(what), "WRMSR %#x (fixed range) with UC- in byte 7", fixed[i]);
		expect(lvd_check_mtrr(&feat[HSW], fixed[i], 0x0706060606060606ULL), GP,
		       cpus[HSW].name, what, "Vol. 3A 11.11.2.2, Table 11-8");
	}
}

#define X87_SSE		(LVD_XCR0_X87 | LVD_XCR0_SSE)
#define X87_AVX		(X87_SSE | LVD_XCR0_AVX)
#define AVX512		(LVD_XCR0_OPMASK | LVD_XCR0_ZMM_HI256 | LVD_XCR0_HI16_ZMM)
#define AMX		(LVD_XCR0_XTILECFG | LVD_XCR0_XTILEDATA)
#define MPX		(LVD_XCR0_BNDREGS | LVD_XCR0_BNDCSR)
#define XSAVE_CPUS	HSW_UP

static const struct {
	const char *sdm;
	const char *what;
	u32 index;
	u64 val, cr4;
	unsigned int run, ok;
	int bad;
} xsetbv_rows[] = {
	{ "Vol. 2D XSETBV: #UD if CR4.OSXSAVE = 0", "XCR0 = x87|SSE, CR4.OSXSAVE = 0",
	  0, X87_SSE, 0, EVERY, 0, UD },
	{ "Vol. 2D XSETBV: #UD before #GP", "ECX = 1, CR4.OSXSAVE = 0",
	  1, 0, 0, EVERY, 0, UD },
	{ "Vol. 2D XSETBV: #UD if CPUID.1:ECX.XSAVE = 0", "XCR0 = x87",
	  0, LVD_XCR0_X87, LVD_CR4_OSXSAVE, EVERY, XSAVE_CPUS, UD },
	{ "Vol. 2D XSETBV: ECX must name XCR0", "ECX = 1",
	  1, LVD_XCR0_X87, LVD_CR4_OSXSAVE, XSAVE_CPUS, 0, GP },
	{ "Vol. 2D XSETBV: ECX must name XCR0", "ECX = 0xffffffff",
	  0xffffffff, LVD_XCR0_X87, LVD_CR4_OSXSAVE, XSAVE_CPUS, 0, GP },
	{ "Vol. 1 13.3: x87 alone", "XCR0 = x87",
	  0, LVD_XCR0_X87, LVD_CR4_OSXSAVE, XSAVE_CPUS, XSAVE_CPUS, GP },
	{ "Vol. 1 13.3: x87 and SSE", "XCR0 = x87|SSE",
	  0, X87_SSE, LVD_CR4_OSXSAVE, XSAVE_CPUS, XSAVE_CPUS, GP },
	{ "Vol. 1 13.3: bit 0 must be 1", "XCR0 = SSE",
	  0, LVD_XCR0_SSE, LVD_CR4_OSXSAVE, XSAVE_CPUS, 0, GP },
	{ "Vol. 1 13.3: bit 0 must be 1", "XCR0 = 0",
	  0, 0, LVD_CR4_OSXSAVE, XSAVE_CPUS, 0, GP },
	{ "Vol. 1 13.3: bit 0 must be 1", "XCR0 = SSE|AVX",
	  0, LVD_XCR0_SSE | LVD_XCR0_AVX, LVD_CR4_OSXSAVE, XSAVE_CPUS, 0, GP },
	{ "Vol. 1 13.3: AVX with SSE", "XCR0 = x87|SSE|AVX (Linux on Haswell)",
	  0, X87_AVX, LVD_CR4_OSXSAVE, XSAVE_CPUS, XSAVE_CPUS, GP },
	{ "Vol. 1 13.3: AVX needs SSE", "XCR0 = x87|AVX",
	  0, LVD_XCR0_X87 | LVD_XCR0_AVX, LVD_CR4_OSXSAVE, XSAVE_CPUS, 0, GP },
	{ "Vol. 1 13.3: AVX-512 all three with AVX", "XCR0 = x87|SSE|AVX|AVX-512",
	  0, X87_AVX | AVX512, LVD_CR4_OSXSAVE, XSAVE_CPUS, SPR_UP, GP },
	{ "Vol. 1 13.3: AVX-512 all or none", "XCR0 = x87|SSE|AVX|opmask",
	  0, X87_AVX | LVD_XCR0_OPMASK, LVD_CR4_OSXSAVE, XSAVE_CPUS, 0, GP },
	{ "Vol. 1 13.3: AVX-512 all or none", "XCR0 = x87|SSE|AVX|ZMM_Hi256",
	  0, X87_AVX | LVD_XCR0_ZMM_HI256, LVD_CR4_OSXSAVE, XSAVE_CPUS, 0, GP },
	{ "Vol. 1 13.3: AVX-512 all or none", "XCR0 = x87|SSE|AVX|Hi16_ZMM",
	  0, X87_AVX | LVD_XCR0_HI16_ZMM, LVD_CR4_OSXSAVE, XSAVE_CPUS, 0, GP },
	{ "Vol. 1 13.3: AVX-512 all or none", "XCR0 = x87|SSE|AVX|opmask|ZMM_Hi256",
	  0, X87_AVX | LVD_XCR0_OPMASK | LVD_XCR0_ZMM_HI256, LVD_CR4_OSXSAVE, XSAVE_CPUS, 0, GP },
	{ "Vol. 1 13.3: AVX-512 all or none", "XCR0 = x87|SSE|AVX|ZMM_Hi256|Hi16_ZMM",
	  0, X87_AVX | LVD_XCR0_ZMM_HI256 | LVD_XCR0_HI16_ZMM, LVD_CR4_OSXSAVE, XSAVE_CPUS, 0, GP },
	{ "Vol. 1 13.3: AVX-512 needs AVX", "XCR0 = x87|SSE|AVX-512",
	  0, X87_SSE | AVX512, LVD_CR4_OSXSAVE, XSAVE_CPUS, 0, GP },
	{ "Vol. 1 13.3: PKRU where enumerated", "XCR0 = x87|SSE|AVX|PKRU",
	  0, X87_AVX | LVD_XCR0_PKRU, LVD_CR4_OSXSAVE, XSAVE_CPUS, SPR_UP, GP },
	{ "Vol. 1 13.3: AMX both components", "XCR0 = x87|SSE|AVX|XTILECFG|XTILEDATA",
	  0, X87_AVX | AMX, LVD_CR4_OSXSAVE, XSAVE_CPUS, SPR_UP, GP },
	{ "Vol. 1 13.3: every Sapphire Rapids component", "XCR0 = 0x602e7",
	  0, X87_AVX | AVX512 | LVD_XCR0_PKRU | AMX, LVD_CR4_OSXSAVE, XSAVE_CPUS, SPR_UP, GP },
	{ "Vol. 1 13.3: XTILECFG and XTILEDATA together", "XCR0 = x87|SSE|AVX|XTILECFG",
	  0, X87_AVX | LVD_XCR0_XTILECFG, LVD_CR4_OSXSAVE, XSAVE_CPUS, 0, GP },
	{ "Vol. 1 13.3: XTILECFG and XTILEDATA together", "XCR0 = x87|SSE|AVX|XTILEDATA",
	  0, X87_AVX | LVD_XCR0_XTILEDATA, LVD_CR4_OSXSAVE, XSAVE_CPUS, 0, GP },
	{ "Vol. 1 13.3: MPX both components, where enumerated", "XCR0 = x87|SSE|AVX|BNDREGS|BNDCSR",
	  0, X87_AVX | MPX, LVD_CR4_OSXSAVE, XSAVE_CPUS, C(ALL), GP },
	{ "Vol. 1 13.3: BNDREGS and BNDCSR together", "XCR0 = x87|SSE|AVX|BNDREGS",
	  0, X87_AVX | LVD_XCR0_BNDREGS, LVD_CR4_OSXSAVE, XSAVE_CPUS, 0, GP },
	{ "Vol. 1 13.3: BNDREGS and BNDCSR together", "XCR0 = x87|SSE|AVX|BNDCSR",
	  0, X87_AVX | LVD_XCR0_BNDCSR, LVD_CR4_OSXSAVE, XSAVE_CPUS, 0, GP },
	{ "Vol. 1 13.2: PT is supervisor state (IA32_XSS)", "XCR0 = x87|SSE|AVX|bit 8 (PT)",
	  0, X87_AVX | BIT_ULL(8), LVD_CR4_OSXSAVE, XSAVE_CPUS, 0, GP },
	{ "Vol. 1 13.2: CET_U is supervisor state", "XCR0 = x87|SSE|AVX|bit 11 (CET_U)",
	  0, X87_AVX | BIT_ULL(11), LVD_CR4_OSXSAVE, XSAVE_CPUS, 0, GP },
	{ "Vol. 1 13.2: CET_S is supervisor state", "XCR0 = x87|SSE|AVX|bit 12 (CET_S)",
	  0, X87_AVX | BIT_ULL(12), LVD_CR4_OSXSAVE, XSAVE_CPUS, 0, GP },
	{ "Vol. 1 13.2: HWP is supervisor state", "XCR0 = x87|SSE|AVX|bit 16 (HWP)",
	  0, X87_AVX | BIT_ULL(16), LVD_CR4_OSXSAVE, XSAVE_CPUS, 0, GP },
	{ "Vol. 1 13.1: bit 63 reserved", "XCR0 = x87|SSE|AVX|bit 63",
	  0, X87_AVX | BIT_ULL(63), LVD_CR4_OSXSAVE, XSAVE_CPUS, 0, GP },
	{ "Vol. 2D XSETBV: bits not enumerated by 0DH:EDX are reserved", "XCR0 = x87|SSE|AVX|bit 32",
	  0, X87_AVX | BIT_ULL(32), LVD_CR4_OSXSAVE, C(HSW) | C(SPR), 0, GP },
};

static void test_xsetbv(void)
{
	unsigned int i;
	int c;

	for (i = 0; i < ARRAY_SIZE(xsetbv_rows); i++)
		for (c = 0; c < NCPU; c++) {
			if (!(xsetbv_rows[i].run & C(c)))
				continue;
			expect(lvd_check_xsetbv(&feat[c], xsetbv_rows[i].index, xsetbv_rows[i].val,
						xsetbv_rows[i].cr4),
			       xsetbv_rows[i].ok & C(c) ? 0 : xsetbv_rows[i].bad, cpus[c].name,
			       xsetbv_rows[i].what, xsetbv_rows[i].sdm);
		}
	expect(lvd_check_xsetbv(&feat[ALL], 0, feat[ALL].xcr0_supported, LVD_CR4_OSXSAVE), 0,
	       cpus[ALL].name, "XCR0 = every component the CPU enumerates",
	       "Vol. 1 13.3: enumerated user components go together");
}

int main(void)
{
	test_features();
	test_cr4();
	test_cr0();
	test_efer();
	test_canonical();
	test_pat();
	test_mtrr();
	test_xsetbv();
	return tap_done();
}
