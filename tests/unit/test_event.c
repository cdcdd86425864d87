// SPDX-License-Identifier: GPL-2.0
/*
 * tests/unit/test_event.c - an exception injected after an exit that
 * interrupted the delivery of another event is combined with it as the CPU
 * would (SDM Vol. 3A 6.15, Tables 6-4 and 6-5).
 */
// unit-deps: hypervisor/event.c
#include <stdio.h>
#include <lvd/compat.h>
#include <lvd/hw/vmcs.h>
#include "../../hypervisor/event.h"
#include "tap.h"

#define info(type, vector) \
	(LVD_INTR_INFO_VALID | ((u64)(type) << LVD_INTR_INFO_TYPE_SHIFT) | (vector))

#define HW(v)	info(LVD_INTR_TYPE_HW_EXCEPTION, (v))

int main(void)
{
	static const struct {
		u64 first;
		unsigned int second;
		enum lvd_event_outcome want;
		const char *rule;
	} t[] = {
		{ 0, LVD_VECTOR_GP, LVD_EVENT_DELIVER, "nothing being delivered" },
		{ HW(LVD_VECTOR_GP) & ~LVD_INTR_INFO_VALID, LVD_VECTOR_GP, LVD_EVENT_DELIVER,
		  "vectoring information not valid" },
		{ HW(LVD_VECTOR_DB), LVD_VECTOR_GP, LVD_EVENT_DELIVER, "benign then contributory: serial" },
		{ HW(LVD_VECTOR_BP), LVD_VECTOR_PF, LVD_EVENT_DELIVER, "benign then page fault: serial" },
		{ HW(LVD_VECTOR_UD), LVD_VECTOR_GP, LVD_EVENT_DELIVER, "#UD is benign" },
		{ HW(LVD_VECTOR_MC), LVD_VECTOR_GP, LVD_EVENT_DELIVER, "#MC is benign" },
		{ HW(LVD_VECTOR_GP), LVD_VECTOR_GP, LVD_EVENT_DOUBLE_FAULT, "contributory then contributory: #DF" },
		{ HW(LVD_VECTOR_DE), LVD_VECTOR_NP, LVD_EVENT_DOUBLE_FAULT, "#DE then #NP: #DF" },
		{ HW(LVD_VECTOR_TS), LVD_VECTOR_SS, LVD_EVENT_DOUBLE_FAULT, "#TS then #SS: #DF" },
		{ HW(LVD_VECTOR_CP), LVD_VECTOR_GP, LVD_EVENT_DOUBLE_FAULT, "#CP is contributory" },
		{ HW(LVD_VECTOR_GP), LVD_VECTOR_PF, LVD_EVENT_DELIVER, "contributory then page fault: serial" },
		{ HW(LVD_VECTOR_GP), LVD_VECTOR_UD, LVD_EVENT_DELIVER, "contributory then benign: serial" },
		{ HW(LVD_VECTOR_PF), LVD_VECTOR_PF, LVD_EVENT_DOUBLE_FAULT, "page fault then page fault: #DF" },
		{ HW(LVD_VECTOR_PF), LVD_VECTOR_GP, LVD_EVENT_DOUBLE_FAULT, "page fault then contributory: #DF" },
		{ HW(LVD_VECTOR_VE), LVD_VECTOR_GP, LVD_EVENT_DOUBLE_FAULT, "#VE is in the page-fault class" },
		{ HW(LVD_VECTOR_PF), LVD_VECTOR_DB, LVD_EVENT_DELIVER, "page fault then benign: serial" },
		{ HW(LVD_VECTOR_DF), LVD_VECTOR_GP, LVD_EVENT_SHUTDOWN, "#DF then contributory: shutdown" },
		{ HW(LVD_VECTOR_DF), LVD_VECTOR_PF, LVD_EVENT_SHUTDOWN, "#DF then page fault: shutdown" },
		{ HW(LVD_VECTOR_DF), LVD_VECTOR_UD, LVD_EVENT_DELIVER, "#DF then benign: serial" },
		{ info(LVD_INTR_TYPE_EXT_INTR, 0xec), LVD_VECTOR_GP, LVD_EVENT_HOLD,
		  "external interrupt: accepted, must be delivered after the #GP" },
		{ info(LVD_INTR_TYPE_NMI, LVD_VECTOR_NMI), LVD_VECTOR_GP, LVD_EVENT_HOLD,
		  "NMI: must be delivered after the #GP" },
		{ info(LVD_INTR_TYPE_SW_INTR, 0x80), LVD_VECTOR_GP, LVD_EVENT_DELIVER,
		  "INT n: runs again after the handler" },
		{ info(LVD_INTR_TYPE_SW_EXCEPTION, LVD_VECTOR_BP), LVD_VECTOR_PF, LVD_EVENT_DELIVER,
		  "INT3: runs again after the handler" },
		{ info(LVD_INTR_TYPE_PRIV_SW_EXCEPTION, LVD_VECTOR_DB), LVD_VECTOR_GP, LVD_EVENT_DELIVER,
		  "INT1: runs again after the handler" },
	};
	size_t i;

	for (i = 0; i < ARRAY_SIZE(t); i++)
		TAP_EQ(lvd_event_combine(t[i].first, t[i].second), t[i].want, "%s", t[i].rule);
	return tap_done();
}
