// SPDX-License-Identifier: GPL-2.0
/*
 * tests/unit/elf_fixture.c - a tiny domain-like object for
 * tests/unit/test_elf_load.c, compiled once with the kernel's code model by
 * tests/unit/gen_elf_fixture.sh into the byte array of elf_fixture.h (the
 * unit tests need no compiler at run time). Rerun that script after
 * changing this file.
 *
 * It has text, rodata (strings, a switch table, pointers), data (an
 * absolute pointer), bss, calls between its functions, a call to an
 * imported function and a read of an imported variable.
 */
extern int fx_import_add(int a, int b);
extern int fx_import_value;

static int counter;				/* .bss */
int fx_table[4] = { 10, 20, 30, 40 };		/* .data */
int *fx_table_ptr = &fx_table[2];		/* .data: R_X86_64_64 */
static const char greeting[] = "hello, domain";	/* .rodata */
const char *const fx_words[] = { "zero", "one", "two" };	/* R_X86_64_64 */

/* In a section of its own, so that calls to it need relocations. */
static __attribute__((noinline, section(".text.helpers"))) int helper(int x)
{
	return x * 3 + 1;
}

static __attribute__((noinline)) int helper2(int x)
{
	return x - 7;
}

int (*const fx_ops[])(int) = { helper, helper2 };	/* R_X86_64_64 to text */

__attribute__((noinline)) int fx_add1(int x)
{
	return x + 1;
}

int fx_call_import(int a, int b)
{
	return fx_import_add(a, b) + fx_import_value;	/* PLT32, PC32 */
}

int fx_helper(int x)
{
	return helper(x) + fx_add1(helper(x + 1));	/* PLT32 */
}

int fx_count(void)
{
	return ++counter;
}

int fx_read_table(int i)
{
	return fx_table[i & 3] + *fx_table_ptr;
}

const char *fx_word(int i)
{
	return fx_words[(unsigned int)i % 3];
}

int fx_greet_char(int i)
{
	return greeting[i];				/* R_X86_64_32S */
}

long fx_table_addr(void)
{
	return (long)&fx_table;				/* R_X86_64_32S */
}

int fx_op(int i, int x)
{
	return fx_ops[i & 1](x);
}

int fx_switch(int x)
{
	switch (x) {					/* a table: 32S */
	case 0: return 11;
	case 1: return 22;
	case 2: return 33;
	case 3: return 44;
	case 4: return 55;
	case 5: return 66;
	case 6: return 77;
	case 7: return 88;
	}
	return -1;
}
