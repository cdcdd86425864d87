/* SPDX-License-Identifier: GPL-2.0 */
/*
 * tests/unit/json_valid.h - a strict JSON (RFC 8259) syntax check for the
 * tests of JSON output: one value, then only white space; strings without
 * raw control characters and with valid escapes. It is stricter than JSON
 * in one way: bytes of 0x80 and above are refused, since lvdctl escapes
 * them.
 *
 * Usage: json_valid(text, &where) is 1 when @text is valid; otherwise 0 and
 * where points at the first offending byte.
 */
#ifndef LVD_TEST_JSON_VALID_H
#define LVD_TEST_JSON_VALID_H

#include <string.h>

static int jv_value(const char **p, int depth);

static void jv_ws(const char **p)
{
	while (**p == ' ' || **p == '\t' || **p == '\n' || **p == '\r')
		(*p)++;
}

static int jv_hex(char c)
{
	return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
}

static int jv_string(const char **p)
{
	const char *s = *p;

	if (*s++ != '"')
		return 0;
	for (;;) {
		unsigned char c = *s;

		if (c == '"')
			break;
		if (c < 0x20 || c >= 0x80) {
			*p = s;
			return 0;
		}
		if (c == '\\') {
			s++;
			if (*s == 'u') {
				if (!jv_hex(s[1]) || !jv_hex(s[2]) || !jv_hex(s[3]) || !jv_hex(s[4])) {
					*p = s;
					return 0;
				}
				s += 4;
			} else if (!*s || !strchr("\"\\/bfnrt", *s)) {
				*p = s;
				return 0;
			}
		}
		s++;
	}
	*p = s + 1;
	return 1;
}

static int jv_number(const char **p)
{
	const char *s = *p;

	if (*s == '-')
		s++;
	if (*s == '0') {
		s++;
	} else if (*s >= '1' && *s <= '9') {
		while (*s >= '0' && *s <= '9')
			s++;
	} else {
		return 0;
	}
	if (*s == '.') {
		s++;
		if (!(*s >= '0' && *s <= '9'))
			return 0;
		while (*s >= '0' && *s <= '9')
			s++;
	}
	if (*s == 'e' || *s == 'E') {
		s++;
		if (*s == '+' || *s == '-')
			s++;
		if (!(*s >= '0' && *s <= '9'))
			return 0;
		while (*s >= '0' && *s <= '9')
			s++;
	}
	*p = s;
	return 1;
}

static int jv_container(const char **p, int depth, char close, int object)
{
	(*p)++;
	jv_ws(p);
	if (**p == close) {
		(*p)++;
		return 1;
	}
	for (;;) {
		if (object) {
			jv_ws(p);
			if (!jv_string(p))
				return 0;
			jv_ws(p);
			if (**p != ':')
				return 0;
			(*p)++;
		}
		if (!jv_value(p, depth + 1))
			return 0;
		jv_ws(p);
		if (**p == close) {
			(*p)++;
			return 1;
		}
		if (**p != ',')
			return 0;
		(*p)++;
	}
}

static int jv_value(const char **p, int depth)
{
	if (depth > 64)
		return 0;
	jv_ws(p);
	switch (**p) {
	case '{':
		return jv_container(p, depth, '}', 1);
	case '[':
		return jv_container(p, depth, ']', 0);
	case '"':
		return jv_string(p);
	case 't':
		if (strncmp(*p, "true", 4))
			return 0;
		*p += 4;
		return 1;
	case 'f':
		if (strncmp(*p, "false", 5))
			return 0;
		*p += 5;
		return 1;
	case 'n':
		if (strncmp(*p, "null", 4))
			return 0;
		*p += 4;
		return 1;
	default:
		return jv_number(p);
	}
}

static inline int json_valid(const char *text, const char **where)
{
	const char *p = text;
	int ok = jv_value(&p, 0);

	if (ok) {
		jv_ws(&p);
		ok = !*p;
	}
	if (where)
		*where = p;
	return ok;
}

#endif /* LVD_TEST_JSON_VALID_H */
