/* SPDX-License-Identifier: GPL-2.0 WITH Linux-syscall-note */
/*
 * include/lvd/lvd_ioctl.h - the /dev/lvd interface between lvd_dom.ko and
 * user space (lvdctl). Root only (the device is mode 0600 and every ioctl
 * also checks CAP_SYS_ADMIN).
 *
 * Every structure has fixed-size fields only, so 32- and 64-bit callers see
 * the same layout. Names are NUL-terminated; a name that fills its array
 * without a NUL is refused with EINVAL. Every ioctl returns 0 or -1 with
 * errno; where a structure has @msg, the module puts there one line that
 * says what happened and what to do (empty on success).
 */
#ifndef LVD_LVD_IOCTL_H
#define LVD_LVD_IOCTL_H

#include <linux/types.h>
#include <linux/ioctl.h>

#define LVD_DEV_PATH		"/dev/lvd"
#define LVD_NAME_MAX		32	/* domain names, with the NUL */
#define LVD_FUNC_MAX		64	/* function names, with the NUL */
#define LVD_MSG_MAX		384	/* one-line messages, with the NUL */
#define LVD_CALL_ARGS		6	/* integer arguments of a domain call */
#define LVD_OBJ_MAX		(64u << 20)	/* largest object LOAD accepts */

/* Domain states (struct lvd_dom_info.state). */
enum lvd_dom_state {
	LVD_DOM_READY = 1,	/* loaded, callable */
	LVD_DOM_STOPPED = 2,	/* stopped (misbehaved, or lvdctl stop): calls fail */
};

/* Why a domain was stopped (struct lvd_dom_info.stop_reason). */
enum lvd_stop_reason {
	LVD_STOP_NONE = 0,
	LVD_STOP_REQUEST = 1,	/* the kernel (or lvdctl stop) stopped it */
	LVD_STOP_EXIT = 2,	/* it caused a VM exit (fault, sensitive instruction) */
	LVD_STOP_LANDING = 3,	/* a VMFUNC landed where the gate did not expect */
	LVD_STOP_BUDGET = 4,	/* it ran past its run-time budget */
	LVD_STOP_UPCALL = 5,	/* it made an upcall the kernel did not export to it */
};

/**
 * struct lvd_ioc_load - LVD_IOC_LOAD: load an ELF64 relocatable object
 * (.o or .ko) into a new domain
 * @obj:	in: user address of the object's bytes
 * @obj_len:	in: their length, at most %LVD_OBJ_MAX
 * @name:	in: the new domain's name ([A-Za-z0-9_.-], unique)
 * @slot:	out: the EPTP-list slot the domain got
 * @pad:	zero
 * @pages:	out: pages of memory the domain holds
 * @msg:	out: why the load was refused (e.g. the unresolved symbol)
 */
struct lvd_ioc_load {
	__u64 obj;
	__u64 obj_len;
	char name[LVD_NAME_MAX];
	__u32 slot;
	__u32 pad;
	__u64 pages;
	char msg[LVD_MSG_MAX];
};

/**
 * struct lvd_ioc_call - LVD_IOC_CALL: call a function of a domain
 * @name:	in: the domain
 * @func:	in: a global function symbol of the object it was loaded from
 * @nargs:	in: how many of @args are meaningful (the others are passed as 0)
 * @err:	out: 0 when the function returned, else a negative errno: the
 *		domain was stopped during the call (-ECANCELED, @msg says why) or
 *		was not callable (-ESHUTDOWN stopped, -ENOENT no such function)
 * @args:	in: the integer arguments
 * @ret:	out: the function's return value when @err is 0
 * @msg:	out: what happened when @err is not 0
 *
 * The ioctl itself returns 0 whenever the call was made (look at @err); it
 * fails only for a bad request (no such domain, bad name).
 */
struct lvd_ioc_call {
	char name[LVD_NAME_MAX];
	char func[LVD_FUNC_MAX];
	__u32 nargs;
	__s32 err;
	__u64 args[LVD_CALL_ARGS];
	__u64 ret;
	char msg[LVD_MSG_MAX];
};

/**
 * struct lvd_ioc_name - LVD_IOC_STOP / LVD_IOC_UNLOAD: one domain by name
 * @name:	in: the domain
 * @msg:	out: why the request was refused
 */
struct lvd_ioc_name {
	char name[LVD_NAME_MAX];
	char msg[LVD_MSG_MAX];
};

/**
 * struct lvd_dom_info - one domain as LVD_IOC_LIST reports it
 * @name:	its name
 * @slot:	its EPTP-list slot
 * @state:	&enum lvd_dom_state
 * @pages:	pages of memory it holds (image, stacks, page tables, EPT)
 * @calls:	calls into it that returned
 * @upcalls:	upcalls it made
 * @stops:	1 when it was stopped, else 0
 * @stop_reason: &enum lvd_stop_reason
 * @stop_rip:	where it was when stopped (0 if not known)
 * @stop_detail: the VM-exit reason for %LVD_STOP_EXIT, else 0
 * @pad:	zero
 */
struct lvd_dom_info {
	char name[LVD_NAME_MAX];
	__u32 slot;
	__u32 state;
	__u64 pages;
	__u64 calls;
	__u64 upcalls;
	__u64 stops;
	__u32 stop_reason;
	__u32 stop_detail;
	__u64 stop_rip;
	__u64 pad;
};

/**
 * struct lvd_ioc_list - LVD_IOC_LIST: the domains that exist
 * @buf:	in: user address of an array of struct lvd_dom_info
 * @max:	in: its length in entries
 * @count:	out: how many domains exist (may exceed @max: then only @max
 *		entries were written; call again with a larger array)
 */
struct lvd_ioc_list {
	__u64 buf;
	__u32 max;
	__u32 count;
};

/**
 * struct lvd_ioc_stats - LVD_IOC_STATS: counters since lvd_dom was loaded
 * @domains:	domains that exist now
 * @slots:	slots a domain can take (EPTP list size less the kernel's)
 * @loads:	domains created
 * @load_refused: loads refused (bad object, unresolved symbol, no memory)
 * @unloads:	domains destroyed
 * @calls:	domain calls that returned
 * @upcalls:	upcalls made by domains
 * @stops:	domains stopped
 * @stops_by_reason: stops per &enum lvd_stop_reason
 * @pages:	pages held by all domains
 */
struct lvd_ioc_stats {
	__u64 domains;
	__u64 slots;
	__u64 loads;
	__u64 load_refused;
	__u64 unloads;
	__u64 calls;
	__u64 upcalls;
	__u64 stops;
	__u64 stops_by_reason[8];
	__u64 pages;
};

#define LVD_IOC_MAGIC	0xb7
#define LVD_IOC_LOAD	_IOWR(LVD_IOC_MAGIC, 1, struct lvd_ioc_load)
#define LVD_IOC_CALL	_IOWR(LVD_IOC_MAGIC, 2, struct lvd_ioc_call)
#define LVD_IOC_STOP	_IOWR(LVD_IOC_MAGIC, 3, struct lvd_ioc_name)
#define LVD_IOC_UNLOAD	_IOWR(LVD_IOC_MAGIC, 4, struct lvd_ioc_name)
#define LVD_IOC_LIST	_IOWR(LVD_IOC_MAGIC, 5, struct lvd_ioc_list)
#define LVD_IOC_STATS	_IOR(LVD_IOC_MAGIC, 6, struct lvd_ioc_stats)

#endif /* LVD_LVD_IOCTL_H */
