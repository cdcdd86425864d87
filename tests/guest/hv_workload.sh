#!/bin/sh
# tests/guest/hv_workload.sh - the kernel keeps working under the
# hypervisor: the guest workload program (processes, file I/O, pipes,
# signals, timers, sleeps, interrupts on every CPU) gives correct results,
# and the exits it costs are counted, per reason. Intercepted MSR and
# control-register exits must stay near zero per million instructions.
. ./lib.sh
. ./hv_lib.sh

# The same workload natively first, for the instruction count to compare.
n0=$(lvd_tsc)
workload 3 >/dev/null 2>&1
ok $? "workload correct without the hypervisor"
n1=$(lvd_tsc)

insmod $LVD_MOD/lvd_hv.ko
ok $? "lvd_hv.ko loads"
hv_exits >/tmp/exits.before
irq0=$(awk 'NR > 1 { for (i = 2; i <= NF && $i ~ /^[0-9]+$/; i++) n += $i } END { print n }' /proc/interrupts)
t0=$(lvd_tsc)
out=$(workload 3 2>&1)
rc=$?
t1=$(lvd_tsc)
irq1=$(awk 'NR > 1 { for (i = 2; i <= NF && $i ~ /^[0-9]+$/; i++) n += $i } END { print n }' /proc/interrupts)
[ $rc = 0 ] && ! echo "$out" | grep -q "^not ok" && echo "$out" | grep -q "^ok"
ok $? "workload gives correct results under the hypervisor (exit status $rc)"
echo "$out" | grep -v "^ok\|^TAP\|^1\.\." | while read -r l; do diag "$l"; done
echo "$out" | grep "^not ok" | while read -r l; do diag "workload: $l"; done
[ $((irq1 - irq0)) -gt 10 ]
ok $? "interrupts arrive in VMX non-root ($((irq1 - irq0)) during the workload)"
taskset -c 0 lvd_cpuid >/dev/null && hv_on_all_cpus
ok $? "hypervisor still answers on every CPU after the workload"

hv_exits >/tmp/exits.after
ticks=$((t1 - t0))
cpus=$(nproc)
diag "exits during the workload ($ticks TSC ticks = emulated instructions per CPU, $cpus CPU(s)):"
awk 'FILENAME == ARGV[1] { a[$1] = $2; next } $2 - a[$1] > 0 { print "  " $1, $2 - a[$1] }' \
	/tmp/exits.before /tmp/exits.after | while read -r l; do diag "  $l"; done
delta() {
	a=$(awk -v k="$1" '$1 == k { print $2 }' /tmp/exits.before)
	b=$(awk -v k="$1" '$1 == k { print $2 }' /tmp/exits.after)
	echo $((${b:-0} - ${a:-0}))
}
msr=$(($(delta rdmsr) + $(delta wrmsr)))
cr=$(delta cr_access)
all=0
for r in $(awk '{ print $1 }' /tmp/exits.after); do all=$((all + $(delta $r))); done
# per million instructions, counting every CPU's instructions
per_m() { echo $(($1 * 1000000 * 1000 / (ticks * cpus))) | sed 's/\(...\)$/.\1/;s/^\./0./'; }
diag "  all exits: $all = $(per_m $all) per million instructions"
diag "  MSR exits: $msr = $(per_m $msr) per million; CR exits: $cr = $(per_m $cr) per million"
diag "  TSC ticks natively: $((n1 - n0)), under the hypervisor: $ticks; modelled cost under the hypervisor (ticks + 1200 x exits / CPUs): $((ticks + 1200 * all / cpus))"
[ $((msr * 1000000 / (ticks * cpus))) -lt 1 ]
ok $? "intercepted MSR exits below 1 per million instructions ($msr)"
[ "$cr" = 0 ]
ok $? "no control-register exit during the workload ($cr)"
[ "$(hv_count injected_gp)" = 0 ]
ok $? "no #GP injected into the kernel"
[ "$(hv_count ept_holes_filled)" = 0 ] || diag "EPT holes filled: $(dmesg | grep 'EPT violation')"
rmmod lvd_hv
ok $? "lvd_hv unloads after the workload"
done_testing
