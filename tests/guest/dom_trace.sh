#!/bin/sh
# tests/guest/dom_trace.sh - lvd_dom's tracepoints (trace system lvd_dom):
# they exist in tracefs, are off until enabled, and record a load, a call
# with its result, an upcall, a stop with its reason and a destroy, with
# the right fields.
. ./lib.sh
. ./hv_lib.sh
. ./dom_lib.sh
T=/sys/kernel/debug/tracing
[ -d /sys/kernel/tracing/events ] && T=/sys/kernel/tracing

dom_up
ok $? "lvd_hv and lvd_dom load"
events=$(grep -c '^lvd_dom:' $T/available_events)
[ "$events" = 5 ] && [ "$(cat $T/events/lvd_dom/enable)" = 0 ]
ok $? "5 lvd_dom tracepoints, all off by default ($events)"
echo > $T/trace
echo 1 > $T/events/lvd_dom/enable
lvdctl load $DOM_DIR/basic.o traced >/dev/null
slot=$(lvdctl list | awk '$1 == "traced" { print $2 }')
lvdctl call traced up_add6 1 2 3 4 5 6 >/dev/null
lvdctl load $DOM_DIR/bad.o tracebad >/dev/null
bslot=$(lvdctl list | awk '$1 == "tracebad" { print $2 }')
lvdctl call tracebad do_cpuid >/dev/null 2>&1
lvdctl unload traced && lvdctl unload tracebad
echo 0 > $T/events/lvd_dom/enable
tr=$(cat $T/trace)
echo "$tr" | grep -q "lvd_dom_load: name=traced slot=$slot pages=[1-9]"
ok $? "load recorded: name, slot, pages"
echo "$tr" | grep -q "lvd_dom_upcall: slot=$slot index=0"
ok $? "upcall recorded: slot, export index"
echo "$tr" | grep -q "lvd_dom_call: slot=$slot fn=0x[0-9a-f]* err=0 ret=92"
ok $? "call recorded: slot, function, result"
echo "$tr" | grep -q "lvd_dom_stop: name=tracebad slot=$bslot reason=2 detail=10 rip=0x"
ok $? "stop recorded: reason (VM exit), detail (CPUID, exit 10), RIP"
echo "$tr" | grep -q "lvd_dom_call: slot=$bslot fn=0x[0-9a-f]* err=-125"
ok $? "the stopped call recorded with -ECANCELED"
echo "$tr" | grep -q "lvd_dom_destroy: name=traced slot=$slot"
ok $? "destroy recorded"
echo "$tr" | grep "lvd_dom_" | head -n 6 | while read -r l; do diag "$l"; done
rmmod lvd_dom && rmmod lvd_hv
ok $? "lvd_dom and lvd_hv unload"
done_testing
