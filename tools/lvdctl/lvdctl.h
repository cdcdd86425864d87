/* SPDX-License-Identifier: GPL-2.0 */
/*
 * tools/lvdctl/lvdctl.h - lvdctl's commands and exit statuses.
 *
 * A command is one struct lvdctl_cmd in its own file (check.c for
 * "check"), listed in cli.c's table; the dispatcher parses its options
 * from the command's table, answers --help from it, refuses unknown
 * options and wrong argument counts with one line on stderr and status 2,
 * and then calls the command's run().
 */
#ifndef LVDCTL_H
#define LVDCTL_H

#include <stdio.h>

#include "opt.h"

#define LVDCTL_VERSION		"0.1"

/* Exit statuses, the same for every command (lvdctl(8), EXIT STATUS). */
enum lvdctl_exit {
	LVDCTL_EXIT_OK = 0,		/* done; "check": LVD can run here; "status":
					 * the hypervisor runs on every online CPU */
	LVDCTL_EXIT_NO = 1,		/* "check": LVD cannot run here; "status": the
					 * hypervisor is not loaded or not on every CPU;
					 * others: refused or failed (a call that failed
					 * or stopped its domain) */
	LVDCTL_EXIT_USAGE = 2,		/* unknown command, option or argument */
	LVDCTL_EXIT_UNREADABLE = 3,	/* could not read what the answer needs
					 * (domain commands: cannot reach /dev/lvd;
					 * "status": not root, no debugfs) */
};

/**
 * struct lvdctl_cmd - one subcommand
 * @name:	what the user types ("check")
 * @args:	its positional arguments for the usage line ("NAME [INT...]"), or ""
 * @summary:	one line for "lvdctl --help"
 * @help:	the paragraph "lvdctl NAME --help" prints after the usage line
 * @opts:	its options (-h/--help is implied), ended by a zeroed entry
 * @min_pos:	fewest positional arguments
 * @max_pos:	most positional arguments
 * @run:	does the work; returns an enum lvdctl_exit status
 */
struct lvdctl_cmd {
	const char *name;
	const char *args;
	const char *summary;
	const char *help;
	const struct lvdctl_opt *opts;
	int min_pos;
	int max_pos;
	int (*run)(const struct lvdctl_cmd *cmd, const struct lvdctl_args *a,
		   FILE *out, FILE *err);
};

extern const struct lvdctl_cmd lvdctl_check_cmd;
extern const struct lvdctl_cmd lvdctl_load_cmd;		/* dom.c */
extern const struct lvdctl_cmd lvdctl_list_cmd;
extern const struct lvdctl_cmd lvdctl_call_cmd;
extern const struct lvdctl_cmd lvdctl_stop_cmd;
extern const struct lvdctl_cmd lvdctl_unload_cmd;
extern const struct lvdctl_cmd lvdctl_stats_cmd;
extern const struct lvdctl_cmd lvdctl_status_cmd;

const struct lvdctl_cmd *lvdctl_find_cmd(const char *name);
int lvdctl_main(int argc, char **argv, FILE *out, FILE *err);
char *lvdctl_read_text(const char *path, size_t *lenp);	/* check.c */

#endif /* LVDCTL_H */
