// SPDX-License-Identifier: GPL-2.0
/*
 * tools/lvdctl/opt.c - parse a command's options against its table.
 *
 * GNU conventions: "--name", "--name=VALUE", "--name VALUE", "-x", "-xy"
 * (flags), "-xVALUE" and "-x VALUE"; "--" ends the options; options may
 * follow positional arguments. A word that starts with "-" and a digit
 * ("-5") is a positional argument (a negative number), and so is "-".
 */
#include <stdio.h>
#include <string.h>

#include "opt.h"

static int find_long(const struct lvdctl_opt *opts, const char *name, size_t len)
{
	int i;

	for (i = 0; opts && opts[i].name && i < LVDCTL_MAX_OPTS; i++)
		if (strlen(opts[i].name) == len && !strncmp(opts[i].name, name, len))
			return i;
	return -1;
}

static int find_short(const struct lvdctl_opt *opts, char c)
{
	int i;

	for (i = 0; opts && opts[i].name && i < LVDCTL_MAX_OPTS; i++)
		if (opts[i].short_name && opts[i].short_name == c)
			return i;
	return -1;
}

static bool is_option(const char *w)
{
	return w[0] == '-' && w[1] && !(w[1] >= '0' && w[1] <= '9');
}

/* "--name[=value]" at argv[*k]; advances *k past a separate value. */
static int parse_long(const struct lvdctl_opt *opts, int argc, char **argv, int *k,
		      struct lvdctl_args *a, char *err, size_t errlen)
{
	const char *w = argv[*k] + 2;
	const char *eq = strchr(w, '=');
	size_t len = eq ? (size_t)(eq - w) : strlen(w);
	int i;

	i = find_long(opts, w, len);
	if (i < 0 && len == 4 && !strncmp(w, "help", 4)) {
		if (eq) {
			snprintf(err, errlen, "option '--help' takes no argument");
			return -1;
		}
		a->help = true;
		return 0;
	}
	if (i < 0) {
		snprintf(err, errlen, "unknown option '--%.*s'", (int)len, w);
		return -1;
	}
	if (!opts[i].arg) {
		if (eq) {
			snprintf(err, errlen, "option '--%s' takes no argument", opts[i].name);
			return -1;
		}
	} else if (eq) {
		a->value[i] = eq + 1;
	} else if (*k + 1 < argc) {
		a->value[i] = argv[++*k];
	} else {
		snprintf(err, errlen, "option '--%s' needs an argument (%s)", opts[i].name,
			 opts[i].arg);
		return -1;
	}
	a->given |= 1u << i;
	return 0;
}

/* "-xyz" (flags) or "-xVALUE" / "-x VALUE" at argv[*k]. */
static int parse_short(const struct lvdctl_opt *opts, int argc, char **argv, int *k,
		       struct lvdctl_args *a, char *err, size_t errlen)
{
	const char *w = argv[*k] + 1;

	for (; *w; w++) {
		int i = find_short(opts, *w);

		if (i < 0 && *w == 'h') {
			a->help = true;
			continue;
		}
		if (i < 0) {
			snprintf(err, errlen, "unknown option '-%c'", *w);
			return -1;
		}
		a->given |= 1u << i;
		if (!opts[i].arg)
			continue;
		if (w[1]) {
			a->value[i] = w + 1;
		} else if (*k + 1 < argc) {
			a->value[i] = argv[++*k];
		} else {
			snprintf(err, errlen, "option '-%c' needs an argument (%s)", *w, opts[i].arg);
			return -1;
		}
		break;
	}
	return 0;
}

/**
 * lvdctl_parse_args() - parse options and positional arguments
 * @opts: the command's option table, ended by an entry with a NULL name
 *	  (NULL: no options but -h/--help)
 * @argc: number of words in @argv
 * @argv: the words (not the program or command name)
 * @stop_at_pos: stop at the first positional argument (the command name,
 *		 for lvdctl's own options) instead of collecting it
 * @a: the result, zeroed first
 * @err: on error, one line naming the offending word (no trailing newline)
 * @errlen: size of @err
 *
 * Return: the index in @argv where parsing stopped (@argc unless
 * @stop_at_pos), or -1 on error.
 */
int lvdctl_parse_args(const struct lvdctl_opt *opts, int argc, char **argv,
		      bool stop_at_pos, struct lvdctl_args *a, char *err, size_t errlen)
{
	bool opts_done = false;
	int k;

	memset(a, 0, sizeof(*a));
	if (errlen)
		err[0] = '\0';
	for (k = 0; k < argc; k++) {
		const char *w = argv[k];
		int ret;

		if (!opts_done && !strcmp(w, "--")) {
			opts_done = true;
			continue;
		}
		if (opts_done || !is_option(w)) {
			if (stop_at_pos)
				return k;
			if (a->npos == LVDCTL_MAX_POS) {
				snprintf(err, errlen, "too many arguments (at most %d)", LVDCTL_MAX_POS);
				return -1;
			}
			a->pos[a->npos++] = argv[k];
			continue;
		}
		if (w[1] == '-')
			ret = parse_long(opts, argc, argv, &k, a, err, errlen);
		else
			ret = parse_short(opts, argc, argv, &k, a, err, errlen);
		if (ret)
			return -1;
	}
	return k;
}
