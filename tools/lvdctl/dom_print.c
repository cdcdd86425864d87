// SPDX-License-Identifier: GPL-2.0
/*
 * tools/lvdctl/dom_print.c - what the domain commands print: the domain
 * table of "lvdctl list" and the counters of "lvdctl stats", as text and
 * as JSON, and the return value of "lvdctl call".
 *
 * Pure (writes only to the FILE given), unit-tested in
 * tests/unit/test_lvdctl_dom.c. Names and messages come from the device in
 * fixed-size fields and are copied out bounded (lvdctl_copy_field()), so a
 * field without its NUL cannot run past its end.
 */
#include <stddef.h>
#include <stdio.h>
#include <string.h>

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

static bool is_stopped(const struct lvd_dom_info *d)
{
	return d->state == LVD_DOM_STOPPED || d->stop_reason != LVD_STOP_NONE;
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
	if (!is_stopped(d))
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
	bool stopped = is_stopped(d);

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
