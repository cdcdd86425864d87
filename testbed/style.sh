#!/bin/bash
# testbed/style.sh - kernel coding style of everything that runs in the
# kernel: checkpatch.pl (from Debian's linux-source, see deps.sh) and
# kernel-doc over each C, header and assembly file of the kernel-side
# folders. One TAP line per file; an error or warning fails the file and is
# shown as a diagnostic.
#
# Ignored checkpatch types, with the reason:
#   EMBEDDED_FILENAME  our files name themselves in their header comment, so a
#                      reader of a diff or a grep hit knows where they are.
set -uo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
cd "$ROOT"
CHECKPATCH=$(sed -n 's/^CHECKPATCH := //p' build/deps/kernel.mk)
KERNELDOC=$(sed -n 's/^KERNELDOC := //p' build/deps/kernel.mk)
IGNORE=EMBEDDED_FILENAME
DIRS="hypervisor kernel domain lib include drivers tests/guest/kmod tests/domains"

echo "TAP version 13"
n=0 failed=0
# *_user.h headers are the user-space halves of shared headers: not kernel code.
files=$(find $DIRS -type f \( -name '*.c' -o -name '*.h' -o -name '*.S' \) ! -name '*_user.h' 2>/dev/null | sort)
for f in $files; do
	n=$((n + 1))
	out=$("$CHECKPATCH" --no-tree --terse --file --show-types --ignore "$IGNORE" "$f" 2>&1 |
		grep -v '^total: ')
	case $f in
	*.c|*.h) out="$out$("$KERNELDOC" -none "$f" 2>&1)" ;;
	esac
	if [ -z "$out" ]; then
		echo "ok $n - style: $f"
	else
		echo "not ok $n - style: $f"
		echo "$out" | sed 's/^/# /'
		failed=$((failed + 1))
	fi
done
echo "1..$n"
[ $failed = 0 ]
