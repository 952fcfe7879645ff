#!/usr/bin/env bash
# Runs every test suite: unit tests (ctest), black-box tests (pytest against a
# real riptide), and the smoke runs of the fuzzers and the benchmark tool.
# Ends with one line "N passed, N failed" counting suites; exits non-zero when
# any suite failed or when no test ran at all.
set -uo pipefail
build=${1:-build}
cd "$(dirname "$0")/.."
passed=0
failed=0
failed_names=()

run_suite() {
  local name=$1; shift
  echo "=== $name: $*"
  if "$@"; then
    passed=$((passed + 1))
  else
    failed=$((failed + 1)); failed_names+=("$name")
  fi
}

run_suite unit ctest --test-dir "$build" --output-on-failure -j2 --no-tests=error
if [[ -d tests ]] && compgen -G "tests/test_*.py" >/dev/null; then
  run_suite blackbox /usr/bin/python3 -m pytest -q -p no:cacheprovider tests \
    --riptide "$build/riptide"
fi
for extra in tools/test-suites.d/*.sh; do
  [[ -e $extra ]] || continue
  run_suite "$(basename "$extra" .sh)" "$extra" "$build"
done

if ((failed > 0)); then
  echo "failed suites: ${failed_names[*]}"
fi
echo "$passed passed, $failed failed"
((failed == 0 && passed > 0))
