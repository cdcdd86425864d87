// SPDX-License-Identifier: GPL-2.0
/*
 * tests/unit/test_lvdctl_status.c - "lvdctl status" run whole through
 * lvdctl_main(), against a fake machine: /sys/module, lvd_hv's debugfs
 * files and /proc/mounts in a temporary folder (lvdctl_sys_ops->root), a
 * fake /dev/lvd (struct lvdctl_dev_ops) and a fake user ID. Exit statuses,
 * stdout as text and as valid JSON, and the one line on stderr of every
 * failure; then the parsers of the debugfs files alone.
 */
// unit-deps: tools/lvdctl/cli.c tools/lvdctl/opt.c tools/lvdctl/json.c tools/lvdctl/check.c tools/lvdctl/check_eval.c hypervisor/vmx_caps.c tools/lvdctl/dev.c tools/lvdctl/dom.c tools/lvdctl/dom_parse.c tools/lvdctl/dom_print.c
#define _GNU_SOURCE
#include <fcntl.h>
#include <ftw.h>
#include <limits.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <lvd/hypercall.h>
#include "../../tools/lvdctl/dom.h"
#include "../../tools/lvdctl/lvdctl.h"
#include "json_valid.h"
#include "tap.h"

#define FAKE_FD		41
#define STR(x)		#x
#define XSTR(x)		STR(x)
#define ABI		XSTR(LVD_HC_ABI_VERSION)

/* The fake device and user: what they answer, and what they were asked. */
static struct {
	uid_t euid;
	int open_err;			/* errno open fails with, 0: it opens */
	int stats_err;			/* errno LVD_IOC_STATS fails with */
	int list_err;			/* errno LVD_IOC_LIST fails with */
	bool list_grows;		/* LIST: a domain more at every request */
	struct lvd_ioc_stats stats;
	struct lvd_dom_info doms[4];
	u32 ndoms;
	int tries, opens, closes, ioctls;
} fk;

static uid_t fake_euid(void)
{
	return fk.euid;
}

static int fake_open(const char *path)
{
	fk.tries++;
	if (strcmp(path, LVD_DEV_PATH))
		return -EINVAL;
	if (fk.open_err)
		return -fk.open_err;
	fk.opens++;
	return FAKE_FD;
}

static void fake_close(int fd)
{
	if (fd == FAKE_FD)
		fk.closes++;
}

static int fake_list(struct lvd_ioc_list *req)
{
	u32 i;

	if (fk.list_err)
		return -fk.list_err;
	if (fk.list_grows)
		req->count = req->max + 1;
	else
		req->count = fk.ndoms;
	for (i = 0; i < fk.ndoms && i < req->max; i++)
		((struct lvd_dom_info *)(uintptr_t)req->buf)[i] = fk.doms[i];
	return 0;
}

static int fake_ioctl(int fd, unsigned long req, void *arg)
{
	fk.ioctls++;
	if (fd != FAKE_FD)
		return -EBADF;
	if (req == LVD_IOC_LIST)
		return fake_list(arg);
	if (req != LVD_IOC_STATS)
		return -ENOTTY;
	if (fk.stats_err)
		return -fk.stats_err;
	*(struct lvd_ioc_stats *)arg = fk.stats;
	return 0;
}

static const struct lvdctl_dev_ops fake_dev = {
	.open = fake_open,
	.ioctl = fake_ioctl,
	.close = fake_close,
};

static char tmpdir[] = "/tmp/lvdctl-status.XXXXXX";

static const struct lvdctl_sys_ops fake_sys = {
	.root = tmpdir,
	.euid = fake_euid,
};

/* Make the folders of @path (under the temporary folder), then @path. */
static void mkdirs(const char *path, bool last)
{
	char p[PATH_MAX], *s;

	snprintf(p, sizeof(p), "%s%s", tmpdir, path);
	for (s = p + strlen(tmpdir) + 1; (s = strchr(s, '/')); s++) {
		*s = '\0';
		mkdir(p, 0700);
		*s = '/';
	}
	if (last)
		mkdir(p, 0700);
}

/* A file of the fake machine, at @path (as on the machine), holding @text. */
static void put(const char *path, const char *text)
{
	char p[PATH_MAX];
	FILE *f;

	mkdirs(path, false);
	snprintf(p, sizeof(p), "%s%s", tmpdir, path);
	f = fopen(p, "w");
	if (!f || fputs(text, f) < 0)
		printf("# cannot make %s\n", p);
	if (f)
		fclose(f);
}

static int rm_one(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
	(void)st;
	(void)flag;
	(void)ftw;
	return remove(path);
}

/* Empty the fake machine: no module loaded, nothing mounted. */
static void wipe(void)
{
	nftw(tmpdir, rm_one, 16, FTW_DEPTH | FTW_PHYS);
	mkdir(tmpdir, 0700);
	put("/proc/mounts", "sysfs /sys sysfs rw,nosuid,nodev,noexec,relatime 0 0\n"
	    "proc /proc proc rw,nosuid,nodev,noexec,relatime 0 0\n");
}

static const char status_4of4[] =
	"cpus_launched 4\n"
	"cpus_online 4\n"
	"abi_version " ABI "\n"
	"eptp 0x1234501e\n"
	"ept_pages_1g 64\n"
	"ept_pages_2m 0\n"
	"ept_pages_4k 12\n"
	"ept_tables 3\n"
	"controls pin 0x16 proc 0x84006172 proc2 0x2010ae exit 0x236dff entry 0x93ff\n";

/* Two CPUs with exits, the counters after their "total" lines. */
static const char exits_2cpus[] =
	"cpu0 cpuid 500\n"
	"cpu0 vmcall 300\n"
	"cpu0 ept_violation 20\n"
	"cpu0 msr_write 7\n"
	"cpu0 total 827\n"
	"cpu0 hypercalls_ok 290\n"
	"cpu0 hypercalls_refused 10\n"
	"cpu0 msr_writes_emulated 7\n"
	"cpu0 ept_holes_filled 20\n"
	"cpu0 injected_ud 0\n"
	"cpu0 injected_gp 0\n"
	"cpu0 entry_failed 0\n"
	"cpu0 cr_pinned 0\n"
	"cpu0 view_exits 3\n"
	"cpu0 view_aborts 1\n"
	"cpu0 budget_ticks 4\n"
	"cpu1 cpuid 400\n"
	"cpu1 cr_access 9\n"
	"cpu1 xsetbv 2\n"
	"cpu1 other 1\n"
	"cpu1 total 412\n"
	"cpu1 hypercalls_ok 0\n"
	"cpu1 view_exits 2\n"
	"cpu1 view_aborts 0\n"
	"cpu1 a_counter_of_tomorrow 999\n"
	"cpu1 budget_ticks 0\n";

/* lvd_hv loaded with debugfs mounted: its files hold @status and @exits. */
static void hv_loaded(const char *status, const char *exits)
{
	put("/sys/module/lvd_hv/parameters/launch", "Y\n");
	put("/proc/mounts", "sysfs /sys sysfs rw,nosuid,nodev,noexec,relatime 0 0\n"
	    "debugfs /sys/kernel/debug debugfs rw,nosuid,nodev,noexec,relatime 0 0\n");
	put("/sys/kernel/debug/lvd/status", status);
	put("/sys/kernel/debug/lvd/exits", exits);
}

/* lvd_dom loaded: three domains, one stopped, and its counters. */
static void dom_loaded(const char *budget_ms)
{
	mkdirs("/sys/module/lvd_dom/parameters", true);
	if (budget_ms)
		put("/sys/module/lvd_dom/parameters/budget_ms", budget_ms);
	fk.stats.domains = 3;
	fk.stats.slots = 510;
	fk.stats.loads = 5;
	fk.stats.calls = 99;
	fk.stats.upcalls = 4;
	fk.stats.stops = 2;
	fk.stats.stops_by_reason[LVD_STOP_EXIT] = 1;
	fk.stats.stops_by_reason[LVD_STOP_BUDGET] = 1;
	fk.stats.pages = 360;
	fk.ndoms = 3;
	fk.doms[0].state = LVD_DOM_READY;
	fk.doms[1].state = LVD_DOM_STOPPED;
	fk.doms[1].stop_reason = LVD_STOP_EXIT;
	fk.doms[2].state = LVD_DOM_READY;
}

static char *out, *errs;
static int status;

/* lvdctl_main() on the words (NULL-terminated). */
static int run_argv(const char *const *words)
{
	char *argv[16] = { "lvdctl" };
	size_t olen, elen;
	int argc = 1;
	FILE *fo, *fe;

	free(out);
	free(errs);
	fk.tries = fk.opens = fk.closes = fk.ioctls = 0;
	while (*words && argc < 15)
		argv[argc++] = (char *)*words++;
	fo = open_memstream(&out, &olen);
	fe = open_memstream(&errs, &elen);
	status = lvdctl_main(argc, argv, fo, fe);
	fclose(fo);
	fclose(fe);
	return status;
}

#define RUN(...)	run_argv((const char *const[]){ __VA_ARGS__, NULL })

/* A fresh fake machine with nothing loaded, run as root. */
static void reset(void)
{
	memset(&fk, 0, sizeof(fk));
	lvdctl_dev_ops = &fake_dev;
	lvdctl_sys_ops = &fake_sys;
	wipe();
}

static int lines(const char *s)
{
	int n = 0;

	for (; *s; s++)
		n += *s == '\n';
	return n;
}

/* The last run: exit status @want, stdout exactly @want_out, stderr nothing. */
static void expect_out(const char *what, int want, const char *want_out)
{
	if (!TAP_OK(status == want && !strcmp(out, want_out) && !*errs && fk.opens == fk.closes,
		    "%s: exit status %d, its lines", what, want))
		printf("#   got %d, stdout:\n%s# stderr '%s', %d opens %d closes\n", status, out,
		       errs, fk.opens, fk.closes);
}

/* The last run: exit status @want, stdout valid JSON holding @part, no stderr. */
static void expect_json(const char *what, int want, const char *part)
{
	const char *where = "";

	if (!TAP_OK(status == want && json_valid(out, &where) && strstr(out, part) && !*errs &&
		    fk.opens == fk.closes, "%s: exit status %d, valid JSON with %.*s", what, want,
		    (int)strcspn(part, "\n"), part))
		printf("#   got %d, at '%.20s', stdout:\n%s# stderr '%s'\n", status, where, out,
		       errs);
}

/* The last run: exit status @want, nothing on stdout, the one line @want_err. */
static void expect_fail(const char *what, int want, const char *want_err)
{
	if (!TAP_OK(status == want && !*out && lines(errs) == 1 && !strcmp(errs, want_err) &&
		    fk.opens == fk.closes, "%s: exit status %d, one line: %.*s", what, want,
		    (int)strcspn(want_err, "\n"), want_err))
		printf("#   got %d, stdout '%s', stderr '%s'\n", status, out, errs);
}

static const char text_hv_4of4[] =
	"hypervisor:\n"
	"  cpus_launched: 4 of 4 online\n"
	"  abi_version:   " ABI "\n"
	"exits:\n"
	"  total:         1239\n"
	"  top:           cpuid 900, vmcall 300, ept_violation 20, cr_access 9, msr_write 7\n"
	"  view_exits:    5\n"
	"  view_aborts:   1\n";

static const char text_domains[] =
	"domains:\n"
	"  count:         3 (2 ready, 1 stopped)\n"
	"  slots_free:    507 of 510\n"
	"  calls:         99\n"
	"  upcalls:       4\n"
	"  stops:         2 (exit 1, budget 1)\n"
	"  pages:         360\n"
	"  budget_ms:     200\n";

static const char json_all[] =
	"{\n"
	"  \"hypervisor\": {\n"
	"    \"loaded\": true,\n"
	"    \"cpus_launched\": 4,\n"
	"    \"cpus_online\": 4,\n"
	"    \"abi_version\": " ABI "\n"
	"  },\n"
	"  \"exits\": {\n"
	"    \"total\": 1239,\n"
	"    \"top\": [{\"reason\": \"cpuid\", \"count\": 900}, {\"reason\": \"vmcall\", "
	"\"count\": 300}, {\"reason\": \"ept_violation\", \"count\": 20}, {\"reason\": "
	"\"cr_access\", \"count\": 9}, {\"reason\": \"msr_write\", \"count\": 7}],\n"
	"    \"view_exits\": 5,\n"
	"    \"view_aborts\": 1\n"
	"  },\n"
	"  \"domains\": {\n"
	"    \"loaded\": true,\n"
	"    \"count\": 3,\n"
	"    \"ready\": 2,\n"
	"    \"stopped\": 1,\n"
	"    \"slots_free\": 507,\n"
	"    \"calls\": 99,\n"
	"    \"upcalls\": 4,\n"
	"    \"stops\": 2,\n"
	"    \"stops_by_reason\": {\"request\": 0, \"exit\": 1, \"landing\": 0, \"budget\": 1, "
	"\"upcall\": 0},\n"
	"    \"pages\": 360,\n"
	"    \"budget_ms\": 200\n"
	"  }\n"
	"}\n";

static void test_not_root(void)
{
	reset();
	fk.euid = 1000;
	hv_loaded(status_4of4, exits_2cpus);
	RUN("status");
	expect_fail("not root", LVDCTL_EXIT_UNREADABLE,
		    "lvdctl: status: needs root to read /sys/kernel/debug/lvd and /dev/lvd "
		    "(sudo lvdctl status)\n");
	TAP_OK(!fk.tries, "not root: /dev/lvd not even tried");
	RUN("status", "--json");
	TAP_OK(status == 3 && !*out && lines(errs) == 1, "not root, --json: nothing on stdout");
	wipe();
	RUN("status");
	TAP_OK(status == 3 && lines(errs) == 1 && strstr(errs, "needs root"),
	       "not root, nothing loaded: still 3, one line");
}

static void test_nothing_loaded(void)
{
	reset();
	RUN("status");
	expect_out("lvd_hv not loaded", LVDCTL_EXIT_NO,
		   "hypervisor: not loaded (load lvd_hv.ko)\ndomains: lvd_dom not loaded\n");
	TAP_OK(!fk.tries, "lvd_dom not loaded: /dev/lvd not opened");
	RUN("status", "--json");
	expect_json("lvd_hv not loaded, --json", LVDCTL_EXIT_NO,
		    "\"hypervisor\": {\n    \"loaded\": false,\n    \"cpus_launched\": null,\n"
		    "    \"cpus_online\": null,\n    \"abi_version\": null\n  }");
	TAP_OK(strstr(out, "\"exits\": {\n    \"total\": null,\n    \"top\": null,\n"
		      "    \"view_exits\": null,\n    \"view_aborts\": null\n  }") &&
	       strstr(out, "\"domains\": {\n    \"loaded\": false,\n    \"count\": null,") &&
	       strstr(out, "\"stops_by_reason\": null,") && strstr(out, "\"budget_ms\": null\n"),
	       "lvd_hv not loaded, --json: exits and domains all null");
	RUN("status", "-j");
	TAP_OK(status == 1 && json_valid(out, NULL), "-j is --json");
}

static void test_debugfs(void)
{
	reset();
	put("/sys/module/lvd_hv/parameters/launch", "Y\n");
	RUN("status");
	expect_fail("lvd_hv loaded, debugfs not mounted", LVDCTL_EXIT_UNREADABLE,
		    "lvdctl: status: debugfs not mounted at /sys/kernel/debug: "
		    "mount -t debugfs none /sys/kernel/debug\n");
	RUN("status", "--json");
	expect_fail("debugfs not mounted, --json", LVDCTL_EXIT_UNREADABLE,
		    "lvdctl: status: debugfs not mounted at /sys/kernel/debug: "
		    "mount -t debugfs none /sys/kernel/debug\n");
	put("/proc/mounts", "debugfs /debug debugfs rw 0 0\n"
	    "tracefs /sys/kernel/debug tracefs rw 0 0\n");
	RUN("status");
	TAP_OK(status == 3 && strstr(errs, "debugfs not mounted at /sys/kernel/debug") &&
	       lines(errs) == 1, "debugfs mounted elsewhere only: not mounted there");

	hv_loaded(status_4of4, exits_2cpus);
	unlink(strcat(strcpy((char[PATH_MAX]){ 0 }, tmpdir), "/sys/kernel/debug/lvd/status"));
	RUN("status");
	expect_fail("debugfs mounted, no lvd/status", LVDCTL_EXIT_UNREADABLE,
		    "lvdctl: status: cannot read /sys/kernel/debug/lvd/status: "
		    "No such file or directory\n");
	mkdirs("/sys/kernel/debug/lvd/status", true);
	RUN("status");
	expect_fail("lvd/status unreadable", LVDCTL_EXIT_UNREADABLE,
		    "lvdctl: status: cannot read /sys/kernel/debug/lvd/status: Is a directory\n");
	remove(strcat(strcpy((char[PATH_MAX]){ 0 }, tmpdir), "/sys/kernel/debug/lvd/status"));
	put("/sys/kernel/debug/lvd/status", status_4of4);
	unlink(strcat(strcpy((char[PATH_MAX]){ 0 }, tmpdir), "/sys/kernel/debug/lvd/exits"));
	RUN("status");
	expect_fail("no lvd/exits", LVDCTL_EXIT_UNREADABLE,
		    "lvdctl: status: cannot read /sys/kernel/debug/lvd/exits: "
		    "No such file or directory\n");
	put("/sys/kernel/debug/lvd/exits", "");
	put("/sys/kernel/debug/lvd/status", "abi_version 2\neptp 0x1000\n");
	RUN("status");
	expect_fail("lvd/status without the CPU counts", LVDCTL_EXIT_UNREADABLE,
		    "lvdctl: status: no cpus_launched and cpus_online in /sys/kernel/debug/lvd/"
		    "status: lvdctl and lvd_hv.ko come from different LVD builds\n");
}

static void test_hv(void)
{
	char want[2048];

	reset();
	hv_loaded(status_4of4, exits_2cpus);
	RUN("status");
	snprintf(want, sizeof(want), "%sdomains: lvd_dom not loaded\n", text_hv_4of4);
	expect_out("on every CPU, lvd_dom not loaded", LVDCTL_EXIT_OK, want);
	TAP_OK(!fk.tries, "lvd_dom not loaded: the device untouched");
	RUN("status", "--json");
	expect_json("on every CPU, --json", LVDCTL_EXIT_OK,
		    "\"domains\": {\n    \"loaded\": false,\n    \"count\": null,\n");

	put("/sys/kernel/debug/lvd/status", "cpus_launched 2\ncpus_online 4\nabi_version "
	    ABI "\n");
	RUN("status");
	TAP_OK(status == LVDCTL_EXIT_NO && !*errs &&
	       strstr(out, "\n  cpus_launched: 2 of 4 online (not all: the kernel log says why)\n"),
	       "on 2 of 4 CPUs: exit status 1, and why");
	RUN("status", "--json");
	expect_json("on 2 of 4 CPUs, --json", LVDCTL_EXIT_NO,
		    "\"cpus_launched\": 2,\n    \"cpus_online\": 4,");

	put("/sys/module/lvd_hv/parameters/launch", "N\n");
	put("/sys/kernel/debug/lvd/status", "cpus_launched 0\ncpus_online 4\nabi_version "
	    ABI "\n");
	put("/sys/kernel/debug/lvd/exits", "");
	RUN("status");
	snprintf(want, sizeof(want),
		 "hypervisor:\n"
		 "  cpus_launched: 0 of 4 online (loaded with launch=0: the hypervisor does not run)\n"
		 "  abi_version:   %s\n"
		 "exits:\n"
		 "  total:         0\n"
		 "  top:           none\n"
		 "  view_exits:    0\n"
		 "  view_aborts:   0\n"
		 "domains: lvd_dom not loaded\n", ABI);
	expect_out("launch=0, no exits", LVDCTL_EXIT_NO, want);
	RUN("status", "--json");
	expect_json("no exits, --json", LVDCTL_EXIT_NO,
		    "\"total\": 0,\n    \"top\": [],\n    \"view_exits\": 0,\n"
		    "    \"view_aborts\": 0\n");

	put("/sys/kernel/debug/lvd/status", "cpus_launched 1\ncpus_online 1\nabi_version 99\n");
	put("/sys/kernel/debug/lvd/exits", "cpu0 cpuid 3\ncpu0 total 3\ncpu0 view_exits 0\n");
	RUN("status");
	TAP_OK(status == 0 && strstr(out, "\n  abi_version:   99 (this lvdctl knows " ABI ")\n") &&
	       strstr(out, "\n  view_exits:    0\n  view_aborts:   unknown\n"),
	       "another ABI said; a counter this lvd_hv.ko lacks is unknown");
	RUN("status", "--json");
	expect_json("a counter lvd_hv.ko lacks, --json", LVDCTL_EXIT_OK,
		    "\"top\": [{\"reason\": \"cpuid\", \"count\": 3}],\n    \"view_exits\": 0,\n"
		    "    \"view_aborts\": null\n");
}

static void test_domains(void)
{
	char want[2048];

	reset();
	hv_loaded(status_4of4, exits_2cpus);
	dom_loaded("200\n");
	RUN("status");
	snprintf(want, sizeof(want), "%s%s", text_hv_4of4, text_domains);
	expect_out("everything loaded", LVDCTL_EXIT_OK, want);
	TAP_OK(fk.opens == 1 && fk.ioctls == 2, "lvd_dom: /dev/lvd opened once, STATS and LIST");
	RUN("status", "--json");
	if (!TAP_OK(status == 0 && !strcmp(out, json_all) && json_valid(out, NULL) && !*errs,
		    "everything loaded, --json: the whole object"))
		printf("# got:\n%s", out);

	put("/sys/module/lvd_dom/parameters/budget_ms", "0\n");
	RUN("status");
	TAP_OK(status == 0 && strstr(out, "\n  budget_ms:     0 (no limit)\n"),
	       "budget_ms 0: no limit");
	remove(strcat(strcpy((char[PATH_MAX]){ 0 }, tmpdir),
		      "/sys/module/lvd_dom/parameters/budget_ms"));
	RUN("status");
	TAP_OK(status == 0 && strstr(out, "\n  budget_ms:     unknown\n") && !*errs,
	       "no budget_ms parameter: unknown, not an error");
	RUN("status", "--json");
	expect_json("no budget_ms parameter, --json", LVDCTL_EXIT_OK, "\"budget_ms\": null\n");

	memset(&fk.stats, 0, sizeof(fk.stats));
	fk.stats.slots = 2;
	fk.stats.domains = 3;
	fk.stats.stops_by_reason[6] = 1;
	fk.ndoms = 0;
	RUN("status");
	TAP_OK(status == 0 && strstr(out, "\n  count:         0 (0 ready, 0 stopped)\n") &&
	       strstr(out, "\n  slots_free:    0 of 2\n") &&
	       strstr(out, "\n  stops:         0 (reason_6 1)\n"),
	       "no domains; more domains than slots: 0 free; an unknown stop reason by number");

	put("/sys/kernel/debug/lvd/status", "cpus_launched 3\ncpus_online 4\n");
	RUN("status");
	TAP_OK(status == LVDCTL_EXIT_NO && strstr(out, "\ndomains:\n") &&
	       strstr(out, "\n  abi_version:   unknown\n"),
	       "on 3 of 4 CPUs with lvd_dom: exit status 1, everything printed");

	reset();
	dom_loaded("200\n");
	RUN("status");
	snprintf(want, sizeof(want), "hypervisor: not loaded (load lvd_hv.ko)\n%s", text_domains);
	expect_out("lvd_dom without lvd_hv", LVDCTL_EXIT_NO, want);
}

static void test_device(void)
{
	reset();
	hv_loaded(status_4of4, exits_2cpus);
	dom_loaded("200\n");
	fk.open_err = ENOENT;
	RUN("status");
	expect_fail("lvd_dom loaded, no /dev/lvd", LVDCTL_EXIT_UNREADABLE,
		    "lvdctl: /dev/lvd not found: load lvd_dom.ko first (modprobe lvd_dom, or "
		    "insmod lvd_dom.ko after lvd_hv.ko)\n");
	fk.open_err = EACCES;
	RUN("status", "--json");
	expect_fail("/dev/lvd not for this user", LVDCTL_EXIT_UNREADABLE,
		    "lvdctl: cannot open /dev/lvd: Permission denied: needs root (sudo lvdctl ...)\n");
	fk.open_err = 0;
	fk.stats_err = ENOTTY;
	RUN("status");
	expect_fail("STATS unknown to the module", LVDCTL_EXIT_UNREADABLE,
		    "lvdctl: status: /dev/lvd does not know this request: lvdctl and lvd_dom.ko "
		    "come from different LVD builds\n");
	fk.stats_err = EFAULT;
	RUN("status");
	expect_fail("STATS refused", LVDCTL_EXIT_UNREADABLE, "lvdctl: status: Bad address\n");
	fk.stats_err = 0;
	fk.list_err = EPERM;
	RUN("status");
	expect_fail("LIST refused for want of CAP_SYS_ADMIN", LVDCTL_EXIT_UNREADABLE,
		    "lvdctl: status: Operation not permitted: needs root (CAP_SYS_ADMIN)\n");
	fk.list_err = 0;
	fk.list_grows = true;
	RUN("status");
	expect_fail("domains that never stop coming", LVDCTL_EXIT_UNREADABLE,
		    "lvdctl: status: the domains kept changing while lvdctl listed them; "
		    "try again\n");
}

static void test_usage(void)
{
	reset();
	hv_loaded(status_4of4, exits_2cpus);
	dom_loaded("200\n");
	RUN("status", "now");
	TAP_OK(status == 2 && !*out && lines(errs) == 1 &&
	       strstr(errs, "lvdctl status: unexpected argument 'now'") && !fk.tries,
	       "status now: usage error, device untouched");
	RUN("status", "--frob");
	TAP_OK(status == 2 && !*out && lines(errs) == 1 &&
	       strstr(errs, "lvdctl status: unknown option '--frob'") && !fk.tries,
	       "status --frob: usage error");
	fk.euid = 1000;
	RUN("status", "--help");
	TAP_OK(status == 0 && !strncmp(out, "usage: lvdctl status [OPTIONS]\n", 31) &&
	       strstr(out, "Exit status: 0 ") && strstr(out, "3 cannot read") &&
	       strstr(out, "-j, --json") && !*errs && !fk.tries,
	       "status --help: usage, options, exit statuses (no root needed)");
	RUN("help", "status");
	TAP_OK(status == 0 && !strncmp(out, "usage: lvdctl status [OPTIONS]\n", 31),
	       "lvdctl help status");
	RUN("--help");
	TAP_OK(status == 0 && strstr(out, "\n  status     ") && strstr(out, "debugfs"),
	       "lvdctl --help lists status");
	TAP_OK(lvdctl_find_cmd("status") == &lvdctl_status_cmd, "status is in the table");
}

/* The parsers alone. */
static void test_parse(void)
{
	struct lvdctl_status st;

	lvdctl_status_init(&st);
	lvdctl_parse_hv_status("cpus_launched 4\ncpus_online -1\nabi_version 2x\n"
			       "cpus_online\n\n  cpus_online   8  \n", &st);
	TAP_OK(st.cpus_launched == 4 && st.cpus_online == 8 && st.abi_version == LVDCTL_NA,
	       "status: blanks allowed, bad numbers and lines left out");
	lvdctl_status_init(&st);
	lvdctl_parse_hv_status("cpus_launched 18446744073709551616\n", &st);
	TAP_OK(st.cpus_launched == LVDCTL_NA, "status: a number past 64 bits left out");

	lvdctl_status_init(&st);
	lvdctl_parse_exits("cpu0 b 5\ncpu0 a 5\ncpu0 c 5\ncpu0 d 1\ncpu0 e 9\ncpu0 f 5\n"
			   "cpu0 total 30\ncpu0 g 100\ncpu0 view_exits 1\n"
			   "cpu1 view_aborts 2\ncpu1 h 1 2\ncpux i 7\ncpu1 j -3\n"
			   "cpu1 k\ncpu2 l 4", &st);
	TAP_OK(st.exits == 34 && st.ntop == 5 && !strcmp(st.top[0].reason, "e") &&
	       !strcmp(st.top[1].reason, "a") && !strcmp(st.top[2].reason, "b") &&
	       !strcmp(st.top[3].reason, "c") && !strcmp(st.top[4].reason, "f") &&
	       st.top[4].count == 5, "exits: the 5 largest, ties by name; counters after "
	       "total and malformed lines left out (total %llu)", (unsigned long long)st.exits);
	TAP_OK(st.view_exits == 1 && st.view_aborts == 2, "exits: view_exits, view_aborts");
	lvdctl_status_init(&st);
	lvdctl_parse_exits("cpu0 hypercalls_ok 3\ncpu0 cpuid 2\ncpu3 cpuid 2\n", &st);
	TAP_OK(st.exits == 4 && st.ntop == 1 && st.top[0].count == 4 &&
	       st.view_exits == 0 && st.view_aborts == 0,
	       "exits: a reason summed over CPUs; a known counter is never a reason");

	TAP_OK(lvdctl_parse_param("200\n") == 200 && lvdctl_parse_param("0") == 0 &&
	       lvdctl_parse_param("") == LVDCTL_NA && lvdctl_parse_param("-1\n") == LVDCTL_NA &&
	       lvdctl_parse_param("Y\n") == LVDCTL_NA, "module parameters");
	TAP_OK(lvdctl_mounted("a /x t 0 0\nnone /sys/kernel/debug debugfs rw 0 0\n",
			      "/sys/kernel/debug", "debugfs") &&
	       !lvdctl_mounted("none /sys/kernel/debug/tracing tracefs rw 0 0\n",
			       "/sys/kernel/debug", "debugfs") &&
	       !lvdctl_mounted("", "/sys/kernel/debug", "debugfs"),
	       "/proc/mounts: debugfs at /sys/kernel/debug");
}

static void test_host(void)
{
	TAP_OK(lvdctl_sys_host.root && !*lvdctl_sys_host.root && lvdctl_sys_host.euid == geteuid,
	       "lvdctl itself reads the machine's own files, as its own user");
}

int main(void)
{
	if (!mkdtemp(tmpdir)) {
		perror("mkdtemp");
		return 1;
	}
	test_not_root();
	test_nothing_loaded();
	test_debugfs();
	test_hv();
	test_domains();
	test_device();
	test_usage();
	test_parse();
	test_host();
	free(out);
	free(errs);
	nftw(tmpdir, rm_one, 16, FTW_DEPTH | FTW_PHYS);
	return tap_done();
}
