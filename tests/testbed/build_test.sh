#!/bin/bash
# tests/testbed/build_test.sh - what the built modules must (not) contain:
# the users' lvd_hv.ko has no test hook, the testbed's build has them all;
# nothing in the hypervisor calls ftrace hooks or MSR tracepoints, and the
# VMX-root code sits in .kprobes.text, where kprobes cannot be placed. Runs
# on the modules "make modules-testbed" built for the cloud kernel. TAP.
set -uo pipefail
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
. "$ROOT/tests/guest/lib.sh"
KVER=$(sed -n 's/^KVER_CLOUD_AMD64 := //p' "$ROOT/build/deps/kernel.mk")
PROD=$ROOT/build/kmod/$KVER/hypervisor
TEST=$ROOT/build/kmod-test/$KVER/hypervisor
MODINFO=$(command -v modinfo || echo /sbin/modinfo)

[ -f "$PROD/lvd_hv.ko" ] && [ -f "$TEST/lvd_hv.ko" ]
ok $? "both builds of lvd_hv.ko exist ($KVER)"

hooks="fail_cpu fail_entry_cpu ept_misconfig_test break_entry_test"
for h in $hooks; do
	! grep -qw "$h" <(strings "$PROD/lvd_hv.ko")
	ok $? "users' build has no test hook '$h'"
	grep -qw "$h" <(strings "$TEST/lvd_hv.ko")
	ok $? "testing build has the test hook '$h'"
done
params=$("$MODINFO" -p "$PROD/lvd_hv.ko" | cut -d: -f1 | sort | tr '\n' ' ')
[ "$params" = "ept_max_level launch " ]
ok $? "users' build has exactly the parameters launch and ept_max_level (got: $params)"

n=$(objdump -dr "$PROD/lvd_hv.ko" | grep -c '__fentry__')
[ "$n" = 0 ]
ok $? "no ftrace hook (__fentry__) anywhere in lvd_hv.ko (found $n)"
t=$(nm -u "$PROD/exit.o" | grep -E '__tracepoint|do_trace_|rdmsrl_safe|wrmsrl_safe|native_.*msr' | tr '\n' ' ')
[ -z "$t" ]
ok $? "VMX-root code (exit.o) uses no MSR tracepoint or traced MSR accessor ($t)"
t=$(nm -u "$PROD/exit.o" | grep -wE 'panic|die|__warn_printk|_printk|console_lock|BUG' | tr '\n' ' ')
[ -z "$t" ]
ok $? "VMX-root code calls neither panic, die, printk nor the console lock ($t)"
! grep -qw ud2 <(objdump -d "$PROD/exit.o")
ok $? "VMX-root code has no BUG() (ud2)"
for o in exit event; do
	text=$(objdump -t "$PROD/$o.o" | awk '$3 == "F" && $4 == ".text" {print $6}' | tr '\n' ' ')
	[ -z "$text" ]
	ok $? "every function of $o.o runs in root and is in .kprobes.text (outside: $text)"
done
# The functions root calls in the files that also hold process-context code.
kp=$(objdump -t "$PROD/lvd_hv.ko" | awk '$3 == "F" && $4 == ".kprobes.text" {print $6}')
for f in lvd_handle_exit lvd_leave_vmx lvd_ept_k_fill lvd_ept_k_map_ram lvd_ept_k_repair \
	 lvd_ept_map lvd_ept_hole lvd_ept_lookup lvd_mtrr_type lvd_msr_intercept_find \
	 lvd_check_cr0 lvd_check_cr4 lvd_check_efer lvd_check_xsetbv lvd_check_mtrr; do
	echo "$kp" | grep -qx "$f"
	ok $? "root function $f is in .kprobes.text"
done
done_testing
