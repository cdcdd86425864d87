/* SPDX-License-Identifier: GPL-2.0 */
/*
 * idlc.h - internal interfaces of lvd-idlc, the LVD interface compiler.
 *
 * The compiler runs in four steps over one input file: lex and parse into
 * the tree below (parse.c), check and resolve names (check.c), generate the
 * three output files into memory (gen.c), and write them (main.c) only when
 * every step succeeded. The first error stops the compilation through
 * longjmp; all memory of a compilation comes from one arena, freed at once.
 */
#ifndef LVD_IDLC_H
#define LVD_IDLC_H

#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>

struct loc {
	int line;
	int col;
};

enum scalar {
	SC_NONE,
	SC_U8, SC_U16, SC_U32, SC_U64,
	SC_S8, SC_S16, SC_S32, SC_S64,
	SC_BOOL,
};

enum type_kind {
	TY_VOID,
	TY_SCALAR,
	TY_STRING,
	TY_ARRAY,	/* array<elem, len> */
	TY_STRUCT,	/* struct name *: pointer to a projection */
	TY_REF,		/* ref<name>: capability reference */
	TY_CALLBACK,	/* name of a callback */
};

/* Copy rules and reference sides of parameters and return values. */
enum rule {
	RULE_NONE,
	RULE_BIND,		/* bound to an existing copy (default) */
	RULE_ALLOC_CALLER,	/* caller makes its copy; return values */
	RULE_ALLOC_CALLEE,	/* callee makes its copy */
	RULE_FREE_CALLER,	/* caller's copy is freed after the call */
	RULE_FREE_CALLEE,	/* callee's copy is freed after the call */
	RULE_TEMP,		/* callee gets a temporary copy */
	RULE_REF_CALLER,	/* ref<>: object lives in the caller's table */
	RULE_REF_CALLEE,	/* ref<>: object lives in the callee's table */
};

enum dir {
	DIR_IN = 1,
	DIR_OUT = 2,
	DIR_INOUT = 3,
};

struct proj;
struct rpc;

struct type {
	enum type_kind kind;
	struct loc loc;		/* where the type starts */
	enum scalar scalar;	/* TY_SCALAR, or element of TY_ARRAY */
	const char *name;	/* projection, callback, or array length */
	struct loc name_loc;
	struct proj *proj;	/* resolved TY_STRUCT, TY_REF */
	struct rpc *cb;		/* resolved TY_CALLBACK */
	int len_index;		/* TY_ARRAY: index of the length param/field */
};

struct attr {
	const char *name;
	const char *arg;	/* the word in name(arg), or NULL */
	struct loc loc;
	struct attr *next;
};

struct field {
	struct type type;
	const char *name;	/* C access path, may contain dots */
	struct loc loc;
	struct attr *attrs;
	struct loc attrs_loc;
	int dir;
};

struct proj {
	const char *name;
	struct loc loc;
	struct field *fields;
	int nfields;
	int id;
	bool has_dir[4];	/* has_dir[DIR_IN], has_dir[DIR_OUT] */
	bool used_as_object;	/* needs a type id in the tables */
	bool opaque;		/* declared without fields */
};

struct param {
	struct type type;
	const char *name;
	struct loc loc;
	struct attr *attrs;
	int dir;
	enum rule rule;
	bool release;
};

enum side {
	SIDE_KERNEL,
	SIDE_DOMAIN,
};

struct rpc {
	const char *name;
	struct loc loc;
	bool is_callback;
	bool dir_known;
	enum side handler;	/* side that runs the implementation */
	struct loc dir_loc;	/* where the direction came from */
	struct type ret;
	enum rule ret_rule;
	struct attr *attrs;
	struct param *params;
	int nparams;
	int fn;			/* function number on the handling side */
	int cb_id;		/* callbacks: object type id */
};

struct include {
	const char *path;
	struct include *next;
};

struct module {
	const char *name;
	struct loc loc;
	struct include *includes;
	struct include **inc_tail;
	struct proj **projs;
	int nprojs;
	struct rpc **rpcs;
	int nrpcs;
	int ntypes;
};

/* Growable output text. */
struct sbuf {
	char *p;
	size_t len;
	size_t cap;
};

struct chunk;

/**
 * struct idl_ctx - one compilation
 * @file:	input name used in messages
 * @src:	input text
 * @len:	its length
 * @msg:	the error message, once compilation failed
 * @out:	generated header, kernel half and domain half
 */
struct idl_ctx {
	const char *file;
	const char *src;
	size_t len;
	char msg[512];
	jmp_buf fail;
	struct chunk *arena;
	struct module *mod;
	struct sbuf out[3];
};

enum { OUT_HEADER, OUT_KERNEL, OUT_DOMAIN, OUT_COUNT };

/* util.c */
void *ctx_alloc(struct idl_ctx *ctx, size_t size);
char *ctx_strndup(struct idl_ctx *ctx, const char *s, size_t n);
char *ctx_printf(struct idl_ctx *ctx, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
void *ctx_grow(struct idl_ctx *ctx, void *arr, int n, size_t elem);
__attribute__((noreturn, format(printf, 3, 4)))
void idl_error(struct idl_ctx *ctx, struct loc loc, const char *fmt, ...);
void sb_printf(struct idl_ctx *ctx, struct sbuf *sb, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
void sb_puts(struct idl_ctx *ctx, struct sbuf *sb, const char *s);

/* Steps; each returns only on success. */
void idl_parse(struct idl_ctx *ctx);
void idl_check(struct idl_ctx *ctx);
void idl_generate(struct idl_ctx *ctx);

/* The whole compilation of @src into memory: 0, or -1 with ctx->msg set. */
int idl_compile(struct idl_ctx *ctx, const char *file, const char *src,
		size_t len);
void idl_free(struct idl_ctx *ctx);

const char *scalar_c_name(enum scalar s);
bool scalar_is_integer(enum scalar s);
const char *output_suffix(int which);

#endif /* LVD_IDLC_H */
