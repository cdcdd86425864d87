// SPDX-License-Identifier: GPL-2.0
/*
 * tools/lvdctl/main.c - lvdctl, the control tool of LVD.
 *
 *   lvdctl check [--json]                can this machine run LVD? (loads nothing)
 *   lvdctl load FILE [NAME]              an object into a new domain
 *   lvdctl list [--json | --names]       the domains
 *   lvdctl call NAME FUNCTION [INT...]   call a function of a domain
 *   lvdctl stop NAME                     stop a domain
 *   lvdctl unload NAME                   destroy a domain
 *   lvdctl stats [--json]                lvd_dom.ko's counters
 *   lvdctl status [--json]               the hypervisor, its exits, the domains
 *   lvdctl --help | --version | help COMMAND
 *
 * "check" is check.c; the domain commands are dom.c, over /dev/lvd of
 * lvd_dom.ko ("status" also reads lvd_hv.ko's debugfs files). Commands and exit statuses: cli.c, lvdctl.h and lvdctl(8).
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
