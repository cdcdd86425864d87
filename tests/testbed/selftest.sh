#!/bin/bash
# tests/testbed/selftest.sh - the testbed never hangs and never passes
# silently: boots guests that panic, hang, fail a test, that Bochs refuses
# to start, or whose Bochs is killed right after it starts, and checks that testbed/boot.sh reports each as a failure with
# the reason, the last console lines and where the logs are. Prints TAP.
set -uo pipefail
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
S=$ROOT/tests/testbed/scenarios
OUT=$ROOT/build/selftest
mkdir -p "$OUT"
. "$ROOT/tests/guest/lib.sh"

# Two boots at a time.
for s in tb-hang tb-panic tb-fail tb-badcpu tb-killed; do
	while [ "$(jobs -rp | wc -l)" -ge 2 ]; do wait -n; done
	( "$ROOT/testbed/boot.sh" "$S/$s" >"$OUT/$s.out" 2>&1; echo $? >"$OUT/$s.rc" ) &
done
wait

for s in tb-hang tb-panic tb-fail tb-badcpu tb-killed; do
	rc=$(cat "$OUT/$s.rc")
	[ "$rc" = 1 ]
	ok $? "$s: boot.sh exits 1 (got $rc)"
	grep -q "^# logs kept in build/boot/$s/" "$OUT/$s.out" || [ $s = tb-fail ]
	ok $? "$s: report names the kept logs"
done
grep -q "^not ok - tb-hang: timed out after 40s" "$OUT/tb-hang.out"
ok $? "tb-hang: reported as a timeout"
grep -q "^ok 1 - about to hang" "$OUT/tb-hang.out"
ok $? "tb-hang: the guest's output before the hang is shown"
grep -q "^not ok - tb-panic: guest kernel panic" "$OUT/tb-panic.out"
ok $? "tb-panic: reported as a guest kernel panic"
grep -q "^#   .*end Kernel panic" "$OUT/tb-panic.out"
ok $? "tb-panic: last console lines include the panic"
grep -q "^not ok 2 - a check that fails on purpose" "$OUT/tb-fail.out"
ok $? "tb-fail: the guest's failing check is passed on"
grep -q "^ok - tb-fail: guest ran to the end" "$OUT/tb-fail.out"
ok $? "tb-fail: the boot itself completed"
# Bochs refusing its configuration, and Bochs dying at start: one line with
# how it ended and its own last error line.
grep -q "^not ok - tb-badcpu: Bochs exited with status 1 before the guest's first console line: .*bochsrc:[0-9]*: cpu directive malformed" "$OUT/tb-badcpu.out"
ok $? "tb-badcpu: one line with Bochs' exit status and its own error message"
grep -q "^not ok - tb-killed: Bochs was killed by SIGABRT before the guest's first console line: \*\*\* tb-killed: simulated abort \*\*\*: terminated$" "$OUT/tb-killed.out"
ok $? "tb-killed: one line with the signal and Bochs' last error line"
for s in tb-badcpu tb-killed; do
	[ "$(grep -c '^not ok - ' "$OUT/$s.out")" = 1 ]
	ok $? "$s: exactly one failure line"
	! grep -q "kernel log" "$OUT/$s.out"
	ok $? "$s: no kernel-log verdict when no kernel ran"
done
for s in tb-hang tb-panic tb-fail tb-badcpu tb-killed; do
	! pgrep -f "build/boot/$s/bochsrc" >/dev/null
	ok $? "$s: no Bochs process left running"
done
done_testing
