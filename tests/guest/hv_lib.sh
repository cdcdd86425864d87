# tests/guest/hv_lib.sh - helpers for the hypervisor guest tests; sourced
# after lib.sh.
D=/sys/kernel/debug/lvd

# hv_exits: "reason count" per reason, summed over CPUs (exit reasons only).
hv_exits() {
	awk '$2 !~ /^(total|hypercalls_ok|hypercalls_refused|msr_writes_emulated|ept_holes_filled|injected_ud|injected_gp|entry_failed|cr_pinned|view_exits|view_aborts|budget_ticks)$/ \
		{ n[$2] += $3 } END { for (r in n) print r, n[r] }' $D/exits | sort
}

# hv_count NAME: a counter summed over CPUs.
hv_count() {
	awk -v k="$1" '$2 == k { n += $3 } END { print n + 0 }' $D/exits
}

# on_every_cpu CMD...: run CMD pinned to each online CPU in turn; fails
# (status 1) as soon as one run fails.
on_every_cpu() {
	for c in $(seq 0 $(($(nproc) - 1))); do
		taskset -c $c "$@" >/dev/null || return 1
	done
}

# hv_on_all_cpus: the LVD leaf answers on every online CPU.
hv_on_all_cpus() {
	on_every_cpu lvd_cpuid
}

# hv_on_no_cpu: the LVD leaf answers on no online CPU.
hv_on_no_cpu() {
	for c in $(seq 0 $(($(nproc) - 1))); do
		taskset -c $c lvd_cpuid >/dev/null && return 1
	done
	return 0
}

# need_cpu1_hotplug WHAT: skip the rest of the test (exit 0) unless there
# are 2 CPUs and CPU 1 can be taken offline.
C1=/sys/devices/system/cpu/cpu1/online
need_cpu1_hotplug() {
	if [ "$(nproc)" -lt 2 ] || [ ! -w $C1 ]; then
		skip "$1" "needs 2 CPUs with CPU 1 hotpluggable"
		done_testing
		exit 0
	fi
}

# workload_ok [N]: the guest workload (N rounds, default 1) reports no failure.
workload_ok() {
	_wl=$(workload "${1:-1}" 2>&1)
	! echo "$_wl" | grep -q "^not ok"
}
