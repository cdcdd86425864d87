#!/bin/sh
# tests/guest/hv_hotplug.sh - (2 CPUs) a CPU taken offline leaves VMX
# operation first and is launched again when it comes back; a launch that
# fails on one CPU, before VMXON or at the first VM entry, rolls back every
# CPU; a VM entry that fails later takes only that CPU out of VMX operation
# (system sleep: hv_sleep.sh).
. ./lib.sh
. ./hv_lib.sh
need_cpu1_hotplug "CPU hotplug"

# Rollback: the launch fails on CPU 1 after CPU 0 was launched.
dmesg -c >/dev/null
out=$(lvd_modtime load $LVD_MOD/lvd_hv.ko fail_cpu=1 2>&1)
[ $? != 0 ]
ok $? "load with a launch failure on CPU 1 is refused"
line=$(dmesg | grep "lvd: not loaded")
echo "$line" | grep -q "CPU 1: launch failed on purpose"
ok $? "the refusal names the failing CPU and why ($line)"
echo "$line" | grep -q "every CPU launched so far left VMX operation, nothing changed"
ok $? "the refusal says every CPU was rolled back"
[ "$(dmesg -r | grep -c '^<3>.*lvd: ')" = 1 ]
ok $? "the refusal is one error line"
hv_on_no_cpu && taskset -c 0 lvd_cpuid | grep -q "vmx=1"
ok $? "after the rollback no CPU runs the hypervisor and CPU 0 is back"
! grep -q '^lvd_hv ' /proc/modules
ok $? "module not loaded after the failed launch"

# Rollback: the first VM entry on CPU 1 fails its guest-state checks (the
# failure arrives as a VM exit, in root).
dmesg -c >/dev/null
out=$(lvd_modtime load $LVD_MOD/lvd_hv.ko fail_entry_cpu=1 2>&1)
[ $? != 0 ]
ok $? "load with a failing first VM entry on CPU 1 is refused"
line=$(dmesg | grep "lvd: not loaded")
echo "$line" | grep -q "CPU 1: the first VM entry failed: invalid guest state (exit reason 33"
ok $? "the refusal names the CPU and the failed VM entry ($line)"
[ "$(dmesg -r | grep -c '^<3>.*lvd: ')" = 1 ]
ok $? "the refusal is one error line"
hv_on_no_cpu && taskset -c 0 lvd_cpuid | grep -q "vmx=1" && taskset -c 1 lvd_cpuid | grep -q "vmx=1"
ok $? "after the rollback no CPU runs the hypervisor and both are back"
workload_ok
ok $? "workload correct on both CPUs after the rolled-back entry failure"

# A VM entry that fails after the launch: CPU 1 leaves, the kernel goes on.
insmod $LVD_MOD/lvd_hv.ko
ok $? "lvd_hv.ko loads on 2 CPUs"
dmesg -c >/dev/null
taskset -c 1 sh -c "echo 1 >$D/break_entry_test"
ok $? "a broken VM entry on CPU 1 returns to the writer"
line=$(dmesg | grep "lvd: CPU 1: VM entry failed")
echo "$line" | grep -q "invalid guest state .* this CPU leaves VMX operation and runs without LVD"
ok $? "one line says the entry failed and CPU 1 left ($line)"
grep -q "^cpus_launched 1$" $D/status
ok $? "status: 1 CPU launched"
taskset -c 0 lvd_cpuid >/dev/null && ! taskset -c 1 lvd_cpuid >/dev/null
ok $? "CPU 0 still runs the hypervisor, CPU 1 does not"
workload_ok
ok $? "workload correct on both CPUs after CPU 1 left"
rmmod lvd_hv
ok $? "lvd_hv unloads with one CPU already outside"
hv_on_no_cpu && taskset -c 1 lvd_cpuid | grep -q "vmx=1"
ok $? "no CPU runs the hypervisor after unload, CPU 1 offers VMX again"

insmod $LVD_MOD/lvd_hv.ko
ok $? "lvd_hv.ko loads on 2 CPUs"
echo 0 >$C1
ok $? "CPU 1 goes offline while the hypervisor runs"
grep -q "^cpus_launched 1$" $D/status && grep -q "^cpus_online 1$" $D/status
ok $? "status: 1 CPU launched, 1 online"
taskset -c 0 lvd_cpuid >/dev/null
ok $? "CPU 0 still runs the hypervisor"
echo 1 >$C1
ok $? "CPU 1 comes back online"
grep -q "^cpus_launched 2$" $D/status
ok $? "status: 2 CPUs launched"
out=$(taskset -c 1 lvd_cpuid)
echo "$out" | grep -q "cpu=1"
ok $? "CPU 1 was launched when it came online ($out)"
workload_ok
ok $? "workload correct on both CPUs after the hotplug"
rmmod lvd_hv
ok $? "lvd_hv unloads"
hv_on_no_cpu
ok $? "no CPU runs the hypervisor after unload"
echo 0 >$C1 && echo 1 >$C1
ok $? "CPU 1 goes offline and online again without the hypervisor"
done_testing
