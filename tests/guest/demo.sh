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
echo "   $(grep -c '^yes' $caps) of $(grep -c '^\(yes\|no\) ' $caps) present: VMX, EPT (4-level, write-back, 2 MB pages, INVEPT),"
echo "   VPID (INVVPID), VM functions with EPTP switching, VMX-preemption timer"
rmmod lvd_hv
