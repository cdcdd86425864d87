#!/bin/bash
# testbed/demo.sh - "make demo": boot the emulated Intel machine with the
# demo scenario (tests/guest/scenarios/demo) and show what LVD does, in a
# few readable lines. The boot's logs stay in build/boot/demo/.
set -uo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)

echo "LVD demo: booting Debian's stock kernel in an emulated Intel Haswell (Bochs)..."
out=$("$ROOT/testbed/boot.sh" --raw demo)
rc=$?
echo "$out" | sed -n 's/^# boot: .*wall=\([0-9]*s\) ticks=\([0-9]*\).*/(guest booted and ran in \1 wall, \2 emulated ticks)/p'
echo "$out" | grep -v -e '^# boot:' -e '^# phases' -e '^ok - ' -e '^not ok - ' -e '^# test:'
if [ $rc = 0 ]; then
	echo "Demo finished: the guest powered off cleanly."
else
	echo "$out" | grep -e '^not ok - ' -e '^#   ' | sed 's/^/  /'
	echo "Demo FAILED: logs are in build/boot/demo/."
fi
exit $rc
