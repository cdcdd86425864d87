// SPDX-License-Identifier: GPL-2.0
/*
 * glue_msg.c - message encoding, calls through the gate, and the object
 * synchronization steps the generated glue is made of.
 */
#include "glue.h"

/*
 * Reserve room for @count elements of @esize bytes at @b's cursor, padded to
 * 8 bytes. Return the offset of the room, or -1 with @err recorded.
 */
static s64 span(struct glue_buf *b, u64 count, size_t esize, int err)
{
	u32 left, start;
	u64 bytes;

	if (b->err)
		return -1;
	left = b->size - b->pos;
	if (esize && count > left / esize) {
		glue_fail(b, err);
		return -1;
	}
	bytes = count * esize;
	bytes = (bytes + GLUE_ALIGN - 1) & ~(u64)(GLUE_ALIGN - 1);
	if (bytes > left) {
		glue_fail(b, err);
		return -1;
	}
	start = b->pos;
	b->pos += (u32)bytes;
	return start;
}

/* Zero the padding after @len bytes written at offset @start. */
static void pad(struct glue_buf *b, u32 start, u64 len)
{
	memset(b->data + start + len, 0, b->pos - start - len);
}

/**
 * glue_put_array() - append @count elements of @esize bytes
 * @b:		buffer being written
 * @p:		the elements; may be NULL only when @count is 0
 * @count:	number of elements
 * @esize:	size of one element
 *
 * The length is not written: the reader knows it from another item.
 * Records -EINVAL for a NULL array and -EMSGSIZE when it does not fit.
 */
void glue_put_array(struct glue_buf *b, const void *p, u64 count, size_t esize)
{
	s64 start;

	if (!p && count) {
		glue_fail(b, -EINVAL);
		return;
	}
	start = span(b, count, esize, -EMSGSIZE);
	if (start < 0)
		return;
	if (count)
		memcpy(b->data + start, p, count * esize);
	pad(b, start, count * esize);
}

/**
 * glue_get_array() - read @count elements in place
 * @b:		buffer being read
 * @count:	number of elements, untrusted
 * @esize:	size of one element
 *
 * Return: a pointer into the message area, valid for the current call, or
 * NULL with -EBADMSG recorded when the message is too short.
 */
const void *glue_get_array(struct glue_buf *b, u64 count, size_t esize)
{
	s64 start = span(b, count, esize, -EBADMSG);

	return start < 0 ? NULL : b->data + start;
}

/**
 * glue_get_array_to() - read @count elements into the caller's array
 * @b:		buffer being read
 * @dst:	room for @count elements
 * @count:	number of elements
 * @esize:	size of one element
 */
void glue_get_array_to(struct glue_buf *b, void *dst, u64 count, size_t esize)
{
	const void *p = glue_get_array(b, count, esize);

	if (p && count)
		memcpy(dst, p, count * esize);
}

/**
 * glue_put_field_array() - append the first @count elements of an array field
 * @b:		buffer being written
 * @field:	the field
 * @fieldsize:	its size in bytes
 * @count:	number of elements to send
 * @esize:	size of one element
 *
 * Records -E2BIG when @count is more than the field holds.
 */
void glue_put_field_array(struct glue_buf *b, const void *field,
			  size_t fieldsize, u64 count, size_t esize)
{
	if (esize && count > fieldsize / esize)
		glue_fail(b, -E2BIG);
	glue_put_array(b, field, count, esize);
}

/**
 * glue_get_field_array() - read @count elements into an array field
 * @b:		buffer being read
 * @field:	the field
 * @fieldsize:	its size in bytes
 * @count:	number of elements, untrusted
 * @esize:	size of one element
 *
 * Records -E2BIG when the elements do not fit the field, -EBADMSG when the
 * message is too short. @field is untouched on failure.
 */
void glue_get_field_array(struct glue_buf *b, void *field, size_t fieldsize,
			  u64 count, size_t esize)
{
	if (esize && count > fieldsize / esize)
		glue_fail(b, -E2BIG);
	glue_get_array_to(b, field, count, esize);
}

/* Append the @len bytes of @s and a NUL, after their length. */
static void put_chars(struct glue_buf *b, const char *s, size_t len)
{
	s64 start;

	glue_put_raw(b, len);
	start = span(b, (u64)len + 1, 1, -EMSGSIZE);
	if (start < 0)
		return;
	memcpy(b->data + start, s, len);
	b->data[start + len] = '\0';
	pad(b, start, (u64)len + 1);
}

/**
 * glue_put_str() - append a NUL-terminated string
 * @b:		buffer being written
 * @s:		the string
 *
 * Records -EINVAL for NULL and -EMSGSIZE when it does not fit.
 */
void glue_put_str(struct glue_buf *b, const char *s)
{
	size_t left = b->size - b->pos;
	size_t len;

	if (!s) {
		glue_fail(b, -EINVAL);
		return;
	}
	len = strnlen(s, left);
	if (len == left) {
		glue_fail(b, -EMSGSIZE);
		return;
	}
	put_chars(b, s, len);
}

/**
 * glue_get_str() - read a string in place
 * @b:		buffer being read
 *
 * Return: the string in the message area, NUL-terminated, valid for the
 * current call; NULL with -EBADMSG recorded for a short or unterminated one.
 */
const char *glue_get_str(struct glue_buf *b)
{
	u64 len = glue_get_raw(b);
	const char *s;

	if (len == ~0ull) {
		glue_fail(b, -EBADMSG);
		return NULL;
	}
	s = glue_get_array(b, len + 1, 1);
	if (s && s[len] != '\0') {
		glue_fail(b, -EBADMSG);
		return NULL;
	}
	return s;
}

/**
 * glue_put_field_str() - append the string in a character array field
 * @b:		buffer being written
 * @field:	the field
 * @fieldsize:	its size
 *
 * Records -E2BIG when the field holds no NUL.
 */
void glue_put_field_str(struct glue_buf *b, const char *field, size_t fieldsize)
{
	size_t len = strnlen(field, fieldsize);

	if (len == fieldsize) {
		glue_fail(b, -E2BIG);
		return;
	}
	put_chars(b, field, len);
}

/**
 * glue_get_field_str() - read a string into a character array field
 * @b:		buffer being read
 * @field:	the field
 * @fieldsize:	its size
 *
 * Records -E2BIG when the string and its NUL do not fit; @field is untouched
 * on failure.
 */
void glue_get_field_str(struct glue_buf *b, char *field, size_t fieldsize)
{
	const char *s = glue_get_str(b);
	size_t len;

	if (!s)
		return;
	len = strlen(s);
	if (len >= fieldsize) {
		glue_fail(b, -E2BIG);
		return;
	}
	memcpy(field, s, len + 1);
}

/**
 * glue_decoded() - check a request before its implementation runs
 * @req:	the request, read to its end
 * @rep:	the reply, with the room reserved so far
 *
 * Return: 0 when both are intact and the request has no bytes left over;
 * the first error otherwise.
 */
int glue_decoded(const struct glue_buf *req, const struct glue_buf *rep)
{
	if (req->err)
		return req->err;
	if (rep->err)
		return rep->err;
	return req->pos == req->size ? 0 : -EBADMSG;
}

/* Offset of @b's cursor in the message area. */
static u32 area_offset(struct glue_chan *ch, struct glue_buf *b)
{
	return (u32)(b->data - ch->area->base) + b->pos;
}

/**
 * glue_call_begin() - start an outgoing call
 * @ch:		the channel
 * @c:		call state; its request is opened at the top of the area
 */
void glue_call_begin(struct glue_chan *ch, struct glue_call *c)
{
	struct glue_area *a = ch->area;

	c->top = a->top;
	c->req.data = a->base + a->top;
	c->req.size = a->size - a->top;
	c->req.pos = 0;
	c->req.err = 0;
	c->rep = c->req;
	c->rep.size = 0;
}

/**
 * glue_call() - send the request and wait for the reply
 * @ch:		the channel
 * @c:		call state from glue_call_begin(), request written
 * @fn:		function number
 *
 * Return: 0 with @c->rep open for reading past the status; the encoding
 * error of the request; the gate's error; or the other side's status (a
 * negative errno, anything else is -EBADMSG).
 */
int glue_call(struct glue_chan *ch, struct glue_call *c, u32 fn)
{
	struct glue_area *a = ch->area;
	s64 status;
	int err;

	if (c->req.err)
		return c->req.err;
	a->top = area_offset(ch, &c->req);
	c->req.size = c->req.pos;
	c->req.pos = 0;
	c->rep.data = a->base + a->top;
	c->rep.size = a->size - a->top;
	c->rep.pos = 0;
	c->rep.err = 0;

	err = ch->ops->gate(ch, fn, &c->req, &c->rep);
	if (err)
		return err;
	if (c->rep.pos > c->rep.size || c->rep.pos % GLUE_ALIGN)
		return -EBADMSG;
	c->rep.size = c->rep.pos;
	c->rep.pos = 0;
	status = (s64)glue_get_raw(&c->rep);
	if (c->rep.err)
		return c->rep.err;
	if (status)
		return status < 0 && status >= -4095 ? (int)status : -EBADMSG;
	return 0;
}

/**
 * glue_call_end() - finish an outgoing call
 * @ch:		the channel
 * @c:		call state
 * @err:	result so far
 *
 * Return: @err if set, else the reply's decoding error, else -EBADMSG if
 * the reply has bytes left over, else 0. The area is released in all cases.
 */
int glue_call_end(struct glue_chan *ch, struct glue_call *c, int err)
{
	if (!err)
		err = c->rep.err;
	if (!err && c->rep.pos != c->rep.size)
		err = -EBADMSG;
	ch->area->top = c->top;
	return err;
}

/**
 * glue_dispatch() - run the handler of an incoming call
 * @ch:		this side's channel
 * @tab:	this side's handlers
 * @fn:		function number, untrusted
 * @req:	the request, open for reading
 * @rep:	the reply, open for writing
 *
 * An unknown @fn fails with -EOPNOTSUPP. The reply starts with a status: 0, or the negative errno of a failed
 * decoding, lookup or encoding (then nothing follows it).
 *
 * Return: 0; the status travels in the reply.
 */
int glue_dispatch(struct glue_chan *ch, const struct glue_dispatch_table *tab,
		  u32 fn, struct glue_buf *req, struct glue_buf *rep)
{
	u32 top = ch->area->top;
	int err;

	glue_put_raw(rep, 0);
	if (!rep->err)
		ch->area->top = area_offset(ch, rep);	/* keep the status */
	if (fn >= tab->count || !tab->handlers[fn])
		err = -EOPNOTSUPP;
	else
		err = tab->handlers[fn](ch, req, rep);
	if (!err)
		err = req->err ? req->err : rep->err;
	if (!err && req->pos != req->size)
		err = -EBADMSG;
	if (err) {
		rep->pos = 0;
		rep->err = 0;
		glue_put_raw(rep, (u64)(s64)err);
	}
	ch->area->top = top;
	return 0;
}

/**
 * glue_reserve() - room in the reply for an implementation to fill
 * @ch:		this side's channel
 * @rep:	the reply being written
 * @count:	number of elements, untrusted
 * @esize:	size of one element
 *
 * The room is zeroed and protected from nested calls until the handler
 * returns.
 *
 * Return: the room, or NULL with -EMSGSIZE recorded.
 */
void *glue_reserve(struct glue_chan *ch, struct glue_buf *rep, u64 count,
		   size_t esize)
{
	s64 start = span(rep, count, esize, -EMSGSIZE);

	if (start < 0)
		return NULL;
	memset(rep->data + start, 0, rep->pos - start);
	ch->area->top = area_offset(ch, rep);
	return rep->data + start;
}

/**
 * glue_get_array_inout() - read an [in,out] array into reply room
 * @ch:		this side's channel
 * @req:	the request being read
 * @rep:	the reply being written
 * @count:	number of elements, untrusted
 * @esize:	size of one element
 *
 * Return: room in the reply holding a copy of the request's elements, for
 * the implementation to change; NULL with the error recorded.
 */
void *glue_get_array_inout(struct glue_chan *ch, struct glue_buf *req,
			   struct glue_buf *rep, u64 count, size_t esize)
{
	const void *in = glue_get_array(req, count, esize);
	void *out;

	if (!in)
		return NULL;
	out = glue_reserve(ch, rep, count, esize);
	if (out && count)
		memcpy(out, in, count * esize);
	return out;
}

/**
 * glue_put_export() - send this side's reference to one of its objects
 * @ch:		this side's channel
 * @b:		buffer being written
 * @obj:	the object; added to the table if not there yet
 * @type:	its type
 */
void glue_put_export(struct glue_chan *ch, struct glue_buf *b, void *obj,
		     u16 type)
{
	glue_ref_t ref;
	int err;

	if (b->err)
		return;
	err = glue_table_find(ch->objs, obj, type, &ref);
	if (err)
		err = glue_table_insert(ch->objs, obj, type, &ref);
	if (err) {
		glue_fail(b, err);
		return;
	}
	glue_put_raw(b, ref);
}

/**
 * glue_put_export_new() - send an object the other side will copy
 * @ch:		this side's channel
 * @b:		buffer being written
 * @obj:	the object; it must not have a copy on the other side yet
 * @type:	its type
 * @ref:	set to this side's reference, for glue_get_bind()
 *
 * Records -EEXIST when the object already has a copy on the other side.
 */
void glue_put_export_new(struct glue_chan *ch, struct glue_buf *b, void *obj,
			 u16 type, glue_ref_t *ref)
{
	glue_ref_t remote;
	int err;

	*ref = GLUE_REF_NULL;
	if (b->err)
		return;
	err = glue_table_find(ch->objs, obj, type, ref);
	if (err)
		err = glue_table_insert(ch->objs, obj, type, ref);
	else if (!glue_table_get_remote(ch->objs, *ref, type, &remote))
		err = -EEXIST;
	if (err) {
		glue_fail(b, err);
		return;
	}
	glue_put_raw(b, *ref);
}

static void put_remote(struct glue_chan *ch, struct glue_buf *b,
		       const void *obj, u16 type)
{
	glue_ref_t ref, remote = GLUE_REF_NULL;
	int err = 0;

	if (b->err)
		return;
	if (obj) {
		err = glue_table_find(ch->objs, obj, type, &ref);
		if (!err)
			err = glue_table_get_remote(ch->objs, ref, type,
						    &remote);
	}
	if (err) {
		glue_fail(b, err);
		return;
	}
	glue_put_raw(b, remote);
}

/**
 * glue_put_remote() - send the other side's reference to its copy of @obj
 * @ch:		this side's channel
 * @b:		buffer being written
 * @obj:	the object
 * @type:	its type
 *
 * Records -EINVAL for NULL and -ENOENT when @obj is not bound to a copy on
 * the other side.
 */
void glue_put_remote(struct glue_chan *ch, struct glue_buf *b,
		     const void *obj, u16 type)
{
	if (!obj)
		glue_fail(b, -EINVAL);
	put_remote(ch, b, obj, type);
}

/**
 * glue_put_remote_nullable() - glue_put_remote() that sends NULL as
 * GLUE_REF_NULL
 * @ch:		this side's channel
 * @b:		buffer being written
 * @obj:	the object, or NULL
 * @type:	its type
 */
void glue_put_remote_nullable(struct glue_chan *ch, struct glue_buf *b,
			      const void *obj, u16 type)
{
	put_remote(ch, b, obj, type);
}

/**
 * glue_get_import_nullable() - read a reference into this side's table
 * @ch:		this side's channel
 * @b:		buffer being read
 * @type:	expected type
 *
 * Return: the object; NULL for GLUE_REF_NULL; NULL with the lookup's error
 * recorded for a reference that does not name a live object of @type.
 */
void *glue_get_import_nullable(struct glue_chan *ch, struct glue_buf *b,
			       u16 type)
{
	glue_ref_t ref = glue_get_raw(b);
	void *obj = NULL;
	int err;

	if (b->err || ref == GLUE_REF_NULL)
		return NULL;
	err = glue_table_lookup(ch->objs, ref, type, &obj);
	if (err) {
		glue_fail(b, err);
		return NULL;
	}
	return obj;
}

/**
 * glue_get_import() - read a reference that must name a live object
 * @ch:		this side's channel
 * @b:		buffer being read
 * @type:	expected type
 *
 * Return: the object, or NULL with the error recorded (-EINVAL for
 * GLUE_REF_NULL).
 */
void *glue_get_import(struct glue_chan *ch, struct glue_buf *b, u16 type)
{
	void *obj = glue_get_import_nullable(ch, b, type);

	if (!obj)
		glue_fail(b, -EINVAL);
	return obj;
}

/* Allocate a local copy, add it to the table and bind it to @remote. */
static void *new_shadow(struct glue_chan *ch, u16 type, glue_ref_t remote,
			glue_ref_t *ref, int *err)
{
	void *obj = ch->ops->alloc ? ch->ops->alloc(ch, type) : NULL;

	if (!obj) {
		*err = -ENOMEM;
		return NULL;
	}
	*err = glue_table_insert(ch->objs, obj, type, ref);
	if (*err) {
		ch->ops->free(ch, type, obj);
		return NULL;
	}
	if (remote != GLUE_REF_NULL) {
		*err = glue_table_set_remote(ch->objs, *ref, type, remote);
		if (*err) {
			(void)glue_release(ch, obj, type);
			return NULL;
		}
	}
	return obj;
}

/**
 * glue_get_shadow() - read the other side's reference and make a local copy
 * @ch:		this side's channel
 * @b:		buffer being read
 * @type:	object type
 * @ref:	set to this side's reference to the copy
 *
 * The copy is zeroed by the channel's allocator and bound to the other
 * side's object.
 *
 * Return: the copy, or NULL with the error recorded.
 */
void *glue_get_shadow(struct glue_chan *ch, struct glue_buf *b, u16 type,
		      glue_ref_t *ref)
{
	glue_ref_t remote = glue_get_raw(b);
	void *obj;
	int err;

	*ref = GLUE_REF_NULL;
	if (b->err)
		return NULL;
	if (remote == GLUE_REF_NULL) {
		glue_fail(b, -EINVAL);
		return NULL;
	}
	obj = new_shadow(ch, type, remote, ref, &err);
	if (!obj)
		glue_fail(b, err);
	return obj;
}

/**
 * glue_get_bind() - read the other side's reference to its new copy
 * @ch:		this side's channel
 * @b:		buffer being read
 * @ref:	this side's reference to the object that was copied
 * @type:	object type
 */
void glue_get_bind(struct glue_chan *ch, struct glue_buf *b, glue_ref_t ref,
		   u16 type)
{
	glue_ref_t remote = glue_get_raw(b);
	int err;

	if (b->err)
		return;
	err = glue_table_set_remote(ch->objs, ref, type, remote);
	if (err)
		glue_fail(b, err);
}

/**
 * glue_put_new_shadow() - make a local copy before asking for the original
 * @ch:		this side's channel
 * @b:		request being written; gets this side's reference
 * @type:	object type
 *
 * Return: the new, still unbound copy; NULL with the error recorded.
 */
void *glue_put_new_shadow(struct glue_chan *ch, struct glue_buf *b, u16 type)
{
	glue_ref_t ref;
	void *obj;
	int err;

	if (b->err)
		return NULL;
	obj = new_shadow(ch, type, GLUE_REF_NULL, &ref, &err);
	if (!obj) {
		glue_fail(b, err);
		return NULL;
	}
	glue_put_raw(b, ref);
	return obj;
}

/**
 * glue_put_export_bound() - send an original and bind it to the caller's copy
 * @ch:		this side's channel
 * @b:		reply being written
 * @obj:	the original, or NULL (sent as GLUE_REF_NULL)
 * @type:	object type
 * @remote:	the caller's reference to its copy, untrusted
 *
 * Records -EEXIST when @obj already has a copy on the other side.
 */
void glue_put_export_bound(struct glue_chan *ch, struct glue_buf *b,
			   void *obj, u16 type, glue_ref_t remote)
{
	glue_ref_t ref;

	if (obj)
		glue_put_export_new(ch, b, obj, type, &ref);
	else
		glue_put_raw(b, GLUE_REF_NULL);
	if (b->err || !obj)
		return;
	if (remote == GLUE_REF_NULL)
		glue_fail(b, -EINVAL);
	else
		glue_fail(b, glue_table_set_remote(ch->objs, ref, type, remote));
}

/**
 * glue_get_shadow_result() - bind a copy made by glue_put_new_shadow()
 * @ch:		this side's channel
 * @b:		reply being read
 * @shadow:	the copy, or NULL when glue_put_new_shadow() failed
 * @type:	object type
 *
 * Return: @shadow, bound to the other side's original; NULL when the other
 * side returned none or on error. The caller releases an unbound copy.
 */
void *glue_get_shadow_result(struct glue_chan *ch, struct glue_buf *b,
			     void *shadow, u16 type)
{
	glue_ref_t ref, remote = glue_get_raw(b);
	int err;

	if (b->err || !shadow || remote == GLUE_REF_NULL)
		return NULL;
	err = glue_table_find(ch->objs, shadow, type, &ref);
	if (!err)
		err = glue_table_set_remote(ch->objs, ref, type, remote);
	if (err) {
		glue_fail(b, err);
		return NULL;
	}
	return shadow;
}

/**
 * glue_forget() - drop an object from this side's table, keep the object
 * @ch:		this side's channel
 * @obj:	the object
 * @type:	its type
 *
 * Return: 0, or -ENOENT when it is not in the table.
 */
int glue_forget(struct glue_chan *ch, const void *obj, u16 type)
{
	glue_ref_t ref;
	int err = glue_table_find(ch->objs, obj, type, &ref);

	return err ? err : glue_table_remove(ch->objs, ref, type);
}

/**
 * glue_release() - drop a local copy from the table and free it
 * @ch:		this side's channel
 * @obj:	the copy, made by the channel's allocator
 * @type:	its type
 *
 * Return: 0, or -ENOENT when it is not in the table (it is not freed then).
 */
int glue_release(struct glue_chan *ch, void *obj, u16 type)
{
	int err = glue_forget(ch, obj, type);

	if (!err)
		ch->ops->free(ch, type, obj);
	return err;
}
