// SPDX-License-Identifier: GPL-2.0
/*
 * test_glue.c - unit tests of the glue runtime: object tables and message
 * buffers, including what an untrusted peer may send.
 */
#include "glue.h"
#include "../unit/tap.h"

#define NSLOTS 4

static struct glue_obj slots[NSLOTS];
static u32 buckets[8];
static struct glue_table t;
static int objs[NSLOTS + 2];

static void test_table(void)
{
	glue_ref_t r[NSLOTS], extra, old;
	void *p = NULL;
	int i, err;

	TAP_EQ(glue_table_init(&t, slots, NSLOTS, buckets, 6), -EINVAL,
		 "table: bucket count must be a power of two");
	TAP_EQ(glue_table_init(&t, slots, NSLOTS, buckets, 8), 0,
		 "table: init");
	for (i = 0; i < NSLOTS; i++)
		err = glue_table_insert(&t, &objs[i], 1, &r[i]);
	TAP_OK(!err && r[0] != GLUE_REF_NULL, "table: fill all slots");
	TAP_EQ(glue_table_insert(&t, &objs[NSLOTS], 1, &extra), -ENOSPC,
		 "table: full table refuses an insert");
	TAP_EQ(glue_table_insert(&t, &objs[0], 1, &extra), -EEXIST,
		 "table: same object and type twice is refused");
	TAP_EQ(glue_table_insert(&t, NULL, 1, &extra), -EINVAL,
		 "table: NULL object is refused");
	TAP_EQ(glue_table_insert(&t, &objs[5], 0, &extra), -EINVAL,
		 "table: type 0 is refused");

	err = glue_table_lookup(&t, r[2], 1, &p);
	TAP_OK(!err && p == &objs[2], "table: lookup finds the object");
	p = NULL;
	TAP_EQ(glue_table_lookup(&t, r[2], 2, &p), -EINVAL,
		 "table: lookup with the wrong type fails");
	TAP_OK(p == NULL, "table: failed lookup leaves the result alone");
	TAP_EQ(glue_table_lookup(&t, GLUE_REF_NULL, 1, &p), -EINVAL,
		 "table: null reference fails");
	TAP_EQ(glue_table_lookup(&t, (r[2] & ~(glue_ref_t)GLUE_INDEX_MAX) |
				   1000, 1, &p), -ENOENT,
		 "table: index out of range fails");
	TAP_EQ(glue_table_find(&t, &objs[3], 1, &extra), 0,
		 "table: find by pointer");
	TAP_OK(extra == r[3], "table: find gives the same reference");
	TAP_EQ(glue_table_find(&t, &objs[3], 2, &extra), -ENOENT,
		 "table: find with the wrong type fails");

	old = r[1];
	TAP_EQ(glue_table_remove(&t, old, 1), 0, "table: remove");
	TAP_EQ(glue_table_lookup(&t, old, 1, &p), -ENOENT,
		 "table: removed reference fails (free slot)");
	TAP_EQ(glue_table_remove(&t, old, 1), -ENOENT,
		 "table: double remove fails");
	TAP_EQ(glue_table_insert(&t, &objs[4], 1, &r[1]), 0,
		 "table: freed slot is reused");
	TAP_OK(r[1] != old && (r[1] & GLUE_INDEX_MAX) == (old & GLUE_INDEX_MAX),
	      "table: reused slot, new generation");
	TAP_EQ(glue_table_lookup(&t, old, 1, &p), -ESTALE,
		 "table: old reference to a reused slot is stale");
	TAP_EQ(glue_table_find(&t, &objs[1], 1, &extra), -ENOENT,
		 "table: removed object is not found by pointer");

	TAP_EQ(glue_table_get_remote(&t, r[0], 1, &extra), -ENOENT,
		 "table: no remote before binding");
	TAP_EQ(glue_table_set_remote(&t, r[0], 1, 77), 0, "table: bind");
	TAP_OK(!glue_table_get_remote(&t, r[0], 1, &extra) && extra == 77,
	      "table: remote after binding");

	/* A slot at the last generation is retired, never reused. */
	old = r[0];
	slots[old & GLUE_INDEX_MAX].gen = GLUE_GEN_MAX;
	err = glue_table_find(&t, &objs[0], 1, &old);
	TAP_OK(!err, "table: reference at the last generation");
	TAP_EQ(glue_table_remove(&t, old, 1), 0, "table: remove it");
	TAP_EQ(slots[old & GLUE_INDEX_MAX].gen, 0, "table: slot retired");
	TAP_EQ(glue_table_insert(&t, &objs[5], 1, &extra), -ENOSPC,
		 "table: retired slot is not handed out");
	TAP_EQ(t.live, NSLOTS - 1, "table: live count");
}

static void test_buffers(void)
{
	u64 store[4];
	struct glue_buf w = { (u8 *)store, sizeof(store), 0, 0 };
	struct glue_buf r;
	char field[4];
	u8 big[64] = { 0 };
	const char *s;

	glue_put_u8(&w, 200);
	glue_put_s16(&w, -300);
	glue_put_bool(&w, true);
	glue_put_u64(&w, ~0ull);
	TAP_OK(!w.err && w.pos == 32, "buf: four items fill 32 bytes");
	glue_put_u8(&w, 1);
	TAP_EQ(w.err, -EMSGSIZE, "buf: write past the end fails");
	r = (struct glue_buf){ (u8 *)store, 32, 0, 0 };
	TAP_EQ(glue_get_u8(&r), 200, "buf: u8 round trip");
	TAP_EQ(glue_get_s16(&r), -300, "buf: s16 round trip");
	TAP_EQ(glue_get_bool(&r), 1, "buf: bool round trip");
	TAP_OK(glue_get_u64(&r) == ~0ull && !r.err, "buf: u64 round trip");
	TAP_EQ(glue_get_u8(&r), 0, "buf: read past the end gives 0");
	TAP_EQ(r.err, -EBADMSG, "buf: read past the end fails");

	store[0] = 256;
	r = (struct glue_buf){ (u8 *)store, 8, 0, 0 };
	glue_get_u8(&r);
	TAP_EQ(r.err, -EBADMSG, "buf: 256 is not a u8");
	store[0] = 2;
	r = (struct glue_buf){ (u8 *)store, 8, 0, 0 };
	glue_get_bool(&r);
	TAP_EQ(r.err, -EBADMSG, "buf: 2 is not a bool");
	store[0] = 0x80000000ull;
	r = (struct glue_buf){ (u8 *)store, 8, 0, 0 };
	glue_get_s32(&r);
	TAP_EQ(r.err, -EBADMSG, "buf: 2^31 is not an s32");
	store[0] = (u64)-5;
	r = (struct glue_buf){ (u8 *)store, 8, 0, 0 };
	TAP_OK(glue_get_s8(&r) == -5 && !r.err, "buf: -5 is an s8");

	w = (struct glue_buf){ (u8 *)store, sizeof(store), 0, 0 };
	glue_put_array(&w, big, sizeof(big), 1);
	TAP_EQ(w.err, -EMSGSIZE, "buf: array larger than the buffer fails");
	r = (struct glue_buf){ (u8 *)store, 32, 0, 0 };
	TAP_OK(!glue_get_array(&r, ~0ull / 4, 8) && r.err == -EBADMSG,
	      "buf: huge element count fails without overflow");

	w = (struct glue_buf){ (u8 *)store, sizeof(store), 0, 0 };
	glue_put_str(&w, "hello");
	r = (struct glue_buf){ (u8 *)store, w.pos, 0, 0 };
	s = glue_get_str(&r);
	TAP_OK(s && !strcmp(s, "hello") && r.pos == r.size,
	      "buf: string round trip");
	r = (struct glue_buf){ (u8 *)store, w.pos, 0, 0 };
	glue_get_field_str(&r, field, sizeof(field));
	TAP_EQ(r.err, -E2BIG, "buf: string longer than its field fails");
	((u8 *)store)[8 + 5] = 'x';	/* overwrite the NUL */
	r = (struct glue_buf){ (u8 *)store, w.pos, 0, 0 };
	TAP_OK(!glue_get_str(&r) && r.err == -EBADMSG,
	      "buf: unterminated string fails");
	store[0] = ~0ull;
	r = (struct glue_buf){ (u8 *)store, 32, 0, 0 };
	TAP_OK(!glue_get_str(&r) && r.err == -EBADMSG,
	      "buf: string length 2^64-1 fails");
	memcpy(field, "abcd", 4);
	w = (struct glue_buf){ (u8 *)store, sizeof(store), 0, 0 };
	glue_put_field_str(&w, field, sizeof(field));
	TAP_EQ(w.err, -E2BIG, "buf: field without NUL is not sent");
	w = (struct glue_buf){ (u8 *)store, sizeof(store), 0, 0 };
	glue_put_field_array(&w, field, sizeof(field), 5, 1);
	TAP_EQ(w.err, -E2BIG, "buf: count beyond the field is not sent");
}

int main(void)
{
	test_table();
	test_buffers();
	return tap_done();
}
