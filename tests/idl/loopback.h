/* SPDX-License-Identifier: GPL-2.0 */
/*
 * loopback.h - a channel pair in one process: the call gate is a direct call
 * into the other side's dispatcher, standing in for VMFUNC. Both sides share
 * one message area, as the kernel and a domain share a per-CPU one.
 */
#ifndef LVD_IDL_LOOPBACK_H
#define LVD_IDL_LOOPBACK_H

#include <stdlib.h>

#include "glue.h"

#define LOOP_SLOTS	64

struct loop_side {
	struct glue_chan ch;
	struct glue_table table;
	struct glue_obj slots[LOOP_SLOTS];
	u32 buckets[LOOP_SLOTS];
	const struct glue_dispatch_table *handlers;
	struct loop_side *peer;
	size_t obj_size[16];	/* allocation size of each object type */
	int live_copies;	/* copies made by alloc and not yet freed */
};

struct loop {
	struct loop_side kernel;
	struct loop_side domain;
	struct glue_area area;
	u64 mem[];
};

static int loop_gate(struct glue_chan *ch, u32 fn, struct glue_buf *req,
		     struct glue_buf *rep)
{
	struct loop_side *self = ch->priv;
	struct loop_side *peer = self->peer;

	return glue_dispatch(&peer->ch, peer->handlers, fn, req, rep);
}

static void *loop_alloc(struct glue_chan *ch, u16 type)
{
	struct loop_side *self = ch->priv;
	void *p;

	if (type >= 16 || !self->obj_size[type])
		return NULL;
	p = calloc(1, self->obj_size[type]);
	if (p)
		self->live_copies++;
	return p;
}

static void loop_free(struct glue_chan *ch, u16 type, void *obj)
{
	struct loop_side *self = ch->priv;

	(void)type;
	self->live_copies--;
	free(obj);
}

static const struct glue_chan_ops loop_ops = {
	.gate = loop_gate,
	.alloc = loop_alloc,
	.free = loop_free,
};

static void loop_side_init(struct loop_side *s, struct loop_side *peer,
			   struct glue_area *area,
			   const struct glue_dispatch_table *handlers)
{
	if (glue_table_init(&s->table, s->slots, LOOP_SLOTS, s->buckets,
			    LOOP_SLOTS))
		abort();
	s->ch.ops = &loop_ops;
	s->ch.objs = &s->table;
	s->ch.area = area;
	s->ch.priv = s;
	s->handlers = handlers;
	s->peer = peer;
}

/**
 * loop_new() - a kernel and a domain side joined by a loopback gate
 * @area_size:	size of the shared message area, a multiple of 8
 * @kernel:	handlers of the kernel side
 * @domain:	handlers of the domain side
 */
static inline struct loop *loop_new(u32 area_size,
				    const struct glue_dispatch_table *kernel,
				    const struct glue_dispatch_table *domain)
{
	struct loop *l = calloc(1, sizeof(*l) + area_size);

	if (!l)
		abort();
	l->area.base = (u8 *)l->mem;
	l->area.size = area_size;
	loop_side_init(&l->kernel, &l->domain, &l->area, kernel);
	loop_side_init(&l->domain, &l->kernel, &l->area, domain);
	return l;
}

#endif /* LVD_IDL_LOOPBACK_H */
