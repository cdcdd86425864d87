/* SPDX-License-Identifier: GPL-2.0 */
/*
 * tools/lvdctl/check.h - "lvdctl check": what this machine has (struct
 * lvdctl_facts: gathered by check.c from CPUID, /dev/cpu/0/msr, /proc and
 * /sys, loading nothing but the msr driver) and what that means for LVD
 * (struct lvdctl_verdict: decided by check_eval.c with the hypervisor's own
 * capability check, hypervisor/vmx_caps.c, which lvdctl is built with).
 *
 * check_eval.c is pure (it reads and writes only what it is given) and is
 * unit-tested in tests/unit/test_lvdctl_check.c.
 */
#ifndef LVDCTL_CHECK_H
#define LVDCTL_CHECK_H

#include <stdio.h>
#include <lvd/compat.h>
#include "../../hypervisor/vmx_caps.h"

/* A fact that may be unknown: LVDCTL_UNKNOWN, LVDCTL_NO or LVDCTL_YES. */
#define LVDCTL_UNKNOWN		(-1)
#define LVDCTL_NO		0
#define LVDCTL_YES		1

/* IA32_FEATURE_CONTROL as far as VT-x is concerned. */
enum lvdctl_fc_state {
	LVDCTL_FC_NA,		/* no VMX, or the MSRs could not be read */
	LVDCTL_FC_ENABLED,	/* locked with VMX outside SMX on */
	LVDCTL_FC_LOCKED_OFF,	/* locked by the firmware with VT-x off */
	LVDCTL_FC_UNLOCKED,	/* not locked: VMXON would fault */
};

/* /sys/kernel/security/lockdown */
enum lvdctl_lockdown {
	LVDCTL_LOCKDOWN_UNKNOWN = -1,
	LVDCTL_LOCKDOWN_NONE,
	LVDCTL_LOCKDOWN_INTEGRITY,
	LVDCTL_LOCKDOWN_CONFIDENTIALITY,
};

/**
 * struct lvdctl_cpu - what CPUID says about the CPU
 * @vendor:		vendor string of leaf 0 ("GenuineIntel")
 * @brand:		brand string of leaves 80000002H-80000004H, leading and
 *			trailing blanks dropped ("" when absent)
 * @family:		display family (with the extended family)
 * @model:		display model (with the extended model)
 * @stepping:		stepping
 * @hypervisor_bit:	CPUID.1:ECX[31]: the kernel runs under a hypervisor
 * @hv_signature:	CPUID 40000000H EBX:ECX:EDX when @hypervisor_bit is set
 */
struct lvdctl_cpu {
	char vendor[13];
	char brand[49];
	unsigned int family;
	unsigned int model;
	unsigned int stepping;
	bool hypervisor_bit;
	char hv_signature[13];
};

/**
 * struct lvdctl_facts - everything "lvdctl check" reads
 * @cpu:		CPUID identification
 * @cpuid_vmx:		CPUID.1:ECX.VMX as the kernel sees it (LVD hides it)
 * @lvd_running:	CPUID 40000000H carries LVD's signature
 * @msrs:		the capability check's inputs, filled as the module does
 *			(cpuid_vmx there is also set when LVD runs and hides VMX)
 * @msrs_read:		@msrs holds the capability MSRs (false without VMX or
 *			when they could not be read)
 * @msr_error:		why they could not be read ("" when they were)
 * @msr_todo:		what the user can do about it
 * @release:		uname -r
 * @headers:		/lib/modules/@release/build is there
 * @kvm_intel:		kvm_intel is loaded (or built in)
 * @kvm_intel_users:	its use count in /proc/modules (each VM holds one), -1 unknown
 * @kvm_virt_at_load:	kvm.enable_virt_at_load (KVM takes VT-x at load), tristate
 * @vboxdrv:		VirtualBox's vboxdrv is loaded
 * @vmmon:		VMware's vmmon is loaded
 * @lvd_loaded:		lvd_hv is in /proc/modules
 * @efi:		booted through UEFI (/sys/firmware/efi)
 * @secure_boot:	the SecureBoot EFI variable says enabled, tristate
 * @sig_enforce:	module.sig_enforce, tristate (NO when the kernel has no
 *			module signing at all)
 * @lockdown:		kernel lockdown mode
 * @modules_disabled:	kernel.modules_disabled, tristate
 */
struct lvdctl_facts {
	struct lvdctl_cpu cpu;
	bool cpuid_vmx;
	bool lvd_running;
	struct lvd_vmx_msrs msrs;
	bool msrs_read;
	char msr_error[160];
	char msr_todo[160];
	char release[65];
	bool headers;
	bool kvm_intel;
	int kvm_intel_users;
	int kvm_virt_at_load;
	bool vboxdrv;
	bool vmmon;
	bool lvd_loaded;
	bool efi;
	int secure_boot;
	int sig_enforce;
	enum lvdctl_lockdown lockdown;
	int modules_disabled;
};

#define LVDCTL_MAX_NOTES	8
#define LVDCTL_NOTE_LEN		400

/**
 * struct lvdctl_verdict - what the facts mean for LVD
 * @missing:		lvd_vmx_missing() of the facts' MSRs
 * @needed:		features of the CPUID-dependent controls the kernel needs
 * @lacking:		lvd_vmx_missing() with every CPUID-dependent control
 *			asked for: which of those the CPU could not set
 * @ctls_valid:		@ctls_ret and @ctls were computed (VMX, MSRs read)
 * @ctls_ret:		lvd_vmx_choose_ctls() result
 * @ctls:		the controls LVD would run with
 * @ctls_failed:	the control field that could not be satisfied
 * @fc:			IA32_FEATURE_CONTROL interpreted
 * @nested:		the kernel runs under another hypervisor (not LVD)
 * @vtx_held:		another hypervisor holds VT-x now
 * @unsigned_refused:	unsigned modules will not load, tristate
 * @can_run:		lvd_hv.ko can be loaded and launched here
 * @status:		the exit status (enum lvdctl_exit)
 * @nreasons:		number of @reasons
 * @reasons:		why LVD cannot run, each with what to do
 * @nadvice:		number of @advice
 * @advice:		what to know or do before insmod, when nothing blocks
 */
struct lvdctl_verdict {
	u64 missing;
	u64 needed;
	u64 lacking;
	bool ctls_valid;
	int ctls_ret;
	struct lvd_vmx_ctls ctls;
	const char *ctls_failed;
	enum lvdctl_fc_state fc;
	bool nested;
	bool vtx_held;
	int unsigned_refused;
	bool can_run;
	int status;
	int nreasons;
	char reasons[LVDCTL_MAX_NOTES][LVDCTL_NOTE_LEN];
	int nadvice;
	char advice[LVDCTL_MAX_NOTES][LVDCTL_NOTE_LEN];
};

/* Reads one MSR: 0, -EIO when the CPU has no such MSR, another -errno on failure. */
typedef int (*lvdctl_rdmsr_fn)(void *ctx, u32 msr, u64 *val);

void lvdctl_cpu_decode(struct lvdctl_cpu *c, const u32 leaf0[4], const u32 leaf1[4],
		       const u32 brand[12], const u32 hv[4]);
bool lvdctl_is_lvd_signature(const char *sig);
const char *lvdctl_hv_name(const char *sig);
int lvdctl_read_msrs(struct lvd_vmx_msrs *m, lvdctl_rdmsr_fn rd, void *ctx);
enum lvdctl_fc_state lvdctl_feature_control(u64 fc);
int lvdctl_parse_secure_boot(const unsigned char *buf, size_t len);
int lvdctl_parse_yn(const char *s);
enum lvdctl_lockdown lvdctl_parse_lockdown(const char *s);
void lvdctl_parse_modules(struct lvdctl_facts *f, const char *text);
void lvdctl_evaluate(const struct lvdctl_facts *f, struct lvdctl_verdict *v);
void lvdctl_print_text(FILE *out, const struct lvdctl_facts *f, const struct lvdctl_verdict *v);
void lvdctl_print_json(FILE *out, const struct lvdctl_facts *f, const struct lvdctl_verdict *v);

#endif /* LVDCTL_CHECK_H */
