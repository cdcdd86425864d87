// SPDX-License-Identifier: GPL-2.0
/*
 * parse.c - lexer and recursive-descent parser of the IDL.
 *
 * The grammar is in idl/README.md. The parser builds the tree of idlc.h and
 * checks only the syntax and that names are usable as C identifiers;
 * meaning (types, attributes, references between declarations) is checked
 * in check.c.
 */
#include <stdio.h>
#include <string.h>

#include "idlc.h"

#define MAX_IDENT	63

enum tok {
	TK_EOF,
	TK_IDENT,
	TK_STRING,
	TK_NUMBER,
	TK_PUNCT,
};

struct token {
	enum tok kind;
	const char *start;
	int len;
	struct loc loc;
};

struct parser {
	struct idl_ctx *ctx;
	size_t pos;
	struct loc at;
	struct token tok;
};

/* Words a declared name may not be: C keywords and the IDL's own words. */
static const char *const reserved[] = {
	"auto", "break", "case", "char", "const", "continue", "default", "do",
	"double", "else", "enum", "extern", "float", "for", "goto", "if",
	"inline", "int", "long", "register", "restrict", "return", "short",
	"signed", "sizeof", "static", "struct", "switch", "typedef", "union",
	"unsigned", "void", "volatile", "while", "asm", "typeof", "bool",
	"true", "false", "NULL", "u8", "u16", "u32", "u64", "s8", "s16",
	"s32", "s64", "string", "array", "ref", "module", "include",
	"projection", "rpc", "callback", "size_t",
};

static const char *const scalar_names[] = {
	[SC_U8] = "u8", [SC_U16] = "u16", [SC_U32] = "u32", [SC_U64] = "u64",
	[SC_S8] = "s8", [SC_S16] = "s16", [SC_S32] = "s32", [SC_S64] = "s64",
	[SC_BOOL] = "bool",
};

const char *scalar_c_name(enum scalar s)
{
	return scalar_names[s];
}

bool scalar_is_integer(enum scalar s)
{
	return s != SC_NONE && s != SC_BOOL;
}

static int peek(struct parser *p, size_t ahead)
{
	size_t i = p->pos + ahead;

	return i < p->ctx->len ? (unsigned char)p->ctx->src[i] : -1;
}

static void advance(struct parser *p)
{
	if (p->ctx->src[p->pos] == '\n') {
		p->at.line++;
		p->at.col = 1;
	} else {
		p->at.col++;
	}
	p->pos++;
}

static void skip_space(struct parser *p)
{
	for (;;) {
		int c = peek(p, 0);

		if (c == ' ' || c == '\t' || c == '\n' || c == '\r' ||
		    c == '\f' || c == '\v') {
			advance(p);
		} else if (c == '/' && peek(p, 1) == '/') {
			while (peek(p, 0) != -1 && peek(p, 0) != '\n')
				advance(p);
		} else if (c == '/' && peek(p, 1) == '*') {
			struct loc start = p->at;

			advance(p);
			advance(p);
			while (!(peek(p, 0) == '*' && peek(p, 1) == '/')) {
				if (peek(p, 0) == -1)
					idl_error(p->ctx, start,
						  "unterminated comment");
				advance(p);
			}
			advance(p);
			advance(p);
		} else {
			return;
		}
	}
}

static bool is_ident_start(int c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_';
}

static bool is_digit(int c)
{
	return c >= '0' && c <= '9';
}

static void next(struct parser *p)
{
	struct token *t = &p->tok;
	int c;

	skip_space(p);
	t->start = p->ctx->src + p->pos;
	t->loc = p->at;
	t->len = 0;
	c = peek(p, 0);
	if (c == -1) {
		t->kind = TK_EOF;
	} else if (is_ident_start(c)) {
		t->kind = TK_IDENT;
		while (is_ident_start(peek(p, 0)) || is_digit(peek(p, 0)))
			advance(p);
	} else if (is_digit(c)) {
		t->kind = TK_NUMBER;
		while (is_ident_start(peek(p, 0)) || is_digit(peek(p, 0)))
			advance(p);
	} else if (c == '"') {
		t->kind = TK_STRING;
		advance(p);
		for (c = peek(p, 0); c != '"'; c = peek(p, 0)) {
			if (c == -1 || c == '\n')
				idl_error(p->ctx, t->loc, "unterminated string");
			if (c < ' ' || c > '~' || c == '\\')
				idl_error(p->ctx, p->at,
					  "character 0x%02x not allowed in a string",
					  c);
			advance(p);
		}
		advance(p);
	} else if (strchr("{}()[]<>,;*.", c) && c) {
		t->kind = TK_PUNCT;
		advance(p);
	} else if (c > ' ' && c <= '~') {
		idl_error(p->ctx, p->at, "unexpected character '%c'", c);
	} else {
		idl_error(p->ctx, p->at, "unexpected byte 0x%02x", c);
	}
	t->len = (int)(p->ctx->src + p->pos - t->start);
	if (t->kind == TK_IDENT && t->len > MAX_IDENT)
		idl_error(p->ctx, t->loc, "identifier longer than %d characters",
			  MAX_IDENT);
}

/* How the current token reads in a message. */
static const char *describe(struct parser *p)
{
	const struct token *t = &p->tok;

	switch (t->kind) {
	case TK_EOF:
		return "end of file";
	case TK_STRING:
		return "a string";
	case TK_NUMBER:
		return ctx_printf(p->ctx, "number '%.*s'",
				  t->len > 20 ? 20 : t->len, t->start);
	default:
		return ctx_printf(p->ctx, "'%.*s'", t->len, t->start);
	}
}

static bool is_punct(struct parser *p, char c)
{
	return p->tok.kind == TK_PUNCT && p->tok.start[0] == c;
}

static bool is_word(struct parser *p, const char *w)
{
	return p->tok.kind == TK_IDENT && (int)strlen(w) == p->tok.len &&
	       !memcmp(p->tok.start, w, p->tok.len);
}

static void expect_punct(struct parser *p, char c, const char *where)
{
	if (!is_punct(p, c))
		idl_error(p->ctx, p->tok.loc, "expected '%c' %s, found %s", c,
			  where, describe(p));
	next(p);
}

static bool accept_punct(struct parser *p, char c)
{
	if (!is_punct(p, c))
		return false;
	next(p);
	return true;
}

static void expect_word(struct parser *p, const char *w, const char *where)
{
	if (!is_word(p, w))
		idl_error(p->ctx, p->tok.loc, "expected '%s' %s, found %s", w,
			  where, describe(p));
	next(p);
}

/* A word, returned as a new string; @what names it in messages. */
static const char *word(struct parser *p, const char *what, struct loc *loc)
{
	const char *w;

	if (p->tok.kind != TK_IDENT)
		idl_error(p->ctx, p->tok.loc, "expected %s, found %s", what,
			  describe(p));
	w = ctx_strndup(p->ctx, p->tok.start, p->tok.len);
	if (loc)
		*loc = p->tok.loc;
	next(p);
	return w;
}

/* A name the generated C code will use: no keyword, nothing reserved. */
static const char *name(struct parser *p, const char *what, struct loc *loc)
{
	struct loc at = p->tok.loc;
	const char *w = word(p, what, &at);
	size_t i;

	for (i = 0; i < sizeof(reserved) / sizeof(reserved[0]); i++)
		if (!strcmp(w, reserved[i]))
			idl_error(p->ctx, at, "'%s' is reserved and cannot name %s",
				  w, what);
	if (!strncmp(w, "__", 2) || !strncmp(w, "glue_", 5) ||
	    !strncmp(w, "GLUE_", 5))
		idl_error(p->ctx, at,
			  "names starting with '__' or 'glue_' are reserved");
	if (loc)
		*loc = at;
	return w;
}

static enum scalar scalar_of(struct parser *p)
{
	int i;

	if (p->tok.kind != TK_IDENT)
		return SC_NONE;
	for (i = SC_U8; i <= SC_BOOL; i++)
		if (is_word(p, scalar_names[i]))
			return i;
	return SC_NONE;
}

/* attrs := '[' attr (',' attr)* ']'; attr := word ('(' word ')')? */
static struct attr *attrs(struct parser *p)
{
	struct attr *head = NULL, **tail = &head;

	if (!accept_punct(p, '['))
		return NULL;
	do {
		struct attr *a = ctx_alloc(p->ctx, sizeof(*a));

		a->name = word(p, "an attribute", &a->loc);
		if (accept_punct(p, '(')) {
			a->arg = word(p, "'caller' or 'callee'", NULL);
			expect_punct(p, ')', "after the attribute argument");
		}
		*tail = a;
		tail = &a->next;
	} while (accept_punct(p, ','));
	expect_punct(p, ']', "to close the attribute list");
	return head;
}

/*
 * type := scalar | 'string' | 'array' '<' scalar ',' name '>'
 *       | 'struct' name '*' | 'ref' '<' name '>' | callback-name
 * With @is_return, also 'void'.
 */
static void type(struct parser *p, struct type *t, bool is_return)
{
	t->loc = p->tok.loc;
	t->name_loc = p->tok.loc;
	t->scalar = scalar_of(p);
	if (t->scalar) {
		t->kind = TY_SCALAR;
		next(p);
	} else if (is_return && is_word(p, "void")) {
		t->kind = TY_VOID;
		next(p);
	} else if (is_word(p, "string")) {
		t->kind = TY_STRING;
		next(p);
	} else if (is_word(p, "array")) {
		t->kind = TY_ARRAY;
		next(p);
		expect_punct(p, '<', "after 'array'");
		t->scalar = scalar_of(p);
		if (!t->scalar)
			idl_error(p->ctx, p->tok.loc,
				  "expected a scalar element type, found %s",
				  describe(p));
		next(p);
		expect_punct(p, ',', "after the element type");
		t->name = word(p, "the name of the length", &t->name_loc);
		expect_punct(p, '>', "to close 'array<'");
	} else if (is_word(p, "struct")) {
		t->kind = TY_STRUCT;
		next(p);
		t->name = word(p, "a projection name", &t->name_loc);
		expect_punct(p, '*', "after the projection name");
	} else if (is_word(p, "ref")) {
		t->kind = TY_REF;
		next(p);
		expect_punct(p, '<', "after 'ref'");
		t->name = word(p, "a projection name", &t->name_loc);
		expect_punct(p, '>', "to close 'ref<'");
	} else if (p->tok.kind == TK_IDENT) {
		t->kind = TY_CALLBACK;
		t->name = word(p, "a type", &t->name_loc);
	} else {
		idl_error(p->ctx, p->tok.loc, "expected a type, found %s",
			  describe(p));
	}
}

/*
 * projection := 'projection' name (';' | '{' field* '}' ';')
 * field := type name ('.' name)* attrs? ';'
 */
static void field(struct parser *p, struct proj *pr)
{
	struct field *f;
	const char *path;

	pr->fields = ctx_grow(p->ctx, pr->fields, pr->nfields,
			      sizeof(*pr->fields));
	f = &pr->fields[pr->nfields++];
	type(p, &f->type, false);
	path = name(p, "a field", &f->loc);
	while (accept_punct(p, '.'))
		path = ctx_printf(p->ctx, "%s.%s", path,
				  name(p, "a field", NULL));
	f->name = path;
	f->attrs_loc = p->tok.loc;
	f->attrs = attrs(p);
	expect_punct(p, ';', "after the field");
}

static void projection(struct parser *p, struct module *m)
{
	struct proj *pr = ctx_alloc(p->ctx, sizeof(*pr));

	pr->name = name(p, "a projection", &pr->loc);
	if (accept_punct(p, ';')) {
		pr->opaque = true;
	} else {
		expect_punct(p, '{', "to open the projection");
		while (!is_punct(p, '}')) {
			if (p->tok.kind == TK_EOF)
				idl_error(p->ctx, p->tok.loc,
					  "expected '}' to close projection '%s'",
					  pr->name);
			field(p, pr);
		}
		next(p);
		expect_punct(p, ';', "after the projection");
	}
	m->projs = ctx_grow(p->ctx, m->projs, m->nprojs, sizeof(*m->projs));
	m->projs[m->nprojs++] = pr;
}

/* params := ('void' | param (',' param)*)? ')' */
static void params(struct parser *p, struct rpc *r)
{
	expect_punct(p, '(', "before the parameters");
	if (is_word(p, "void")) {
		next(p);
		expect_punct(p, ')', "after 'void'");
		return;
	}
	if (accept_punct(p, ')'))
		return;
	do {
		struct param *pa;

		r->params = ctx_grow(p->ctx, r->params, r->nparams,
				     sizeof(*r->params));
		pa = &r->params[r->nparams++];
		type(p, &pa->type, false);
		pa->name = name(p, "a parameter", &pa->loc);
		pa->attrs = attrs(p);
	} while (accept_punct(p, ','));
	expect_punct(p, ')', "after the parameters");
}

/* rpc := 'rpc' ('to_kernel' | 'to_domain') type name params attrs? ';' */
static void rpc(struct parser *p, struct module *m, bool is_callback)
{
	struct rpc *r = ctx_alloc(p->ctx, sizeof(*r));

	r->is_callback = is_callback;
	if (!is_callback) {
		r->dir_loc = p->tok.loc;
		if (is_word(p, "to_kernel"))
			r->handler = SIDE_KERNEL;
		else if (is_word(p, "to_domain"))
			r->handler = SIDE_DOMAIN;
		else
			idl_error(p->ctx, p->tok.loc,
				  "expected 'to_kernel' or 'to_domain', found %s",
				  describe(p));
		r->dir_known = true;
		next(p);
	}
	type(p, &r->ret, true);
	r->name = name(p, is_callback ? "a callback" : "an rpc", &r->loc);
	params(p, r);
	r->attrs = attrs(p);
	expect_punct(p, ';', is_callback ? "after the callback" :
		     "after the rpc");
	m->rpcs = ctx_grow(p->ctx, m->rpcs, m->nrpcs, sizeof(*m->rpcs));
	m->rpcs[m->nrpcs++] = r;
}

static void include(struct parser *p, struct module *m)
{
	struct include *inc = ctx_alloc(p->ctx, sizeof(*inc));
	const char *s = p->tok.start + 1;
	int n = p->tok.len - 2;

	if (p->tok.kind != TK_STRING)
		idl_error(p->ctx, p->tok.loc,
			  "expected a header name in quotes, found %s",
			  describe(p));
	if (n < 1 || (s[0] == '<' && (n < 3 || s[n - 1] != '>')) ||
	    (s[0] != '<' && memchr(s, '>', n)) || memchr(s + 1, '<', n - 1))
		idl_error(p->ctx, p->tok.loc,
			  "malformed header name: write \"name.h\" or \"<name.h>\"");
	inc->path = ctx_strndup(p->ctx, s, n);
	next(p);
	expect_punct(p, ';', "after the include");
	*m->inc_tail = inc;
	m->inc_tail = &inc->next;
}

/* file := 'module' name '{' item* '}' ';'? EOF */
void idl_parse(struct idl_ctx *ctx)
{
	struct parser p = { .ctx = ctx, .at = { 1, 1 } };
	struct module *m = ctx_alloc(ctx, sizeof(*m));

	m->inc_tail = &m->includes;
	ctx->mod = m;
	next(&p);
	expect_word(&p, "module", "at the start of the file");
	m->name = name(&p, "a module", &m->loc);
	expect_punct(&p, '{', "after the module name");
	while (!is_punct(&p, '}')) {
		if (is_word(&p, "include")) {
			next(&p);
			include(&p, m);
		} else if (is_word(&p, "projection")) {
			next(&p);
			projection(&p, m);
		} else if (is_word(&p, "rpc")) {
			next(&p);
			rpc(&p, m, false);
		} else if (is_word(&p, "callback")) {
			next(&p);
			rpc(&p, m, true);
		} else if (p.tok.kind == TK_EOF) {
			idl_error(ctx, p.tok.loc,
				  "expected '}' to close module '%s'", m->name);
		} else {
			idl_error(ctx, p.tok.loc,
				  "expected 'include', 'projection', 'rpc' or 'callback', found %s",
				  describe(&p));
		}
	}
	next(&p);
	accept_punct(&p, ';');
	if (p.tok.kind != TK_EOF)
		idl_error(ctx, p.tok.loc,
			  "expected end of file after the module, found %s",
			  describe(&p));
}
