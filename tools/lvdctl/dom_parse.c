// SPDX-License-Identifier: GPL-2.0
/*
 * tools/lvdctl/dom_parse.c - what the domain commands read from their
 * command line and from lvd_dom.ko's answers: the integer arguments of
 * "lvdctl call", domain names (given, or derived from an object file's
 * name), and the names of domain states and stop reasons; and what
 * "lvdctl status" reads from lvd_hv.ko's debugfs files, its module
 * parameters and /proc/mounts.
 *
 * Pure (no I/O), unit-tested in tests/unit/test_lvdctl_dom.c.
 */
#include <stdio.h>

#include "dom.h"

/* The value of @c as a digit of @base (10 or 16), or -1. */
static int digit(char c, unsigned int base)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (base == 16 && c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (base == 16 && c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

/* At least one digit of @base and nothing else, at most @limit. */
static int parse_digits(const char *s, unsigned int base, u64 limit, u64 *v)
{
	const char *p;
	u64 x = 0;

	if (!*s)
		return -EINVAL;
	for (p = s; *p; p++)
		if (digit(*p, base) < 0)
			return -EINVAL;
	for (p = s; *p; p++) {
		unsigned int d = digit(*p, base);

		if (x > (limit - d) / base)
			return -ERANGE;
		x = x * base + d;
	}
	*v = x;
	return 0;
}

/**
 * lvdctl_parse_int() - one integer argument of a domain call
 * @s: decimal, optionally negative, that fits in 64 signed bits
 *     ("-9223372036854775808".."9223372036854775807"; leading zeros are
 *     decimal, not octal), or "0x"/"0X" and hex digits that fit in 64
 *     unsigned bits; no sign before "0x", no blanks, no "+"
 * @v: the 64 bits (a negative number in two's complement); untouched on error
 *
 * Return: 0, -EINVAL when @s is not such a number, -ERANGE when it is one
 * that does not fit.
 */
int lvdctl_parse_int(const char *s, u64 *v)
{
	u64 x;
	int ret;

	if (s[0] == '0' && (s[1] == 'x' || s[1] == 'X'))
		return parse_digits(s + 2, 16, UINT64_MAX, v);
	if (s[0] != '-')
		return parse_digits(s, 10, INT64_MAX, v);
	ret = parse_digits(s + 1, 10, (u64)INT64_MAX + 1, &x);
	if (!ret)
		*v = -x;
	return ret;
}

/* Why lvdctl_parse_int() refused, for its return value @ret. */
const char *lvdctl_int_error(int ret)
{
	if (ret == -ERANGE)
		return "out of range (decimal -9223372036854775808..9223372036854775807, "
		       "hex 0x0..0xffffffffffffffff)";
	return "not an integer (decimal, or hex with 0x)";
}

static bool name_char(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
	       c == '_' || c == '.' || c == '-';
}

/**
 * lvdctl_name_from_path() - the domain name "lvdctl load FILE" gives
 * @path: the object file
 * @name: the name: @path's last component up to its first '.', with every
 *	  byte outside [A-Za-z0-9_.-] replaced by '_', cut to @size - 1 bytes
 * @size: size of @name (%LVD_NAME_MAX), at least 1
 *
 * Return: 0, or -EINVAL when that leaves nothing ("dir/", ".o").
 */
int lvdctl_name_from_path(const char *path, char *name, size_t size)
{
	const char *base = strrchr(path, '/');
	size_t i, n;

	base = base ? base + 1 : path;
	n = strcspn(base, ".");
	if (n > size - 1)
		n = size - 1;
	for (i = 0; i < n; i++)
		name[i] = name_char(base[i]) ? base[i] : '_';
	name[n] = '\0';
	return n ? 0 : -EINVAL;
}

/**
 * lvdctl_check_name() - is @name a domain name lvd_dom.ko can take?
 * @name: as the user typed it
 *
 * Return: NULL when it is, else why not.
 */
const char *lvdctl_check_name(const char *name)
{
	const char *p;

	if (!*name)
		return "empty";
	_Static_assert(LVD_NAME_MAX == 32, "the message below says 31");
	if (strlen(name) > LVD_NAME_MAX - 1)
		return "too long (at most 31 characters)";
	for (p = name; *p; p++)
		if (!name_char(*p))
			return "only letters, digits, '_', '.' and '-' may be in a name";
	return NULL;
}

/* "ready", "stopped", or NULL for a state this lvdctl does not know. */
const char *lvdctl_state_name(u32 state)
{
	switch (state) {
	case LVD_DOM_READY:
		return "ready";
	case LVD_DOM_STOPPED:
		return "stopped";
	}
	return NULL;
}

static const char *const stop_reasons[] = {
	[LVD_STOP_REQUEST] = "request",
	[LVD_STOP_EXIT] = "exit",
	[LVD_STOP_LANDING] = "landing",
	[LVD_STOP_BUDGET] = "budget",
	[LVD_STOP_UPCALL] = "upcall",
};

/* The name of a stop reason, NULL for LVD_STOP_NONE and unknown ones. */
const char *lvdctl_stop_reason_name(u32 reason)
{
	if (reason < ARRAY_SIZE(stop_reasons))
		return stop_reasons[reason];
	return NULL;
}

/**
 * lvdctl_copy_field() - a fixed-size string field of the device, as a C string
 * @dst: the copy, always NUL-terminated
 * @size: size of @dst
 * @src: the field, which may lack its NUL
 * @len: size of the field
 */
void lvdctl_copy_field(char *dst, size_t size, const char *src, size_t len)
{
	size_t n = strnlen(src, len);

	if (n > size - 1)
		n = size - 1;
	memcpy(dst, src, n);
	dst[n] = '\0';
}

/**
 * lvdctl_one_line() - a message of the device, made fit for one line
 * @dst: the copy: control characters (a newline, say) become blanks, and
 *	 trailing blanks go
 * @size: size of @dst
 * @src: the message field
 * @len: size of the field
 */
void lvdctl_one_line(char *dst, size_t size, const char *src, size_t len)
{
	size_t n;
	char *p;

	lvdctl_copy_field(dst, size, src, len);
	for (p = dst; *p; p++)
		if ((unsigned char)*p < 0x20 || *p == 0x7f)
			*p = ' ';
	n = strlen(dst);
	while (n && dst[n - 1] == ' ')
		dst[--n] = '\0';
}

/* Stopped: by its state, or because it has a reason to be. */
bool lvdctl_dom_stopped(const struct lvd_dom_info *d)
{
	return d->state == LVD_DOM_STOPPED || d->stop_reason != LVD_STOP_NONE;
}

/* Nothing known yet: every value %LVDCTL_NA, nothing loaded. */
void lvdctl_status_init(struct lvdctl_status *st)
{
	memset(st, 0, sizeof(*st));
	st->launch = -1;
	st->cpus_launched = st->cpus_online = st->abi_version = LVDCTL_NA;
	st->exits = st->view_exits = st->view_aborts = LVDCTL_NA;
	st->domains = st->ready = st->stopped = st->budget_ms = LVDCTL_NA;
}

#define WORD_MAX	LVDCTL_REASON_MAX	/* a word of debugfs or /proc/mounts */

/*
 * The blank-separated words of the line at *@p, the first @max of them in
 * @w (cut to WORD_MAX - 1 bytes); *@p moves past the line.
 * Return: how many words the line has, also those past @max.
 */
static int line_words(const char **p, char w[][WORD_MAX], int max)
{
	const char *s = *p;
	size_t len;
	int n = 0;

	for (;;) {
		s += strspn(s, " \t");
		len = strcspn(s, " \t\n");
		if (!len)
			break;
		if (n < max)
			lvdctl_copy_field(w[n], WORD_MAX, s, len);
		n++;
		s += len;
	}
	*p = *s ? s + 1 : s;
	return n;
}

/* Add @v to the sum *@sum, which may still be %LVDCTL_NA. */
static void add(u64 *sum, u64 v)
{
	*sum = (*sum == LVDCTL_NA ? 0 : *sum) + v;
}

static const struct {
	const char *key;
	size_t off;
} hv_keys[] = {
	{ "cpus_launched", offsetof(struct lvdctl_status, cpus_launched) },
	{ "cpus_online", offsetof(struct lvdctl_status, cpus_online) },
	{ "abi_version", offsetof(struct lvdctl_status, abi_version) },
};

/**
 * lvdctl_parse_hv_status() - /sys/kernel/debug/lvd/status
 * @text: its lines, "key value" ("cpus_launched 4", "abi_version 2", ...)
 * @st: where cpus_launched, cpus_online and abi_version go; a key that is
 *	missing, or whose value is not a decimal number, stays as it was
 */
void lvdctl_parse_hv_status(const char *text, struct lvdctl_status *st)
{
	char w[2][WORD_MAX];
	size_t i;
	u64 v;

	while (*text) {
		if (line_words(&text, w, 2) != 2 || parse_digits(w[1], 10, UINT64_MAX, &v))
			continue;
		for (i = 0; i < ARRAY_SIZE(hv_keys); i++)
			if (!strcmp(w[0], hv_keys[i].key))
				*(u64 *)((char *)st + hv_keys[i].off) = v;
	}
}

/*
 * The counters of the exits file that are not exit reasons: every one
 * after "cpuN total" in CPU N's lines, and these wherever they are.
 */
static const char *const exit_counters[] = {
	"total", "hypercalls_ok", "hypercalls_refused", "msr_writes_emulated",
	"ept_holes_filled", "injected_ud", "injected_gp", "entry_failed", "cr_pinned",
	"view_exits", "view_aborts", "budget_ticks",
};

#define REASONS_MAX	128	/* distinct exit reasons summed (70 and "other") */

/**
 * struct exits_sum - the exits file, summed over the CPUs
 * @r:		per exit reason
 * @n:		reasons in @r
 * @cpu:	the CPU of the last line
 * @counters:	that line was past "cpuN total": no more exit reasons of @cpu
 * @blocks:	CPUs with a "total" line (those that had an exit)
 */
struct exits_sum {
	struct lvdctl_exit_count r[REASONS_MAX];
	int n;
	u64 cpu;
	bool counters;
	int blocks;
};

static bool is_counter(const char *name)
{
	size_t i;

	for (i = 0; i < ARRAY_SIZE(exit_counters); i++)
		if (!strcmp(name, exit_counters[i]))
			return true;
	return false;
}

/* Add @v exits of reason @name. */
static void add_reason(struct exits_sum *x, const char *name, u64 v)
{
	int i;

	for (i = 0; i < x->n; i++)
		if (!strcmp(x->r[i].reason, name))
			break;
	if (i == x->n) {
		if (x->n == REASONS_MAX)
			return;
		lvdctl_copy_field(x->r[x->n++].reason, LVDCTL_REASON_MAX, name, WORD_MAX);
	}
	x->r[i].count += v;
}

/* One "cpuN NAME COUNT" line of CPU @cpu. */
static void exits_line(struct exits_sum *x, struct lvdctl_status *st, u64 cpu,
		       const char *name, u64 v)
{
	if (cpu != x->cpu)
		x->counters = false;
	x->cpu = cpu;
	if (!strcmp(name, "total")) {
		x->counters = true;
		x->blocks++;
	} else if (!strcmp(name, "view_exits")) {
		add(&st->view_exits, v);
	} else if (!strcmp(name, "view_aborts")) {
		add(&st->view_aborts, v);
	} else if (!x->counters && !is_counter(name)) {
		add_reason(x, name, v);
		add(&st->exits, v);
	}
}

/* More exits first; of as many, the name first in the alphabet. */
static bool before(const struct lvdctl_exit_count *a, const struct lvdctl_exit_count *b)
{
	return a->count > b->count || (a->count == b->count && strcmp(a->reason, b->reason) < 0);
}

/* The LVDCTL_TOP_EXITS largest of @x into st->top, largest first. */
static void pick_top(struct exits_sum *x, struct lvdctl_status *st)
{
	struct lvdctl_exit_count t;
	int i, k, best;

	for (k = 0; k < LVDCTL_TOP_EXITS && k < x->n; k++) {
		best = k;
		for (i = k + 1; i < x->n; i++)
			if (before(&x->r[i], &x->r[best]))
				best = i;
		t = x->r[k];
		x->r[k] = x->r[best];
		x->r[best] = t;
		st->top[k] = x->r[k];
	}
	st->ntop = k;
}

/**
 * lvdctl_parse_exits() - /sys/kernel/debug/lvd/exits
 * @text: its lines, "cpuN NAME COUNT": per CPU its exit reasons, then
 *	  "cpuN total COUNT" and the other counters (a CPU without exits has
 *	  no lines)
 * @st: where exits (the exits of every reason summed), top, view_exits and
 *	view_aborts go
 *
 * Lines of another shape are left out. With no "total" line (no exits
 * yet) every sum is 0; else a counter that no line names stays
 * %LVDCTL_NA (an lvd_hv.ko that does not count it).
 */
void lvdctl_parse_exits(const char *text, struct lvdctl_status *st)
{
	struct exits_sum x;
	char w[3][WORD_MAX];
	u64 cpu, v;

	memset(&x, 0, sizeof(x));
	x.cpu = LVDCTL_NA;
	while (*text) {
		if (line_words(&text, w, 3) != 3 || strncmp(w[0], "cpu", 3) ||
		    parse_digits(w[0] + 3, 10, UINT64_MAX, &cpu) ||
		    parse_digits(w[2], 10, UINT64_MAX, &v))
			continue;
		exits_line(&x, st, cpu, w[1], v);
	}
	if (st->exits == LVDCTL_NA)
		st->exits = 0;
	if (!x.blocks) {
		add(&st->view_exits, 0);
		add(&st->view_aborts, 0);
	}
	pick_top(&x, st);
}

/**
 * lvdctl_parse_param() - a module parameter of type uint
 * @text: the file's contents ("200\n")
 *
 * Return: its value, or %LVDCTL_NA when @text is not a decimal number.
 */
u64 lvdctl_parse_param(const char *text)
{
	char w[1][WORD_MAX];
	u64 v;

	if (line_words(&text, w, 1) != 1 || parse_digits(w[0], 10, UINT64_MAX, &v))
		return LVDCTL_NA;
	return v;
}

/**
 * lvdctl_mounted() - is a file system of type @type mounted at @dir?
 * @mounts: /proc/mounts ("none /sys/kernel/debug debugfs rw,relatime 0 0")
 * @dir: the mount point
 * @type: the file system type
 */
bool lvdctl_mounted(const char *mounts, const char *dir, const char *type)
{
	char w[3][WORD_MAX];

	while (*mounts)
		if (line_words(&mounts, w, 3) >= 3 && !strcmp(w[1], dir) && !strcmp(w[2], type))
			return true;
	return false;
}
