#!/bin/sh
# tests/guest/dom_basic.sh - domains loaded with lvdctl and called: six
# arguments and a return value, upcalls with six arguments, nesting (kernel,
# domain, kernel, ... nine domain entries deep), the domain's own data, bss,
# stack and per-CPU page on every CPU, load refusals (unresolved symbol,
# malformed objects, a taken name), and the kernel goes on, the canary
# intact.
. ./lib.sh
. ./hv_lib.sh
. ./dom_lib.sh
ncpu=$(nproc)

dom_up
ok $? "lvd_hv and lvd_dom load; /dev/lvd exists"
dmesg | grep -q "lvd_dom: ready: 511 slots"
ok $? "lvd_dom reports 511 slots ($(dmesg | sed -n 's/.*lvd_dom: \(ready.*\)/\1/p'))"
out=$(lvdctl load $DOM_DIR/basic.o)
ok $? "lvdctl load basic.o ($out)"
expect 183 basic add6 1 2 3 4 5 6
expect 16 basic add6 0x10 0 0 0 0 0
expect -1 basic add6 -1 0 0 0 0 0
expect 42 basic ret42
expect 92 basic up_add6 1 2 3 4 5 6
expect 1008 basic nest 8
expect 1 basic count
expect 2 basic count
expect 100 basic table_sum
expect 104 basic table_sum
expect 200 basic deep 200
expect 2880067194370816120 basic fib 90
seen=""
for c in $(seq 0 $((ncpu - 1))); do
	v=$(taskset -c $c lvdctl call basic gs_self | cut -d' ' -f1)
	case " $seen " in *" $v "*) v=dup ;; esac
	[ -n "$v" ] && [ "$v" != dup ] && [ "$v" != 0 ]
	ok $? "CPU $c: the domain's %gs:0 is a per-CPU page of its own ($v)"
	seen="$seen $v"
done
lvdctl list | grep -q "^basic *[0-9]* *ready"
ok $? "lvdctl list shows basic ready"
calls=$(lvdctl list | awk '$1 == "basic" { print $5 }')
[ "$calls" -ge 14 ]
ok $? "lvdctl list counts the calls ($calls)"

out=$(lvdctl status)
[ $? = 0 ] && echo "$out" | grep -q "^ *count: *1 (1 ready, 0 stopped)"
ok $? "lvdctl status: hypervisor on every CPU, one domain ($(echo "$out" | tr '\n' ' ' | tr -s ' '))"
out=$(lvdctl load $DOM_DIR/unresolved.o 2>&1)
[ $? = 1 ] && echo "$out" | grep -q "unresolved symbol no_such_kernel_function"
ok $? "an object that imports what the kernel does not export is refused, naming the symbol ($out)"
head -c 200 $DOM_DIR/basic.o >/tmp/trunc.o
out=$(lvdctl load /tmp/trunc.o 2>&1)
[ $? = 1 ]
ok $? "a truncated object is refused ($out)"
printf 'not an ELF file at all, just text\n' >/tmp/text.o
out=$(lvdctl load /tmp/text.o 2>&1)
[ $? = 1 ]
ok $? "a text file is refused ($out)"
out=$(lvdctl load $DOM_DIR/basic.o basic 2>&1)
[ $? = 1 ] && echo "$out" | grep -q "exists"
ok $? "a second domain with a taken name is refused ($out)"
out=$(lvdctl call basic no_such_function 2>&1)
[ $? = 1 ]
ok $? "a call to a function the object does not define fails ($out)"
expect 42 basic ret42

out=$(lvdctl load $DOM_DIR/basic.o other)
ok $? "a second domain from the same object ($out)"
expect 42 other ret42
expect 1 other count
expect 3 basic count
lvdctl unload other
ok $? "lvdctl unload other"
lvdctl list | grep -q "^other"
[ $? = 1 ]
ok $? "other is gone from the list"
expect 4 basic count

canary_intact && workload_ok
ok $? "the kernel goes on: canary intact, workload correct"
lvdctl unload basic
ok $? "lvdctl unload basic"
[ "$(dom_pages)" = 0 ]
ok $? "no domain holds pages any more ($(dom_pages))"
rmmod lvd_hv 2>/dev/null
[ $? != 0 ]
ok $? "lvd_hv cannot unload while lvd_dom uses it"
rmmod lvd_dom && rmmod lvd_hv
ok $? "lvd_dom and lvd_hv unload"
done_testing
