// SPDX-License-Identifier: GPL-2.0
/*
 * check.c - meaning of a parsed interface: resolve names, check attributes
 * against types, infer callback directions and number everything.
 */
#include <ctype.h>
#include <strings.h>
#include <string.h>

#include "idlc.h"

/* Attributes as bits, so each kind of declaration can list what it allows. */
enum {
	A_IN		= 1 << 0,
	A_OUT		= 1 << 1,
	A_BIND		= 1 << 2,
	A_ALLOC_CALLER	= 1 << 3,
	A_ALLOC_CALLEE	= 1 << 4,
	A_FREE_CALLER	= 1 << 5,
	A_FREE_CALLEE	= 1 << 6,
	A_TEMP		= 1 << 7,
	A_CALLER	= 1 << 8,
	A_CALLEE	= 1 << 9,
	A_RELEASE	= 1 << 10,
};

#define A_RULES	(A_BIND | A_ALLOC_CALLER | A_ALLOC_CALLEE | A_FREE_CALLER | \
		 A_FREE_CALLEE | A_TEMP)

static const struct {
	const char *name;
	const char *arg;
	unsigned int bit;
} attr_names[] = {
	{ "in", NULL, A_IN },
	{ "out", NULL, A_OUT },
	{ "bind", NULL, A_BIND },
	{ "alloc", "caller", A_ALLOC_CALLER },
	{ "alloc", "callee", A_ALLOC_CALLEE },
	{ "free", "caller", A_FREE_CALLER },
	{ "free", "callee", A_FREE_CALLEE },
	{ "temp", NULL, A_TEMP },
	{ "caller", NULL, A_CALLER },
	{ "callee", NULL, A_CALLEE },
	{ "release", NULL, A_RELEASE },
};

/*
 * The attribute bits of @list; each must be in @allowed, else the error
 * names @what. Only one copy rule may be given.
 */
static unsigned int attr_bits(struct idl_ctx *ctx, const struct attr *list,
			      unsigned int allowed, const char *what)
{
	unsigned int bits = 0;
	const struct attr *a;
	size_t i;

	for (a = list; a; a = a->next) {
		unsigned int bit = 0;

		for (i = 0; i < sizeof(attr_names) / sizeof(attr_names[0]); i++) {
			if (strcmp(a->name, attr_names[i].name))
				continue;
			if (!attr_names[i].arg && a->arg)
				idl_error(ctx, a->loc,
					  "attribute '%s' takes no argument",
					  a->name);
			if (!a->arg && attr_names[i].arg)
				idl_error(ctx, a->loc,
					  "attribute '%s' needs (caller) or (callee)",
					  a->name);
			if (!a->arg || !strcmp(a->arg, attr_names[i].arg)) {
				bit = attr_names[i].bit;
				break;
			}
		}
		if (!bit && i == sizeof(attr_names) / sizeof(attr_names[0]) &&
		    a->arg && (!strcmp(a->name, "alloc") || !strcmp(a->name, "free")))
			idl_error(ctx, a->loc,
				  "'%s(%s)': the argument must be 'caller' or 'callee'",
				  a->name, a->arg);
		if (!bit)
			idl_error(ctx, a->loc, "unknown attribute '%s'", a->name);
		if (!(bit & allowed))
			idl_error(ctx, a->loc, "attribute '%s%s%s%s' is not allowed on %s",
				  a->name, a->arg ? "(" : "", a->arg ? a->arg : "",
				  a->arg ? ")" : "", what);
		if (bits & bit)
			idl_error(ctx, a->loc, "attribute '%s' given twice",
				  a->name);
		if ((bit & A_RULES) && (bits & A_RULES))
			idl_error(ctx, a->loc, "only one copy rule may be given");
		if ((bit | bits) == (A_CALLER | A_CALLEE))
			idl_error(ctx, a->loc,
				  "a reference lives on one side: 'caller' or 'callee'");
		bits |= bit;
	}
	return bits;
}

static int dir_of(unsigned int bits)
{
	int dir = 0;

	if (bits & A_IN)
		dir |= DIR_IN;
	if (bits & A_OUT)
		dir |= DIR_OUT;
	return dir ? dir : DIR_IN;
}

static struct proj *find_proj(struct idl_ctx *ctx, const struct type *t)
{
	int i;

	for (i = 0; i < ctx->mod->nprojs; i++)
		if (!strcmp(ctx->mod->projs[i]->name, t->name))
			return ctx->mod->projs[i];
	idl_error(ctx, t->name_loc, "unknown projection '%s'", t->name);
}

static void check_fields(struct idl_ctx *ctx, struct proj *pr)
{
	int i, j;

	if (!pr->nfields && !pr->opaque)
		idl_error(ctx, pr->loc,
			  "projection '%s' has no fields; declare an opaque one as 'projection %s;'",
			  pr->name, pr->name);
	for (i = 0; i < pr->nfields; i++) {
		struct field *f = &pr->fields[i];

		for (j = 0; j < i; j++)
			if (!strcmp(pr->fields[j].name, f->name))
				idl_error(ctx, f->loc, "field '%s' declared twice",
					  f->name);
		if (f->type.kind != TY_SCALAR && f->type.kind != TY_STRING &&
		    f->type.kind != TY_ARRAY)
			idl_error(ctx, f->type.loc,
				  "a field is a scalar, a string or an array");
		f->dir = dir_of(attr_bits(ctx, f->attrs, A_IN | A_OUT,
					  "a field"));
		pr->has_dir[DIR_IN] |= !!(f->dir & DIR_IN);
		pr->has_dir[DIR_OUT] |= !!(f->dir & DIR_OUT);
	}
	for (i = 0; i < pr->nfields; i++) {
		struct field *f = &pr->fields[i];
		struct field *len = NULL;

		if (f->type.kind != TY_ARRAY)
			continue;
		if (f->type.scalar == SC_BOOL)
			idl_error(ctx, f->type.loc,
				  "array elements must be integers");
		for (j = 0; j < pr->nfields; j++)
			if (!strcmp(pr->fields[j].name, f->type.name))
				len = &pr->fields[j];
		if (!len)
			idl_error(ctx, f->type.name_loc,
				  "no field '%s' in projection '%s' for the length of '%s'",
				  f->type.name, pr->name, f->name);
		if (len->type.kind != TY_SCALAR ||
		    !scalar_is_integer(len->type.scalar))
			idl_error(ctx, f->type.name_loc,
				  "length '%s' must be an integer field",
				  f->type.name);
		if ((len->dir & f->dir) != f->dir)
			idl_error(ctx, f->type.name_loc,
				  "length '%s' must travel in every direction array '%s' does",
				  f->type.name, f->name);
		f->type.len_index = (int)(len - pr->fields);
	}
}

static struct rpc *find_callback(struct idl_ctx *ctx, const struct type *t)
{
	int i;

	for (i = 0; i < ctx->mod->nrpcs; i++) {
		struct rpc *r = ctx->mod->rpcs[i];

		if (!strcmp(r->name, t->name)) {
			if (!r->is_callback)
				idl_error(ctx, t->name_loc,
					  "'%s' is an rpc, not a callback type",
					  t->name);
			return r;
		}
	}
	idl_error(ctx, t->name_loc, "unknown type '%s'", t->name);
}

static bool ends_with(const char *s, const char *tail)
{
	size_t n = strlen(s), m = strlen(tail);

	return n >= m && !strcmp(s + n - m, tail);
}

/* Names the generated functions use for their own locals. */
static const char *const local_names[] = {
	"ch", "c", "err", "ret", "req", "rep", "fn", "cb", "shadow",
};

static void check_param_name(struct idl_ctx *ctx, struct rpc *r,
			     struct param *pa)
{
	const char *m = ctx->mod->name;
	size_t i, n = strlen(m);

	for (i = 0; i < sizeof(local_names) / sizeof(local_names[0]); i++)
		if (!strcmp(pa->name, local_names[i]))
			idl_error(ctx, pa->loc,
				  "parameter name '%s' is used by the generated code",
				  pa->name);
	if (ends_with(pa->name, "_ref") || ends_with(pa->name, "_buf"))
		idl_error(ctx, pa->loc,
			  "parameter names ending in '_ref' or '_buf' are used by the generated code");
	if (!strcmp(pa->name, r->name))
		idl_error(ctx, pa->loc, "parameter '%s' has the name of its %s",
			  pa->name, r->is_callback ? "callback" : "rpc");
	if (!strncasecmp(pa->name, m, n) && pa->name[n] == '_')
		idl_error(ctx, pa->loc,
			  "parameter names starting with '%s_' are used by the generated code",
			  m);
}

static void set_callback_side(struct idl_ctx *ctx, struct rpc *r,
			      struct param *pa)
{
	struct rpc *cb = pa->type.cb;
	enum side side = r->handler == SIDE_KERNEL ? SIDE_DOMAIN : SIDE_KERNEL;

	if (r->is_callback)
		idl_error(ctx, pa->type.name_loc,
			  "a callback cannot be passed to a callback");
	if (cb->dir_known && cb->handler != side)
		idl_error(ctx, pa->type.name_loc,
			  "callback '%s' is passed both to the kernel and to the domain",
			  cb->name);
	cb->handler = side;
	cb->dir_known = true;
}

static void check_param(struct idl_ctx *ctx, struct rpc *r, int index,
			bool *have_alloc)
{
	struct param *pa = &r->params[index];
	struct type *t = &pa->type;
	unsigned int bits;
	int j;

	check_param_name(ctx, r, pa);
	for (j = 0; j < index; j++)
		if (!strcmp(r->params[j].name, pa->name))
			idl_error(ctx, pa->loc, "parameter '%s' declared twice",
				  pa->name);
	switch (t->kind) {
	case TY_SCALAR:
		attr_bits(ctx, pa->attrs, 0, "a scalar parameter");
		break;
	case TY_STRING:
		attr_bits(ctx, pa->attrs, A_IN, "a string parameter");
		break;
	case TY_ARRAY:
		pa->dir = dir_of(attr_bits(ctx, pa->attrs, A_IN | A_OUT,
					   "an array parameter"));
		if (t->scalar == SC_BOOL)
			idl_error(ctx, t->loc,
				  "array elements must be integers");
		for (j = 0; j < r->nparams; j++)
			if (!strcmp(r->params[j].name, t->name))
				break;
		if (j == r->nparams)
			idl_error(ctx, t->name_loc,
				  "no parameter '%s' for the length of '%s'",
				  t->name, pa->name);
		if (r->params[j].type.kind != TY_SCALAR ||
		    !scalar_is_integer(r->params[j].type.scalar))
			idl_error(ctx, t->name_loc,
				  "length '%s' must be an integer parameter",
				  t->name);
		t->len_index = j;
		break;
	case TY_STRUCT:
		t->proj = find_proj(ctx, t);
		bits = attr_bits(ctx, pa->attrs, A_RULES,
				 "a projection parameter");
		if (bits & A_ALLOC_CALLER)
			idl_error(ctx, pa->attrs->loc,
				  "alloc(caller) applies to a returned object; a parameter takes alloc(callee)");
		pa->rule = bits & A_ALLOC_CALLEE ? RULE_ALLOC_CALLEE :
			   bits & A_FREE_CALLER ? RULE_FREE_CALLER :
			   bits & A_FREE_CALLEE ? RULE_FREE_CALLEE :
			   bits & A_TEMP ? RULE_TEMP : RULE_BIND;
		if (pa->rule == RULE_ALLOC_CALLEE) {
			if (*have_alloc)
				idl_error(ctx, pa->loc,
					  "only one alloc(callee) parameter per call");
			*have_alloc = true;
		}
		if (pa->rule != RULE_TEMP)
			t->proj->used_as_object = true;
		break;
	case TY_REF:
		t->proj = find_proj(ctx, t);
		bits = attr_bits(ctx, pa->attrs, A_CALLER | A_CALLEE | A_RELEASE,
				 "a reference parameter");
		if (!(bits & (A_CALLER | A_CALLEE)))
			idl_error(ctx, pa->loc,
				  "say whose table '%s' names: [caller] or [callee]",
				  pa->name);
		if ((bits & A_RELEASE) && !(bits & A_CALLEE))
			idl_error(ctx, pa->loc,
				  "only a [callee] reference can be released");
		pa->rule = bits & A_CALLER ? RULE_REF_CALLER : RULE_REF_CALLEE;
		pa->release = !!(bits & A_RELEASE);
		t->proj->used_as_object = true;
		break;
	case TY_CALLBACK:
		t->cb = find_callback(ctx, t);
		attr_bits(ctx, pa->attrs, 0, "a callback parameter");
		set_callback_side(ctx, r, pa);
		break;
	case TY_VOID:
		break;
	}
}

static void check_return(struct idl_ctx *ctx, struct rpc *r)
{
	unsigned int bits;

	switch (r->ret.kind) {
	case TY_VOID:
	case TY_SCALAR:
		attr_bits(ctx, r->attrs, 0, "a call that returns no object");
		break;
	case TY_STRUCT:
		r->ret.proj = find_proj(ctx, &r->ret);
		r->ret.proj->used_as_object = true;
		bits = attr_bits(ctx, r->attrs, A_BIND | A_ALLOC_CALLER,
				 "a returned object");
		r->ret_rule = bits & A_ALLOC_CALLER ? RULE_ALLOC_CALLER :
			      RULE_BIND;
		break;
	default:
		idl_error(ctx, r->ret.loc,
			  "a call returns void, a scalar or a projection pointer");
	}
}

/* Every C name the generated code defines, to catch clashes between them. */
struct cname {
	const char *name;
	struct loc loc;
};

static void add_name(struct idl_ctx *ctx, struct cname **names, int *n,
		     const char *name, struct loc loc)
{
	int i;

	for (i = 0; i < *n; i++)
		if (!strcmp((*names)[i].name, name))
			idl_error(ctx, loc,
				  "generated name '%s' clashes with the one made for line %d",
				  name, (*names)[i].loc.line);
	*names = ctx_grow(ctx, *names, *n, sizeof(**names));
	(*names)[(*n)++] = (struct cname){ name, loc };
}

static const char *upper(struct idl_ctx *ctx, const char *s)
{
	char *u = ctx_printf(ctx, "%s", s);
	char *p;

	for (p = u; *p; p++)
		*p = (char)toupper((unsigned char)*p);
	return u;
}

static void check_names(struct idl_ctx *ctx)
{
	static const char *const proj_helpers[] = {
		"put_in", "get_in", "put_out", "get_out",
	};
	struct module *m = ctx->mod;
	const char *mu = upper(ctx, m->name);
	struct cname *names = NULL;
	int n = 0, i, j;

	add_name(ctx, &names, &n, ctx_printf(ctx, "%s_kernel_table", m->name),
		 m->loc);
	add_name(ctx, &names, &n, ctx_printf(ctx, "%s_domain_table", m->name),
		 m->loc);
	for (i = 0; i < m->nprojs; i++) {
		struct proj *pr = m->projs[i];

		for (j = 0; j < i; j++)
			if (!strcmp(m->projs[j]->name, pr->name))
				idl_error(ctx, pr->loc,
					  "projection '%s' declared twice",
					  pr->name);
		for (j = 0; j < 4; j++)
			add_name(ctx, &names, &n,
				 ctx_printf(ctx, "%s_%s_%s", m->name, pr->name,
					    proj_helpers[j]), pr->loc);
		add_name(ctx, &names, &n,
			 ctx_printf(ctx, "%s_OBJ_%s", mu, upper(ctx, pr->name)),
			 pr->loc);
	}
	for (i = 0; i < m->nrpcs; i++) {
		struct rpc *r = m->rpcs[i];
		const char *ru = upper(ctx, r->name);

		add_name(ctx, &names, &n, ctx_printf(ctx, "%s_%s", m->name,
						     r->name), r->loc);
		add_name(ctx, &names, &n, ctx_printf(ctx, "%s_%s_handler",
						     m->name, r->name), r->loc);
		if (r->is_callback) {
			add_name(ctx, &names, &n, ctx_printf(ctx, "%s_%s_t",
							     m->name, r->name),
				 r->loc);
			add_name(ctx, &names, &n,
				 ctx_printf(ctx, "%s_CB_%s", mu, ru), r->loc);
		} else {
			add_name(ctx, &names, &n, r->name, r->loc);
		}
		add_name(ctx, &names, &n, ctx_printf(ctx, "%s_%s_%s", mu,
			 r->handler == SIDE_KERNEL ? "TO_KERNEL" : "TO_DOMAIN",
			 ru), r->loc);
	}
}

void idl_check(struct idl_ctx *ctx)
{
	struct module *m = ctx->mod;
	int fn[2] = { 0, 0 };
	int i, j, id = 1;

	for (i = 0; i < m->nprojs; i++)
		check_fields(ctx, m->projs[i]);
	for (i = 0; i < m->nrpcs; i++) {
		struct rpc *r = m->rpcs[i];
		bool have_alloc = false;

		for (j = 0; j < i; j++)
			if (!strcmp(m->rpcs[j]->name, r->name))
				idl_error(ctx, r->loc, "'%s' declared twice",
					  r->name);
		for (j = 0; j < r->nparams; j++)
			check_param(ctx, r, j, &have_alloc);
		check_return(ctx, r);
	}
	for (i = 0; i < m->nprojs; i++)
		if (m->projs[i]->used_as_object)
			m->projs[i]->id = id++;
	for (i = 0; i < m->nrpcs; i++) {
		struct rpc *r = m->rpcs[i];

		if (!r->dir_known)
			idl_error(ctx, r->loc,
				  "callback '%s' is never passed to an rpc, so no side calls it",
				  r->name);
		if (r->is_callback)
			r->cb_id = id++;
		r->fn = fn[r->handler]++;
	}
	if (id - 1 > 4095)
		idl_error(ctx, m->loc, "more than 4095 object types");
	m->ntypes = id - 1;
	check_names(ctx);
}
