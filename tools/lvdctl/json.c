// SPDX-License-Identifier: GPL-2.0
/*
 * tools/lvdctl/json.c - a small JSON writer for lvdctl's --json output.
 *
 * Keys and string values go through lvdctl_json_escape(), so the output is
 * valid JSON for any input bytes: quote, backslash and control characters
 * are escaped, and a byte of 0x7f or above is written as \u00XX (read as
 * Latin-1), so a stray byte that is not UTF-8 (a hypervisor's CPUID
 * signature, say) cannot make the document invalid.
 */
#include <stdio.h>

#include "json.h"

/**
 * lvdctl_json_escape() - write @s as a JSON string, quotes included
 * @f: the stream
 * @s: a NUL-terminated string; NULL is written as null
 */
void lvdctl_json_escape(FILE *f, const char *s)
{
	const unsigned char *p = (const unsigned char *)s;

	if (!s) {
		fputs("null", f);
		return;
	}
	fputc('"', f);
	for (; *p; p++) {
		switch (*p) {
		case '"':
			fputs("\\\"", f);
			break;
		case '\\':
			fputs("\\\\", f);
			break;
		case '\n':
			fputs("\\n", f);
			break;
		case '\r':
			fputs("\\r", f);
			break;
		case '\t':
			fputs("\\t", f);
			break;
		case '\b':
			fputs("\\b", f);
			break;
		case '\f':
			fputs("\\f", f);
			break;
		default:
			if (*p < 0x20 || *p >= 0x7f)
				fprintf(f, "\\u%04x", *p);
			else
				fputc(*p, f);
		}
	}
	fputc('"', f);
}

void lvdctl_json_init(struct lvdctl_json *j, FILE *f)
{
	j->f = f;
	j->depth = 0;
	j->count[0] = 0;
	j->inline_[0] = false;
}

/* Separator, indentation and key of the next member. */
static void member(struct lvdctl_json *j, const char *key)
{
	int d = j->depth;

	if (d > 0) {
		if (j->count[d - 1]++)
			fputc(',', j->f);
		if (j->inline_[d - 1]) {
			if (j->count[d - 1] > 1)
				fputc(' ', j->f);
		} else {
			fprintf(j->f, "\n%*s", 2 * d, "");
		}
	}
	if (key) {
		lvdctl_json_escape(j->f, key);
		fputs(": ", j->f);
	}
}

static void begin(struct lvdctl_json *j, const char *key, bool one_line, char open)
{
	member(j, key);
	fputc(open, j->f);
	if (j->depth < LVDCTL_JSON_DEPTH) {
		j->count[j->depth] = 0;
		/* Inside a one-line container, everything stays on that line. */
		j->inline_[j->depth] = one_line || (j->depth && j->inline_[j->depth - 1]);
	}
	j->depth++;
}

static void end(struct lvdctl_json *j, char close)
{
	int d = --j->depth;

	if (d < LVDCTL_JSON_DEPTH && j->count[d] && !j->inline_[d])
		fprintf(j->f, "\n%*s", 2 * d, "");
	fputc(close, j->f);
	if (!d)
		fputc('\n', j->f);
}

/**
 * lvdctl_json_begin_object() - open an object
 * @j: the writer
 * @key: its key in the enclosing object, NULL in an array or at the top
 * @one_line: write it on one line ({"a": 1, "b": 2})
 */
void lvdctl_json_begin_object(struct lvdctl_json *j, const char *key, bool one_line)
{
	begin(j, key, one_line, '{');
}

void lvdctl_json_end_object(struct lvdctl_json *j)
{
	end(j, '}');
}

void lvdctl_json_begin_array(struct lvdctl_json *j, const char *key, bool one_line)
{
	begin(j, key, one_line, '[');
}

void lvdctl_json_end_array(struct lvdctl_json *j)
{
	end(j, ']');
}

void lvdctl_json_string(struct lvdctl_json *j, const char *key, const char *s)
{
	member(j, key);
	lvdctl_json_escape(j->f, s);
}

void lvdctl_json_bool(struct lvdctl_json *j, const char *key, bool b)
{
	member(j, key);
	fputs(b ? "true" : "false", j->f);
}

/* @t < 0: unknown (null), 0: false, > 0: true. */
void lvdctl_json_tristate(struct lvdctl_json *j, const char *key, int t)
{
	member(j, key);
	fputs(t < 0 ? "null" : t ? "true" : "false", j->f);
}

void lvdctl_json_int(struct lvdctl_json *j, const char *key, long long v)
{
	member(j, key);
	fprintf(j->f, "%lld", v);
}

void lvdctl_json_uint(struct lvdctl_json *j, const char *key, unsigned long long v)
{
	member(j, key);
	fprintf(j->f, "%llu", v);
}

/* A 64-bit register value, as a "0x..." string (JSON numbers lose bits past 2^53). */
void lvdctl_json_hex(struct lvdctl_json *j, const char *key, unsigned long long v)
{
	member(j, key);
	fprintf(j->f, "\"0x%llx\"", v);
}

void lvdctl_json_null(struct lvdctl_json *j, const char *key)
{
	member(j, key);
	fputs("null", j->f);
}
