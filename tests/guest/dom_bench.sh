#!/bin/sh
# tests/guest/dom_bench.sh - "make bench" (tests/guest/bench/bench): loads
# the hypervisor, the domain manager and the benchmark module, loads the
# test object basic.o as the domain "bench", runs lvd_bench on CPU 0 and
# prints its table as diagnostics. Checks that every row was measured and
# returned what it must, that a domain call causes no VM exit and that a
# hypercall causes at least one.
. ./lib.sh
. ./hv_lib.sh
. ./dom_lib.sh

dom_up
ok $? "lvd_hv and lvd_dom load; /dev/lvd exists"
insmod "$LVD_MOD/lvd_dombench.ko" && [ -f /sys/kernel/debug/lvd_dombench/run ]
ok $? "lvd_dombench loads"
out=$(lvdctl load "$DOM_DIR/basic.o" bench 2>&1)
ok $? "lvdctl load basic.o bench ($out)"

out=$(taskset -c 0 lvd_bench 2>&1)
rc=$?
diag "$(echo "$out" | grep -v '^row ')"
ok $rc "lvd_bench ran every row (exit status $rc)"

# field ROW KEY: KEY=VALUE of lvd_bench's line "row ROW ...".
field() {
	echo "$out" | awk -v r="$1" -v k="$2" '$1 == "row" && $2 == r {
		for (i = 3; i <= NF; i++) if (index($i, k "=") == 1) print substr($i, length(k) + 2) }'
}
for r in call getppid vmcall nop add6 up_add6; do
	i=$(field $r instr)
	[ -n "$i" ] && awk -v i="$i" 'BEGIN { exit !(i > 0) }'
	ok $? "$r: measured, ${i:-no} instructions per round trip"
	s=$(field $r status)
	[ "$s" = ok ]
	ok $? "$r: every round trip returned the right result (${s:-no status})"
done
for r in nop add6 up_add6; do
	e=$(field $r exits)
	[ "$e" = 0.00 ]
	ok $? "$r: a domain call causes no VM exit (${e:-?} per round trip)"
done
e=$(field vmcall exits)
[ -n "$e" ] && awk -v e="$e" 'BEGIN { exit !(e >= 1) }'
ok $? "vmcall: a hypercall is a VM exit (${e:-?} per round trip)"

rmmod lvd_dombench
ok $? "lvd_dombench unloads"
lvdctl unload bench >/dev/null && rmmod lvd_dom && rmmod lvd_hv
ok $? "domain bench, lvd_dom and lvd_hv unload"
done_testing
