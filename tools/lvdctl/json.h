/* SPDX-License-Identifier: GPL-2.0 */
/*
 * tools/lvdctl/json.h - write one JSON value to a stream: objects, arrays,
 * strings (always escaped into valid JSON, whatever the bytes), numbers,
 * booleans and null, indented two spaces a level. Pure (writes only to the
 * FILE given), unit-tested in tests/unit/test_lvdctl_json.c.
 */
#ifndef LVDCTL_JSON_H
#define LVDCTL_JSON_H

#include <stdbool.h>
#include <stdio.h>

#define LVDCTL_JSON_DEPTH	8

/**
 * struct lvdctl_json - a JSON writer
 * @f:		the stream
 * @depth:	number of open objects and arrays
 * @count:	members written so far at each open level
 * @inline_:	whether each open level is written on one line
 */
struct lvdctl_json {
	FILE *f;
	int depth;
	int count[LVDCTL_JSON_DEPTH];
	bool inline_[LVDCTL_JSON_DEPTH];
};

void lvdctl_json_escape(FILE *f, const char *s);
void lvdctl_json_init(struct lvdctl_json *j, FILE *f);
void lvdctl_json_begin_object(struct lvdctl_json *j, const char *key, bool one_line);
void lvdctl_json_end_object(struct lvdctl_json *j);
void lvdctl_json_begin_array(struct lvdctl_json *j, const char *key, bool one_line);
void lvdctl_json_end_array(struct lvdctl_json *j);
void lvdctl_json_string(struct lvdctl_json *j, const char *key, const char *s);
void lvdctl_json_bool(struct lvdctl_json *j, const char *key, bool b);
void lvdctl_json_tristate(struct lvdctl_json *j, const char *key, int t);
void lvdctl_json_int(struct lvdctl_json *j, const char *key, long long v);
void lvdctl_json_uint(struct lvdctl_json *j, const char *key, unsigned long long v);
void lvdctl_json_hex(struct lvdctl_json *j, const char *key, unsigned long long v);
void lvdctl_json_null(struct lvdctl_json *j, const char *key);

#endif /* LVDCTL_JSON_H */
