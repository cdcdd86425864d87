// SPDX-License-Identifier: GPL-2.0
/*
 * tests/unit/test_lvdctl_opt.c - lvdctl's command line: the option parser
 * every command shares, and the dispatcher (--help, --version, unknown
 * commands, options and arguments: one line on stderr, exit status 2).
 * Nothing here runs a command's work, so nothing reads the host's CPU.
 */
// unit-deps: tools/lvdctl/opt.c tools/lvdctl/cli.c tools/lvdctl/check.c tools/lvdctl/check_eval.c tools/lvdctl/json.c hypervisor/vmx_caps.c tools/lvdctl/dev.c tools/lvdctl/dom.c tools/lvdctl/dom_parse.c tools/lvdctl/dom_print.c
#define _GNU_SOURCE
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "../../tools/lvdctl/lvdctl.h"
#include "../../tools/lvdctl/opt.h"
#include "tap.h"

enum { O_JSON, O_QUIET, O_NAME, O_COUNT };

static const struct lvdctl_opt opts[] = {
	[O_JSON] = { "json", 'j', NULL, "JSON" },
	[O_QUIET] = { "quiet", 'q', NULL, "quiet" },
	[O_NAME] = { "name", 'n', "NAME", "a name" },
	[O_COUNT] = { "count", 0, "N", "a count, no short name" },
	{ NULL, 0, NULL, NULL },
};

static struct lvdctl_args a;
static char err[160];

/* Parse the words of @line (blank-separated; no quoting). */
static int parse(const char *line, bool stop)
{
	static char copy[256];
	static char *argv[32];
	int argc = 0;
	char *w;

	snprintf(copy, sizeof(copy), "%s", line);
	for (w = strtok(copy, " "); w && argc < 32; w = strtok(NULL, " "))
		argv[argc++] = w;
	return lvdctl_parse_args(opts, argc, argv, stop, &a, err, sizeof(err));
}

static void expect_error(const char *line, const char *want)
{
	int ret = parse(line, false);

	if (!TAP_OK(ret == -1 && !strcmp(err, want), "'%s' refused: %s", line, want))
		printf("#   got %d, '%s'\n", ret, err);
}

/* Run lvdctl_main() on @line; its stdout and stderr in *@out and *@errs (free them). */
static int run(const char *line, char **out, char **errs)
{
	static char copy[256];
	char *argv[32] = { "lvdctl" };
	int argc = 1, ret;
	size_t olen, elen;
	FILE *fo = open_memstream(out, &olen);
	FILE *fe = open_memstream(errs, &elen);
	char *w;

	snprintf(copy, sizeof(copy), "%s", line);
	for (w = strtok(copy, " "); w && argc < 31; w = strtok(NULL, " "))
		argv[argc++] = w;
	ret = lvdctl_main(argc, argv, fo, fe);
	fclose(fo);
	fclose(fe);
	return ret;
}

static int lines(const char *s)
{
	int n = 0;

	for (; *s; s++)
		n += *s == '\n';
	return n;
}

/* @line is a usage error: status 2, nothing on stdout, one stderr line containing @want. */
static void expect_usage_error(const char *line, const char *want)
{
	char *out, *errs;
	int ret = run(line, &out, &errs);

	if (!TAP_OK(ret == LVDCTL_EXIT_USAGE && !*out && lines(errs) == 1 && strstr(errs, want),
		    "lvdctl %s: exit status 2, one line on stderr: %s", line, want))
		printf("#   got %d, stdout '%s', stderr '%s'\n", ret, out, errs);
	free(out);
	free(errs);
}

int main(void)
{
	char *out, *errs;
	int ret;

	/* The parser. */
	ret = parse("--json", false);
	TAP_OK(ret == 1 && lvdctl_opt_given(&a, O_JSON) && !lvdctl_opt_given(&a, O_QUIET) &&
	       !a.npos && !a.help, "--json sets that flag only");
	ret = parse("-jq", false);
	TAP_OK(ret == 1 && lvdctl_opt_given(&a, O_JSON) && lvdctl_opt_given(&a, O_QUIET),
	       "-jq: two short flags in one word");
	ret = parse("--name=foo --count 3", false);
	TAP_OK(ret == 3 && !strcmp(a.value[O_NAME], "foo") && !strcmp(a.value[O_COUNT], "3"),
	       "--name=VALUE and --count VALUE");
	ret = parse("-nfoo", false);
	TAP_OK(ret == 1 && !strcmp(a.value[O_NAME], "foo"), "-nVALUE");
	ret = parse("-jn foo", false);
	TAP_OK(ret == 2 && lvdctl_opt_given(&a, O_JSON) && !strcmp(a.value[O_NAME], "foo"),
	       "-jn VALUE: a flag, then an option with its value in the next word");
	ret = parse("--name a --name b", false);
	TAP_OK(!strcmp(a.value[O_NAME], "b"), "the last occurrence of an option wins");
	ret = parse("--name=", false);
	TAP_OK(ret == 1 && a.value[O_NAME] && !*a.value[O_NAME], "--name= gives an empty value");
	ret = parse("one --json two", false);
	TAP_OK(ret == 3 && a.npos == 2 && !strcmp(a.pos[0], "one") && !strcmp(a.pos[1], "two") &&
	       lvdctl_opt_given(&a, O_JSON), "options may follow positional arguments");
	ret = parse("-- --json -q", false);
	TAP_OK(ret == 3 && a.npos == 2 && !strcmp(a.pos[0], "--json") && !a.given,
	       "\"--\" ends the options");
	ret = parse("-5 -0x10 -", false);
	TAP_OK(ret == 3 && a.npos == 3 && !strcmp(a.pos[0], "-5") && !strcmp(a.pos[1], "-0x10") &&
	       !strcmp(a.pos[2], "-"), "negative numbers and \"-\" are positional arguments");
	ret = parse("--help", false);
	TAP_OK(ret == 1 && a.help, "--help is understood without being in the table");
	ret = parse("-jh", false);
	TAP_OK(ret == 1 && a.help && lvdctl_opt_given(&a, O_JSON), "-h among short flags");
	ret = parse("--json check --json", true);
	TAP_OK(ret == 1 && lvdctl_opt_given(&a, O_JSON) && !a.npos,
	       "stop_at_pos stops at the first positional argument (a command name)");
	ret = parse("", false);
	TAP_OK(ret == 0 && !a.given && !a.npos, "nothing to parse");
	TAP_EQ(lvdctl_parse_args(NULL, 1, (char *[]){ "--help" }, false, &a, err, sizeof(err)), 1,
	       "a command without options still takes --help");

	expect_error("--frob", "unknown option '--frob'");
	expect_error("--frob=1", "unknown option '--frob'");
	expect_error("-x", "unknown option '-x'");
	expect_error("-jx", "unknown option '-x'");
	expect_error("--json=yes", "option '--json' takes no argument");
	expect_error("--help=yes", "option '--help' takes no argument");
	expect_error("--name", "option '--name' needs an argument (NAME)");
	expect_error("-n", "option '-n' needs an argument (NAME)");
	expect_error("--js", "unknown option '--js'");
	{
		char *many[LVDCTL_MAX_POS + 1];
		int i;

		for (i = 0; i <= LVDCTL_MAX_POS; i++)
			many[i] = "x";
		ret = lvdctl_parse_args(opts, LVDCTL_MAX_POS + 1, many, false, &a, err, sizeof(err));
		TAP_OK(ret == -1 && strstr(err, "too many arguments"),
		       "more positional arguments than the parser holds: refused");
	}

	/* The dispatcher. */
	ret = run("--version", &out, &errs);
	TAP_OK(ret == 0 && !strncmp(out, "lvdctl " LVDCTL_VERSION " ", 8 + strlen(LVDCTL_VERSION)) &&
	       lines(out) == 1 && !*errs, "--version: one line on stdout, exit status 0: %.*s",
	       (int)strcspn(out, "\n"), out);
	free(out);
	free(errs);
	ret = run("-V", &out, &errs);
	TAP_OK(ret == 0 && !strncmp(out, "lvdctl ", 7), "-V is --version");
	free(out);
	free(errs);
	ret = run("--help", &out, &errs);
	TAP_OK(ret == 0 && strstr(out, "usage: lvdctl ") && strstr(out, "\n  check ") && !*errs,
	       "--help: usage and the command list on stdout, exit status 0");
	free(out);
	free(errs);
	ret = run("help", &out, &errs);
	TAP_OK(ret == 0 && strstr(out, "\n  check "), "\"lvdctl help\" is --help");
	free(out);
	free(errs);
	ret = run("check --help", &out, &errs);
	TAP_OK(ret == 0 && !strncmp(out, "usage: lvdctl check [OPTIONS]\n", 30) &&
	       strstr(out, "-j, --json") && strstr(out, "-h, --help") && strstr(out, "Exit status") &&
	       !*errs, "check --help: its usage, options and exit statuses, exit status 0");
	free(out);
	free(errs);
	ret = run("check -h --bogus", &out, &errs);
	TAP_OK(ret == LVDCTL_EXIT_USAGE, "an unknown option is refused even with --help");
	free(out);
	free(errs);
	ret = run("help check", &out, &errs);
	TAP_OK(ret == 0 && !strncmp(out, "usage: lvdctl check", 19), "\"lvdctl help check\" is check --help");
	free(out);
	free(errs);
	TAP_OK(lvdctl_find_cmd("check") == &lvdctl_check_cmd && !lvdctl_find_cmd("chec") &&
	       !lvdctl_find_cmd(""), "commands are found by their exact name");

	expect_usage_error("", "lvdctl: no command given");
	expect_usage_error("frobnicate", "lvdctl: unknown command 'frobnicate'");
	expect_usage_error("--frob check", "lvdctl: unknown option '--frob'");
	expect_usage_error("check --frob", "lvdctl check: unknown option '--frob'");
	expect_usage_error("check -x", "lvdctl check: unknown option '-x'");
	expect_usage_error("check extra", "lvdctl check: unexpected argument 'extra'");
	expect_usage_error("check --json=1", "lvdctl check: option '--json' takes no argument");
	expect_usage_error("help frobnicate", "lvdctl: unknown command 'frobnicate'");
	return tap_done();
}
