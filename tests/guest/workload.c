// SPDX-License-Identifier: GPL-2.0
/*
 * tests/guest/workload.c - keep the guest kernel busy for a while and check
 * that everything it did gave the right result. Used to show that the
 * kernel works correctly under the hypervisor (and, later, with domains).
 *
 * Usage: workload [ROUNDS]    (default 3; each round takes a fraction of a
 *                              second of emulated time)
 *
 * Every round exercises, on every online CPU in turn: processes (fork, exec,
 * wait, exit status), file I/O (write, fsync, read back and compare, rename,
 * unlink), pipes between processes (a checksum of the bytes sent), POSIX
 * signals (to self and to a child, with handlers), interval timers and
 * timerfd, nanosleep, and many small system calls. One TAP line per kind of
 * work, each asserting the results of all rounds.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <sched.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/time.h>
#include <sys/timerfd.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#define FILE_BYTES	(256 * 1024)
#define PIPE_BYTES	(512 * 1024)
#define CHILDREN	8
#define SYSCALLS	20000

static int ntests;
static int nfailed;

static void result(int ok, const char *what, const char *detail)
{
	ntests++;
	if (!ok)
		nfailed++;
	printf("%sok %d - workload: %s\n", ok ? "" : "not ", ntests, what);
	if (!ok && detail && *detail)
		printf("# %s\n", detail);
	fflush(stdout);
}

/* A simple, order-sensitive checksum (FNV-1a, 32 bits). */
static uint32_t checksum(const unsigned char *p, size_t n, uint32_t h)
{
	while (n--) {
		h ^= *p++;
		h *= 16777619u;
	}
	return h;
}

static void fill(unsigned char *p, size_t n, unsigned int seed)
{
	size_t i;

	for (i = 0; i < n; i++)
		p[i] = (unsigned char)(i * 131 + seed * 7 + (i >> 9));
}

static void pin_to(int cpu)
{
	cpu_set_t set;

	CPU_ZERO(&set);
	CPU_SET(cpu, &set);
	sched_setaffinity(0, sizeof(set), &set);
}

/* Processes: children exit with distinct codes; exec a real program. */
static int do_processes(char *err, size_t len)
{
	int i, status, seen = 0;
	pid_t pid;

	for (i = 0; i < CHILDREN; i++) {
		pid = fork();
		if (pid < 0) {
			snprintf(err, len, "fork: %s", strerror(errno));
			return 0;
		}
		if (pid == 0)
			_exit(10 + i);
	}
	while ((pid = wait(&status)) > 0) {
		if (!WIFEXITED(status) || WEXITSTATUS(status) < 10 ||
		    WEXITSTATUS(status) >= 10 + CHILDREN) {
			snprintf(err, len, "child %d: bad status %#x", pid, status);
			return 0;
		}
		seen |= 1 << (WEXITSTATUS(status) - 10);
	}
	if (seen != (1 << CHILDREN) - 1) {
		snprintf(err, len, "exit codes seen %#x", seen);
		return 0;
	}
	pid = fork();
	if (pid == 0) {
		execl("/bin/sh", "sh", "-c", "exit 42", (char *)NULL);
		_exit(127);
	}
	if (pid < 0 || waitpid(pid, &status, 0) != pid || !WIFEXITED(status) ||
	    WEXITSTATUS(status) != 42) {
		snprintf(err, len, "exec of /bin/sh gave status %#x", status);
		return 0;
	}
	return 1;
}

/* File I/O on the root filesystem (tmpfs or initramfs). */
static int do_files(unsigned int seed, char *err, size_t len)
{
	static unsigned char out[FILE_BYTES], in[FILE_BYTES];
	const char *a = "/tmp/workload.a", *b = "/tmp/workload.b";
	ssize_t n;
	int fd;

	fill(out, sizeof(out), seed);
	fd = open(a, O_CREAT | O_TRUNC | O_WRONLY, 0600);
	if (fd < 0 || write(fd, out, sizeof(out)) != (ssize_t)sizeof(out) ||
	    fsync(fd) || close(fd)) {
		snprintf(err, len, "write %s: %s", a, strerror(errno));
		return 0;
	}
	if (rename(a, b)) {
		snprintf(err, len, "rename: %s", strerror(errno));
		return 0;
	}
	fd = open(b, O_RDONLY);
	n = fd < 0 ? -1 : read(fd, in, sizeof(in));
	if (fd >= 0)
		close(fd);
	unlink(b);
	if (n != (ssize_t)sizeof(in) || memcmp(in, out, sizeof(in))) {
		snprintf(err, len, "read back %zd bytes that differ", n);
		return 0;
	}
	return access(b, F_OK) != 0;
}

/* A pipe between two processes: the reader's checksum must match. */
static int do_pipe(unsigned int seed, char *err, size_t len)
{
	static unsigned char buf[PIPE_BYTES];
	unsigned char chunk[4096];
	uint32_t want, got = 2166136261u;
	int fds[2], status;
	size_t total = 0;
	ssize_t n;
	pid_t pid;

	fill(buf, sizeof(buf), seed);
	want = checksum(buf, sizeof(buf), 2166136261u);
	if (pipe(fds)) {
		snprintf(err, len, "pipe: %s", strerror(errno));
		return 0;
	}
	pid = fork();
	if (pid == 0) {
		size_t off = 0;

		close(fds[0]);
		while (off < sizeof(buf)) {
			n = write(fds[1], buf + off, sizeof(buf) - off > 3000 ? 3000 : sizeof(buf) - off);
			if (n <= 0)
				_exit(1);
			off += n;
		}
		_exit(0);
	}
	close(fds[1]);
	while ((n = read(fds[0], chunk, sizeof(chunk))) > 0) {
		got = checksum(chunk, n, got);
		total += n;
	}
	close(fds[0]);
	if (pid < 0 || waitpid(pid, &status, 0) != pid || status != 0 ||
	    total != sizeof(buf) || got != want) {
		snprintf(err, len, "pipe moved %zu bytes, checksum %#x want %#x", total, got, want);
		return 0;
	}
	return 1;
}

static volatile sig_atomic_t usr1_count, alarm_count;

static void on_usr1(int sig)
{
	(void)sig;
	usr1_count++;
}

static void on_alarm(int sig)
{
	(void)sig;
	alarm_count++;
}

/* Signals: to self, and a parent/child ping-pong with SIGUSR1. */
static int do_signals(char *err, size_t len)
{
	struct sigaction sa = { .sa_handler = on_usr1 };
	int i, status;
	pid_t pid;

	sigaction(SIGUSR1, &sa, NULL);
	usr1_count = 0;
	for (i = 0; i < 100; i++)
		raise(SIGUSR1);
	if (usr1_count != 100) {
		snprintf(err, len, "raise: %d of 100 delivered", (int)usr1_count);
		return 0;
	}
	pid = fork();
	if (pid == 0) {
		pause();	/* killed by SIGTERM below */
		_exit(0);
	}
	usleep(1000);
	kill(pid, SIGTERM);
	if (waitpid(pid, &status, 0) != pid || !WIFSIGNALED(status) ||
	    WTERMSIG(status) != SIGTERM) {
		snprintf(err, len, "child not killed by SIGTERM: status %#x", status);
		return 0;
	}
	return 1;
}

/* Timers: setitimer with SIGALRM, timerfd expirations, nanosleep length. */
static int do_timers(char *err, size_t len)
{
	struct sigaction sa = { .sa_handler = on_alarm };
	struct itimerval it = { { 0, 2000 }, { 0, 2000 } };
	struct itimerspec ts = { { 0, 1000000 }, { 0, 1000000 } };
	struct timespec t0, t1, req = { 0, 5000000 };
	uint64_t expirations = 0, e;
	int fd, i;

	sigaction(SIGALRM, &sa, NULL);
	alarm_count = 0;
	setitimer(ITIMER_REAL, &it, NULL);
	while (alarm_count < 5)
		pause();
	memset(&it, 0, sizeof(it));
	setitimer(ITIMER_REAL, &it, NULL);

	fd = timerfd_create(CLOCK_MONOTONIC, 0);
	if (fd < 0 || timerfd_settime(fd, 0, &ts, NULL)) {
		snprintf(err, len, "timerfd: %s", strerror(errno));
		return 0;
	}
	for (i = 0; i < 5; i++) {
		if (read(fd, &e, sizeof(e)) != sizeof(e)) {
			snprintf(err, len, "timerfd read: %s", strerror(errno));
			close(fd);
			return 0;
		}
		expirations += e;
	}
	close(fd);
	if (expirations < 5) {
		snprintf(err, len, "timerfd: %llu expirations", (unsigned long long)expirations);
		return 0;
	}

	clock_gettime(CLOCK_MONOTONIC, &t0);
	nanosleep(&req, NULL);
	clock_gettime(CLOCK_MONOTONIC, &t1);
	if ((t1.tv_sec - t0.tv_sec) * 1000000000LL + (t1.tv_nsec - t0.tv_nsec) < 5000000) {
		snprintf(err, len, "nanosleep returned early");
		return 0;
	}
	return 1;
}

/* Many small system calls, and the clock never goes backwards. */
static int do_syscalls(char *err, size_t len)
{
	struct timespec prev = { 0, 0 }, now;
	pid_t self = getpid();
	int i;

	for (i = 0; i < SYSCALLS; i++) {
		if (getppid() < 0 || getpid() != self) {
			snprintf(err, len, "getpid changed");
			return 0;
		}
		clock_gettime(CLOCK_MONOTONIC, &now);
		if (now.tv_sec < prev.tv_sec ||
		    (now.tv_sec == prev.tv_sec && now.tv_nsec < prev.tv_nsec)) {
			snprintf(err, len, "CLOCK_MONOTONIC went backwards");
			return 0;
		}
		prev = now;
	}
	return 1;
}

int main(int argc, char **argv)
{
	static const char *const names[] = {
		"processes (fork, exec, wait)", "file I/O read back intact",
		"pipe between processes intact", "signals delivered",
		"timers, timerfd and nanosleep", "system calls and monotonic clock",
	};
	int ok[6] = { 1, 1, 1, 1, 1, 1 };
	char err[6][160] = { "" };
	int rounds = argc > 1 ? atoi(argv[1]) : 3;
	int cpus = sysconf(_SC_NPROCESSORS_ONLN);
	int r, cpu;

	printf("TAP version 13\n# workload: %d rounds on %d CPUs\n", rounds, cpus);
	for (r = 0; r < rounds; r++) {
		for (cpu = 0; cpu < cpus; cpu++) {
			pin_to(cpu);
			ok[0] = ok[0] && do_processes(err[0], sizeof(err[0]));
			ok[1] = ok[1] && do_files(r * 16 + cpu, err[1], sizeof(err[1]));
			ok[2] = ok[2] && do_pipe(r * 16 + cpu, err[2], sizeof(err[2]));
			ok[3] = ok[3] && do_signals(err[3], sizeof(err[3]));
			ok[4] = ok[4] && do_timers(err[4], sizeof(err[4]));
			ok[5] = ok[5] && do_syscalls(err[5], sizeof(err[5]));
		}
	}
	for (r = 0; r < 6; r++)
		result(ok[r], names[r], err[r]);
	printf("1..%d\n", ntests);
	return nfailed ? 1 : 0;
}
