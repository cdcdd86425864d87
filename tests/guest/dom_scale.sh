#!/bin/sh
# tests/guest/dom_scale.sh - 511 domains alive at once, each called and
# checked; every CPU calling one shared domain and one of its own at the
# same time; 100 load/call/unload cycles; no page left behind, the kernel
# fine.
. ./lib.sh
. ./hv_lib.sh
. ./dom_lib.sh

dom_up
ok $? "lvd_hv and lvd_dom load"
free0=$(awk '/^MemFree/ { print $2 }' /proc/meminfo)
out=$(lvd_domstress scale $DOM_DIR/basic.o 511)
ok $? "511 domains at once, each called with its own arguments and checked ($out)"
out=$(lvd_domstress scale $DOM_DIR/basic.o 512 2>&1 | tail -n1)
echo "$out" | grep -q "loaded 511 "
ok $? "a 512th domain is refused: all slots taken ($out)"
out=$(lvd_domstress smp $DOM_DIR/basic.o 300)
ok $? "every CPU calls a shared domain and its own at once, every result right ($out)"
out=$(lvd_domstress cycle $DOM_DIR/basic.o 100)
ok $? "100 times load, call, unload ($out)"
free1=$(awk '/^MemFree/ { print $2 }' /proc/meminfo)
[ $((free0 - free1)) -lt 4096 ]
ok $? "free memory within 4 MB of where it was (${free0} kB, then ${free1} kB)"
canary_intact && workload_ok
ok $? "the kernel goes on: canary intact, workload correct"
rmmod lvd_dom && rmmod lvd_hv
ok $? "lvd_dom and lvd_hv unload"
done_testing
