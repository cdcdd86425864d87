/* SPDX-License-Identifier: GPL-2.0 */
/*
 * hypervisor/event.h - which event a CPU delivers when an exception arises
 * while it delivers another (SDM Vol. 3A 6.15, Table 6-5 "Conditions for
 * Generating a Double Fault"). The exit handler injects an exception after
 * an exit that interrupted the delivery of an event (IDT-vectoring
 * information valid, SDM Vol. 3C 27.2.4) and must combine the two as the
 * CPU would. Pure logic, unit-tested in tests/unit/test_event.c.
 */
#ifndef LVD_HV_EVENT_H
#define LVD_HV_EVENT_H

#include <lvd/compat.h>

/**
 * enum lvd_event_outcome - what to deliver at the next VM entry
 * @LVD_EVENT_DELIVER:	the new exception alone: nothing was being
 *			delivered, or the CPU handles the two serially (a
 *			benign first exception; a software interrupt or
 *			exception, whose instruction runs again after the
 *			handler returns)
 * @LVD_EVENT_DOUBLE_FAULT: #DF with error code 0 instead
 * @LVD_EVENT_SHUTDOWN:	a fault while delivering #DF: the CPU shuts down
 *			(triple fault)
 * @LVD_EVENT_HOLD:	the new exception now, and the interrupted
 *			external interrupt or NMI once the guest can take
 *			it: it was already accepted and must not be lost
 */
enum lvd_event_outcome {
	LVD_EVENT_DELIVER,
	LVD_EVENT_DOUBLE_FAULT,
	LVD_EVENT_SHUTDOWN,
	LVD_EVENT_HOLD,
};

enum lvd_event_outcome lvd_event_combine(u64 vectoring_info, unsigned int vector);

#endif /* LVD_HV_EVENT_H */
