// SPDX-License-Identifier: GPL-2.0
/*
 * kernel/loader/elf_load.c - check, lay out and relocate an ELF64 x86-64
 * relocatable object for a domain (System V gABI, "Object Files"; x86-64
 * psABI 1.0, section 4.4 "Relocation").
 *
 * Pure logic. Every byte of the object is read through bounds-checked
 * little-endian accessors (the object need not be aligned), every field is
 * checked before it is used, and every write into the image is checked
 * against the image size again, so no input can make this code read or
 * write outside its buffers (tests/unit/fuzz_elf_load.c keeps it so).
 *
 * What is loaded: every SHF_ALLOC section, except those whose only reader
 * is the kernel's own module loader or its code-patching and unwinding
 * machinery, which a domain has no use for (see el_skip_names[]):
 * .gnu.linkonce.this_module (struct module), .modinfo, __versions,
 * __ksymtab* and __kcrctab* (exports to other modules: a domain exports
 * nothing by symbol table, the kernel finds its entry points with
 * elf_load_symbol()), __param, notes, and the tables of alternatives,
 * paravirt patches, jump labels, static calls, retpoline/return/call
 * sites, ENDBR seals, mcount locations, ORC unwind data, exception and
 * BUG tables. Loading those would also make the domain import kernel
 * objects (pv_ops, static keys) for nothing. Relocation sections aimed at
 * a section that is not loaded are checked but not applied. A relocation
 * in a loaded section that refers to a local symbol of a skipped section
 * refuses the load; a global symbol defined in a skipped section (e.g.
 * __this_module, which THIS_MODULE refers to) is treated as an import and
 * resolved through the caller's callback like an undefined one.
 *
 * Not supported, refused with a message: SHT_REL, thread-local storage,
 * ifunc and common symbols (the kernel's module loader refuses those too:
 * build with -fno-common), extended section numbering (65280 sections or
 * more), sections that are both writable and executable, alignment above
 * a page, GOT- and TLS-based relocation types.
 */
#include <lvd/compat.h>
#include "elf_load.h"

#define EL_EHDR_SIZE		64
#define EL_SHDR_SIZE		64
#define EL_SYM_SIZE		24
#define EL_RELA_SIZE		24

#define EL_ELFCLASS64		2
#define EL_ELFDATA2LSB		1
#define EL_EV_CURRENT		1
#define EL_ET_REL		1
#define EL_EM_X86_64		62

#define EL_SHT_NULL		0
#define EL_SHT_PROGBITS		1
#define EL_SHT_SYMTAB		2
#define EL_SHT_STRTAB		3
#define EL_SHT_RELA		4
#define EL_SHT_NOTE		7
#define EL_SHT_NOBITS		8
#define EL_SHT_REL		9
#define EL_SHT_INIT_ARRAY	14
#define EL_SHT_FINI_ARRAY	15
#define EL_SHT_PREINIT_ARRAY	16
#define EL_SHT_SYMTAB_SHNDX	18
#define EL_SHT_X86_64_UNWIND	0x70000001

#define EL_SHF_WRITE		0x1
#define EL_SHF_ALLOC		0x2
#define EL_SHF_EXECINSTR	0x4
#define EL_SHF_TLS		0x400

#define EL_SHN_UNDEF		0
#define EL_SHN_LORESERVE	0xff00
#define EL_SHN_ABS		0xfff1
#define EL_SHN_COMMON		0xfff2
#define EL_SHN_XINDEX		0xffff

#define EL_STB_LOCAL		0
#define EL_STB_GLOBAL		1
#define EL_STB_WEAK		2
#define EL_STB_GNU_UNIQUE	10

#define EL_STT_SECTION		3
#define EL_STT_FILE		4
#define EL_STT_COMMON		5
#define EL_STT_TLS		6
#define EL_STT_GNU_IFUNC	10

#define EL_R_NONE		0
#define EL_R_64			1
#define EL_R_PC32		2
#define EL_R_PLT32		4
#define EL_R_32			10
#define EL_R_32S		11
#define EL_R_PC64		24

#define EL_PAGE_MASK		(ELF_LOAD_PAGE_SIZE - 1)
/* Longest name quoted in a message, so its end stays readable. */
#define EL_NAME_MAX		64

/* For the "%llu"/"%llx" of the message formatter, whatever u64 is. */
#define EL_ULL(x)			((unsigned long long)(x))

/* A section header, decoded. */
struct el_shdr {
	u32 name;
	u32 type;
	u64 flags;
	u64 offset;
	u64 size;
	u32 link;
	u32 info;
	u64 align;
	u64 entsize;
};

/* A symbol table entry, decoded. */
struct el_sym {
	u32 name;
	u8 bind;
	u8 type;
	u16 shndx;
	u64 value;
};

/* A relocation with addend, decoded. */
struct el_rela {
	u64 offset;
	u32 sym;
	u32 type;
	u64 addend;
};

/* Sections only the kernel's module loader and patching code read. */
static const char * const el_skip_names[] = {
	".gnu.linkonce.this_module", ".modinfo", "__versions", "__param",
	".altinstructions", ".altinstr_replacement", ".parainstructions",
	".smp_locks", "__jump_table", ".static_call_sites",
	".retpoline_sites", ".return_sites", ".call_sites", ".ibt_endbr_seal",
	"__mcount_loc", "__patchable_function_entries", ".orc_unwind",
	".orc_unwind_ip", ".orc_header", "__ex_table", "__bug_table",
	".kcfi_traps",
};

static const char * const el_skip_prefixes[] = {
	"__ksymtab", "__kcrctab", ".note.",
};

/* x86-64 psABI relocation names, by number. */
static const char * const el_reloc_names[] = {
	"R_X86_64_NONE", "R_X86_64_64", "R_X86_64_PC32", "R_X86_64_GOT32",
	"R_X86_64_PLT32", "R_X86_64_COPY", "R_X86_64_GLOB_DAT",
	"R_X86_64_JUMP_SLOT", "R_X86_64_RELATIVE", "R_X86_64_GOTPCREL",
	"R_X86_64_32", "R_X86_64_32S", "R_X86_64_16", "R_X86_64_PC16",
	"R_X86_64_8", "R_X86_64_PC8", "R_X86_64_DTPMOD64",
	"R_X86_64_DTPOFF64", "R_X86_64_TPOFF64", "R_X86_64_TLSGD",
	"R_X86_64_TLSLD", "R_X86_64_DTPOFF32", "R_X86_64_GOTTPOFF",
	"R_X86_64_TPOFF32", "R_X86_64_PC64", "R_X86_64_GOTOFF64",
	"R_X86_64_GOTPC32", "R_X86_64_GOT64", "R_X86_64_GOTPCREL64",
	"R_X86_64_GOTPC64", "R_X86_64_GOTPLT64", "R_X86_64_PLTOFF64",
	"R_X86_64_SIZE32", "R_X86_64_SIZE64", "R_X86_64_GOTPC32_TLSDESC",
	"R_X86_64_TLSDESC_CALL", "R_X86_64_TLSDESC", "R_X86_64_IRELATIVE",
	"R_X86_64_RELATIVE64", "R_X86_64_PC32_BND", "R_X86_64_PLT32_BND",
	"R_X86_64_GOTPCRELX", "R_X86_64_REX_GOTPCRELX",
};

/**
 * elf_load_reloc_name() - the psABI name of an x86-64 relocation type
 * @type: ELF64_R_TYPE of a relocation
 *
 * Return: e.g. "R_X86_64_PC32", or "unknown" for a number the psABI does
 * not define.
 */
const char *elf_load_reloc_name(unsigned int type)
{
	if (type < ARRAY_SIZE(el_reloc_names))
		return el_reloc_names[type];
	return "unknown";
}

/* Field width of a supported relocation type, -1 if not supported. */
static int el_reloc_width(u32 type)
{
	switch (type) {
	case EL_R_NONE:
		return 0;
	case EL_R_64:
	case EL_R_PC64:
		return 8;
	case EL_R_PC32:
	case EL_R_PLT32:
	case EL_R_32:
	case EL_R_32S:
		return 4;
	default:
		return -1;
	}
}

/* ---- the message ------------------------------------------------------ */

struct el_out {
	char *buf;
	size_t size;
	size_t len;
};

static void el_putc(struct el_out *o, char c)
{
	if (o->len + 1 < o->size)
		o->buf[o->len++] = c;
}

/* A string from the object: control bytes shown as '?', long ones cut. */
static void el_puts(struct el_out *o, const char *s)
{
	unsigned int n;

	for (n = 0; s[n]; n++) {
		if (n == EL_NAME_MAX) {
			el_puts(o, "...");
			return;
		}
		el_putc(o, (u8)s[n] < 0x20 || (u8)s[n] >= 0x7f ? '?' : s[n]);
	}
}

static void el_putnum(struct el_out *o, unsigned long long v, unsigned int radix)
{
	char tmp[24];
	unsigned int n = 0;

	do {
		tmp[n++] = "0123456789abcdef"[v % radix];
		v /= radix;
	} while (v);
	while (n)
		el_putc(o, tmp[--n]);
}

/*
 * The message formatter: %s, %u (unsigned int), %llu and %llx (unsigned
 * long long, decimal and hex), %%. The format attribute lets the compiler
 * check every call.
 */
static void el_vformat(struct el_out *o, const char *fmt, __builtin_va_list ap)
{
	const char *s;

	while (*fmt) {
		if (*fmt != '%') {
			el_putc(o, *fmt++);
			continue;
		}
		fmt++;
		if (*fmt == 's') {
			s = __builtin_va_arg(ap, const char *);
			el_puts(o, s ? s : "(null)");
			fmt++;
		} else if (*fmt == 'u') {
			el_putnum(o, __builtin_va_arg(ap, unsigned int), 10);
			fmt++;
		} else if (fmt[0] == 'l' && fmt[1] == 'l' &&
			   (fmt[2] == 'u' || fmt[2] == 'x')) {
			el_putnum(o, __builtin_va_arg(ap, unsigned long long),
				  fmt[2] == 'x' ? 16 : 10);
			fmt += 3;
		} else if (*fmt == '%') {
			el_putc(o, '%');
			fmt++;
		} else {
			el_putc(o, '?');
			if (*fmt)
				fmt++;
		}
	}
}

/* errno for each refusal: -ENOEXEC unless the reason says otherwise. */
static int el_errno(enum elf_load_err err)
{
	switch (err) {
	case ELF_LOAD_OK:
		return 0;
	case ELF_LOAD_E_ARG:
		return -EINVAL;
	case ELF_LOAD_E_TOO_MANY:
		return -E2BIG;
	case ELF_LOAD_E_TOO_BIG:
		return -EFBIG;
	case ELF_LOAD_E_UNRESOLVED:
		return -ENOENT;
	case ELF_LOAD_E_RANGE:
		return -ERANGE;
	default:
		return -ENOEXEC;
	}
}

/* Refuse: record the reason, write the message, return the errno. */
static __printf(3, 4)
int el_fail(struct elf_load *ld, enum elf_load_err err, const char *fmt, ...)
{
	struct el_out o = { ld->msg, ld->msg_size, 0 };
	__builtin_va_list ap;

	ld->err = err;
	if (!o.buf || !o.size)
		return el_errno(err);
	__builtin_va_start(ap, fmt);
	el_vformat(&o, fmt, ap);
	__builtin_va_end(ap);
	o.buf[o.len] = '\0';
	return el_errno(err);
}

/* ---- reading the object ------------------------------------------------ */

/* Little-endian value of @n bytes at @off; the caller checked the bounds. */
static u64 el_rd(const struct elf_load *ld, u64 off, unsigned int n)
{
	const u8 *p = ld->obj + off;
	u64 v = 0;

	while (n--)
		v = (v << 8) | p[n];
	return v;
}

/* Section header @i (< shnum: the table was checked to lie in the object). */
static void el_shdr(const struct elf_load *ld, unsigned int i, struct el_shdr *sh)
{
	u64 p = ld->shoff + (u64)i * EL_SHDR_SIZE;

	sh->name = el_rd(ld, p, 4);
	sh->type = el_rd(ld, p + 4, 4);
	sh->flags = el_rd(ld, p + 8, 8);
	sh->offset = el_rd(ld, p + 24, 8);
	sh->size = el_rd(ld, p + 32, 8);
	sh->link = el_rd(ld, p + 40, 4);
	sh->info = el_rd(ld, p + 44, 4);
	sh->align = el_rd(ld, p + 48, 8);
	sh->entsize = el_rd(ld, p + 56, 8);
}

/* Whether a section's contents lie inside the object. */
static bool el_in_file(const struct elf_load *ld, const struct el_shdr *sh)
{
	return sh->offset <= ld->len && sh->size <= ld->len - sh->offset;
}

/*
 * String @off of string table @tab, or "?" when that is not a valid
 * string: checked on every use, so a message can never read outside the
 * object, whatever has been validated so far.
 */
static const char *el_str(const struct elf_load *ld, unsigned int tab, u64 off)
{
	struct el_shdr sh;

	if (!tab || tab >= ld->shnum)
		return "?";
	el_shdr(ld, tab, &sh);
	if (sh.type != EL_SHT_STRTAB || !sh.size || !el_in_file(ld, &sh) ||
	    ld->obj[sh.offset + sh.size - 1] || off >= sh.size)
		return "?";
	return (const char *)ld->obj + sh.offset + off;
}

static const char *el_secname(const struct elf_load *ld, unsigned int i)
{
	struct el_shdr sh;

	if (i >= ld->shnum)
		return "?";
	el_shdr(ld, i, &sh);
	return el_str(ld, ld->shstrndx, sh.name);
}

/* Symbol @i (< nsyms: the table was checked to lie in the object). */
static void el_sym(const struct elf_load *ld, unsigned int i, struct el_sym *sym)
{
	struct el_shdr sh;
	u64 p;

	el_shdr(ld, ld->symtab, &sh);
	p = sh.offset + (u64)i * EL_SYM_SIZE;
	sym->name = el_rd(ld, p, 4);
	sym->bind = el_rd(ld, p + 4, 1) >> 4;
	sym->type = el_rd(ld, p + 4, 1) & 0xf;
	sym->shndx = el_rd(ld, p + 6, 2);
	sym->value = el_rd(ld, p + 8, 8);
}

/* A symbol's name for messages: a section symbol goes by its section's. */
static const char *el_symname(const struct elf_load *ld, const struct el_sym *sym)
{
	const char *s;

	if (sym->type == EL_STT_SECTION)
		return el_secname(ld, sym->shndx);
	s = el_str(ld, ld->strtab, sym->name);
	return *s ? s : "(unnamed)";
}

static void el_rela(const struct elf_load *ld, const struct el_shdr *sh, u64 j,
		    struct el_rela *r)
{
	u64 p = sh->offset + j * EL_RELA_SIZE;
	u64 info = el_rd(ld, p + 8, 8);

	r->offset = el_rd(ld, p, 8);
	r->sym = info >> 32;
	r->type = (u32)info;
	r->addend = el_rd(ld, p + 16, 8);
}

static bool el_has_prefix(const char *s, const char *prefix)
{
	return !strncmp(s, prefix, strlen(prefix));
}

/* Allocated sections a domain does not get (see the top of the file). */
static bool el_skipped(const struct elf_load *ld, const struct el_shdr *sh)
{
	const char *name = el_str(ld, ld->shstrndx, sh->name);
	unsigned int i;

	if (sh->type == EL_SHT_NOTE)
		return true;
	for (i = 0; i < ARRAY_SIZE(el_skip_names); i++)
		if (!strcmp(name, el_skip_names[i]))
			return true;
	for (i = 0; i < ARRAY_SIZE(el_skip_prefixes); i++)
		if (el_has_prefix(name, el_skip_prefixes[i]))
			return true;
	return false;
}

/* The group of a section, or -1 if it is not part of the image. */
static int el_group(const struct elf_load *ld, const struct el_shdr *sh)
{
	if (!(sh->flags & EL_SHF_ALLOC) || el_skipped(ld, sh))
		return -1;
	if (sh->flags & EL_SHF_EXECINSTR)
		return ELF_LOAD_TEXT;
	if (sh->flags & EL_SHF_WRITE)
		return sh->type == EL_SHT_NOBITS ? ELF_LOAD_BSS : ELF_LOAD_DATA;
	return ELF_LOAD_RODATA;
}

static bool el_loaded(const struct elf_load *ld, unsigned int i)
{
	return i < ld->shnum && ld->sec_off[i] != ELF_LOAD_NOT_LOADED;
}

/* ---- checks ----------------------------------------------------------- */

/* A string table: SHT_STRTAB, in the object, non-empty, NUL-terminated. */
static int el_check_strtab(struct elf_load *ld, unsigned int i, const char *what)
{
	struct el_shdr sh;

	el_shdr(ld, i, &sh);
	if (sh.type != EL_SHT_STRTAB)
		return el_fail(ld, ELF_LOAD_E_STRTAB,
			       "%s (section %u) is of type %u, not SHT_STRTAB",
			       what, i, sh.type);
	if (!el_in_file(ld, &sh))
		return el_fail(ld, ELF_LOAD_E_SEC_BOUNDS,
			       "%s (section %u): contents at 0x%llx, 0x%llx bytes, outside the %llu-byte object",
			       what, i, EL_ULL(sh.offset), EL_ULL(sh.size), EL_ULL(ld->len));
	if (!sh.size || ld->obj[sh.offset + sh.size - 1])
		return el_fail(ld, ELF_LOAD_E_STRTAB,
			       "%s (section %u) is empty or not NUL-terminated",
			       what, i);
	return 0;
}

static int el_check_header(struct elf_load *ld, unsigned int sec_off_count)
{
	const u8 *id = ld->obj;
	u64 shoff, shnum;

	if (ld->len < EL_EHDR_SIZE)
		return el_fail(ld, ELF_LOAD_E_TRUNCATED,
			       "object is %llu bytes, shorter than the 64-byte ELF header",
			       EL_ULL(ld->len));
	if (id[0] != 0x7f || id[1] != 'E' || id[2] != 'L' || id[3] != 'F')
		return el_fail(ld, ELF_LOAD_E_MAGIC, "not an ELF file (bad magic)");
	if (id[4] != EL_ELFCLASS64)
		return el_fail(ld, ELF_LOAD_E_CLASS,
			       "ELF class %u is not ELFCLASS64", id[4]);
	if (id[5] != EL_ELFDATA2LSB)
		return el_fail(ld, ELF_LOAD_E_ENDIAN,
			       "data encoding %u is not little-endian (ELFDATA2LSB)",
			       id[5]);
	if (id[6] != EL_EV_CURRENT || el_rd(ld, 20, 4) != EL_EV_CURRENT)
		return el_fail(ld, ELF_LOAD_E_VERSION,
			       "ELF version %u/%u is not 1", id[6],
			       (unsigned int)el_rd(ld, 20, 4));
	if (el_rd(ld, 16, 2) != EL_ET_REL)
		return el_fail(ld, ELF_LOAD_E_TYPE,
			       "ELF type %u is not ET_REL (a relocatable object)",
			       (unsigned int)el_rd(ld, 16, 2));
	if (el_rd(ld, 18, 2) != EL_EM_X86_64)
		return el_fail(ld, ELF_LOAD_E_MACHINE,
			       "machine %u is not EM_X86_64",
			       (unsigned int)el_rd(ld, 18, 2));
	if (el_rd(ld, 52, 2) != EL_EHDR_SIZE)
		return el_fail(ld, ELF_LOAD_E_HDRSIZE,
			       "ELF header size %u, want 64",
			       (unsigned int)el_rd(ld, 52, 2));

	shoff = el_rd(ld, 40, 8);
	shnum = el_rd(ld, 60, 2);
	if (!shoff)
		return el_fail(ld, ELF_LOAD_E_SHTAB, "no section header table");
	if (!shnum)
		return el_fail(ld, ELF_LOAD_E_XNUM,
			       "extended section numbering (e_shnum 0) is not supported");
	if (el_rd(ld, 58, 2) != EL_SHDR_SIZE)
		return el_fail(ld, ELF_LOAD_E_HDRSIZE,
			       "section header size %u, want 64",
			       (unsigned int)el_rd(ld, 58, 2));
	if (shoff > ld->len || shnum * EL_SHDR_SIZE > ld->len - shoff)
		return el_fail(ld, ELF_LOAD_E_SHTAB,
			       "section header table at 0x%llx, %u entries of 64 bytes, outside the %llu-byte object",
			       EL_ULL(shoff), (unsigned int)shnum, EL_ULL(ld->len));
	if (shoff < EL_EHDR_SIZE)
		return el_fail(ld, ELF_LOAD_E_OVERLAP,
			       "section header table at 0x%llx overlaps the ELF header",
			       EL_ULL(shoff));
	ld->shoff = shoff;
	ld->shstrndx = el_rd(ld, 62, 2);
	if (ld->shstrndx == EL_SHN_XINDEX)
		return el_fail(ld, ELF_LOAD_E_XNUM,
			       "extended section name table index (SHN_XINDEX) is not supported");
	if (!ld->shstrndx || ld->shstrndx >= shnum)
		return el_fail(ld, ELF_LOAD_E_SHSTRNDX,
			       "section name table index %u out of range (%u sections)",
			       ld->shstrndx, (unsigned int)shnum);
	if (shnum > sec_off_count || !ld->sec_off)
		return el_fail(ld, ELF_LOAD_E_TOO_MANY,
			       "%u sections, more than the %u the caller allows",
			       (unsigned int)shnum, sec_off_count);
	ld->shnum = shnum;
	return el_check_strtab(ld, ld->shstrndx, "section name table");
}

/* Each section on its own: name, bounds, alignment, type and flags. */
static int el_check_section(struct elf_load *ld, unsigned int i)
{
	struct el_shdr sh, shstr;
	const char *name;

	el_shdr(ld, ld->shstrndx, &shstr);
	el_shdr(ld, i, &sh);
	if (sh.name >= shstr.size)
		return el_fail(ld, ELF_LOAD_E_NAME,
			       "section %u: name offset %u outside the section name table (%llu bytes)",
			       i, sh.name, EL_ULL(shstr.size));
	name = el_secname(ld, i);
	if (sh.type == EL_SHT_NULL)
		return 0;
	if (sh.type != EL_SHT_NOBITS && !el_in_file(ld, &sh))
		return el_fail(ld, ELF_LOAD_E_SEC_BOUNDS,
			       "section %u (%s): contents at 0x%llx, 0x%llx bytes, outside the %llu-byte object",
			       i, name, EL_ULL(sh.offset), EL_ULL(sh.size), EL_ULL(ld->len));
	if (sh.align & (sh.align - 1))
		return el_fail(ld, ELF_LOAD_E_ALIGN,
			       "section %u (%s): alignment %llu is not a power of two",
			       i, name, EL_ULL(sh.align));
	if (sh.type == EL_SHT_STRTAB) {
		if (!sh.size || ld->obj[sh.offset + sh.size - 1])
			return el_fail(ld, ELF_LOAD_E_STRTAB,
				       "section %u (%s): string table is empty or not NUL-terminated",
				       i, name);
	}
	if (sh.type == EL_SHT_REL)
		return el_fail(ld, ELF_LOAD_E_SEC_TYPE,
			       "section %u (%s): SHT_REL relocations are not supported (x86-64 uses SHT_RELA)",
			       i, name);
	if (sh.type == EL_SHT_SYMTAB_SHNDX)
		return el_fail(ld, ELF_LOAD_E_XNUM,
			       "section %u (%s): extended symbol section indexes are not supported",
			       i, name);
	if (!(sh.flags & EL_SHF_ALLOC))
		return 0;
	if (sh.flags & EL_SHF_TLS)
		return el_fail(ld, ELF_LOAD_E_SEC_TYPE,
			       "section %u (%s): thread-local storage is not supported",
			       i, name);
	if (el_skipped(ld, &sh))
		return 0;
	switch (sh.type) {
	case EL_SHT_PROGBITS:
	case EL_SHT_NOBITS:
	case EL_SHT_INIT_ARRAY:
	case EL_SHT_FINI_ARRAY:
	case EL_SHT_PREINIT_ARRAY:
	case EL_SHT_X86_64_UNWIND:
		break;
	default:
		return el_fail(ld, ELF_LOAD_E_SEC_TYPE,
			       "section %u (%s): allocated section of type 0x%llx is not supported",
			       i, name, EL_ULL(sh.type));
	}
	if ((sh.flags & EL_SHF_WRITE) && (sh.flags & EL_SHF_EXECINSTR))
		return el_fail(ld, ELF_LOAD_E_SEC_TYPE,
			       "section %u (%s) is both writable and executable",
			       i, name);
	if (sh.align > ELF_LOAD_PAGE_SIZE)
		return el_fail(ld, ELF_LOAD_E_ALIGN,
			       "section %u (%s): alignment %llu is larger than a page",
			       i, name, EL_ULL(sh.align));
	return 0;
}

/* File offset of the section whose index is in work slot @k. */
static u64 el_key(const struct elf_load *ld, unsigned int k)
{
	struct el_shdr sh;

	el_shdr(ld, ld->sec_off[k], &sh);
	return sh.offset;
}

static void el_sift(struct elf_load *ld, unsigned int root, unsigned int n)
{
	unsigned int child;
	u64 t;

	while ((child = 2 * root + 1) < n) {
		if (child + 1 < n && el_key(ld, child + 1) > el_key(ld, child))
			child++;
		if (el_key(ld, root) >= el_key(ld, child))
			return;
		t = ld->sec_off[root];
		ld->sec_off[root] = ld->sec_off[child];
		ld->sec_off[child] = t;
		root = child;
	}
}

/*
 * No two sections' contents share a byte, nor with the ELF header or the
 * section header table. The sections with contents are sorted by file
 * offset (heapsort, in the caller's work array, before the layout fills
 * it) so that neighbours are enough to compare: O(n log n).
 */
static int el_check_overlap(struct elf_load *ld)
{
	u64 sht_end = ld->shoff + (u64)ld->shnum * EL_SHDR_SIZE;
	struct el_shdr a, b;
	unsigned int i, n = 0;
	u64 t;

	for (i = 0; i < ld->shnum; i++) {
		el_shdr(ld, i, &a);
		if (a.type == EL_SHT_NULL || a.type == EL_SHT_NOBITS || !a.size)
			continue;
		if (a.offset < EL_EHDR_SIZE)
			return el_fail(ld, ELF_LOAD_E_OVERLAP,
				       "section %u (%s) overlaps the ELF header",
				       i, el_secname(ld, i));
		if (a.offset < sht_end && a.offset + a.size > ld->shoff)
			return el_fail(ld, ELF_LOAD_E_OVERLAP,
				       "section %u (%s) overlaps the section header table",
				       i, el_secname(ld, i));
		ld->sec_off[n++] = i;
	}
	for (i = n / 2; i-- > 0;)
		el_sift(ld, i, n);
	for (i = n; i-- > 1;) {
		t = ld->sec_off[0];
		ld->sec_off[0] = ld->sec_off[i];
		ld->sec_off[i] = t;
		el_sift(ld, 0, i);
	}
	for (i = 0; i + 1 < n; i++) {
		el_shdr(ld, ld->sec_off[i], &a);
		el_shdr(ld, ld->sec_off[i + 1], &b);
		if (a.offset + a.size > b.offset)
			return el_fail(ld, ELF_LOAD_E_OVERLAP,
				       "sections %u (%s) and %u (%s) overlap in the file",
				       (unsigned int)ld->sec_off[i],
				       el_secname(ld, ld->sec_off[i]),
				       (unsigned int)ld->sec_off[i + 1],
				       el_secname(ld, ld->sec_off[i + 1]));
	}
	return 0;
}

/*
 * Place the loaded sections: the groups in enum order, each starting on a
 * page, its sections in section-index order, each at its alignment. Every
 * offset stays at most ELF_LOAD_MAX_IMAGE, so no sum below overflows.
 */
static int el_layout(struct elf_load *ld)
{
	u64 cur = 0, align;
	struct el_shdr sh;
	unsigned int i;
	int g;

	for (i = 0; i < ld->shnum; i++)
		ld->sec_off[i] = ELF_LOAD_NOT_LOADED;
	for (g = 0; g < ELF_LOAD_NR_GROUPS; g++) {
		cur = (cur + EL_PAGE_MASK) & ~EL_PAGE_MASK;
		ld->group[g].offset = cur;
		for (i = 1; i < ld->shnum; i++) {
			el_shdr(ld, i, &sh);
			if (sh.type == EL_SHT_NULL || el_group(ld, &sh) != g)
				continue;
			align = sh.align ? sh.align : 1;
			cur = (cur + align - 1) & ~(align - 1);
			if (sh.size > ELF_LOAD_MAX_IMAGE - cur)
				return el_fail(ld, ELF_LOAD_E_TOO_BIG,
					       "section %u (%s) of 0x%llx bytes makes the image larger than %llu bytes",
					       i, el_secname(ld, i), EL_ULL(sh.size),
					       EL_ULL(ELF_LOAD_MAX_IMAGE));
			ld->sec_off[i] = cur;
			cur += sh.size;
		}
		ld->group[g].size = cur - ld->group[g].offset;
	}
	ld->size = (cur + EL_PAGE_MASK) & ~EL_PAGE_MASK;
	return 0;
}

static int el_check_symtab(struct elf_load *ld)
{
	struct el_shdr sh, sec;
	struct el_sym sym;
	const char *name;
	unsigned int i;
	int ret;

	for (i = 1; i < ld->shnum; i++) {
		el_shdr(ld, i, &sh);
		if (sh.type != EL_SHT_SYMTAB)
			continue;
		if (ld->symtab)
			return el_fail(ld, ELF_LOAD_E_SYMTAB,
				       "more than one symbol table (sections %u and %u)",
				       ld->symtab, i);
		ld->symtab = i;
	}
	if (!ld->symtab)
		return 0;
	el_shdr(ld, ld->symtab, &sh);
	if (sh.entsize != EL_SYM_SIZE)
		return el_fail(ld, ELF_LOAD_E_SYMTAB,
			       "symbol table entry size %llu, want 24",
			       EL_ULL(sh.entsize));
	if (sh.size % EL_SYM_SIZE)
		return el_fail(ld, ELF_LOAD_E_SYMTAB,
			       "symbol table size %llu is not a multiple of 24",
			       EL_ULL(sh.size));
	if (sh.size / EL_SYM_SIZE > 0xffffffffULL)
		return el_fail(ld, ELF_LOAD_E_SYMTAB,
			       "symbol table has more than 2^32 symbols");
	if (!sh.link || sh.link >= ld->shnum)
		return el_fail(ld, ELF_LOAD_E_SYMTAB,
			       "symbol table's string table index %u out of range (%u sections)",
			       sh.link, ld->shnum);
	ret = el_check_strtab(ld, sh.link, "symbol string table");
	if (ret)
		return ret;
	ld->strtab = sh.link;
	ld->nsyms = sh.size / EL_SYM_SIZE;
	if (sh.info > ld->nsyms)
		return el_fail(ld, ELF_LOAD_E_SYMTAB,
			       "symbol table's first global symbol %u is beyond its %u symbols",
			       sh.info, ld->nsyms);
	el_shdr(ld, ld->strtab, &sec);
	for (i = 1; i < ld->nsyms; i++) {
		el_sym(ld, i, &sym);
		if (sym.name >= sec.size)
			return el_fail(ld, ELF_LOAD_E_NAME,
				       "symbol %u: name offset %u outside the string table (%llu bytes)",
				       i, sym.name, EL_ULL(sec.size));
		name = el_str(ld, ld->strtab, sym.name);
		if (sym.bind != EL_STB_LOCAL && sym.bind != EL_STB_GLOBAL &&
		    sym.bind != EL_STB_WEAK && sym.bind != EL_STB_GNU_UNIQUE)
			return el_fail(ld, ELF_LOAD_E_SYM_KIND,
				       "symbol %u (%s): binding %u is not supported",
				       i, name, sym.bind);
		if (sym.type == EL_STT_TLS || sym.type == EL_STT_GNU_IFUNC ||
		    sym.type > EL_STT_COMMON)
			return el_fail(ld, ELF_LOAD_E_SYM_KIND,
				       "symbol %u (%s): type %u is not supported (TLS, ifunc or unknown)",
				       i, name, sym.type);
		switch (sym.shndx) {
		case EL_SHN_UNDEF:
			if (sym.bind == EL_STB_LOCAL)
				return el_fail(ld, ELF_LOAD_E_SYM_KIND,
					       "symbol %u (%s) is local and undefined",
					       i, name);
			continue;
		case EL_SHN_ABS:
			continue;
		case EL_SHN_COMMON:
			return el_fail(ld, ELF_LOAD_E_SYM_KIND,
				       "symbol %u (%s) is a common symbol; build with -fno-common",
				       i, name);
		case EL_SHN_XINDEX:
			return el_fail(ld, ELF_LOAD_E_XNUM,
				       "symbol %u (%s): extended section index (SHN_XINDEX) is not supported",
				       i, name);
		}
		if (sym.shndx >= EL_SHN_LORESERVE || sym.shndx >= ld->shnum)
			return el_fail(ld, ELF_LOAD_E_SYM_SHNDX,
				       "symbol %u (%s): section index %u out of range (%u sections)",
				       i, name, sym.shndx, ld->shnum);
		if (sym.type == EL_STT_COMMON)
			return el_fail(ld, ELF_LOAD_E_SYM_KIND,
				       "symbol %u (%s) is a common symbol; build with -fno-common",
				       i, name);
		if (!el_loaded(ld, sym.shndx))
			continue;
		el_shdr(ld, sym.shndx, &sh);
		if (sym.value > sh.size)
			return el_fail(ld, ELF_LOAD_E_SYM_VALUE,
				       "symbol %u (%s): value 0x%llx beyond the end of section %u (%s, %llu bytes)",
				       i, name, EL_ULL(sym.value), sym.shndx,
				       el_secname(ld, sym.shndx), EL_ULL(sh.size));
	}
	return 0;
}

/* One relocation of a loaded section, before anything is written. */
static int el_check_reloc(struct elf_load *ld, unsigned int rs, u64 j,
			  unsigned int t, const struct el_shdr *tsh)
{
	struct el_shdr sh;
	struct el_rela r;
	struct el_sym sym;
	int width;

	el_shdr(ld, rs, &sh);
	el_rela(ld, &sh, j, &r);
	width = el_reloc_width(r.type);
	if (width < 0)
		return el_fail(ld, ELF_LOAD_E_REL_TYPE,
			       "section %u (%s) entry %llu: relocation type %s (%u) is not supported",
			       rs, el_secname(ld, rs), EL_ULL(j),
			       elf_load_reloc_name(r.type), r.type);
	if (r.sym >= ld->nsyms)
		return el_fail(ld, ELF_LOAD_E_REL_SYM,
			       "section %u (%s) entry %llu: symbol index %u beyond the %u symbols",
			       rs, el_secname(ld, rs), EL_ULL(j), r.sym, ld->nsyms);
	if (r.offset > tsh->size || (u64)width > tsh->size - r.offset)
		return el_fail(ld, ELF_LOAD_E_REL_OFFSET,
			       "section %u (%s) entry %llu: %u-byte field at offset 0x%llx outside section %u (%s, %llu bytes)",
			       rs, el_secname(ld, rs), EL_ULL(j), width,
			       EL_ULL(r.offset), t, el_secname(ld, t),
			       EL_ULL(tsh->size));
	if (!r.sym || r.type == EL_R_NONE)
		return 0;
	el_sym(ld, r.sym, &sym);
	if (sym.bind == EL_STB_LOCAL && sym.shndx != EL_SHN_ABS &&
	    !el_loaded(ld, sym.shndx))
		return el_fail(ld, ELF_LOAD_E_REL_SKIPPED,
			       "%s+0x%llx refers to %s in section %u (%s), which is not loaded",
			       el_secname(ld, t), EL_ULL(r.offset),
			       el_symname(ld, &sym), sym.shndx,
			       el_secname(ld, sym.shndx));
	return 0;
}

/*
 * Every SHT_RELA section: its entry size, its symbol table and its target.
 * The entries of those aimed at a loaded section are checked one by one;
 * the others (debug information, the skipped sections) are never applied.
 */
static int el_check_relas(struct elf_load *ld)
{
	struct el_shdr sh, tsh;
	unsigned int i;
	u64 j;
	int ret;

	for (i = 1; i < ld->shnum; i++) {
		el_shdr(ld, i, &sh);
		if (sh.type != EL_SHT_RELA)
			continue;
		if (sh.entsize != EL_RELA_SIZE)
			return el_fail(ld, ELF_LOAD_E_RELA,
				       "section %u (%s): relocation entry size %llu, want 24",
				       i, el_secname(ld, i), EL_ULL(sh.entsize));
		if (sh.size % EL_RELA_SIZE)
			return el_fail(ld, ELF_LOAD_E_RELA,
				       "section %u (%s): size %llu is not a multiple of 24",
				       i, el_secname(ld, i), EL_ULL(sh.size));
		if (!ld->symtab || sh.link != ld->symtab)
			return el_fail(ld, ELF_LOAD_E_RELA,
				       "section %u (%s): symbol table link %u is not the symbol table",
				       i, el_secname(ld, i), sh.link);
		if (!sh.info || sh.info >= ld->shnum)
			return el_fail(ld, ELF_LOAD_E_RELA,
				       "section %u (%s): target section %u out of range (%u sections)",
				       i, el_secname(ld, i), sh.info, ld->shnum);
		if (!el_loaded(ld, sh.info))
			continue;
		el_shdr(ld, sh.info, &tsh);
		if (tsh.type == EL_SHT_NOBITS)
			return el_fail(ld, ELF_LOAD_E_RELA,
				       "section %u (%s): target section %u (%s) has no contents",
				       i, el_secname(ld, i), sh.info,
				       el_secname(ld, sh.info));
		for (j = 0; j < sh.size / EL_RELA_SIZE; j++) {
			ret = el_check_reloc(ld, i, j, sh.info, &tsh);
			if (ret)
				return ret;
		}
	}
	return 0;
}

/**
 * elf_load_section_count() - how many sections an object declares
 * @obj: the object
 * @len: its length in bytes
 *
 * For sizing the work array of elf_load_parse() before checking anything
 * else.
 *
 * Return: e_shnum, or 0 if @obj is too short or not ELF (elf_load_parse()
 * then says what is wrong).
 */
unsigned int elf_load_section_count(const void *obj, size_t len)
{
	const u8 *p = obj;

	if (!obj || len < EL_EHDR_SIZE || p[0] != 0x7f || p[1] != 'E' ||
	    p[2] != 'L' || p[3] != 'F')
		return 0;
	return p[60] | (p[61] << 8);
}

/**
 * elf_load_parse() - check an object and lay out its image
 * @ld: filled in; on success @ld->group and @ld->size describe the image
 * @obj: the object, which must not change until the last call on @ld
 * @len: its length in bytes
 * @sec_off: work array of at least as many entries as the object has
 *	sections (elf_load_section_count()), kept until the last call on @ld
 * @sec_off_count: entries in @sec_off
 * @msg: on failure, one line saying what is wrong (may be NULL); also used
 *	by elf_load_relocate()
 * @msg_size: size of @msg; %ELF_LOAD_MSG_SIZE never truncates
 *
 * Checks everything before using it (headers, bounds and overlaps of the
 * section contents, string tables, names, the symbol table, every
 * relocation of a loaded section) and places the loaded sections into the
 * four groups of &enum elf_load_group, each starting on a page.
 *
 * Return: 0; -ENOEXEC for a malformed or unsupported object, -E2BIG if it
 * has more than @sec_off_count sections, -EFBIG if the image would exceed
 * %ELF_LOAD_MAX_IMAGE. @ld->err says exactly why.
 */
int elf_load_parse(struct elf_load *ld, const void *obj, size_t len,
		   u64 *sec_off, unsigned int sec_off_count,
		   char *msg, size_t msg_size)
{
	unsigned int i;
	int ret;

	memset(ld, 0, sizeof(*ld));
	ld->obj = obj;
	ld->len = obj ? len : 0;
	ld->msg = msg;
	ld->msg_size = msg_size;
	ld->sec_off = sec_off;
	if (msg && msg_size)
		msg[0] = '\0';

	ret = el_check_header(ld, sec_off_count);
	for (i = 0; !ret && i < ld->shnum; i++)
		ret = el_check_section(ld, i);
	if (!ret)
		ret = el_check_overlap(ld);
	if (!ret)
		ret = el_layout(ld);
	if (!ret)
		ret = el_check_symtab(ld);
	if (!ret)
		ret = el_check_relas(ld);
	if (ret) {
		memset(ld->group, 0, sizeof(ld->group));
		ld->size = 0;
		return ret;
	}
	ld->parsed = true;
	return 0;
}

/*
 * The address a relocation's symbol stands for: its place in the image, its
 * absolute value, or what the resolver says for an import (undefined, or
 * global in a section that is not loaded). A weak import the resolver does
 * not know is 0, as in the kernel's module loader.
 */
static int el_sym_addr(struct elf_load *ld, unsigned int idx,
		       elf_load_resolve_t resolve, void *cookie,
		       unsigned int t, u64 where, u64 *s)
{
	struct el_sym sym;
	const char *name;

	*s = 0;
	if (!idx)
		return 0;
	el_sym(ld, idx, &sym);
	if (sym.shndx == EL_SHN_ABS) {
		*s = sym.value;
		return 0;
	}
	if (el_loaded(ld, sym.shndx)) {
		*s = ld->base + ld->sec_off[sym.shndx] + sym.value;
		return 0;
	}
	if (sym.bind == EL_STB_LOCAL)
		return el_fail(ld, ELF_LOAD_E_REL_SKIPPED,
			       "%s+0x%llx refers to %s, which is not loaded",
			       el_secname(ld, t), EL_ULL(where),
			       el_symname(ld, &sym));
	name = el_str(ld, ld->strtab, sym.name);
	if (resolve && !resolve(cookie, name, s))
		return 0;
	*s = 0;
	if (sym.bind == EL_STB_WEAK)
		return 0;
	return el_fail(ld, ELF_LOAD_E_UNRESOLVED,
		       "undefined symbol %s (used at %s+0x%llx)",
		       el_symname(ld, &sym), el_secname(ld, t), EL_ULL(where));
}

static void el_wr(u8 *p, u64 v, unsigned int n)
{
	while (n--) {
		*p++ = v;
		v >>= 8;
	}
}

/* Apply entry @j of relocation section @sh to loaded section @t. */
static int el_apply(struct elf_load *ld, u8 *image, const struct el_shdr *sh,
		    u64 j, unsigned int t, u64 tsize,
		    elf_load_resolve_t resolve, void *cookie)
{
	struct el_rela r;
	struct el_sym sym;
	u64 s, v, p;
	int width, ret;
	bool fits;

	el_rela(ld, sh, j, &r);
	width = el_reloc_width(r.type);
	/* Checked by elf_load_parse(); again so that no write can escape. */
	if (width < 0 || r.sym >= ld->nsyms || r.offset > tsize ||
	    (u64)width > tsize - r.offset)
		return el_fail(ld, ELF_LOAD_E_ARG,
			       "the object changed since elf_load_parse()");
	if (r.type == EL_R_NONE)
		return 0;
	ret = el_sym_addr(ld, r.sym, resolve, cookie, t, r.offset, &s);
	if (ret)
		return ret;
	p = ld->base + ld->sec_off[t] + r.offset;
	v = s + r.addend;
	switch (r.type) {
	case EL_R_PC32:
	case EL_R_PLT32:
		v -= p;
		fits = v + 0x80000000ULL <= 0xffffffffULL;
		break;
	case EL_R_PC64:
		v -= p;
		fits = true;
		break;
	case EL_R_32:
		fits = v <= 0xffffffffULL;
		break;
	case EL_R_32S:
		fits = v + 0x80000000ULL <= 0xffffffffULL;
		break;
	default:
		fits = true;
		break;
	}
	if (!fits) {
		el_sym(ld, r.sym, &sym);
		return el_fail(ld, ELF_LOAD_E_RANGE,
			       "%s at %s+0x%llx against %s: value 0x%llx does not fit in %s",
			       elf_load_reloc_name(r.type), el_secname(ld, t),
			       EL_ULL(r.offset), el_symname(ld, &sym), EL_ULL(v),
			       r.type == EL_R_32 ? "32 bits (unsigned)" :
			       "32 bits (signed)");
	}
	el_wr(image + ld->sec_off[t] + r.offset, v, width);
	return 0;
}

/**
 * elf_load_relocate() - build the image: copy, zero-fill and relocate
 * @ld: an object elf_load_parse() accepted
 * @image: the caller's buffer of at least @ld->size bytes, laid out as
 *	@ld->group says; it will be mapped at @base
 * @image_size: its size
 * @base: the image's virtual address, page-aligned (for Kbuild's code
 *	model, in the top 2 GB of the address space)
 * @resolve: the only source of addresses for imports; may be NULL (then
 *	every import is unresolved)
 * @cookie: passed to @resolve
 *
 * Zeroes the whole image, copies each loaded section's contents to its
 * place and applies every relocation of the loaded sections for @base:
 * R_X86_64_64, _PC64, _PC32, _PLT32, _32, _32S and _NONE. 32-bit results
 * are range-checked. On failure the image holds garbage: discard it.
 *
 * Return: 0; -ENOENT for an import @resolve does not know (not weak),
 * -ERANGE for a value that does not fit its field, -EINVAL for a caller's
 * mistake. The message buffer given to elf_load_parse() says which symbol,
 * section and offset.
 */
int elf_load_relocate(struct elf_load *ld, void *image, size_t image_size,
		      u64 base, elf_load_resolve_t resolve, void *cookie)
{
	struct el_shdr sh, tsh;
	unsigned int i;
	u64 j;
	int ret;

	if (!ld->parsed)
		return el_fail(ld, ELF_LOAD_E_ARG,
			       "no object accepted by elf_load_parse()");
	ld->relocated = false;
	ld->err = ELF_LOAD_OK;
	if (ld->msg && ld->msg_size)
		ld->msg[0] = '\0';
	if (image_size < ld->size || (!image && ld->size))
		return el_fail(ld, ELF_LOAD_E_ARG,
			       "image of %llu bytes is smaller than the %llu bytes needed",
			       EL_ULL(image ? image_size : 0), EL_ULL(ld->size));
	if (base & EL_PAGE_MASK)
		return el_fail(ld, ELF_LOAD_E_ARG,
			       "load address 0x%llx is not page-aligned", EL_ULL(base));
	if (ld->size && base + (ld->size - 1) < base)
		return el_fail(ld, ELF_LOAD_E_ARG,
			       "image of %llu bytes at 0x%llx wraps around the address space",
			       EL_ULL(ld->size), EL_ULL(base));
	ld->base = base;
	if (ld->size)
		memset(image, 0, ld->size);
	for (i = 1; i < ld->shnum; i++) {
		el_shdr(ld, i, &sh);
		if (!el_loaded(ld, i) || sh.type == EL_SHT_NOBITS)
			continue;
		if (!el_in_file(ld, &sh) || ld->sec_off[i] > ld->size ||
		    sh.size > ld->size - ld->sec_off[i])
			return el_fail(ld, ELF_LOAD_E_ARG,
				       "the object changed since elf_load_parse()");
		memcpy((u8 *)image + ld->sec_off[i], ld->obj + sh.offset, sh.size);
	}
	for (i = 1; i < ld->shnum; i++) {
		el_shdr(ld, i, &sh);
		if (sh.type != EL_SHT_RELA || sh.info >= ld->shnum ||
		    !el_loaded(ld, sh.info))
			continue;
		el_shdr(ld, sh.info, &tsh);
		if (!el_in_file(ld, &sh) || ld->sec_off[sh.info] > ld->size ||
		    tsh.size > ld->size - ld->sec_off[sh.info])
			return el_fail(ld, ELF_LOAD_E_ARG,
				       "the object changed since elf_load_parse()");
		for (j = 0; j < sh.size / EL_RELA_SIZE; j++) {
			ret = el_apply(ld, image, &sh, j, sh.info, tsh.size,
				       resolve, cookie);
			if (ret)
				return ret;
		}
	}
	ld->relocated = true;
	return 0;
}

/**
 * elf_load_symbol() - the address of a defined global symbol
 * @ld: an object elf_load_relocate() has placed
 * @name: the symbol's name, e.g. an entry point or "init_module"
 * @addr: set to its address in the image (or its value, for an absolute
 *	symbol)
 *
 * Only global, weak and unique symbols defined in a loaded section or
 * absolute count; local ones and those of skipped sections do not.
 *
 * Return: 0, -ENOENT if there is no such symbol, -EINVAL if the object has
 * not been relocated.
 */
int elf_load_symbol(const struct elf_load *ld, const char *name, u64 *addr)
{
	struct el_sym sym;
	unsigned int i;

	if (!ld->relocated)
		return -EINVAL;
	for (i = 1; i < ld->nsyms; i++) {
		el_sym(ld, i, &sym);
		if (sym.bind == EL_STB_LOCAL || sym.shndx == EL_SHN_UNDEF ||
		    sym.type == EL_STT_SECTION || sym.type == EL_STT_FILE)
			continue;
		if (strcmp(el_str(ld, ld->strtab, sym.name), name))
			continue;
		if (sym.shndx == EL_SHN_ABS) {
			*addr = sym.value;
			return 0;
		}
		if (el_loaded(ld, sym.shndx)) {
			*addr = ld->base + ld->sec_off[sym.shndx] + sym.value;
			return 0;
		}
	}
	return -ENOENT;
}

/**
 * elf_load_section() - where a section lies in the image
 * @ld: an object elf_load_parse() accepted
 * @idx: the section's index in the object
 * @offset: set to its offset from the image start
 *
 * Return: 0, or -ENOENT if the section is not part of the image (not
 * allocated, skipped, out of range) or no object was accepted.
 */
int elf_load_section(const struct elf_load *ld, unsigned int idx, u64 *offset)
{
	if (!ld->parsed || !el_loaded(ld, idx))
		return -ENOENT;
	*offset = ld->sec_off[idx];
	return 0;
}
