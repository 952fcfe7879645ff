#!/usr/bin/env bash
# Fuzzes the expression engine (src/expr) with libFuzzer for a fixed number of
# runs and fails on any crash, hang, leak or sanitizer report.
#
#   tools/test-suites.d/fuzz-expr.sh BUILD_DIR
#
# The fuzzer is built with Debian's clang (-fsanitize=fuzzer,address,undefined)
# outside the CMake build, into BUILD_DIR/fuzz, and rebuilt only when a source
# changed. It starts from the seed corpus committed in src/expr/fuzz/corpus;
# inputs it finds go to BUILD_DIR/fuzz/corpus, crashes to BUILD_DIR/fuzz/.
# Environment: FUZZ_RUNS (default 400000, about 25 s), FUZZ_CXX (default clang++),
# FUZZ_STD (default c++17: clang 14 with libstdc++ 12 in C++20 mode rejects
# model/attribute_value.h, whose AttributeMap uses the still incomplete
# AttributeValue in inline members; g++ accepts it. The engine is C++17-clean).
set -euo pipefail
build=${1:-build}
root=$(cd "$(dirname "$0")/../.." && pwd)
mkdir -p "$build/fuzz"
out=$(cd "$build/fuzz" && pwd)
cxx=${FUZZ_CXX:-clang++}
runs=${FUZZ_RUNS:-400000}

if ! command -v "$cxx" >/dev/null; then
  echo "fuzz-expr: $cxx not found (apt-get install clang libclang-rt-14-dev)" >&2
  exit 1
fi

sources=("$root/src/common/status.cc" "$root/src/model/attribute_value.cc"
         "$root/src/model/number.cc" "$root/src/expr/fuzz/expr_fuzzer.cc")
for f in "$root"/src/expr/*.cc; do
  [[ $f == *_test.cc ]] || sources+=("$f")
done

binary="$out/expr_fuzzer"
rebuild=0
[[ -x $binary ]] || rebuild=1
if ((rebuild == 0)); then
  for f in "${sources[@]}" "$root"/src/expr/*.h "$root"/src/model/*.h "$root"/src/common/*.h; do
    if [[ $f -nt $binary ]]; then rebuild=1; break; fi
  done
fi
if ((rebuild)); then
  echo "fuzz-expr: building $binary"
  "$cxx" -std=${FUZZ_STD:-c++17} -O1 -g -fno-omit-frame-pointer \
    -fsanitize=fuzzer,address,undefined -fno-sanitize-recover=all \
    -I"$root/src" "${sources[@]}" -o "$binary.tmp"
  mv "$binary.tmp" "$binary"
fi

rm -rf "$out/corpus"
mkdir -p "$out/corpus"
echo "fuzz-expr: $runs runs"
# -timeout: any input taking over 10 s is a hang; -max_total_time caps a slow
# (busy) machine at a minute; -rss_limit_mb guards runaway
# memory. libFuzzer exits non-zero on a crash, hang, leak or sanitizer report.
if ASAN_OPTIONS=detect_leaks=1 UBSAN_OPTIONS=print_stacktrace=1 \
    "$binary" -runs="$runs" -max_total_time=60 -timeout=10 -rss_limit_mb=2048 -max_len=4200 \
    -artifact_prefix="$out/" -print_final_stats=1 \
    "$out/corpus" "$root/src/expr/fuzz/corpus" >"$out/fuzz.log" 2>&1; then
  tail -n 12 "$out/fuzz.log"
  echo "1 passed, 0 failed"
else
  status=$?
  tail -n 60 "$out/fuzz.log"
  echo "fuzz-expr: the fuzzer failed (exit $status); log: $out/fuzz.log" >&2
  echo "0 passed, 1 failed"
  exit 1
fi
