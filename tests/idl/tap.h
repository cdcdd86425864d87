/* SPDX-License-Identifier: GPL-2.0 */
/*
 * tap.h - TAP output for the IDL tests: "TAP version 13", the plan, then one
 * line per check. Results are kept until tap_done() so that the plan can
 * come first.
 *
 * Usage: CHECK(cond, "what was checked %d", x); ... return tap_done();
 */
#ifndef LVD_IDL_TAP_H
#define LVD_IDL_TAP_H

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct tap_line {
	int ok;
	char text[200];
	char diag[200];
};

static struct tap_line tap_lines[512];
static int tap_n;

static inline __attribute__((format(printf, 4, 5)))
int tap_check(int ok, const char *file, int line, const char *fmt, ...)
{
	struct tap_line *t;
	va_list ap;

	if (tap_n == (int)(sizeof(tap_lines) / sizeof(tap_lines[0]))) {
		fprintf(stderr, "tap: too many checks\n");
		exit(2);
	}
	t = &tap_lines[tap_n++];
	t->ok = ok;
	va_start(ap, fmt);
	vsnprintf(t->text, sizeof(t->text), fmt, ap);
	va_end(ap);
	if (!ok)
		snprintf(t->diag, sizeof(t->diag), "failed at %s:%d", file,
			 line);
	return ok;
}

#define CHECK(cond, ...)	tap_check(!!(cond), __FILE__, __LINE__, __VA_ARGS__)

/* Check that two integers are equal; show both when they are not. */
#define CHECK_EQ(got, want, ...) do {					\
	long long g_ = (long long)(got), w_ = (long long)(want);	\
	if (!CHECK(g_ == w_, __VA_ARGS__))				\
		snprintf(tap_lines[tap_n - 1].diag,			\
			 sizeof(tap_lines[0].diag),			\
			 "failed at %s:%d: got %lld, want %lld",	\
			 __FILE__, __LINE__, g_, w_);			\
} while (0)

static inline int tap_done(void)
{
	int i, failed = 0;

	printf("TAP version 13\n1..%d\n", tap_n);
	for (i = 0; i < tap_n; i++) {
		printf("%sok %d - %s\n", tap_lines[i].ok ? "" : "not ", i + 1,
		       tap_lines[i].text);
		if (!tap_lines[i].ok) {
			printf("# %s\n", tap_lines[i].diag);
			failed++;
		}
	}
	fflush(stdout);
	return failed ? 1 : 0;
}

#endif /* LVD_IDL_TAP_H */
