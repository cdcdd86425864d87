/* SPDX-License-Identifier: GPL-2.0 */
/*
 * kernel/lvd_dom_trace.h - lvd_dom's tracepoints, trace system "lvd_dom"
 * (tracefs events/lvd_dom/, perf list): domains loaded, stopped and
 * destroyed, calls and upcalls. Off by default; a tracepoint that is off
 * costs a patched-out jump.
 */
#undef TRACE_SYSTEM
#define TRACE_SYSTEM lvd_dom

#if !defined(LVD_DOM_TRACE_H) || defined(TRACE_HEADER_MULTI_READ)
#define LVD_DOM_TRACE_H

#include <linux/tracepoint.h>

TRACE_EVENT(lvd_dom_load,
	TP_PROTO(const char *name, unsigned int slot, unsigned int pages),
	TP_ARGS(name, slot, pages),
	TP_STRUCT__entry(
		__string(name, name)
		__field(unsigned int, slot)
		__field(unsigned int, pages)
	),
	TP_fast_assign(
		__assign_str(name, name);
		__entry->slot = slot;
		__entry->pages = pages;
	),
	TP_printk("name=%s slot=%u pages=%u", __get_str(name), __entry->slot, __entry->pages)
);

TRACE_EVENT(lvd_dom_stop,
	TP_PROTO(const char *name, unsigned int slot, u32 reason, u32 detail, u64 rip),
	TP_ARGS(name, slot, reason, detail, rip),
	TP_STRUCT__entry(
		__string(name, name)
		__field(unsigned int, slot)
		__field(u32, reason)
		__field(u32, detail)
		__field(u64, rip)
	),
	TP_fast_assign(
		__assign_str(name, name);
		__entry->slot = slot;
		__entry->reason = reason;
		__entry->detail = detail;
		__entry->rip = rip;
	),
	TP_printk("name=%s slot=%u reason=%u detail=%u rip=%#llx", __get_str(name),
		  __entry->slot, __entry->reason, __entry->detail, __entry->rip)
);

TRACE_EVENT(lvd_dom_destroy,
	TP_PROTO(const char *name, unsigned int slot),
	TP_ARGS(name, slot),
	TP_STRUCT__entry(
		__string(name, name)
		__field(unsigned int, slot)
	),
	TP_fast_assign(
		__assign_str(name, name);
		__entry->slot = slot;
	),
	TP_printk("name=%s slot=%u", __get_str(name), __entry->slot)
);

TRACE_EVENT(lvd_dom_call,
	TP_PROTO(unsigned int slot, unsigned long fn, int err, u64 ret),
	TP_ARGS(slot, fn, err, ret),
	TP_STRUCT__entry(
		__field(unsigned int, slot)
		__field(unsigned long, fn)
		__field(int, err)
		__field(u64, ret)
	),
	TP_fast_assign(
		__entry->slot = slot;
		__entry->fn = fn;
		__entry->err = err;
		__entry->ret = ret;
	),
	TP_printk("slot=%u fn=%#lx err=%d ret=%llu", __entry->slot, __entry->fn,
		  __entry->err, __entry->ret)
);

TRACE_EVENT(lvd_dom_upcall,
	TP_PROTO(unsigned int slot, u64 index),
	TP_ARGS(slot, index),
	TP_STRUCT__entry(
		__field(unsigned int, slot)
		__field(u64, index)
	),
	TP_fast_assign(
		__entry->slot = slot;
		__entry->index = index;
	),
	TP_printk("slot=%u index=%llu", __entry->slot, __entry->index)
);

#endif /* LVD_DOM_TRACE_H */

#undef TRACE_INCLUDE_PATH
#define TRACE_INCLUDE_PATH .
#undef TRACE_INCLUDE_FILE
#define TRACE_INCLUDE_FILE lvd_dom_trace
#include <trace/define_trace.h>
