// SPDX-License-Identifier: GPL-2.0
/*
 * util.c - memory, messages and output buffers of one compilation.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "idlc.h"

struct chunk {
	struct chunk *next;
	max_align_t data[];
};

static __attribute__((noreturn)) void out_of_memory(struct idl_ctx *ctx)
{
	snprintf(ctx->msg, sizeof(ctx->msg), "%s: error: out of memory",
		 ctx->file);
	longjmp(ctx->fail, 1);
}

/**
 * ctx_alloc() - zeroed memory that lives until idl_free()
 * @ctx:	the compilation
 * @size:	bytes wanted
 *
 * Return: the memory; does not return when memory is exhausted.
 */
void *ctx_alloc(struct idl_ctx *ctx, size_t size)
{
	struct chunk *c = calloc(1, sizeof(*c) + size);

	if (!c)
		out_of_memory(ctx);
	c->next = ctx->arena;
	ctx->arena = c;
	return c->data;
}

char *ctx_strndup(struct idl_ctx *ctx, const char *s, size_t n)
{
	char *p = ctx_alloc(ctx, n + 1);

	memcpy(p, s, n);
	return p;
}

char *ctx_printf(struct idl_ctx *ctx, const char *fmt, ...)
{
	va_list ap;
	char *p;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	p = ctx_alloc(ctx, n + 1);
	va_start(ap, fmt);
	vsnprintf(p, n + 1, fmt, ap);
	va_end(ap);
	return p;
}

/**
 * ctx_grow() - append room for one more element to an arena array
 * @ctx:	the compilation
 * @arr:	the array of @n elements, or NULL
 * @n:		its length
 * @elem:	size of one element
 *
 * Return: a copy of @arr with room for @n + 1 elements, the last zeroed.
 * Arrays double, so the copies cost amortized constant time.
 */
void *ctx_grow(struct idl_ctx *ctx, void *arr, int n, size_t elem)
{
	void *p;

	if (n & (n - 1))
		return arr;	/* room left from the last doubling */
	p = ctx_alloc(ctx, (n ? 2 * n : 1) * elem);
	if (n)
		memcpy(p, arr, n * elem);
	return p;
}

/**
 * idl_error() - report an error at a position of the input and stop
 * @ctx:	the compilation
 * @loc:	line and column (1-based, columns count bytes)
 * @fmt:	message
 */
void idl_error(struct idl_ctx *ctx, struct loc loc, const char *fmt, ...)
{
	int n;
	va_list ap;

	n = snprintf(ctx->msg, sizeof(ctx->msg), "%s:%d:%d: error: ",
		     ctx->file, loc.line, loc.col);
	if (n < 0 || (size_t)n >= sizeof(ctx->msg))
		n = 0;
	va_start(ap, fmt);
	vsnprintf(ctx->msg + n, sizeof(ctx->msg) - n, fmt, ap);
	va_end(ap);
	longjmp(ctx->fail, 1);
}

static void sb_reserve(struct idl_ctx *ctx, struct sbuf *sb, size_t more)
{
	size_t cap = sb->cap ? sb->cap : 4096;
	char *p;

	if (sb->len + more + 1 <= sb->cap)
		return;
	while (cap < sb->len + more + 1)
		cap *= 2;
	p = realloc(sb->p, cap);
	if (!p)
		out_of_memory(ctx);
	sb->p = p;
	sb->cap = cap;
}

void sb_puts(struct idl_ctx *ctx, struct sbuf *sb, const char *s)
{
	size_t n = strlen(s);

	sb_reserve(ctx, sb, n);
	memcpy(sb->p + sb->len, s, n + 1);
	sb->len += n;
}

void sb_printf(struct idl_ctx *ctx, struct sbuf *sb, const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	sb_reserve(ctx, sb, n);
	va_start(ap, fmt);
	vsnprintf(sb->p + sb->len, n + 1, fmt, ap);
	va_end(ap);
	sb->len += n;
}

/**
 * idl_compile() - compile one interface description into memory
 * @ctx:	a zeroed context
 * @file:	name of the input, for messages
 * @src:	the input
 * @len:	its length; the input may hold any bytes
 *
 * Return: 0 with the outputs in @ctx->out, or -1 with the message in
 * @ctx->msg. Either way, idl_free() releases the memory.
 */
int idl_compile(struct idl_ctx *ctx, const char *file, const char *src,
		size_t len)
{
	ctx->file = file;
	ctx->src = src;
	ctx->len = len;
	if (setjmp(ctx->fail))
		return -1;
	idl_parse(ctx);
	idl_check(ctx);
	idl_generate(ctx);
	return 0;
}

void idl_free(struct idl_ctx *ctx)
{
	int i;

	while (ctx->arena) {
		struct chunk *c = ctx->arena;

		ctx->arena = c->next;
		free(c);
	}
	for (i = 0; i < OUT_COUNT; i++) {
		free(ctx->out[i].p);
		ctx->out[i].p = NULL;
	}
}

const char *output_suffix(int which)
{
	static const char *const suffix[OUT_COUNT] = {
		[OUT_HEADER] = "_glue.h",
		[OUT_KERNEL] = "_kernel.c",
		[OUT_DOMAIN] = "_domain.c",
	};

	return suffix[which];
}
