#!/bin/sh
# tests/guest/hv_sleep.sh - (2 CPUs, last in its scenario: timekeeping after
# an emulated S3 resume is slow in Bochs) system sleep with the hypervisor
# and a domain: the syscore callbacks alone, then a real suspend to RAM of
# the emulated machine; CPU 1 goes offline and CPU 0 leaves VMX on the way
# down, both are launched again on the way up; afterwards the domain
# answers on both CPUs and a domain that spins is still stopped by its
# budget on each.
. ./lib.sh
. ./hv_lib.sh
. ./dom_lib.sh
need_cpu1_hotplug "system sleep"
grep -q '^lvd_hv ' /proc/modules || insmod $LVD_MOD/lvd_hv.ko
grep -q "^cpus_launched 2$" $D/status
ok $? "the hypervisor runs on both CPUs"
insmod $LVD_MOD/lvd_dom.ko budget_ms=20 && lvdctl load $DOM_DIR/basic.o >/dev/null
ok $? "lvd_dom loads, a domain with it"

# The syscore callbacks alone, as suspend to RAM runs them around the
# sleep: CPU 1 goes offline, CPU 0 leaves VMX operation in the suspend
# callback and is launched again in the resume callback, then CPU 1.
diag "sleep states this machine offers: $(cat /sys/power/state 2>/dev/null)"
echo 0 >$C1
out=$(taskset -c 0 cat $D/sleep_test)
[ "$out" = "in_vmx_before=1 out_during=1 in_vmx_after=1" ]
ok $? "system sleep: CPU 0 leaves VMX for the sleep and is back after ($out)"
echo 1 >$C1 && grep -q "^cpus_launched 2$" $D/status && hv_on_all_cpus
ok $? "after the sleep CPU 1 comes back and both CPUs run the hypervisor"
workload_ok
ok $? "workload correct on both CPUs after the system sleep"

# A real suspend to RAM: Bochs' ACPI puts the machine in S3, the RTC alarm
# wakes it, the BIOS resumes the kernel; CPU 1 goes offline and CPU 0
# leaves VMX on the way down, both are launched again on the way up.
if grep -qw mem /sys/power/state && [ -w /sys/class/rtc/rtc0/wakealarm ]; then
	dmesg -c >/dev/null
	echo 0 >/sys/class/rtc/rtc0/wakealarm && echo +3 >/sys/class/rtc/rtc0/wakealarm &&
		echo mem >/sys/power/state
	ok $? "suspend to RAM and resume with the hypervisor running"
	dmesg | grep -q "ACPI: PM: Waking up from system sleep state S3"
	ok $? "the machine really slept in S3 and woke up"
	grep -q "^cpus_launched 2$" $D/status && hv_on_all_cpus
	ok $? "after the resume both CPUs run the hypervisor again"
	! dmesg | grep -q "lvd: .*system sleep"
	ok $? "no CPU refused the sleep or the relaunch"
	workload_ok
	ok $? "workload correct on both CPUs after suspend to RAM"
else
	skip "suspend to RAM" "no S3 or no RTC alarm"
fi
for c in 0 1; do
	[ "$(taskset -c $c lvdctl call basic ret42 | cut -d' ' -f1)" = 42 ]
	ok $? "CPU $c: the domain answers after the sleeps"
	lvdctl load $DOM_DIR/bad.o spin$c >/dev/null && taskset -c $c lvdctl call spin$c spin_cli 2>/dev/null
	[ $? = 1 ] && lvdctl list | grep -q "^spin$c .*stopped.*budget"
	ok $? "CPU $c: a domain that spins with interrupts off is still stopped by its budget"
done
for d in basic spin0 spin1; do
	lvdctl unload $d >/dev/null
done
rmmod lvd_dom
ok $? "lvd_dom unloads"
done_testing
