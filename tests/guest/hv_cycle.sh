#!/bin/sh
# tests/guest/hv_cycle.sh - load and unload the hypervisor 10 times in one
# boot; every load launches every CPU, every unload gives every CPU back,
# no memory is lost. Reports the emulated instructions of load and unload.
. ./lib.sh
. ./hv_lib.sh

# Free memory in kB, counting the pages parked in per-CPU free lists
# (/proc/zoneinfo "count:"), which MemFree leaves out.
free_kb() {
	awk '/^MemFree:/ { print $2 }' /proc/meminfo
	awk '$1 == "count:" { n += $2 } END { print n * 4 }' /proc/zoneinfo
}
free_total() { free_kb | awk '{ n += $1 } END { print n }'; }

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
		free0=$(free_total)
	i=$((i + 1))
done
[ $good = 10 ]
ok $? "10 load/unload cycles, each launching and releasing every CPU ($good good)"
diag "load TSC ticks:  $loads"
diag "unload TSC ticks:$unloads"
diag "inside the module, set-up + launch of all CPUs: $(dmesg | sed -n 's/.*set-up and launch took \([0-9]*\) TSC ticks/\1/p' | tail -n 10 | tr '\n' ' ')"
diag "inside the module, leave on all CPUs + free: $(dmesg | sed -n 's/.*still allocated; took \([0-9]*\) TSC ticks/\1/p' | tail -n 10 | tr '\n' ' ')"
sync
echo 3 >/proc/sys/vm/drop_caches
free1=$(free_total)
diag "free memory (MemFree + per-CPU lists) after cycle 1: $free0 kB, after cycle 10: $free1 kB"
[ $((free0 - free1)) -lt 256 ]
ok $? "no memory lost over 9 cycles (free memory down $((free0 - free1)) kB, limit 256 kB)"
# Every unload of this boot (the cycles and the earlier tests') must say
# "; 0 pages still allocated"; one leak anywhere fails the check.
n=$(dmesg | grep -c "lvd: hypervisor unloaded;")
leaky=$(dmesg | grep "lvd: hypervisor unloaded;" | grep -vc "; 0 pages still allocated")
[ "$n" -ge 10 ] && [ "$leaky" = 0 ]
ok $? "every unload freed every page the hypervisor allocated ($n unloads, $leaky with pages left)"
! dmesg | grep -q "could not leave VMX"
ok $? "every CPU left VMX operation every time"

b=$(lvd_modtime load $LVD_MOD/lvd_hv.ko launch=0)
ok $? "load with launch=0 (capability check only) for comparison"
u=$(lvd_modtime unload lvd_hv)
diag "module load/unload without launching (launch=0): $b / $u"
# Leave the hypervisor loaded: the power-off at the end of the boot must give
# every CPU back first (reboot notifier) and then power off cleanly.
insmod $LVD_MOD/lvd_hv.ko && hv_on_all_cpus
ok $? "hypervisor left running for the power-off"
done_testing
