#!/bin/sh
# tests/guest/hv_rules.sh - the hypervisor answers every guest write it
# intercepts the way the bare CPU does: control-register, XCR0 and MSR
# writes a CPU refuses (and a few it accepts), tried first natively and
# then under LVD, in the same boot; from kernel mode (lvd_probe.ko) and
# from root through /dev/cpu/0/msr (msr.ko, lvd_msr). Each case must end
# the same way (#GP / EIO, or done) and the kernel must go on. And the one
# intended difference: CR0.WP, which protects the kernel, stays set.
. ./lib.sh
. ./hv_lib.sh
P=/sys/module/lvd_probe/parameters

grep -q '^lvd_hv ' /proc/modules && rmmod lvd_hv
probe_was_loaded=$(grep -c '^lvd_probe ' /proc/modules)
[ "$probe_was_loaded" = 1 ] || insmod $LVD_MOD/lvd_probe.ko
[ -e /dev/cpu/0/msr ] || insmod $LVD_MOD/msr.ko
[ -e /dev/cpu/0/msr ] && [ -w $P/exercise ]
ok $? "precondition: msr driver and probe module loaded, hypervisor not loaded"

# run: every case on CPU 0, one line "WAY NAME OUTCOME" each.
run() {
	before=$(dmesg | wc -l)
	taskset -c 0 sh -c "echo bad_writes >$P/exercise"
	dmesg | tail -n +$((before + 1)) | sed -n 's/.*lvd_probe: bad_writes: /kernel /p'
	taskset -c 0 lvd_msr bad_writes 0 | sed 's/^/devmsr /'
	echo "user cpuid_faulting $(taskset -c 0 lvd_cpuidfault)"
}

native=$(run)
nbad=$(echo "$native" | grep -c -e ' gp$' -e ' EIO$')
ncases=$(echo "$native" | grep -c .)
diag "CPUID faulting natively: $(echo "$native" | awk '$2 == "cpuid_faulting" { print $3 }')"
[ "$nbad" -ge 30 ] && [ "$ncases" -ge 64 ]
ok $? "natively the CPU refuses $nbad of $ncases writes"
echo "$native" | grep -q "^kernel cr0_same ok$" && echo "$native" | grep -q "^devmsr efer_same ok$"
ok $? "natively the writes of unchanged values go through"

# The pinned CR0.WP: natively, clearing it lets kernel code write read-only
# memory; under LVD the write faults although CR0 reads back as written.
wp() {
	before=$(dmesg | wc -l)
	taskset -c 0 sh -c "echo wp_attack >$P/exercise"
	dmesg | tail -n +$((before + 1)) | sed -n 's/.*lvd_probe: wp_attack: //p'
}
out=$(wp)
[ "$out" = "write went through, CR0 read WP=0" ]
ok $? "natively a cleared CR0.WP lets kernel code write read-only memory ($out)"

insmod $LVD_MOD/lvd_hv.ko
ok $? "lvd_hv.ko loads"
out=$(wp)
[ "$out" = "write faulted, CR0 read WP=0" ]
ok $? "under LVD CR0.WP stays set: the write to read-only memory faults ($out)"
dmesg | grep -q "lvd: code at RIP .* cleared CR0 bits 0x10000 that protect the kernel; LVD keeps them set"
ok $? "the attempt is logged"
[ "$(hv_count cr_pinned)" -ge 1 ]
ok $? "and counted ($(hv_count cr_pinned))"
gp0=$(hv_count injected_gp)
under=$(run)
while read -r way name outcome; do
	got=$(echo "$under" | awk -v w="$way" -v n="$name" '$1 == w && $2 == n { print $3 }')
	[ "$got" = "$outcome" ]
	ok $? "$way $name: $outcome under LVD as on the bare CPU (got ${got:-nothing})"
done <<EOF
$native
EOF
[ "$(echo "$under" | grep -c .)" = "$ncases" ]
ok $? "under LVD every case ran ($(echo "$under" | grep -c .) of $ncases)"
diag "intercepted writes refused with #GP by the hypervisor: $(($(hv_count injected_gp) - gp0))"
taskset -c 0 lvd_cpuid >/dev/null
ok $? "the hypervisor still runs after the refused writes"
workload_ok
ok $? "workload correct after the refused writes"
rmmod lvd_hv
ok $? "lvd_hv unloads"
[ "$probe_was_loaded" = 1 ] || rmmod lvd_probe
done_testing
