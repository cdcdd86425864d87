#!/bin/sh
# tests/guest/vmxcap-missing.sh - on a CPU without the VMX features LVD
# needs, lvd_hv.ko refuses to load with ENODEV and one log line naming every
# missing feature. Run on an emulated CPU model that lacks them.
. ./lib.sh

out=$(insmod $LVD_MOD/lvd_hv.ko 2>&1)
[ $? != 0 ]
ok $? "lvd_hv.ko refuses to load"
echo "$out" | grep -q "No such device"
ok $? "refusal is ENODEV"
line=$(dmesg | grep "lvd: this CPU cannot run LVD, missing:")
[ -n "$line" ]
ok $? "one log line says the CPU cannot run LVD"
diag "$line"
# (busybox insmod retries a failed finit_module with init_module: two tries)
[ "$(dmesg | grep 'lvd:' | sed 's/^\[[ 0-9.]*\] //' | sort -u | wc -l)" = 1 ]
ok $? "the refusal is the only lvd log line"
for feat in $LVD_EXPECT_MISSING; do
	echo "$line" | grep -q "$(echo "$feat" | tr _ ' ')"
	ok $? "names missing feature: $(echo "$feat" | tr _ ' ')"
done
[ ! -e /sys/kernel/debug/lvd ]
ok $? "nothing left behind in debugfs"
grep -q '^lvd_hv ' /proc/modules
[ $? != 0 ]
ok $? "module is not loaded"
done_testing
