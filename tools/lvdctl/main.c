// SPDX-License-Identifier: GPL-2.0
/*
 * tools/lvdctl/main.c - lvdctl, the control tool of LVD.
 *
 *   lvdctl check [--json]     can this machine run LVD? (loads nothing)
 *   lvdctl --help | --version
 *
 * Commands and exit statuses: cli.c, lvdctl.h and lvdctl(8).
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "lvdctl.h"

int main(int argc, char **argv)
{
	int ret = lvdctl_main(argc, argv, stdout, stderr);

	if (fflush(stdout) || ferror(stdout)) {
		fprintf(stderr, "lvdctl: cannot write its output: %s\n", strerror(errno));
		return LVDCTL_EXIT_UNREADABLE;
	}
	return ret;
}
