#!/usr/bin/env bash
# Smoke run of the benchmark tool (bench/) against a real Riptide: starts
# `riptide serve --in-memory` on a free port, preloads a small table, runs
# the main workloads for about 1.5 seconds each, and fails on any error or when no
# request was answered. No timings are checked: `make bench-compare` is where
# performance is measured. BENCH_SMOKE_WORKLOADS overrides the workloads
# (default get,put,update,query,batch,ycsb-a,scan; see bench/README.md).
set -uo pipefail
build=${1:-build}
cd "$(dirname "$0")/../.."
riptide=$build/riptide
tool=$build/bench/riptide-bench
for f in "$riptide" "$tool"; do
  if [[ ! -x $f ]]; then
    echo "bench-smoke: $f does not exist" >&2
    exit 1
  fi
done
work=$(mktemp -d /tmp/bench-smoke-XXXXXX)
port=$(/usr/bin/python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
"$riptide" serve --port "$port" --in-memory >"$work/server.log" 2>&1 &
pid=$!
cleanup() {
  kill "$pid" 2>/dev/null && wait "$pid" 2>/dev/null
  rm -rf "$work"
}
trap cleanup EXIT

ready=0
for _ in $(seq 1 100); do
  if /usr/bin/python3 -c 'import sys, urllib.request as u; sys.exit(u.urlopen(sys.argv[1], timeout=1).status != 200)' \
      "http://127.0.0.1:$port/" 2>/dev/null; then
    ready=1
    break
  fi
  kill -0 "$pid" 2>/dev/null || break
  sleep 0.1
done
if ((!ready)); then
  echo "bench-smoke: riptide did not answer GET / on port $port; its log:" >&2
  cat "$work/server.log" >&2
  exit 1
fi

workloads=${BENCH_SMOKE_WORKLOADS:-get,put,update,query,batch,ycsb-a,scan}
"$tool" --endpoint "http://127.0.0.1:$port" --workload "$workloads" --keys 500 \
  --connections 4 --duration 1.5 --warmup 0.2 --json "$work/result.json"
rc=$?
# The tool exits 1 on errors or a run without answers; check the JSON too, so
# that a tool that failed to count cannot pass.
/usr/bin/python3 - "$work/result.json" "$workloads" <<'PY' || rc=1
import json, sys
runs = json.load(open(sys.argv[1]))["runs"]
bad = [r for r in runs if r["errors"] or r["ok"] == 0]
for r in bad:
    print(f"bench-smoke: {r['workload']}: {r['ok']} ok, {r['errors']} errors, "
          f"samples {r['error_detail']['samples']}", file=sys.stderr)
print(f"bench-smoke: {len(runs)} runs, {sum(r['ok'] for r in runs)} requests answered, "
      f"{sum(r['errors'] for r in runs)} errors")
sys.exit(1 if bad or len(runs) != len(sys.argv[2].split(",")) else 0)
PY
if ((rc != 0)); then
  echo "bench-smoke: FAILED (server log: tail below)" >&2
  tail -20 "$work/server.log" >&2
  exit 1
fi
echo "bench-smoke: ok"
