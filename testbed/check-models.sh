#!/bin/bash
# testbed/check-models.sh - boot every emulated CPU model of the matrix in
# tests/guest/models/ (one scenario file per Bochs model) and print one line
# per boot and a closing line "N passed, N failed".
#
# Intel models with VMX, EPT and VM functions must load the hypervisor, run
# the workload under it and unload; models without them (Ivy Bridge: no VM
# functions) must see lvd_hv.ko refused with one log line naming what is
# missing. The AMD refusal is cheap and runs in every "make check" instead
# (tests/guest/scenarios/novmx).
#
# Called by "make check-models" after the build; LVD_CHECK_JOBS sets the
# number of boots run at once (default 2, this machine has 2 cores). Each
# boot's TAP is kept in build/check-models/MODEL.tap, its console and Bochs
# log in build/boot/MODEL/; only failures are repeated here.
set -uo pipefail

ROOT=$(cd "$(dirname "$0")/.." && pwd)
OUT=$ROOT/build/check-models
JOBS=${LVD_CHECK_JOBS:-2}
rm -rf "$OUT"
mkdir -p "$OUT"
cd "$ROOT" || exit 2

total_pass=0 total_fail=0 total_skip=0
t0=$(date +%s)

# tally MODEL STATUS: count the TAP lines in build/check-models/MODEL.tap
# (as testbed/check.sh does), with the boot's wall time and ticks.
tally() {
	local model=$1 rc=$2 f=$OUT/$1.tap pass fail skip cost
	skip=$(grep -cE '^ok( |$).*# SKIP' "$f")
	pass=$(($(grep -cE '^ok( |$)' "$f") - skip))
	fail=$(grep -cE '^not ok( |$)' "$f")
	if [ "$rc" != 0 ] && [ "$fail" = 0 ]; then
		echo "not ok - $model: exited with status $rc" >>"$f"
		fail=1
	fi
	if [ $((pass + fail + skip)) = 0 ]; then
		echo "not ok - $model: ran no test" >>"$f"
		fail=1
	fi
	cost=$(sed -n 's/^# boot: .* cpu=\([^ ]*\) wall=\([^ ]*\) ticks=\([^ ]*\)$/\1, \2 wall, \3 ticks/p' "$f")
	printf '%-28s %4d passed, %d failed, %d skipped  (%s)\n' "boot-$model" "$pass" "$fail" "$skip" \
		"${cost:-no boot}"
	if [ "$fail" != 0 ]; then
		awk '/^not ok/ {show = 1; print "    " $0; next}
		     /^(ok|not ok)/ {show = 0}
		     show && /^#/ {print "    " $0}' "$f"
	fi
	total_pass=$((total_pass + pass))
	total_fail=$((total_fail + fail))
	total_skip=$((total_skip + skip))
}

# JOBS boots at a time, the longer ones (hypervisor launched) first; results
# tallied in name order.
models=$(ls tests/guest/models)
if [ -z "$models" ]; then
	echo "not ok - check-models: no scenario files in tests/guest/models/"
	echo "0 passed, 1 failed"
	exit 1
fi
long=$(cd tests/guest/models && grep -l '^TESTS=.*hv_' -- *)
order="$long $(echo "$models" | grep -vxF -f <(echo "$long"))"
for m in $order; do
	while [ "$(jobs -rp | wc -l)" -ge "$JOBS" ]; do
		wait -n
	done
	( testbed/boot.sh "tests/guest/models/$m" >"$OUT/$m.tap" 2>&1; echo $? >"$OUT/$m.rc" ) &
done
wait
for m in $models; do
	tally "$m" "$(cat "$OUT/$m.rc" 2>/dev/null || echo 1)"
done

echo "# full TAP in build/check-models/, guest logs in build/boot/; $(($(date +%s) - t0))s"
line="$total_pass passed, $total_fail failed"
[ "$total_skip" = 0 ] || line="$line, $total_skip skipped"
echo "$line"
[ "$total_fail" = 0 ]
