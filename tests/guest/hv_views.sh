#!/bin/sh
# tests/guest/hv_views.sh - EPT views in the EPTP lists: a module installs a
# view through lvd_hv's view API (lvd_viewtest.ko); the refusals of bad
# slots and permissions hold; a user program that enters the view with
# VMFUNC (which works at CPL 3) gets SIGILL on every CPU, the exit from the
# view is never taken for the kernel's, and the kernel goes on; once the
# view is removed its slot makes VMFUNC exit like any empty slot.
. ./lib.sh
. ./hv_lib.sh
ncpu=$(nproc)

insmod $LVD_MOD/lvd_hv.ko
ok $? "lvd_hv.ko loads"
insmod $LVD_MOD/lvd_viewtest.ko slot=7
ok $? "lvd_viewtest.ko creates and installs a view in slot 7"
line=$(dmesg | sed -n 's/.*lvd_viewtest: \(map=.*\)/\1/p' | tail -n1)
[ "$line" = "map=0 badperm=-22 writeonly=-22 slot0=-22 slot512=-22 install=0 busy=-16 again=-16 unmap=0" ]
ok $? "view API: map, install and unmap work; bad permission, write-only, slot 0, slot 512, a taken slot and a second install are refused ($line)"
gp0=$(hv_count injected_gp)
line=$(dmesg | sed -n 's/.*lvd_viewtest: \(kprotect=.*\)/\1/p' | tail -n1)
[ "$line" = "kprotect=0 kwrite=-14 kread=0 krestore=0 kwrite2=0 kbad=-22" ] && [ "$gp0" -ge 1 ]
ok $? "the kernel's own view of a page made read-only: its write gets #GP and changes nothing, reads work; given back, writes work; no rights or a misaligned range refused ($line)"
dmesg | grep -q "lvd: EPT violation: write of GPA .* refused by the rights the kernel set on it"
ok $? "the refused write is logged as the kernel's own rights, not as a hole"

vf0=$(hv_count vmfunc)
for c in $(seq 0 $((ncpu - 1))); do
	out=$(taskset -c $c lvd_vmfunc 0 7)
	[ $? = 2 ]
	ok $? "CPU $c: a user program that enters the view of slot 7 gets SIGILL ($out)"
done
[ "$(hv_count view_exits)" = "$ncpu" ] && [ "$(hv_count vmfunc)" = "$vf0" ]
ok $? "each entry switched views without an exit; the exit from the view was the view's ($(hv_count view_exits))"
dmesg | grep -q "lvd: CPU [0-9]*: exit .* in view .* CPL 3: back to the kernel's view, #UD"
ok $? "the exit from the view is logged"
hv_on_all_cpus && workload_ok
ok $? "the kernel goes on: every CPU under the hypervisor, workload correct"

rmmod lvd_viewtest
ok $? "lvd_viewtest unloads (view removed and freed)"
dmesg | grep -q "lvd_viewtest: remove=0"
ok $? "the view was removed from its slot"
out=$(lvd_vmfunc 0 7)
[ $? = 2 ] && [ "$(hv_count vmfunc)" = $((vf0 + 1)) ] && [ "$(hv_count view_exits)" = "$ncpu" ]
ok $? "after removal slot 7 is empty: VMFUNC exits and the program gets SIGILL ($out)"
rmmod lvd_hv
ok $? "lvd_hv unloads"
done_testing
