// SPDX-License-Identifier: GPL-2.0
/*
 * tests/unit/test_lvdctl_json.c - lvdctl's JSON writer: every string comes
 * out escaped into valid JSON whatever its bytes, containers nest with the
 * right commas, one-line containers stay on one line.
 */
// unit-deps: tools/lvdctl/json.c
#define _GNU_SOURCE
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "../../tools/lvdctl/json.h"
#include "json_valid.h"
#include "tap.h"

/* What lvdctl_json_escape() makes of @s, in a static buffer. */
static const char *escaped(const char *s)
{
	static char out[2048];
	FILE *f = fmemopen(out, sizeof(out), "w");

	lvdctl_json_escape(f, s);
	fclose(f);
	return out;
}

static void expect_escape(const char *in, const char *want, const char *what)
{
	const char *got = escaped(in);

	if (!TAP_OK(!strcmp(got, want) && json_valid(got, NULL), "escape %s: %s", what, want))
		printf("#   got %s\n", got);
}

int main(void)
{
	char all[256], *buf;
	const char *where;
	struct lvdctl_json j;
	size_t len;
	FILE *f;
	int i;

	expect_escape("plain", "\"plain\"", "plain text");
	expect_escape("", "\"\"", "empty string");
	expect_escape(NULL, "null", "NULL is null");
	expect_escape("say \"hi\"", "\"say \\\"hi\\\"\"", "double quotes");
	expect_escape("C:\\dir", "\"C:\\\\dir\"", "backslash");
	expect_escape("a\nb\tc\rd", "\"a\\nb\\tc\\rd\"", "newline, tab, carriage return");
	expect_escape("\b\f", "\"\\b\\f\"", "backspace, form feed");
	expect_escape("\x01\x1f", "\"\\u0001\\u001f\"", "other control characters as \\u00XX");
	expect_escape("\x7f", "\"\\u007f\"", "DEL");
	expect_escape("\xff\x80", "\"\\u00ff\\u0080\"", "bytes past ASCII (not UTF-8) as \\u00XX");
	expect_escape("/ ' < >", "\"/ ' < >\"", "other punctuation as is");

	/* Every byte value 1..255 in one string: still valid JSON. */
	for (i = 1; i < 256; i++)
		all[i - 1] = (char)i;
	all[255] = '\0';
	TAP_OK(json_valid(escaped(all), &where), "all 255 non-NUL bytes give valid JSON");

	/* A document with every kind of value and nesting. */
	f = open_memstream(&buf, &len);
	lvdctl_json_init(&j, f);
	lvdctl_json_begin_object(&j, NULL, false);
	lvdctl_json_string(&j, "name", "x\"y");
	lvdctl_json_int(&j, "n", -42);
	lvdctl_json_bool(&j, "t", true);
	lvdctl_json_bool(&j, "f", false);
	lvdctl_json_tristate(&j, "unknown", -1);
	lvdctl_json_tristate(&j, "yes", 1);
	lvdctl_json_tristate(&j, "no", 0);
	lvdctl_json_null(&j, "nothing");
	lvdctl_json_hex(&j, "reg", 0xd810000000002bULL);
	lvdctl_json_hex(&j, "zero", 0);
	lvdctl_json_begin_array(&j, "empty", false);
	lvdctl_json_end_array(&j);
	lvdctl_json_begin_object(&j, "empty_obj", true);
	lvdctl_json_end_object(&j);
	lvdctl_json_begin_array(&j, "list", false);
	for (i = 0; i < 3; i++) {
		lvdctl_json_begin_object(&j, NULL, true);
		lvdctl_json_int(&j, "i", i);
		lvdctl_json_begin_array(&j, "sub", false);	/* inside a one-line object */
		lvdctl_json_string(&j, NULL, "a");
		lvdctl_json_string(&j, NULL, "b");
		lvdctl_json_end_array(&j);
		lvdctl_json_end_object(&j);
	}
	lvdctl_json_end_array(&j);
	lvdctl_json_begin_object(&j, "deep", false);
	lvdctl_json_begin_object(&j, "deeper", false);
	lvdctl_json_string(&j, "k\n", "\x02");
	lvdctl_json_end_object(&j);
	lvdctl_json_end_object(&j);
	lvdctl_json_end_object(&j);
	fclose(f);

	if (!TAP_OK(json_valid(buf, &where), "a document with every kind of value is valid JSON"))
		printf("#   invalid at offset %ld: %.30s\n", (long)(where - buf), where);
	TAP_OK(strstr(buf, "\n  \"name\": \"x\\\"y\",\n") != NULL, "members one a line, indented two spaces");
	TAP_OK(strstr(buf, "\"unknown\": null") && strstr(buf, "\"yes\": true") &&
	       strstr(buf, "\"no\": false"), "tristate: null, true, false");
	TAP_OK(strstr(buf, "\"reg\": \"0xd810000000002b\"") && strstr(buf, "\"zero\": \"0x0\""),
	       "64-bit registers as \"0x...\" strings, zero as \"0x0\"");
	TAP_OK(strstr(buf, "\"empty\": []") && strstr(buf, "\"empty_obj\": {}"),
	       "empty array and object: [] and {}");
	TAP_OK(strstr(buf, "    {\"i\": 1, \"sub\": [\"a\", \"b\"]},\n") != NULL,
	       "a one-line object stays on one line, arrays inside it too");
	TAP_OK(strstr(buf, "\"k\\n\": \"\\u0002\"") != NULL, "keys are escaped like values");
	TAP_OK(len > 2 && buf[0] == '{' && !strcmp(buf + len - 2, "}\n"),
	       "the document is one object ending in a newline");
	free(buf);

	/* The validator itself refuses what it must. */
	TAP_OK(!json_valid("{\"a\": 1,}", NULL) && !json_valid("{\"a\" 1}", NULL) &&
	       !json_valid("\"a\nb\"", NULL) && !json_valid("\"\\x\"", NULL) &&
	       !json_valid("{} {}", NULL) && !json_valid("[01]", NULL) &&
	       !json_valid("\"\xff\"", NULL) && json_valid(" [1, -2.5e3, \"\\u00ff\", {}] ", NULL),
	       "the JSON check refuses trailing commas, raw control bytes, bad escapes, two values");
	return tap_done();
}
