// SPDX-License-Identifier: GPL-2.0
/*
 * tests/guest/kmod/lvd_probe.c - a test module that looks at and pokes the
 * CPU from kernel mode, for the hypervisor's guest tests.
 *
 *   cat /sys/module/lvd_probe/parameters/cpu_state
 *	the privileged state of the CPU the reader runs on (pin it with
 *	taskset): control registers, EFER, PAT, descriptor tables, segment
 *	selectors and bases, system-call MSRs, debug registers. Compared
 *	before loading and after unloading lvd_hv.ko: it must not change.
 *   echo ACTION > /sys/module/lvd_probe/parameters/exercise
 *	runs one privileged action on the writer's CPU and logs
 *	"lvd_probe: ACTION: RESULT". Actions: xsetbv, invd, cr4_vmxe, cr0_ne,
 *	wrmsr_lstar, wrmsr_efer, wrmsr_sysenter, wrmsr_feature_control,
 *	ept_hole, vmcall_version, vmcall_unknown, vmcall_leave, vmxe_on,
 *	vmxe_off. The
 *	WRMSRs write back the value read, except feature_control, which
 *	writes a changed value and must fault (the MSR is locked).
 *   echo bad_writes > /sys/module/lvd_probe/parameters/exercise
 *	tries every write of the table bad_cases[] (CR0, CR4, XCR0 and MSR
 *	values a CPU refuses, and a few it accepts) with an exception fixup,
 *	and logs "lvd_probe: bad_writes: NAME gp" or "... NAME ok" per case;
 *	a write that went through is undone at once. Run natively and under
 *	the hypervisor, the two logs must be the same.
 *   echo wp_attack > /sys/module/lvd_probe/parameters/exercise
 *	what a rootkit does to patch read-only kernel memory: clear CR0.WP,
 *	write (the same byte back) to a read-only page, set WP again; logs
 *	"lvd_probe: wp_attack: write went through|faulted, CR0 read WP=N".
 *
 * Test-only code: the actions assume the hypervisor runs (invd, for one,
 * would drop dirty cache lines on a real CPU without it).
 */
#define pr_fmt(fmt) "lvd_probe: " fmt

#include <linux/module.h>
#include <linux/moduleparam.h>
#include <linux/io.h>
#include <linux/smp.h>
#include <asm/desc.h>
#include <asm/msr.h>
#include <asm/debugreg.h>
#include <asm/special_insns.h>
#include <asm/tlbflush.h>
#include <asm/fpu/xcr.h>
#include <asm/processor.h>
#include <asm/segment.h>
#include <asm/mtrr.h>
#include <asm/fpu/types.h>
#include <asm/asm.h>
#include <lvd/hypercall.h>
#include "bad_msrs.h"

static int cpu_state_get(char *buf, const struct kernel_param *kp)
{
	struct desc_ptr gdt, idt;
	u16 ds, es, ss, fs, gs, ldt;
	u64 m[12];
	static const u32 msrs[12] = {
		MSR_EFER, MSR_IA32_CR_PAT, MSR_FS_BASE, MSR_GS_BASE, MSR_KERNEL_GS_BASE,
		MSR_IA32_SYSENTER_CS, MSR_IA32_SYSENTER_ESP, MSR_IA32_SYSENTER_EIP,
		MSR_LSTAR, MSR_STAR, MSR_SYSCALL_MASK, MSR_IA32_DEBUGCTLMSR,
	};
	int i, n;

	preempt_disable();
	native_store_gdt(&gdt);
	store_idt(&idt);
	savesegment(ds, ds);
	savesegment(es, es);
	savesegment(ss, ss);
	savesegment(fs, fs);
	savesegment(gs, gs);
	store_ldt(ldt);
	for (i = 0; i < 12; i++)
		rdmsrl(msrs[i], m[i]);
	n = sysfs_emit(buf, "cpu=%d cr0=%lx cr4=%lx efer=%llx pat=%llx gdtr=%lx/%x idtr=%lx/%x tr=%lx ldtr=%x ds=%x es=%x ss=%x fs=%x gs=%x fsbase=%llx gsbase=%llx kgsbase=%llx sysenter=%llx/%llx/%llx lstar=%llx star=%llx fmask=%llx debugctl=%llx dr7=%lx\n",
		       smp_processor_id(), native_read_cr0(), __read_cr4(),
		       m[0], m[1], gdt.address, gdt.size,
		       idt.address, idt.size, native_store_tr(), ldt, ds, es, ss, fs, gs, m[2],
		       m[3], m[4], m[5], m[6], m[7], m[8], m[9], m[10], m[11],
		       native_get_debugreg(7));
	preempt_enable();
	return n;
}

static const struct kernel_param_ops cpu_state_ops = { .get = cpu_state_get };
module_param_cb(cpu_state, &cpu_state_ops, NULL, 0444);

/* Each try_* returns 1 when the instruction faulted (#GP), 0 when it ran. */
#define DEFINE_TRY_MOV_CR(n)						\
static int try_cr##n(unsigned long v)					\
{									\
	int fault = 1;							\
									\
	asm volatile("1: mov %1, %%cr" #n "\n"				\
		     "movl $0, %0\n"					\
		     "2:\n"						\
		     _ASM_EXTABLE(1b, 2b)				\
		     : "+r" (fault) : "r" (v) : "memory");		\
	return fault;							\
}
DEFINE_TRY_MOV_CR(0)
DEFINE_TRY_MOV_CR(4)

static int try_xsetbv(u32 index, u64 v)
{
	int fault = 1;

	asm volatile("1: xsetbv\n"
		     "movl $0, %0\n"
		     "2:\n"
		     _ASM_EXTABLE(1b, 2b)
		     : "+r" (fault) : "c" (index), "a" ((u32)v), "d" ((u32)(v >> 32)) : "memory");
	return fault;
}

enum bad_kind { BAD_CR0, BAD_CR4, BAD_XCR0, BAD_XCR1 };

/*
 * Control-register writes to try: kind, bits to set and to clear in the
 * current value (with flip, the set bits are toggled instead); the MSR
 * cases are bad_msrs.h's, shared with lvd_msr. The names say what the SDM
 * expects; the test compares what the CPU does natively with what it does
 * under LVD.
 */
static const struct bad_case {
	const char *name;
	enum bad_kind kind;
	u64 set, clear;
	bool flip;
} bad_cases[] = {
	{ "cr0_bit32", BAD_CR0, BIT_ULL(32), 0 },
	{ "cr0_nw_without_cd", BAD_CR0, X86_CR0_NW, X86_CR0_CD },
	{ "cr0_pg_off_in_long_mode", BAD_CR0, 0, X86_CR0_PG },
	{ "cr0_pe_off_with_pg", BAD_CR0, 0, X86_CR0_PE },
	{ "cr0_same", BAD_CR0, 0, 0 },
	{ "cr4_bit32", BAD_CR4, BIT_ULL(32), 0 },
	{ "cr4_reserved_bit15", BAD_CR4, BIT_ULL(15), 0 },
	{ "cr4_reserved_bit31", BAD_CR4, BIT_ULL(31), 0 },
	{ "cr4_pae_off_in_long_mode", BAD_CR4, 0, X86_CR4_PAE },
	{ "cr4_la57_toggle_in_long_mode", BAD_CR4, X86_CR4_LA57, 0, true },
	{ "cr4_pks", BAD_CR4, BIT_ULL(24), 0 },	/* SDM Vol. 3A 2.5: CR4.PKS */
	{ "cr4_same", BAD_CR4, 0, 0 },
	{ "xcr0_x87_off", BAD_XCR0, 0, XFEATURE_MASK_FP },
	{ "xcr0_avx_without_sse", BAD_XCR0, XFEATURE_MASK_YMM, XFEATURE_MASK_SSE },
	{ "xcr0_bit62", BAD_XCR0, BIT_ULL(62), 0 },
	{ "xcr0_opmask_alone", BAD_XCR0, XFEATURE_MASK_OPMASK, 0 },
	{ "xcr0_bndregs_alone", BAD_XCR0, XFEATURE_MASK_BNDREGS, 0 },
	{ "xcr0_same", BAD_XCR0, 0, 0 },
	{ "xcr1", BAD_XCR1, 0, 0 },
};

/* Try one case on this CPU; undo it if it went through. Returns 1 on #GP. */
static int bad_write(const struct bad_case *b)
{
	unsigned long cr;
	u64 old;
	int fault;

	switch (b->kind) {
	case BAD_CR0:
		cr = native_read_cr0();
		fault = try_cr0((cr | b->set) & ~b->clear);
		if (!fault)
			try_cr0(cr);
		return fault;
	case BAD_CR4:
		cr = __read_cr4();
		fault = try_cr4(b->flip ? cr ^ b->set : (cr | b->set) & ~b->clear);
		if (!fault)
			try_cr4(cr);
		return fault;
	case BAD_XCR0:
	case BAD_XCR1:
		if (!boot_cpu_has(X86_FEATURE_XSAVE))
			return 1;
		old = xgetbv(XCR_XFEATURE_ENABLED_MASK);
		fault = try_xsetbv(b->kind == BAD_XCR1, (old | b->set) & ~b->clear);
		if (!fault)
			try_xsetbv(0, old);
		return fault;
	}
	return 1;
}

/* Try one MSR case on this CPU; undo it if it went through. Returns 1 on #GP. */
static int bad_wrmsr(const struct bad_msr *b)
{
	u64 old;
	int fault;

	if (rdmsrl_safe(b->msr, &old))
		return 1;
	fault = wrmsrl_safe(b->msr, bad_msr_value(b->how, b->bits, old)) != 0;
	if (!fault)
		wrmsrl_safe(b->msr, old);
	return fault;
}

/* A read-only page of the module (STRICT_MODULE_RWX maps .rodata read-only). */
static const u8 ro_page[PAGE_SIZE] __aligned(PAGE_SIZE) = { 0x5a };

static int try_write_byte(const u8 *p, u8 v)
{
	int fault = 1;

	asm volatile("1: movb %2, %1\n"
		     "movl $0, %0\n"
		     "2:\n"
		     _ASM_EXTABLE(1b, 2b)
		     : "+r" (fault), "=m" (*(u8 *)p) : "q" (v) : "memory");
	return fault;
}

static void wp_attack(void)
{
	unsigned long cr0 = native_read_cr0();
	u8 v = READ_ONCE(ro_page[0]);
	unsigned long seen;
	long ret;

	try_cr0(cr0 & ~X86_CR0_WP);
	seen = native_read_cr0();
	ret = try_write_byte(ro_page, v);
	try_cr0(cr0);
	pr_info("%s: write %s, CR0 read WP=%d\n", __func__, ret ? "faulted" : "went through",
		!!(seen & X86_CR0_WP));
}

static int exercise_set(const char *val, const struct kernel_param *kp)
{
	char act[32];
	u64 v;
	int ret = 0;

	strscpy(act, val, sizeof(act));
	strim(act);
	preempt_disable();
	if (!strcmp(act, "xsetbv")) {
		v = xgetbv(XCR_XFEATURE_ENABLED_MASK);
		xsetbv(XCR_XFEATURE_ENABLED_MASK, v);
		pr_info("xsetbv: XCR0 %#llx kept (%#llx)\n", v, xgetbv(XCR_XFEATURE_ENABLED_MASK));
	} else if (!strcmp(act, "invd")) {
		asm volatile("invd" ::: "memory");
		pr_info("invd: survived\n");
	} else if (!strcmp(act, "cr4_vmxe")) {
		/* Clear CR4.VMXE behind the kernel's back: the hypervisor keeps it. */
		unsigned long cr4 = __read_cr4();

		asm volatile("mov %0, %%cr4" :: "r"(cr4 & ~X86_CR4_VMXE) : "memory");
		pr_info("cr4_vmxe: wrote %#lx, reads %#lx\n", cr4 & ~X86_CR4_VMXE, __read_cr4());
		asm volatile("mov %0, %%cr4" :: "r"(cr4) : "memory");
	} else if (!strcmp(act, "cr0_ne")) {
		/* Clear CR0.NE, which VMX fixes to 1: the hypervisor keeps it set. */
		unsigned long cr0 = native_read_cr0();

		asm volatile("mov %0, %%cr0" :: "r"(cr0 & ~X86_CR0_NE) : "memory");
		pr_info("cr0_ne: wrote %#lx, reads %#lx\n", cr0 & ~X86_CR0_NE, native_read_cr0());
		asm volatile("mov %0, %%cr0" :: "r"(cr0) : "memory");
	} else if (!strncmp(act, "wrmsr_", 6)) {
		u32 msr = !strcmp(act, "wrmsr_lstar") ? MSR_LSTAR :
			  !strcmp(act, "wrmsr_efer") ? MSR_EFER :
			  !strcmp(act, "wrmsr_sysenter") ? MSR_IA32_SYSENTER_ESP :
			  MSR_IA32_FEAT_CTL;
		u64 after;

		rdmsrl(msr, v);
		if (msr == MSR_IA32_FEAT_CTL)
			ret = wrmsrl_safe(msr, v ^ FEAT_CTL_VMX_ENABLED_OUTSIDE_SMX);
		else
			ret = wrmsrl_safe(msr, v);
		rdmsrl(msr, after);
		pr_info("%s: %s, %#llx -> %#llx\n", act, ret ? "faulted" : "ok", v, after);
		ret = 0;
	} else if (!strcmp(act, "ept_hole")) {
		/* Far above RAM and every resource, below MAXPHYADDR. */
		u64 pa = 1ULL << (boot_cpu_data.x86_phys_bits - 1);
		void __iomem *p = ioremap(pa, PAGE_SIZE);

		if (p) {
			pr_info("ept_hole: read %#x at %#llx\n", readl(p), pa);
			iounmap(p);
		} else {
			pr_info("ept_hole: ioremap failed\n");
		}
	} else if (!strcmp(act, "vmcall_version") || !strcmp(act, "vmcall_unknown") ||
		   !strcmp(act, "vmcall_leave")) {
		/*
		 * A hypercall from kernel code that is not the hypervisor's: VERSION
		 * is answered, an unknown number is -EOPNOTSUPP, LEAVE is refused
		 * (-EPERM): only lvd_hv's own call site may make it.
		 */
		long r = act[7] == 'v' ? LVD_HC_VERSION : act[7] == 'l' ? LVD_HC_LEAVE : 1000;

		asm volatile("vmcall" : "+a"(r) : : "memory");
		pr_info("%s: returned %ld\n", act, r);
	} else if (!strcmp(act, "bad_writes")) {
		size_t i;

		for (i = 0; i < ARRAY_SIZE(bad_cases); i++)
			pr_info("bad_writes: %s %s\n", bad_cases[i].name,
				bad_write(&bad_cases[i]) ? "gp" : "ok");
		for (i = 0; i < ARRAY_SIZE(bad_msrs); i++)
			pr_info("bad_writes: %s %s\n", bad_msrs[i].name,
				bad_wrmsr(&bad_msrs[i]) ? "gp" : "ok");
	} else if (!strcmp(act, "wp_attack")) {
		wp_attack();
	} else if (!strcmp(act, "vmxe_on")) {
		cr4_set_bits(X86_CR4_VMXE);
		pr_info("vmxe_on: CR4 %#lx\n", __read_cr4());
	} else if (!strcmp(act, "vmxe_off")) {
		cr4_clear_bits(X86_CR4_VMXE);
		pr_info("vmxe_off: CR4 %#lx\n", __read_cr4());
	} else {
		ret = -EINVAL;
	}
	preempt_enable();
	return ret;
}

static const struct kernel_param_ops exercise_ops = { .set = exercise_set };
module_param_cb(exercise, &exercise_ops, NULL, 0200);

MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("LVD guest-test probe: CPU state and privileged actions");
