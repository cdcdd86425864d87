// SPDX-License-Identifier: GPL-2.0
/*
 * fuzz_idlc.c - libFuzzer target: the whole compiler on arbitrary bytes.
 *
 * Besides not crashing (the sanitizers watch memory and undefined
 * behaviour), a compilation must either produce all three outputs or fail
 * with a message that names the file, a line and a column.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "idlc.h"

static int has_position(const char *msg)
{
	const char *p = msg + strlen("fuzz.idl:");
	char *end;

	if (strncmp(msg, "fuzz.idl:", strlen("fuzz.idl:")))
		return 0;
	if (strtol(p, &end, 10) < 1 || *end != ':')
		return 0;
	if (strtol(end + 1, &end, 10) < 1 || strncmp(end, ": error: ", 9))
		return 0;
	return 1;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct idl_ctx ctx;
	int i;

	memset(&ctx, 0, sizeof(ctx));
	if (idl_compile(&ctx, "fuzz.idl", (const char *)data, size)) {
		if (!has_position(ctx.msg))
			abort();
	} else {
		for (i = 0; i < OUT_COUNT; i++)
			if (!ctx.out[i].len)
				abort();
	}
	idl_free(&ctx);
	return 0;
}
