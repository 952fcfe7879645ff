#!/usr/bin/env bash
# make profile: runs one workload against a fresh Riptide (on disk, WAL on)
# under a profiler and prints the top frames. Profiles, not guesses.
#
#   bench/profile.sh BUILD_DIR [WORKLOAD] [SECONDS]
#
# PROFILER=auto (default) uses perf: hardware cycles where the machine
# exposes them, else the cpu-clock software event (virtual machines such as
# these often have no hardware counters; `perf stat -e instructions true`
# then says <not supported>, but sampling on cpu-clock still works). It falls
# back to callgrind when perf cannot record at all. PROFILER=callgrind forces
# callgrind (exact instruction counts, ~50x slower, no kernel time).
# PROFILE_CALLGRAPH=dwarf gives full stacks for a build without frame
# pointers (bigger files). The raw profile is kept under bench/results/.
set -euo pipefail
build=${1:-build}
workload=${2:-get}
seconds=${3:-10}
connections=${PROFILE_CONNECTIONS:-16}
keys=${PROFILE_KEYS:-10000}
profiler=${PROFILER:-auto}
callgraph=${PROFILE_CALLGRAPH:-fp}
cd "$(dirname "$0")/.."
riptide=$build/riptide
tool=$build/bench/riptide-bench
for f in "$riptide" "$tool"; do
  [[ -x $f ]] || { echo "profile: $f does not exist; build it first (make build)" >&2; exit 1; }
done
mkdir -p bench/results
stamp=$(date +%Y%m%d-%H%M%S)
work=$(mktemp -d /tmp/riptide-profile-XXXXXX)
port=$(/usr/bin/python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
endpoint=http://127.0.0.1:$port
server_pid=

cleanup() {
  if [[ -n $server_pid ]] && kill -0 "$server_pid" 2>/dev/null; then
    kill "$server_pid" 2>/dev/null || true
    wait "$server_pid" 2>/dev/null || true
  fi
  rm -rf "$work"
}
trap cleanup EXIT

if [[ $profiler == auto ]]; then
  if perf stat -e instructions true 2>&1 | grep -q 'not supported'; then
    if perf record -q -e cpu-clock -o "$work/probe.data" true >/dev/null 2>&1; then
      profiler=perf-cpu-clock
    else
      profiler=callgrind
    fi
  else
    profiler=perf
  fi
fi

wait_ready() {
  for _ in $(seq 1 "$1"); do
    curl -s -o /dev/null -w '%{http_code}' "$endpoint/" 2>/dev/null | grep -q 200 && return 0
    kill -0 "$server_pid" 2>/dev/null || { echo "profile: riptide exited; log:" >&2; cat "$work/server.log" >&2; exit 1; }
    sleep 0.1
  done
  echo "profile: riptide did not answer on $endpoint" >&2
  exit 1
}

load() {
  "$tool" --endpoint "$endpoint" --workload "$workload" --keys "$keys" --preload-only --quiet
}

run() {
  "$tool" --endpoint "$endpoint" --workload "$workload" --keys "$keys" --no-preload \
    --connections "$connections" --duration "$1" --warmup 0
}

mkdir -p "$work/data"
echo "profile: $workload for $seconds s at $connections connections, profiler $profiler"
case $profiler in
  perf|perf-cpu-clock)
    event=()
    [[ $profiler == perf-cpu-clock ]] && event=(-e cpu-clock)
    "$riptide" serve --port "$port" --data-dir "$work/data" >"$work/server.log" 2>&1 &
    server_pid=$!
    wait_ready 100
    load
    out=bench/results/profile-$stamp.perf.data
    perf record "${event[@]}" -F 1999 --call-graph "$callgraph" -p "$server_pid" -o "$out" \
      -- sleep "$seconds" 2>"$work/perf.log" &
    perf_pid=$!
    run "$seconds"
    wait "$perf_pid" || { cat "$work/perf.log" >&2; exit 1; }
    echo
    echo "== top frames by self time (perf report --no-children) =="
    perf report -i "$out" --stdio --no-children -g none --percent-limit 0.7 2>/dev/null |
      grep -Ev '^(#|$)' | head -40
    echo
    echo "== by shared object =="
    perf report -i "$out" --stdio --no-children --sort dso -g none 2>/dev/null |
      grep -E '^ +[0-9]' | head -10
    echo
    echo "profile kept in $out (perf report -i $out)"
    ;;
  callgrind)
    out=bench/results/profile-$stamp.callgrind.out
    valgrind --tool=callgrind --callgrind-out-file="$out" \
      "$riptide" serve --port "$port" --data-dir "$work/data" >"$work/server.log" 2>&1 &
    server_pid=$!
    wait_ready 600
    keys=$((keys < 2000 ? keys : 2000))  # everything runs ~50x slower
    load
    callgrind_control -z "$server_pid" >/dev/null 2>&1 || true  # count only the run
    run "$seconds"
    callgrind_control -d "$server_pid" >/dev/null 2>&1 || true
    kill "$server_pid"; wait "$server_pid" 2>/dev/null || true
    server_pid=
    # The dump taken right after the run is part 1; the file written at exit
    # holds only the shutdown.
    dump=$out
    [[ -f $out.1 ]] && dump=$out.1
    echo
    echo "== top functions by instructions (callgrind_annotate --inclusive=no) =="
    callgrind_annotate --inclusive=no "$dump" 2>/dev/null |
      awk '/PROGRAM TOTALS/ {print} /file:function/ {on=1; next} on && NF' | head -40
    echo
    echo "profile kept in $dump (callgrind_annotate $dump)"
    ;;
  *) echo "profile: unknown PROFILER=$profiler (auto, perf, callgrind)" >&2; exit 2 ;;
esac
