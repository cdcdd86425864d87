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
# boot's TAP is kept in build/check-models/boot-MODEL.tap, its console and Bochs
# log in build/boot/MODEL/; only failures are repeated here.
set -uo pipefail

ROOT=$(cd "$(dirname "$0")/.." && pwd)
OUT=$ROOT/build/check-models
JOBS=${LVD_CHECK_JOBS:-2}
rm -rf "$OUT"
mkdir -p "$OUT"
cd "$ROOT" || exit 2

# shellcheck source=testbed/tally.sh
. "$ROOT/testbed/tally.sh"
t0=$(date +%s)

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
	( testbed/boot.sh "tests/guest/models/$m" >"$OUT/boot-$m.tap" 2>&1
	  echo $? >"$OUT/boot-$m.rc" ) &
done
wait
for m in $models; do
	# The boot's CPU model, wall time and ticks after the counts.
	tally "boot-$m" "$(cat "$OUT/boot-$m.rc" 2>/dev/null || echo 1)" \
		"$(sed -n 's/^# boot: .* cpu=\([^ ]*\) wall=\([^ ]*\) ticks=\([^ ]*\)$/\1, \2 wall, \3 ticks/p' \
			"$OUT/boot-$m.tap")"
done
tally_end "$t0"
