#!/bin/bash
# tests/testbed/deps_test.sh - testbed/deps.sh derives the kernel ABI from the
# Debian meta packages and stops with one clear line when the image and the
# headers disagree. Runs deps.sh --resolve against a fake apt-cache that
# answers like Debian's for a made-up point release. Prints TAP.
set -uo pipefail
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
T=$(mktemp -d) && [ -d "$T" ] || { echo "not ok 1 - deps: cannot make a temporary folder"; exit 1; }
trap 'rm -rf "$T"' EXIT
. "$ROOT/tests/guest/lib.sh"

# The fake apt-cache: "depends linux-image-FLAVOUR" answers with ABI
# $FAKE_IMG, "depends linux-headers-FLAVOUR" with $FAKE_HDR (nothing if empty).
mkdir -p "$T/bin"
cat >"$T/bin/apt-cache" <<'FAKE'
#!/bin/sh
[ "$1" = depends ] || exit 1
case $2 in
linux-image-*)
	[ -n "$FAKE_IMG" ] && printf '%s\n  Depends: linux-image-%s-%s\n' "$2" "$FAKE_IMG" "${2#linux-image-}" ;;
linux-headers-*)
	[ -n "$FAKE_HDR" ] && printf '%s\n  Depends: linux-headers-%s-%s\n' "$2" "$FAKE_HDR" "${2#linux-headers-}" ;;
esac
exit 0
FAKE
printf '#!/bin/sh\nexit 0\n' >"$T/bin/apt-get"
chmod +x "$T/bin/apt-cache" "$T/bin/apt-get"

# run IMAGE_ABI HEADERS_ABI: deps.sh --resolve against that archive.
run() {
	FAKE_IMG=$1 FAKE_HDR=$2 PATH="$T/bin:$PATH" \
		"$ROOT/testbed/deps.sh" --resolve >"$T/out" 2>"$T/err"
	echo $?
}

rc=$(run 6.1.0-99 6.1.0-99)
[ "$rc" = 0 ]
ok $? "deps: image and headers agree: exit 0"
grep -qx "cloud-amd64 6.1.0-99-cloud-amd64" "$T/out" && grep -qx "amd64 6.1.0-99-amd64" "$T/out"
ok $? "deps: ABI taken from the meta packages' dependencies (a new point release)"

rc=$(run 6.1.0-99 6.1.0-98)
[ "$rc" = 1 ] && [ "$(wc -l <"$T/err")" = 1 ] &&
	grep -q "linux-image-cloud-amd64 wants 6.1.0-99-cloud-amd64 but linux-headers-cloud-amd64 wants 6.1.0-98-cloud-amd64" "$T/err"
ok $? "deps: image and headers disagree: exit 1 with one line naming both"
sed 's/^/# /' "$T/err"

rc=$(run "" "")
[ "$rc" = 1 ] && [ "$(wc -l <"$T/err")" = 1 ] && grep -q "cannot resolve linux-image-cloud-amd64" "$T/err"
ok $? "deps: no kernel in the archive: exit 1 with one line"
sed 's/^/# /' "$T/err"
done_testing
