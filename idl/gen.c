// SPDX-License-Identifier: GPL-2.0
/*
 * gen.c - generate the two halves of the glue and their shared header.
 *
 * For each call the caller's half gets a stub that encodes the arguments,
 * passes through the call gate and decodes the reply; the callee's half
 * gets a handler that decodes, checks, runs the implementation and encodes
 * the reply. The order of items on the wire is fixed here; the stub and
 * handler functions below mirror each other item by item (the loopback
 * round-trip tests check that they agree for every construct):
 *
 *   request: [callback reference] scalars, then the other parameters in
 *            order (alloc(callee) last), then the caller's copy for an
 *            alloc(caller) return value
 *   reply:   status, [out] arrays, return value, [out] fields of the
 *            projections, the callee's reference for alloc(callee)
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "idlc.h"

#define WRAP	80

struct gen {
	struct idl_ctx *ctx;
	struct module *m;
	const char *mu;		/* module name in capitals */
	struct sbuf *sb;
};

static const char *up(struct gen *g, const char *s)
{
	char *u = ctx_printf(g->ctx, "%s", s);
	char *p;

	for (p = u; *p; p++)
		if (*p >= 'a' && *p <= 'z')
			*p = (char)(*p - 'a' + 'A');
	return u;
}

#define out(g, ...)	sb_printf((g)->ctx, (g)->sb, __VA_ARGS__)

static int width(const char *s, int col)
{
	for (; *s; s++)
		col = *s == '\t' ? (col + 8) & ~7 : col + 1;
	return col;
}

/* Indent to column @col with tabs, then spaces. */
static void indent_to(struct gen *g, int col)
{
	int i;

	for (i = 0; i < col / 8; i++)
		out(g, "\t");
	for (i = 0; i < col % 8; i++)
		out(g, " ");
}

/*
 * Emit "@head(args...)@tail" after @tabs tabs, wrapping the arguments at
 * WRAP columns under the opening parenthesis, as the kernel style does.
 */
static void wrapped(struct gen *g, int tabs, const char *head,
		    const char *const *args, int n, const char *tail)
{
	int col, open, i;

	indent_to(g, tabs * 8);
	out(g, "%s(", head);
	open = col = width(head, tabs * 8) + 1;
	for (i = 0; i < n; i++) {
		const char *sep = i + 1 < n ? "," : ")";
		int w = (int)strlen(args[i]) + (int)strlen(sep);

		if (i && col + 1 + w > WRAP) {
			out(g, "\n");
			indent_to(g, open);
			col = open;
		} else if (i) {
			out(g, " ");
			col++;
		}
		out(g, "%s%s", args[i], sep);
		col += w;
	}
	if (!n)
		out(g, ")");
	out(g, "%s\n", tail);
}

/* wrapped() with the arguments given inline, NULL-terminated. */
static void call(struct gen *g, int tabs, const char *head, const char *tail,
		 ...)
{
	const char *args[8];
	const char *a;
	va_list ap;
	int n = 0;

	va_start(ap, tail);
	while ((a = va_arg(ap, const char *)) && n < 8)
		args[n++] = a;
	va_end(ap);
	wrapped(g, tabs, head, args, n, tail);
}

static const char *obj_const(struct gen *g, const struct proj *pr)
{
	return ctx_printf(g->ctx, "%s_OBJ_%s", g->mu, up(g, pr->name));
}

static const char *cb_const(struct gen *g, const struct rpc *cb)
{
	return ctx_printf(g->ctx, "%s_CB_%s", g->mu, up(g, cb->name));
}

static const char *fn_const(struct gen *g, const struct rpc *r)
{
	return ctx_printf(g->ctx, "%s_%s_%s", g->mu,
			  r->handler == SIDE_KERNEL ? "TO_KERNEL" : "TO_DOMAIN",
			  up(g, r->name));
}

static const char *side_name(enum side s)
{
	return s == SIDE_KERNEL ? "kernel" : "domain";
}

static const char *sc(enum scalar s)
{
	return scalar_c_name(s);
}

/* C type of a parameter as the caller (or the callee) sees it. */
static const char *param_type(struct gen *g, const struct param *pa,
			      bool callee)
{
	const struct type *t = &pa->type;

	switch (t->kind) {
	case TY_SCALAR:
		return ctx_printf(g->ctx, "%s ", sc(t->scalar));
	case TY_STRING:
		return "const char *";
	case TY_ARRAY:
		return ctx_printf(g->ctx, "%s%s *",
				  pa->dir == DIR_IN ? "const " : "",
				  sc(t->scalar));
	case TY_STRUCT:
		return ctx_printf(g->ctx, "struct %s *", t->proj->name);
	case TY_REF:
		if ((pa->rule == RULE_REF_CALLER) == callee)
			return "glue_ref_t ";
		return ctx_printf(g->ctx, "struct %s *", t->proj->name);
	case TY_CALLBACK:
		if (callee)
			return "glue_ref_t ";
		return ctx_printf(g->ctx, "%s_%s_t ", g->m->name, t->cb->name);
	default:
		return "void ";
	}
}

static const char *ret_type(struct gen *g, const struct rpc *r)
{
	switch (r->ret.kind) {
	case TY_SCALAR:
		return ctx_printf(g->ctx, "%s ", sc(r->ret.scalar));
	case TY_STRUCT:
		return ctx_printf(g->ctx, "struct %s *", r->ret.proj->name);
	default:
		return "void ";
	}
}

/* Parameter list of the implementation (callee view). */
static int impl_args(struct gen *g, const struct rpc *r, const char **args)
{
	int i;

	for (i = 0; i < r->nparams; i++)
		args[i] = ctx_printf(g->ctx, "%s%s",
				     param_type(g, &r->params[i], true),
				     r->params[i].name);
	if (!r->nparams)
		args[i++] = "void";
	return i;
}

/* Parameter list of the stub (caller view). */
static int stub_args(struct gen *g, const struct rpc *r, const char **args)
{
	int i, n = 0;

	args[n++] = "struct glue_chan *ch";
	if (r->is_callback)
		args[n++] = "glue_ref_t cb";
	for (i = 0; i < r->nparams; i++)
		args[n++] = ctx_printf(g->ctx, "%s%s",
				       param_type(g, &r->params[i], false),
				       r->params[i].name);
	if (r->ret.kind != TY_VOID)
		args[n++] = ctx_printf(g->ctx, "%s*ret", ret_type(g, r));
	return n;
}

static const char **arg_array(struct gen *g, const struct rpc *r)
{
	return ctx_alloc(g->ctx, (r->nparams + 4) * sizeof(const char *));
}

static const char *impl_name(struct gen *g, const struct rpc *r)
{
	return r->is_callback ? ctx_printf(g->ctx, "%s_%s_t", g->m->name,
					   r->name) : r->name;
}

static const char *stub_name(struct gen *g, const struct rpc *r)
{
	return ctx_printf(g->ctx, "%s_%s", g->m->name, r->name);
}

static const char *helper(struct gen *g, const struct proj *pr,
			  const char *what)
{
	return ctx_printf(g->ctx, "%s_%s_%s", g->m->name, pr->name, what);
}

/* ---- Projections ------------------------------------------------------ */

static const char *field_ref(struct gen *g, const struct field *f)
{
	return ctx_printf(g->ctx, "p->%s", f->name);
}

/* Write (or, with @get, read) one field of the object p in buffer b. */
static void field_io(struct gen *g, const struct proj *pr,
		     const struct field *f, bool get)
{
	const char *op = get ? "get" : "put";
	const char *fr = field_ref(g, f);
	const char *size = ctx_printf(g->ctx, "sizeof(%s)", fr);

	switch (f->type.kind) {
	case TY_SCALAR:
		if (get)
			out(g, "\t%s = glue_get_%s(b);\n", fr,
			    sc(f->type.scalar));
		else
			out(g, "\tglue_put_%s(b, %s);\n", sc(f->type.scalar),
			    fr);
		break;
	case TY_STRING:
		call(g, 1, ctx_printf(g->ctx, "glue_%s_field_str", op), ";",
		     "b", fr, size, NULL);
		break;
	default:
		call(g, 1, ctx_printf(g->ctx, "glue_%s_field_array", op), ";",
		     "b", fr, size, field_ref(g, &pr->fields[f->type.len_index]),
		     ctx_printf(g->ctx, "sizeof(%s[0])", fr), NULL);
		break;
	}
}

/* After a bad message, zero each length of an array read in direction @dir. */
static void reset_lengths(struct gen *g, const struct proj *pr, int dir)
{
	const char **lens = ctx_alloc(g->ctx, pr->nfields * sizeof(*lens));
	int i, j, n = 0;

	for (i = 0; i < pr->nfields; i++) {
		const struct field *f = &pr->fields[i];
		const char *len;

		if (!(f->dir & dir) || f->type.kind != TY_ARRAY)
			continue;
		len = field_ref(g, &pr->fields[f->type.len_index]);
		for (j = 0; j < n; j++)
			if (!strcmp(lens[j], len))
				break;
		if (j == n)
			lens[n++] = len;
	}
	if (!n)
		return;
	out(g, n > 1 ? "\tif (b->err) {\n" : "\tif (b->err)\n");
	for (i = 0; i < n; i++)
		out(g, "\t\t%s = 0;\n", lens[i]);
	if (n > 1)
		out(g, "\t}\n");
}

/*
 * Scalars go first so that a reader knows every length before the array
 * it measures.
 */
static void proj_helper(struct gen *g, const struct proj *pr, int dir,
			bool get)
{
	const char *dname = dir == DIR_IN ? "in" : "out";
	const char *name = helper(g, pr, ctx_printf(g->ctx, "%s_%s",
						    get ? "get" : "put", dname));
	const char *args[2];
	int pass, i;

	args[0] = "struct glue_buf *b";
	args[1] = ctx_printf(g->ctx, "%sstruct %s *p", get ? "" : "const ",
			     pr->name);
	out(g, "/**\n * %s() - %s the [%s] fields of a %s\n", name,
	    get ? "read" : "write", dname, pr->name);
	out(g, " * @b: message buffer\n * @p: the object\n");
	for (i = 0; get && i < pr->nfields; i++) {
		if ((pr->fields[i].dir & dir) &&
		    pr->fields[i].type.kind == TY_ARRAY) {
			out(g, " *\n * Array lengths are reset to 0 when the message is bad, so that no length\n * ever exceeds its array.\n");
			break;
		}
	}
	out(g, " */\n");
	wrapped(g, 0, ctx_printf(g->ctx, "static inline void %s", name), args,
		2, "");
	out(g, "{\n\tif (b->err)\n\t\treturn;\n");
	for (pass = 0; pass < 2; pass++) {
		for (i = 0; i < pr->nfields; i++) {
			const struct field *f = &pr->fields[i];

			if (!(f->dir & dir) ||
			    (f->type.kind == TY_SCALAR) != (pass == 0))
				continue;
			field_io(g, pr, f, get);
		}
	}
	if (get)
		reset_lengths(g, pr, dir);
	out(g, "}\n\n");
}

/* ---- Stubs (caller side) ----------------------------------------------- */

static const char *param_doc(const struct param *pa, const char *other)
{
	static char buf[128];

	switch (pa->type.kind) {
	case TY_SCALAR:
		return "passed by value";
	case TY_STRING:
		return "string, copied";
	case TY_ARRAY:
		snprintf(buf, sizeof(buf), "@%s elements, copied %s",
			 pa->type.name, pa->dir == DIR_IN ? "in" :
			 pa->dir == DIR_OUT ? "out" : "in and out");
		return buf;
	case TY_REF:
		snprintf(buf, sizeof(buf), pa->rule == RULE_REF_CALLER ?
			 "object the %s gets a reference to" :
			 pa->release ? "reference into the %s's table, released by the call" :
			 "reference into the %s's table", other);
		return buf;
	case TY_CALLBACK:
		snprintf(buf, sizeof(buf), "function the %s may call back",
			 other);
		return buf;
	default:
		break;
	}
	switch (pa->rule) {
	case RULE_ALLOC_CALLEE:
		snprintf(buf, sizeof(buf), "object the %s makes a copy of",
			 other);
		break;
	case RULE_FREE_CALLER:
		return "object whose copy here is freed by the call";
	case RULE_FREE_CALLEE:
		snprintf(buf, sizeof(buf),
			 "object whose copy in the %s is freed by the call",
			 other);
		break;
	case RULE_TEMP:
		snprintf(buf, sizeof(buf),
			 "copied to a temporary in the %s for the call", other);
		break;
	default:
		snprintf(buf, sizeof(buf), "object bound to its copy in the %s",
			 other);
		break;
	}
	return buf;
}

static void stub_doc(struct gen *g, const struct rpc *r)
{
	const char *other = side_name(r->handler);
	int i;

	out(g, "/**\n");
	if (r->is_callback)
		out(g, " * %s() - call a %s callback in the %s\n",
		    stub_name(g, r), r->name, other);
	else
		out(g, " * %s() - call %s() in the %s\n", stub_name(g, r),
		    r->name, other);
	out(g, " * @ch: channel to the %s\n", other);
	if (r->is_callback)
		out(g, " * @cb: the %s's reference to the function\n", other);
	for (i = 0; i < r->nparams; i++)
		out(g, " * @%s: %s\n", r->params[i].name,
		    param_doc(&r->params[i], other));
	if (r->ret.kind != TY_VOID)
		out(g, " * @ret: set to what %s returned\n",
		    r->is_callback ? "the callback" :
		    ctx_printf(g->ctx, "%s()", r->name));
	out(g, " *\n * Return: 0, or a negative errno when the glue could not make the call");
	if (r->ret.kind != TY_VOID)
		out(g, ";\n * @ret is meaningful only after 0");
	out(g, ".\n */\n");
}

static bool frees(const struct param *pa)
{
	return pa->rule == RULE_FREE_CALLER || pa->rule == RULE_FREE_CALLEE;
}

static void put_in(struct gen *g, int tabs, const struct proj *pr,
		   const char *buf, const char *obj)
{
	if (pr->has_dir[DIR_IN])
		call(g, tabs, helper(g, pr, "put_in"), ";", buf, obj, NULL);
}

static void get_out(struct gen *g, int tabs, const struct proj *pr,
		    const char *buf, const char *obj)
{
	if (pr->has_dir[DIR_OUT])
		call(g, tabs, helper(g, pr, "get_out"), ";", buf, obj, NULL);
}

static void stub_request(struct gen *g, const struct rpc *r)
{
	const struct param *alloc = NULL;
	int i;

	if (r->is_callback)
		out(g, "\tglue_put_u64(&c.req, cb);\n");
	for (i = 0; i < r->nparams; i++)
		if (r->params[i].type.kind == TY_SCALAR)
			out(g, "\tglue_put_%s(&c.req, %s);\n",
			    sc(r->params[i].type.scalar), r->params[i].name);
	for (i = 0; i < r->nparams; i++) {
		const struct param *pa = &r->params[i];
		const struct proj *pr = pa->type.proj;

		switch (pa->type.kind) {
		case TY_STRING:
			out(g, "\tglue_put_str(&c.req, %s);\n", pa->name);
			break;
		case TY_ARRAY:
			if (pa->dir & DIR_IN)
				call(g, 1, "glue_put_array", ";", "&c.req",
				     pa->name, r->params[pa->type.len_index].name,
				     ctx_printf(g->ctx, "sizeof(*%s)", pa->name),
				     NULL);
			break;
		case TY_STRUCT:
			if (pa->rule == RULE_ALLOC_CALLEE) {
				alloc = pa;
				break;
			}
			if (pa->rule != RULE_TEMP)
				call(g, 1, "glue_put_remote", ";", "ch",
				     "&c.req", pa->name, obj_const(g, pr), NULL);
			put_in(g, 1, pr, "&c.req", pa->name);
			break;
		case TY_REF:
			if (pa->rule == RULE_REF_CALLER)
				call(g, 1, "glue_put_export", ";", "ch",
				     "&c.req", pa->name, obj_const(g, pr), NULL);
			else
				out(g, "\tglue_put_u64(&c.req, %s);\n",
				    pa->name);
			break;
		case TY_CALLBACK:
			call(g, 1, "glue_put_export", ";", "ch", "&c.req",
			     ctx_printf(g->ctx, "(void *)%s", pa->name),
			     cb_const(g, pa->type.cb), NULL);
			break;
		default:
			break;
		}
	}
	if (alloc) {
		call(g, 1, "glue_put_export_new", ";", "ch", "&c.req",
		     alloc->name, obj_const(g, alloc->type.proj),
		     ctx_printf(g->ctx, "&%s_ref", alloc->name), NULL);
		put_in(g, 1, alloc->type.proj, "&c.req", alloc->name);
	}
	if (r->ret_rule == RULE_ALLOC_CALLER)
		call(g, 1, "shadow = glue_put_new_shadow", ";", "ch", "&c.req",
		     obj_const(g, r->ret.proj), NULL);
}

static void put_out(struct gen *g, int tabs, const struct proj *pr,
		    const char *obj);

/*
 * The reply's part for projection parameters, the same for both halves:
 * the [out] fields of each bound or temporary object, then the callee's new
 * reference and [out] fields of an alloc(callee) object. @handler selects
 * the writing (callee) or reading (caller) side.
 */
static void reply_objects(struct gen *g, const struct rpc *r, bool handler)
{
	const struct param *alloc = NULL;
	int i, tabs = handler ? 1 : 2;

	for (i = 0; i < r->nparams; i++) {
		const struct param *pa = &r->params[i];
		const char *obj = pa->name;

		if (pa->type.kind != TY_STRUCT || frees(pa))
			continue;
		if (pa->rule == RULE_ALLOC_CALLEE) {
			alloc = pa;
			continue;
		}
		if (handler && pa->rule == RULE_TEMP)
			obj = ctx_printf(g->ctx, "&%s_buf", pa->name);
		if (handler)
			put_out(g, tabs, pa->type.proj, obj);
		else
			get_out(g, tabs, pa->type.proj, "&c.rep", obj);
	}
	if (!alloc)
		return;
	if (handler) {
		out(g, "\tglue_put_u64(rep, %s_ref);\n", alloc->name);
		put_out(g, tabs, alloc->type.proj, alloc->name);
	} else {
		call(g, tabs, "glue_get_bind", ";", "ch", "&c.rep",
		     ctx_printf(g->ctx, "%s_ref", alloc->name),
		     obj_const(g, alloc->type.proj), NULL);
		get_out(g, tabs, alloc->type.proj, "&c.rep", alloc->name);
	}
}

static void stub_reply(struct gen *g, const struct rpc *r)
{
	int i;

	for (i = 0; i < r->nparams; i++) {
		const struct param *pa = &r->params[i];

		if (pa->type.kind == TY_ARRAY && (pa->dir & DIR_OUT))
			call(g, 2, "glue_get_array_to", ";", "&c.rep",
			     pa->name, r->params[pa->type.len_index].name,
			     ctx_printf(g->ctx, "sizeof(*%s)", pa->name), NULL);
	}
	if (r->ret.kind == TY_SCALAR) {
		out(g, "\t\t*ret = glue_get_%s(&c.rep);\n", sc(r->ret.scalar));
	} else if (r->ret.kind == TY_STRUCT) {
		if (r->ret_rule == RULE_ALLOC_CALLER)
			call(g, 2, "*ret = glue_get_shadow_result", ";", "ch",
			     "&c.rep", "shadow", obj_const(g, r->ret.proj),
			     NULL);
		else
			call(g, 2, "*ret = glue_get_import_nullable", ";", "ch",
			     "&c.rep", obj_const(g, r->ret.proj), NULL);
		if (r->ret.proj->has_dir[DIR_OUT]) {
			out(g, "\t\tif (*ret)\n");
			get_out(g, 3, r->ret.proj, "&c.rep", "*ret");
		}
	}
	reply_objects(g, r, false);
}

/*
 * Read the reply when the call went through; a single simple statement
 * goes without braces, as in hand-written kernel code.
 */
static void reply_block(struct gen *g, const struct rpc *r)
{
	struct sbuf *saved = g->sb, body = { NULL, 0, 0 };
	const char *semi;

	g->sb = &body;
	stub_reply(g, r);
	g->sb = saved;
	if (body.len) {
		semi = strchr(body.p, ';');
		if (semi == body.p + body.len - 2 && !strstr(body.p, "if ("))
			out(g, "\tif (!err)\n%s", body.p);
		else
			out(g, "\tif (!err) {\n%s\t}\n", body.p);
	}
	free(body.p);
}

static void stub(struct gen *g, const struct rpc *r)
{
	const char **args = arg_array(g, r);
	int n = stub_args(g, r, args), i;
	bool after = r->ret_rule == RULE_ALLOC_CALLER;

	stub_doc(g, r);
	wrapped(g, 0, ctx_printf(g->ctx, "int %s", stub_name(g, r)), args, n,
		"");
	out(g, "{\n\tstruct glue_call c;\n");
	for (i = 0; i < r->nparams; i++) {
		if (r->params[i].rule == RULE_ALLOC_CALLEE)
			out(g, "\tglue_ref_t %s_ref;\n", r->params[i].name);
		after |= frees(&r->params[i]);
	}
	if (r->ret_rule == RULE_ALLOC_CALLER)
		out(g, "\tstruct %s *shadow;\n", r->ret.proj->name);
	out(g, "\tint err;\n\n");
	if (r->ret.kind == TY_STRUCT)
		out(g, "\t*ret = NULL;\n");
	out(g, "\tglue_call_begin(ch, &c);\n");
	stub_request(g, r);
	out(g, "\terr = glue_call(ch, &c, %s);\n", fn_const(g, r));
	reply_block(g, r);
	if (!after) {
		out(g, "\treturn glue_call_end(ch, &c, err);\n}\n\n");
		return;
	}
	out(g, "\terr = glue_call_end(ch, &c, err);\n");
	for (i = 0; i < r->nparams; i++) {
		const struct param *pa = &r->params[i];

		if (!frees(pa))
			continue;
		out(g, "\tif (!err)\n");
		call(g, 2, pa->rule == RULE_FREE_CALLER ? "glue_release" :
		     "glue_forget", ";", "ch", pa->name,
		     obj_const(g, pa->type.proj), NULL);
	}
	if (r->ret_rule == RULE_ALLOC_CALLER) {
		out(g, "\tif ((err || !*ret) && shadow) {\n");
		call(g, 2, "glue_release", ";", "ch", "shadow",
		     obj_const(g, r->ret.proj), NULL);
		out(g, "\t\t*ret = NULL;\n\t}\n");
	}
	out(g, "\treturn err;\n}\n\n");
}

/* ---- Handlers (callee side) -------------------------------------------- */

static void handler_locals(struct gen *g, const struct rpc *r)
{
	int i;

	if (r->is_callback)
		out(g, "\t%s fn;\n", impl_name(g, r));
	for (i = 0; i < r->nparams; i++) {
		const struct param *pa = &r->params[i];

		if (pa->rule == RULE_TEMP) {
			out(g, "\tstruct %s %s_buf;\n", pa->type.proj->name,
			    pa->name);
			continue;
		}
		out(g, "\t%s%s;\n", param_type(g, pa, true), pa->name);
		if (pa->rule == RULE_ALLOC_CALLEE)
			out(g, "\tglue_ref_t %s_ref;\n", pa->name);
	}
	if (r->ret_rule == RULE_ALLOC_CALLER)
		out(g, "\tglue_ref_t ret_ref;\n");
	if (r->ret.kind != TY_VOID)
		out(g, "\t%sret;\n", ret_type(g, r));
	out(g, "\tint err;\n\n");
}

static void get_in(struct gen *g, const struct proj *pr, const char *obj)
{
	if (pr->has_dir[DIR_IN])
		call(g, 1, helper(g, pr, "get_in"), ";", "req", obj, NULL);
}

static void put_out(struct gen *g, int tabs, const struct proj *pr,
		    const char *obj)
{
	if (pr->has_dir[DIR_OUT])
		call(g, tabs, helper(g, pr, "put_out"), ";", "rep", obj, NULL);
}

static void handler_request(struct gen *g, const struct rpc *r)
{
	const struct param *alloc = NULL;
	int i;

	if (r->is_callback)
		call(g, 1, ctx_printf(g->ctx, "fn = (%s)glue_get_import",
				      impl_name(g, r)), ";",
		     "ch", "req", cb_const(g, r), NULL);
	for (i = 0; i < r->nparams; i++)
		if (r->params[i].type.kind == TY_SCALAR)
			out(g, "\t%s = glue_get_%s(req);\n", r->params[i].name,
			    sc(r->params[i].type.scalar));
	for (i = 0; i < r->nparams; i++) {
		const struct param *pa = &r->params[i];
		const struct proj *pr = pa->type.proj;
		const char *head = ctx_printf(g->ctx, "%s = ", pa->name);
		const char *len = pa->type.kind == TY_ARRAY ?
				  r->params[pa->type.len_index].name : NULL;
		const char *es = ctx_printf(g->ctx, "sizeof(*%s)", pa->name);

		switch (pa->type.kind) {
		case TY_STRING:
			out(g, "\t%sglue_get_str(req);\n", head);
			break;
		case TY_ARRAY:
			if (pa->dir == DIR_IN)
				call(g, 1, ctx_printf(g->ctx, "%sglue_get_array",
						      head), ";",
				     "req", len, es, NULL);
			else if (pa->dir == DIR_OUT)
				call(g, 1, ctx_printf(g->ctx, "%sglue_reserve",
						      head), ";",
				     "ch", "rep", len, es, NULL);
			else
				call(g, 1, ctx_printf(g->ctx,
						      "%sglue_get_array_inout",
						      head), ";",
				     "ch", "req", "rep", len, es, NULL);
			break;
		case TY_STRUCT:
			if (pa->rule == RULE_ALLOC_CALLEE) {
				alloc = pa;
			} else if (pa->rule == RULE_TEMP) {
				out(g, "\tmemset(&%s_buf, 0, sizeof(%s_buf));\n",
				    pa->name, pa->name);
				get_in(g, pr, ctx_printf(g->ctx, "&%s_buf",
							 pa->name));
			} else {
				call(g, 1, ctx_printf(g->ctx,
						      "%sglue_get_import", head),
				     ";", "ch", "req", obj_const(g, pr), NULL);
				get_in(g, pr, pa->name);
			}
			break;
		case TY_REF:
			if (pa->rule == RULE_REF_CALLER)
				out(g, "\t%sglue_get_u64(req);\n", head);
			else
				call(g, 1, ctx_printf(g->ctx,
						      "%sglue_get_import", head),
				     ";", "ch", "req", obj_const(g, pr), NULL);
			break;
		case TY_CALLBACK:
			out(g, "\t%sglue_get_u64(req);\n", head);
			break;
		default:
			break;
		}
	}
	if (alloc) {
		call(g, 1, ctx_printf(g->ctx, "%s = glue_get_shadow",
				      alloc->name), ";",
		     "ch", "req", obj_const(g, alloc->type.proj),
		     ctx_printf(g->ctx, "&%s_ref", alloc->name), NULL);
		get_in(g, alloc->type.proj, alloc->name);
	}
	if (r->ret_rule == RULE_ALLOC_CALLER)
		out(g, "\tret_ref = glue_get_u64(req);\n");

	out(g, "\terr = glue_decoded(req, rep);\n");
	if (!alloc) {
		out(g, "\tif (err)\n\t\treturn err;\n");
		return;
	}
	out(g, "\tif (err) {\n\t\tif (%s)\n", alloc->name);
	call(g, 3, "glue_release", ";", "ch", alloc->name,
	     obj_const(g, alloc->type.proj), NULL);
	out(g, "\t\treturn err;\n\t}\n");
}

static void handler_call(struct gen *g, const struct rpc *r)
{
	const char **args = arg_array(g, r);
	const char *head;
	int i;

	for (i = 0; i < r->nparams; i++) {
		const struct param *pa = &r->params[i];

		args[i] = pa->rule == RULE_TEMP ?
			  ctx_printf(g->ctx, "&%s_buf", pa->name) : pa->name;
		if (pa->rule == RULE_FREE_CALLER ||
		    (pa->type.kind == TY_REF && pa->release))
			call(g, 1, "glue_forget", ";", "ch", pa->name,
			     obj_const(g, pa->type.proj), NULL);
	}
	head = r->is_callback ? "fn" : r->name;
	if (r->ret.kind != TY_VOID)
		head = ctx_printf(g->ctx, "ret = %s", head);
	wrapped(g, 1, head, args, r->nparams, ";");
}

static void handler_reply(struct gen *g, const struct rpc *r)
{
	int i;

	if (r->ret.kind == TY_SCALAR) {
		out(g, "\tglue_put_%s(rep, ret);\n", sc(r->ret.scalar));
	} else if (r->ret.kind == TY_STRUCT) {
		if (r->ret_rule == RULE_ALLOC_CALLER)
			call(g, 1, "glue_put_export_bound", ";", "ch", "rep",
			     "ret", obj_const(g, r->ret.proj), "ret_ref", NULL);
		else
			call(g, 1, "glue_put_remote_nullable", ";", "ch", "rep",
			     "ret", obj_const(g, r->ret.proj), NULL);
		if (r->ret.proj->has_dir[DIR_OUT]) {
			out(g, "\tif (ret)\n");
			put_out(g, 2, r->ret.proj, "ret");
		}
	}
	reply_objects(g, r, true);
	for (i = 0; i < r->nparams; i++)
		if (r->params[i].rule == RULE_FREE_CALLEE)
			call(g, 1, "glue_release", ";", "ch", r->params[i].name,
			     obj_const(g, r->params[i].type.proj), NULL);
}

/* Whether a handler needs its channel: for objects and reply room. */
static bool uses_channel(const struct rpc *r)
{
	int i;

	if (r->is_callback || r->ret.kind == TY_STRUCT)
		return true;
	for (i = 0; i < r->nparams; i++) {
		const struct param *pa = &r->params[i];

		if ((pa->type.kind == TY_STRUCT && pa->rule != RULE_TEMP) ||
		    (pa->type.kind == TY_REF && pa->rule == RULE_REF_CALLEE) ||
		    (pa->type.kind == TY_ARRAY && (pa->dir & DIR_OUT)))
			return true;
	}
	return false;
}

static void handler(struct gen *g, const struct rpc *r)
{
	const char *args[] = {
		"struct glue_chan *ch", "struct glue_buf *req",
		"struct glue_buf *rep",
	};

	if (!uses_channel(r))
		args[0] = "struct glue_chan *ch __maybe_unused";

	if (r->is_callback)
		out(g, "/* Runs a %s callback for the %s. */\n", r->name,
		    side_name(!r->handler));
	else
		out(g, "/* Runs %s() for the %s. */\n", r->name,
		    side_name(!r->handler));
	wrapped(g, 0, ctx_printf(g->ctx, "static int %s_handler",
				 stub_name(g, r)), args, 3, "");
	out(g, "{\n");
	handler_locals(g, r);
	handler_request(g, r);
	out(g, "\n");
	handler_call(g, r);
	handler_reply(g, r);
	out(g, "\treturn 0;\n}\n\n");
}

/* ---- Files ------------------------------------------------------------- */

static const char *base_name(const char *path)
{
	const char *s = strrchr(path, '/');

	return s ? s + 1 : path;
}

static void header(struct gen *g)
{
	struct module *m = g->m;
	struct include *inc;
	int i, side, n;

	out(g, "/* SPDX-License-Identifier: GPL-2.0 */\n");
	out(g, "/*\n * %s_glue.h - glue for the %s interface.\n *\n", m->name,
	    m->name);
	out(g, " * Generated by lvd-idlc from %s. Do not edit: change the interface\n * and rebuild.\n */\n",
	    base_name(g->ctx->file));
	out(g, "#ifndef %s_GLUE_H\n#define %s_GLUE_H\n\n", g->mu, g->mu);
	out(g, "#include \"glue.h\"\n");
	for (inc = m->includes; inc; inc = inc->next)
		out(g, inc->path[0] == '<' ? "#include %s\n" :
		    "#include \"%s\"\n", inc->path);
	out(g, "\n");

	if (m->ntypes) {
		out(g, "/* Object types in the capability tables of both sides. */\nenum %s_obj {\n",
		    m->name);
		for (i = 0; i < m->nprojs; i++)
			if (m->projs[i]->used_as_object)
				out(g, "\t%s = %d,\n", obj_const(g, m->projs[i]),
				    m->projs[i]->id);
		for (i = 0; i < m->nrpcs; i++)
			if (m->rpcs[i]->is_callback)
				out(g, "\t%s = %d,\n", cb_const(g, m->rpcs[i]),
				    m->rpcs[i]->cb_id);
		out(g, "};\n\n");
	}
	for (side = SIDE_KERNEL; side <= SIDE_DOMAIN; side++) {
		bool first = true;

		for (i = 0; i < m->nrpcs; i++) {
			if (m->rpcs[i]->handler != (enum side)side)
				continue;
			if (first)
				out(g, "/* Calls the %s handles. */\nenum %s_to_%s {\n",
				    side_name(side), m->name, side_name(side));
			first = false;
			out(g, "\t%s = %d,\n", fn_const(g, m->rpcs[i]),
			    m->rpcs[i]->fn);
		}
		if (!first)
			out(g, "};\n\n");
	}
	for (i = 0; i < m->nrpcs; i++) {
		const struct rpc *r = m->rpcs[i];
		const char **args = arg_array(g, r);

		if (!r->is_callback)
			continue;
		n = impl_args(g, r, args);
		out(g, "/* A %s callback: the %s passes it, the %s calls it. */\n",
		    r->name, side_name(r->handler), side_name(!r->handler));
		wrapped(g, 0, ctx_printf(g->ctx, "typedef %s(*%s)",
					 ret_type(g, r), impl_name(g, r)),
			args, n, ";");
		out(g, "\n");
	}
	for (i = 0; i < m->nprojs; i++) {
		const struct proj *pr = m->projs[i];
		int dir;

		for (dir = DIR_IN; dir <= DIR_OUT; dir++) {
			if (!pr->has_dir[dir])
				continue;
			proj_helper(g, pr, dir, false);
			proj_helper(g, pr, dir, true);
		}
	}
	for (side = SIDE_KERNEL; side <= SIDE_DOMAIN; side++) {
		out(g, "/* ---- %s side ---- */\n\n", side_name(side));
		out(g, "/* Handlers of the calls into the %s. */\n", side_name(side));
		out(g, "extern const struct glue_dispatch_table %s_%s_table;\n\n",
		    m->name, side_name(side));
		n = 0;
		for (i = 0; i < m->nrpcs; i++) {
			const struct rpc *r = m->rpcs[i];
			const char **args = arg_array(g, r);
			int k;

			if (r->handler == (enum side)side)
				continue;
			if (!n++)
				out(g, "/* Stubs the %s calls. */\n",
				    side_name(side));
			k = stub_args(g, r, args);
			wrapped(g, 0, ctx_printf(g->ctx, "int __must_check %s",
						 stub_name(g, r)), args, k, ";");
		}
		if (n)
			out(g, "\n");
		n = 0;
		for (i = 0; i < m->nrpcs; i++) {
			const struct rpc *r = m->rpcs[i];
			const char **args = arg_array(g, r);
			int k;

			if (r->handler != (enum side)side || r->is_callback)
				continue;
			if (!n++)
				out(g, "/* Implemented by the %s. */\n",
				    side_name(side));
			k = impl_args(g, r, args);
			wrapped(g, 0, ctx_printf(g->ctx, "%s%s", ret_type(g, r),
						 r->name), args, k, ";");
		}
		if (n)
			out(g, "\n");
	}
	out(g, "#endif /* %s_GLUE_H */\n", g->mu);
}

static void half(struct gen *g, enum side side)
{
	struct module *m = g->m;
	const char *sn = side_name(side);
	int i, n = 0;

	out(g, "// SPDX-License-Identifier: GPL-2.0\n");
	out(g, "/*\n * %s_%s.c - %s half of the %s glue.\n *\n", m->name, sn,
	    sn, m->name);
	out(g, " * Generated by lvd-idlc from %s. Do not edit: change the interface\n * and rebuild.\n *\n",
	    base_name(g->ctx->file));
	out(g, " * Stubs for the calls the %s makes into the %s, and handlers for the\n",
	    sn, side_name(!side));
	out(g, " * calls the %s makes into the %s.\n */\n", side_name(!side), sn);
	out(g, "#include \"%s_glue.h\"\n\n", m->name);

	for (i = 0; i < m->nrpcs; i++)
		if (m->rpcs[i]->handler != side)
			stub(g, m->rpcs[i]);
	for (i = 0; i < m->nrpcs; i++)
		if (m->rpcs[i]->handler == side)
			handler(g, m->rpcs[i]);
	for (i = 0; i < m->nrpcs; i++) {
		const struct rpc *r = m->rpcs[i];

		if (r->handler != side)
			continue;
		if (!n++)
			out(g, "static const glue_handler_t %s_%s_handlers[] = {\n",
			    m->name, sn);
		out(g, "\t[%s] = %s_handler,\n", fn_const(g, r),
		    stub_name(g, r));
	}
	if (n)
		out(g, "};\n\n");
	out(g, "const struct glue_dispatch_table %s_%s_table = {\n", m->name, sn);
	if (n) {
		out(g, "\t.handlers = %s_%s_handlers,\n", m->name, sn);
		out(g, "\t.count = sizeof(%s_%s_handlers) /\n\t\t sizeof(%s_%s_handlers[0]),\n",
		    m->name, sn, m->name, sn);
	} else {
		out(g, "\t.handlers = NULL,\n\t.count = 0,\n");
	}
	out(g, "};\n");
}

void idl_generate(struct idl_ctx *ctx)
{
	struct gen g = { .ctx = ctx, .m = ctx->mod };

	g.mu = up(&g, ctx->mod->name);
	g.sb = &ctx->out[OUT_HEADER];
	header(&g);
	g.sb = &ctx->out[OUT_KERNEL];
	half(&g, SIDE_KERNEL);
	g.sb = &ctx->out[OUT_DOMAIN];
	half(&g, SIDE_DOMAIN);
}
