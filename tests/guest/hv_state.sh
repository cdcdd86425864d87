#!/bin/sh
# tests/guest/hv_state.sh - what the kernel does in kernel mode reaches the
# hypervisor's exit handlers and works (XSETBV, INVD, a CR4 write clearing
# VMXE, an intercepted WRMSR, a touch of physical memory outside the memory
# map); the hypervisor refuses to load when VMX is already in use (EBUSY);
# and unloading leaves every CPU's privileged state exactly as before.
. ./lib.sh
. ./hv_lib.sh
P=/sys/module/lvd_probe/parameters
ncpu=$(nproc)
last=$((ncpu - 1))

# reads_as_written LINE: a probe line "... wrote X, reads Y" has X = Y.
reads_as_written() {
	[ "$(echo "$1" | sed 's/.*wrote \([^,]*\),.*/\1/')" = "$(echo "$1" | sed 's/.* reads //')" ]
}

insmod $LVD_MOD/lvd_probe.ko
ok $? "test probe module loads"
for c in $(seq 0 $last); do
	taskset -c $c cat $P/cpu_state | sed 's/ fsbase=[^ ]*//' >/tmp/state.$c.before
done
diag "CPU 0 before: $(cat /tmp/state.0.before)"

# VMX held by someone else (as kvm_intel does while it runs a VM): EBUSY.
taskset -c $last sh -c "echo vmxe_on >$P/exercise"
out=$(lvd_modtime load $LVD_MOD/lvd_hv.ko 2>&1)
echo "$out" | grep -q "busy"
ok $? "load refused with EBUSY while CPU $last has CR4.VMXE set ($out)"
line=$(dmesg | grep "lvd: not loaded" | tail -n 1)
echo "$line" | grep -q "CPU $last: VMX is already in use (CR4.VMXE set), probably by kvm_intel running a VM; stop that hypervisor"
ok $? "one refusal line says which CPU and what to do"
hv_on_no_cpu
ok $? "no CPU left running the hypervisor after the refusal"
taskset -c $last sh -c "echo vmxe_off >$P/exercise"

insmod $LVD_MOD/lvd_hv.ko
ok $? "lvd_hv.ko loads"
for act in xsetbv invd cr4_vmxe cr0_ne wrmsr_lstar wrmsr_efer wrmsr_sysenter ept_hole \
	   vmcall_version vmcall_unknown vmcall_leave; do
	for c in $(seq 0 $last); do
		taskset -c $c sh -c "echo $act >$P/exercise"
	done
done
n=$(dmesg | grep -c "lvd_probe: xsetbv: XCR0 .* kept")
[ "$(hv_count xsetbv)" -ge $ncpu ] && [ $n = $ncpu ]
ok $? "XSETBV exits and is carried out ($(hv_count xsetbv) exits)"
[ "$(hv_count invd)" -ge $ncpu ] && dmesg | grep -q "lvd_probe: invd: survived"
ok $? "INVD exits and is emulated ($(hv_count invd) exits)"
line=$(dmesg | grep "lvd_probe: cr4_vmxe:" | tail -n 1)
[ "$(hv_count cr_access)" -ge $ncpu ] && reads_as_written "$line"
ok $? "CR4 write clearing VMXE exits; the kernel reads back what it wrote ($line)"
line=$(dmesg | grep "lvd_probe: cr0_ne:" | tail -n 1)
[ "$(hv_count cr_access)" -ge $((4 * ncpu)) ] && reads_as_written "$line"
ok $? "CR0 write clearing NE exits; the kernel reads back what it wrote ($line)"
hv_on_all_cpus
ok $? "hypervisor still runs on every CPU after the CR4 and CR0 writes"
[ "$(hv_count wrmsr)" -ge $ncpu ] && [ "$(dmesg | grep -c 'lvd_probe: wrmsr_lstar: ok')" = $ncpu ]
ok $? "intercepted WRMSR of LSTAR exits and is carried out ($(hv_count wrmsr) exits)"
n=0
for m in efer sysenter; do
	dmesg | grep "lvd_probe: wrmsr_$m: ok" | awk '{ if ($(NF - 2) != $NF) exit 1 }' && n=$((n + 1))
done
[ $n = 2 ] && [ "$(hv_count wrmsr)" -ge $((3 * ncpu)) ]
ok $? "WRMSR of EFER and SYSENTER_ESP go to the VMCS and read back unchanged"
[ "$(hv_count ept_violation)" -ge 1 ] && [ "$(hv_count ept_holes_filled)" -ge 1 ]
ok $? "touch outside the memory map: EPT violation, hole mapped ($(hv_count ept_violation) violations)"
dmesg | grep "lvd: EPT violation" | head -n 2 | while read -r l; do diag "$l"; done
[ "$(dmesg | grep -c 'lvd: EPT violation: .* outside the memory map; mapped')" = "$(hv_count ept_holes_filled)" ]
ok $? "each filled hole logged once, no exit storm ($(hv_count ept_violation) violations)"
[ "$(dmesg | grep -c 'lvd_probe: ept_hole: read')" = $ncpu ]
ok $? "the kernel's read outside the memory map completed on every CPU"
filled=$(hv_count ept_holes_filled)
hole=$(dmesg | sed -n 's/.*lvd_probe: ept_hole: read [^ ]* at \(0x[0-9a-f]*\).*/\1/p' | head -n 1)
echo "$hole" >$D/ept_misconfig_test
ok $? "testing knob corrupts the EPT entry for $hole"
taskset -c 0 sh -c "echo ept_hole >$P/exercise"
[ "$(hv_count ept_misconfig)" = 1 ] && [ "$(hv_count ept_holes_filled)" = $((filled + 1)) ]
ok $? "EPT misconfiguration exits once, the entry is dropped and refilled ($(hv_count ept_misconfig) misconfig)"
dmesg | grep "lvd: EPT misconfiguration" | while read -r l; do diag "$l"; done
dmesg | grep -q "lvd: EPT misconfiguration: GPA $hole .*(dropped, will be refilled)"
ok $? "misconfiguration logged with the address"
[ "$(dmesg | grep -c 'lvd_probe: ept_hole: read')" = $((ncpu + 1)) ]
ok $? "the kernel's read through the repaired entry completed"
abi=$(cat /lvd/abi)
[ "$(dmesg | grep -c "lvd_probe: vmcall_version: returned $abi\$")" = $ncpu ]
ok $? "kernel-mode VERSION hypercall returns ABI version $abi (include/lvd/hypercall.h) on every CPU"
[ "$(dmesg | grep -c 'lvd_probe: vmcall_unknown: returned -95$')" = $ncpu ]
ok $? "kernel-mode unknown hypercall returns -EOPNOTSUPP"
[ "$(dmesg | grep -c 'lvd_probe: vmcall_leave: returned -1$')" = $ncpu ] && hv_on_all_cpus
ok $? "kernel-mode LEAVE from outside lvd_hv is refused with -EPERM; every CPU stays under the hypervisor"
dmesg | grep -q "lvd: refused hypercall 1 from RIP .*: not the module's call site"
ok $? "the refusal is logged"
[ "$(hv_count hypercalls_ok)" = $((2 * ncpu)) ] && [ "$(hv_count hypercalls_refused)" = $ncpu ]
ok $? "kernel hypercalls counted: $(hv_count hypercalls_ok) accepted, $(hv_count hypercalls_refused) refused"
[ "$(hv_count injected_gp)" = 0 ]
ok $? "no #GP injected"
taskset -c 0 sh -c "echo wrmsr_feature_control >$P/exercise"
dmesg | grep -q "lvd_probe: wrmsr_feature_control: faulted" && [ "$(hv_count injected_gp)" = 1 ]
ok $? "WRMSR to IA32_FEATURE_CONTROL refused with #GP, as on the locked MSR"
hv_on_all_cpus
ok $? "hypervisor still runs after the refused WRMSR"
on_every_cpu lvd_ioperm
ok $? "user-space port I/O with ioperm works under the hypervisor"

rmmod lvd_hv
ok $? "lvd_hv unloads"
same=0
for c in $(seq 0 $last); do
	taskset -c $c cat $P/cpu_state | sed 's/ fsbase=[^ ]*//' >/tmp/state.$c.after
	if cmp -s /tmp/state.$c.before /tmp/state.$c.after; then
		same=$((same + 1))
	else
		diag "CPU $c before: $(cat /tmp/state.$c.before)"
		diag "CPU $c after:  $(cat /tmp/state.$c.after)"
	fi
done
[ $same = $ncpu ]
ok $? "every CPU's privileged state after unload equals the state before load"
on_every_cpu lvd_ioperm
ok $? "user-space port I/O with ioperm works after unload on every CPU (TSS limit)"
rmmod lvd_probe
ok $? "test probe module unloads"
done_testing
