#!/bin/bash
# testbed/deps.sh - install everything LVD's build and tests need, idempotently.
#
# Installs the Debian packages listed in testbed/packages.txt, resolves the
# Debian 6.1 kernel ABI from the linux-image-<flavour> / linux-headers-<flavour>
# meta packages, installs the matching headers (into /usr/src, as Debian does)
# and extracts the kernel image into build/deps/ (never into /boot).
#
# Writes build/deps/kernel.mk, which the top-level Makefile includes.
#
# Usage: testbed/deps.sh            (as root; run "apt-get update" first on a new machine)
#        testbed/deps.sh --resolve  only print "FLAVOUR ABI" per kernel flavour
#                                   (installs nothing; tests/testbed/deps_test.sh)
set -euo pipefail

RESOLVE_ONLY=
[ "${1:-}" = --resolve ] && RESOLVE_ONLY=1

ROOT=$(cd "$(dirname "$0")/.." && pwd)
DEPS=$ROOT/build/deps
FLAVOURS="cloud-amd64 amd64"	# cloud: everyday loop; amd64: compatibility boot

die() { echo "deps: $*" >&2; exit 1; }

[ -n "$RESOLVE_ONLY" ] || [ "$(id -u)" = 0 ] || die "must run as root to install Debian packages (try: sudo $0)"

apt_updated=
apt_update_once() {
	[ -n "$apt_updated" ] && return
	echo "deps: apt-get update"
	apt-get update -qq >/dev/null || die "apt-get update failed; check the Debian mirror"
	apt_updated=1
}

# Print the single linux-image-/linux-headers- ABI that meta package $1 depends on.
meta_abi() {
	local meta=$1 prefix=$2 dep
	dep=$(apt-cache depends "$meta" 2>/dev/null |
	      sed -n "s/^  Depends: $prefix\(.*\)/\1/p" | head -n1)
	echo "$dep"
}

# download_deb PKG DIR: fetch PKG's .deb into DIR without installing it.
download_deb() {
	(cd "$2" && apt-get download -qq "$1") >/dev/null 2>&1 && return
	apt_update_once
	(cd "$2" && apt-get download -qq "$1") || die "cannot download $1 from the Debian archive"
}

# 1. Plain packages.
want=$(grep -v '^\s*#' "$ROOT/testbed/packages.txt" | awk 'NF {print $1}')
missing=
for p in $want; do
	dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "ok installed" ||
		missing="$missing $p"
done
if [ -n "$missing" ] && [ -z "$RESOLVE_ONLY" ]; then
	apt_update_once
	echo "deps: installing$missing"
	DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends \
		$missing >/dev/null || die "apt-get install failed for:$missing"
fi

# 2. Kernel ABI per flavour, from the meta packages' dependencies.
mkdir -p "$DEPS"
out=$DEPS/kernel.mk.tmp
: >"$out"
for fl in $FLAVOURS; do
	img=$(meta_abi "linux-image-$fl" "linux-image-")
	hdr=$(meta_abi "linux-headers-$fl" "linux-headers-")
	if [ -z "$img" ] || [ -z "$hdr" ]; then
		apt_update_once
		img=$(meta_abi "linux-image-$fl" "linux-image-")
		hdr=$(meta_abi "linux-headers-$fl" "linux-headers-")
	fi
	[ -n "$img" ] || die "cannot resolve linux-image-$fl from the Debian archive; is this Debian 12 with its main and security lists?"
	[ "$img" = "$hdr" ] ||
		die "linux-image-$fl wants $img but linux-headers-$fl wants $hdr; wait for the mirror to settle, then run apt-get update and retry"
	kver=$img				# e.g. 6.1.0-56-cloud-amd64
	if [ -n "$RESOLVE_ONLY" ]; then
		echo "$fl $kver"
		continue
	fi

	# Headers: a normal install into /usr/src (pulls in -common and kbuild).
	if [ ! -f "/usr/src/linux-headers-$kver/Makefile" ]; then
		apt_update_once
		echo "deps: installing linux-headers-$kver"
		DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends \
			"linux-headers-$kver" >/dev/null || die "cannot install linux-headers-$kver"
	fi

	# Image: downloaded and extracted into the project, never installed.
	kdir=$DEPS/linux-image-$kver
	if [ ! -f "$kdir/boot/vmlinuz-$kver" ]; then
		echo "deps: extracting linux-image-$kver into build/deps"
		tmp=$(mktemp -d)
		download_deb "linux-image-$kver" "$tmp"
		rm -rf "$kdir.tmp" && mkdir -p "$kdir.tmp"
		dpkg-deb -x "$tmp"/linux-image-*.deb "$kdir.tmp"
		rm -rf "$tmp" "$kdir" && mv "$kdir.tmp" "$kdir"
	fi
	var=$(echo "$fl" | tr 'a-z-' 'A-Z_')
	{
		echo "KVER_$var := $kver"
		echo "KDIR_$var := /usr/src/linux-headers-$kver"
		echo "VMLINUZ_$var := $kdir/boot/vmlinuz-$kver"
		echo "KMODS_$var := $kdir/lib/modules/$kver"
	} >>"$out"
done

[ -z "$RESOLVE_ONLY" ] || { rm -f "$out"; exit 0; }

# 3. checkpatch.pl for the style check: Debian ships it only inside the kernel
# source package, so take the script and its data files from there.
series=$(echo "$kver" | cut -d. -f1,2)
cpdir=$DEPS/checkpatch
if [ ! -x "$cpdir/scripts/checkpatch.pl" ]; then
	echo "deps: extracting checkpatch.pl from linux-source-$series"
	tmp=$(mktemp -d)
	download_deb "linux-source-$series" "$tmp"
	dpkg-deb --fsys-tarfile "$tmp"/linux-source-*.deb |
		tar -x -C "$tmp" "./usr/src/linux-source-$series.tar.xz"
	rm -rf "$cpdir.tmp" && mkdir -p "$cpdir.tmp"
	tar -xJf "$tmp/usr/src/linux-source-$series.tar.xz" -C "$cpdir.tmp" --strip-components=1 \
		"linux-source-$series/scripts/checkpatch.pl" \
		"linux-source-$series/scripts/spelling.txt" \
		"linux-source-$series/scripts/const_structs.checkpatch" ||
		die "linux-source-$series has no scripts/checkpatch.pl"
	rm -rf "$tmp" "$cpdir" && mv "$cpdir.tmp" "$cpdir"
fi
echo "CHECKPATCH := $cpdir/scripts/checkpatch.pl" >>"$out"
echo "KERNELDOC := /usr/src/linux-headers-$kver/scripts/kernel-doc" >>"$out"
mv "$out" "$DEPS/kernel.mk"
echo "deps: ok ($(sed -n 's/^KVER_CLOUD_AMD64 := //p' "$DEPS/kernel.mk"), $(sed -n 's/^KVER_AMD64 := //p' "$DEPS/kernel.mk"))"
