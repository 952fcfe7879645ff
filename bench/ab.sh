#!/usr/bin/env bash
# A/B comparison of two Riptide builds (or one build under two settings) on
# one workload: both servers run side by side on disk, the runs alternate
# A, B, A, B, ... so that a busy machine slows both alike, and the medians
# of throughput and server CPU per request are printed. For deciding
# whether a change helps; bench_compare.py is the reference comparison.
#
#   bench/ab.sh [options] WORKLOAD
#     --a BIN / --b BIN      the two riptide binaries (default: build/riptide both)
#     --a-args / --b-args S  extra serve flags for each (e.g. "--sync")
#     --rounds N             runs of each (default 6)
#     --seconds S            seconds per run (default 3)
#     --connections N        (default 16)
#     --keys N               (default 10000)
set -euo pipefail
cd "$(dirname "$0")/.."
a=build/riptide b=build/riptide a_args="" b_args="" rounds=6 seconds=3 conns=16 keys=10000
while [[ $# -gt 1 ]]; do
  case $1 in
    --a) a=$2 ;; --b) b=$2 ;; --a-args) a_args=$2 ;; --b-args) b_args=$2 ;;
    --rounds) rounds=$2 ;; --seconds) seconds=$2 ;; --connections) conns=$2 ;; --keys) keys=$2 ;;
    *) echo "ab: unknown option $1" >&2; exit 2 ;;
  esac
  shift 2
done
workload=${1:?usage: bench/ab.sh [options] WORKLOAD}
tool=build/bench/riptide-bench
work=$(mktemp -d /tmp/riptide-ab-XXXXXX)
free_port() { /usr/bin/python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
pids=()
cleanup() { for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; wait 2>/dev/null || true; rm -rf "$work"; }
trap cleanup EXIT
start() {  # BIN ARGS DIR -> "pid port"
  local port; port=$(free_port)
  # shellcheck disable=SC2086
  "$1" serve --port "$port" --data-dir "$3" --log-level warn $2 &
  local pid=$!
  for _ in $(seq 1 100); do
    "$tool" --endpoint "http://127.0.0.1:$port" --workload "$workload" --keys "$keys" --preload-only --quiet >/dev/null 2>&1 && break
    sleep 0.1
  done
  echo "$pid $port"
}
read -r pa porta < <(start "$a" "$a_args" "$work/a"); pids+=("$pa")
read -r pb portb < <(start "$b" "$b_args" "$work/b"); pids+=("$pb")
cpu() { awk '{print $14+$15}' "/proc/$1/stat"; }
run() {  # PID PORT -> "ops/s cpu_us_per_op"
  local t0 t1 ops
  t0=$(cpu "$1")
  ops=$("$tool" --endpoint "http://127.0.0.1:$2" --workload "$workload" --no-preload --keys "$keys" \
          --duration "$seconds" --warmup 0.3 --connections "$conns" 2>&1 |
        awk -v w="$workload" '$1 == w {print $4}')
  t1=$(cpu "$1")
  awk -v a="$t0" -v b="$t1" -v o="$ops" -v s="$seconds" \
    'BEGIN {printf "%.0f %.2f\n", o, (b - a) * 10000 / (o * (s + 0.3))}'
}
for _ in $(seq 1 "$rounds"); do
  run "$pa" "$porta" >>"$work/a.txt"
  run "$pb" "$portb" >>"$work/b.txt"
done
median() { sort -n -k"$2" "$1" | awk -v k="$2" '{v[NR] = $k} END {print v[int((NR + 1) / 2)]}'; }
for side in a b; do
  bin=$a; args=$a_args
  [[ $side == b ]] && bin=$b && args=$b_args
  printf '%s: %-40s median %8s ops/s, server CPU %6s us/op   (runs: %s)\n' "${side^^}" "$bin $args" \
    "$(median "$work/$side.txt" 1)" "$(median "$work/$side.txt" 2)" "$(awk '{printf "%s ", $1}' "$work/$side.txt")"
done
