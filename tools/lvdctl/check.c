// SPDX-License-Identifier: GPL-2.0
/*
 * tools/lvdctl/check.c - "lvdctl check": can this machine run LVD?
 *
 * Gathers the facts and leaves every decision to check_eval.c: CPUID with
 * the instruction itself (pinned to CPU 0, like the MSR reads), the VMX
 * capability MSRs through /dev/cpu/0/msr in the order the module reads
 * them, and what /proc and /sys say about other hypervisors, Secure Boot,
 * module signing and kernel headers. Loads nothing but the msr driver
 * ("modprobe msr", as root, when /dev/cpu/0/msr is missing).
 */
#define _GNU_SOURCE
#include <cpuid.h>
#include <errno.h>
#include <fcntl.h>
#include <sched.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/utsname.h>
#include <sys/wait.h>
#include <unistd.h>

#include <lvd/compat.h>
#include <lvd/hw/cpu.h>
#include <lvd/hw/vmx.h>
#include <lvd/hypercall.h>

#include "check.h"
#include "lvdctl.h"

#define MSR_DEV			"/dev/cpu/0/msr"
#define SECURE_BOOT_VAR		"/sys/firmware/efi/efivars/SecureBoot-8be4df61-93ca-11d2-aa0d-00e098032b8c"

/*
 * One CPUID register (0 EAX, 1 EBX, 2 ECX, 3 EDX), 0 past the highest
 * basic or extended leaf: cpuid_reg() of hypervisor/main.c.
 */
static u32 cpuid_reg(u32 leaf, u32 sub, unsigned int reg)
{
	u32 r[4];

	if (leaf > __get_cpuid_max(leaf & LVD_CPUID_EXT_BASE, NULL))
		return 0;
	__cpuid_count(leaf, sub, r[0], r[1], r[2], r[3]);
	return r[reg];
}

static void read_cpuid(struct lvdctl_facts *f)
{
	struct lvd_vmx_msrs *m = &f->msrs;
	u32 l0[4], l1[4], brand[12] = { 0 }, hv[4] = { 0 };
	int i;

	__cpuid(0, l0[0], l0[1], l0[2], l0[3]);
	__cpuid(1, l1[0], l1[1], l1[2], l1[3]);
	if (__get_cpuid_max(LVD_CPUID_EXT_BASE, NULL) >= LVD_CPUID_EXT_BASE + 4)
		for (i = 0; i < 3; i++)
			__cpuid(LVD_CPUID_EXT_BASE + 2 + i, brand[4 * i], brand[4 * i + 1],
				brand[4 * i + 2], brand[4 * i + 3]);
	/* Leaves 40000000H and up mean something only under a hypervisor. */
	if (l1[2] & LVD_CPUID1_ECX_HYPERVISOR)
		__cpuid(LVD_CPUID_SIGNATURE_LEAF, hv[0], hv[1], hv[2], hv[3]);
	lvdctl_cpu_decode(&f->cpu, l0, l1, brand, hv);
	f->lvd_running = f->cpu.hypervisor_bit && lvdctl_is_lvd_signature(f->cpu.hv_signature);
	f->cpuid_vmx = l1[2] & LVD_CPUID1_ECX_VMX;

	/* As vmx_caps_read() in hypervisor/main.c; LVD hides VMX, the CPU has it. */
	lvd_vmx_cpuid_fill(m, cpuid_reg);
	m->cpuid_vmx = f->cpuid_vmx || f->lvd_running;
}

/* "modprobe -q msr", its output thrown away; true when it succeeded. */
static bool modprobe_msr(void)
{
	static char *const argv[] = { "modprobe", "-q", "msr", NULL };
	posix_spawn_file_actions_t fa;
	int status, ret;
	pid_t pid;

	if (posix_spawn_file_actions_init(&fa))
		return false;
	posix_spawn_file_actions_addopen(&fa, 0, "/dev/null", O_RDONLY, 0);
	posix_spawn_file_actions_addopen(&fa, 1, "/dev/null", O_WRONLY, 0);
	posix_spawn_file_actions_addopen(&fa, 2, "/dev/null", O_WRONLY, 0);
	ret = posix_spawnp(&pid, "modprobe", &fa, NULL, argv, environ);
	if (ret)
		ret = posix_spawn(&pid, "/sbin/modprobe", &fa, NULL, argv, environ);
	posix_spawn_file_actions_destroy(&fa);
	if (ret)
		return false;
	if (waitpid(pid, &status, 0) != pid)
		return false;
	return WIFEXITED(status) && WEXITSTATUS(status) == 0;
}

static int rdmsr_dev(void *ctx, u32 msr, u64 *val)
{
	ssize_t n = pread(*(int *)ctx, val, sizeof(*val), msr);

	if (n == (ssize_t)sizeof(*val))
		return 0;
	return n < 0 ? -errno : -EIO;
}

/* Fill f->msrs from /dev/cpu/0/msr, or say in f->msr_error why not. */
static void read_msrs(struct lvdctl_facts *f)
{
	bool root = geteuid() == 0, tried = false;
	int fd, err;

	if (!f->msrs.cpuid_vmx)
		return;
	fd = open(MSR_DEV, O_RDONLY | O_CLOEXEC);
	if (fd < 0 && (errno == ENOENT || errno == ENXIO || errno == ENODEV) && root) {
		tried = true;
		if (modprobe_msr())
			fd = open(MSR_DEV, O_RDONLY | O_CLOEXEC);
		else
			errno = ENOENT;
	}
	if (fd < 0) {
		err = errno;
		snprintf(f->msr_error, sizeof(f->msr_error), "%s: %s%s", MSR_DEV, strerror(err),
			 tried ? " (modprobe msr failed)" : "");
		if (!root)
			snprintf(f->msr_todo, sizeof(f->msr_todo),
				 "run as root (sudo lvdctl check)");
		else if (err == EACCES || err == EPERM)
			snprintf(f->msr_todo, sizeof(f->msr_todo),
				 "reading MSRs needs CAP_SYS_RAWIO");
		else
			snprintf(f->msr_todo, sizeof(f->msr_todo),
				 "lvdctl needs the kernel's msr driver (CONFIG_X86_MSR): install or load msr.ko");
		return;
	}
	err = lvdctl_read_msrs(&f->msrs, rdmsr_dev, &fd);
	close(fd);
	if (err) {
		snprintf(f->msr_error, sizeof(f->msr_error), "%s: %s", MSR_DEV, strerror(-err));
		snprintf(f->msr_todo, sizeof(f->msr_todo), root ? "reading MSRs needs CAP_SYS_RAWIO" :
			 "run as root (sudo lvdctl check)");
		return;
	}
	f->msrs_read = true;
}

/*
 * The whole of a small file (of /proc, /sys, debugfs), NUL-terminated, or
 * NULL (errno set). Free it.
 */
char *lvdctl_read_text(const char *path, size_t *lenp)
{
	size_t len = 0, cap = 0;
	char *buf = NULL;
	int fd = open(path, O_RDONLY | O_CLOEXEC);

	if (fd < 0)
		return NULL;
	for (;;) {
		ssize_t n;

		if (len + 1 >= cap) {
			char *p = cap < (1 << 22) ? realloc(buf, cap ? 2 * cap : 4096) : NULL;

			if (!p) {
				free(buf);
				close(fd);
				errno = ENOMEM;
				return NULL;
			}
			buf = p;
			cap = cap ? 2 * cap : 4096;
		}
		n = read(fd, buf + len, cap - len - 1);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0) {
			int err = errno;

			free(buf);
			close(fd);
			errno = err;
			return NULL;
		}
		if (!n)
			break;
		len += n;
	}
	close(fd);
	buf[len] = '\0';
	if (lenp)
		*lenp = len;
	return buf;
}

static int read_yn(const char *path, int if_missing)
{
	char *s = lvdctl_read_text(path, NULL);
	int ret;

	if (!s)
		return errno == ENOENT ? if_missing : LVDCTL_UNKNOWN;
	ret = lvdctl_parse_yn(s);
	free(s);
	return ret;
}

static bool exists(const char *path)
{
	struct stat st;

	return !stat(path, &st);
}

static void read_system(struct lvdctl_facts *f)
{
	struct utsname u;
	char path[160], *s;
	size_t len;

	if (!uname(&u))
		snprintf(f->release, sizeof(f->release), "%s", u.release);
	snprintf(path, sizeof(path), "/lib/modules/%s/build/Makefile", f->release);
	f->headers = exists(path);

	f->kvm_intel_users = -1;
	s = lvdctl_read_text("/proc/modules", NULL);
	if (s) {
		lvdctl_parse_modules(f, s);
		free(s);
	}
	if (!f->kvm_intel && exists("/sys/module/kvm_intel/parameters"))
		f->kvm_intel = true;	/* built into the kernel */
	f->kvm_virt_at_load = read_yn("/sys/module/kvm/parameters/enable_virt_at_load",
				      LVDCTL_UNKNOWN);

	f->efi = exists("/sys/firmware/efi");
	f->secure_boot = LVDCTL_UNKNOWN;
	if (f->efi) {
		s = lvdctl_read_text(SECURE_BOOT_VAR, &len);
		if (s) {
			f->secure_boot = lvdctl_parse_secure_boot((unsigned char *)s, len);
			free(s);
		} else if (errno == ENOENT && exists("/sys/firmware/efi/efivars")) {
			f->secure_boot = LVDCTL_NO;	/* firmware without Secure Boot */
		}
	}
	/* The parameter exists only in kernels with module signing. */
	f->sig_enforce = read_yn("/sys/module/module/parameters/sig_enforce", LVDCTL_NO);
	s = lvdctl_read_text("/sys/kernel/security/lockdown", NULL);
	if (s) {
		f->lockdown = lvdctl_parse_lockdown(s);
		free(s);
	} else if (errno == ENOENT && exists("/sys/kernel/security/lsm")) {
		f->lockdown = LVDCTL_LOCKDOWN_NONE;	/* no lockdown LSM */
	} else {
		f->lockdown = LVDCTL_LOCKDOWN_UNKNOWN;
	}
	f->modules_disabled = read_yn("/proc/sys/kernel/modules_disabled", LVDCTL_NO);
}

/* Run on CPU 0, where the MSRs are read, so CPUID describes the same CPU. */
static void pin_cpu0(void)
{
	cpu_set_t set;

	CPU_ZERO(&set);
	CPU_SET(0, &set);
	sched_setaffinity(0, sizeof(set), &set);
}

enum { OPT_JSON };

static const struct lvdctl_opt check_opts[] = {
	[OPT_JSON] = { "json", 'j', NULL, "print one JSON object instead of lines" },
	{ NULL, 0, NULL, NULL },
};

static int check_run(const struct lvdctl_cmd *cmd, const struct lvdctl_args *a, FILE *out,
		     FILE *err)
{
	static struct lvdctl_facts f;
	static struct lvdctl_verdict v;

	memset(&f, 0, sizeof(f));
	pin_cpu0();
	read_cpuid(&f);
	read_msrs(&f);
	read_system(&f);
	lvdctl_evaluate(&f, &v);
	if (lvdctl_opt_given(a, OPT_JSON))
		lvdctl_print_json(out, &f, &v);
	else
		lvdctl_print_text(out, &f, &v);
	if (v.status == LVDCTL_EXIT_UNREADABLE)
		fprintf(err, "lvdctl %s: cannot read the VMX capability MSRs: %s; %s\n", cmd->name,
			f.msr_error, f.msr_todo);
	return v.status;
}

const struct lvdctl_cmd lvdctl_check_cmd = {
	.name = "check",
	.args = "",
	.summary = "can this machine run LVD? (loads nothing)",
	.help =
	"Tells, without loading LVD, whether this machine can run it and, if not,\n"
	"what to do: the CPU, its VT-x features (EPT and its page sizes, VPID, VM\n"
	"functions with EPTP switching, the VMX-preemption timer), VT-x in the\n"
	"firmware, other hypervisors, whether this kernel is itself a guest, Secure\n"
	"Boot and module signing, and the kernel headers. Reads CPUID and, through\n"
	"/dev/cpu/0/msr (as root; loads the msr driver if needed), the VMX\n"
	"capability MSRs, and decides with the hypervisor's own capability check.\n"
	"\n"
	"Exit status: 0 LVD can run here; 1 it cannot (the last line says why and\n"
	"what to do); 2 usage error; 3 could not read what the answer needs\n"
	"(stderr says what).\n",
	.opts = check_opts,
	.min_pos = 0,
	.max_pos = 0,
	.run = check_run,
};
