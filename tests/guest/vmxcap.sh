#!/bin/sh
# tests/guest/vmxcap.sh - the hypervisor module's capability check sees every
# VMX feature LVD needs on this CPU and reports each one.
. ./lib.sh

out=$(insmod $LVD_MOD/lvd_hv.ko 2>&1)
ok $? "lvd_hv.ko loads (VMX capability check passes)"
[ -n "$out" ] && diag "$out"
dmesg | grep -q "lvd: VMX capabilities present"
ok $? "load logs the capabilities it found"
caps=/sys/kernel/debug/lvd/caps
[ -r $caps ]
ok $? "debugfs shows $caps"
for feat in "VMX (CPUID" "VMX enabled in IA32_FEATURE_CONTROL" "VMX-preemption timer" \
	    "EPT 4-level page walk" "EPT write-back" "EPT 2 MB pages" "INVEPT single-context" \
	    "INVEPT all-context" "VPID" "INVVPID single-context" "INVVPID all-context" \
	    "VMFUNC EPTP switching"; do
	grep -q "^yes  *$feat" $caps
	ok $? "feature present: $feat"
done
! grep -q "^no " $caps
ok $? "no required feature is missing"
grep "^msr" $caps | while read -r line; do diag "$line"; done
rmmod lvd_hv
ok $? "lvd_hv unloads"
[ ! -e $caps ]
ok $? "unload removes debugfs entries"
done_testing
