// SPDX-License-Identifier: GPL-2.0
/*
 * tools/lvdctl/dom_parse.c - what the domain commands read from their
 * command line and from lvd_dom.ko's answers: the integer arguments of
 * "lvdctl call", domain names (given, or derived from an object file's
 * name), and the names of domain states and stop reasons.
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
