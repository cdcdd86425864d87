#!/bin/sh
# tests/guest/hv_params.sh - the documented module parameters do what they
# say: launch=0 only checks capabilities; ept_max_level caps the EPT page
# size (and the kernel still works with 4 KB pages only); a bad value is
# refused with one line.
. ./lib.sh
. ./hv_lib.sh

insmod $LVD_MOD/lvd_hv.ko launch=0
ok $? "launch=0 loads"
hv_on_no_cpu && grep -q "^yes" $D/caps && grep -q "^cpus_launched 0$" $D/status
ok $? "launch=0: capabilities checked, no CPU launched"
rmmod lvd_hv
ok $? "launch=0 unloads"

dmesg -c >/dev/null
out=$(lvd_modtime load $LVD_MOD/lvd_hv.ko ept_max_level=4 2>&1)
echo "$out" | grep -q "Invalid argument"
ok $? "ept_max_level=4 refused with EINVAL ($out)"
[ "$(dmesg -r | grep -c '^<3>.*lvd: ')" = 1 ] && dmesg | grep -q "lvd: ept_max_level=4 is invalid; use 1 (4 KB), 2 (2 MB) or 3 (1 GB)"
ok $? "one line says which values are valid"

for lvl in 2 1; do
	t=$(lvd_modtime load $LVD_MOD/lvd_hv.ko ept_max_level=$lvl)
	ok $? "ept_max_level=$lvl loads ($t)"
	diag "$(dmesg | grep 'lvd: kernel EPT' | tail -n 1 | sed 's/^\[[^]]*\] //')"
	g1=$(awk '$1 == "ept_pages_1g" { print $2 }' $D/status)
	m2=$(awk '$1 == "ept_pages_2m" { print $2 }' $D/status)
	if [ $lvl = 2 ]; then
		[ "$g1" = 0 ] && [ "$m2" -gt 0 ]
	else
		[ "$g1" = 0 ] && [ "$m2" = 0 ]
	fi
	ok $? "ept_max_level=$lvl: no page larger than allowed (1G $g1, 2M $m2)"
	out=$(workload 1 2>&1)
	! echo "$out" | grep -q "^not ok" && hv_on_all_cpus
	ok $? "ept_max_level=$lvl: workload correct"
	rmmod lvd_hv
	ok $? "ept_max_level=$lvl unloads"
done
done_testing
