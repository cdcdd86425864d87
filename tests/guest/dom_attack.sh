#!/bin/sh
# tests/guest/dom_attack.sh - a domain that attacks is stopped, and the
# kernel, the canary and the other domain are untouched: it reads and
# writes kernel memory, its own page tables, another domain's memory and
# page tables, the EPTP list,
# writes its own code, executes its data, loops with
# interrupts on and off, halts, makes VMFUNCs of its own to another
# domain's slot, to an empty one and to the kernel's, jumps into the gates (the entry VMFUNC
# with the kernel's slot and with the victim's, the middle of the call
# gate), makes an upcall the kernel never exported, executes CPUID, VMCALL,
# UD2, a division by zero and a WRMSR to the MSR the gates trust; a user
# program that enters the domain's slot with VMFUNC gets SIGILL. After each
# attack the victim domain still answers and the canary is intact.
. ./lib.sh
. ./hv_lib.sh
. ./dom_lib.sh

insmod $LVD_MOD/lvd_hv.ko && insmod $LVD_MOD/lvd_dom.ko budget_ms=20 && [ -c /dev/lvd ]
ok $? "lvd_hv and lvd_dom (budget 20 ms) load"
lvdctl load $DOM_DIR/basic.o victim >/dev/null
ok $? "the victim domain loads"
victim_slot=$(lvdctl list | awk '$1 == "victim" { print $2 }')
expect 42 victim ret42
canary=$(canary_addr)
gate_call=$(sed -n 's/^call //p' $DBG/gate)
gate_upcall=$(sed -n 's/^upcall //p' $DBG/gate)
vmfuncs=$(sed -n 's/^vmfunc //p' $DBG/gate | wc -l)
[ "$vmfuncs" = 4 ]
ok $? "the gate pages hold exactly the 4 intended VMFUNCs at any byte offset ($vmfuncs)"
entry_vmfunc=$(sed -n 's/^vmfunc //p' $DBG/gate | head -n1)

# attack REASON FUNC ARGS...: load "bad", run FUNC, expect it stopped for
# REASON (the STOP column of lvdctl list), the victim and the canary fine.
attack() {
	why=$1
	shift
	lvdctl unload bad >/dev/null 2>&1
	lvdctl load $DOM_DIR/bad.o bad >/dev/null || { ok 1 "bad.o loads"; return; }
	# @root: the attacker's own root page table.
	own=$(awk '$1 == "bad" { print $4 }' $DBG/tables)
	set -- $(echo "$@" | sed "s/@root/$own/g")
	stopped bad "$@"
	r1=$?
	row=$(lvdctl list | awk '$1 == "bad"')
	echo "$row" | grep -q "stopped.*$why"
	r2=$?
	[ $r1 = 0 ] && [ $r2 = 0 ] && [ "$(value victim ret42)" = 42 ] && canary_intact
	ok $? "$* stops the domain ($why); victim answers, canary intact ($(echo $row | cut -d' ' -f3,8-))"
}

expect 7 victim add6 7 0 0 0 0 0
attack exit read_addr $canary
attack exit write_addr $canary 0x4141414141414141
attack exit read_addr @root
attack exit write_addr @root 0x4141414141414141
root=$(awk '$1 == "victim" { print $4 }' $DBG/tables)
image=$(awk '$1 == "victim" { print $6 }' $DBG/tables)
attack exit read_addr $image
attack exit write_addr $image 0x4141414141414141
attack exit read_addr $root
attack exit write_addr $root 0x4141414141414141
eptp_list=$(awk '$1 == "cpu0" { print $2 }' /sys/kernel/debug/lvd/eptp_lists)
attack exit read_addr $eptp_list
attack exit write_addr $eptp_list 0x4141414141414141
attack exit write_code
attack exit exec_data
attack budget spin
attack budget spin_cli
attack budget halt
attack exit vmfunc_to $victim_slot
attack "VM exit reason 59" vmfunc_to 300
attack "VM exit reason 0" vmfunc_to 0
attack exit jump $gate_call 0 0
attack landing jump $entry_vmfunc 0 0
attack exit jump $entry_vmfunc 0 $victim_slot
attack upcall jump $gate_upcall 999 0
attack "VM exit reason 10" do_cpuid
attack "VM exit reason 18" do_vmcall
attack exit ud
attack exit divide 1 0
attack "VM exit reason 32" wrmsr_tsc_aux 0x77
dmesg | grep -q "lvd_dom: domain bad (slot [0-9]*) stopped: ran past its run-time budget at RIP 0x"
ok $? "a stop is logged in one line: domain, reason, address"

out=$(lvdctl call bad ok 2>&1)
[ $? = 1 ] && echo "$out" | grep -q "is stopped"
ok $? "a stopped domain refuses later calls ($out)"
lvdctl load $DOM_DIR/bad.o bad2 >/dev/null
expect 7 bad2 ok
slot=$(lvdctl list | awk '$1 == "bad2" { print $2 }')
for c in $(seq 0 $(($(nproc) - 1))); do
	out=$(taskset -c $c lvd_vmfunc 0 $slot)
	[ $? = 2 ] && [ "$(value bad2 ok)" = 7 ]
	ok $? "CPU $c: a user program that enters the domain's slot with VMFUNC gets SIGILL; the domain answers ($out)"
done
expect 7 victim add6 7 0 0 0 0 0
canary_intact && workload_ok
ok $? "the kernel goes on: canary intact, workload correct"
lvdctl unload bad && lvdctl unload bad2 && lvdctl unload victim
ok $? "the domains unload"
rmmod lvd_dom && rmmod lvd_hv
ok $? "lvd_dom and lvd_hv unload"
done_testing
