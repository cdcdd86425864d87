// unit-deps: kernel/loader/elf_load.c
// SPDX-License-Identifier: GPL-2.0
/*
 * tests/unit/test_elf_load.c - the domain loader's pure core
 * (kernel/loader/elf_load.c): a synthetic object built here in memory
 * (every section kind, every relocation type, imports, skipped .ko
 * sections), one test per refusal, each checking its reason and message,
 * and a real object compiled with the kernel's code model
 * (tests/unit/elf_fixture.h) that is loaded at the top of the address
 * space and checked relocation by relocation, and loaded low and run.
 *
 * With ELF_LOAD_CORPUS=DIR in the environment every object given to the
 * loader is also written to DIR (the fuzzer's seeds).
 */
#include <elf.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/mman.h>
#include <lvd/compat.h>
#include "../../kernel/loader/elf_load.h"
#include "elf_fixture.h"
#include "tap.h"

#define PAGE	4096ULL
#define TOP	0xffffffffc0000000ULL	/* in the module area, top 2 GB */

/* ---- an ELF object builder ------------------------------------------- */

struct bsec {
	const char *name;
	u32 type;
	u64 flags;
	const void *data;
	u64 size;
	u64 align;
};

struct bsym {
	const char *name;
	u8 bind, type;
	u16 shndx;
	u64 value;
};

struct brel {
	int sec;		/* user section the relocation applies to */
	u64 off;
	u32 sym;
	u32 type;
	s64 addend;
};

struct obj {
	struct bsec sec[16];	/* sections 1..nsec */
	int nsec;
	struct bsym sym[32];	/* symbols 1..nsym, locals first */
	int nsym;
	struct brel rel[64];
	int nrel;
	bool no_symtab;
	/* filled by build() */
	int rela_of[17];	/* section index of the RELA for user section i */
	int symtab, strtab, shstrtab, shnum;
};

static u8 obuf[1 << 16] __attribute__((aligned(16)));
static size_t olen;

static int add_sec(struct obj *o, const char *name, u32 type, u64 flags,
		   const void *data, u64 size, u64 align)
{
	o->sec[++o->nsec] = (struct bsec){ name, type, flags, data, size, align };
	return o->nsec;
}

static int add_sym(struct obj *o, const char *name, u8 bind, u8 type,
		   u16 shndx, u64 value)
{
	o->sym[++o->nsym] = (struct bsym){ name, bind, type, shndx, value };
	return o->nsym;
}

static void add_rel(struct obj *o, int sec, u64 off, u32 sym, u32 type, s64 addend)
{
	o->rel[o->nrel++] = (struct brel){ sec, off, sym, type, addend };
}

static size_t put(const void *p, size_t n, size_t align)
{
	size_t at = (olen + align - 1) & ~(align - 1);

	memset(obuf + olen, 0, at - olen);
	if (p)
		memcpy(obuf + at, p, n);
	else
		memset(obuf + at, 0, n);
	olen = at + n;
	return at;
}

static u32 strtab_add(char *tab, size_t *len, const char *s)
{
	u32 at = *len;

	if (!s || !*s)
		return 0;
	strcpy(tab + *len, s);
	*len += strlen(s) + 1;
	return at;
}

/*
 * Layout: ELF header, user section contents, RELA sections, .symtab,
 * .strtab, .shstrtab, section header table. Section indexes: 0, the user
 * sections, then one RELA per user section with relocations, then the
 * symbol table, its string table and the section name table.
 */
static void build(struct obj *o)
{
	Elf64_Shdr shdr[64];
	Elf64_Ehdr eh;
	Elf64_Sym syms[33];
	Elf64_Rela relas[64];
	char shstr[1024] = "", str[1024] = "";
	size_t shstr_len = 1, str_len = 1;
	int i, j, n, first_global = 0;

	memset(shdr, 0, sizeof(shdr));
	memset(obuf, 0, sizeof(obuf));
	olen = sizeof(eh);
	o->shnum = o->nsec + 1;
	for (i = 1; i <= o->nsec; i++) {
		struct bsec *s = &o->sec[i];

		shdr[i].sh_name = strtab_add(shstr, &shstr_len, s->name);
		shdr[i].sh_type = s->type;
		shdr[i].sh_flags = s->flags;
		shdr[i].sh_size = s->size;
		shdr[i].sh_addralign = s->align;
		if (s->type == SHT_NOBITS)
			shdr[i].sh_offset = olen;
		else
			shdr[i].sh_offset = put(s->data, s->size, 16);
	}
	o->symtab = o->no_symtab ? 0 : o->nsec + 1;
	for (i = 1; i <= o->nsec; i++) {
		char name[64];

		n = 0;
		for (j = 0; j < o->nrel; j++) {
			if (o->rel[j].sec != i)
				continue;
			relas[n].r_offset = o->rel[j].off;
			relas[n].r_info = ELF64_R_INFO(o->rel[j].sym, o->rel[j].type);
			relas[n].r_addend = o->rel[j].addend;
			n++;
		}
		o->rela_of[i] = 0;
		if (!n)
			continue;
		o->rela_of[i] = o->shnum++;
		snprintf(name, sizeof(name), ".rela%s", o->sec[i].name);
		shdr[o->rela_of[i]] = (Elf64_Shdr){
			.sh_name = strtab_add(shstr, &shstr_len, name),
			.sh_type = SHT_RELA, .sh_flags = SHF_INFO_LINK,
			.sh_offset = put(relas, n * sizeof(Elf64_Rela), 8),
			.sh_size = n * sizeof(Elf64_Rela), .sh_link = 0,
			.sh_info = i, .sh_addralign = 8,
			.sh_entsize = sizeof(Elf64_Rela),
		};
	}
	if (!o->no_symtab) {
		o->symtab = o->shnum++;
		o->strtab = o->shnum++;
		memset(&syms[0], 0, sizeof(syms[0]));
		for (i = 1; i <= o->nsym; i++) {
			struct bsym *s = &o->sym[i];

			syms[i] = (Elf64_Sym){
				.st_name = strtab_add(str, &str_len, s->name),
				.st_info = ELF64_ST_INFO(s->bind, s->type),
				.st_shndx = s->shndx, .st_value = s->value,
			};
			if (!first_global && s->bind != STB_LOCAL)
				first_global = i;
		}
		shdr[o->symtab] = (Elf64_Shdr){
			.sh_name = strtab_add(shstr, &shstr_len, ".symtab"),
			.sh_type = SHT_SYMTAB,
			.sh_offset = put(syms, (o->nsym + 1) * sizeof(Elf64_Sym), 8),
			.sh_size = (o->nsym + 1) * sizeof(Elf64_Sym),
			.sh_link = o->strtab,
			.sh_info = first_global ? first_global : o->nsym + 1,
			.sh_addralign = 8, .sh_entsize = sizeof(Elf64_Sym),
		};
		shdr[o->strtab] = (Elf64_Shdr){
			.sh_name = strtab_add(shstr, &shstr_len, ".strtab"),
			.sh_type = SHT_STRTAB, .sh_offset = put(str, str_len, 1),
			.sh_size = str_len, .sh_addralign = 1,
		};
		for (i = 1; i <= o->nsec; i++)
			if (o->rela_of[i])
				shdr[o->rela_of[i]].sh_link = o->symtab;
	}
	o->shstrtab = o->shnum++;
	shdr[o->shstrtab].sh_name = strtab_add(shstr, &shstr_len, ".shstrtab");
	shdr[o->shstrtab].sh_type = SHT_STRTAB;
	shdr[o->shstrtab].sh_offset = put(shstr, shstr_len, 1);
	shdr[o->shstrtab].sh_size = shstr_len;
	shdr[o->shstrtab].sh_addralign = 1;

	memset(&eh, 0, sizeof(eh));
	memcpy(eh.e_ident, ELFMAG, SELFMAG);
	eh.e_ident[EI_CLASS] = ELFCLASS64;
	eh.e_ident[EI_DATA] = ELFDATA2LSB;
	eh.e_ident[EI_VERSION] = EV_CURRENT;
	eh.e_type = ET_REL;
	eh.e_machine = EM_X86_64;
	eh.e_version = EV_CURRENT;
	eh.e_ehsize = sizeof(eh);
	eh.e_shentsize = sizeof(Elf64_Shdr);
	eh.e_shnum = o->shnum;
	eh.e_shstrndx = o->shstrtab;
	eh.e_shoff = put(shdr, o->shnum * sizeof(Elf64_Shdr), 8);
	memcpy(obuf, &eh, sizeof(eh));
}

static Elf64_Ehdr *eh(void)
{
	return (Elf64_Ehdr *)obuf;
}

static Elf64_Shdr *sh(int i)
{
	return (Elf64_Shdr *)(obuf + eh()->e_shoff) + i;
}

static Elf64_Sym *sym(const struct obj *o, int i)
{
	return (Elf64_Sym *)(obuf + sh(o->symtab)->sh_offset) + i;
}

/* Entry @j of the relocations of user section @sec. */
static Elf64_Rela *rela(const struct obj *o, int sec, int j)
{
	return (Elf64_Rela *)(obuf + sh(o->rela_of[sec])->sh_offset) + j;
}

/* ---- calling the loader ---------------------------------------------- */

static struct elf_load ld;
static u64 work[64];
static char msg[ELF_LOAD_MSG_SIZE];
static unsigned int work_count = 64;

static void dump(const void *p, size_t n)
{
	static int seq;
	const char *dir = getenv("ELF_LOAD_CORPUS");
	char path[512];
	FILE *f;

	if (!dir)
		return;
	snprintf(path, sizeof(path), "%s/unit-%03d.o", dir, seq++);
	f = fopen(path, "wb");
	if (f) {
		fwrite(p, 1, n, f);
		fclose(f);
	}
}

static int parse_buf(const void *p, size_t n)
{
	dump(p, n);
	memset(msg, 'X', sizeof(msg));
	return elf_load_parse(&ld, p, n, work, work_count, msg, sizeof(msg));
}

static int parse(void)
{
	return parse_buf(obuf, olen);
}

struct imp {
	const char *name;
	u64 addr;
};

static int resolve_calls;

static int resolve(void *cookie, const char *name, u64 *addr)
{
	const struct imp *t = cookie;

	resolve_calls++;
	for (; t && t->name; t++) {
		if (!strcmp(t->name, name)) {
			*addr = t->addr;
			return 0;
		}
	}
	return -1;
}

static u8 image[1 << 16] __attribute__((aligned(4096)));

static u64 rd64(const u8 *p)
{
	u64 v;

	memcpy(&v, p, 8);
	return v;
}

static u32 rd32(const u8 *p)
{
	u32 v;

	memcpy(&v, p, 4);
	return v;
}

/* Parse must refuse with @err, errno @ret and a message containing @needle. */
static void refused(const char *what, int ret, enum elf_load_err err, const char *needle)
{
	int got = parse();

	TAP_OK(got == ret && ld.err == err && strstr(msg, needle) && !strchr(msg, '\n'),
	       "refused: %s -> \"%s\"", what, msg);
	if (got != ret || ld.err != err)
		printf("#   got ret %d err %d, want ret %d err %d\n", got, ld.err, ret, err);
}

/* Parse must accept, then relocation refuse likewise. */
static void reloc_refused(const char *what, u64 base, const struct imp *imps,
			  int ret, enum elf_load_err err, const char *needle)
{
	int p = parse(), got = -1;

	if (!p)
		got = elf_load_relocate(&ld, image, sizeof(image), base, resolve,
					(void *)imps);
	TAP_OK(!p && got == ret && ld.err == err && strstr(msg, needle),
	       "refused: %s -> \"%s\"", what, msg);
	if (p || got != ret || ld.err != err)
		printf("#   parse %d, got ret %d err %d, want ret %d err %d\n",
		       p, got, ld.err, ret, err);
}

/* ---- the standard synthetic object ----------------------------------- */

enum { S_TEXT = 1, S_RODATA, S_DATA, S_BSS, S_UNLIKELY, S_MODINFO, S_COMMENT,
       S_THIS_MODULE, S_KSYMTAB, S_NOTE };
enum { Y_TEXT = 1, Y_RODATA, Y_HELPER, Y_LICENSE, Y_ENTRY, Y_BUF, Y_KPUTS,
       Y_KVALUE, Y_OPTIONAL, Y_ABS, Y_THIS_MODULE, Y_PTR };

static u8 text[64], unlikely[16], rodata[16] = "hello", data[32];
static const char modinfo[] = "license=GPL";
static const char comment[] = "GCC: test";
static u8 this_module[64], ksymtab[12], note[16];

static const struct imp std_imps[] = {
	{ "kputs", 0xffffffff81000100ULL },
	{ "kvalue", 0xffffffff82000000ULL },
	{ "__this_module", 0xffffffffc1000000ULL },
	{ NULL, 0 },
};

static void std_obj(struct obj *o)
{
	memset(o, 0, sizeof(*o));
	memset(text, 0x90, sizeof(text));
	memset(unlikely, 0xc3, sizeof(unlikely));
	add_sec(o, ".text", SHT_PROGBITS, SHF_ALLOC | SHF_EXECINSTR, text, 64, 16);
	add_sec(o, ".rodata", SHT_PROGBITS, SHF_ALLOC, rodata, 16, 8);
	add_sec(o, ".data", SHT_PROGBITS, SHF_ALLOC | SHF_WRITE, data, 32, 8);
	add_sec(o, ".bss", SHT_NOBITS, SHF_ALLOC | SHF_WRITE, NULL, 100, 64);
	add_sec(o, ".text.unlikely", SHT_PROGBITS, SHF_ALLOC | SHF_EXECINSTR,
		unlikely, 16, 1);
	add_sec(o, ".modinfo", SHT_PROGBITS, SHF_ALLOC, modinfo, sizeof(modinfo), 1);
	add_sec(o, ".comment", SHT_PROGBITS, SHF_MERGE | SHF_STRINGS, comment,
		sizeof(comment), 1);
	add_sec(o, ".gnu.linkonce.this_module", SHT_PROGBITS, SHF_ALLOC | SHF_WRITE,
		this_module, sizeof(this_module), 64);
	add_sec(o, "__ksymtab_gpl", SHT_PROGBITS, SHF_ALLOC, ksymtab, sizeof(ksymtab), 4);
	add_sec(o, ".note.gnu.property", SHT_NOTE, SHF_ALLOC, note, sizeof(note), 8);

	add_sym(o, "", STB_LOCAL, STT_SECTION, S_TEXT, 0);
	add_sym(o, "", STB_LOCAL, STT_SECTION, S_RODATA, 0);
	add_sym(o, "helper", STB_LOCAL, STT_FUNC, S_UNLIKELY, 0);
	add_sym(o, "license", STB_LOCAL, STT_OBJECT, S_MODINFO, 0);
	add_sym(o, "entry", STB_GLOBAL, STT_FUNC, S_TEXT, 0x10);
	add_sym(o, "buf", STB_GLOBAL, STT_OBJECT, S_BSS, 0x20);
	add_sym(o, "kputs", STB_GLOBAL, STT_NOTYPE, SHN_UNDEF, 0);
	add_sym(o, "kvalue", STB_GLOBAL, STT_NOTYPE, SHN_UNDEF, 0);
	add_sym(o, "optional", STB_WEAK, STT_NOTYPE, SHN_UNDEF, 0);
	add_sym(o, "abs_sym", STB_GLOBAL, STT_NOTYPE, SHN_ABS, 0x12345678);
	add_sym(o, "__this_module", STB_GLOBAL, STT_OBJECT, S_THIS_MODULE, 0);
	add_sym(o, "ptr", STB_GLOBAL, STT_OBJECT, S_DATA, 0);

	add_rel(o, S_TEXT, 0x01, Y_KPUTS, R_X86_64_PLT32, -4);
	add_rel(o, S_TEXT, 0x06, Y_RODATA, R_X86_64_PC32, 2 - 4);
	add_rel(o, S_TEXT, 0x0a, Y_BUF, R_X86_64_32S, 0);
	add_rel(o, S_TEXT, 0x0e, Y_HELPER, R_X86_64_PLT32, -4);
	add_rel(o, S_TEXT, 0x12, Y_ABS, R_X86_64_32, 0);
	add_rel(o, S_TEXT, 0x16, Y_KPUTS, R_X86_64_NONE, 0);
	add_rel(o, S_DATA, 0, Y_RODATA, R_X86_64_64, 0);
	add_rel(o, S_DATA, 8, Y_KVALUE, R_X86_64_64, 16);
	add_rel(o, S_DATA, 16, Y_ENTRY, R_X86_64_PC64, 0);
	add_rel(o, S_DATA, 24, Y_OPTIONAL, R_X86_64_64, 0);
	add_rel(o, S_RODATA, 8, Y_THIS_MODULE, R_X86_64_64, 0);
	/* Skipped sections: their relocations are neither checked nor applied. */
	add_rel(o, S_THIS_MODULE, 0, Y_ENTRY, R_X86_64_64, 0);
	add_rel(o, S_KSYMTAB, 0, Y_ENTRY, R_X86_64_GOTPCREL, 0);
}

static void test_good(void)
{
	struct obj o;
	u64 off, addr, b = TOP;
	int ret;

	std_obj(&o);
	build(&o);
	TAP_EQ(elf_load_section_count(obuf, olen), o.shnum,
	       "section count read from the header");
	ret = parse();
	TAP_OK(ret == 0 && ld.err == ELF_LOAD_OK && !msg[0],
	       "good object with text, rodata, data, bss and .ko sections accepted (%s)", msg);
	TAP_EQ(ld.group[ELF_LOAD_TEXT].offset, 0, "text at 0");
	TAP_EQ(ld.group[ELF_LOAD_TEXT].size, 80, "text: .text (64) and .text.unlikely (16)");
	TAP_EQ(ld.group[ELF_LOAD_RODATA].offset, PAGE, "rodata on the next page");
	TAP_EQ(ld.group[ELF_LOAD_RODATA].size, 16, "rodata: .rodata only (.modinfo, __ksymtab, notes skipped)");
	TAP_EQ(ld.group[ELF_LOAD_DATA].offset, 2 * PAGE, "data on the next page");
	TAP_EQ(ld.group[ELF_LOAD_DATA].size, 32, "data: .data only (.gnu.linkonce.this_module skipped)");
	TAP_EQ(ld.group[ELF_LOAD_BSS].offset, 3 * PAGE, "bss on the next page");
	TAP_EQ(ld.group[ELF_LOAD_BSS].size, 100, "bss size");
	TAP_EQ(ld.size, 4 * PAGE, "image size: four pages");
	TAP_OK(!elf_load_section(&ld, S_UNLIKELY, &off) && off == 64,
	       ".text.unlikely right after .text");
	TAP_OK(elf_load_section(&ld, S_MODINFO, &off) == -ENOENT &&
	       elf_load_section(&ld, S_THIS_MODULE, &off) == -ENOENT &&
	       elf_load_section(&ld, S_KSYMTAB, &off) == -ENOENT &&
	       elf_load_section(&ld, S_NOTE, &off) == -ENOENT &&
	       elf_load_section(&ld, S_COMMENT, &off) == -ENOENT &&
	       elf_load_section(&ld, o.symtab, &off) == -ENOENT &&
	       elf_load_section(&ld, 999, &off) == -ENOENT,
	       "module metadata, notes, non-allocated sections are not in the image");
	TAP_EQ(elf_load_symbol(&ld, "entry", &addr), -EINVAL,
	       "symbols cannot be looked up before relocation");

	memset(image, 0xaa, sizeof(image));
	resolve_calls = 0;
	ret = elf_load_relocate(&ld, image, ld.size, b, resolve, (void *)std_imps);
	TAP_OK(ret == 0, "relocated at %#llx (%s)", (unsigned long long)b, msg);
	TAP_OK(resolve_calls == 4, "resolver asked once per import use (%d)", resolve_calls);
	TAP_EQ(rd32(image + 0x01), (u32)(0xffffffff81000100ULL - 4 - (b + 1)),
	       "R_X86_64_PLT32 to an import");
	TAP_EQ(rd32(image + 0x06), PAGE + 2 - 4 - 6, "R_X86_64_PC32 to .rodata");
	TAP_EQ(rd32(image + 0x0a), (u32)(b + 3 * PAGE + 0x20),
	       "R_X86_64_32S to bss in the top 2 GB");
	TAP_EQ((s64)(s32)rd32(image + 0x0a), (s64)(b + 3 * PAGE + 0x20),
	       "... sign-extends back to the address");
	TAP_EQ(rd32(image + 0x0e), 64 - 4 - 0x0e,
	       "R_X86_64_PLT32 to a local function in another section");
	TAP_EQ(rd32(image + 0x12), 0x12345678, "R_X86_64_32 of an absolute symbol");
	TAP_EQ(rd32(image + 0x16), 0x90909090, "R_X86_64_NONE writes nothing");
	TAP_EQ(rd64(image + 2 * PAGE), b + PAGE, "R_X86_64_64: absolute pointer in data to rodata");
	TAP_EQ(rd64(image + 2 * PAGE + 8), 0xffffffff82000000ULL + 16,
	       "R_X86_64_64 to an imported variable, with addend");
	TAP_EQ(rd64(image + 2 * PAGE + 16), (b + 0x10) - (b + 2 * PAGE + 16),
	       "R_X86_64_PC64 to entry");
	TAP_EQ(rd64(image + 2 * PAGE + 24), 0, "weak import nobody provides is 0");
	TAP_EQ(rd64(image + PAGE + 8), 0xffffffffc1000000ULL,
	       "__this_module (defined in a skipped section) comes from the resolver");
	TAP_OK(!memcmp(image + PAGE, "hello", 6), "rodata copied");
	TAP_OK(!memcmp(image + 64, unlikely, 16), ".text.unlikely copied");
	TAP_OK(image[80] == 0 && image[PAGE - 1] == 0 && image[PAGE + 16] == 0 &&
	       image[3 * PAGE] == 0 && image[3 * PAGE + 99] == 0 && image[4 * PAGE - 1] == 0,
	       "bss and the gaps between groups are zeroed");
	TAP_EQ(image[4 * PAGE], 0xaa, "nothing written past the image");

	TAP_OK(!elf_load_symbol(&ld, "entry", &addr) && addr == b + 0x10,
	       "entry point found by name");
	TAP_OK(!elf_load_symbol(&ld, "buf", &addr) && addr == b + 3 * PAGE + 0x20,
	       "global in bss found");
	TAP_OK(!elf_load_symbol(&ld, "abs_sym", &addr) && addr == 0x12345678,
	       "absolute symbol found");
	TAP_EQ(elf_load_symbol(&ld, "helper", &addr), -ENOENT, "local symbols are not exported");
	TAP_EQ(elf_load_symbol(&ld, "kputs", &addr), -ENOENT, "imports are not exported");
	TAP_EQ(elf_load_symbol(&ld, "__this_module", &addr), -ENOENT,
	       "symbols of skipped sections are not exported");
	TAP_EQ(elf_load_symbol(&ld, "nonexistent", &addr), -ENOENT, "unknown name");

	/* The same object, low in the address space, 32-bit fields still fit. */
	ret = elf_load_relocate(&ld, image, sizeof(image), 0x400000,
				resolve, (void *)(const struct imp[]){
					{ "kputs", 0x500000 }, { "kvalue", 0x600000 },
					{ "__this_module", 0x700000 }, { NULL, 0 } });
	TAP_OK(ret == 0 && rd32(image + 0x0a) == 0x400000 + 3 * PAGE + 0x20,
	       "relocated again at 0x400000 (%s)", msg);

	/* 32S at the very top: the image ends at 2^64. */
	b = 0 - 4 * PAGE;
	ret = elf_load_relocate(&ld, image, sizeof(image), b, resolve,
				(void *)(const struct imp[]){
					{ "kputs", b - 0x1000 }, { "kvalue", 0 },
					{ "__this_module", 0 }, { NULL, 0 } });
	TAP_OK(ret == 0 && rd32(image + 0x0a) == (u32)(b + 3 * PAGE + 0x20) &&
	       (s64)(s32)rd32(image + 0x0a) == (s64)(b + 3 * PAGE + 0x20),
	       "R_X86_64_32S at the last pages of the address space (%s)", msg);

	/* Without a message buffer. */
	TAP_OK(!elf_load_parse(&ld, obuf, olen, work, 64, NULL, 0) &&
	       elf_load_parse(&ld, obuf, 10, work, 64, NULL, 0) == -ENOEXEC &&
	       ld.err == ELF_LOAD_E_TRUNCATED, "no message buffer is fine");
}

static void test_small_cases(void)
{
	struct obj o;

	memset(&o, 0, sizeof(o));
	o.no_symtab = true;
	build(&o);
	TAP_OK(!parse() && ld.size == 0, "object with no sections but the name table: empty image");
	TAP_OK(!elf_load_relocate(&ld, NULL, 0, TOP, NULL, NULL),
	       "empty image relocates into nothing");

	TAP_EQ(elf_load_section_count(obuf, 10), 0, "section count of a truncated object is 0");
	TAP_OK(!strcmp(elf_load_reloc_name(R_X86_64_PLT32), "R_X86_64_PLT32") &&
	       !strcmp(elf_load_reloc_name(R_X86_64_REX_GOTPCRELX), "R_X86_64_REX_GOTPCRELX") &&
	       !strcmp(elf_load_reloc_name(1000), "unknown"),
	       "relocation names");

	/* A section of each writable/executable combination, alignment kept. */
	memset(&o, 0, sizeof(o));
	add_sec(&o, ".text", SHT_PROGBITS, SHF_ALLOC | SHF_EXECINSTR, text, 3, 1);
	add_sec(&o, ".text.b", SHT_PROGBITS, SHF_ALLOC | SHF_EXECINSTR, text, 5, 32);
	add_sec(&o, ".init_array", SHT_INIT_ARRAY, SHF_ALLOC | SHF_WRITE, data, 8, 8);
	add_sec(&o, ".data.page", SHT_PROGBITS, SHF_ALLOC | SHF_WRITE, data, 8, PAGE);
	add_sec(&o, ".rodata.zero", SHT_NOBITS, SHF_ALLOC, NULL, 10, 4);
	build(&o);
	TAP_OK(!parse(), "INIT_ARRAY, page-aligned data and read-only NOBITS accepted (%s)", msg);
	{
		u64 a, b2, c, d, e;

		elf_load_section(&ld, 1, &a);
		elf_load_section(&ld, 2, &b2);
		elf_load_section(&ld, 3, &c);
		elf_load_section(&ld, 4, &d);
		elf_load_section(&ld, 5, &e);
		TAP_OK(a == 0 && b2 == 32 && e == PAGE && c == 2 * PAGE && d == 3 * PAGE &&
		       ld.group[ELF_LOAD_DATA].size == PAGE + 8 && ld.size == 4 * PAGE &&
		       ld.group[ELF_LOAD_BSS].offset == 4 * PAGE && ld.group[ELF_LOAD_BSS].size == 0,
		       "alignment honoured within groups, empty bss group at the end");
		memset(image, 0xaa, 5 * PAGE);
		TAP_OK(!elf_load_relocate(&ld, image, 4 * PAGE, TOP, NULL, NULL) &&
		       image[PAGE] == 0 && image[PAGE + 9] == 0,
		       "read-only NOBITS zero-filled in rodata");
	}

	/* Many sections: more than the caller's work array. */
	std_obj(&o);
	build(&o);
	work_count = 5;
	refused("more sections than the work array", -E2BIG, ELF_LOAD_E_TOO_MANY,
		"sections, more than the 5 the caller allows");
	work_count = 64;

	/* Relocate before parse, after a failed parse. */
	memset(&ld, 0, sizeof(ld));
	ld.msg = msg;
	ld.msg_size = sizeof(msg);
	TAP_OK(elf_load_relocate(&ld, image, sizeof(image), TOP, NULL, NULL) == -EINVAL &&
	       ld.err == ELF_LOAD_E_ARG, "relocate without a parsed object refused: %s", msg);
}

/* ---- every refusal --------------------------------------------------- */

static void test_header_refusals(void)
{
	struct obj o;

	std_obj(&o);
	build(&o);
	dump(obuf, 63);
	TAP_OK(elf_load_parse(&ld, obuf, 63, work, 64, msg, sizeof(msg)) == -ENOEXEC &&
	       ld.err == ELF_LOAD_E_TRUNCATED &&
	       !strcmp(msg, "object is 63 bytes, shorter than the 64-byte ELF header"),
	       "refused: truncated header -> \"%s\"", msg);
	TAP_OK(elf_load_parse(&ld, NULL, 100, work, 64, msg, sizeof(msg)) == -ENOEXEC &&
	       ld.err == ELF_LOAD_E_TRUNCATED, "refused: NULL object -> \"%s\"", msg);

	obuf[1] = 'X';
	refused("bad magic", -ENOEXEC, ELF_LOAD_E_MAGIC, "not an ELF file (bad magic)");
	build(&o);
	obuf[EI_CLASS] = ELFCLASS32;
	refused("32-bit class", -ENOEXEC, ELF_LOAD_E_CLASS, "ELF class 1 is not ELFCLASS64");
	build(&o);
	obuf[EI_DATA] = ELFDATA2MSB;
	refused("big-endian", -ENOEXEC, ELF_LOAD_E_ENDIAN, "data encoding 2 is not little-endian");
	build(&o);
	eh()->e_version = 2;
	refused("ELF version", -ENOEXEC, ELF_LOAD_E_VERSION, "ELF version 1/2 is not 1");
	build(&o);
	eh()->e_type = ET_DYN;
	refused("shared object", -ENOEXEC, ELF_LOAD_E_TYPE, "ELF type 3 is not ET_REL");
	build(&o);
	eh()->e_type = ET_EXEC;
	refused("executable", -ENOEXEC, ELF_LOAD_E_TYPE, "ELF type 2 is not ET_REL");
	build(&o);
	eh()->e_machine = EM_386;
	refused("i386 machine", -ENOEXEC, ELF_LOAD_E_MACHINE, "machine 3 is not EM_X86_64");
	build(&o);
	eh()->e_ehsize = 52;
	refused("ELF header size", -ENOEXEC, ELF_LOAD_E_HDRSIZE, "ELF header size 52, want 64");
	build(&o);
	eh()->e_shentsize = 40;
	refused("section header size", -ENOEXEC, ELF_LOAD_E_HDRSIZE,
		"section header size 40, want 64");
	build(&o);
	eh()->e_shoff = 0;
	refused("no section header table", -ENOEXEC, ELF_LOAD_E_SHTAB, "no section header table");
	build(&o);
	eh()->e_shnum = 0;
	refused("extended section numbering", -ENOEXEC, ELF_LOAD_E_XNUM, "e_shnum 0");
	build(&o);
	eh()->e_shoff = olen - 100;
	refused("section header table past the end", -ENOEXEC, ELF_LOAD_E_SHTAB,
		"entries of 64 bytes, outside the");
	build(&o);
	eh()->e_shoff = 0xffffffffffffffc0ULL;
	refused("section header table offset wraps", -ENOEXEC, ELF_LOAD_E_SHTAB,
		"section header table at 0xffffffffffffffc0");
	build(&o);
	eh()->e_shnum = 0xfff0;
	refused("section count past the end", -ENOEXEC, ELF_LOAD_E_SHTAB, "65520 entries");
	build(&o);
	eh()->e_shoff = 8;
	refused("section header table over the ELF header", -ENOEXEC, ELF_LOAD_E_OVERLAP,
		"overlaps the ELF header");
	build(&o);
	eh()->e_shstrndx = SHN_XINDEX;
	refused("SHN_XINDEX name table", -ENOEXEC, ELF_LOAD_E_XNUM, "SHN_XINDEX");
	build(&o);
	eh()->e_shstrndx = o.shnum;
	refused("name table index past the sections", -ENOEXEC, ELF_LOAD_E_SHSTRNDX,
		"out of range");
	build(&o);
	eh()->e_shstrndx = 0;
	refused("name table index 0", -ENOEXEC, ELF_LOAD_E_SHSTRNDX, "index 0 out of range");
	build(&o);
	eh()->e_shstrndx = S_TEXT;
	refused("name table not SHT_STRTAB", -ENOEXEC, ELF_LOAD_E_STRTAB,
		"section name table (section 1) is of type 1, not SHT_STRTAB");
	build(&o);
	obuf[sh(o.shstrtab)->sh_offset + sh(o.shstrtab)->sh_size - 1] = 'x';
	refused("name table not NUL-terminated", -ENOEXEC, ELF_LOAD_E_STRTAB,
		"section name table (section");
	build(&o);
	sh(o.shstrtab)->sh_size = 0;
	refused("empty name table", -ENOEXEC, ELF_LOAD_E_STRTAB, "is empty or not NUL-terminated");
	build(&o);
	sh(o.shstrtab)->sh_offset = olen;
	refused("name table outside the object", -ENOEXEC, ELF_LOAD_E_SEC_BOUNDS,
		"section name table");
}

static void test_section_refusals(void)
{
	struct obj o;

	std_obj(&o);
	build(&o);
	sh(S_DATA)->sh_name = 5000;
	refused("section name offset out of bounds", -ENOEXEC, ELF_LOAD_E_NAME,
		"section 3: name offset 5000 outside the section name table");
	build(&o);
	sh(S_RODATA)->sh_offset = olen - 8;
	refused("section contents past the end", -ENOEXEC, ELF_LOAD_E_SEC_BOUNDS,
		"section 2 (.rodata): contents at");
	build(&o);
	sh(S_RODATA)->sh_size = 0xffffffffffffff00ULL;
	refused("section size wraps the offset", -ENOEXEC, ELF_LOAD_E_SEC_BOUNDS,
		"0xffffffffffffff00 bytes, outside the");
	build(&o);
	sh(S_COMMENT)->sh_offset = olen + 1;
	sh(S_COMMENT)->sh_size = 0;
	refused("empty section starting past the end", -ENOEXEC, ELF_LOAD_E_SEC_BOUNDS,
		"section 7 (.comment)");
	build(&o);
	sh(S_RODATA)->sh_offset = sh(S_TEXT)->sh_offset + 8;
	refused("overlapping section contents", -ENOEXEC, ELF_LOAD_E_OVERLAP,
		"sections 1 (.text) and 2 (.rodata) overlap in the file");
	build(&o);
	sh(S_COMMENT)->sh_offset = eh()->e_shoff + 64;
	refused("section over the section header table", -ENOEXEC, ELF_LOAD_E_OVERLAP,
		"section 7 (.comment) overlaps the section header table");
	build(&o);
	sh(S_DATA)->sh_offset = 0;
	refused("section over the ELF header", -ENOEXEC, ELF_LOAD_E_OVERLAP,
		"section 3 (.data) overlaps the ELF header");
	build(&o);
	sh(S_DATA)->sh_addralign = 24;
	refused("alignment not a power of two", -ENOEXEC, ELF_LOAD_E_ALIGN,
		"section 3 (.data): alignment 24 is not a power of two");
	build(&o);
	sh(S_DATA)->sh_addralign = 2 * PAGE;
	refused("alignment above a page", -ENOEXEC, ELF_LOAD_E_ALIGN,
		"alignment 8192 is larger than a page");
	build(&o);
	sh(S_COMMENT)->sh_addralign = 8192;
	TAP_OK(!parse(), "large alignment of a section not loaded is fine (%s)", msg);
	build(&o);
	sh(o.rela_of[S_TEXT])->sh_type = SHT_REL;
	refused("SHT_REL", -ENOEXEC, ELF_LOAD_E_SEC_TYPE, "SHT_REL relocations are not supported");
	build(&o);
	sh(S_DATA)->sh_flags |= SHF_TLS;
	refused("TLS section", -ENOEXEC, ELF_LOAD_E_SEC_TYPE,
		"section 3 (.data): thread-local storage is not supported");
	build(&o);
	sh(S_DATA)->sh_flags |= SHF_EXECINSTR;
	refused("writable and executable section", -ENOEXEC, ELF_LOAD_E_SEC_TYPE,
		"section 3 (.data) is both writable and executable");
	build(&o);
	sh(S_DATA)->sh_type = SHT_DYNAMIC;
	refused("allocated section of an odd type", -ENOEXEC, ELF_LOAD_E_SEC_TYPE,
		"allocated section of type 0x6 is not supported");
	build(&o);
	sh(S_COMMENT)->sh_type = SHT_SYMTAB_SHNDX;
	refused("SHT_SYMTAB_SHNDX", -ENOEXEC, ELF_LOAD_E_XNUM,
		"extended symbol section indexes are not supported");
	build(&o);
	sh(S_COMMENT)->sh_type = SHT_STRTAB;
	sh(S_COMMENT)->sh_size -= 1;
	refused("other string table not NUL-terminated", -ENOEXEC, ELF_LOAD_E_STRTAB,
		"section 7 (.comment): string table is empty or not NUL-terminated");
	build(&o);
	sh(S_BSS)->sh_size = 1ULL << 62;
	refused("huge bss", -EFBIG, ELF_LOAD_E_TOO_BIG,
		"section 4 (.bss) of 0x4000000000000000 bytes makes the image larger than 1073741824 bytes");
	build(&o);
	sh(S_BSS)->sh_size = ELF_LOAD_MAX_IMAGE - 3 * PAGE;
	TAP_OK(!parse() && ld.size == ELF_LOAD_MAX_IMAGE,
	       "image of exactly the maximum accepted (%s)", msg);
	sh(S_BSS)->sh_size = ELF_LOAD_MAX_IMAGE - 3 * PAGE + 1;
	refused("one byte over the maximum", -EFBIG, ELF_LOAD_E_TOO_BIG, "section 4 (.bss)");
	sh(S_BSS)->sh_size = 0xfffffffffffff000ULL;
	refused("size that would wrap the layout", -EFBIG, ELF_LOAD_E_TOO_BIG, "section 4 (.bss)");
}

static void test_symbol_refusals(void)
{
	struct obj o;

	std_obj(&o);
	build(&o);
	sh(S_COMMENT)->sh_type = SHT_SYMTAB;
	refused("two symbol tables", -ENOEXEC, ELF_LOAD_E_SYMTAB,
		"more than one symbol table (sections 7 and");
	build(&o);
	sh(o.symtab)->sh_entsize = 16;
	refused("symbol entry size", -ENOEXEC, ELF_LOAD_E_SYMTAB, "symbol table entry size 16, want 24");
	build(&o);
	sh(o.symtab)->sh_size -= 1;
	refused("symbol table size", -ENOEXEC, ELF_LOAD_E_SYMTAB, "is not a multiple of 24");
	build(&o);
	sh(o.symtab)->sh_link = o.shnum;
	refused("symbol string table index", -ENOEXEC, ELF_LOAD_E_SYMTAB,
		"symbol table's string table index");
	build(&o);
	sh(o.symtab)->sh_link = S_TEXT;
	refused("symbol string table of the wrong type", -ENOEXEC, ELF_LOAD_E_STRTAB,
		"symbol string table (section 1) is of type 1, not SHT_STRTAB");
	build(&o);
	sh(o.symtab)->sh_info = o.nsym + 2;
	refused("first global beyond the symbols", -ENOEXEC, ELF_LOAD_E_SYMTAB,
		"first global symbol");
	build(&o);
	sym(&o, Y_ENTRY)->st_name = 9999;
	refused("symbol name out of bounds", -ENOEXEC, ELF_LOAD_E_NAME,
		"symbol 5: name offset 9999 outside the string table");
	build(&o);
	sym(&o, Y_ENTRY)->st_shndx = 200;
	refused("symbol section index out of range", -ENOEXEC, ELF_LOAD_E_SYM_SHNDX,
		"symbol 5 (entry): section index 200 out of range");
	build(&o);
	sym(&o, Y_ENTRY)->st_shndx = SHN_LORESERVE + 5;
	refused("reserved symbol section index", -ENOEXEC, ELF_LOAD_E_SYM_SHNDX,
		"section index 65285 out of range");
	build(&o);
	sym(&o, Y_BUF)->st_shndx = SHN_COMMON;
	refused("common symbol", -ENOEXEC, ELF_LOAD_E_SYM_KIND,
		"symbol 6 (buf) is a common symbol; build with -fno-common");
	build(&o);
	sym(&o, Y_BUF)->st_info = ELF64_ST_INFO(STB_GLOBAL, STT_COMMON);
	refused("STT_COMMON symbol", -ENOEXEC, ELF_LOAD_E_SYM_KIND, "is a common symbol");
	build(&o);
	sym(&o, Y_BUF)->st_shndx = SHN_XINDEX;
	refused("SHN_XINDEX symbol", -ENOEXEC, ELF_LOAD_E_XNUM,
		"symbol 6 (buf): extended section index");
	build(&o);
	sym(&o, Y_BUF)->st_info = ELF64_ST_INFO(STB_GLOBAL, STT_TLS);
	refused("TLS symbol", -ENOEXEC, ELF_LOAD_E_SYM_KIND, "symbol 6 (buf): type 6 is not supported");
	build(&o);
	sym(&o, Y_ENTRY)->st_info = ELF64_ST_INFO(STB_GLOBAL, STT_GNU_IFUNC);
	refused("ifunc symbol", -ENOEXEC, ELF_LOAD_E_SYM_KIND, "type 10 is not supported");
	build(&o);
	sym(&o, Y_ENTRY)->st_info = ELF64_ST_INFO(5, STT_FUNC);
	refused("unknown binding", -ENOEXEC, ELF_LOAD_E_SYM_KIND,
		"symbol 5 (entry): binding 5 is not supported");
	build(&o);
	sym(&o, Y_HELPER)->st_shndx = SHN_UNDEF;
	refused("local undefined symbol", -ENOEXEC, ELF_LOAD_E_SYM_KIND,
		"symbol 3 (helper) is local and undefined");
	build(&o);
	sym(&o, Y_BUF)->st_value = 101;
	refused("symbol beyond its section", -ENOEXEC, ELF_LOAD_E_SYM_VALUE,
		"symbol 6 (buf): value 0x65 beyond the end of section 4 (.bss, 100 bytes)");
	build(&o);
	sym(&o, Y_BUF)->st_value = 100;
	TAP_OK(!parse(), "symbol at the very end of its section is fine (%s)", msg);
	build(&o);
	sym(&o, Y_LICENSE)->st_value = 1000;
	TAP_OK(!parse(), "value of a symbol in a skipped section is not checked (%s)", msg);
}

static void test_reloc_refusals(void)
{
	struct obj o;

	std_obj(&o);
	build(&o);
	sh(o.rela_of[S_TEXT])->sh_entsize = 16;
	refused("relocation entry size", -ENOEXEC, ELF_LOAD_E_RELA,
		"(.rela.text): relocation entry size 16, want 24");
	build(&o);
	sh(o.rela_of[S_TEXT])->sh_size -= 8;
	refused("relocation section size", -ENOEXEC, ELF_LOAD_E_RELA, "is not a multiple of 24");
	build(&o);
	sh(o.rela_of[S_TEXT])->sh_link = o.strtab;
	refused("relocation symbol table link", -ENOEXEC, ELF_LOAD_E_RELA,
		"(.rela.text): symbol table link");
	build(&o);
	sh(o.rela_of[S_TEXT])->sh_info = o.shnum + 3;
	refused("relocation target out of range", -ENOEXEC, ELF_LOAD_E_RELA,
		"(.rela.text): target section");
	build(&o);
	sh(o.rela_of[S_TEXT])->sh_info = 0;
	refused("relocation target 0", -ENOEXEC, ELF_LOAD_E_RELA, "target section 0 out of range");
	build(&o);
	sh(o.rela_of[S_TEXT])->sh_info = S_BSS;
	refused("relocations for a NOBITS section", -ENOEXEC, ELF_LOAD_E_RELA,
		"target section 4 (.bss) has no contents");
	build(&o);
	sh(o.rela_of[S_THIS_MODULE])->sh_link = 0;
	refused("relocation section of a skipped section still checked", -ENOEXEC,
		ELF_LOAD_E_RELA, "(.rela.gnu.linkonce.this_module): symbol table link 0");
	build(&o);
	rela(&o, S_TEXT, 2)->r_info = ELF64_R_INFO(o.nsym + 1, R_X86_64_32S);
	refused("relocation symbol index out of range", -ENOEXEC, ELF_LOAD_E_REL_SYM,
		"(.rela.text) entry 2: symbol index 13 beyond the 13 symbols");
	build(&o);
	rela(&o, S_TEXT, 2)->r_offset = 62;
	refused("relocation field past the end of its section", -ENOEXEC, ELF_LOAD_E_REL_OFFSET,
		"entry 2: 4-byte field at offset 0x3e outside section 1 (.text, 64 bytes)");
	build(&o);
	rela(&o, S_DATA, 0)->r_offset = 0xfffffffffffffffcULL;
	refused("relocation offset that wraps", -ENOEXEC, ELF_LOAD_E_REL_OFFSET,
		"8-byte field at offset 0xfffffffffffffffc outside section 3 (.data, 32 bytes)");
	build(&o);
	rela(&o, S_TEXT, 0)->r_info = ELF64_R_INFO(Y_KPUTS, R_X86_64_GOTPCREL);
	refused("GOT relocation", -ENOEXEC, ELF_LOAD_E_REL_TYPE,
		"entry 0: relocation type R_X86_64_GOTPCREL (9) is not supported");
	build(&o);
	rela(&o, S_TEXT, 0)->r_info = ELF64_R_INFO(Y_KPUTS, R_X86_64_TPOFF32);
	refused("TLS relocation", -ENOEXEC, ELF_LOAD_E_REL_TYPE, "R_X86_64_TPOFF32 (23)");
	build(&o);
	rela(&o, S_TEXT, 0)->r_info = ELF64_R_INFO(Y_KPUTS, 200);
	refused("unknown relocation type", -ENOEXEC, ELF_LOAD_E_REL_TYPE,
		"relocation type unknown (200) is not supported");
	build(&o);
	rela(&o, S_TEXT, 2)->r_info = ELF64_R_INFO(Y_LICENSE, R_X86_64_32S);
	refused("relocation to a local symbol of a skipped section", -ENOEXEC,
		ELF_LOAD_E_REL_SKIPPED,
		".text+0xa refers to license in section 6 (.modinfo), which is not loaded");

	std_obj(&o);
	o.no_symtab = true;
	build(&o);
	refused("relocations without a symbol table", -ENOEXEC, ELF_LOAD_E_RELA,
		"symbol table link 0 is not the symbol table");
}

static void test_relocate_refusals(void)
{
	static const struct imp low_kputs[] = {
		{ "kputs", 0x7fff00000000ULL }, { "kvalue", 0 }, { "__this_module", 0 }, { NULL, 0 },
	};
	static const struct imp low_imps[] = {
		{ "kputs", 0x7fff0000 }, { "kvalue", 0 }, { "__this_module", 0 }, { NULL, 0 },
	};
	static const struct imp no_kvalue[] = {
		{ "kputs", 0xffffffff81000000ULL }, { "__this_module", 0 }, { NULL, 0 },
	};
	struct obj o;

	std_obj(&o);
	build(&o);
	reloc_refused("unresolved symbol", TOP, no_kvalue, -ENOENT, ELF_LOAD_E_UNRESOLVED,
		      "undefined symbol kvalue (used at .data+0x8)");
	reloc_refused("no resolver at all", TOP, NULL, -ENOENT, ELF_LOAD_E_UNRESOLVED,
		      "undefined symbol kputs (used at .text+0x1)");
	reloc_refused("R_X86_64_PLT32 out of range", TOP, low_kputs, -ERANGE, ELF_LOAD_E_RANGE,
		      "R_X86_64_PLT32 at .text+0x1 against kputs: value 0x");
	/* The 32-bit relocation of abs_sym is fine; point it at buf instead. */
	rela(&o, S_TEXT, 4)->r_info = ELF64_R_INFO(Y_BUF, R_X86_64_32);
	reloc_refused("R_X86_64_32 of a top-2GB address", TOP, std_imps, -ERANGE,
		      ELF_LOAD_E_RANGE,
		      "R_X86_64_32 at .text+0x12 against buf: value 0xffffffffc0003020 does not fit in 32 bits (unsigned)");
	build(&o);
	reloc_refused("R_X86_64_32S below the top 2 GB", 0xffffffff7fffc000ULL, std_imps,
		      -ERANGE, ELF_LOAD_E_RANGE,
		      "R_X86_64_32S at .text+0xa against buf: value 0xffffffff7ffff020 does not fit in 32 bits (signed)");
	reloc_refused("R_X86_64_32S above 2 GB", 0x7fffe000ULL, low_imps, -ERANGE,
		      ELF_LOAD_E_RANGE,
		      "R_X86_64_32S at .text+0xa against buf: value 0x80001020 does not fit");
	rela(&o, S_TEXT, 0)->r_info = ELF64_R_INFO(Y_KPUTS, R_X86_64_PC32);
	reloc_refused("R_X86_64_PC32 out of range", TOP, low_kputs, -ERANGE, ELF_LOAD_E_RANGE,
		      "R_X86_64_PC32 at .text+0x1 against kputs");
	build(&o);
	rela(&o, S_TEXT, 1)->r_addend = 0x80000000LL;
	reloc_refused("R_X86_64_PC32 addend pushes it out of range", TOP, std_imps, -ERANGE,
		      ELF_LOAD_E_RANGE, "R_X86_64_PC32 at .text+0x6 against .rodata");

	/* Names from the object are cut and cleaned: one line, no overflow. */
	{
		char longname[201];

		memset(longname, 'n', 200);
		longname[200] = '\0';
		o.sym[Y_KPUTS].name = longname;
		build(&o);
		reloc_refused("unresolved 200-character name", TOP, NULL, -ENOENT,
			      ELF_LOAD_E_UNRESOLVED,
			      "nnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnn... (used at .text+0x1)");
		TAP_EQ(strlen(msg), 17 + 64 + 3 + 20, "long name cut at 64 characters");
		o.sym[Y_KPUTS].name = "bad\nname\x7f";
		build(&o);
		reloc_refused("name with control characters", TOP, NULL, -ENOENT,
			      ELF_LOAD_E_UNRESOLVED, "undefined symbol bad?name? (used");
		o.sym[Y_KPUTS].name = "kputs";
	}

	build(&o);
	TAP_OK(!parse() && elf_load_relocate(&ld, image, 4 * PAGE - 1, TOP, resolve,
					     (void *)std_imps) == -EINVAL &&
	       ld.err == ELF_LOAD_E_ARG &&
	       !strcmp(msg, "image of 16383 bytes is smaller than the 16384 bytes needed"),
	       "refused: image too small -> \"%s\"", msg);
	TAP_OK(elf_load_relocate(&ld, image, sizeof(image), TOP + 8, resolve,
				 (void *)std_imps) == -EINVAL &&
	       strstr(msg, "is not page-aligned"), "refused: unaligned base -> \"%s\"", msg);
	TAP_OK(elf_load_relocate(&ld, image, sizeof(image), 0 - PAGE, resolve,
				 (void *)std_imps) == -EINVAL &&
	       strstr(msg, "wraps around the address space"),
	       "refused: image wrapping past 2^64 -> \"%s\"", msg);
	TAP_OK(elf_load_relocate(&ld, NULL, sizeof(image), TOP, resolve,
				 (void *)std_imps) == -EINVAL, "refused: NULL image");
}

/* ---- the real object ------------------------------------------------- */

static int impl_add(int a, int b)
{
	return a * 100 + b;
}

static u64 fx_sec_addr(int i, u64 base)
{
	u64 off;

	if (elf_load_section(&ld, i, &off))
		return 0;
	return base + off;
}

/*
 * Check every applied relocation of the fixture in the image, computing
 * it independently of the loader from the object's own tables.
 */
static int verify_fixture(const u8 *img, u64 base, const struct imp *imps)
{
	const Elf64_Ehdr *e = (const Elf64_Ehdr *)elf_fixture;
	const Elf64_Shdr *shs = (const Elf64_Shdr *)(elf_fixture + e->e_shoff);
	int i, bad = 0, n = 0;
	u64 j;

	for (i = 0; i < e->e_shnum; i++) {
		const Elf64_Shdr *rs = &shs[i], *symtab;
		const char *strtab;
		u64 off;

		if (rs->sh_type != SHT_RELA || elf_load_section(&ld, rs->sh_info, &off))
			continue;
		symtab = &shs[rs->sh_link];
		strtab = (const char *)elf_fixture + shs[symtab->sh_link].sh_offset;
		for (j = 0; j < rs->sh_size / sizeof(Elf64_Rela); j++) {
			const Elf64_Rela *r = (const Elf64_Rela *)(elf_fixture + rs->sh_offset) + j;
			const Elf64_Sym *s = (const Elf64_Sym *)(elf_fixture + symtab->sh_offset) +
					     ELF64_R_SYM(r->r_info);
			u64 S = 0, P = base + off + r->r_offset, got, want;
			const u8 *field = img + off + r->r_offset;
			const struct imp *t;

			if (s->st_shndx == SHN_UNDEF) {
				for (t = imps; t->name; t++)
					if (!strcmp(t->name, strtab + s->st_name))
						S = t->addr;
			} else {
				S = fx_sec_addr(s->st_shndx, base) + s->st_value;
			}
			switch (ELF64_R_TYPE(r->r_info)) {
			case R_X86_64_64:
				want = S + r->r_addend;
				got = rd64(field);
				break;
			case R_X86_64_PC32:
			case R_X86_64_PLT32:
				want = (u32)(S + r->r_addend - P);
				got = rd32(field);
				break;
			case R_X86_64_32S:
				want = S + r->r_addend;
				got = (u64)(s64)(s32)rd32(field);
				break;
			default:
				want = 1;
				got = 0;
			}
			n++;
			if (got != want) {
				bad++;
				printf("#   section %d entry %llu type %u: got %#llx want %#llx\n",
				       rs->sh_info, (unsigned long long)j,
				       (unsigned int)ELF64_R_TYPE(r->r_info),
				       (unsigned long long)got, (unsigned long long)want);
			}
		}
	}
	return bad ? -bad : n;
}

static void test_fixture(void)
{
	static const struct imp top_imps[] = {
		{ "fx_import_add", 0xffffffff81234560ULL },
		{ "fx_import_value", 0xffffffff82000040ULL },
		{ NULL, 0 },
	};
	u64 addr, fx_table, base;
	u8 *mem;
	int n, i;

	TAP_OK(!parse_buf(elf_fixture, sizeof(elf_fixture)),
	       "real object (gcc -mcmodel=kernel) accepted (%s)", msg);
	TAP_OK(ld.group[ELF_LOAD_TEXT].size > 0 && ld.group[ELF_LOAD_RODATA].size > 0 &&
	       ld.group[ELF_LOAD_DATA].size == 32 && ld.group[ELF_LOAD_BSS].size == 4,
	       "real object: text %llu, rodata %llu, data %llu, bss %llu bytes",
	       (unsigned long long)ld.group[0].size, (unsigned long long)ld.group[1].size,
	       (unsigned long long)ld.group[2].size, (unsigned long long)ld.group[3].size);
	for (i = 0; i < ELF_LOAD_NR_GROUPS; i++)
		if (ld.group[i].offset % PAGE)
			break;
	TAP_OK(i == ELF_LOAD_NR_GROUPS && ld.group[1].offset >= ld.group[0].size &&
	       ld.group[2].offset >= ld.group[1].offset + ld.group[1].size &&
	       ld.group[3].offset >= ld.group[2].offset + ld.group[2].size &&
	       ld.size >= ld.group[3].offset + ld.group[3].size,
	       "real object: groups page-aligned, in order, inside the image");

	/* Top of the address space: every relocation checked independently. */
	memset(image, 0xaa, sizeof(image));
	TAP_OK(!elf_load_relocate(&ld, image, sizeof(image), TOP, resolve, (void *)top_imps),
	       "real object relocated at %#llx (%s)", TOP, msg);
	n = verify_fixture(image, TOP, top_imps);
	TAP_OK(n >= 15, "real object: all %d relocations (64, PC32, PLT32, 32S) hold the right values", n);
	TAP_OK(!elf_load_symbol(&ld, "fx_table", &fx_table) &&
	       !elf_load_symbol(&ld, "fx_table_ptr", &addr) &&
	       rd64(image + (addr - TOP)) == fx_table + 8,
	       "real object: absolute pointer in data points into the image");
	TAP_OK(!elf_load_symbol(&ld, "fx_switch", &addr) && addr >= TOP &&
	       addr < TOP + ld.group[ELF_LOAD_TEXT].size,
	       "real object: entry point fx_switch in text");

	/* An import out of reach of a 32-bit displacement. */
	TAP_OK(elf_load_relocate(&ld, image, sizeof(image), TOP, resolve,
				 (void *)(const struct imp[]){
					 { "fx_import_add", 0x7fff00001000ULL },
					 { "fx_import_value", 0xffffffff82000040ULL },
					 { NULL, 0 } }) == -ERANGE &&
	       strstr(msg, "R_X86_64_PLT32 at .text+0x") && strstr(msg, "against fx_import_add"),
	       "refused: real object calling an import in user space -> \"%s\"", msg);
	TAP_OK(elf_load_relocate(&ld, image, sizeof(image), TOP, resolve,
				 (void *)(const struct imp[]){
					 { "fx_import_add", 0xffffffff81234560ULL },
					 { NULL, 0 } }) == -ENOENT &&
	       strstr(msg, "undefined symbol fx_import_value"),
	       "refused: real object with an unresolved import -> \"%s\"", msg);

	/* Low in user space (32S fits below 2 GB too): load, protect, run. */
	mem = mmap(NULL, ld.size + 2 * PAGE, PROT_READ | PROT_WRITE,
		   MAP_PRIVATE | MAP_ANONYMOUS | MAP_32BIT, -1, 0);
	if (mem == MAP_FAILED) {
		tap_skip("run the real object: no memory below 2 GB");
		return;
	}
	base = (u64)(uintptr_t)mem;
	{
		u8 *stub = mem + ld.size;		/* movabs $impl_add, %rax; jmp *%rax */
		int *value = (int *)(mem + ld.size + PAGE);
		u64 target = (u64)(uintptr_t)impl_add;
		const struct imp low_imps[] = {
			{ "fx_import_add", base + ld.size },
			{ "fx_import_value", base + ld.size + PAGE },
			{ NULL, 0 },
		};
		int (*f1)(int), (*f2)(int, int), (*f0)(void);
		const char *(*fw)(int);
		long (*fl)(void);
		bool ok;

		stub[0] = 0x48;
		stub[1] = 0xb8;
		memcpy(stub + 2, &target, 8);
		stub[10] = 0xff;
		stub[11] = 0xe0;
		*value = 7;
		ok = !elf_load_relocate(&ld, mem, ld.size, base, resolve, (void *)low_imps);
		TAP_OK(ok, "real object relocated at %#llx below 2 GB (%s)",
		       (unsigned long long)base, msg);
		if (!ok)
			return;
		n = verify_fixture(mem, base, low_imps);
		TAP_OK(n >= 15, "real object at %#llx: all %d relocations right",
		       (unsigned long long)base, n);
		ok = !mprotect(mem + ld.group[ELF_LOAD_TEXT].offset, ld.group[ELF_LOAD_RODATA].offset,
			       PROT_READ | PROT_EXEC) &&
		     !mprotect(mem + ld.group[ELF_LOAD_RODATA].offset,
			       ld.group[ELF_LOAD_DATA].offset - ld.group[ELF_LOAD_RODATA].offset,
			       PROT_READ) &&
		     !mprotect(stub, PAGE, PROT_READ | PROT_EXEC);
		TAP_OK(ok, "text read-execute, rodata read-only, data and bss read-write");
		if (!ok)
			return;
#define FN(p, name) (elf_load_symbol(&ld, name, &addr) ? 0 : \
		     ((p) = (__typeof__(p))(uintptr_t)addr, 1))
		TAP_OK(FN(f2, "fx_call_import") && f2(2, 3) == 210,
		       "run: call to an imported function plus an imported variable");
		TAP_OK(FN(f1, "fx_helper") && f1(5) == 16 + 20,
		       "run: calls into another section and to a global function");
		TAP_OK(FN(f0, "fx_count") && f0() == 1 && f0() == 2, "run: bss counter");
		TAP_OK(FN(f1, "fx_read_table") && f1(1) == 50,
		       "run: data table and an absolute pointer in data");
		TAP_OK(FN(fw, "fx_word") && !strcmp(fw(1), "one") && !strcmp(fw(5), "two"),
		       "run: pointers to strings in rodata");
		TAP_OK(FN(f1, "fx_greet_char") && f1(1) == 'e', "run: 32S address of rodata");
		TAP_OK(FN(fl, "fx_table_addr") && !elf_load_symbol(&ld, "fx_table", &fx_table) &&
		       (u64)fl() == fx_table, "run: 32S address of data");
		TAP_OK(FN(f2, "fx_op") && f2(0, 4) == 13 && f2(1, 10) == 3,
		       "run: function pointers in rodata");
		TAP_OK(FN(f1, "fx_switch") && f1(0) == 11 && f1(7) == 88 && f1(9) == -1,
		       "run: switch table in rodata");
	}
	munmap(mem, ld.size + 2 * PAGE);
}

int main(void)
{
	test_good();
	test_small_cases();
	test_header_refusals();
	test_section_refusals();
	test_symbol_refusals();
	test_reloc_refusals();
	test_relocate_refusals();
	test_fixture();
	return tap_done();
}
