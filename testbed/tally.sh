# testbed/tally.sh - sourced by testbed/check.sh and testbed/check-models.sh:
# count a suite's TAP file into one line and the running totals, and print
# the closing "N passed, N failed[, N skipped]" line. The caller sets OUT
# (the folder of the SUITE.tap files).

total_pass=0 total_fail=0 total_skip=0

# tally SUITE STATUS [NOTE]: count the TAP lines of $OUT/SUITE.tap. A suite
# that exited non-zero without a failing line, or that ran no test, counts
# as one failure, so nothing passes silently. NOTE is shown after the
# counts; every failure is repeated with the diagnostics that follow it.
tally() {
	local suite=$1 rc=$2 note=${3:-} f=$OUT/$1.tap pass fail skip
	skip=$(grep -cE '^ok( |$).*# SKIP' "$f")
	pass=$(($(grep -cE '^ok( |$)' "$f") - skip))
	fail=$(grep -cE '^not ok( |$)' "$f")
	if [ "$rc" != 0 ] && [ "$fail" = 0 ]; then
		echo "not ok - $suite: exited with status $rc" >>"$f"
		fail=1
	fi
	if [ $((pass + fail + skip)) = 0 ]; then
		echo "not ok - $suite: ran no test" >>"$f"
		fail=1
	fi
	printf '%-28s %4d passed, %d failed, %d skipped%s\n' "$suite" "$pass" "$fail" "$skip" \
		"${note:+  ($note)}"
	if [ "$fail" != 0 ]; then
		awk '/^not ok/ {show = 1; print "    " $0; next}
		     /^(ok|not ok)/ {show = 0}
		     show && /^#/ {print "    " $0}' "$f"
	fi
	total_pass=$((total_pass + pass))
	total_fail=$((total_fail + fail))
	total_skip=$((total_skip + skip))
}

# tally_end START: the closing lines; the status says whether all passed.
tally_end() {
	local line
	echo "# full TAP in ${OUT#"$ROOT"/}/, guest logs in build/boot/; $(($(date +%s) - $1))s"
	line="$total_pass passed, $total_fail failed"
	[ "$total_skip" = 0 ] || line="$line, $total_skip skipped"
	echo "$line"
	[ "$total_fail" = 0 ]
}
