#!/bin/sh
# tests/guest/hv_basic.sh - the hypervisor loads on every online CPU, the
# LVD CPUID leaf answers on each of them, a CPL-3 hypercall is refused
# without harm, the exit counters are readable, and unloading gives every
# CPU back (the leaf disappears, VMX shows again in CPUID).
. ./lib.sh
. ./hv_lib.sh
D=/sys/kernel/debug/lvd
ncpu=$(nproc)

dmesg | grep -q "Kernel/User page tables isolation: enabled"
ok $? "precondition: the kernel runs with page-table isolation (host CR3 must be 8 KB-aligned)"
diag "$(dmesg | grep -i -m 2 'page tables isolation\|x2apic enabled\|TSC_DEADLINE' | sed 's/^\[[^]]*\] //')"

out=$(lvd_stepcpuid)
ok $? "without the hypervisor, single-stepping over CPUID traps right after it ($out)"

t=$(lvd_modtime load $LVD_MOD/lvd_hv.ko)
ok $? "lvd_hv.ko loads and launches"
diag "load: $t (TSC ticks = emulated instructions)"
dmesg | grep -q "lvd: hypervisor running on $ncpu of $ncpu online CPUs;"
ok $? "log says the hypervisor runs on all $ncpu CPUs"
dmesg | grep "lvd: kernel EPT" | sed 's/^\[[^]]*\] //' | while read -r l; do diag "$l"; done
memk=$(awk '/^MemTotal:/ { print $2 }' /proc/meminfo)
if [ "$memk" -gt 1572864 ]; then
	grep -q "^ept_pages_1g [1-9]" $D/status
	ok $? "EPT maps the second GB of RAM with a 1 GB page"
else
	skip "1 GB EPT page" "needs 2 GB of guest memory"
fi
n4k=$(awk '$1 == "ept_pages_4k" { print $2 }' $D/status)
[ "$n4k" -lt 1024 ]
ok $? "4 KB EPT pages only where needed: first 2 MB and small MMIO ranges ($n4k)"
cat $D/status | while read -r l; do diag "status: $l"; done
grep -q "^cpus_launched $ncpu$" $D/status
ok $? "debugfs status: $ncpu CPUs launched"

cpu=0
while [ $cpu -lt $ncpu ]; do
	out=$(taskset -c $cpu lvd_cpuid)
	echo "$out" | grep -q "^lvd present abi=$(cat /lvd/abi) cpu=$cpu vmx=0 hypervisor_bit=1$"
	ok $? "CPU $cpu: LVD signature leaf answers, VMX hidden ($out)"
	cpu=$((cpu + 1))
done

out=$(taskset -c 0 lvd_stepcpuid)
ok $? "under the hypervisor, single-stepping over the emulated CPUID traps right after it ($out)"

out=$(lvd_vmcall 1)
ok $? "CPL-3 LEAVE hypercall gets SIGILL ($out)"
out=$(lvd_vmcall 0)
ok $? "CPL-3 VERSION hypercall gets SIGILL ($out)"

# VMFUNC works at CPL 3: the kernel's own view (index 0) is a no-op without
# an exit; an empty slot, an index past the list and an unknown function
# exit and give the program SIGILL.
vf0=$(hv_count vmfunc)
out=$(lvd_vmfunc 0 0)
ok $? "CPL-3 VMFUNC to the kernel's view (index 0) returns ($out)"
[ "$(hv_count vmfunc)" = "$vf0" ]
ok $? "... without a VM exit"
for args in "0 1" "0 511" "0 512" "1 0"; do
	out=$(lvd_vmfunc $args)
	[ $? = 2 ]
	ok $? "CPL-3 VMFUNC $args gets SIGILL ($out)"
done
[ "$(hv_count vmfunc)" = $((vf0 + 4)) ]
ok $? "each refused VMFUNC was one VM exit"
taskset -c 0 lvd_cpuid >/dev/null
ok $? "hypervisor still runs after the refused hypercalls and VM functions"
refused=$(awk '$2 == "hypercalls_refused" { n += $3 } END { print n + 0 }' $D/exits)
[ "$refused" = 2 ]
ok $? "both refusals counted ($refused)"
dmesg | grep -q "lvd: refused hypercall 1 from CPL 3"
ok $? "refusal logged once with the CPL"

grep -q "^cpu0 cpuid " $D/exits
ok $? "per-CPU per-reason exit counters in debugfs"
grep -q "LSTAR" $D/msrs && ! grep -q "TSC_DEADLINE\|FS_BASE\|GS_BASE" $D/msrs
ok $? "intercepted MSR list names LSTAR, not TSC_DEADLINE or FS/GS bases"
diag "$(cat $D/exits)"

t=$(lvd_modtime unload lvd_hv)
ok $? "lvd_hv unloads"
diag "unload: $t"
taskset -c 0 lvd_cpuid >/dev/null
[ $? = 1 ]
ok $? "after unload the signature leaf is gone"
taskset -c 0 lvd_cpuid | grep -q "vmx=1"
ok $? "after unload CPUID shows VMX again"
[ ! -e $D ]
ok $? "debugfs entries removed"
dmesg | grep -q "lvd: hypervisor unloaded"
ok $? "unload logged"
done_testing
