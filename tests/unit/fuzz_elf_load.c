// SPDX-License-Identifier: GPL-2.0
/*
 * tests/unit/fuzz_elf_load.c - libFuzzer target: the domain loader's pure
 * core (kernel/loader/elf_load.c) on arbitrary bytes. Built and run for a
 * bounded time by tests/unit/fuzz_elf_load.sh (clang,
 * -fsanitize=fuzzer,address,undefined); not a tests/unit/test_*.c, so
 * "make unit" leaves it alone.
 *
 * Besides not crashing and never touching memory outside the object, the
 * work array and the image (each allocated at its exact size, so ASan
 * sees a single byte too far), it checks what callers rely on:
 *  - a refusal has a reason and a one-line, NUL-terminated message;
 *  - an accepted object has page-aligned groups in order inside a
 *    page-multiple image of at most ELF_LOAD_MAX_IMAGE bytes;
 *  - relocating an accepted object can only fail for an unresolved import
 *    or a value out of range, at any base, and then says which.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <lvd/compat.h>
#include "../../kernel/loader/elf_load.h"

#define PAGE		ELF_LOAD_PAGE_SIZE
/* Images larger than this are laid out but not built (time, memory). */
#define MAX_BUILD	(4ULL << 20)

static void check_msg(const struct elf_load *ld, const char *msg, int ret)
{
	size_t n = strnlen(msg, ELF_LOAD_MSG_SIZE);

	if (!ret)
		return;
	if (ld->err == ELF_LOAD_OK || !n || n >= ELF_LOAD_MSG_SIZE ||
	    memchr(msg, '\n', n))
		abort();
}

/*
 * Imports: names of odd length are unknown; the others resolve near the
 * image or, for names starting with 'f', far away (an out-of-range value
 * for 32-bit fields).
 */
static int resolve(void *cookie, const char *name, u64 *addr)
{
	u64 base = *(const u64 *)cookie;
	size_t n = strlen(name);

	if (n & 1)
		return -1;
	*addr = name[0] == 'f' ? 0x00007fff00000000ULL : base - 0x100000 + n * 16;
	return 0;
}

static void check_layout(const struct elf_load *ld)
{
	u64 end = 0;
	int g;

	if (ld->size % PAGE || ld->size > ELF_LOAD_MAX_IMAGE)
		abort();
	for (g = 0; g < ELF_LOAD_NR_GROUPS; g++) {
		if (ld->group[g].offset % PAGE || ld->group[g].offset < end)
			abort();
		end = ld->group[g].offset + ld->group[g].size;
		if (end > ld->size)
			abort();
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const u64 bases[] = { 0xffffffffc0000000ULL, 0x400000ULL,
				     0xfffffffffff00000ULL };
	static const char * const names[] = { "init_module", "entry",
					      "fx_switch", "a", "" };
	char msg[ELF_LOAD_MSG_SIZE];
	struct elf_load ld;
	unsigned int n, i;
	u64 *work, base, addr, off;
	u8 *image;
	int ret;

	n = elf_load_section_count(data, size);
	work = malloc((n ? n : 1) * sizeof(*work));
	if (!work)
		return 0;
	ret = elf_load_parse(&ld, data, size, work, n, msg, sizeof(msg));
	check_msg(&ld, msg, ret);
	if (ret)
		goto out;
	check_layout(&ld);
	for (i = 0; i < n; i++)
		if (!elf_load_section(&ld, i, &off) && off > ld.size)
			abort();
	if (ld.size > MAX_BUILD)
		goto out;
	image = malloc(ld.size ? ld.size : 1);
	if (!image)
		goto out;
	for (i = 0; i < sizeof(bases) / sizeof(bases[0]); i++) {
		base = bases[i];
		if (base + ld.size < base && base + ld.size != 0)
			continue;
		ret = elf_load_relocate(&ld, image, ld.size, base, resolve, &base);
		check_msg(&ld, msg, ret);
		if (ret && ret != -ENOENT && ret != -ERANGE &&
		    !(ret == -EINVAL && base + ld.size < base))
			abort();
		if (ret)
			continue;
		for (unsigned int k = 0; k < sizeof(names) / sizeof(names[0]); k++)
			elf_load_symbol(&ld, names[k], &addr);
	}
	ret = elf_load_relocate(&ld, image, ld.size, base, NULL, NULL);
	check_msg(&ld, msg, ret);
	free(image);
out:
	free(work);
	return 0;
}
