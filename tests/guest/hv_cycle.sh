#!/bin/sh
# tests/guest/hv_cycle.sh - load and unload the hypervisor 10 times in one
# boot; every load launches every CPU, every unload gives every CPU back,
# no memory is lost. Reports the emulated instructions of load and unload.
. ./lib.sh
. ./hv_lib.sh

good=0
loads=
unloads=
i=1
while [ $i -le 10 ]; do
	l=$(lvd_modtime load $LVD_MOD/lvd_hv.ko) && hv_on_all_cpus &&
		u=$(lvd_modtime unload lvd_hv) && hv_on_no_cpu && good=$((good + 1))
	loads="$loads ${l#tsc }"
	unloads="$unloads ${u#tsc }"
	# The first cycle warms up caches (slab, page cache); count from here.
	[ $i = 1 ] && sync && echo 3 >/proc/sys/vm/drop_caches &&
		free0=$(awk '/^MemFree:/ { print $2 }' /proc/meminfo)
	i=$((i + 1))
done
[ $good = 10 ]
ok $? "10 load/unload cycles, each launching and releasing every CPU ($good good)"
diag "load TSC ticks:  $loads"
diag "unload TSC ticks:$unloads"
sync
echo 3 >/proc/sys/vm/drop_caches
free1=$(awk '/^MemFree:/ { print $2 }' /proc/meminfo)
diag "MemFree after cycle 1: $free0 kB, after cycle 10: $free1 kB"
[ $((free0 - free1)) -lt 256 ]
ok $? "no memory lost over 9 cycles (MemFree down $((free0 - free1)) kB, limit 256 kB)"
n=$(dmesg | grep -c "lvd: hypervisor unloaded; .* 0 pages still allocated")
[ "$n" -ge 10 ]
ok $? "every unload freed every page the hypervisor allocated ($n of 10)"
! dmesg | grep -q "could not leave VMX"
ok $? "every CPU left VMX operation every time"
done_testing
