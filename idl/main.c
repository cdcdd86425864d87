// SPDX-License-Identifier: GPL-2.0
/*
 * main.c - command line of lvd-idlc.
 *
 *   lvd-idlc [-o DIR] FILE.idl    write DIR/<module>_glue.h, _kernel.c and
 *                                 _domain.c (DIR defaults to .)
 *   lvd-idlc --check FILE.idl     check only, write nothing
 *
 * Outputs are written to temporary files that are renamed into place only
 * when all of them were written, so a failed run leaves no output behind.
 */
#include <errno.h>
#include <sys/stat.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "idlc.h"

static int usage(void)
{
	fprintf(stderr, "usage: lvd-idlc [-o DIR] FILE.idl\n"
			"       lvd-idlc --check FILE.idl\n");
	return 2;
}

static char *read_file(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	char *buf = NULL;
	size_t cap = 0, n;

	*len = 0;
	if (!f)
		return NULL;
	for (;;) {
		if (*len == cap) {
			char *p = realloc(buf, cap ? cap * 2 : 65536);

			if (!p)
				break;
			buf = p;
			cap = cap ? cap * 2 : 65536;
		}
		n = fread(buf + *len, 1, cap - *len, f);
		*len += n;
		if (n == 0)
			break;
	}
	if (ferror(f) || !buf) {
		free(buf);
		buf = NULL;
	}
	fclose(f);
	return buf;
}

static int write_all(int fd, const char *p, size_t len)
{
	while (len) {
		ssize_t n = write(fd, p, len);

		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			return -1;
		p += n;
		len -= (size_t)n;
	}
	return 0;
}

static int write_outputs(struct idl_ctx *ctx, const char *dir)
{
	char *final[OUT_COUNT] = { NULL }, *tmp[OUT_COUNT] = { NULL };
	size_t size = strlen(dir) + strlen(ctx->mod->name) + 32;
	int i, made = 0, err = 0;

	for (i = 0; i < OUT_COUNT && !err; i++) {
		int fd;

		final[i] = malloc(size);
		tmp[i] = malloc(size);
		if (!final[i] || !tmp[i]) {
			fprintf(stderr, "lvd-idlc: out of memory\n");
			err = 1;
			break;
		}
		snprintf(final[i], size, "%s/%s%s", dir, ctx->mod->name,
			 output_suffix(i));
		snprintf(tmp[i], size, "%s.tmpXXXXXX", final[i]);
		fd = mkstemp(tmp[i]);
		if (fd < 0) {
			fprintf(stderr, "lvd-idlc: %s: %s\n", tmp[i],
				strerror(errno));
			err = 1;
			break;
		}
		made++;
		if (write_all(fd, ctx->out[i].p, ctx->out[i].len) ||
		    fchmod(fd, 0644)) {
			fprintf(stderr, "lvd-idlc: %s: %s\n", tmp[i],
				strerror(errno));
			err = 1;
		}
		if (close(fd) && !err) {
			fprintf(stderr, "lvd-idlc: %s: %s\n", tmp[i],
				strerror(errno));
			err = 1;
		}
	}
	for (i = 0; i < made && !err; i++) {
		if (rename(tmp[i], final[i])) {
			fprintf(stderr, "lvd-idlc: %s: %s\n", final[i],
				strerror(errno));
			err = 1;
		}
	}
	for (i = 0; i < made && err; i++)
		unlink(tmp[i]);
	for (i = 0; i < OUT_COUNT; i++) {
		free(final[i]);
		free(tmp[i]);
	}
	return err;
}

int main(int argc, char **argv)
{
	struct idl_ctx ctx;
	const char *dir = ".", *path = NULL;
	bool check_only = false;
	char *src;
	size_t len;
	int i, ret;

	for (i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "-o") && i + 1 < argc)
			dir = argv[++i];
		else if (!strcmp(argv[i], "--check"))
			check_only = true;
		else if (argv[i][0] != '-' && !path)
			path = argv[i];
		else
			return usage();
	}
	if (!path)
		return usage();
	src = read_file(path, &len);
	if (!src) {
		fprintf(stderr, "lvd-idlc: %s: %s\n", path,
			errno ? strerror(errno) : "cannot read");
		return 1;
	}
	memset(&ctx, 0, sizeof(ctx));
	ret = idl_compile(&ctx, path, src, len);
	if (ret)
		fprintf(stderr, "%s\n", ctx.msg);
	else if (!check_only)
		ret = write_outputs(&ctx, dir);
	idl_free(&ctx);
	free(src);
	return ret ? 1 : 0;
}
