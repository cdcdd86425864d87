// SPDX-License-Identifier: GPL-2.0
/*
 * hypervisor/event.c - combine an exception with the event whose delivery
 * it interrupted, as the CPU does (SDM Vol. 3A 6.15). See event.h.
 */
#include <lvd/compat.h>
#include <lvd/hw/cpu.h>
#include <lvd/hw/vmcs.h>
#include "event.h"

enum exc_class { EXC_BENIGN, EXC_CONTRIBUTORY, EXC_PAGE_FAULT, EXC_DOUBLE_FAULT };

/* The classes of Table 6-4; every other vector is benign. */
static lvd_root enum exc_class exc_class(unsigned int vector)
{
	switch (vector) {
	case LVD_VECTOR_DE:
	case LVD_VECTOR_TS:
	case LVD_VECTOR_NP:
	case LVD_VECTOR_SS:
	case LVD_VECTOR_GP:
	case LVD_VECTOR_CP:
		return EXC_CONTRIBUTORY;
	case LVD_VECTOR_PF:
	case LVD_VECTOR_VE:
		return EXC_PAGE_FAULT;
	case LVD_VECTOR_DF:
		return EXC_DOUBLE_FAULT;
	}
	return EXC_BENIGN;
}

/**
 * lvd_event_combine() - what the CPU delivers when exception @vector
 * arises while it delivers the event in @vectoring_info
 * @vectoring_info: the IDT-vectoring information field of the exit
 *		    (interruption-information format, SDM Vol. 3C 24.9.3)
 * @vector: the exception the hypervisor is about to inject
 *
 * Return: the outcome; see &enum lvd_event_outcome.
 */
lvd_root enum lvd_event_outcome lvd_event_combine(u64 vectoring_info, unsigned int vector)
{
	unsigned int type = (vectoring_info & LVD_INTR_INFO_TYPE_MASK) >> LVD_INTR_INFO_TYPE_SHIFT;
	enum exc_class first, second = exc_class(vector);

	if (!(vectoring_info & LVD_INTR_INFO_VALID))
		return LVD_EVENT_DELIVER;
	if (type == LVD_INTR_TYPE_EXT_INTR || type == LVD_INTR_TYPE_NMI)
		return LVD_EVENT_HOLD;
	if (type != LVD_INTR_TYPE_HW_EXCEPTION)
		return LVD_EVENT_DELIVER;
	first = exc_class(vectoring_info & LVD_INTR_INFO_VECTOR_MASK);
	if (first == EXC_DOUBLE_FAULT)
		return second == EXC_CONTRIBUTORY || second == EXC_PAGE_FAULT ?
		       LVD_EVENT_SHUTDOWN : LVD_EVENT_DELIVER;
	if (first == EXC_CONTRIBUTORY && second == EXC_CONTRIBUTORY)
		return LVD_EVENT_DOUBLE_FAULT;
	if (first == EXC_PAGE_FAULT && (second == EXC_CONTRIBUTORY || second == EXC_PAGE_FAULT))
		return LVD_EVENT_DOUBLE_FAULT;
	return LVD_EVENT_DELIVER;
}
