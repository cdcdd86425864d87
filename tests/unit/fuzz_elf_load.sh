#!/bin/sh
# tests/unit/fuzz_elf_load.sh - a bounded fuzz run of the domain loader's
# pure core (tests/unit/fuzz_elf_load.c): libFuzzer with AddressSanitizer
# and UBSan for FUZZ_SECONDS (default 30), seeded with every object the
# unit test builds (good ones and one per refusal), the real object of
# tests/unit/elf_fixture.h and, when "make deps" has run, the 20 smallest
# modules of the testbed kernel. Prints TAP; exits non-zero on a failure.
#
# Environment: FUZZ_SECONDS, CLANG (default clang), CC (default gcc) for
# the seed generator, OUT (default build/unit/fuzz_elf_load). A crash
# leaves its input in $OUT/crash-*; rerun it with $OUT/fuzz_elf_load FILE.
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
T="$ROOT/tests/unit"
OUT=${OUT:-$ROOT/build/unit/fuzz_elf_load}
FUZZ_SECONDS=${FUZZ_SECONDS:-30}
CLANG=${CLANG:-clang}
CC=${CC:-gcc}
mkdir -p "$OUT"

# TAP helpers shared by the project's shell tests: ok, skip, diag, done_testing.
. "$ROOT/tests/guest/lib.sh"

corpus="$OUT/corpus"
rm -rf "$corpus" && mkdir -p "$corpus"
if "$CC" -O1 -g -Wall -Wextra -Werror -I"$ROOT/include" -o "$OUT/seedgen" \
		"$T/test_elf_load.c" "$ROOT/kernel/loader/elf_load.c" 2>"$OUT/seedgen.err" &&
		ELF_LOAD_CORPUS="$corpus" "$OUT/seedgen" >"$OUT/seedgen.tap" 2>&1; then
	ok 0 "fuzz: elf_load seeds from the unit test ($(find "$corpus" -type f | wc -l) objects)"
else
	ok 1 "fuzz: elf_load seeds from the unit test"
	diag "$(head -1 "$OUT/seedgen.err")$(grep -m1 '^not ok' "$OUT/seedgen.tap")"
fi

# Real Kbuild modules, when "make deps" has extracted the testbed kernel:
# the 20 smallest that fit in the fuzzer's input size.
kmods=$(sed -n 's/^KMODS_CLOUD_AMD64 := //p' "$ROOT/build/deps/kernel.mk" 2>/dev/null)
if [ -n "$kmods" ] && [ -d "$kmods" ]; then
	find "$kmods" -name '*.ko' -size -16k -printf '%s %p\n' | sort -n | head -20 |
		while read -r _ ko; do cp "$ko" "$corpus/"; done
fi

seeds=$(find "$corpus" -type f | wc -l)

if ! command -v "$CLANG" >/dev/null 2>&1; then
	skip "fuzz: elf_load for ${FUZZ_SECONDS}s" "clang is not installed (packages clang, libclang-rt-dev)"
elif ! "$CLANG" -g -O1 -fsanitize=fuzzer,address,undefined \
		-fno-sanitize-recover=undefined -I"$ROOT/include" -o "$OUT/fuzz_elf_load" \
		"$T/fuzz_elf_load.c" "$ROOT/kernel/loader/elf_load.c" 2>"$OUT/fuzz-build.err"; then
	skip "fuzz: elf_load for ${FUZZ_SECONDS}s" "libFuzzer is not available: $(head -1 "$OUT/fuzz-build.err")"
elif "$OUT/fuzz_elf_load" -max_total_time="$FUZZ_SECONDS" -max_len=16384 -timeout=10 \
		-rss_limit_mb=2048 -dict="$T/fuzz_elf_load.dict" \
		-artifact_prefix="$OUT/" "$corpus" >"$OUT/fuzz.log" 2>&1; then
	runs=$(grep -o 'Done [0-9]* runs' "$OUT/fuzz.log" | tail -1)
	ok 0 "fuzz: elf_load for ${FUZZ_SECONDS}s, no crash ($runs from $seeds seeds)"
else
	ok 1 "fuzz: elf_load for ${FUZZ_SECONDS}s, no crash"
	diag "$(grep -m1 -e ERROR -e 'deadly signal' -e 'runtime error' "$OUT/fuzz.log"); see $OUT/fuzz.log"
fi
done_testing
