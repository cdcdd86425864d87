#!/bin/sh
# tests/guest/hv_memory.sh - memory that goes online while the hypervisor
# runs is mapped in the kernel's EPT first (memory notifier, MAP_RAM
# hypercall). The emulator cannot hot-add memory, so a memory block is
# taken offline and put online again, which runs the same notifier.
. ./lib.sh
. ./hv_lib.sh
M=/sys/devices/system/memory

insmod $LVD_MOD/lvd_hv.ko
ok $? "lvd_hv.ko loads"
blk=
for b in $(ls -d $M/memory* | sort -t y -k 2 -n -r); do
	[ "$(cat $b/removable 2>/dev/null)" = 1 ] && [ "$(cat $b/state)" = online ] || continue
	echo offline >$b/state 2>/dev/null && blk=$b && break
done
if [ -z "$blk" ]; then
	skip "memory block online under LVD" "no memory block could be taken offline"
else
	hc0=$(hv_count hypercalls_ok)
	echo online >$blk/state
	ok $? "$(basename $blk) goes online again while the hypervisor runs"
	hc1=$(hv_count hypercalls_ok)
	[ $((hc1 - hc0)) -ge 1 ]
	ok $? "it was mapped through the MAP_RAM hypercall first ($((hc1 - hc0)) hypercall(s))"
	! dmesg | grep -q "lvd: memory .* stays offline"
	ok $? "no block was refused"
	workload_ok
	ok $? "workload correct after the memory came back"
fi
rmmod lvd_hv
ok $? "lvd_hv unloads"
done_testing
