#!/bin/sh
# tests/guest/demo.sh - what "make demo" shows: readable lines, not TAP.
# Each step says what LVD did; a failing step says so and stops the demo.
M=/lvd/modules

echo "Guest: Linux $(uname -r), $(nproc) CPU(s), $(sed -n 's/^model name[^:]*: //p' /proc/cpuinfo | head -n1)"

echo "1. CPU virtualization features LVD needs:"
if ! insmod $M/lvd_hv.ko 2>/dev/null; then
	echo "   refused: $(dmesg | sed -n 's/.*lvd: //p' | tail -n1)"
	exit 1
fi
caps=/sys/kernel/debug/lvd/caps
echo "   $(grep -c '^yes' $caps) of $(grep -c '^\(yes\|no\) ' $caps) needed present: VMX, EPT (4-level, write-back, 2 MB pages, INVEPT),"
echo "   VPID (INVVPID), VM functions with EPTP switching, VMX-preemption timer"
rmmod lvd_hv

echo "2. The hypervisor: the running kernel moves into VMX non-root on every CPU."
D=/sys/kernel/debug/lvd
t0=$(lvd_tsc)
if ! insmod $M/lvd_hv.ko 2>/dev/null; then
	echo "   refused: $(dmesg | sed -n 's/.*lvd: //p' | tail -n1)"
	exit 1
fi
t1=$(lvd_tsc)
echo "   $(dmesg | sed -n 's/.*lvd: \(hypervisor running on [0-9]* of [0-9]* online CPUs\).*/\1/p' | tail -n1), in $(((t1 - t0) / 1000)) thousand instructions"
echo "   $(dmesg | sed -n 's/.*lvd: kernel EPT: [0-9]* ranges, \(.*\)/kernel memory mapped by EPT: \1/p' | tail -n1)"
for c in $(seq 0 $(($(nproc) - 1))); do
	echo "   CPU $c asks CPUID: $(taskset -c $c lvd_cpuid)"
done
echo "   a user program tries a hypercall: $(lvd_vmcall 1 | sed 's/^sigill$/refused, the program got SIGILL/')"
echo "3. The kernel keeps working: a short workload (processes, files, pipes, signals, timers):"
b=$(lvd_tsc)
if workload 1 >/tmp/demo.wl 2>&1; then
	echo "   $(grep -c '^ok' /tmp/demo.wl) checks passed in $((($(lvd_tsc) - b) / 1000000)) million instructions"
else
	echo "   FAILED: $(grep '^not ok' /tmp/demo.wl | head -n 3)"
fi
echo "   VM exits so far, per CPU and reason (nothing on the kernel's hot paths):"
grep -v -e ' 0$' -e total -e hypercalls_ok $D/exits | sed 's/^/     /'

echo "4. Domains: ring-0 code in an EPT view of its own, entered with VMFUNC (no VM exit)."
if ! insmod $M/lvd_dom.ko budget_ms=50 2>/dev/null; then
	echo "   refused: $(dmesg | sed -n 's/.*lvd_dom: //p' | tail -n1)"
	exit 1
fi
DOM=/lvd/domains
echo "   lvdctl load basic.o: $(lvdctl load $DOM/basic.o 2>&1)"
echo "   lvdctl call basic add6 1 2 3 4 5 6 -> $(lvdctl call basic add6 1 2 3 4 5 6 2>&1)  (1*1 + 2*3 + 3*5 + 4*7 + 5*11 + 6*13)"
echo "   an upcall to the kernel and back, up_add6 1 2 3 4 5 6 -> $(lvdctl call basic up_add6 1 2 3 4 5 6 2>&1)"
echo "   kernel and domain in turn, 9 domain entries deep, nest 8 -> $(lvdctl call basic nest 8 2>&1)"
echo "   lvdctl load bad.o: $(lvdctl load $DOM/bad.o 2>&1)"
canary=$(sed -n 's/^address //p' /sys/kernel/debug/lvd_dom/canary)
echo "   bad reads kernel memory at $canary:"
echo "     $(lvdctl call bad read_addr $canary 2>&1)"
lvdctl load $DOM/bad.o spinner >/dev/null 2>&1
echo "   spinner loops forever with interrupts off:"
echo "     $(lvdctl call spinner spin_cli 2>&1)"
echo "   the kernel logged:"
dmesg | sed -n 's/.*lvd_dom: \(domain .* stopped: .*\)/     \1/p'
echo "   lvdctl list:"
lvdctl list | sed 's/^/     /'
echo "   basic still answers: ret42 -> $(lvdctl call basic ret42 2>&1); kernel memory intact: $(sed -n 2p /sys/kernel/debug/lvd_dom/canary)"
for d in basic bad spinner; do
	lvdctl unload $d >/dev/null
done
rmmod lvd_dom
t0=$(lvd_tsc)
rmmod lvd_hv
t1=$(lvd_tsc)
echo "5. Unloaded in $(((t1 - t0) / 1000)) thousand instructions; CPU 0 now says: $(taskset -c 0 lvd_cpuid)"
