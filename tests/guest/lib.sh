# tests/guest/lib.sh - TAP helpers for shell tests: the guest-side ones
# (busybox sh) and the host-side testbed tests in tests/testbed/.
#
# A test sources this file, calls ok/skip once per check and ends with
# "done_testing", which prints the plan, to stdout (in the guest, the second
# serial port; see testbed/guest/init).
_n=0
_failed=0
echo "TAP version 13"

# ok COND_EXIT_STATUS DESCRIPTION: "ok" when the status is 0.
ok() {
	_n=$((_n + 1))
	if [ "$1" = 0 ]; then
		echo "ok $_n - $2"
	else
		echo "not ok $_n - $2"
		_failed=$((_failed + 1))
	fi
}

skip() {
	_n=$((_n + 1))
	echo "ok $_n - $1 # SKIP $2"
}

diag() {
	echo "$*" | sed 's/^/# /'
}

done_testing() {
	echo "1..$_n"
	[ "$_failed" = 0 ]
}

# Module under test, for this kernel.
LVD_MOD=/lvd/modules
