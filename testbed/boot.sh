#!/bin/bash
# testbed/boot.sh [--raw] SCENARIO - boot the emulated Intel machine (Bochs,
# DESIGN.md section 5) with one guest scenario and report.
#
# SCENARIO names tests/guest/scenarios/SCENARIO (or is a path to a scenario
# file, e.g. the testbed's own self-tests), a shell fragment that sets
#   CPUS (1 or 2), FLAVOUR (cloud-amd64 | amd64), CPU_MODEL (a Bochs model),
#   TESTS (guest test programs, run in order), and optionally TIMEOUT (wall
#   seconds, default 300), MEGS (guest memory, default 256), CMDLINE_EXTRA,
#   and BOCHS_CMD (the testbed self-test's hook to start Bochs through a
#   wrapper; default bochs-bin).
#
# Prints the guest's TAP lines and two host-side checks (the guest ran to the
# end; its kernel log is clean) to stdout; with --raw prints the guest's
# output between the markers instead (for the demo). Everything is kept in
# build/boot/SCENARIO/: console.log (kernel console, COM1), tap.log (test
# output, COM2), bochs.log, bochsrc, bochs.out (Bochs' stdout and stderr),
# bochs.status (its exit status, 128+N when killed by signal N).
# Exit status: 0 when the guest finished and nothing failed.
set -uo pipefail

ROOT=$(cd "$(dirname "$0")/.." && pwd)
RAW=
if [ "${1:-}" = --raw ]; then
	RAW=1
	shift
fi
ARG=${1:?usage: boot.sh [--raw] SCENARIO|PATH}
case $ARG in
*/*)	SCEN=$(cd "$(dirname "$ARG")" && pwd)/$(basename "$ARG") ;;
*)	SCEN=$ROOT/tests/guest/scenarios/$ARG ;;
esac
NAME=$(basename "$ARG")
[ -f "$SCEN" ] || { echo "boot: no scenario '$ARG' (see tests/guest/scenarios)" >&2; exit 2; }

CPUS=1 FLAVOUR=cloud-amd64 CPU_MODEL=corei7_haswell_4770 TIMEOUT=300 MEGS=256 CMDLINE_EXTRA=
BOCHS_CMD=bochs-bin
# shellcheck source=/dev/null
. "$SCEN"

OUT=$ROOT/build/boot/$NAME
rm -rf "$OUT"
mkdir -p "$OUT/iso/isolinux"
REL=${OUT#"$ROOT"/}

var=VMLINUZ_$(echo "$FLAVOUR" | tr 'a-z-' 'A-Z_')
VMLINUZ=$(sed -n "s|^$var := ||p" "$ROOT/build/deps/kernel.mk" 2>/dev/null)
[ -f "$VMLINUZ" ] || { echo "boot: no kernel image for flavour '$FLAVOUR'; run 'make deps'" >&2; exit 2; }

# Per-boot image: initramfs staged in the boot folder, so boots can run at once.
"$ROOT/testbed/mkimage.sh" "$FLAVOUR" "$OUT/image" >/dev/null || exit 2
cp "$VMLINUZ" "$OUT/iso/vmlinuz"
cp "$OUT/image/initrd.img" "$OUT/iso/initrd.img"
cp /usr/lib/ISOLINUX/isolinux.bin /usr/lib/syslinux/modules/bios/ldlinux.c32 "$OUT/iso/isolinux/"

# Kernel command line: the quiet, fast boot measured in DESIGN.md section 5,
# with page-table isolation and other mitigations left on (users have them),
# idle=halt (Bochs SMP hangs with mwait idle), and oops=panic so a kernel bug
# stops the boot instead of hiding in the log.
CMDLINE="console=ttyS0,115200 nokaslr quiet loglevel=4 cryptomgr.notests init_on_alloc=0"
CMDLINE="$CMDLINE audit=0 nowatchdog tsc=reliable idle=halt oops=panic panic=0"
CMDLINE="$CMDLINE lvdscenario=$NAME $CMDLINE_EXTRA"
cat >"$OUT/iso/isolinux/isolinux.cfg" <<EOF
default lvd
prompt 0
timeout 0
label lvd
  kernel /vmlinuz
  append initrd=/initrd.img $CMDLINE
EOF
genisoimage -quiet -o "$OUT/boot.iso" -b isolinux/isolinux.bin -c isolinux/boot.cat \
	-no-emul-boot -boot-load-size 4 -boot-info-table -R "$OUT/iso" ||
	{ echo "boot: genisoimage failed" >&2; exit 2; }
rm -rf "$OUT/iso" "$OUT/image/root"

# The emulated machine depends on nothing of the host but the Bochs package
# and the files made above: every device or option that could reach host
# state (sound, speaker, display, network, USB, parallel ports, clock) is set
# to a null or dummy backend or turned off, and Bochs runs with an empty
# environment (no host ALSA, display, plugin-path or locale settings).
# - display: Debian's bochs package has one headless display library, rfb (a
#   VNC server on TCP port 5900 or the next free one, on every address), so
#   Bochs runs in a network namespace of its own: nothing outside can reach
#   it and it takes no port of the host's.
# - sound/speaker: the dummy drivers; the host's ALSA is never opened (with
#   ALSA and no sound card, Bochs 2.7 aborts in its mixer thread).
# - clock: sync=none makes emulated time follow instructions, so runs repeat;
#   time0 fixes the guest's wall clock at $TIME0 instead of the host's time.
# - plugin_ctrl unloads the optional devices that have host backends.
TIME0=1767225600	# 2026-01-01 00:00:00 UTC
cat >"$OUT/bochsrc" <<EOF
plugin_ctrl: speaker=0, parallel=0, gameport=0, sb16=0, es1370=0, ne2k=0, e1000=0, pcipnic=0, usb_uhci=0, usb_ohci=0, usb_ehci=0, usb_xhci=0
config_interface: textconfig
display_library: rfb, options="timeout=0"
megs: $MEGS
cpu: model=$CPU_MODEL, count=$CPUS, ips=50000000, reset_on_triple_fault=0
romimage: file=/usr/share/bochs/BIOS-bochs-latest
vgaromimage: file=/usr/share/vgabios/vgabios.bin
pci: enabled=1, chipset=i440fx
ata0: enabled=1, ioaddr1=0x1f0, ioaddr2=0x3f0, irq=14
ata0-master: type=cdrom, path=$OUT/boot.iso, status=inserted
ata0-slave: type=none
ata1: enabled=0
ata2: enabled=0
ata3: enabled=0
floppya: type=none
floppyb: type=none
boot: cdrom
com1: enabled=1, mode=file, dev=$OUT/console.log
com2: enabled=1, mode=file, dev=$OUT/tap.log
com3: enabled=0
com4: enabled=0
sound: waveoutdrv=dummy, waveindrv=dummy, midioutdrv=dummy
mouse: enabled=0
private_colormap: enabled=0
port_e9_hack: enabled=0
clock: sync=none, rtc_sync=0, time0=$TIME0
log: $OUT/bochs.log
debugger_log: /dev/null
panic: action=fatal
error: action=report
info: action=report
debug: action=ignore
EOF
echo c >"$OUT/bochs.cmds"

# An empty network namespace: root's own, else one in a user namespace.
# Where the host allows neither (a container without the capability), the
# boot still runs, with Bochs' VNC display on a host port, and says so.
NETNS=
for ns in "unshare --net" "unshare --user --map-root-user --net"; do
	if $ns true 2>/dev/null; then
		NETNS=$ns
		break
	fi
done
netns_note=
[ -n "$NETNS" ] || netns_note="# note: no network namespace for Bochs ($(unshare --net true 2>&1 | head -n1)); its VNC display listens on a host port"

# Bochs runs under a small shell that records its exit status (or signal) in
# bochs.status and its pid in bochs.pid; that shell's own job report ("Aborted")
# goes nowhere: the status says it.
start=$(date +%s)
(
	$NETNS env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin HOME="$OUT" LANG=C \
		$BOCHS_CMD -q -f "$OUT/bochsrc" -rc "$OUT/bochs.cmds" >"$OUT/bochs.out" 2>&1 </dev/null &
	echo $! >"$OUT/bochs.pid"
	wait $!
	echo $? >"$OUT/bochs.status"
) 2>/dev/null &
runner=$!
while [ ! -s "$OUT/bochs.pid" ] && kill -0 $runner 2>/dev/null; do sleep 0.1; done
pid=$(cat "$OUT/bochs.pid" 2>/dev/null)
reason=
t_kernel= t_init=
while kill -0 $runner 2>/dev/null; do
	sleep 1
	now=$(date +%s)
	# Phases in wall time: first kernel console byte, then init's marker.
	[ -z "$t_kernel" ] && [ -s "$OUT/console.log" ] && t_kernel=$((now - start))
	[ -z "$t_init" ] && grep -q LVD-GUEST-BEGIN "$OUT/tap.log" 2>/dev/null &&
		t_init=$((now - start))
	if [ $((now - start)) -ge "$TIMEOUT" ]; then
		reason="timed out after ${TIMEOUT}s"
	elif grep -q "Kernel panic - not syncing" "$OUT/console.log" 2>/dev/null; then
		sleep 2
		reason="guest kernel panic"
	fi
	if [ -n "$reason" ]; then
		kill -INT "$pid" 2>/dev/null; sleep 1; kill -KILL "$pid" 2>/dev/null
		break
	fi
done
wait $runner 2>/dev/null
wall=$(($(date +%s) - start))
ticks=$(grep -o '^[0-9]\{11,\}' "$OUT/bochs.log" 2>/dev/null | tail -n1 | sed 's/^0*//')
exitmsg=$(sed -n '/Bochs is exiting with the following message/{n;s/^\[[^]]*\] *//;p;}' "$OUT/bochs.out" | head -n1)
# How Bochs ended: "exited with status N" or "was killed by SIGNAME".
bstatus=$(cat "$OUT/bochs.status" 2>/dev/null)
case $bstatus in
'')	bhow="ended with an unknown status" ;;
1[3-9][0-9] | 2[0-5][0-9])
	bhow="was killed by SIG$(kill -l $((bstatus - 128)) 2>/dev/null || echo "$((bstatus - 128))")" ;;
*)	bhow="exited with status $bstatus" ;;
esac
# Bochs' own last error line: its exit message, else the last line of its
# output that is not an info or debug log line (e.g. glibc's abort message).
lasterr=$exitmsg
[ -n "$lasterr" ] || lasterr=$(tr -d '\r' <"$OUT/bochs.out" |
	grep -v -E '^[0-9]+[id]\[|^=+$|^ *$|Bochs x86 Emulator|Built from|Timestamp:' | tail -n1)
if [ -z "$reason" ]; then
	if [ ! -s "$OUT/console.log" ] && [ "$bstatus" != 0 ]; then
		reason="Bochs $bhow before the guest's first console line: ${lasterr:-no error line in its output}"
	elif ! grep -q "LVD-GUEST-END" "$OUT/tap.log" 2>/dev/null; then
		reason="guest did not reach the end of its tests (Bochs $bhow: ${exitmsg:-${lasterr:-no exit message}})"
	elif ! echo "$exitmsg" | grep -q "soft power off"; then
		reason="bochs stopped without a power-off: ${exitmsg:-no exit message}"
	fi
fi

guest_lines() {
	sed -n '/LVD-GUEST-BEGIN/,/LVD-GUEST-END/p' "$OUT/tap.log" 2>/dev/null | tr -d '\r' |
		grep -v -e LVD-GUEST-BEGIN -e LVD-GUEST-END
}

echo "# boot: $NAME cpus=$CPUS kernel=$FLAVOUR cpu=$CPU_MODEL wall=${wall}s ticks=${ticks:-?}"
[ -z "$netns_note" ] || echo "$netns_note"
echo "# phases (wall s, 1 s resolution): kernel console at ${t_kernel:-?}, init at ${t_init:-?}, power-off at $wall"
if [ -n "$RAW" ]; then
	guest_lines
else
	# TAP from the guest; its own "TAP version"/plan lines become comments.
	guest_lines | sed -e 's/^TAP version/# &/' -e 's/^1\.\./# plan 1../' \
		-e '/^\(not \)\{0,1\}ok /!{/^#/!s/^/# /}'
fi

status=0
if [ -z "$reason" ]; then
	echo "ok - $NAME: guest ran to the end and powered off (${wall}s wall, ${ticks:-?} ticks)"
else
	echo "not ok - $NAME: $reason"
	if [ -s "$OUT/console.log" ]; then
		echo "# last console lines ($REL/console.log):"
		tail -n 20 "$OUT/console.log" | tr -d '\r' | sed 's/^/#   /'
	fi
	echo "# logs kept in $REL/"
	status=1
fi
bad=$(grep -E "Oops|BUG:|WARNING:|Kernel panic|general protection fault|Call Trace" \
	"$OUT/console.log" 2>/dev/null | head -n 5)
if [ ! -s "$OUT/console.log" ]; then
	:	# no kernel ran; the failure above says why
elif [ -z "$bad" ]; then
	echo "ok - $NAME: kernel log has no oops, BUG, WARNING or panic"
else
	echo "not ok - $NAME: kernel log shows a kernel error ($REL/console.log)"
	echo "$bad" | tr -d '\r' | sed 's/^/#   /'
	status=1
fi
if [ -z "$RAW" ] && guest_lines | grep -q "^not ok"; then
	status=1
fi
exit $status
