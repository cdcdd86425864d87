// SPDX-License-Identifier: GPL-2.0
/*
 * tools/lvdctl/dom_print.c - what the domain commands print: the domain
 * table of "lvdctl list", the counters of "lvdctl stats" and the summary of
 * "lvdctl status", as text and as JSON, and the return value of "lvdctl call".
 *
 * Pure (writes only to the FILE given), unit-tested in
 * tests/unit/test_lvdctl_dom.c. Names and messages come from the device in
 * fixed-size fields and are copied out bounded (lvdctl_copy_field()), so a
 * field without its NUL cannot run past its end.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>

#include <lvd/hypercall.h>

#include "dom.h"
#include "json.h"

#define CELL_MAX	96	/* one cell of the domain table */

enum { COL_NAME, COL_SLOT, COL_STATE, COL_PAGES, COL_CALLS, COL_UPCALLS, COL_STOPS,
       COL_STOP, N_COLS };

static const char *const list_head[N_COLS] = {
	"NAME", "SLOT", "STATE", "PAGES", "CALLS", "UPCALLS", "STOPS", "STOP",
};

/* Columns of numbers are aligned to the right. */
static bool col_right(int c)
{
	return c != COL_NAME && c != COL_STATE && c != COL_STOP;
}

/* "exit", or "reason 9" for a reason this lvdctl does not know. */
static const char *reason_text(u32 reason, char *buf, size_t size)
{
	const char *s = lvdctl_stop_reason_name(reason);

	if (s)
		return s;
	snprintf(buf, size, "reason %u", reason);
	return buf;
}

/* "ready", or "state 7" for a state this lvdctl does not know. */
static const char *state_text(u32 state, char *buf, size_t size)
{
	const char *s = lvdctl_state_name(state);

	if (s)
		return s;
	snprintf(buf, size, "state %u", state);
	return buf;
}

/* The STOP cell: "exit at 0xffffffffc0001234 (VM exit reason 48)", or "". */
static void stop_cell(const struct lvd_dom_info *d, char *cell)
{
	char buf[24];
	int n;

	cell[0] = '\0';
	if (!lvdctl_dom_stopped(d))
		return;
	n = snprintf(cell, CELL_MAX, "%s", reason_text(d->stop_reason, buf, sizeof(buf)));
	if (d->stop_rip)
		n += snprintf(cell + n, CELL_MAX - n, " at 0x%llx",
			      (unsigned long long)d->stop_rip);
	if (d->stop_reason == LVD_STOP_EXIT)
		snprintf(cell + n, CELL_MAX - n, " (VM exit reason %u)", d->stop_detail);
}

static void list_row(const struct lvd_dom_info *d, char cell[N_COLS][CELL_MAX])
{
	char buf[24];

	lvdctl_copy_field(cell[COL_NAME], CELL_MAX, d->name, sizeof(d->name));
	snprintf(cell[COL_SLOT], CELL_MAX, "%u", d->slot);
	snprintf(cell[COL_STATE], CELL_MAX, "%s", state_text(d->state, buf, sizeof(buf)));
	snprintf(cell[COL_PAGES], CELL_MAX, "%llu", (unsigned long long)d->pages);
	snprintf(cell[COL_CALLS], CELL_MAX, "%llu", (unsigned long long)d->calls);
	snprintf(cell[COL_UPCALLS], CELL_MAX, "%llu", (unsigned long long)d->upcalls);
	snprintf(cell[COL_STOPS], CELL_MAX, "%llu", (unsigned long long)d->stops);
	stop_cell(d, cell[COL_STOP]);
}

/* One line of the table; the last cell is not padded, an empty one not written. */
static void print_row(FILE *f, char cell[N_COLS][CELL_MAX], const int *width)
{
	int c;

	for (c = 0; c < N_COLS - 1; c++)
		fprintf(f, "%s%*s", c ? "  " : "", col_right(c) ? width[c] : -width[c],
			cell[c]);
	if (cell[N_COLS - 1][0])
		fprintf(f, "  %s", cell[N_COLS - 1]);
	fputc('\n', f);
}

/**
 * lvdctl_print_domains() - the table of "lvdctl list"
 * @f: the stream
 * @d: the domains, as LVD_IOC_LIST gave them
 * @n: how many
 *
 * A header line, then one line a domain; the STOP column says, for a
 * stopped domain, why, where and (for a VM exit) the exit reason.
 */
void lvdctl_print_domains(FILE *f, const struct lvd_dom_info *d, size_t n)
{
	char cell[N_COLS][CELL_MAX];
	int width[N_COLS], c;
	size_t i;

	for (c = 0; c < N_COLS; c++)
		width[c] = strlen(list_head[c]);
	for (i = 0; i < n; i++) {
		list_row(&d[i], cell);
		for (c = 0; c < N_COLS; c++)
			if ((int)strlen(cell[c]) > width[c])
				width[c] = strlen(cell[c]);
	}
	for (c = 0; c < N_COLS; c++)
		snprintf(cell[c], CELL_MAX, "%s", list_head[c]);
	print_row(f, cell, width);
	for (i = 0; i < n; i++) {
		list_row(&d[i], cell);
		print_row(f, cell, width);
	}
}

/* "lvdctl list --names": one name a line, for shell completion and scripts. */
void lvdctl_print_names(FILE *f, const struct lvd_dom_info *d, size_t n)
{
	char name[LVD_NAME_MAX + 1];
	size_t i;

	for (i = 0; i < n; i++) {
		lvdctl_copy_field(name, sizeof(name), d[i].name, sizeof(d[i].name));
		fprintf(f, "%s\n", name);
	}
}

static void domain_json(struct lvdctl_json *j, const struct lvd_dom_info *d)
{
	char name[LVD_NAME_MAX + 1], buf[24];
	bool stopped = lvdctl_dom_stopped(d);

	lvdctl_copy_field(name, sizeof(name), d->name, sizeof(d->name));
	lvdctl_json_begin_object(j, NULL, true);
	lvdctl_json_string(j, "name", name);
	lvdctl_json_uint(j, "slot", d->slot);
	lvdctl_json_string(j, "state", state_text(d->state, buf, sizeof(buf)));
	lvdctl_json_uint(j, "pages", d->pages);
	lvdctl_json_uint(j, "calls", d->calls);
	lvdctl_json_uint(j, "upcalls", d->upcalls);
	lvdctl_json_uint(j, "stops", d->stops);
	if (stopped)
		lvdctl_json_string(j, "stop_reason", reason_text(d->stop_reason, buf, sizeof(buf)));
	else
		lvdctl_json_null(j, "stop_reason");
	if (stopped && d->stop_rip)
		lvdctl_json_hex(j, "stop_rip", d->stop_rip);
	else
		lvdctl_json_null(j, "stop_rip");
	lvdctl_json_uint(j, "stop_detail", d->stop_detail);
	lvdctl_json_end_object(j);
}

/**
 * lvdctl_print_domains_json() - "lvdctl list --json"
 * @f: the stream
 * @d: the domains
 * @n: how many
 *
 * {"domains": [{"name", "slot", "state", "pages", "calls", "upcalls",
 * "stops", "stop_reason", "stop_rip", "stop_detail"}, ...]}, one domain a
 * line; stop_reason and stop_rip are null for a domain that runs (and
 * stop_rip when it is not known), stop_rip is a "0x..." string.
 */
void lvdctl_print_domains_json(FILE *f, const struct lvd_dom_info *d, size_t n)
{
	struct lvdctl_json j;
	size_t i;

	lvdctl_json_init(&j, f);
	lvdctl_json_begin_object(&j, NULL, false);
	lvdctl_json_begin_array(&j, "domains", false);
	for (i = 0; i < n; i++)
		domain_json(&j, &d[i]);
	lvdctl_json_end_array(&j);
	lvdctl_json_end_object(&j);
}

/* The counters of struct lvd_ioc_stats but stops_by_reason, in print order. */
static const struct {
	const char *key;
	size_t off;
} stats_keys[] = {
	{ "domains", offsetof(struct lvd_ioc_stats, domains) },
	{ "slots", offsetof(struct lvd_ioc_stats, slots) },
	{ "pages", offsetof(struct lvd_ioc_stats, pages) },
	{ "loads", offsetof(struct lvd_ioc_stats, loads) },
	{ "load_refused", offsetof(struct lvd_ioc_stats, load_refused) },
	{ "unloads", offsetof(struct lvd_ioc_stats, unloads) },
	{ "calls", offsetof(struct lvd_ioc_stats, calls) },
	{ "upcalls", offsetof(struct lvd_ioc_stats, upcalls) },
	{ "stops", offsetof(struct lvd_ioc_stats, stops) },
};

static unsigned long long stat_at(const struct lvd_ioc_stats *s, size_t i)
{
	return *(const __u64 *)((const char *)s + stats_keys[i].off);
}

#define N_STOP_SLOTS	ARRAY_SIZE(((struct lvd_ioc_stats *)0)->stops_by_reason)

/*
 * The key of stops_by_reason[@r]: the reason's name; "reason_6" for one
 * this lvdctl does not know, NULL (leave it out) for such a one that is 0.
 */
static const char *reason_key(const struct lvd_ioc_stats *s, unsigned int r, char *buf,
			      size_t size)
{
	const char *name = lvdctl_stop_reason_name(r);

	if (name)
		return name;
	if (!s->stops_by_reason[r])
		return NULL;
	snprintf(buf, size, "reason_%u", r);
	return buf;
}

/**
 * lvdctl_print_stats() - "lvdctl stats": one "key: value" line a counter
 * @f: the stream
 * @s: what LVD_IOC_STATS gave
 *
 * The stops by reason are "stops_by_reason.exit: 1" and so on, the path of
 * the same counter in the JSON output.
 */
void lvdctl_print_stats(FILE *f, const struct lvd_ioc_stats *s)
{
	const char *key;
	char buf[24];
	unsigned int r;
	size_t i;

	for (i = 0; i < ARRAY_SIZE(stats_keys); i++)
		fprintf(f, "%s: %llu\n", stats_keys[i].key, stat_at(s, i));
	for (r = 0; r < N_STOP_SLOTS; r++) {
		key = reason_key(s, r, buf, sizeof(buf));
		if (key)
			fprintf(f, "stops_by_reason.%s: %llu\n", key,
				(unsigned long long)s->stops_by_reason[r]);
	}
}

/* "lvdctl stats --json": the same keys, stops_by_reason an object of its own. */
void lvdctl_print_stats_json(FILE *f, const struct lvd_ioc_stats *s)
{
	struct lvdctl_json j;
	const char *key;
	char buf[24];
	unsigned int r;
	size_t i;

	lvdctl_json_init(&j, f);
	lvdctl_json_begin_object(&j, NULL, false);
	for (i = 0; i < ARRAY_SIZE(stats_keys); i++)
		lvdctl_json_uint(&j, stats_keys[i].key, stat_at(s, i));
	lvdctl_json_begin_object(&j, "stops_by_reason", true);
	for (r = 0; r < N_STOP_SLOTS; r++) {
		key = reason_key(s, r, buf, sizeof(buf));
		if (key)
			lvdctl_json_uint(&j, key, s->stops_by_reason[r]);
	}
	lvdctl_json_end_object(&j);
	lvdctl_json_end_object(&j);
}

/* "lvdctl call": the return value, signed decimal and hex: "-1 (0xffffffffffffffff)". */
void lvdctl_print_ret(FILE *f, u64 ret)
{
	fprintf(f, "%lld (0x%llx)\n", (long long)ret, (unsigned long long)ret);
}

/* "lvdctl call --json": {"ret": -1, "ret_hex": "0xffffffffffffffff"}. */
void lvdctl_print_ret_json(FILE *f, u64 ret)
{
	struct lvdctl_json j;

	lvdctl_json_init(&j, f);
	lvdctl_json_begin_object(&j, NULL, true);
	lvdctl_json_int(&j, "ret", (long long)ret);
	lvdctl_json_hex(&j, "ret_hex", ret);
	lvdctl_json_end_object(&j);
}

/* "lvdctl call --json" when the call failed: {"error": WHY, "err": -125}. */
void lvdctl_print_call_error_json(FILE *f, s32 err, const char *why)
{
	struct lvdctl_json j;

	lvdctl_json_init(&j, f);
	lvdctl_json_begin_object(&j, NULL, true);
	lvdctl_json_string(&j, "error", why);
	lvdctl_json_int(&j, "err", err);
	lvdctl_json_end_object(&j);
}

#define KEY_WIDTH	15	/* "cpus_launched:" and a blank */

/* "  key:           value" of a group of "lvdctl status". */
static __printf(3, 4) void key_value(FILE *f, const char *key, const char *fmt, ...)
{
	char k[32];
	va_list ap;

	snprintf(k, sizeof(k), "%s:", key);
	fprintf(f, "  %-*s", KEY_WIDTH, k);
	va_start(ap, fmt);
	vfprintf(f, fmt, ap);
	va_end(ap);
	fputc('\n', f);
}

/* @v in decimal, or "unknown" for %LVDCTL_NA. */
static const char *num(u64 v, char *buf, size_t size)
{
	if (v == LVDCTL_NA)
		return "unknown";
	snprintf(buf, size, "%llu", (unsigned long long)v);
	return buf;
}

/* After "cpus_launched: 2 of 4 online": why not all, or "". */
static const char *cpus_note(const struct lvdctl_status *st)
{
	if (st->cpus_launched == st->cpus_online)
		return "";
	if (st->launch == 0)
		return " (loaded with launch=0: the hypervisor does not run)";
	return " (not all: the kernel log says why)";
}

static void print_hv(FILE *f, const struct lvdctl_status *st)
{
	char b1[24], b2[24];

	if (!st->hv_loaded) {
		fputs("hypervisor: not loaded (load lvd_hv.ko)\n", f);
		return;
	}
	fputs("hypervisor:\n", f);
	key_value(f, "cpus_launched", "%s of %s online%s", num(st->cpus_launched, b1, sizeof(b1)),
		  num(st->cpus_online, b2, sizeof(b2)), cpus_note(st));
	if (st->abi_version != LVDCTL_NA && st->abi_version != LVD_HC_ABI_VERSION)
		key_value(f, "abi_version", "%llu (this lvdctl knows %d)",
			  (unsigned long long)st->abi_version, LVD_HC_ABI_VERSION);
	else
		key_value(f, "abi_version", "%s", num(st->abi_version, b1, sizeof(b1)));
}

static void print_exits(FILE *f, const struct lvdctl_status *st)
{
	char buf[24];
	int i;

	fputs("exits:\n", f);
	key_value(f, "total", "%s", num(st->exits, buf, sizeof(buf)));
	fprintf(f, "  %-*s%s", KEY_WIDTH, "top:", st->ntop ? "" : "none");
	for (i = 0; i < st->ntop; i++)
		fprintf(f, "%s%s %llu", i ? ", " : "", st->top[i].reason,
			(unsigned long long)st->top[i].count);
	fputc('\n', f);
	key_value(f, "view_exits", "%s", num(st->view_exits, buf, sizeof(buf)));
	key_value(f, "view_aborts", "%s", num(st->view_aborts, buf, sizeof(buf)));
}

/* "stops: 2 (exit 1, budget 1)": the reasons that stopped a domain. */
static void print_stops(FILE *f, const struct lvd_ioc_stats *s)
{
	const char *key;
	char buf[24];
	unsigned int r;
	int n = 0;

	fprintf(f, "  %-*s%llu", KEY_WIDTH, "stops:", (unsigned long long)s->stops);
	for (r = 0; r < N_STOP_SLOTS; r++) {
		key = reason_key(s, r, buf, sizeof(buf));
		if (key && s->stops_by_reason[r])
			fprintf(f, "%s%s %llu", n++ ? ", " : " (", key,
				(unsigned long long)s->stops_by_reason[r]);
	}
	fputs(n ? ")\n" : "\n", f);
}

static u64 slots_free(const struct lvd_ioc_stats *s)
{
	return s->slots > s->domains ? s->slots - s->domains : 0;
}

static void print_domains(FILE *f, const struct lvdctl_status *st)
{
	const struct lvd_ioc_stats *s = &st->stats;
	char b1[24], b2[24], b3[24];

	if (!st->dom_loaded) {
		fputs("domains: lvd_dom not loaded\n", f);
		return;
	}
	fputs("domains:\n", f);
	key_value(f, "count", "%s (%s ready, %s stopped)", num(st->domains, b1, sizeof(b1)),
		  num(st->ready, b2, sizeof(b2)), num(st->stopped, b3, sizeof(b3)));
	key_value(f, "slots_free", "%llu of %llu", (unsigned long long)slots_free(s),
		  (unsigned long long)s->slots);
	key_value(f, "calls", "%llu", (unsigned long long)s->calls);
	key_value(f, "upcalls", "%llu", (unsigned long long)s->upcalls);
	print_stops(f, s);
	key_value(f, "pages", "%llu", (unsigned long long)s->pages);
	key_value(f, "budget_ms", "%s%s", num(st->budget_ms, b1, sizeof(b1)),
		  st->budget_ms ? "" : " (no limit)");
}

/**
 * lvdctl_print_status() - "lvdctl status": three groups of "key: value" lines
 * @f: the stream
 * @st: what was found
 *
 * "hypervisor:", "exits:" (when lvd_hv.ko is loaded) and "domains:", each
 * with its lines indented below it and their values aligned; a module that
 * is not loaded is one line, "hypervisor: not loaded (load lvd_hv.ko)" or
 * "domains: lvd_dom not loaded". A value that could not be read is "unknown".
 */
void lvdctl_print_status(FILE *f, const struct lvdctl_status *st)
{
	print_hv(f, st);
	if (st->hv_loaded)
		print_exits(f, st);
	print_domains(f, st);
}

/* @v, or null for %LVDCTL_NA. */
static void json_num(struct lvdctl_json *j, const char *key, u64 v)
{
	if (v == LVDCTL_NA)
		lvdctl_json_null(j, key);
	else
		lvdctl_json_uint(j, key, v);
}

static void hv_json(struct lvdctl_json *j, const struct lvdctl_status *st)
{
	lvdctl_json_begin_object(j, "hypervisor", false);
	lvdctl_json_bool(j, "loaded", st->hv_loaded);
	json_num(j, "cpus_launched", st->cpus_launched);
	json_num(j, "cpus_online", st->cpus_online);
	json_num(j, "abi_version", st->abi_version);
	lvdctl_json_end_object(j);
}

static void exits_json(struct lvdctl_json *j, const struct lvdctl_status *st)
{
	int i;

	lvdctl_json_begin_object(j, "exits", false);
	json_num(j, "total", st->exits);
	if (st->exits == LVDCTL_NA) {
		lvdctl_json_null(j, "top");
	} else {
		lvdctl_json_begin_array(j, "top", true);
		for (i = 0; i < st->ntop; i++) {
			lvdctl_json_begin_object(j, NULL, true);
			lvdctl_json_string(j, "reason", st->top[i].reason);
			lvdctl_json_uint(j, "count", st->top[i].count);
			lvdctl_json_end_object(j);
		}
		lvdctl_json_end_array(j);
	}
	json_num(j, "view_exits", st->view_exits);
	json_num(j, "view_aborts", st->view_aborts);
	lvdctl_json_end_object(j);
}

static void stops_json(struct lvdctl_json *j, const struct lvd_ioc_stats *s)
{
	const char *key;
	char buf[24];
	unsigned int r;

	lvdctl_json_begin_object(j, "stops_by_reason", true);
	for (r = 0; r < N_STOP_SLOTS; r++) {
		key = reason_key(s, r, buf, sizeof(buf));
		if (key)
			lvdctl_json_uint(j, key, s->stops_by_reason[r]);
	}
	lvdctl_json_end_object(j);
}

/* The domains group: the counters of lvd_dom.ko, null when it is not loaded. */
static void domains_json(struct lvdctl_json *j, const struct lvdctl_status *st)
{
	const struct lvd_ioc_stats *s = st->dom_loaded ? &st->stats : NULL;

	lvdctl_json_begin_object(j, "domains", false);
	lvdctl_json_bool(j, "loaded", st->dom_loaded);
	json_num(j, "count", st->domains);
	json_num(j, "ready", st->ready);
	json_num(j, "stopped", st->stopped);
	json_num(j, "slots_free", s ? slots_free(s) : LVDCTL_NA);
	json_num(j, "calls", s ? s->calls : LVDCTL_NA);
	json_num(j, "upcalls", s ? s->upcalls : LVDCTL_NA);
	json_num(j, "stops", s ? s->stops : LVDCTL_NA);
	if (s)
		stops_json(j, s);
	else
		lvdctl_json_null(j, "stops_by_reason");
	json_num(j, "pages", s ? s->pages : LVDCTL_NA);
	json_num(j, "budget_ms", st->budget_ms);
	lvdctl_json_end_object(j);
}

/**
 * lvdctl_print_status_json() - "lvdctl status --json"
 * @f: the stream
 * @st: what was found
 *
 * {"hypervisor": {"loaded", "cpus_launched", "cpus_online", "abi_version"},
 * "exits": {"total", "top": [{"reason", "count"}, ...], "view_exits",
 * "view_aborts"}, "domains": {"loaded", "count", "ready", "stopped",
 * "slots_free", "calls", "upcalls", "stops", "stops_by_reason", "pages",
 * "budget_ms"}}, with null for every value that could not be read or
 * belongs to a module that is not loaded.
 */
void lvdctl_print_status_json(FILE *f, const struct lvdctl_status *st)
{
	struct lvdctl_json j;

	lvdctl_json_init(&j, f);
	lvdctl_json_begin_object(&j, NULL, false);
	hv_json(&j, st);
	exits_json(&j, st);
	domains_json(&j, st);
	lvdctl_json_end_object(&j);
}
