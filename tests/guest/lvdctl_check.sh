#!/bin/sh
# tests/guest/lvdctl_check.sh - "lvdctl check" tells, before anything of LVD
# is loaded, whether this CPU can run LVD. On a CPU that can (the scenario
# sets LVD_EXPECT_CAN_RUN=1): exit status 0, the verdict "this machine can
# run LVD", "can_run": true in --json, and the same answer once LVD runs.
# Otherwise: exit status 1 and a verdict naming every feature of
# LVD_EXPECT_MISSING (underscores for blanks, as in vmxcap-missing.sh), in
# the text and in the JSON. Also: usage errors (exit status 2, one line on
# stderr), the MSRs unreadable (exit status 3) and that lvdctl loads no
# module but the msr driver.
. ./lib.sh

out=/tmp/lvdctl.out
err=/tmp/lvdctl.err
json=/tmp/lvdctl.json

lvd_lines() {
	dmesg | grep -c 'lvd:'
}

grep -q '^lvd_hv ' /proc/modules
[ $? != 0 ]
ok $? "precondition: lvd_hv is not loaded"
lvd_before=$(lvd_lines)

# The command line: --version, --help, usage errors.
v=$(lvdctl --version)
[ $? = 0 ] && echo "$v" | grep -q '^lvdctl [0-9]'
ok $? "lvdctl --version: exit status 0, prints the version ($v)"
lvdctl --help | grep -q '^  check '
ok $? "lvdctl --help lists the check command"
lvdctl check --help | grep -q '^usage: lvdctl check'
ok $? "lvdctl check --help prints its usage"
lvdctl frobnicate >$out 2>$err
rc=$?
[ $rc = 2 ] && [ "$(wc -l <$err)" = 1 ] && grep -q "unknown command 'frobnicate'" $err && [ ! -s $out ]
ok $? "unknown command: exit status 2 ($rc), one line on stderr naming it: $(cat $err)"
lvdctl check --frobnicate >$out 2>$err
rc=$?
[ $rc = 2 ] && [ "$(wc -l <$err)" = 1 ] && grep -q "unknown option '--frobnicate'" $err && [ ! -s $out ]
ok $? "unknown option: exit status 2 ($rc), one line on stderr naming it: $(cat $err)"
lvdctl check extra >/dev/null 2>$err
rc=$?
[ $rc = 2 ] && grep -q "unexpected argument 'extra'" $err
ok $? "unexpected argument: exit status 2 ($rc)"

# Without the msr driver: as root lvdctl tries "modprobe msr", which finds
# nothing in this initramfs (msr.ko is in /lvd/modules), so a CPU with VMX
# gets exit status 3 and one line saying what could not be read; a CPU
# without VMX needs no MSR and gets its answer.
if grep -qw vmx /proc/cpuinfo; then vmx=1; else vmx=0; fi
if [ -e /dev/cpu/0/msr ]; then
	skip "lvdctl check without the msr driver" "msr.ko is already loaded"
elif [ $vmx = 1 ]; then
	lvdctl check >$out 2>$err
	rc=$?
	[ $rc = 3 ] && [ "$(wc -l <$err)" = 1 ] && grep -q '/dev/cpu/0/msr' $err &&
		tail -n 1 $out | grep -q '^cannot tell whether this machine can run LVD: '
	ok $? "MSRs unreadable: exit status 3 ($rc), stderr says which: $(cat $err)"
else
	lvdctl check >/dev/null 2>$err
	rc=$?
	[ $rc = 1 ] && [ ! -s $err ]
	ok $? "no VMX: answered without reading any MSR (exit status $rc)"
fi
[ -e /dev/cpu/0/msr ] || insmod $LVD_MOD/msr.ko
mods_before=$(cut -d' ' -f1 /proc/modules | sort)

lvdctl check >$out 2>$err
rc=$?
sed 's/^/# /' $out
verdict=$(tail -n 1 $out)
lvdctl check --json >$json 2>/dev/null
jrc=$?

vendor=$(sed -n 's/^vendor_id[^:]*: //p' /proc/cpuinfo | head -n 1)
grep -q "^cpu  $vendor family " $out && grep -q "\"vendor\": \"$vendor\"" $json
ok $? "names the CPU vendor ($vendor) in text and JSON"
grep -q '^no   running as a guest' $out && grep -q '"guest": false' $json
ok $? "the emulated machine is bare metal: not a guest"
grep -q '^no   another hypervisor holds VT-x' $out && grep -q '"holds_vtx": false' $json
ok $? "no other hypervisor holds VT-x"
[ "$(head -c 1 $json)" = "{" ] && [ "$(tail -n 1 $json)" = "}" ] &&
	[ "$(tr -cd '{' <$json | wc -c)" = "$(tr -cd '}' <$json | wc -c)" ] &&
	[ "$(tr -cd '[' <$json | wc -c)" = "$(tr -cd ']' <$json | wc -c)" ]
ok $? "--json prints one object, brackets balanced"

if [ "$LVD_EXPECT_CAN_RUN" = 1 ]; then
	[ $rc = 0 ]
	ok $? "exit status 0 on a CPU that can run LVD ($rc)"
	[ "$verdict" = "this machine can run LVD" ]
	ok $? "verdict: $verdict"
	for feat in "VMX (CPUID" "VMX enabled in IA32_FEATURE_CONTROL" "VMX-preemption timer" \
		    "EPT " "EPT 2 MB pages" "VPID" "VM functions" "VMFUNC EPTP switching"; do
		grep -q "^yes  $feat" $out
		ok $? "feature present: $feat"
	done
	grep -q '"can_run": true' $json && [ $jrc = 0 ] && grep -q '"reasons": \[\]' $json
	ok $? "--json: \"can_run\": true, no reasons, exit status 0 ($jrc)"
else
	[ $rc = 1 ]
	ok $? "exit status 1 on a CPU that cannot run LVD ($rc)"
	case $verdict in
	"this machine cannot run LVD: "*) true ;;
	*) false ;;
	esac
	ok $? "verdict: $verdict"
	for feat in $LVD_EXPECT_MISSING; do
		name=$(echo "$feat" | tr _ ' ')
		echo "$verdict" | grep -qF "$name" && grep -qF "\"name\": \"$name\", \"present\": false" $json &&
			sed -n '/"reasons"/,/\]/p' $json | grep -qF "$name"
		ok $? "names missing feature: $name (verdict, features and reasons of --json)"
	done
	grep -q '"can_run": false' $json && [ $jrc = 1 ]
	ok $? "--json: \"can_run\": false, exit status 1 ($jrc)"
fi
diag "--json:"
sed 's/^/# /' $json

[ "$(cut -d' ' -f1 /proc/modules | sort)" = "$mods_before" ] && ! grep -q '^lvd_hv ' /proc/modules
ok $? "lvdctl check loaded no module"
[ "$(lvd_lines)" = "$lvd_before" ]
ok $? "and the kernel logged nothing of LVD"

# Once LVD runs, CPUID hides VMX and carries LVD's signature: lvdctl says so
# and still answers from the MSRs.
if [ "$LVD_EXPECT_CAN_RUN" = 1 ]; then
	if insmod $LVD_MOD/lvd_hv.ko; then
		lvdctl check >$out 2>$err
		rc=$?
		lvdctl check --json >$json 2>/dev/null
		jrc=$?
		rmmod lvd_hv
		grep '^yes  LVD already running' $out | sed 's/^/# /' 
		[ $rc = 0 ] && grep -q '^yes  LVD already running' $out &&
			[ "$(tail -n 1 $out)" = "this machine can run LVD (it runs now)" ]
		ok $? "under LVD: exit status 0 ($rc), LVD seen running: $(tail -n 1 $out)"
		[ $jrc = 0 ] && grep -q '"running": true' $json && grep -q '"guest": false' $json
		ok $? "under LVD --json: \"running\": true, not counted as a guest"
	else
		ok 1 "lvd_hv.ko loads"
	fi
fi
done_testing
