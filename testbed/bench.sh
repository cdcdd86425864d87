#!/bin/bash
# testbed/bench.sh - "make bench": boot the emulated Intel machine once with
# the benchmark scenario (tests/guest/bench/bench: 1 CPU, Haswell, cloud
# kernel, tests/guest/dom_bench.sh) and print its one table: instructions,
# VMFUNCs and VM exits per round trip of a native call, a system call, a
# hypercall and domain calls, with the modelled cost. The boot's logs stay
# in build/boot/bench/.
set -uo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
OUT=$ROOT/build/boot/bench

echo "LVD bench: booting Debian's stock kernel in an emulated Intel Haswell (Bochs, 1 CPU)..."
out=$("$ROOT/testbed/boot.sh" "$ROOT/tests/guest/bench/bench")
rc=$?
# The table: the diagnostics of dom_bench.sh in the guest's TAP log.
sed -n '/LVD-GUEST-BEGIN/,/LVD-GUEST-END/p' "$OUT/tap.log" 2>/dev/null | tr -d '\r' |
	sed -n 's/^# //p' | grep -v '^test: '
echo "$out" | sed -n 's/^# boot: .*wall=\([0-9]*s\) ticks=\([0-9]*\).*/boot: \1 wall for the whole boot, \2 emulated ticks/p'
pass=$(echo "$out" | grep -c '^ok [0-9]')
fail=$(echo "$out" | grep -c '^not ok [0-9]')
echo "checks in the guest: $pass passed, $fail failed"
if [ $rc = 0 ]; then
	echo "Bench finished: the guest powered off cleanly; logs in build/boot/bench/."
else
	echo "$out" | grep -e '^not ok' -e '^#   ' | sed 's/^/  /'
	echo "Bench FAILED: logs are in build/boot/bench/."
fi
exit $rc
