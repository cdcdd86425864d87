// SPDX-License-Identifier: GPL-2.0
/*
 * tests/unit/test_segment.c - GDT descriptors become the VMCS segment
 * fields VM entry accepts (SDM Vol. 3C 26.3.1.2).
 */
// unit-deps: hypervisor/segment.c
#include <stdio.h>
#include <lvd/compat.h>
#include <lvd/hw/seg.h>
#include "../../hypervisor/segment.h"
#include "tap.h"

/* Linux 6.1's x86-64 GDT layout (arch/x86/include/asm/segment.h values). */
static u64 gdt[16] = {
	[0] = 0,
	[1] = 0x00cf9b000000ffffULL,	/* __KERNEL32_CS */
	[2] = 0x00af9b000000ffffULL,	/* __KERNEL_CS: 64-bit code, accessed */
	[3] = 0x00cf93000000ffffULL,	/* __KERNEL_DS */
	[4] = 0x00cffb000000ffffULL,	/* __USER32_CS */
	[5] = 0x00cff3000000ffffULL,	/* __USER_DS */
	[6] = 0x00affb000000ffffULL,	/* __USER_CS */
	/* [8],[9]: 64-bit TSS, filled in main() */
	[10] = 0x0000820012340fffULL,	/* LDT at 0x1234 limit 0xfff, 16 bytes */
	[11] = 0x00000000ffff8880ULL,
	[12] = 0x00cf13000000ffffULL,	/* data, not present */
	[13] = 0x00cf92000000ffffULL,	/* data without the accessed bit */
};

int main(void)
{
	struct lvd_segment s;
	int ret;

	/* TSS descriptor: base 0xfffffe0000003000, limit 0x206f, type 11. */
	gdt[8] = 0x206fULL |				/* limit 15:0 */
		 (0x003000ULL << 16) |			/* base 23:0 */
		 (0x8bULL << 40) |			/* P, DPL 0, busy TSS */
		 (0x00ULL << 56);			/* base 31:24 */
	gdt[9] = 0xfffffe00ULL;				/* base 63:32 */

	ret = lvd_seg_from_gdt(0x10, gdt, sizeof(gdt) - 1, &s);
	TAP_OK(ret == 0, "kernel CS converts");
	TAP_EQ(s.ar, 0xa09b, "kernel CS access rights: G, L, P, code accessed");
	TAP_EQ(s.limit, 0xffffffff, "kernel CS limit scaled by G");
	TAP_EQ(s.base, 0, "kernel CS base 0");

	lvd_seg_from_gdt(0x18, gdt, sizeof(gdt) - 1, &s);
	TAP_EQ(s.ar, 0xc093, "kernel DS access rights: G, D/B, P, data accessed");
	lvd_seg_from_gdt(0x2b, gdt, sizeof(gdt) - 1, &s);
	TAP_EQ(s.ar, 0xc0f3, "user DS (RPL 3) has DPL 3");
	TAP_EQ(lvd_seg_cpl(s.ar), 3, "CPL from a DPL-3 SS is 3");

	ret = lvd_seg_from_gdt(0x40, gdt, sizeof(gdt) - 1, &s);
	TAP_OK(ret == 0, "TSS converts");
	TAP_EQ(s.base, 0xfffffe0000003000ULL, "TSS base takes 63:32 from the upper slot");
	TAP_EQ(s.limit, 0x206f, "TSS limit byte-granular");
	TAP_EQ(s.ar, 0x8b, "TSS access rights: busy 64-bit TSS, present, no accessed bit added");

	ret = lvd_seg_from_gdt(0x50, gdt, sizeof(gdt) - 1, &s);
	TAP_OK(ret == 0 && s.base == 0xffff888000001234ULL && s.ar == 0x82 && s.limit == 0xfff,
	       "LDT descriptor: 16-byte base %#llx ar %#x", (unsigned long long)s.base, s.ar);

	lvd_seg_from_gdt(0, gdt, sizeof(gdt) - 1, &s);
	TAP_EQ(s.ar, LVD_AR_UNUSABLE, "null selector is unusable with DPL 0");
	lvd_seg_from_gdt(3, gdt, sizeof(gdt) - 1, &s);
	TAP_EQ(s.ar, LVD_AR_UNUSABLE | (3 << LVD_AR_DPL_SHIFT), "null selector keeps RPL as DPL");

	lvd_seg_from_gdt(0x60, gdt, sizeof(gdt) - 1, &s);
	TAP_OK(s.ar & LVD_AR_UNUSABLE, "not-present descriptor is unusable");
	lvd_seg_from_gdt(0x68, gdt, sizeof(gdt) - 1, &s);
	TAP_EQ(s.ar, 0xc093, "accessed bit set as the CPU would on load");

	TAP_OK(lvd_seg_from_gdt(0x14, gdt, sizeof(gdt) - 1, &s) == -EINVAL,
	       "LDT selector (TI=1) refused");
	TAP_OK(lvd_seg_from_gdt(0x80, gdt, sizeof(gdt) - 1, &s) == -EINVAL,
	       "selector past the GDT limit refused");
	TAP_OK(lvd_seg_from_gdt(0x40, gdt, 0x47, &s) == -EINVAL,
	       "16-byte descriptor cut by the GDT limit refused");
	return tap_done();
}
