// SPDX-License-Identifier: GPL-2.0
/*
 * glue_table.c - capability tables: references to local objects.
 *
 * A reference packs a slot index, the slot's generation and the object type.
 * Freeing a slot bumps its generation, so a reference to a freed object, or
 * to a new object that reuses the slot, never matches again. A slot whose
 * generation would wrap is retired instead of reused.
 */
#include "glue.h"

static inline glue_ref_t ref_make(u32 index, u32 gen, u16 type)
{
	return (glue_ref_t)index |
	       ((glue_ref_t)gen << GLUE_INDEX_BITS) |
	       ((glue_ref_t)type << (GLUE_INDEX_BITS + GLUE_GEN_BITS));
}

static inline u32 ref_index(glue_ref_t ref)
{
	return (u32)(ref & GLUE_INDEX_MAX);
}

static inline u32 ref_gen(glue_ref_t ref)
{
	return (u32)((ref >> GLUE_INDEX_BITS) & GLUE_GEN_MAX);
}

static inline u16 ref_type(glue_ref_t ref)
{
	return (u16)(ref >> (GLUE_INDEX_BITS + GLUE_GEN_BITS));
}

static inline u32 ptr_bucket(const struct glue_table *t, const void *ptr)
{
	u64 h = (u64)(uintptr_t)ptr * 0x9e3779b97f4a7c15ull;

	return (u32)(h >> 32) & t->mask;
}

/**
 * glue_table_init() - set up an empty table over caller-provided storage
 * @t:		the table
 * @slots:	storage for @nslots slots
 * @nslots:	number of slots, 1 to GLUE_INDEX_MAX + 1
 * @buckets:	storage for @nbuckets hash buckets
 * @nbuckets:	number of hash buckets, a power of two
 *
 * Return: 0, or -EINVAL for bad sizes.
 */
int glue_table_init(struct glue_table *t, struct glue_obj *slots, u32 nslots,
		    u32 *buckets, u32 nbuckets)
{
	u32 i;

	if (!t || !slots || !buckets || !nslots ||
	    nslots - 1 > GLUE_INDEX_MAX || !nbuckets ||
	    (nbuckets & (nbuckets - 1)))
		return -EINVAL;

	t->slots = slots;
	t->buckets = buckets;
	t->nslots = nslots;
	t->mask = nbuckets - 1;
	t->live = 0;
	for (i = 0; i < nslots; i++) {
		slots[i].ptr = NULL;
		slots[i].remote = GLUE_REF_NULL;
		slots[i].gen = 1;
		slots[i].type = 0;
		slots[i].next = i + 2 <= nslots ? i + 2 : 0;
	}
	t->free_head = 1;
	memset(buckets, 0, nbuckets * sizeof(*buckets));
	return 0;
}

/* The live slot @ref names, or NULL with the reason in @err. */
static struct glue_obj *slot_of(const struct glue_table *t, glue_ref_t ref,
				u16 type, int *err)
{
	struct glue_obj *s;
	u32 index = ref_index(ref);

	if (!type || ref_type(ref) != type) {
		*err = -EINVAL;
		return NULL;
	}
	if (index >= t->nslots) {
		*err = -ENOENT;
		return NULL;
	}
	s = &t->slots[index];
	if (!s->type) {
		*err = -ENOENT;
		return NULL;
	}
	if (s->gen != ref_gen(ref)) {
		*err = -ESTALE;
		return NULL;
	}
	if (s->type != type) {
		*err = -EINVAL;
		return NULL;
	}
	return s;
}

/* Index + 1 of the live slot holding @ptr with @type, 0 if none. */
static u32 find_slot(const struct glue_table *t, const void *ptr, u16 type)
{
	u32 link = t->buckets[ptr_bucket(t, ptr)];

	while (link) {
		const struct glue_obj *s = &t->slots[link - 1];

		if (s->ptr == ptr && s->type == type)
			return link;
		link = s->next;
	}
	return 0;
}

/**
 * glue_table_insert() - add an object
 * @t:		the table
 * @ptr:	the object, not NULL
 * @type:	its type, 1 to GLUE_TYPE_MAX
 * @ref:	set to the new reference
 *
 * Return: 0; -EINVAL for a NULL object or a bad type; -EEXIST when the object
 * is already in the table with this type; -ENOSPC when the table is full.
 */
int glue_table_insert(struct glue_table *t, void *ptr, u16 type,
		      glue_ref_t *ref)
{
	struct glue_obj *s;
	u32 link, bucket;

	if (!ptr || !type || type > GLUE_TYPE_MAX)
		return -EINVAL;
	if (find_slot(t, ptr, type))
		return -EEXIST;
	link = t->free_head;
	if (!link)
		return -ENOSPC;

	s = &t->slots[link - 1];
	t->free_head = s->next;
	bucket = ptr_bucket(t, ptr);
	s->ptr = ptr;
	s->type = type;
	s->remote = GLUE_REF_NULL;
	s->next = t->buckets[bucket];
	t->buckets[bucket] = link;
	t->live++;
	*ref = ref_make(link - 1, s->gen, type);
	return 0;
}

/**
 * glue_table_lookup() - the object a reference names
 * @t:		the table
 * @ref:	reference, untrusted
 * @type:	the type the caller expects
 * @ptr:	set to the object on success, left alone otherwise
 *
 * Return: 0; -EINVAL when @ref names another type; -ENOENT when the slot is
 * out of range or free; -ESTALE when the slot was freed and reused since.
 */
int glue_table_lookup(const struct glue_table *t, glue_ref_t ref, u16 type,
		      void **ptr)
{
	int err;
	struct glue_obj *s = slot_of(t, ref, type, &err);

	if (!s)
		return err;
	*ptr = s->ptr;
	return 0;
}

/**
 * glue_table_find() - the reference of an object already in the table
 * @t:		the table
 * @ptr:	the object
 * @type:	its type
 * @ref:	set to the reference on success
 *
 * Return: 0, or -ENOENT when the object is not in the table with @type.
 */
int glue_table_find(const struct glue_table *t, const void *ptr, u16 type,
		    glue_ref_t *ref)
{
	u32 link = find_slot(t, ptr, type);

	if (!link)
		return -ENOENT;
	*ref = ref_make(link - 1, t->slots[link - 1].gen, type);
	return 0;
}

/**
 * glue_table_remove() - drop an object; its reference goes stale
 * @t:		the table
 * @ref:	reference to drop
 * @type:	its expected type
 *
 * Return: 0, or the errors of glue_table_lookup().
 */
int glue_table_remove(struct glue_table *t, glue_ref_t ref, u16 type)
{
	int err;
	struct glue_obj *s = slot_of(t, ref, type, &err);
	u32 index = ref_index(ref);
	u32 *link;

	if (!s)
		return err;
	link = &t->buckets[ptr_bucket(t, s->ptr)];
	while (*link != index + 1)
		link = &t->slots[*link - 1].next;
	*link = s->next;

	s->ptr = NULL;
	s->type = 0;
	s->remote = GLUE_REF_NULL;
	t->live--;
	if (s->gen == GLUE_GEN_MAX) {
		s->gen = 0;	/* retired: no reference can match it again */
		s->next = 0;
		return 0;
	}
	s->gen++;
	s->next = t->free_head;
	t->free_head = index + 1;
	return 0;
}

/**
 * glue_table_set_remote() - record the other side's reference to its copy
 * @t:		the table
 * @ref:	local reference
 * @type:	its expected type
 * @remote:	the other side's reference, not GLUE_REF_NULL
 *
 * Return: 0, -EINVAL for a null @remote, or the errors of glue_table_lookup().
 */
int glue_table_set_remote(struct glue_table *t, glue_ref_t ref, u16 type,
			  glue_ref_t remote)
{
	int err;
	struct glue_obj *s = slot_of(t, ref, type, &err);

	if (!s)
		return err;
	if (remote == GLUE_REF_NULL)
		return -EINVAL;
	s->remote = remote;
	return 0;
}

/**
 * glue_table_get_remote() - the other side's reference to its copy
 * @t:		the table
 * @ref:	local reference
 * @type:	its expected type
 * @remote:	set to the other side's reference on success
 *
 * Return: 0; -ENOENT when the object has no copy on the other side yet; or
 * the errors of glue_table_lookup().
 */
int glue_table_get_remote(const struct glue_table *t, glue_ref_t ref, u16 type,
			  glue_ref_t *remote)
{
	int err;
	struct glue_obj *s = slot_of(t, ref, type, &err);

	if (!s)
		return err;
	if (s->remote == GLUE_REF_NULL)
		return -ENOENT;
	*remote = s->remote;
	return 0;
}
