// SPDX-License-Identifier: GPL-2.0
/*
 * test_roundtrip.c - the glue generated from roundtrip.idl, both halves in
 * one process over a loopback gate: every construct round-trips, objects
 * stay in sync between the two tables, callbacks and nested calls work, and
 * bad messages are refused.
 */
#include "rt_glue.h"
#include "loopback.h"
#include "../unit/tap.h"

static struct loop *lp;
#define KCH	(&lp->kernel.ch)
#define DCH	(&lp->domain.ch)

/* What the implementations saw, for the checks. */
static struct {
	u8 ua; u16 ub; u32 uc; u64 ud; s8 sa; s16 sb; s32 sc; s64 sd;
	bool flag;
	char tag[32];
	struct widget *dom_widget, *visited, *gone;
	struct widget seen;
	s32 stats_last_in;
	u32 notify_code;
	char notify_msg[32];
	glue_ref_t token_ref;
	int notify_err;
	struct widget *destroyed;
	u64 destroyed_counter;
	int nothing_calls;
} saw;

/* ---- domain side implementations ---- */

s64 scalars(u8 ua, u16 ub, u32 uc, u64 ud, s8 sa, s16 sb, s32 sc, s64 sd,
	    bool flag)
{
	saw.ua = ua; saw.ub = ub; saw.uc = uc; saw.ud = ud;
	saw.sa = sa; saw.sb = sb; saw.sc = sc; saw.sd = sd;
	saw.flag = flag;
	return sd / 2;
}

u32 checksum(const u8 *data, u32 len, const char *tag)
{
	u32 i, sum = 0;

	for (i = 0; i < len; i++)
		sum = sum * 31 + data[i];
	snprintf(saw.tag, sizeof(saw.tag), "%s", tag);
	return sum;
}

s32 fill(u32 n, s32 *vals, u64 *io)
{
	u32 i;

	for (i = 0; i < n; i++) {
		vals[i] = -(s32)i;
		io[i] = io[i] * 2 + 1;
	}
	return (s32)n;
}

s32 widget_new(struct widget *w)
{
	int i;

	saw.dom_widget = w;
	saw.seen = *w;
	w->temp += 1;
	w->counter = 42;
	w->enabled = !w->enabled;
	strcpy(w->label, "seen");
	for (i = 0; i < w->nkeys; i++)
		w->keys[i] += 100;
	w->stat.hits = 5;
	return 0;
}

s32 widget_poke(struct widget *w, s16 delta)
{
	w->temp += delta;
	w->counter++;
	return w == saw.dom_widget ? w->temp : -1;
}

void widget_gone(struct widget *w)
{
	saw.gone = w;
}

void get_stats(struct stats *st)
{
	saw.stats_last_in = st->last;
	st->calls = 7;
	st->last *= 2;
}

u32 subscribe(glue_ref_t notifier, u32 code)
{
	u32 ret = 0;

	/* Calls back into the kernel while the kernel's call is running. */
	saw.notify_err = rt_notify(DCH, notifier, code, "hello", &ret);
	return ret + 1;
}

u64 hold(glue_ref_t t)
{
	saw.token_ref = t;
	return t;
}

void nothing(void)
{
	saw.nothing_calls++;
}

static s64 domain_visit(struct widget *w, s64 arg)
{
	saw.visited = w;
	w->temp = 99;
	return w->id + arg;
}

/* ---- kernel side implementations ---- */

static struct widget *kernel_widgets[4];

struct widget *widget_create(u32 id, const char *label)
{
	struct widget *w = calloc(1, sizeof(*w));

	w->id = id;
	w->temp = -5;
	w->counter = id * 10ull;
	w->nkeys = 2;
	w->keys[0] = 1;
	w->keys[1] = 2;
	snprintf(w->label, sizeof(w->label), "%s", label);
	kernel_widgets[id % 4] = w;
	return w;
}

struct widget *widget_find(u32 id)
{
	struct widget *w = kernel_widgets[id % 4];

	return w && w->id == id ? w : NULL;
}

void widget_destroy(struct widget *w)
{
	int i;

	saw.destroyed = w;
	saw.destroyed_counter = w->counter;
	for (i = 0; i < 4; i++)
		if (kernel_widgets[i] == w)
			kernel_widgets[i] = NULL;
	free(w);
}

s64 walk(glue_ref_t visitor, s64 arg)
{
	s64 sum = 0, r;
	int i, err;

	for (i = 0; i < 4; i++) {
		if (!kernel_widgets[i])
			continue;
		err = rt_visit(KCH, visitor, kernel_widgets[i], arg, &r);
		if (err)
			return err;
		sum += r;
	}
	return sum;
}

s32 token_use(struct token *t)
{
	return t->value;
}

s32 token_drop(struct token *t)
{
	return t->value + 1000;
}

static u32 kernel_notify(u32 code, const char *msg)
{
	saw.notify_code = code;
	snprintf(saw.notify_msg, sizeof(saw.notify_msg), "%s", msg);
	return code * 3;
}

/* ---- tests ---- */

static void test_scalars(void)
{
	s64 ret = 0;
	int err;

	err = rt_scalars(KCH, 0xff, 0xffff, 0xffffffffu, ~0ull, -128, -32768,
			 -2147483647 - 1, -9223372036854775807ll - 1, true, &ret);
	TAP_EQ(err, 0, "scalars: call succeeds");
	TAP_OK(saw.ua == 0xff && saw.ub == 0xffff && saw.uc == 0xffffffffu &&
	      saw.ud == ~0ull, "scalars: unsigned extremes arrive intact");
	TAP_OK(saw.sa == -128 && saw.sb == -32768 &&
	      saw.sc == -2147483647 - 1 &&
	      saw.sd == -9223372036854775807ll - 1,
	      "scalars: signed extremes arrive intact");
	TAP_OK(saw.flag == true, "scalars: bool arrives");
	TAP_OK(ret == (-9223372036854775807ll - 1) / 2, "scalars: s64 return");
	err = rt_nothing(KCH);
	TAP_OK(!err && saw.nothing_calls == 1, "void call with no arguments");
}

static void test_arrays(void)
{
	u8 data[256];
	s32 vals[5] = { 9, 9, 9, 9, 9 };
	u64 io[5] = { 1, 2, 3, 4, 5 };
	u32 i, sum = 0, got = 0;
	s32 n = 0;
	int err;

	for (i = 0; i < sizeof(data); i++) {
		data[i] = (u8)(i * 7);
		sum = sum * 31 + data[i];
	}
	err = rt_checksum(KCH, data, sizeof(data), "tag-1", &got);
	TAP_OK(!err && got == sum, "array [in]: 256 bytes arrive intact");
	TAP_OK(!strcmp(saw.tag, "tag-1"), "string: arrives intact");
	err = rt_fill(KCH, 5, vals, io, &n);
	TAP_OK(!err && n == 5, "array [out]/[in,out]: call succeeds");
	TAP_OK(vals[0] == 0 && vals[4] == -4, "array [out]: filled by callee");
	TAP_OK(io[0] == 3 && io[4] == 11, "array [in,out]: changed by callee");
	err = rt_checksum(KCH, NULL, 4, "x", &got);
	TAP_EQ(err, -EINVAL, "array: NULL with a length is refused");
	err = rt_checksum(KCH, data, 0, "", &got);
	TAP_OK(!err && got == 0, "array: empty array and empty string");
}

static struct widget kw = {
	.id = 7, .temp = 20, .enabled = true, .label = "kw", .nkeys = 3,
	.keys = { 10, 20, 30 },
};

static void test_objects(void)
{
	glue_ref_t ref, remote;
	struct stats st = { .calls = 0, .last = 21 };
	s32 r = 0;
	int err, copies = lp->domain.live_copies;

	err = rt_widget_new(KCH, &kw, &r);
	TAP_OK(!err && r == 0, "alloc(callee): call succeeds");
	TAP_OK(saw.dom_widget && saw.dom_widget != &kw,
	      "alloc(callee): the domain got its own copy");
	TAP_EQ(lp->domain.live_copies, copies + 1,
		 "alloc(callee): one copy allocated");
	TAP_OK(saw.seen.id == 7 && saw.seen.temp == 20 && saw.seen.enabled &&
	      !strcmp(saw.seen.label, "kw") && saw.seen.nkeys == 3 &&
	      saw.seen.keys[2] == 30 && saw.seen.counter == 0,
	      "projection: [in] fields copied in, [out] field not");
	TAP_OK(kw.temp == 21 && kw.counter == 42 && !kw.enabled &&
	      !strcmp(kw.label, "seen") && kw.keys[0] == 110 &&
	      kw.keys[2] == 130, "projection: [out] fields copied back");
	TAP_EQ(kw.stat.hits, 5, "projection: nested field stat.hits copied back");
	TAP_OK(!glue_table_find(&lp->kernel.table, &kw, RT_OBJ_WIDGET, &ref) &&
	      !glue_table_get_remote(&lp->kernel.table, ref, RT_OBJ_WIDGET,
				     &remote),
	      "alloc(callee): kernel object bound to the domain's copy");

	kw.temp = 1;
	err = rt_widget_poke(KCH, &kw, 5, &r);
	TAP_OK(!err && r == 6, "bind: the domain's copy is found and updated");
	TAP_OK(kw.temp == 6 && kw.counter == 43,
	      "bind: [in,out] and [out] fields synchronized");

	err = rt_get_stats(KCH, &st);
	TAP_OK(!err && saw.stats_last_in == 21 && st.calls == 7 && st.last == 42,
	      "temp: temporary copy in and out");
	TAP_EQ(lp->domain.live_copies, copies + 1,
		 "temp: no object left behind");

	err = rt_widget_gone(KCH, &kw);
	TAP_OK(!err && saw.gone == saw.dom_widget,
	      "free(callee): callee ran on its copy");
	TAP_EQ(lp->domain.live_copies, copies,
		 "free(callee): the domain's copy is freed");
	TAP_EQ(glue_table_find(&lp->kernel.table, &kw, RT_OBJ_WIDGET, &ref),
		 -ENOENT, "free(callee): kernel entry dropped");
	TAP_EQ(glue_table_lookup(&lp->domain.table, remote, RT_OBJ_WIDGET,
				   (void **)&saw.gone), -ENOENT,
		 "free(callee): domain reference no longer resolves");
	err = rt_widget_poke(KCH, &kw, 1, &r);
	TAP_EQ(err, -ENOENT, "bind: unbound object is refused");
}

static void test_returns(void)
{
	struct widget *w = NULL, *again = NULL, *none = (void *)1;
	struct widget *kernel_copy;
	glue_ref_t ref;
	int err, copies = lp->domain.live_copies;

	err = rt_widget_create(DCH, 12, "made", &w);
	TAP_OK(!err && w, "alloc(caller): call succeeds");
	TAP_OK(w != kernel_widgets[0], "alloc(caller): caller has its own copy");
	TAP_OK(w && w->id == 0 && w->counter == 120 && w->temp == -5 &&
	      !strcmp(w->label, "made") && w->nkeys == 2 && w->keys[1] == 2,
	      "alloc(caller): [out] fields of the new object arrive");
	TAP_EQ(lp->domain.live_copies, copies + 1,
		 "alloc(caller): one copy allocated");

	err = rt_widget_find(DCH, 12, &again);
	TAP_OK(!err && again == w, "bind return: resolves to the same copy");
	err = rt_widget_find(DCH, 13, &none);
	TAP_OK(!err && none == NULL, "bind return: NULL travels as NULL");

	err = rt_widget_create(DCH, 13, "x", &again);
	TAP_OK(!err && again && again != w, "alloc(caller): second object");
	kernel_copy = kernel_widgets[1];
	err = rt_widget_destroy(DCH, again);
	TAP_OK(!err && saw.destroyed == kernel_copy &&
	      saw.destroyed_counter == 130,
	      "free(caller): callee ran");
	TAP_EQ(glue_table_find(&lp->domain.table, again, RT_OBJ_WIDGET, &ref),
		 -ENOENT, "free(caller): caller's copy dropped");
	TAP_EQ(lp->domain.live_copies, copies + 1,
		 "free(caller): caller's copy freed");
}

static void test_callbacks(void)
{
	struct widget *w = NULL;
	u32 r = 0;
	s64 sum = 0;
	int err;

	err = rt_subscribe(KCH, kernel_notify, 5, &r);
	TAP_OK(!err && saw.notify_err == 0, "callback: nested call succeeds");
	TAP_OK(saw.notify_code == 5 && !strcmp(saw.notify_msg, "hello"),
	      "callback: kernel function ran with the arguments");
	TAP_EQ(r, 16, "callback: return value came back through two calls");
	TAP_EQ(lp->area.top, 0, "area: released after nested calls");

	err = rt_widget_find(DCH, 12, &w);
	TAP_OK(!err && w, "callback: domain has the widget");
	err = rt_walk(DCH, domain_visit, 1000, &sum);
	TAP_OK(!err && sum == 1012, "callback: kernel called the domain's visit");
	TAP_OK(saw.visited == w, "callback: visit got the domain's copy");
	TAP_OK(w && w->temp == 99 && kernel_widgets[0]->temp == 99,
	      "callback: [out] field set by the callback reached both sides");
}

static void test_refs(void)
{
	struct token tok = { .value = 33 }, other = { .value = 44 };
	glue_ref_t stale;
	u64 got = 0;
	s32 r = 0;
	int err;

	err = rt_hold(KCH, &tok, &got);
	TAP_OK(!err && got && got == saw.token_ref,
	      "ref [caller]: the domain holds a reference");
	TAP_OK((got & 0xffff) < LOOP_SLOTS && got != (u64)(uintptr_t)&tok,
	      "ref: a reference is not the pointer");
	err = rt_token_use(DCH, saw.token_ref, &r);
	TAP_OK(!err && r == 33, "ref [callee]: resolves to the kernel object");
	err = rt_token_drop(DCH, saw.token_ref, &r);
	TAP_OK(!err && r == 1033, "ref [callee, release]: call succeeds");
	err = rt_token_use(DCH, saw.token_ref, &r);
	TAP_EQ(err, -ENOENT, "ref: released reference is refused");
	err = rt_token_drop(DCH, saw.token_ref, &r);
	TAP_EQ(err, -ENOENT, "ref: a second release is refused");

	stale = saw.token_ref;
	err = rt_hold(KCH, &other, &got);
	TAP_OK(!err && (got & GLUE_INDEX_MAX) == (stale & GLUE_INDEX_MAX),
	      "ref: slot reused for another object");
	err = rt_token_use(DCH, stale, &r);
	TAP_EQ(err, -ESTALE, "ref: old reference to a reused slot is stale");
	err = rt_token_use(DCH, got, &r);
	TAP_OK(!err && r == 44, "ref: new reference works");
	err = rt_token_use(DCH, got ^ ((glue_ref_t)1 << 60), &r);
	TAP_EQ(err, -EINVAL, "ref: reference of another type is refused");
	err = rt_token_use(DCH, 0, &r);
	TAP_EQ(err, -EINVAL, "ref: null reference is refused");
}

/* Send a hand-made request to the domain's dispatcher; return the status. */
static s64 raw_call(u32 fn, const u64 *items, int n)
{
	u64 req_mem[16], rep_mem[64];
	struct glue_buf req = { (u8 *)req_mem, n * 8, 0, 0 };
	struct glue_buf rep = { (u8 *)rep_mem, sizeof(rep_mem), 0, 0 };

	memcpy(req_mem, items, n * 8);
	glue_dispatch(DCH, &rt_domain_table, fn, &req, &rep);
	return rep.pos >= 8 ? (s64)rep_mem[0] : 1;
}

static void test_hostile(void)
{
	u64 ok[9] = { 1, 2, 3, 4, (u64)-1, (u64)-2, (u64)-3, (u64)-4, 1 };
	u64 bad[10];
	glue_ref_t kref;
	int copies = lp->domain.live_copies;

	TAP_EQ(raw_call(RT_TO_DOMAIN_SCALARS, ok, 9), 0,
		 "hostile: well-formed raw request works");
	TAP_EQ(raw_call(999, ok, 9), -EOPNOTSUPP,
		 "hostile: unknown function is refused");
	TAP_EQ(raw_call(RT_TO_DOMAIN_SCALARS, ok, 8), -EBADMSG,
		 "hostile: truncated request is refused");
	memcpy(bad, ok, sizeof(ok));
	bad[9] = 0;
	TAP_EQ(raw_call(RT_TO_DOMAIN_SCALARS, bad, 10), -EBADMSG,
		 "hostile: trailing bytes are refused");
	bad[0] = 300;
	TAP_EQ(raw_call(RT_TO_DOMAIN_SCALARS, bad, 9), -EBADMSG,
		 "hostile: 300 in a u8 is refused");
	memcpy(bad, ok, sizeof(ok));
	bad[8] = 2;
	TAP_EQ(raw_call(RT_TO_DOMAIN_SCALARS, bad, 9), -EBADMSG,
		 "hostile: 2 in a bool is refused");
	bad[0] = 1;
	bad[1] = 0x123456789abcull;
	TAP_EQ(raw_call(RT_TO_DOMAIN_WIDGET_POKE, bad, 2), -EINVAL,
		 "hostile: forged reference is refused");
	bad[0] = 1000;
	bad[1] = 1;
	TAP_EQ(raw_call(RT_TO_DOMAIN_CHECKSUM, bad, 2), -EBADMSG,
		 "hostile: array longer than the message is refused");

	/* alloc(callee) whose keys do not fit: the new copy is released. */
	if (glue_table_insert(&lp->kernel.table, &kw, RT_OBJ_WIDGET, &kref))
		kref = 1;
	{
		u64 w[] = { kref, 7, 20, 1, 9, 0, 0, 0, 0, 0 };

		TAP_EQ(raw_call(RT_TO_DOMAIN_WIDGET_NEW, w, 10), -E2BIG,
			 "hostile: array field beyond its capacity is refused");
	}
	TAP_EQ(lp->domain.live_copies, copies,
		 "hostile: the refused object's copy is freed");
}

static int evil_gate(struct glue_chan *ch, u32 fn, struct glue_buf *req,
		     struct glue_buf *rep)
{
	(void)ch;
	(void)req;
	if (fn == 0) {
		rep->pos = rep->size + 8;	/* claims more than the area */
	} else {
		glue_put_raw(rep, 5);		/* positive status */
	}
	return 0;
}

static void test_bounds(void)
{
	static const struct glue_chan_ops evil = { .gate = evil_gate };
	struct loop *small = loop_new(128, &rt_kernel_table, &rt_domain_table);
	struct glue_chan ch = lp->kernel.ch;
	u8 data[256] = { 0 };
	s64 sr;
	u32 r;

	TAP_EQ(rt_checksum(&small->kernel.ch, data, sizeof(data), "t", &r),
		 -EMSGSIZE, "bounds: request larger than the area is refused");
	TAP_EQ(small->area.top, 0, "bounds: area released after a failure");
	free(small);

	ch.ops = &evil;
	TAP_EQ(rt_scalars(&ch, 0, 0, 0, 0, 0, 0, 0, 0, false, &sr), -EBADMSG,
		 "bounds: reply longer than the area is refused");
	TAP_EQ(rt_checksum(&ch, data, 1, "t", &r), -EBADMSG,
		 "bounds: reply with a bad status is refused");
}

int main(void)
{
	lp = loop_new(8192, &rt_kernel_table, &rt_domain_table);
	lp->domain.obj_size[RT_OBJ_WIDGET] = sizeof(struct widget);

	test_scalars();
	test_arrays();
	test_objects();
	test_returns();
	test_callbacks();
	test_refs();
	test_hostile();
	test_bounds();
	TAP_EQ(lp->area.top, 0, "area: nothing left on the message stack");
	return tap_done();
}
