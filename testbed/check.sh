#!/bin/bash
# testbed/check.sh - run every LVD test and print one closing line
# "N passed, N failed, N skipped".
#
# Suites: the user-space unit tests (make unit-run), kernel coding style
# (testbed/style.sh: checkpatch and kernel-doc), what the built modules
# contain (tests/testbed/build_test.sh: no test hooks in the users' build,
# no tracing or probing in VMX root), the kernel version
# resolution of the dependency step (tests/testbed/deps_test.sh), the
# testbed's own failure handling (tests/testbed/selftest.sh), the domain
# loader's bounded fuzz run (tests/unit/fuzz_elf_load.sh), the IDL compiler's tests
# (make -C idl check), and one emulated boot per file in
# tests/guest/scenarios/, two boots at a time (this machine has 2 cores).
# Every suite prints TAP; its full output is kept in build/check/SUITE.tap
# and only failures are repeated here. A suite that exits non-zero without a
# failing TAP line counts as one failure, so nothing can pass silently.
#
# Called by "make check" after the build; LVD_CHECK_JOBS sets the number of
# boots run at once (default 2).
set -uo pipefail

ROOT=$(cd "$(dirname "$0")/.." && pwd)
OUT=$ROOT/build/check
JOBS=${LVD_CHECK_JOBS:-2}
rm -rf "$OUT"
mkdir -p "$OUT"
cd "$ROOT"

# shellcheck source=testbed/tally.sh
. "$ROOT/testbed/tally.sh"
t0=$(date +%s)

# run_suite NAME CMD...: run a host-side suite and tally it.
run_suite() {
	local name=$1 rc
	shift
	"$@" >"$OUT/$name.tap" 2>&1
	rc=$?
	tally "$name" $rc
}

run_suite unit make -s unit-run
run_suite style testbed/style.sh
run_suite build tests/testbed/build_test.sh
run_suite deps tests/testbed/deps_test.sh
run_suite testbed tests/testbed/selftest.sh
# The IDL suite (about 90 s, mostly its bounded fuzz run) and the domain
# loader's bounded fuzz run (30 s) run beside the boots, one after the
# other; they are tallied after them.
(
	make -s -C idl check >"$OUT/idl.tap" 2>&1
	echo $? >"$OUT/idl.rc"
	tests/unit/fuzz_elf_load.sh >"$OUT/loader-fuzz.tap" 2>&1
	echo $? >"$OUT/loader-fuzz.rc"
) &
idl_pid=$!

# Guest boots, JOBS at a time, the slow ones (2 CPUs, the generic kernel's
# XZ decompressor) first; results tallied in name order.
scenarios=$(ls tests/guest/scenarios)
slow=$(cd tests/guest/scenarios && grep -l -e '^CPUS=2' -e '^FLAVOUR=amd64' $scenarios)
order="$slow $(echo "$scenarios" | grep -vxF -f <(echo "$slow"))"
for s in $order; do
	while [ "$(jobs -rp | grep -vx "$idl_pid" | wc -l)" -ge "$JOBS" ]; do
		wait -n
	done
	( testbed/boot.sh "$s" >"$OUT/boot-$s.tap" 2>&1; echo $? >"$OUT/boot-$s.rc" ) &
done
wait
tally idl "$(cat "$OUT/idl.rc" 2>/dev/null || echo 1)"
tally loader-fuzz "$(cat "$OUT/loader-fuzz.rc" 2>/dev/null || echo 1)"
for s in $scenarios; do
	tally "boot-$s" "$(cat "$OUT/boot-$s.rc" 2>/dev/null || echo 1)"
done

tally_end "$t0"
