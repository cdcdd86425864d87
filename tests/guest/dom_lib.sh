# tests/guest/dom_lib.sh - helpers of the domain tests (dom_*.sh): load the
# modules, call a domain and compare, check the canary and the log.
DOM_DIR=/lvd/domains
DBG=/sys/kernel/debug/lvd_dom

# dom_up: lvd_hv and lvd_dom loaded, /dev/lvd there.
dom_up() {
	insmod $LVD_MOD/lvd_hv.ko && insmod $LVD_MOD/lvd_dom.ko && [ -c /dev/lvd ]
}

# value NAME FUNC ARGS...: the decimal return value of a call, or "ERR rc".
value() {
	out=$(lvdctl call "$@" 2>/tmp/call.err)
	rc=$?
	[ $rc = 0 ] && echo "${out%% *}" || echo "ERR $rc"
}

# expect WANT NAME FUNC ARGS...: one TAP check that the call returns WANT.
expect() {
	want=$1
	shift
	got=$(value "$@")
	[ "$got" = "$want" ]
	ok $? "lvdctl call $* = $want (got $got)"
}

# canary_intact: the page of kernel memory the attacks aim at is unchanged.
canary_intact() {
	grep -qx intact $DBG/canary
}

canary_addr() {
	sed -n 's/^address //p' $DBG/canary
}

# stopped NAME FUNC ARGS...: the call fails because it stopped the domain.
stopped() {
	lvdctl call "$@" >/dev/null 2>/tmp/call.err
	rc=$?
	[ $rc = 1 ] && grep -q "was stopped during the call" /tmp/call.err &&
		lvdctl list | grep -q "^$1 .*stopped"
}

# state NAME: ready or stopped, from lvdctl list --json.
dom_pages() {
	lvdctl stats | sed -n 's/^pages: *//p'
}
