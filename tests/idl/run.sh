#!/bin/sh
# run.sh - the IDL test suites, as TAP on stdout; called by tests.mk with
# IDLC, IDLC_SAN (the compiler built with sanitizers), ROOT and OUT set.
# Exits non-zero if any test failed.

T="$ROOT/tests/idl"
status=0

# suite NAME: run a TAP-printing command; a crash without output still
# counts as a failure.
suite() {
	name=$1
	shift
	out=$("$@" 2>"$OUT/$name.stderr")
	rc=$?
	if [ -z "$out" ]; then
		printf 'TAP version 13\n1..1\nnot ok 1 - %s ran (exit %d)\n' "$name" $rc
		sed 's/^/# /' "$OUT/$name.stderr" | head -20
		status=1
		return
	fi
	printf '%s\n' "$out"
	[ $rc -eq 0 ] || { status=1; sed 's/^/# /' "$OUT/$name.stderr" | head -20; }
}

# A suite written in shell: collect lines, print the plan first.
begin() { n=0; lines=""; }
result() {	# result OK|FAIL description [diagnostic]
	n=$((n + 1))
	if [ "$1" = OK ]; then
		lines="$lines
ok $n - $2"
	else
		lines="$lines
not ok $n - $2"
		[ -n "$3" ] && lines="$lines
# $3"
		status=1
	fi
}
skip() { n=$((n + 1)); lines="$lines
ok $n - $1 # SKIP $2"; }
end() { printf 'TAP version 13\n1..%d%s\n' $n "$lines"; }

suite glue-runtime "$OUT/test_glue"
suite glue-roundtrip "$OUT/test_roundtrip"

# Golden files: the generated code of each interface, byte for byte.
begin
for idl in "$T/roundtrip.idl" "$ROOT/drivers/idl/nullnet.idl" "$ROOT/drivers/idl/nullblk.idl"; do
	base=$(basename "$idl" .idl)
	dir="$OUT/golden/$base"
	rm -rf "$dir" && mkdir -p "$dir"
	if ! "$IDLC" -o "$dir" "$idl" 2>"$dir.err"; then
		result FAIL "golden: $base.idl compiles" "$(head -1 "$dir.err")"
		continue
	fi
	for f in "$dir"/*; do
		g="$T/golden/$base/$(basename "$f").golden"
		if [ ! -f "$g" ]; then
			result FAIL "golden: $base/$(basename "$f")" "no golden file $g"
		elif cmp -s "$f" "$g"; then
			result OK "golden: $base/$(basename "$f") matches"
		else
			result FAIL "golden: $base/$(basename "$f") matches" \
				"differs: diff $g $f"
		fi
	done
done
end

# Malformed inputs: the exact message, a non-zero exit, no output file.
begin
for f in "$T"/bad/*.idl; do
	name=$(basename "$f")
	want="$f:$(head -1 "$f" | sed -n 's|^// expect: ||p')"
	dir="$OUT/bad/${name%.idl}"
	rm -rf "$dir" && mkdir -p "$dir"
	got=$("$IDLC" -o "$dir" "$f" 2>&1)
	rc=$?
	if [ $rc -eq 0 ]; then
		result FAIL "malformed: $name is refused" "exit status 0"
	elif [ "$got" != "$want" ]; then
		result FAIL "malformed: $name gives its message" "got: $got"
	elif [ -n "$(ls -A "$dir")" ]; then
		result FAIL "malformed: $name leaves no output" "$(ls "$dir")"
	else
		result OK "malformed: $name -> ${got#$f:}"
	fi
done
end

# The compiler under AddressSanitizer and UBSan over every input we have.
begin
for f in "$T"/*.idl "$T"/bad/*.idl "$ROOT"/drivers/idl/*.idl; do
	dir="$OUT/san/$(basename "$f" .idl)"
	rm -rf "$dir" && mkdir -p "$dir"
	"$IDLC_SAN" -o "$dir" "$f" >/dev/null 2>"$dir.err"
	rc=$?
	if [ $rc -gt 1 ] || grep -q -e 'runtime error' -e 'Sanitizer' "$dir.err"; then
		result FAIL "sanitizers: $(basename "$f")" "exit $rc: $(grep -m1 -e ERROR -e 'runtime error' "$dir.err")"
	else
		result OK "sanitizers: $(basename "$f") (exit $rc)"
	fi
done
end

# The generated glue of the two drivers and the runtime as kernel code:
# compiled with kbuild against the testbed kernel's headers, and checked with
# the kernel's checkpatch.
begin
drv="$ROOT/build/idl/drivers"
objs="glue_table.o glue_msg.o nullnet_kernel.o nullnet_domain.o nullblk_kernel.o nullblk_domain.o"
if [ -z "$KDIR" ] || [ ! -f "$KDIR/Makefile" ]; then
	skip "kernel: glue compiles with kbuild -Werror" "no kernel headers (run 'make deps')"
else
	kb="$OUT/kbuild"
	rm -rf "$kb" && mkdir -p "$kb"
	cp "$ROOT"/lib/glue/*.[ch] "$drv"/null*_glue.h "$drv"/null*_kernel.c \
		"$drv"/null*_domain.c "$kb"/
	printf 'obj-m := glue.o\nglue-y := %s\nccflags-y := -I$(src) -I%s/include -Wall -Werror\n' \
		"$objs" "$ROOT" >"$kb/Kbuild"
	if make -s -C "$KDIR" M="$kb" $objs >"$kb.log" 2>&1; then
		result OK "kernel: runtime and driver glue compile with kbuild -Werror"
	else
		result FAIL "kernel: runtime and driver glue compile with kbuild -Werror" \
			"$(grep -m1 error "$kb.log"); see $kb.log"
	fi
fi
if [ -z "$CHECKPATCH" ] || [ ! -f "$CHECKPATCH" ]; then
	skip "style: checkpatch on the generated glue" "no checkpatch (run 'make deps')"
else
	for f in "$drv"/null*_glue.h "$drv"/null*_kernel.c "$drv"/null*_domain.c \
			"$ROOT"/lib/glue/glue.h "$ROOT"/lib/glue/*.c; do
		w=$(perl "$CHECKPATCH" --no-tree --terse --quiet -f "$f" 2>&1 |
			grep -c -e WARNING -e ERROR)
		if [ "$w" -eq 0 ]; then
			result OK "style: checkpatch clean: $(basename "$f")"
		else
			result FAIL "style: checkpatch clean: $(basename "$f")" \
				"$w warnings: perl $CHECKPATCH --no-tree -f $f"
		fi
		[ -n "$KERNELDOC" ] && [ -f "$KERNELDOC" ] || continue
		w=$(perl "$KERNELDOC" -none "$f" 2>&1 | grep -c .)
		if [ "$w" -eq 0 ]; then
			result OK "style: kernel-doc clean: $(basename "$f")"
		else
			result FAIL "style: kernel-doc clean: $(basename "$f")" \
				"$w lines: perl $KERNELDOC -none $f"
		fi
	done
fi
end

# Fuzzing: libFuzzer (clang) with ASan and UBSan, about 60 seconds.
begin
FUZZ_SECONDS=${FUZZ_SECONDS:-60}
fz="$OUT/fuzz_idlc"
if ! command -v "${CLANG:-clang}" >/dev/null 2>&1; then
	skip "fuzz: lvd-idlc for ${FUZZ_SECONDS}s" "clang is not installed (packages clang, libclang-rt-dev)"
elif ! "${CLANG:-clang}" -g -O1 -fsanitize=fuzzer,address,undefined \
		-fno-sanitize-recover=undefined -I"$ROOT/idl" -o "$fz" \
		"$T/fuzz_idlc.c" "$ROOT/idl/util.c" "$ROOT/idl/parse.c" \
		"$ROOT/idl/check.c" "$ROOT/idl/gen.c" 2>"$OUT/fuzz-build.err"; then
	skip "fuzz: lvd-idlc for ${FUZZ_SECONDS}s" "libFuzzer is not available: $(head -1 "$OUT/fuzz-build.err")"
else
	corpus="$OUT/fuzz-corpus"
	mkdir -p "$corpus"
	cp "$T"/*.idl "$T"/bad/*.idl "$ROOT"/drivers/idl/*.idl "$corpus"/
	if "$fz" -max_total_time="$FUZZ_SECONDS" -max_len=4096 -timeout=10 \
			-rss_limit_mb=2048 -dict="$T/fuzz.dict" \
			-artifact_prefix="$OUT/fuzz-" "$corpus" \
			>"$OUT/fuzz.log" 2>&1; then
		runs=$(grep -o 'Done [0-9]* runs' "$OUT/fuzz.log" | tail -1)
		result OK "fuzz: lvd-idlc for ${FUZZ_SECONDS}s, no crash ($runs)"
	else
		result FAIL "fuzz: lvd-idlc for ${FUZZ_SECONDS}s, no crash" \
			"$(grep -m1 -e ERROR -e 'deadly signal' "$OUT/fuzz.log"); see $OUT/fuzz.log"
	fi
fi
end

exit $status
