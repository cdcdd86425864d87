#!/bin/bash
# testbed/mkimage.sh FLAVOUR [OUTDIR] - build the initramfs for one testbed kernel
# flavour: busybox, testbed/guest/init, the guest tests and scenarios (those of
# make check and of make check-models, tests/guest/models/), and
# the project's modules built for that kernel. Prints the initramfs path.
#
# The archive is left uncompressed: the emulated CPU would spend more
# instructions inflating it than the BIOS spends reading the extra bytes.
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/.." && pwd)
FLAVOUR=$1
var=KVER_$(echo "$FLAVOUR" | tr 'a-z-' 'A-Z_')
KVER=$(sed -n "s/^$var := //p" "$ROOT/build/deps/kernel.mk")
[ -n "$KVER" ] || { echo "mkimage: unknown kernel flavour '$FLAVOUR'; run 'make deps'" >&2; exit 1; }
# The testbed's build of the modules, with the test hooks (Makefile: modules).
KMOD=$ROOT/build/kmod-test/$KVER
[ -d "$KMOD" ] || { echo "mkimage: no testing build of the modules for $KVER; run 'make modules-testbed'" >&2; exit 1; }

OUT=${2:-$ROOT/build/image/$FLAVOUR}
STAGE=$OUT/root
rm -rf "$STAGE"
mkdir -p "$STAGE"/{bin,sbin,proc,sys,dev,tmp,lvd/modules,lvd/tests,lvd/scenarios,lvd/bin,lvd/domains}
cp /bin/busybox "$STAGE/bin/busybox"
cp "$ROOT/testbed/guest/init" "$STAGE/init"
cp "$ROOT"/tests/guest/*.sh "$STAGE/lvd/tests/"
# The hypercall ABI version the tests expect, from the header the modules use.
sed -n 's/^#define LVD_HC_ABI_VERSION[[:space:]]*\([0-9]*\).*/\1/p' \
	"$ROOT/include/lvd/hypercall.h" >"$STAGE/lvd/abi"
cp "$ROOT"/tests/guest/scenarios/* "$STAGE/lvd/scenarios/"
if [ -d "$ROOT/tests/guest/models" ]; then
	cp "$ROOT"/tests/guest/models/* "$STAGE/lvd/scenarios/"
fi
cp "$ROOT"/tests/guest/bench/* "$STAGE/lvd/scenarios/"
cp "$ROOT"/tests/testbed/guest/*.sh "$STAGE/lvd/tests/"
cp "$ROOT"/tests/testbed/scenarios/* "$STAGE/lvd/scenarios/"
find "$KMOD" -name '*.ko' -exec cp {} "$STAGE/lvd/modules/" \;
# The distribution's msr driver (/dev/cpu/N/msr), for tests that write MSRs as root.
msr_ko=$(find "$ROOT/build/deps/linux-image-$KVER" -name msr.ko 2>/dev/null | head -n1)
[ -n "$msr_ko" ] && cp "$msr_ko" "$STAGE/lvd/modules/"
if [ -d "$ROOT/build/guest/bin" ]; then
	cp "$ROOT"/build/guest/bin/* "$STAGE/lvd/bin/" 2>/dev/null || true
fi
if [ -d "$ROOT/build/guest/domains" ]; then
	cp "$ROOT"/build/guest/domains/*.o "$STAGE/lvd/domains/" 2>/dev/null || true
fi
(cd "$STAGE" && find . | LC_ALL=C sort | cpio -o -H newc --quiet) >"$OUT/initrd.img.tmp"
mv "$OUT/initrd.img.tmp" "$OUT/initrd.img"
echo "$OUT/initrd.img"
