// SPDX-License-Identifier: GPL-2.0
/*
 * tests/unit/test_mtrr.c - memory types from fixed and variable MTRRs
 * (SDM Vol. 3A 11.11), including overlap precedence and ranges that only
 * partly match a variable range.
 */
// unit-deps: hypervisor/mtrr.c
#include <stdio.h>
#include <lvd/compat.h>
#include <lvd/hw/msr.h>
#include <lvd/hw/vmx.h>
#include "../../hypervisor/mtrr.h"
#include "tap.h"

#define MB (1ULL << 20)
#define GB (1ULL << 30)

static void set_var(struct lvd_mtrr *m, unsigned int i, u64 base, u64 size, int type)
{
	m->var[i].base = base | type;
	m->var[i].mask = (~(size - 1) & m->phys_mask) | LVD_MTRR_PHYSMASK_VALID;
	if (m->nvar <= i)
		m->nvar = i + 1;
}

/* A PC: WB below 1 MB except UC video memory at 0xa0000-0xbffff and WP ROM
 * at 0xc0000-0xc7fff; variable: WB 0-4 GB, UC 3.5 GB-4 GB; default UC. */
static void pc(struct lvd_mtrr *m)
{
	u64 fixed[LVD_MTRR_NUM_FIXED_MSRS];
	int i;

	memset(m, 0, sizeof(*m));
	m->enabled = true;
	m->fixed_enabled = true;
	m->def_type = LVD_MEMTYPE_UC;
	m->phys_mask = (1ULL << 40) - 1;
	for (i = 0; i < LVD_MTRR_NUM_FIXED_MSRS; i++)
		fixed[i] = 0x0606060606060606ULL;
	fixed[2] = 0;					/* 0xa0000-0xbffff UC */
	fixed[3] = 0x0505050505050505ULL;		/* 0xc0000-0xc7fff WP */
	lvd_mtrr_set_fixed(m, fixed);
	set_var(m, 0, 0, 4 * GB, LVD_MEMTYPE_WB);
	set_var(m, 1, 3 * GB + 512 * MB, 512 * MB, LVD_MEMTYPE_UC);
}

int main(void)
{
	struct lvd_mtrr m;

	pc(&m);
	TAP_EQ(lvd_mtrr_type(&m, 0, 0x1000), LVD_MEMTYPE_WB, "first page WB by fixed range");
	TAP_EQ(lvd_mtrr_type(&m, 0, 0x80000), LVD_MEMTYPE_WB, "64 KB fixed ranges together WB");
	TAP_EQ(lvd_mtrr_type(&m, 0xa0000, 0xc0000), LVD_MEMTYPE_UC, "video memory UC");
	TAP_EQ(lvd_mtrr_type(&m, 0xc0000, 0xc1000), LVD_MEMTYPE_WP, "option ROM WP");
	TAP_EQ(lvd_mtrr_type(&m, 0x9f000, 0xa1000), LVD_MTRR_MIXED, "WB/UC boundary at 0xa0000 is mixed");
	TAP_EQ(lvd_mtrr_type(&m, 0, 2 * MB), LVD_MTRR_MIXED, "first 2 MB is mixed");
	TAP_EQ(lvd_mtrr_type(&m, 2 * MB, 4 * MB), LVD_MEMTYPE_WB, "2-4 MB WB by variable range");
	TAP_EQ(lvd_mtrr_type(&m, 1 * GB, 2 * GB), LVD_MEMTYPE_WB, "second GB WB");
	TAP_EQ(lvd_mtrr_type(&m, 3 * GB, 4 * GB), LVD_MTRR_MIXED, "fourth GB mixed (UC hole at 3.5 GB)");
	TAP_EQ(lvd_mtrr_type(&m, 3 * GB + 512 * MB, 4 * GB), LVD_MEMTYPE_UC,
	       "UC overlapping WB wins");
	TAP_EQ(lvd_mtrr_type(&m, 0xfee00000, 0xfee01000), LVD_MEMTYPE_UC, "local APIC page UC");
	TAP_EQ(lvd_mtrr_type(&m, 4 * GB, 5 * GB), LVD_MEMTYPE_UC, "above 4 GB: default type");
	TAP_EQ(lvd_mtrr_type(&m, 3 * GB + 510 * MB, 3 * GB + 514 * MB), LVD_MTRR_MIXED,
	       "2 MB-aligned range straddling the UC range start is mixed");

	/* Overlap precedence. */
	set_var(&m, 2, 8 * GB, 1 * GB, LVD_MEMTYPE_WB);
	set_var(&m, 3, 8 * GB, 2 * MB, LVD_MEMTYPE_WT);
	TAP_EQ(lvd_mtrr_type(&m, 8 * GB, 8 * GB + 2 * MB), LVD_MEMTYPE_WT, "WT over WB gives WT");
	TAP_EQ(lvd_mtrr_type(&m, 8 * GB + 2 * MB, 8 * GB + 4 * MB), LVD_MEMTYPE_WB,
	       "past the WT range, WB again");
	set_var(&m, 4, 8 * GB, 4 * MB, LVD_MEMTYPE_WC);
	TAP_EQ(lvd_mtrr_type(&m, 8 * GB, 8 * GB + 2 * MB), LVD_MEMTYPE_UC,
	       "WC over WT/WB is undefined: UC");

	/* Disabled variable range is ignored. */
	pc(&m);
	m.var[1].mask &= ~LVD_MTRR_PHYSMASK_VALID;
	TAP_EQ(lvd_mtrr_type(&m, 3 * GB, 4 * GB), LVD_MEMTYPE_WB, "invalid variable range ignored");

	/* Fixed ranges disabled: variable ranges decide below 1 MB too. */
	pc(&m);
	m.fixed_enabled = false;
	TAP_EQ(lvd_mtrr_type(&m, 0, 2 * MB), LVD_MEMTYPE_WB, "FE clear: first 2 MB WB");

	/* MTRRs disabled: all UC. */
	m.enabled = false;
	TAP_EQ(lvd_mtrr_type(&m, 0, 4 * GB), LVD_MEMTYPE_UC, "E clear: everything UC");

	/* Non-contiguous mask: matches 0-1 MB of every 4 MB block. */
	pc(&m);
	m.nvar = 0;
	m.fixed_enabled = false;
	m.def_type = LVD_MEMTYPE_WB;
	m.var[0].base = LVD_MEMTYPE_UC;
	m.var[0].mask = (3 * MB) | LVD_MTRR_PHYSMASK_VALID;
	m.nvar = 1;
	TAP_EQ(lvd_mtrr_type(&m, 0, 1 * MB), LVD_MEMTYPE_UC, "non-contiguous mask: 0-1 MB UC");
	TAP_EQ(lvd_mtrr_type(&m, 5 * MB, 5 * MB + 4096), LVD_MEMTYPE_WB,
	       "non-contiguous mask: 5 MB page WB");
	TAP_EQ(lvd_mtrr_type(&m, 4 * MB, 4 * MB + 4096), LVD_MEMTYPE_UC,
	       "non-contiguous mask: 4 MB page UC (aliased)");
	TAP_EQ(lvd_mtrr_type(&m, 4 * MB, 6 * MB), LVD_MTRR_MIXED,
	       "non-contiguous mask over 2 MB: mixed");

	TAP_OK(!strcmp(lvd_memtype_name(LVD_MEMTYPE_WB), "WB") &&
	       !strcmp(lvd_memtype_name(LVD_MTRR_MIXED), "mixed") &&
	       !strcmp(lvd_memtype_name(3), "reserved"), "memory type names");
	TAP_EQ(lvd_mtrr_type(&m, 8192, 4096), LVD_MTRR_MIXED, "empty range is not a type");
	return tap_done();
}
