#!/bin/sh
# tests/guest/dom_api.sh - the domain manager's kernel API as another module
# uses it (lvd_domtest.ko): private and shared memory granted read-only and
# read-write and seen by both sides, revocation, a write to a read-only
# shared page stopped with the page unchanged, the API's refusals; nothing
# left behind.
. ./lib.sh
. ./hv_lib.sh
. ./dom_lib.sh

dom_up
ok $? "lvd_hv and lvd_dom load"
insmod $LVD_MOD/lvd_domtest.ko
ok $? "lvd_domtest.ko ran its checks"
line=$(dmesg | sed -n 's/.*lvd_domtest: \(private=.*\)/\1/p' | tail -n1)
[ "$line" = "private=0 shared_ro=0 shared_rw=0 nospc=0 nargs=0 notext=0 export_late=0 badname=0 revoke=0 ro_write=0 stopped=0 count=2" ]
ok $? "grants private and shared, read-only and read-write, revoke, refusals ($line)"
rmmod lvd_domtest
[ "$(dom_pages)" = 0 ]
ok $? "no domain holds pages afterwards ($(dom_pages))"
canary_intact && workload_ok
ok $? "the kernel goes on: canary intact, workload correct"
rmmod lvd_dom && rmmod lvd_hv
ok $? "lvd_dom and lvd_hv unload"
done_testing
