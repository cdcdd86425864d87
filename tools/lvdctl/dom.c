// SPDX-License-Identifier: GPL-2.0
/*
 * tools/lvdctl/dom.c - the domain commands of lvdctl, over /dev/lvd:
 *
 *   lvdctl load FILE [NAME]            a .o or .ko into a new domain
 *   lvdctl list [--json | --names]     the domains
 *   lvdctl call NAME FUNCTION [INT...] call a function of a domain
 *   lvdctl stop NAME                   stop a domain (calls then fail)
 *   lvdctl unload NAME                 destroy a domain
 *   lvdctl stats [--json]              lvd_dom.ko's counters
 *   lvdctl status [--json]             the hypervisor, its exits, the domains
 *
 * Each command checks its arguments first (exit status 2), then reaches
 * the device (3 when it cannot), then makes its request (1 when refused);
 * every refusal is one line on stderr saying what and why, the module's
 * own message when it gave one. "status" also reads lvd_hv.ko's debugfs
 * files and the modules' parameters, and answers 1 when the hypervisor
 * does not run on every online CPU.
 */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "check.h"
#include "dom.h"
#include "lvdctl.h"

#define LIST_FIRST	16		/* entries of the first LVD_IOC_LIST */
#define LIST_TRIES	8		/* LVD_IOC_LIST calls before giving up */
#define LIST_LIMIT	(1u << 16)	/* more domains than this: a broken answer */
#define WHY_MAX		(LVD_MSG_MAX + 128)

static __printf(3, 4) int usage(const struct lvdctl_cmd *cmd, FILE *err, const char *fmt, ...)
{
	va_list ap;

	fprintf(err, "lvdctl %s: ", cmd->name);
	va_start(ap, fmt);
	vfprintf(err, fmt, ap);
	va_end(ap);
	fprintf(err, " (try 'lvdctl %s --help')\n", cmd->name);
	return LVDCTL_EXIT_USAGE;
}

/*
 * "lvdctl: WHAT: WHY" for a request refused with @e and the module's @field
 * (the @msg of its structure, "" when it has none); the exit status.
 */
static int refused(FILE *err, const char *what, int e, const char *field, size_t len)
{
	char msg[LVD_MSG_MAX + 1], why[WHY_MAX];

	lvdctl_copy_field(msg, sizeof(msg), field, len);
	fprintf(err, "lvdctl: %s: %s\n", what, lvdctl_dev_why(e, msg, why, sizeof(why)));
	return lvdctl_dev_status(e, msg);
}

/*
 * As refused(), for a request naming domain @name: ESRCH without a message
 * means there is none (lvd_ioctl.h leaves the errno unsaid; lvd_dom.ko
 * answers ESRCH, and ENOENT is taken the same way).
 */
static int refused_name(FILE *err, const char *what, const char *name, int e,
			const char *field, size_t len)
{
	if ((e == ESRCH || e == ENOENT) && !strnlen(field, len)) {
		fprintf(err, "lvdctl: %s: no domain named '%s' (lvdctl list shows them)\n", what,
			name);
		return LVDCTL_EXIT_NO;
	}
	return refused(err, what, e, field, len);
}

/* A domain name from the command line: 0, or a usage error. */
static int check_name(const struct lvdctl_cmd *cmd, const char *name, FILE *err)
{
	const char *why = lvdctl_check_name(name);

	if (why)
		return usage(cmd, err, "bad domain name '%s': %s", name, why);
	return 0;
}

/* "load": why the object is refused before lvd_dom.ko sees it, in @why. */
static void too_large(char *why, size_t size, unsigned long long len, bool exact)
{
	snprintf(why, size, "too large: %s%llu bytes (lvd_dom.ko loads at most %u MiB)",
		 exact ? "" : "more than ", len, LVD_OBJ_MAX >> 20);
}

/*
 * All of @fd in *@bufp (free it), read into @cap bytes grown as needed, but
 * no more than LVD_OBJ_MAX + 1: its length, or -1 with errno.
 */
static ssize_t read_all(int fd, char **bufp, size_t cap)
{
	char *buf = malloc(cap), *p;
	size_t len = 0;
	int e = ENOMEM;

	while (buf) {
		ssize_t n = read(fd, buf + len, cap - len);

		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0) {
			e = errno;
			break;
		}
		len += n;
		if (!n || len > LVD_OBJ_MAX) {
			*bufp = buf;
			return len;
		}
		if (len < cap)
			continue;
		cap = 2 * cap < LVD_OBJ_MAX + 1 ? 2 * cap : LVD_OBJ_MAX + 1;
		p = realloc(buf, cap);
		if (!p)
			break;
		buf = p;
	}
	free(buf);
	errno = e;
	return -1;
}

/**
 * read_object() - the bytes of the object "lvdctl load" loads
 * @path: the file
 * @lenp: their number
 * @why: when it cannot, why not (one line)
 * @size: size of @why
 *
 * Return: the bytes (free them), or NULL when the file cannot be read, is
 * empty or is larger than %LVD_OBJ_MAX.
 */
static char *read_object(const char *path, size_t *lenp, char *why, size_t size)
{
	char *buf = NULL;
	struct stat st;
	ssize_t len;
	size_t cap = 1 << 16;
	int fd;

	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0) {
		snprintf(why, size, "%s", strerror(errno));
		return NULL;
	}
	if (!fstat(fd, &st) && S_ISREG(st.st_mode)) {
		if ((unsigned long long)st.st_size > LVD_OBJ_MAX) {
			close(fd);
			too_large(why, size, st.st_size, true);
			return NULL;
		}
		cap = st.st_size + 1;	/* one more: no second read at EOF */
	}
	len = read_all(fd, &buf, cap);
	if (len < 0)
		snprintf(why, size, "%s", strerror(errno));
	close(fd);
	if (len < 0)
		return NULL;
	if (len == 0 || len > LVD_OBJ_MAX) {
		if (len)
			too_large(why, size, LVD_OBJ_MAX, false);
		else
			snprintf(why, size, "empty file (an ELF64 .o or .ko is needed)");
		free(buf);
		return NULL;
	}
	*lenp = len;
	return buf;
}

/* LVD_IOC_LOAD of @obj as domain @name. */
static int load_obj(const char *path, const char *name, const char *obj, size_t len,
		    FILE *out, FILE *err)
{
	struct lvd_ioc_load req;
	char what[64 + PATH_MAX];
	int fd, e;

	fd = lvdctl_dev_open(err);
	if (fd < 0)
		return LVDCTL_EXIT_UNREADABLE;
	memset(&req, 0, sizeof(req));
	req.obj = (uintptr_t)obj;
	req.obj_len = len;
	snprintf(req.name, sizeof(req.name), "%s", name);
	e = lvdctl_dev_ioctl(fd, LVD_IOC_LOAD, &req);
	lvdctl_dev_close(fd);
	if (e) {
		snprintf(what, sizeof(what), "load %s", path);
		return refused(err, what, -e, req.msg, sizeof(req.msg));
	}
	fprintf(out, "loaded %s: slot %u, %llu page%s\n", name, req.slot,
		(unsigned long long)req.pages, req.pages == 1 ? "" : "s");
	return LVDCTL_EXIT_OK;
}

static int load_run(const struct lvdctl_cmd *cmd, const struct lvdctl_args *a, FILE *out,
		    FILE *err)
{
	const char *path = a->pos[0];
	char name[LVD_NAME_MAX], why[128];
	size_t len;
	char *obj;
	int ret;

	if (a->npos > 1) {
		ret = check_name(cmd, a->pos[1], err);
		if (ret)
			return ret;
		snprintf(name, sizeof(name), "%s", a->pos[1]);
	} else if (lvdctl_name_from_path(path, name, sizeof(name))) {
		return usage(cmd, err, "no domain name in the file name '%s': give NAME", path);
	}
	obj = read_object(path, &len, why, sizeof(why));
	if (!obj) {
		fprintf(err, "lvdctl: load %s: %s\n", path, why);
		return LVDCTL_EXIT_NO;
	}
	ret = load_obj(path, name, obj, len, out, err);
	free(obj);
	return ret;
}

const struct lvdctl_cmd lvdctl_load_cmd = {
	.name = "load",
	.args = "FILE [NAME]",
	.summary = "load an object (.o or .ko) into a new domain",
	.help =
	"Loads FILE, an ELF64 relocatable object (a .o, or a .ko built with Kbuild),\n"
	"into a new domain called NAME, and prints 'loaded NAME: slot N, P pages'.\n"
	"NAME defaults to FILE's name up to its first '.' (e1000 for e1000.ko), with\n"
	"characters other than letters, digits, '_', '.' and '-' made '_', cut to 31\n"
	"characters. FILE may be at most 64 MiB. lvd_dom.ko resolves the object's\n"
	"imports against what the kernel exports to domains and refuses it, saying\n"
	"why (an unresolved symbol, say), when it cannot.\n"
	"\n"
	"Exit status: 0 loaded; 1 refused, or FILE could not be read (stderr says\n"
	"why); 2 usage error (a bad NAME); 3 /dev/lvd cannot be reached.\n",
	.opts = NULL,
	.min_pos = 1,
	.max_pos = 2,
	.run = load_run,
};

/*
 * All domains by LVD_IOC_LIST, growing the array until they fit: 0 with
 * *@dp (free it) and *@np, or a negative errno of the device, or a
 * positive errno with *@why saying what went wrong on lvdctl's side.
 */
static int list_fetch(int fd, struct lvd_dom_info **dp, size_t *np, const char **why)
{
	struct lvd_dom_info *d = NULL, *p;
	struct lvd_ioc_list req;
	u32 max = LIST_FIRST;
	int i, e = 0;

	for (i = 0; i < LIST_TRIES; i++) {
		p = realloc(d, max * sizeof(*d));
		if (!p) {
			*why = "out of memory";
			e = ENOMEM;
			break;
		}
		d = p;
		memset(d, 0, max * sizeof(*d));
		memset(&req, 0, sizeof(req));
		req.buf = (uintptr_t)d;
		req.max = max;
		e = lvdctl_dev_ioctl(fd, LVD_IOC_LIST, &req);
		if (e)
			break;
		if (req.count <= max) {
			*dp = d;
			*np = req.count;
			return 0;
		}
		if (req.count > LIST_LIMIT) {
			*why = "lvd_dom.ko reports more domains than it can have "
			       "(lvdctl and lvd_dom.ko from different LVD builds?)";
			e = EOVERFLOW;
			break;
		}
		max = req.count + LIST_FIRST;	/* and room for domains loaded meanwhile */
	}
	if (i == LIST_TRIES) {
		*why = "the domains kept changing while lvdctl listed them; try again";
		e = EAGAIN;
	}
	free(d);
	return e;
}

enum { LIST_OPT_JSON, LIST_OPT_NAMES };

static const struct lvdctl_opt list_opts[] = {
	[LIST_OPT_JSON] = { "json", 'j', NULL, "print one JSON object instead of the table" },
	[LIST_OPT_NAMES] = { "names", 0, NULL, "print only the names, one a line" },
	{ NULL, 0, NULL, NULL },
};

static int list_run(const struct lvdctl_cmd *cmd, const struct lvdctl_args *a, FILE *out,
		    FILE *err)
{
	bool json = lvdctl_opt_given(a, LIST_OPT_JSON);
	bool names = lvdctl_opt_given(a, LIST_OPT_NAMES);
	struct lvd_dom_info *d;
	const char *why = NULL;
	size_t n;
	int fd, e;

	if (json && names)
		return usage(cmd, err, "--json and --names exclude each other");
	fd = lvdctl_dev_open(err);
	if (fd < 0)
		return LVDCTL_EXIT_UNREADABLE;
	e = list_fetch(fd, &d, &n, &why);
	lvdctl_dev_close(fd);
	if (e > 0) {
		fprintf(err, "lvdctl: list: %s\n", why);
		return LVDCTL_EXIT_NO;
	}
	if (e < 0)
		return refused(err, "list", -e, "", 1);
	if (json)
		lvdctl_print_domains_json(out, d, n);
	else if (names)
		lvdctl_print_names(out, d, n);
	else
		lvdctl_print_domains(out, d, n);
	free(d);
	return LVDCTL_EXIT_OK;
}

const struct lvdctl_cmd lvdctl_list_cmd = {
	.name = "list",
	.args = "",
	.summary = "list the domains: slot, state, pages, calls, upcalls, stops",
	.help =
	"Lists the domains, one a line under a header: NAME, the EPTP-list SLOT,\n"
	"STATE (ready, or stopped: calls fail), the PAGES of memory it holds, the\n"
	"CALLS into it that returned, the UPCALLS it made, STOPS (1 once stopped),\n"
	"and for a stopped domain why (request, exit, landing, budget, upcall),\n"
	"where (its RIP) and, for a VM exit, the exit reason.\n"
	"\n"
	"Exit status: 0 listed; 1 refused; 2 usage error; 3 /dev/lvd cannot be\n"
	"reached.\n",
	.opts = list_opts,
	.min_pos = 0,
	.max_pos = 0,
	.run = list_run,
};

enum { CALL_OPT_JSON };

static const struct lvdctl_opt call_opts[] = {
	[CALL_OPT_JSON] = { "json", 'j', NULL, "print one JSON object instead of a line" },
	{ NULL, 0, NULL, NULL },
};

/* The request of "lvdctl call NAME FUNCTION [INT...]": 0, or a usage error. */
static int call_request(const struct lvdctl_cmd *cmd, const struct lvdctl_args *a,
			struct lvd_ioc_call *req, FILE *err)
{
	int i, ret, nargs = a->npos - 2;

	ret = check_name(cmd, a->pos[0], err);
	if (ret)
		return ret;
	_Static_assert(LVD_FUNC_MAX == 64, "the message below says 63");
	if (!*a->pos[1] || strlen(a->pos[1]) > LVD_FUNC_MAX - 1)
		return usage(cmd, err, "bad function name '%s': %s", a->pos[1],
			     *a->pos[1] ? "too long (at most 63 characters)" : "empty");
	if (nargs > LVD_CALL_ARGS)
		return usage(cmd, err, "too many arguments: %d integers, a domain call takes "
			     "at most %d", nargs, LVD_CALL_ARGS);
	memset(req, 0, sizeof(*req));
	for (i = 0; i < nargs; i++) {
		u64 v;

		ret = lvdctl_parse_int(a->pos[2 + i], &v);
		if (ret)
			return usage(cmd, err, "bad argument '%s': %s", a->pos[2 + i],
				     lvdctl_int_error(ret));
		req->args[i] = v;
	}
	snprintf(req->name, sizeof(req->name), "%s", a->pos[0]);
	snprintf(req->func, sizeof(req->func), "%s", a->pos[1]);
	req->nargs = nargs;
	return 0;
}

/* Why a call that was made failed (req->err is not 0), one line in @why. */
static void call_why(const struct lvd_ioc_call *req, char *why, size_t size)
{
	char msg[LVD_MSG_MAX + 1];
	int e = req->err < 0 ? -req->err : req->err;

	lvdctl_one_line(msg, sizeof(msg), req->msg, sizeof(req->msg));
	if (*msg)
		snprintf(why, size, "%s", msg);
	else if (e == ECANCELED)
		snprintf(why, size, "the domain was stopped during the call "
			 "(lvdctl list says why)");
	else if (e == ESHUTDOWN)
		snprintf(why, size, "domain %s is stopped (lvdctl list says why; "
			 "lvdctl unload %s)", req->name, req->name);
	else if (e == ENOENT)
		snprintf(why, size, "domain %s has no function %s", req->name, req->func);
	else
		snprintf(why, size, "%s", strerror(e));
}

/* The result of a call that was made. */
static int call_result(const struct lvd_ioc_call *req, bool json, FILE *out, FILE *err)
{
	char why[WHY_MAX];

	if (!req->err) {
		if (json)
			lvdctl_print_ret_json(out, req->ret);
		else
			lvdctl_print_ret(out, req->ret);
		return LVDCTL_EXIT_OK;
	}
	call_why(req, why, sizeof(why));
	if (json)
		lvdctl_print_call_error_json(out, req->err, why);
	fprintf(err, "lvdctl: call %s.%s: %s\n", req->name, req->func, why);
	return LVDCTL_EXIT_NO;
}

static int call_run(const struct lvdctl_cmd *cmd, const struct lvdctl_args *a, FILE *out,
		    FILE *err)
{
	char what[16 + LVD_NAME_MAX + LVD_FUNC_MAX];
	struct lvd_ioc_call req;
	int fd, e, ret;

	ret = call_request(cmd, a, &req, err);
	if (ret)
		return ret;
	fd = lvdctl_dev_open(err);
	if (fd < 0)
		return LVDCTL_EXIT_UNREADABLE;
	e = lvdctl_dev_ioctl(fd, LVD_IOC_CALL, &req);
	lvdctl_dev_close(fd);
	if (e) {
		snprintf(what, sizeof(what), "call %s.%s", req.name, req.func);
		return refused_name(err, what, req.name, -e, req.msg, sizeof(req.msg));
	}
	return call_result(&req, lvdctl_opt_given(a, CALL_OPT_JSON), out, err);
}

const struct lvdctl_cmd lvdctl_call_cmd = {
	.name = "call",
	.args = "NAME FUNCTION [INT...]",
	.summary = "call a function of a domain with up to 6 integers",
	.help =
	"Calls FUNCTION, a global function of the object domain NAME was loaded\n"
	"from, with up to 6 integer arguments, and prints what it returned as a\n"
	"signed decimal and in hex: '-1 (0xffffffffffffffff)'. An INT is decimal,\n"
	"optionally negative, from -9223372036854775808 to 9223372036854775807\n"
	"(leading zeros are not octal), or 0x and up to 16 hex digits.\n"
	"When the call fails (no such function, the domain is stopped) or stops the\n"
	"domain (a fault, its budget ran out), stderr says why.\n"
	"\n"
	"Exit status: 0 the function returned; 1 the call failed or stopped the\n"
	"domain, or was refused; 2 usage error (a bad INT, too many); 3 /dev/lvd\n"
	"cannot be reached.\n",
	.opts = call_opts,
	.min_pos = 2,
	.max_pos = LVDCTL_MAX_POS,	/* call_request() says how many are too many */
	.run = call_run,
};

/* "stop" and "unload": one request on one domain by name. */
static int name_run(const struct lvdctl_cmd *cmd, unsigned long ioc, const char *done,
		    const char *name, FILE *out, FILE *err)
{
	char what[16 + LVD_NAME_MAX];
	struct lvd_ioc_name req;
	int fd, e, ret;

	ret = check_name(cmd, name, err);
	if (ret)
		return ret;
	fd = lvdctl_dev_open(err);
	if (fd < 0)
		return LVDCTL_EXIT_UNREADABLE;
	memset(&req, 0, sizeof(req));
	snprintf(req.name, sizeof(req.name), "%s", name);
	e = lvdctl_dev_ioctl(fd, ioc, &req);
	lvdctl_dev_close(fd);
	if (e) {
		snprintf(what, sizeof(what), "%s %s", cmd->name, name);
		return refused_name(err, what, name, -e, req.msg, sizeof(req.msg));
	}
	fprintf(out, "%s %s\n", done, name);
	return LVDCTL_EXIT_OK;
}

static int stop_run(const struct lvdctl_cmd *cmd, const struct lvdctl_args *a, FILE *out,
		    FILE *err)
{
	return name_run(cmd, LVD_IOC_STOP, "stopped", a->pos[0], out, err);
}

static int unload_run(const struct lvdctl_cmd *cmd, const struct lvdctl_args *a, FILE *out,
		      FILE *err)
{
	return name_run(cmd, LVD_IOC_UNLOAD, "unloaded", a->pos[0], out, err);
}

const struct lvdctl_cmd lvdctl_stop_cmd = {
	.name = "stop",
	.args = "NAME",
	.summary = "stop a domain: its calls fail from now on",
	.help =
	"Stops domain NAME, as lvd_dom.ko does to a domain that misbehaves: calls\n"
	"into it fail from now on, and 'lvdctl list' shows it stopped, by request.\n"
	"Its memory stays until 'lvdctl unload NAME'. Prints 'stopped NAME'.\n"
	"\n"
	"Exit status: 0 stopped; 1 refused (no such domain, say); 2 usage error;\n"
	"3 /dev/lvd cannot be reached.\n",
	.opts = NULL,
	.min_pos = 1,
	.max_pos = 1,
	.run = stop_run,
};

const struct lvdctl_cmd lvdctl_unload_cmd = {
	.name = "unload",
	.args = "NAME",
	.summary = "destroy a domain and free its memory and slot",
	.help =
	"Destroys domain NAME, ready or stopped: its memory and its EPTP-list slot\n"
	"are freed and the name can be loaded again. Prints 'unloaded NAME'.\n"
	"\n"
	"Exit status: 0 unloaded; 1 refused (no such domain, or it is in use);\n"
	"2 usage error; 3 /dev/lvd cannot be reached.\n",
	.opts = NULL,
	.min_pos = 1,
	.max_pos = 1,
	.run = unload_run,
};

enum { STATS_OPT_JSON };

static const struct lvdctl_opt stats_opts[] = {
	[STATS_OPT_JSON] = { "json", 'j', NULL, "print one JSON object instead of lines" },
	{ NULL, 0, NULL, NULL },
};

static int stats_run(const struct lvdctl_cmd *cmd, const struct lvdctl_args *a, FILE *out,
		     FILE *err)
{
	struct lvd_ioc_stats s;
	int fd, e;

	(void)cmd;
	fd = lvdctl_dev_open(err);
	if (fd < 0)
		return LVDCTL_EXIT_UNREADABLE;
	memset(&s, 0, sizeof(s));
	e = lvdctl_dev_ioctl(fd, LVD_IOC_STATS, &s);
	lvdctl_dev_close(fd);
	if (e)
		return refused(err, "stats", -e, "", 1);
	if (lvdctl_opt_given(a, STATS_OPT_JSON))
		lvdctl_print_stats_json(out, &s);
	else
		lvdctl_print_stats(out, &s);
	return LVDCTL_EXIT_OK;
}

const struct lvdctl_cmd lvdctl_stats_cmd = {
	.name = "stats",
	.args = "",
	.summary = "lvd_dom.ko's counters: domains, slots, loads, calls, stops",
	.help =
	"Prints lvd_dom.ko's counters since it was loaded, one 'key: value' line\n"
	"each: domains (that exist now), slots (a domain can take), pages (held by\n"
	"all domains), loads, load_refused, unloads, calls, upcalls, stops, and the\n"
	"stops by reason as stops_by_reason.request, .exit, .landing, .budget and\n"
	".upcall. --json prints the same keys, stops_by_reason an object.\n"
	"\n"
	"Exit status: 0 printed; 1 refused; 2 usage error; 3 /dev/lvd cannot be\n"
	"reached.\n",
	.opts = stats_opts,
	.min_pos = 0,
	.max_pos = 0,
	.run = stats_run,
};

#define DEBUGFS		"/sys/kernel/debug"
#define LVD_DEBUGFS	DEBUGFS "/lvd"

/* Is debugfs mounted where lvd_hv.ko's files are? (Cannot tell: yes.) */
static bool debugfs_mounted(void)
{
	char *mounts = lvdctl_sys_read("/proc/mounts");
	bool ret;

	if (!mounts)
		return true;
	ret = lvdctl_mounted(mounts, DEBUGFS, "debugfs");
	free(mounts);
	return ret;
}

/* lvd_hv.ko's debugfs file @name (free it), or NULL with a line on @err. */
static char *read_debugfs(const char *name, FILE *err)
{
	char path[64];
	char *text;
	int e;

	snprintf(path, sizeof(path), LVD_DEBUGFS "/%s", name);
	text = lvdctl_sys_read(path);
	if (text)
		return text;
	e = errno;
	if (e == ENOENT && !debugfs_mounted())
		fprintf(err, "lvdctl: status: debugfs not mounted at " DEBUGFS
			": mount -t debugfs none " DEBUGFS "\n");
	else
		fprintf(err, "lvdctl: status: cannot read %s: %s\n", path, strerror(e));
	return NULL;
}

/* A module parameter of type uint, or LVDCTL_NA when it cannot be read. */
static u64 read_param(const char *path)
{
	char *text = lvdctl_sys_read(path);
	u64 v;

	if (!text)
		return LVDCTL_NA;
	v = lvdctl_parse_param(text);
	free(text);
	return v;
}

/* The hypervisor part of @st; 0, or the exit status with a line on @err. */
static int status_hv(struct lvdctl_status *st, FILE *err)
{
	char *text;

	st->hv_loaded = lvdctl_sys_exists("/sys/module/lvd_hv");
	if (!st->hv_loaded)
		return 0;
	text = lvdctl_sys_read("/sys/module/lvd_hv/parameters/launch");
	st->launch = lvdctl_parse_yn(text);
	free(text);
	text = read_debugfs("status", err);
	if (!text)
		return LVDCTL_EXIT_UNREADABLE;
	lvdctl_parse_hv_status(text, st);
	free(text);
	if (st->cpus_launched == LVDCTL_NA || st->cpus_online == LVDCTL_NA) {
		fprintf(err, "lvdctl: status: no cpus_launched and cpus_online in " LVD_DEBUGFS
			"/status: lvdctl and lvd_hv.ko come from different LVD builds\n");
		return LVDCTL_EXIT_UNREADABLE;
	}
	text = read_debugfs("exits", err);
	if (!text)
		return LVDCTL_EXIT_UNREADABLE;
	lvdctl_parse_exits(text, st);
	free(text);
	return 0;
}

/* Domains that exist, ready and stopped, from LVD_IOC_LIST. */
static int status_list(int fd, struct lvdctl_status *st, FILE *err)
{
	struct lvd_dom_info *d;
	const char *why = NULL;
	size_t n, i;
	int e;

	e = list_fetch(fd, &d, &n, &why);
	if (e > 0)
		fprintf(err, "lvdctl: status: %s\n", why);
	if (e < 0)
		refused(err, "status", -e, "", 1);
	if (e)
		return LVDCTL_EXIT_UNREADABLE;
	st->domains = n;
	st->ready = st->stopped = 0;
	for (i = 0; i < n; i++) {
		if (lvdctl_dom_stopped(&d[i]))
			st->stopped++;
		else if (d[i].state == LVD_DOM_READY)
			st->ready++;
	}
	free(d);
	return 0;
}

/* The domain part of @st; 0, or the exit status with a line on @err. */
static int status_dom(struct lvdctl_status *st, FILE *err)
{
	int fd, e, ret;

	st->dom_loaded = lvdctl_sys_exists("/sys/module/lvd_dom");
	if (!st->dom_loaded)
		return 0;
	st->budget_ms = read_param("/sys/module/lvd_dom/parameters/budget_ms");
	fd = lvdctl_dev_open(err);
	if (fd < 0)
		return LVDCTL_EXIT_UNREADABLE;
	e = lvdctl_dev_ioctl(fd, LVD_IOC_STATS, &st->stats);
	if (e) {
		refused(err, "status", -e, "", 1);
		ret = LVDCTL_EXIT_UNREADABLE;
	} else {
		ret = status_list(fd, st, err);
	}
	lvdctl_dev_close(fd);
	return ret;
}

enum { STATUS_OPT_JSON };

static const struct lvdctl_opt status_opts[] = {
	[STATUS_OPT_JSON] = { "json", 'j', NULL, "print one JSON object instead of lines" },
	{ NULL, 0, NULL, NULL },
};

static int status_run(const struct lvdctl_cmd *cmd, const struct lvdctl_args *a, FILE *out,
		      FILE *err)
{
	struct lvdctl_status st;
	int ret;

	(void)cmd;
	if (!lvdctl_sys_is_root()) {
		fprintf(err, "lvdctl: status: needs root to read " LVD_DEBUGFS " and "
			LVD_DEV_PATH " (sudo lvdctl status)\n");
		return LVDCTL_EXIT_UNREADABLE;
	}
	lvdctl_status_init(&st);
	ret = status_hv(&st, err);
	if (!ret)
		ret = status_dom(&st, err);
	if (ret)
		return ret;
	if (lvdctl_opt_given(a, STATUS_OPT_JSON))
		lvdctl_print_status_json(out, &st);
	else
		lvdctl_print_status(out, &st);
	if (st.hv_loaded && st.cpus_launched == st.cpus_online)
		return LVDCTL_EXIT_OK;
	return LVDCTL_EXIT_NO;
}

const struct lvdctl_cmd lvdctl_status_cmd = {
	.name = "status",
	.args = "",
	.summary = "the hypervisor: its CPUs, VM exits, and the domains",
	.help =
	"Summarizes LVD on this machine in three groups of 'key: value' lines.\n"
	"hypervisor: whether lvd_hv.ko is loaded, on how many of the online CPUs\n"
	"it runs, its hypercall ABI version. exits: the VM exits of all CPUs, the\n"
	"5 most frequent reasons with their counts, the exits in domains' views\n"
	"(view_exits) and those that aborted a domain call (view_aborts).\n"
	"domains: whether lvd_dom.ko is loaded, the domains (ready, stopped), the\n"
	"free slots, calls, upcalls, stops by reason, pages held, and its budget_ms.\n"
	"Reads /sys/module, " LVD_DEBUGFS " (debugfs must be mounted) and\n"
	LVD_DEV_PATH "; needs root. --json prints one object, null for what is not\n"
	"available (a module that is not loaded).\n"
	"\n"
	"Exit status: 0 the hypervisor runs on every online CPU; 1 it is not\n"
	"loaded, or runs on only some; 2 usage error; 3 cannot read what the\n"
	"answer needs (not root, debugfs not mounted, /dev/lvd cannot be reached;\n"
	"stderr says which).\n",
	.opts = status_opts,
	.min_pos = 0,
	.max_pos = 0,
	.run = status_run,
};
