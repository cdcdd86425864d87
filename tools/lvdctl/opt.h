/* SPDX-License-Identifier: GPL-2.0 */
/*
 * tools/lvdctl/opt.h - the options and arguments of lvdctl's commands: one
 * table per command, parsed the same way for every command. Pure (no I/O),
 * unit-tested in tests/unit/test_lvdctl_opt.c.
 */
#ifndef LVDCTL_OPT_H
#define LVDCTL_OPT_H

#include <stdbool.h>
#include <stddef.h>

#define LVDCTL_MAX_OPTS		16	/* options in one table */
#define LVDCTL_MAX_POS		64	/* positional arguments of one command */

/**
 * struct lvdctl_opt - one option of a command (a table ends with a zeroed entry)
 * @name:	long name, without the leading "--"
 * @short_name:	one-letter name, or 0 for none
 * @arg:	name of the option's argument as --help shows it ("FILE"),
 *		NULL for a flag
 * @help:	one line for --help
 *
 * Every command also takes -h/--help, which no table lists.
 */
struct lvdctl_opt {
	const char *name;
	char short_name;
	const char *arg;
	const char *help;
};

/**
 * struct lvdctl_args - a parsed command line
 * @given:	bit i is set when option i of the table was given
 * @value:	the argument of option i (of its last occurrence)
 * @help:	-h or --help was given
 * @npos:	number of positional arguments
 * @pos:	the positional arguments, in order
 */
struct lvdctl_args {
	unsigned int given;
	const char *value[LVDCTL_MAX_OPTS];
	bool help;
	int npos;
	char *pos[LVDCTL_MAX_POS];
};

int lvdctl_parse_args(const struct lvdctl_opt *opts, int argc, char **argv,
		      bool stop_at_pos, struct lvdctl_args *a, char *err, size_t errlen);

/* Was option @i of the table given? */
static inline bool lvdctl_opt_given(const struct lvdctl_args *a, int i)
{
	return a->given & (1u << i);
}

#endif /* LVDCTL_OPT_H */
