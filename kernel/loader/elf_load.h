/* SPDX-License-Identifier: GPL-2.0 */
/*
 * kernel/loader/elf_load.h - the pure core of the domain loader: an ELF64
 * x86-64 relocatable object (a .o, or a .ko built by Kbuild) checked,
 * laid out in page-aligned groups by permission, copied and relocated into
 * a caller's image buffer, its imports resolved only through a caller's
 * callback, its entry points found by name.
 *
 * Pure logic: no allocation, no locking, no hardware. The domain manager
 * allocates the work array and the image and maps the groups with their
 * permissions; tests/unit/test_elf_load.c and tests/unit/fuzz_elf_load.c
 * run it in user space.
 *
 * Use:
 *	n = elf_load_section_count(obj, len);
 *	sec_off = kmalloc_array(n, sizeof(u64), ...);
 *	ret = elf_load_parse(&ld, obj, len, sec_off, n, msg, sizeof(msg));
 *	image = <ld.size bytes>;	map ld.group[] later
 *	ret = elf_load_relocate(&ld, image, ld.size, base, resolve, cookie);
 *	ret = elf_load_symbol(&ld, "init_module", &entry);
 * The object and sec_off must stay unchanged until the last call.
 */
#ifndef LVD_ELF_LOAD_H
#define LVD_ELF_LOAD_H

#include <lvd/compat.h>

/* Groups start on this boundary so each can be mapped with its own rights. */
#define ELF_LOAD_PAGE_SIZE	4096ULL
/* Largest image accepted: keeps every offset far from overflow. */
#define ELF_LOAD_MAX_IMAGE	(1ULL << 30)
/*
 * A message buffer of this size never truncates a message: at most three
 * names from the object, each cut at 64 characters, and a few numbers.
 */
#define ELF_LOAD_MSG_SIZE	384
/* sec_off[] value of a section that is not part of the image. */
#define ELF_LOAD_NOT_LOADED	(~0ULL)

/**
 * enum elf_load_group - the image's parts, in image order
 * @ELF_LOAD_TEXT:	SHF_EXECINSTR sections: map read-execute or execute-only
 * @ELF_LOAD_RODATA:	allocated, neither writable nor executable: read-only
 * @ELF_LOAD_DATA:	writable with contents (SHT_PROGBITS and the like)
 * @ELF_LOAD_BSS:	writable SHT_NOBITS, zero-filled; map with @ELF_LOAD_DATA
 * @ELF_LOAD_NR_GROUPS:	number of groups
 */
enum elf_load_group {
	ELF_LOAD_TEXT,
	ELF_LOAD_RODATA,
	ELF_LOAD_DATA,
	ELF_LOAD_BSS,
	ELF_LOAD_NR_GROUPS,
};

/**
 * enum elf_load_err - why an object was refused (struct elf_load.err)
 * @ELF_LOAD_OK:		no error
 * @ELF_LOAD_E_ARG:		the caller's mistake (image too small, base not
 *				page-aligned or wrapping, call out of order)
 * @ELF_LOAD_E_TRUNCATED:	shorter than the ELF header
 * @ELF_LOAD_E_MAGIC:		not an ELF file
 * @ELF_LOAD_E_CLASS:		not ELFCLASS64
 * @ELF_LOAD_E_ENDIAN:		not little-endian
 * @ELF_LOAD_E_VERSION:		ELF version not 1
 * @ELF_LOAD_E_TYPE:		not ET_REL
 * @ELF_LOAD_E_MACHINE:		not EM_X86_64
 * @ELF_LOAD_E_HDRSIZE:		e_ehsize or e_shentsize wrong
 * @ELF_LOAD_E_SHTAB:		section header table missing or out of bounds
 * @ELF_LOAD_E_XNUM:		extended section numbering (SHN_XINDEX)
 * @ELF_LOAD_E_TOO_MANY:	more sections than the caller's work array
 * @ELF_LOAD_E_SHSTRNDX:	bad section name string table index
 * @ELF_LOAD_E_STRTAB:		string table not a non-empty NUL-terminated
 *				SHT_STRTAB
 * @ELF_LOAD_E_NAME:		section or symbol name outside its string table
 * @ELF_LOAD_E_SEC_BOUNDS:	section contents outside the object
 * @ELF_LOAD_E_OVERLAP:		section contents overlap each other or the
 *				headers
 * @ELF_LOAD_E_ALIGN:		alignment not a power of two, or above a page
 * @ELF_LOAD_E_SEC_TYPE:	section type or flags not supported (SHT_REL,
 *				TLS, writable and executable, unknown allocated
 *				type)
 * @ELF_LOAD_E_TOO_BIG:		image larger than %ELF_LOAD_MAX_IMAGE
 * @ELF_LOAD_E_SYMTAB:		symbol table malformed or more than one
 * @ELF_LOAD_E_SYM_SHNDX:	symbol's section index out of range
 * @ELF_LOAD_E_SYM_VALUE:	symbol's value beyond the end of its section
 * @ELF_LOAD_E_SYM_KIND:	symbol not supported: common, TLS, ifunc,
 *				unknown binding, local and undefined
 * @ELF_LOAD_E_RELA:		relocation section malformed (entry size,
 *				symbol table link, target section)
 * @ELF_LOAD_E_REL_SYM:		relocation's symbol index out of range
 * @ELF_LOAD_E_REL_OFFSET:	relocation's field outside its target section
 * @ELF_LOAD_E_REL_TYPE:	relocation type not supported
 * @ELF_LOAD_E_REL_SKIPPED:	relocation refers to a local symbol in a
 *				section that is not loaded
 * @ELF_LOAD_E_UNRESOLVED:	undefined symbol the resolver does not know
 * @ELF_LOAD_E_RANGE:		relocated value does not fit its field
 */
enum elf_load_err {
	ELF_LOAD_OK,
	ELF_LOAD_E_ARG,
	ELF_LOAD_E_TRUNCATED,
	ELF_LOAD_E_MAGIC,
	ELF_LOAD_E_CLASS,
	ELF_LOAD_E_ENDIAN,
	ELF_LOAD_E_VERSION,
	ELF_LOAD_E_TYPE,
	ELF_LOAD_E_MACHINE,
	ELF_LOAD_E_HDRSIZE,
	ELF_LOAD_E_SHTAB,
	ELF_LOAD_E_XNUM,
	ELF_LOAD_E_TOO_MANY,
	ELF_LOAD_E_SHSTRNDX,
	ELF_LOAD_E_STRTAB,
	ELF_LOAD_E_NAME,
	ELF_LOAD_E_SEC_BOUNDS,
	ELF_LOAD_E_OVERLAP,
	ELF_LOAD_E_ALIGN,
	ELF_LOAD_E_SEC_TYPE,
	ELF_LOAD_E_TOO_BIG,
	ELF_LOAD_E_SYMTAB,
	ELF_LOAD_E_SYM_SHNDX,
	ELF_LOAD_E_SYM_VALUE,
	ELF_LOAD_E_SYM_KIND,
	ELF_LOAD_E_RELA,
	ELF_LOAD_E_REL_SYM,
	ELF_LOAD_E_REL_OFFSET,
	ELF_LOAD_E_REL_TYPE,
	ELF_LOAD_E_REL_SKIPPED,
	ELF_LOAD_E_UNRESOLVED,
	ELF_LOAD_E_RANGE,
};

/**
 * struct elf_load_region - one group's place in the image
 * @offset:	from the image start; a multiple of %ELF_LOAD_PAGE_SIZE
 * @size:	bytes used (0 for an empty group); map the group as
 *		[@offset, @offset + @size rounded up to a page)
 */
struct elf_load_region {
	u64 offset;
	u64 size;
};

/**
 * typedef elf_load_resolve_t - the only way an import gets an address
 * @cookie:	the caller's argument to elf_load_relocate()
 * @name:	the symbol's NUL-terminated name, inside the object
 * @addr:	set to the symbol's address when found
 *
 * Called once per relocation that uses an undefined symbol (or a global
 * symbol defined in a section that is not loaded, e.g. __this_module), so
 * it should be quick and give the same answer each time.
 *
 * Return: 0 if found, any non-zero value if not.
 */
typedef int (*elf_load_resolve_t)(void *cookie, const char *name, u64 *addr);

/**
 * struct elf_load - one object being loaded
 * @group:	where each &enum elf_load_group lies in the image
 * @size:	image size in bytes, a multiple of %ELF_LOAD_PAGE_SIZE
 * @err:	the reason of the last refusal, %ELF_LOAD_OK if none
 * @obj:	private: the object
 * @len:	private: its length
 * @msg:	private: the caller's message buffer
 * @msg_size:	private: its size
 * @sec_off:	private: per section, its image offset or %ELF_LOAD_NOT_LOADED
 * @shoff:	private: file offset of the section header table
 * @shnum:	private: number of sections
 * @shstrndx:	private: index of the section name string table
 * @symtab:	private: index of the symbol table, 0 if none
 * @strtab:	private: index of its string table
 * @nsyms:	private: number of symbols
 * @base:	private: the load address given to elf_load_relocate()
 * @parsed:	private: elf_load_parse() succeeded
 * @relocated:	private: elf_load_relocate() succeeded
 */
struct elf_load {
	struct elf_load_region group[ELF_LOAD_NR_GROUPS];
	u64 size;
	enum elf_load_err err;

	const u8 *obj;
	size_t len;
	char *msg;
	size_t msg_size;
	u64 *sec_off;
	u64 shoff;
	unsigned int shnum;
	unsigned int shstrndx;
	unsigned int symtab;
	unsigned int strtab;
	unsigned int nsyms;
	u64 base;
	bool parsed;
	bool relocated;
};

unsigned int elf_load_section_count(const void *obj, size_t len);
int elf_load_parse(struct elf_load *ld, const void *obj, size_t len,
		   u64 *sec_off, unsigned int sec_off_count,
		   char *msg, size_t msg_size);
int elf_load_relocate(struct elf_load *ld, void *image, size_t image_size,
		      u64 base, elf_load_resolve_t resolve, void *cookie);
int elf_load_symbol(const struct elf_load *ld, const char *name, u64 *addr);
int elf_load_section(const struct elf_load *ld, unsigned int idx, u64 *offset);
const char *elf_load_reloc_name(unsigned int type);

#endif /* LVD_ELF_LOAD_H */
