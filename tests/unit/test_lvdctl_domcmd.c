// SPDX-License-Identifier: GPL-2.0
/*
 * tests/unit/test_lvdctl_domcmd.c - lvdctl's domain commands (load, list,
 * call, stop, unload, stats) run whole through lvdctl_main(), against a
 * fake /dev/lvd (struct lvdctl_dev_ops): exit statuses, stdout, and the
 * one line on stderr of every refusal; what reaches the device, and that
 * usage errors never reach it. Object files are made in a temporary folder.
 */
// unit-deps: tools/lvdctl/cli.c tools/lvdctl/opt.c tools/lvdctl/json.c tools/lvdctl/check.c tools/lvdctl/check_eval.c hypervisor/vmx_caps.c tools/lvdctl/dev.c tools/lvdctl/dom.c tools/lvdctl/dom_parse.c tools/lvdctl/dom_print.c
#define _GNU_SOURCE
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "../../tools/lvdctl/dom.h"
#include "../../tools/lvdctl/lvdctl.h"
#include "json_valid.h"
#include "tap.h"

#define FAKE_FD		37
#define FAKE_DOMS	40

/* The fake device: what it answers, and what it was asked. */
static struct {
	int open_err;			/* errno open fails with, 0: it opens */
	int ioctl_err;			/* errno the requests fail with, 0: none */
	char msg[LVD_MSG_MAX];		/* the module's message on failure */
	u32 slot;			/* LOAD's answer */
	u64 pages;
	s32 call_err;			/* CALL's answer */
	u64 call_ret;
	u32 ndoms;			/* LIST: domains that exist */
	u32 grow;			/* LIST: domains added at a request */
	int grow_times;			/* at how many, -1 every one */
	struct lvd_ioc_stats stats;
	/* what it saw */
	int tries, opens, closes, ioctls;
	unsigned long last;
	struct lvd_ioc_load load;
	unsigned char obj_head[4];
	struct lvd_ioc_call call;
	struct lvd_ioc_name name;
	u32 list_max[8];
} fk;

static struct lvd_dom_info doms[FAKE_DOMS + 100];

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

static void fake_list(struct lvd_ioc_list *req)
{
	u32 i, n;

	if (fk.ioctls <= 8)
		fk.list_max[fk.ioctls - 1] = req->max;
	if (fk.grow_times) {
		fk.ndoms += fk.grow;
		fk.grow_times -= fk.grow_times > 0;
	}
	n = fk.ndoms < req->max ? fk.ndoms : req->max;
	for (i = 0; i < n; i++)
		((struct lvd_dom_info *)(uintptr_t)req->buf)[i] = doms[i % ARRAY_SIZE(doms)];
	req->count = fk.ndoms;
}

static void fake_call(struct lvd_ioc_call *req)
{
	fk.call = *req;
	req->err = fk.call_err;
	req->ret = fk.call_ret;
	if (fk.call_err)
		memcpy(req->msg, fk.msg, sizeof(req->msg));
}

static void fake_load(struct lvd_ioc_load *req)
{
	fk.load = *req;
	memcpy(fk.obj_head, (void *)(uintptr_t)req->obj,
	       req->obj_len < 4 ? req->obj_len : 4);
	req->slot = fk.slot;
	req->pages = fk.pages;
}

/* The module's message, into the @msg field of the request that has one. */
static void fake_msg(unsigned long req, void *arg)
{
	if (req == LVD_IOC_LOAD)
		memcpy(((struct lvd_ioc_load *)arg)->msg, fk.msg, LVD_MSG_MAX);
	else if (req == LVD_IOC_CALL)
		memcpy(((struct lvd_ioc_call *)arg)->msg, fk.msg, LVD_MSG_MAX);
	else if (req == LVD_IOC_STOP || req == LVD_IOC_UNLOAD)
		memcpy(((struct lvd_ioc_name *)arg)->msg, fk.msg, LVD_MSG_MAX);
}

static int fake_ioctl(int fd, unsigned long req, void *arg)
{
	fk.ioctls++;
	fk.last = req;
	if (fd != FAKE_FD)
		return -EBADF;
	if (fk.ioctl_err) {
		fake_msg(req, arg);
		return -fk.ioctl_err;
	}
	if (req == LVD_IOC_LOAD)
		fake_load(arg);
	else if (req == LVD_IOC_CALL)
		fake_call(arg);
	else if (req == LVD_IOC_STOP || req == LVD_IOC_UNLOAD)
		fk.name = *(struct lvd_ioc_name *)arg;
	else if (req == LVD_IOC_LIST)
		fake_list(arg);
	else if (req == LVD_IOC_STATS)
		*(struct lvd_ioc_stats *)arg = fk.stats;
	else
		return -ENOTTY;
	return 0;
}

static const struct lvdctl_dev_ops fake_ops = {
	.open = fake_open,
	.ioctl = fake_ioctl,
	.close = fake_close,
};

static char *out, *errs;
static int status;

/* lvdctl_main() on the words (NULL-terminated), with a fresh fake device. */
static int run_argv(const char *const *words)
{
	char *argv[LVDCTL_MAX_POS + 8] = { "lvdctl" };
	size_t olen, elen;
	int argc = 1;
	FILE *fo, *fe;

	free(out);
	free(errs);
	fk.tries = fk.opens = fk.closes = fk.ioctls = 0;
	fk.last = 0;
	while (*words && argc < LVDCTL_MAX_POS + 7)
		argv[argc++] = (char *)*words++;
	fo = open_memstream(&out, &olen);
	fe = open_memstream(&errs, &elen);
	status = lvdctl_main(argc, argv, fo, fe);
	fclose(fo);
	fclose(fe);
	return status;
}

#define RUN(...)	run_argv((const char *const[]){ __VA_ARGS__, NULL })

static void reset(void)
{
	memset(&fk, 0, sizeof(fk));
	lvdctl_dev_ops = &fake_ops;
}

static int lines(const char *s)
{
	int n = 0;

	for (; *s; s++)
		n += *s == '\n';
	return n;
}

/* The last run: exit status @want, stdout @want_out, stderr nothing. */
static void expect_ok(const char *what, const char *want_out)
{
	if (!TAP_OK(status == 0 && !strcmp(out, want_out) && !*errs && fk.opens == fk.closes,
		    "%s: exit status 0, stdout '%.*s'", what, (int)strcspn(want_out, "\n"), want_out))
		printf("#   got %d, stdout '%s', stderr '%s', %d opens %d closes\n", status, out,
		       errs, fk.opens, fk.closes);
}

/* The last run: exit status @want, nothing on stdout, one stderr line @want_err. */
static void expect_fail(const char *what, int want, const char *want_err)
{
	if (!TAP_OK(status == want && !*out && lines(errs) == 1 && !strcmp(errs, want_err) &&
		    fk.opens == fk.closes, "%s: exit status %d, one line: %.*s", what, want,
		    (int)strcspn(want_err, "\n"), want_err))
		printf("#   got %d, stdout '%s', stderr '%s', %d opens %d closes\n", status, out,
		       errs, fk.opens, fk.closes);
}

/* The last run: a usage error (exit status 2) naming @want, the device untouched. */
static void expect_usage(const char *what, const char *want)
{
	if (!TAP_OK(status == LVDCTL_EXIT_USAGE && !*out && lines(errs) == 1 &&
		    strstr(errs, want) && !fk.tries, "%s: usage error: %s", what, want))
		printf("#   got %d, stdout '%s', stderr '%s', %d opens\n", status, out, errs,
		       fk.tries);
}

static char tmpdir[] = "/tmp/lvdctl-test.XXXXXX";

static char made[16][256];
static int nmade;

/* A file in the temporary folder with @len bytes (of @bytes, then zeros). */
static const char *make_file(const char *name, const char *bytes, off_t len)
{
	char *p = made[nmade < 15 ? nmade++ : 15];
	int fd;

	snprintf(p, sizeof(made[0]), "%s/%s", tmpdir, name);
	fd = open(p, O_WRONLY | O_CREAT | O_TRUNC, 0600);
	if (fd < 0 || write(fd, bytes, strlen(bytes)) < 0 || ftruncate(fd, len) < 0)
		printf("# cannot make %s\n", p);
	close(fd);
	return p;
}

static void remove_files(void)
{
	int i;

	for (i = 0; i < nmade; i++)
		unlink(made[i]);
	rmdir(tmpdir);
}

static void test_open(void)
{
	reset();
	fk.open_err = ENOENT;
	RUN("list");
	expect_fail("no /dev/lvd", LVDCTL_EXIT_UNREADABLE,
		    "lvdctl: /dev/lvd not found: load lvd_dom.ko first (modprobe lvd_dom, or "
		    "insmod lvd_dom.ko after lvd_hv.ko)\n");
	fk.open_err = EACCES;
	RUN("stats");
	expect_fail("/dev/lvd not for this user", LVDCTL_EXIT_UNREADABLE,
		    "lvdctl: cannot open /dev/lvd: Permission denied: needs root (sudo lvdctl ...)\n");
	fk.open_err = EPERM;
	RUN("stop", "x");
	TAP_OK(status == 3 && strstr(errs, "needs root") && lines(errs) == 1, "EPERM: needs root");
	fk.open_err = ENXIO;
	RUN("unload", "x");
	TAP_OK(status == 3 && strstr(errs, "lvd_dom.ko is not loaded") && lines(errs) == 1,
	       "a device node without its driver: load lvd_dom.ko");
	fk.open_err = EIO;
	RUN("call", "x", "f");
	expect_fail("other open errors", LVDCTL_EXIT_UNREADABLE,
		    "lvdctl: cannot open /dev/lvd: Input/output error\n");

	reset();
	fk.ioctl_err = ENOTTY;
	RUN("stats");
	expect_fail("a request the module does not know", LVDCTL_EXIT_UNREADABLE,
		    "lvdctl: stats: /dev/lvd does not know this request: lvdctl and lvd_dom.ko "
		    "come from different LVD builds\n");
	fk.ioctl_err = EPERM;
	RUN("list");
	expect_fail("a request refused for want of CAP_SYS_ADMIN", LVDCTL_EXIT_UNREADABLE,
		    "lvdctl: list: Operation not permitted: needs root (CAP_SYS_ADMIN)\n");
	fk.ioctl_err = EPERM;
	strcpy(fk.msg, "domain e1000 is in use by the kernel");
	RUN("unload", "e1000");
	expect_fail("EPERM with the module's message: refused, not privilege", LVDCTL_EXIT_NO,
		    "lvdctl: unload e1000: domain e1000 is in use by the kernel\n");
}

static void test_load(void)
{
	const char *obj, *big;

	reset();
	fk.slot = 3;
	fk.pages = 42;
	obj = make_file("e1000.ko", "\x7f" "ELF", 4096);
	RUN("load", obj);
	expect_ok("load e1000.ko", "loaded e1000: slot 3, 42 pages\n");
	TAP_OK(fk.last == LVD_IOC_LOAD && !strcmp(fk.load.name, "e1000") &&
	       fk.load.obj_len == 4096 && !memcmp(fk.obj_head, "\x7f" "ELF", 4),
	       "load: the device got the name from the file name and all of its bytes");
	RUN("load", obj, "net-0");
	expect_ok("load FILE NAME", "loaded net-0: slot 3, 42 pages\n");
	TAP_OK(!strcmp(fk.load.name, "net-0"), "load: the NAME given");
	obj = make_file("my drv+1.o", "\x7f" "ELF", 64);
	fk.pages = 1;
	RUN("load", obj);
	expect_ok("load 'my drv+1.o'", "loaded my_drv_1: slot 3, 1 page\n");

	fk.ioctl_err = ENOENT;
	strcpy(fk.msg, "unresolved symbol pci_enable_device (not exported to domains)\n");
	RUN("load", obj);
	TAP_OK(status == 1 && !*out && lines(errs) == 1 && strstr(errs, "/my drv+1.o: unresolved "
	       "symbol pci_enable_device (not exported to domains)\n") &&
	       !strncmp(errs, "lvdctl: load ", 13), "load refused: the module's message, one line");
	fk.ioctl_err = EEXIST;
	fk.msg[0] = '\0';
	RUN("load", obj);
	TAP_OK(status == 1 && lines(errs) == 1 && strstr(errs, ".o: File exists\n"),
	       "load refused without a message: strerror");
	fk.ioctl_err = 0;

	big = make_file("big.o", "\x7f" "ELF", (off_t)LVD_OBJ_MAX + 1);
	RUN("load", big);
	TAP_OK(status == 1 && !*out && lines(errs) == 1 &&
	       strstr(errs, "big.o: too large: 67108865 bytes (lvd_dom.ko loads at most 64 MiB)\n") &&
	       !fk.tries, "load: a file past LVD_OBJ_MAX refused before the device");
	big = make_file("edge.o", "\x7f" "ELF", LVD_OBJ_MAX);
	RUN("load", big);
	TAP_OK(status == 0 && fk.load.obj_len == LVD_OBJ_MAX, "load: a file of LVD_OBJ_MAX taken");
	RUN("load", "/dev/zero");
	TAP_OK(status == 1 && lines(errs) == 1 && strstr(errs, "/dev/zero: too large: more than "
	       "67108864 bytes") && !fk.tries, "load: an endless file refused at LVD_OBJ_MAX");
	obj = make_file("empty.o", "", 0);
	RUN("load", obj);
	TAP_OK(status == 1 && lines(errs) == 1 && strstr(errs, "empty.o: empty file") && !fk.tries,
	       "load: an empty file refused");
	RUN("load", "/nonexistent/x.o");
	expect_fail("load: a missing file", LVDCTL_EXIT_NO,
		    "lvdctl: load /nonexistent/x.o: No such file or directory\n");
	TAP_OK(!fk.tries, "load: the device is not opened for a missing file");
	RUN("load", tmpdir);
	TAP_OK(status == 1 && strstr(errs, "Is a directory") && lines(errs) == 1,
	       "load: a folder refused");

	RUN("load");
	expect_usage("load without FILE", "lvdctl load: missing argument");
	RUN("load", obj, "a b");
	expect_usage("load with a bad NAME", "lvdctl load: bad domain name 'a b': only letters");
	RUN("load", obj, "0123456789012345678901234567890123");
	expect_usage("load with a long NAME", "too long (at most 31 characters)");
	RUN("load", "dir/.o");
	expect_usage("load of a file name without a name", "no domain name in the file name "
		     "'dir/.o': give NAME");
	RUN("load", obj, "x", "y");
	expect_usage("load with three arguments", "unexpected argument 'y'");
}

static void fill_doms(void)
{
	u32 i;

	for (i = 0; i < ARRAY_SIZE(doms); i++) {
		memset(&doms[i], 0, sizeof(doms[i]));
		snprintf(doms[i].name, sizeof(doms[i].name), "dom%u", i);
		doms[i].slot = i + 1;
		doms[i].state = LVD_DOM_READY;
		doms[i].pages = 10 + i;
	}
	doms[1].state = LVD_DOM_STOPPED;
	doms[1].stops = 1;
	doms[1].stop_reason = LVD_STOP_LANDING;
	doms[1].stop_rip = 0xffffffffc0000010ull;
}

static void test_list(void)
{
	const char *where;

	reset();
	RUN("list");
	expect_ok("list, no domains", "NAME  SLOT  STATE  PAGES  CALLS  UPCALLS  STOPS  STOP\n");
	TAP_OK(fk.ioctls == 1 && fk.last == LVD_IOC_LIST, "list: one LVD_IOC_LIST");

	fill_doms();
	fk.ndoms = FAKE_DOMS;
	RUN("list");
	TAP_OK(status == 0 && lines(out) == FAKE_DOMS + 1 && !*errs &&
	       strstr(out, "\ndom0      1  ready       10") &&
	       strstr(out, "\ndom1      2  stopped     11      0        0      1  landing at "
		      "0xffffffffc0000010\n") && strstr(out, "\ndom39"),
	       "list: 40 domains, a header and a line each");
	TAP_OK(fk.ioctls == 2 && fk.list_max[0] == 16 && fk.list_max[1] >= FAKE_DOMS,
	       "list: asked again with room for all (max %u, then %u)", fk.list_max[0],
	       fk.list_max[1]);
	RUN("list", "--names");
	TAP_OK(status == 0 && lines(out) == FAKE_DOMS && !strncmp(out, "dom0\ndom1\ndom2\n", 15),
	       "list --names: one name a line");
	RUN("list", "--json");
	if (!TAP_OK(status == 0 && json_valid(out, &where) && lines(out) == FAKE_DOMS + 4 &&
		    strstr(out, "\"stop_reason\": \"landing\", \"stop_rip\": \"0xffffffffc0000010\""),
		    "list --json: valid, one domain a line"))
		printf("#   at '%.20s'\n", where);
	RUN("list", "-j");
	TAP_OK(status == 0 && json_valid(out, NULL), "list -j");

	fk.ndoms = 10;
	fk.grow = 20;
	fk.grow_times = 2;
	RUN("list");
	TAP_OK(status == 0 && lines(out) == 51 && fk.ioctls == 3,
	       "list: domains loaded meanwhile: asked until all fit (%d requests)", fk.ioctls);
	fk.grow = 100;
	fk.grow_times = -1;
	fk.ndoms = 0;
	memset(doms, 0, sizeof(doms));
	RUN("list");
	TAP_OK(status == 1 && !*out && lines(errs) == 1 &&
	       !strcmp(errs, "lvdctl: list: the domains kept changing while lvdctl listed them; "
		       "try again\n") && fk.opens == fk.closes,
	       "list: domains that never stop coming: refused after a few tries");
	fk.grow_times = 0;
	fk.ndoms = 1u << 20;
	RUN("list");
	TAP_OK(status == 1 && lines(errs) == 1 && strstr(errs, "more domains than it can have"),
	       "list: an absurd count refused, nothing allocated for it");

	reset();
	RUN("list", "--json", "--names");
	expect_usage("list --json --names", "--json and --names exclude each other");
	RUN("list", "x");
	expect_usage("list x", "lvdctl list: unexpected argument 'x'");
	RUN("list", "--frob");
	expect_usage("list --frob", "lvdctl list: unknown option '--frob'");
}

static void test_call(void)
{
	reset();
	fk.call_ret = 42;
	RUN("call", "e1000", "probe", "-1", "0x10", "-9223372036854775808");
	expect_ok("call with 3 integers", "42 (0x2a)\n");
	TAP_OK(fk.last == LVD_IOC_CALL && !strcmp(fk.call.name, "e1000") &&
	       !strcmp(fk.call.func, "probe") && fk.call.nargs == 3 &&
	       fk.call.args[0] == UINT64_MAX && fk.call.args[1] == 16 &&
	       fk.call.args[2] == 1ull << 63 && !fk.call.args[3],
	       "call: name, function and the integers as 64 bits reach the device");
	fk.call_ret = UINT64_MAX;
	RUN("call", "e1000", "f");
	expect_ok("call without integers, -1 back", "-1 (0xffffffffffffffff)\n");
	TAP_OK(fk.call.nargs == 0, "call: nargs 0");
	RUN("call", "e1000", "f", "1", "2", "3", "4", "5", "0xffffffffffffffff");
	TAP_OK(status == 0 && fk.call.nargs == 6 && fk.call.args[5] == UINT64_MAX,
	       "call: 6 integers, the last UINT64_MAX in hex");
	RUN("call", "--json", "e1000", "f");
	TAP_OK(status == 0 && json_valid(out, NULL) &&
	       !strcmp(out, "{\"ret\": -1, \"ret_hex\": \"0xffffffffffffffff\"}\n") && !*errs,
	       "call --json: {\"ret\", \"ret_hex\"}");

	fk.call_err = -ECANCELED;
	strcpy(fk.msg, "the domain stopped: EPT violation at 0xffffffffc0001234 (write to "
	       "0xffff888000000000)");
	RUN("call", "e1000", "xmit", "7");
	expect_fail("call that stopped the domain", LVDCTL_EXIT_NO,
		    "lvdctl: call e1000.xmit: the domain stopped: EPT violation at "
		    "0xffffffffc0001234 (write to 0xffff888000000000)\n");
	fk.msg[0] = '\0';
	RUN("call", "e1000", "xmit");
	expect_fail("call that stopped the domain, no message", LVDCTL_EXIT_NO,
		    "lvdctl: call e1000.xmit: the domain was stopped during the call "
		    "(lvdctl list says why)\n");
	fk.call_err = -ESHUTDOWN;
	RUN("call", "e1000", "xmit");
	expect_fail("call into a stopped domain", LVDCTL_EXIT_NO,
		    "lvdctl: call e1000.xmit: domain e1000 is stopped (lvdctl list says why; "
		    "lvdctl unload e1000)\n");
	fk.call_err = -ENOENT;
	RUN("call", "e1000", "nosuch");
	expect_fail("call of a missing function", LVDCTL_EXIT_NO,
		    "lvdctl: call e1000.nosuch: domain e1000 has no function nosuch\n");
	fk.call_err = -EIO;
	RUN("call", "e1000", "f");
	expect_fail("call failing otherwise", LVDCTL_EXIT_NO,
		    "lvdctl: call e1000.f: Input/output error\n");
	fk.call_err = -ECANCELED;
	strcpy(fk.msg, "ran past its budget\nof 10 ms");
	RUN("call", "-j", "e1000", "f");
	TAP_OK(status == 1 && json_valid(out, NULL) &&
	       !strcmp(out, "{\"error\": \"ran past its budget of 10 ms\", \"err\": -125}\n") &&
	       !strcmp(errs, "lvdctl: call e1000.f: ran past its budget of 10 ms\n"),
	       "call --json that failed: {\"error\", \"err\"}, and the line on stderr");
	fk.call_err = 0;

	fk.ioctl_err = ESRCH;
	fk.msg[0] = '\0';
	RUN("call", "nosuch", "f");
	expect_fail("call into a missing domain", LVDCTL_EXIT_NO,
		    "lvdctl: call nosuch.f: no domain named 'nosuch' (lvdctl list shows them)\n");
	RUN("call", "--json", "nosuch", "f");
	TAP_OK(status == 1 && !*out && lines(errs) == 1,
	       "call --json refused by the device: nothing on stdout");
	fk.ioctl_err = EINVAL;
	strcpy(fk.msg, "bad name");
	RUN("call", "x", "f");
	expect_fail("call refused with a message", LVDCTL_EXIT_NO, "lvdctl: call x.f: bad name\n");
	fk.ioctl_err = 0;

	reset();
	RUN("call", "e1000", "f", "1x");
	expect_usage("call with 1x", "lvdctl call: bad argument '1x': not an integer");
	RUN("call", "e1000", "f", "0x");
	expect_usage("call with 0x", "bad argument '0x': not an integer");
	RUN("call", "e1000", "f", "-0x1");
	expect_usage("call with -0x1", "bad argument '-0x1': not an integer");
	RUN("call", "e1000", "f", "");
	expect_usage("call with an empty word", "bad argument '': not an integer");
	RUN("call", "e1000", "f", "9223372036854775808");
	expect_usage("call with 2^63 in decimal", "bad argument '9223372036854775808': out of range");
	RUN("call", "e1000", "f", "0x10000000000000000");
	expect_usage("call with 2^64 in hex", "bad argument '0x10000000000000000': out of range");
	RUN("call", "e1000", "f", "1", "2", "3", "4", "5", "6", "7");
	expect_usage("call with 7 integers",
		     "too many arguments: 7 integers, a domain call takes at most 6");
	RUN("call", "e1000");
	expect_usage("call without FUNCTION", "lvdctl call: missing argument (usage: lvdctl call "
		     "NAME FUNCTION [INT...])");
	RUN("call");
	expect_usage("call without anything", "missing argument");
	RUN("call", "e 1000", "f");
	expect_usage("call with a bad NAME", "bad domain name 'e 1000'");
	RUN("call", "e1000", "");
	expect_usage("call with an empty FUNCTION", "bad function name '': empty");
	RUN("call", "e1000", "f123456789012345678901234567890123456789012345678901234567890123");
	expect_usage("call with a 64-character FUNCTION", "too long (at most 63 characters)");
	RUN("call", "e1000", "f", "--", "-5");
	TAP_OK(status == 0 && fk.call.args[0] == (u64)-5, "call: '--' before integers");
}

static void test_stop_unload(void)
{
	reset();
	RUN("stop", "e1000");
	expect_ok("stop", "stopped e1000\n");
	TAP_OK(fk.last == LVD_IOC_STOP && !strcmp(fk.name.name, "e1000"), "stop: LVD_IOC_STOP");
	RUN("unload", "e1000");
	expect_ok("unload", "unloaded e1000\n");
	TAP_OK(fk.last == LVD_IOC_UNLOAD && !strcmp(fk.name.name, "e1000"),
	       "unload: LVD_IOC_UNLOAD");
	fk.ioctl_err = ENOENT;
	RUN("stop", "nosuch");
	expect_fail("stop of a missing domain", LVDCTL_EXIT_NO,
		    "lvdctl: stop nosuch: no domain named 'nosuch' (lvdctl list shows them)\n");
	fk.ioctl_err = ESRCH;
	RUN("unload", "nosuch");
	expect_fail("unload of a missing domain (ESRCH)", LVDCTL_EXIT_NO,
		    "lvdctl: unload nosuch: no domain named 'nosuch' (lvdctl list shows them)\n");
	fk.ioctl_err = EBUSY;
	strcpy(fk.msg, "e1000 is in a call on CPU 2; stop it first");
	RUN("unload", "e1000");
	expect_fail("unload refused with a message", LVDCTL_EXIT_NO,
		    "lvdctl: unload e1000: e1000 is in a call on CPU 2; stop it first\n");
	memset(fk.msg, 'm', sizeof(fk.msg));	/* no NUL */
	RUN("unload", "e1000");
	TAP_OK(status == 1 && lines(errs) == 1 && strlen(errs) == 23 + LVD_MSG_MAX,
	       "a message without its NUL: bounded");
	fk.ioctl_err = 0;

	reset();
	RUN("stop");
	expect_usage("stop without NAME", "lvdctl stop: missing argument");
	RUN("unload", "a", "b");
	expect_usage("unload with two names", "lvdctl unload: unexpected argument 'b'");
	RUN("stop", "a/b");
	expect_usage("stop with a bad NAME", "lvdctl stop: bad domain name 'a/b'");
	RUN("unload", "--json", "x");
	expect_usage("unload --json", "lvdctl unload: unknown option '--json'");
}

static void test_stats(void)
{
	reset();
	fk.stats.domains = 2;
	fk.stats.slots = 510;
	fk.stats.calls = 99;
	fk.stats.stops_by_reason[LVD_STOP_UPCALL] = 1;
	RUN("stats");
	TAP_OK(status == 0 && !*errs && !strncmp(out, "domains: 2\nslots: 510\n", 22) &&
	       strstr(out, "\ncalls: 99\n") && strstr(out, "\nstops_by_reason.upcall: 1\n") &&
	       lines(out) == 14 && fk.last == LVD_IOC_STATS,
	       "stats: one 'key: value' line a counter");
	RUN("stats", "--json");
	TAP_OK(status == 0 && json_valid(out, NULL) && strstr(out, "\"upcall\": 1}"),
	       "stats --json: valid");
	RUN("stats", "now");
	expect_usage("stats now", "lvdctl stats: unexpected argument 'now'");
	fk.ioctl_err = EFAULT;
	RUN("stats");
	expect_fail("stats refused", LVDCTL_EXIT_NO, "lvdctl: stats: Bad address\n");
}

static void test_help(void)
{
	static const char *const cmds[] = { "load", "list", "call", "stop", "unload", "stats" };
	char head[64];
	size_t i;

	reset();
	RUN("--help");
	TAP_OK(status == 0 && strstr(out, "\n  check ") && strstr(out, "\n  load ") &&
	       strstr(out, "\n  list ") && strstr(out, "\n  call ") && strstr(out, "\n  stop ") &&
	       strstr(out, "\n  unload ") && strstr(out, "\n  stats ") && strstr(out, "exit status"),
	       "lvdctl --help lists every command and the exit statuses");
	for (i = 0; i < ARRAY_SIZE(cmds); i++) {
		snprintf(head, sizeof(head), "usage: lvdctl %s [OPTIONS]", cmds[i]);
		RUN(cmds[i], "--help");
		TAP_OK(status == 0 && !strncmp(out, head, strlen(head)) &&
		       strstr(out, "Exit status: 0 ") && strstr(out, "3 /dev/lvd") &&
		       strstr(out, "-h, --help") && !*errs && !fk.tries,
		       "lvdctl %s --help: usage, exit statuses, device untouched", cmds[i]);
		RUN("help", cmds[i]);
		TAP_OK(status == 0 && !strncmp(out, head, strlen(head)),
		       "lvdctl help %s", cmds[i]);
	}
	RUN("call", "--help");
	TAP_OK(strstr(out, "usage: lvdctl call [OPTIONS] NAME FUNCTION [INT...]\n") &&
	       strstr(out, "-j, --json"), "call --help: its arguments and --json");
	RUN("list", "--help");
	TAP_OK(strstr(out, "    --names") && strstr(out, "-j, --json"), "list --help: --names, --json");
	RUN("call", "x", "f", "1x", "--help");
	TAP_OK(status == 0 && !fk.tries, "--help wins over a bad argument");
	TAP_OK(lvdctl_find_cmd("load") == &lvdctl_load_cmd &&
	       lvdctl_find_cmd("stats") == &lvdctl_stats_cmd && !lvdctl_find_cmd("loa"),
	       "the domain commands are in the table");
}

int main(void)
{
	if (!mkdtemp(tmpdir)) {
		perror("mkdtemp");
		return 1;
	}
	test_open();
	test_load();
	test_list();
	test_call();
	test_stop_unload();
	test_stats();
	test_help();
	free(out);
	free(errs);
	remove_files();
	return tap_done();
}
