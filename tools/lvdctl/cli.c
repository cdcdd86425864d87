// SPDX-License-Identifier: GPL-2.0
/*
 * tools/lvdctl/cli.c - lvdctl's command line: the table of commands, their
 * --help, and the dispatch. A new command is a struct lvdctl_cmd in a file
 * of its own plus one line in commands[] below.
 */
#include <stdio.h>
#include <string.h>

#include <lvd/compat.h>
#include <lvd/hypercall.h>

#include "lvdctl.h"


static const struct lvdctl_cmd *const commands[] = {
	&lvdctl_check_cmd,
	&lvdctl_load_cmd,
	&lvdctl_list_cmd,
	&lvdctl_call_cmd,
	&lvdctl_stop_cmd,
	&lvdctl_unload_cmd,
	&lvdctl_stats_cmd,
	&lvdctl_status_cmd,
};

#define N_COMMANDS	ARRAY_SIZE(commands)

enum { MAIN_OPT_VERSION };

static const struct lvdctl_opt main_opts[] = {
	[MAIN_OPT_VERSION] = { "version", 'V', NULL, "print lvdctl's version" },
	{ NULL, 0, NULL, NULL },
};

/**
 * lvdctl_find_cmd() - a command by name
 * @name: what the user typed
 *
 * Return: the command, or NULL when there is none of that name.
 */
const struct lvdctl_cmd *lvdctl_find_cmd(const char *name)
{
	size_t i;

	for (i = 0; i < N_COMMANDS; i++)
		if (!strcmp(commands[i]->name, name))
			return commands[i];
	return NULL;
}

static void print_opts(FILE *f, const struct lvdctl_opt *opts)
{
	char head[64];
	int i;

	fputs("options:\n", f);
	for (i = 0; opts && opts[i].name; i++) {
		snprintf(head, sizeof(head), "%c%c%s--%s%s%s", opts[i].short_name ? '-' : ' ',
			 opts[i].short_name ? opts[i].short_name : ' ',
			 opts[i].short_name ? ", " : "  ", opts[i].name, opts[i].arg ? " " : "",
			 opts[i].arg ? opts[i].arg : "");
		fprintf(f, "  %-22s %s\n", head, opts[i].help);
	}
	fprintf(f, "  %-22s %s\n", "-h, --help", "print this help");
}

static void usage_main(FILE *f)
{
	size_t i;

	fputs("usage: lvdctl [--version] [--help] COMMAND [OPTIONS] [ARGS]\n\n"
	      "Control tool of LVD (Lightweight Virtualized Domains).\n\ncommands:\n", f);
	for (i = 0; i < N_COMMANDS; i++)
		fprintf(f, "  %-10s %s\n", commands[i]->name, commands[i]->summary);
	fputc('\n', f);
	print_opts(f, main_opts);
	fputs("\nexit status: 0 done; 1 refused or failed (check: LVD cannot run here;\n"
	      "status: the hypervisor does not run on every online CPU); 2 usage error;\n"
	      "3 cannot read what the answer needs (/dev/lvd, the MSRs, debugfs).\n"
	      "\n'lvdctl COMMAND --help' describes a command; 'man lvdctl' has the rest.\n", f);
}

static void usage_cmd(FILE *f, const struct lvdctl_cmd *c)
{
	fprintf(f, "usage: lvdctl %s [OPTIONS]%s%s\n\n%s\n", c->name, *c->args ? " " : "", c->args,
		c->help);
	print_opts(f, c->opts);
}

/* Parse a command's own options and arguments, then run it. */
static int run_cmd(const struct lvdctl_cmd *c, int argc, char **argv, FILE *out, FILE *err)
{
	struct lvdctl_args a;
	char msg[160];

	if (lvdctl_parse_args(c->opts, argc, argv, false, &a, msg, sizeof(msg)) < 0) {
		fprintf(err, "lvdctl %s: %s (try 'lvdctl %s --help')\n", c->name, msg, c->name);
		return LVDCTL_EXIT_USAGE;
	}
	if (a.help) {
		usage_cmd(out, c);
		return LVDCTL_EXIT_OK;
	}
	if (a.npos > c->max_pos) {
		fprintf(err, "lvdctl %s: unexpected argument '%s' (try 'lvdctl %s --help')\n",
			c->name, a.pos[c->max_pos], c->name);
		return LVDCTL_EXIT_USAGE;
	}
	if (a.npos < c->min_pos) {
		fprintf(err, "lvdctl %s: missing argument (usage: lvdctl %s %s)\n", c->name,
			c->name, c->args);
		return LVDCTL_EXIT_USAGE;
	}
	return c->run(c, &a, out, err);
}

/**
 * lvdctl_main() - lvdctl with its command line
 * @argc: as main()'s
 * @argv: as main()'s
 * @out: where results and --help go
 * @err: where errors go, one line each
 *
 * Return: the exit status (enum lvdctl_exit).
 */
int lvdctl_main(int argc, char **argv, FILE *out, FILE *err)
{
	const struct lvdctl_cmd *c;
	struct lvdctl_args a;
	char msg[160];
	int k;

	k = lvdctl_parse_args(main_opts, argc - 1, argv + 1, true, &a, msg, sizeof(msg));
	if (k < 0) {
		fprintf(err, "lvdctl: %s (try 'lvdctl --help')\n", msg);
		return LVDCTL_EXIT_USAGE;
	}
	if (a.help) {
		usage_main(out);
		return LVDCTL_EXIT_OK;
	}
	if (lvdctl_opt_given(&a, MAIN_OPT_VERSION)) {
		fprintf(out, "lvdctl %s (LVD hypercall ABI %d)\n", LVDCTL_VERSION,
			LVD_HC_ABI_VERSION);
		return LVDCTL_EXIT_OK;
	}
	k++;	/* index in argv */
	if (k >= argc) {
		fprintf(err, "lvdctl: no command given (try 'lvdctl --help')\n");
		return LVDCTL_EXIT_USAGE;
	}
	if (!strcmp(argv[k], "help")) {
		if (k + 1 >= argc) {
			usage_main(out);
			return LVDCTL_EXIT_OK;
		}
		c = lvdctl_find_cmd(argv[k + 1]);
		if (!c) {
			fprintf(err, "lvdctl: unknown command '%s' (try 'lvdctl --help')\n",
				argv[k + 1]);
			return LVDCTL_EXIT_USAGE;
		}
		usage_cmd(out, c);
		return LVDCTL_EXIT_OK;
	}
	c = lvdctl_find_cmd(argv[k]);
	if (!c) {
		fprintf(err, "lvdctl: unknown command '%s' (try 'lvdctl --help')\n", argv[k]);
		return LVDCTL_EXIT_USAGE;
	}
	return run_cmd(c, argc - k - 1, argv + k + 1, out, err);
}
