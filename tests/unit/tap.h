/* SPDX-License-Identifier: GPL-2.0 */
/*
 * tests/unit/tap.h - minimal TAP (version 13) producer for every user-space
 * test program (tests/unit, tests/idl). Each test binary prints "TAP
 * version 13", one "ok N - ..." or "not ok N - ..." line per check, and its
 * plan "1..N" at the end; testbed/check.sh counts the lines.
 *
 * Usage: TAP_OK(cond, "what was checked %d", x); ... return tap_done();
 */
#ifndef LVD_TAP_H
#define LVD_TAP_H

#include <stdarg.h>
#include <stdio.h>

static int tap_count;
static int tap_failed;
static int tap_started;

static inline void tap_start(void)
{
	if (!tap_started) {
		printf("TAP version 13\n");
		tap_started = 1;
	}
}

static inline __attribute__((format(printf, 4, 5)))
int tap_ok(int cond, const char *file, int line, const char *fmt, ...)
{
	va_list ap;

	tap_start();
	tap_count++;
	printf("%sok %d - ", cond ? "" : "not ", tap_count);
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	printf("\n");
	if (!cond) {
		tap_failed++;
		printf("# failed at %s:%d\n", file, line);
	}
	fflush(stdout);
	return cond;
}

#define TAP_OK(cond, ...)	tap_ok(!!(cond), __FILE__, __LINE__, __VA_ARGS__)

/* Compare two integers (up to 64 bits) and show both on failure. */
#define TAP_EQ(got, want, ...) do {					\
	unsigned long long g_ = (got), w_ = (want);			\
	if (!TAP_OK(g_ == w_, __VA_ARGS__))				\
		printf("#   got %lld (0x%llx), want %lld (0x%llx)\n",	\
		       (long long)g_, g_, (long long)w_, w_);		\
} while (0)

static inline __attribute__((format(printf, 1, 2)))
void tap_skip(const char *fmt, ...)
{
	va_list ap;

	tap_start();
	tap_count++;
	printf("ok %d - skipped # SKIP ", tap_count);
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	printf("\n");
}

/* Print the plan; the exit status is non-zero when a check failed. */
static inline int tap_done(void)
{
	tap_start();
	printf("1..%d\n", tap_count);
	return tap_failed ? 1 : 0;
}

#endif /* LVD_TAP_H */
