// SPDX-License-Identifier: GPL-2.0
/*
 * tests/unit/test_lvdctl_dom.c - the pure parts of lvdctl's domain
 * commands: the integers of "lvdctl call" (decimal and hex at their edges,
 * and what is refused), the domain name "lvdctl load" derives from a file
 * name, name checks, and the text and JSON of "list", "stats" and "call"
 * built from filled-in structures of include/lvd/lvd_ioctl.h.
 */
// unit-deps: tools/lvdctl/dom_parse.c tools/lvdctl/dom_print.c tools/lvdctl/json.c
#define _GNU_SOURCE
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "../../tools/lvdctl/dom.h"
#include "json_valid.h"
#include "tap.h"

static void expect_int(const char *s, u64 want)
{
	u64 v = 0x5a5a;
	int ret = lvdctl_parse_int(s, &v);

	if (!TAP_OK(!ret && v == want, "'%s' is %lld (0x%llx)", s, (long long)want,
		    (unsigned long long)want))
		printf("#   got %d, %lld (0x%llx)\n", ret, (long long)v, (unsigned long long)v);
}

static void expect_bad_int(const char *s, int want)
{
	u64 v = 0x5a5a;
	int ret = lvdctl_parse_int(s, &v);

	if (!TAP_OK(ret == want && v == 0x5a5a, "'%s' refused (%s), value untouched", s,
		    want == -ERANGE ? "out of range" : "not an integer"))
		printf("#   got %d, 0x%llx\n", ret, (unsigned long long)v);
}

static void expect_name(const char *path, const char *want)
{
	char name[LVD_NAME_MAX];
	int ret;

	memset(name, 'Z', sizeof(name));
	ret = lvdctl_name_from_path(path, name, sizeof(name));
	if (!TAP_OK(!ret && !strcmp(name, want), "name from '%s' is '%s'", path, want))
		printf("#   got %d, '%.*s'\n", ret, LVD_NAME_MAX, name);
}

static void expect_no_name(const char *path)
{
	char name[LVD_NAME_MAX];

	TAP_OK(lvdctl_name_from_path(path, name, sizeof(name)) == -EINVAL && !name[0],
	       "no name from '%s'", path);
}

/* What @print wrote, in a buffer to free. */
#define CAPTURE(buf, call) do {					\
	size_t len_;						\
	FILE *f = open_memstream(&(buf), &len_);		\
	call;							\
	fclose(f);						\
} while (0)

static bool no_trailing_blanks(const char *s)
{
	for (; *s; s++)
		if (*s == ' ' && (s[1] == '\n' || !s[1]))
			return false;
	return true;
}

static void test_ints(void)
{
	expect_int("0", 0);
	expect_int("-0", 0);
	expect_int("42", 42);
	expect_int("007", 7);	/* decimal, not octal */
	expect_int("-1", UINT64_MAX);
	expect_int("9223372036854775807", INT64_MAX);
	expect_int("-9223372036854775808", (u64)INT64_MIN);
	expect_int("0x0", 0);
	expect_int("0xffffffffffffffff", UINT64_MAX);
	expect_int("0XFFFFFFFFFFFFFFFF", UINT64_MAX);
	expect_int("0x8000000000000000", 1ull << 63);
	expect_int("0xDeadBeef", 0xdeadbeef);
	expect_int("0x00000000000000000000001", 1);
	expect_int("0xffffffffc0001234", 0xffffffffc0001234ull);

	expect_bad_int("9223372036854775808", -ERANGE);
	expect_bad_int("-9223372036854775809", -ERANGE);
	expect_bad_int("18446744073709551615", -ERANGE);
	expect_bad_int("99999999999999999999999", -ERANGE);
	expect_bad_int("0x10000000000000000", -ERANGE);
	expect_bad_int("0x1ffffffffffffffff", -ERANGE);
	expect_bad_int("", -EINVAL);
	expect_bad_int("0x", -EINVAL);
	expect_bad_int("0X", -EINVAL);
	expect_bad_int("1x", -EINVAL);
	expect_bad_int("-0x1", -EINVAL);
	expect_bad_int("-", -EINVAL);
	expect_bad_int("--1", -EINVAL);
	expect_bad_int("+1", -EINVAL);
	expect_bad_int(" 1", -EINVAL);
	expect_bad_int("1 ", -EINVAL);
	expect_bad_int("0x-1", -EINVAL);
	expect_bad_int("0x 1", -EINVAL);
	expect_bad_int("0xg", -EINVAL);
	expect_bad_int("12a", -EINVAL);
	expect_bad_int("1e3", -EINVAL);
	expect_bad_int("0b101", -EINVAL);
	expect_bad_int("1.0", -EINVAL);
	expect_bad_int("99999999999999999999999x", -EINVAL);
	TAP_OK(strstr(lvdctl_int_error(-EINVAL), "not an integer") &&
	       strstr(lvdctl_int_error(-ERANGE), "-9223372036854775808") &&
	       strstr(lvdctl_int_error(-ERANGE), "0xffffffffffffffff"),
	       "the refusals say what an integer is and what fits");
}

static void test_names(void)
{
	char name[LVD_NAME_MAX];

	expect_name("e1000.ko", "e1000");
	expect_name("/lib/modules/x/net.drv.o", "net");
	expect_name("dir.d/mod.o", "mod");
	expect_name("noext", "noext");
	expect_name("a-b_C9.o", "a-b_C9");
	expect_name("my drv+x.ko", "my_drv_x");
	expect_name("\xc3\xa9t\xc3\xa9.o", "__t__");
	expect_name("./x.o", "x");
	expect_name("0123456789012345678901234567890.o", "0123456789012345678901234567890");
	expect_name("0123456789012345678901234567890123456789.ko",
		    "0123456789012345678901234567890");
	expect_no_name(".o");
	expect_no_name("dir/");
	expect_no_name("dir/.hidden.o");
	expect_no_name("");
	TAP_OK(!lvdctl_name_from_path("abc", name, 2) && !strcmp(name, "a"),
	       "the name is cut to the room it has");

	TAP_OK(!lvdctl_check_name("e1000") && !lvdctl_check_name("a.b-c_D9") &&
	       !lvdctl_check_name("0123456789012345678901234567890"),
	       "names of letters, digits, '_', '.', '-', up to 31 characters, are taken");
	TAP_OK(lvdctl_check_name("") && strstr(lvdctl_check_name(""), "empty"), "empty name refused");
	TAP_OK(lvdctl_check_name("01234567890123456789012345678901") &&
	       strstr(lvdctl_check_name("01234567890123456789012345678901"), "too long"),
	       "a 32-character name refused: too long");
	TAP_OK(lvdctl_check_name("a b") && lvdctl_check_name("a/b") && lvdctl_check_name("\xc3\xa9"),
	       "blanks, slashes and non-ASCII bytes refused");

	TAP_OK(!strcmp(lvdctl_state_name(LVD_DOM_READY), "ready") &&
	       !strcmp(lvdctl_state_name(LVD_DOM_STOPPED), "stopped") && !lvdctl_state_name(0) &&
	       !lvdctl_state_name(3), "state names; none for unknown states");
	TAP_OK(!strcmp(lvdctl_stop_reason_name(LVD_STOP_REQUEST), "request") &&
	       !strcmp(lvdctl_stop_reason_name(LVD_STOP_EXIT), "exit") &&
	       !strcmp(lvdctl_stop_reason_name(LVD_STOP_LANDING), "landing") &&
	       !strcmp(lvdctl_stop_reason_name(LVD_STOP_BUDGET), "budget") &&
	       !strcmp(lvdctl_stop_reason_name(LVD_STOP_UPCALL), "upcall") &&
	       !lvdctl_stop_reason_name(LVD_STOP_NONE) && !lvdctl_stop_reason_name(6) &&
	       !lvdctl_stop_reason_name(0xffffffff), "stop reason names; none for none and unknown");
}

static void test_fields(void)
{
	char field[8], out[16], big[4];

	memcpy(field, "abcdefgh", 8);
	lvdctl_copy_field(out, sizeof(out), field, sizeof(field));
	TAP_OK(!strcmp(out, "abcdefgh"), "a field without its NUL is copied bounded");
	lvdctl_copy_field(big, sizeof(big), field, sizeof(field));
	TAP_OK(!strcmp(big, "abc"), "and cut to the room there is");
	lvdctl_one_line(out, sizeof(out), "one\ntwo\t3  \n", 13);
	TAP_OK(!strcmp(out, "one two 3"), "a message made one line: '%s'", out);
}

static struct lvd_dom_info doms[3];

static void fill_domains(void)
{
	memset(doms, 0, sizeof(doms));
	strcpy(doms[0].name, "e1000");
	doms[0].slot = 1;
	doms[0].state = LVD_DOM_READY;
	doms[0].pages = 42;
	doms[0].calls = 1000;
	doms[0].upcalls = 7;
	strcpy(doms[1].name, "bad");
	doms[1].slot = 12;
	doms[1].state = LVD_DOM_STOPPED;
	doms[1].pages = 9;
	doms[1].calls = 1;
	doms[1].stops = 1;
	doms[1].stop_reason = LVD_STOP_EXIT;
	doms[1].stop_detail = 48;
	doms[1].stop_rip = 0xffffffffc0001234ull;
	strcpy(doms[2].name, "slow");
	doms[2].slot = 3;
	doms[2].state = LVD_DOM_STOPPED;
	doms[2].pages = 18446744073709551615ull;
	doms[2].stops = 1;
	doms[2].stop_reason = LVD_STOP_BUDGET;
}

static void test_list_text(void)
{
	const char *want =
		"NAME   SLOT  STATE                   PAGES  CALLS  UPCALLS  STOPS  STOP\n"
		"e1000     1  ready                      42   1000        7      0\n"
		"bad      12  stopped                     9      1        0      1  exit at 0xffffffffc0001234 (VM exit reason 48)\n"
		"slow      3  stopped  18446744073709551615      0        0      1  budget\n";
	char *out;

	fill_domains();
	CAPTURE(out, lvdctl_print_domains(f, doms, 3));
	if (!TAP_OK(!strcmp(out, want), "list: the table, columns as wide as their widest cell"))
		printf("# got:\n%s# want:\n%s", out, want);
	TAP_OK(no_trailing_blanks(out), "list: no line ends in a blank");
	free(out);

	CAPTURE(out, lvdctl_print_domains(f, doms, 0));
	TAP_OK(!strcmp(out, "NAME  SLOT  STATE  PAGES  CALLS  UPCALLS  STOPS  STOP\n"),
	       "list with no domains: the header only");
	free(out);

	doms[0].state = 7;
	doms[1].stop_reason = 9;
	doms[1].stop_rip = 0;
	memset(doms[2].name, 'x', sizeof(doms[2].name));	/* no NUL */
	CAPTURE(out, lvdctl_print_domains(f, doms, 3));
	TAP_OK(strstr(out, "  state 7  ") && strstr(out, "  reason 9\n") &&
	       strstr(out, "\nxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx     3  "),
	       "unknown state and reason by number, no RIP when unknown, a name without NUL bounded");
	free(out);

	fill_domains();
	CAPTURE(out, lvdctl_print_names(f, doms, 3));
	TAP_OK(!strcmp(out, "e1000\nbad\nslow\n"), "list --names: one name a line");
	free(out);
}

static void test_list_json(void)
{
	const char *where;
	char *out;

	fill_domains();
	CAPTURE(out, lvdctl_print_domains_json(f, doms, 3));
	if (!TAP_OK(json_valid(out, &where), "list --json: valid JSON"))
		printf("# at: %s\n", where);
	TAP_OK(!strncmp(out, "{\n  \"domains\": [\n    {\"name\": \"e1000\", \"slot\": 1, ", 48),
	       "list --json: {\"domains\": [...]}, one domain a line");
	TAP_OK(strstr(out, "{\"name\": \"e1000\", \"slot\": 1, \"state\": \"ready\", \"pages\": 42, "
		      "\"calls\": 1000, \"upcalls\": 7, \"stops\": 0, \"stop_reason\": null, "
		      "\"stop_rip\": null, \"stop_detail\": 0}"),
	       "list --json: a ready domain, stop_reason and stop_rip null");
	TAP_OK(strstr(out, "\"state\": \"stopped\", \"pages\": 9, \"calls\": 1, \"upcalls\": 0, "
		      "\"stops\": 1, \"stop_reason\": \"exit\", \"stop_rip\": \"0xffffffffc0001234\", "
		      "\"stop_detail\": 48}"),
	       "list --json: a stopped domain: reason, RIP as a hex string, detail");
	TAP_OK(strstr(out, "\"pages\": 18446744073709551615,") &&
	       strstr(out, "\"stop_reason\": \"budget\", \"stop_rip\": null"),
	       "list --json: 64-bit counters unsigned; an unknown RIP is null");
	free(out);

	CAPTURE(out, lvdctl_print_domains_json(f, doms, 0));
	TAP_OK(json_valid(out, NULL) && !strcmp(out, "{\n  \"domains\": []\n}\n"),
	       "list --json with no domains: an empty array");
	free(out);

	memset(doms[0].name, '"', sizeof(doms[0].name));	/* no NUL, and quotes */
	doms[1].state = 0;
	doms[1].stop_reason = 77;
	CAPTURE(out, lvdctl_print_domains_json(f, doms, 3));
	TAP_OK(json_valid(out, NULL) && strstr(out, "\"state\": \"state 0\"") &&
	       strstr(out, "\"stop_reason\": \"reason 77\""),
	       "list --json: valid with a name of quotes without NUL, unknown state and reason");
	free(out);
}

static struct lvd_ioc_stats stats_fill(void)
{
	struct lvd_ioc_stats s = {
		.domains = 2, .slots = 510, .loads = 5, .load_refused = 1, .unloads = 3,
		.calls = 1000, .upcalls = 70, .stops = 2, .pages = 51,
	};

	s.stops_by_reason[LVD_STOP_EXIT] = 1;
	s.stops_by_reason[LVD_STOP_BUDGET] = 1;
	return s;
}

static void test_stats(void)
{
	struct lvd_ioc_stats s = stats_fill();
	const char *want =
		"domains: 2\nslots: 510\npages: 51\nloads: 5\nload_refused: 1\nunloads: 3\n"
		"calls: 1000\nupcalls: 70\nstops: 2\nstops_by_reason.request: 0\n"
		"stops_by_reason.exit: 1\nstops_by_reason.landing: 0\n"
		"stops_by_reason.budget: 1\nstops_by_reason.upcall: 0\n";
	const char *where;
	char *out;

	CAPTURE(out, lvdctl_print_stats(f, &s));
	if (!TAP_OK(!strcmp(out, want), "stats: one 'key: value' line a counter"))
		printf("# got:\n%s", out);
	free(out);
	CAPTURE(out, lvdctl_print_stats_json(f, &s));
	if (!TAP_OK(json_valid(out, &where), "stats --json: valid JSON"))
		printf("# at: %s\n", where);
	TAP_OK(strstr(out, "\"domains\": 2,") && strstr(out, "\"load_refused\": 1,") &&
	       strstr(out, "\"pages\": 51,") &&
	       strstr(out, "\"stops_by_reason\": {\"request\": 0, \"exit\": 1, \"landing\": 0, "
		      "\"budget\": 1, \"upcall\": 0}"),
	       "stats --json: the same keys, stops_by_reason an object by reason name");
	free(out);

	s.stops_by_reason[0] = 3;
	s.stops_by_reason[7] = 4;
	s.calls = UINT64_MAX;
	CAPTURE(out, lvdctl_print_stats(f, &s));
	TAP_OK(strstr(out, "stops_by_reason.reason_0: 3\n") &&
	       strstr(out, "stops_by_reason.reason_7: 4\n") && !strstr(out, "reason_6") &&
	       strstr(out, "calls: 18446744073709551615\n"),
	       "stats: unnamed reasons only when not 0, as reason_N; counters unsigned");
	free(out);
	CAPTURE(out, lvdctl_print_stats_json(f, &s));
	TAP_OK(json_valid(out, NULL) && strstr(out, "\"reason_7\": 4}"),
	       "stats --json: valid with unnamed reasons");
	free(out);
}

static void test_ret(void)
{
	char *out;

	CAPTURE(out, lvdctl_print_ret(f, 42));
	TAP_OK(!strcmp(out, "42 (0x2a)\n"), "call: 42 (0x2a)");
	free(out);
	CAPTURE(out, lvdctl_print_ret(f, UINT64_MAX));
	TAP_OK(!strcmp(out, "-1 (0xffffffffffffffff)\n"), "call: -1 signed, and its 64 bits in hex");
	free(out);
	CAPTURE(out, lvdctl_print_ret(f, (u64)INT64_MIN));
	TAP_OK(!strcmp(out, "-9223372036854775808 (0x8000000000000000)\n"), "call: INT64_MIN");
	free(out);
	CAPTURE(out, lvdctl_print_ret_json(f, UINT64_MAX));
	TAP_OK(json_valid(out, NULL) && !strcmp(out, "{\"ret\": -1, \"ret_hex\": \"0xffffffffffffffff\"}\n"),
	       "call --json: {\"ret\": -1, \"ret_hex\": \"0xffffffffffffffff\"}");
	free(out);
	CAPTURE(out, lvdctl_print_call_error_json(f, -125, "stopped: \"EPT violation\"\\"));
	TAP_OK(json_valid(out, NULL) && strstr(out, "\"err\": -125}"),
	       "call --json, failed: {\"error\": ..., \"err\": -125}, valid with quotes");
	free(out);
}

int main(void)
{
	test_ints();
	test_names();
	test_fields();
	test_list_text();
	test_list_json();
	test_stats();
	test_ret();
	return tap_done();
}
