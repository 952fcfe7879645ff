#!/usr/bin/python3
"""make bench-compare: Riptide, DynamoDB Local and a fixed-answer ceiling, side
by side in one run, as ratios.

Starts the three servers fresh (Riptide on disk with its WAL; AWS's DynamoDB
Local with the reference script's command line, in memory; nginx answering a
fixed small JSON body as the machine's ceiling), measures start-to-first-
answer, idle memory, memory after the preload and data size on disk, then
runs every workload against every server in turn, interleaved, repeated, and
prints one table of medians with the ratios Riptide / DynamoDB Local and
Riptide / ceiling, checked against the targets of DESIGN.md. Results go to
bench/results/bench-YYYYmmdd-HHMMSS.json and .png.

With --scale it also loads a table of one million 1 KB items and compares
GetItem and Query p99 with those on a 10,000-item table, and times a full
Scan of each table.
"""

import argparse
import datetime
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

sys.dont_write_bytecode = True  # keep bench/ free of __pycache__
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import servers as srv  # noqa: E402

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
WORKLOADS = ["get", "put", "update", "query", "batch", "ycsb-a", "ycsb-b", "ycsb-c", "scan"]
# A fixed answer holds no items: the ceiling runs every workload but these.
NOT_FOR_CEILING = {"scan"}

# DESIGN.md's targets: Riptide's throughput as a share of the ceiling's...
CEILING_SHARE = {"get": 0.60, "put": 0.50, "update": 0.50, "query": 0.35}
# ...its p99 against DynamoDB Local's, for every workload...
P99_VS_REFERENCE = 0.10
# ...and the facts measured once per server.
START_MS = 20.0
IDLE_RSS_MB = 10.0
SCALE_P99_GROWTH = 1.5
# ...and the Query/Scan issue's: a full Scan reads at least this many MB
# (10^6 bytes) of items per second.
SCAN_MB_S = 50.0
# The longest a full Scan in the scale comparison may take (a 1 GB table at
# 2 MB/s); a slower one is cut short and reports its rate so far.
SCALE_SCAN_CAP_S = 600


def parse_args():
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--build-dir", default="build")
    p.add_argument("--reps", type=int, default=3, help="repetitions of every run (default 3)")
    p.add_argument("--duration", type=float, default=10, help="measured seconds per run")
    p.add_argument("--warmup", type=float, default=1, help="unmeasured seconds before each run")
    p.add_argument("--server-warmup", type=float, default=2,
                   help="seconds of every workload run once, unrecorded, before the matrix "
                        "(lets DynamoDB Local's JIT compile its paths; default 2)")
    p.add_argument("--connections", default="16,64")
    p.add_argument("--workloads", default=",".join(WORKLOADS))
    p.add_argument("--scan-segments", type=int, default=1,
                   help="TotalSegments of the scan workload (default 1: a plain Scan)")
    p.add_argument("--keys", type=int, default=10000)
    p.add_argument("--item-size", type=int, default=1024)
    p.add_argument("--client-threads", type=int, default=1)
    p.add_argument("--servers", default="riptide,dynamodb-local,ceiling",
                   help="which of riptide, dynamodb-local, ceiling to run")
    p.add_argument("--ports", default="",
                   help="comma list of ports to use instead of free ones")
    p.add_argument("--ddb-on-disk", action="store_true",
                   help="run DynamoDB Local with -sharedDb -dbPath instead of -inMemory")
    p.add_argument("--riptide-in-memory", action="store_true")
    p.add_argument("--scale", action="store_true",
                   help="also compare p99 on a table of --scale-keys items with --keys items")
    p.add_argument("--scale-only", action="store_true", help="run only the scale comparison")
    p.add_argument("--scale-keys", type=int, default=1000000)
    p.add_argument("--scale-servers", default="riptide",
                   help="servers to run the scale comparison on (default riptide)")
    p.add_argument("--results-dir", default=os.path.join(HERE, "results"))
    p.add_argument("--no-chart", action="store_true")
    return p.parse_args()


class Ports:
    def __init__(self, spec):
        self.fixed = [int(x) for x in spec.split(",") if x]

    def next(self):
        return self.fixed.pop(0) if self.fixed else srv.free_port()


class Tool:
    """Runs riptide-bench and returns its JSON."""

    def __init__(self, binary, args, workdir):
        self.binary = binary
        self.args = args
        self.workdir = workdir
        self.count = 0

    def call(self, server, flags, keys, prefix="bench"):
        self.count += 1
        out = os.path.join(self.workdir, f"run-{self.count}.json")
        cmd = [self.binary, "--endpoint", server.endpoint, "--keys", str(keys),
               "--item-size", str(self.args.item_size), "--table-prefix", prefix,
               "--threads", str(self.args.client_threads), "--label", server.name,
               "--json", out, "--quiet"] + flags
        if server.fixed_answer:
            cmd.append("--fixed-answer")
        proc = subprocess.run(cmd, capture_output=True, text=True)
        if proc.returncode == 2 or not os.path.exists(out):
            raise RuntimeError(f"riptide-bench failed against {server.name} (exit "
                               f"{proc.returncode}): {' '.join(cmd)}: "
                               f"{proc.stderr.strip()[-2000:]}")
        with open(out) as f:
            return json.load(f)

    def preload(self, server, workloads, keys, prefix="bench"):
        return self.call(server, ["--workload", ",".join(workloads), "--preload-only",
                                  "--preload-connections", "32"], keys, prefix)["preload"]

    def run(self, server, workload, connections, keys, prefix="bench", duration=None,
            warmup=None, extra=()):
        duration = self.args.duration if duration is None else duration
        warmup = self.args.warmup if warmup is None else warmup
        flags = ["--workload", workload, "--connections", str(connections),
                 "--duration", str(duration), "--warmup", str(warmup), "--no-preload"]
        if workload == "scan":
            flags += ["--scan-segments", str(self.args.scan_segments)]
        result = self.call(server, flags + list(extra), keys, prefix)
        return result["runs"][0]


def machine_facts():
    with open("/proc/loadavg") as f:
        load = f.read().split()[:3]
    cpu = ""
    with open("/proc/cpuinfo") as f:
        for line in f:
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    return {"cpus": os.cpu_count(), "cpu": cpu, "kernel": platform.release(),
            "loadavg": [float(x) for x in load]}


def start_servers(names, args, ports, workdir):
    started, skipped = [], {}
    riptide_bin = os.path.join(ROOT, args.build_dir, "riptide")
    for name in names:
        if name == "riptide":
            if not os.access(riptide_bin, os.X_OK):
                skipped[name] = f"{riptide_bin} does not exist yet: Riptide skipped"
                continue
            s = srv.Riptide(ports.next(), workdir, riptide_bin, args.riptide_in_memory)
        elif name == "dynamodb-local":
            s = srv.DynamoDBLocal(ports.next(), workdir, args.ddb_on_disk)
        elif name == "ceiling":
            s = srv.Nginx(ports.next(), workdir)
        else:
            raise SystemExit(f"unknown server {name}")
        # One at a time, so that no start competes with another for the CPUs.
        s.start()
        time.sleep(1.0)  # settle before calling the memory idle
        s.idle_rss_kb = s.rss_kb()
        print(f"  {s.label}: port {s.port}, first answer after {s.startup_ms:.1f} ms, "
              f"idle RSS {s.idle_rss_kb / 1024:.1f} MB", flush=True)
        started.append(s)
    return started, skipped


def preload_all(servers, tool, workloads, keys, prefix="bench"):
    facts = {}
    for s in servers:
        if s.fixed_answer:
            facts[s.name] = {"preload": None, "rss_after_preload_kb": s.rss_kb(),
                             "disk_bytes": None}
            continue
        pre = tool.preload(s, workloads, keys, prefix)
        facts[s.name] = {"preload": pre, "rss_after_preload_kb": s.rss_kb(),
                         "disk_bytes": s.disk_bytes()}
        print(f"  {s.label}: preloaded {pre['items']} items in {pre['seconds']:.2f} s "
              f"({pre['items_per_s']:.0f} items/s), RSS "
              f"{facts[s.name]['rss_after_preload_kb'] / 1024:.1f} MB", flush=True)
    return facts


def warm_up(servers, tool, workloads, keys, seconds, prefix="bench"):
    """Every workload once against every real server, unrecorded: the first
    seconds of a JVM are spent compiling, and that is not what we compare."""
    if seconds <= 0:
        return
    for s in servers:
        if s.fixed_answer:
            continue
        for w in workloads:
            tool.run(s, w, 16, keys, prefix, duration=seconds, warmup=0)
        print(f"  {s.label}: warmed up", flush=True)


def run_matrix(servers, tool, workloads, conns, reps, keys, prefix="bench"):
    """Every (workload, connections) against every server in turn, rep after
    rep; the server order rotates so that none is always first."""
    runs = []
    total = reps * len(conns) * sum(
        1 for w in workloads for s in servers if not (s.fixed_answer and w in NOT_FOR_CEILING))
    done = 0
    for rep in range(reps):
        for w in workloads:
            for c in conns:
                order = servers[rep % len(servers):] + servers[:rep % len(servers)]
                for s in order:
                    if s.fixed_answer and w in NOT_FOR_CEILING:
                        continue
                    r = tool.run(s, w, c, keys, prefix)
                    r.update({"server": s.name, "rep": rep})
                    runs.append(r)
                    done += 1
                    print(f"  [{done}/{total}] rep {rep + 1} {w:7s} {c:3d} conns "
                          f"{s.name:15s} {r['ops_per_s']:10.0f} ops/s  p99 "
                          f"{r['latency_us']['p99'] / 1000:8.3f} ms  errors {r['errors']}"
                          + (f"  {r['scan']['mb_per_s']:7.1f} MB/s" if "scan" in r else ""),
                          flush=True)
    return runs


def medians(runs):
    """{(server, workload, conns): {ops_per_s, p50_us, p99_us, errors, reps}}"""
    groups = {}
    for r in runs:
        groups.setdefault((r["server"], r["workload"], r["connections"]), []).append(r)
    out = {}
    for key, rs in groups.items():
        out[key] = {
            "ops_per_s": statistics.median(r["ops_per_s"] for r in rs),
            "items_per_s": statistics.median(r["items_per_s"] for r in rs),
            "p50_us": statistics.median(r["latency_us"]["p50"] for r in rs),
            "p99_us": statistics.median(r["latency_us"]["p99"] for r in rs),
            "p999_us": statistics.median(r["latency_us"]["p999"] for r in rs),
            "errors": sum(r["errors"] for r in rs),
            "empty_runs": sum(1 for r in rs if r["ok"] == 0),
            "reps": len(rs),
        }
        if all("scan" in r for r in rs):
            out[key]["mb_per_s"] = statistics.median(r["scan"]["mb_per_s"] for r in rs)
            out[key]["response_mb_per_s"] = statistics.median(
                r["scan"]["response_mb_per_s"] for r in rs)
            out[key]["scan_check"] = sorted({r["scan"]["full_pass_check"] for r in rs})
    return out


def ratio(a, b):
    return a / b if a is not None and b else None


def compare(med, workloads, conns, have):
    """Ratios and target verdicts per (workload, conns)."""
    rows = []
    for w in workloads:
        for c in conns:
            rip = med.get(("riptide", w, c))
            ddb = med.get(("dynamodb-local", w, c))
            cei = med.get(("ceiling", w, c))
            row = {"workload": w, "connections": c,
                   "riptide": rip, "dynamodb-local": ddb, "ceiling": cei}
            if rip:
                # A run with errors proves nothing about speed: it fails its targets.
                row["riptide_errors"] = bool(rip["errors"] or rip["empty_runs"])
                row["vs_dynamodb_local"] = ratio(rip["ops_per_s"], ddb and ddb["ops_per_s"])
                row["vs_ceiling"] = ratio(rip["ops_per_s"], cei and cei["ops_per_s"])
                row["p99_vs_dynamodb_local"] = ratio(rip["p99_us"], ddb and ddb["p99_us"])
                target = CEILING_SHARE.get(w)
                row["ceiling_target"] = target
                if target is not None and row["vs_ceiling"] is not None:
                    row["ceiling_ok"] = row["vs_ceiling"] >= target and not row["riptide_errors"]
                if row["p99_vs_dynamodb_local"] is not None:
                    row["p99_ok"] = (row["p99_vs_dynamodb_local"] <= P99_VS_REFERENCE
                                     and not row["riptide_errors"])
            if ddb and cei:
                row["dynamodb_local_vs_ceiling"] = ratio(ddb["ops_per_s"], cei["ops_per_s"])
            if rip and "mb_per_s" in rip:
                row["scan_mb_vs_dynamodb_local"] = ratio(rip["mb_per_s"], ddb and ddb.get("mb_per_s"))
                row["scan_mb_ok"] = rip["mb_per_s"] >= SCAN_MB_S and not row["riptide_errors"]
            rows.append(row)
    return rows


def fmt(v, spec, missing="-"):
    return missing if v is None else format(v, spec)


def verdict(ok, errors=False):
    if errors:
        return " ERR"
    return "" if ok is None else (" ok" if ok else " MISS")


def print_table(rows, have):
    print()
    head = (f"{'workload':8s} {'conns':>5s} | {'riptide':>9s} {'p99 ms':>7s} | "
            f"{'ddb-local':>9s} {'p99 ms':>7s} | {'ceiling':>9s} {'p99 ms':>7s} | "
            f"{'R/DDB':>6s} {'R/ceil':>6s} {'target':>6s}      | {'p99 R/DDB':>9s} (<=0.10)")
    print(head)
    print("-" * len(head))
    for r in rows:
        def col(name):
            m = r.get(name)
            return (fmt(m and m["ops_per_s"], "9.0f"), fmt(m and m["p99_us"] / 1000, "7.3f"))
        rip, ddb, cei = col("riptide"), col("dynamodb-local"), col("ceiling")
        target = r.get("ceiling_target")
        print(f"{r['workload']:8s} {r['connections']:5d} | {rip[0]:>9s} {rip[1]:>7s} | "
              f"{ddb[0]:>9s} {ddb[1]:>7s} | {cei[0]:>9s} {cei[1]:>7s} | "
              f"{fmt(r.get('vs_dynamodb_local'), '5.2f') + ('x' if r.get('vs_dynamodb_local') else ''):>6s} "
              f"{fmt(r.get('vs_ceiling') and r['vs_ceiling'] * 100, '5.0f') + ('%' if r.get('vs_ceiling') else ''):>6s} "
              f"{('>=' + format(target * 100, '.0f') + '%') if target else '-':>6s}"
              f"{verdict(r.get('ceiling_ok'), r.get('riptide_errors')):5s} | "
              f"{fmt(r.get('p99_vs_dynamodb_local'), '9.3f')}"
              f"{verdict(r.get('p99_ok'), r.get('riptide_errors'))}")
    print_scan_table(rows)
    for r in rows:
        for name in ("riptide", "dynamodb-local", "ceiling"):
            m = r.get(name)
            if m and (m["errors"] or m["empty_runs"]):
                print(f"WARNING: {name} {r['workload']}@{r['connections']}: {m['errors']} errors, "
                      f"{m['empty_runs']} runs without a single good answer")
    if "riptide" not in have:
        shares = [f"{r['workload']}@{r['connections']} {r['dynamodb_local_vs_ceiling'] * 100:.1f}%"
                  for r in rows if r.get("dynamodb_local_vs_ceiling")]
        if shares:
            print("(no Riptide in this run; DynamoDB Local / ceiling: " + ", ".join(shares) + ")")


def print_scan_table(rows):
    """The scan rows again, as data rates: their ops/s above are pages/s."""
    scans = [r for r in rows if any(r.get(n) and "mb_per_s" in r[n]
                                    for n in ("riptide", "dynamodb-local"))]
    if not scans:
        return
    print()
    print("scan: MB/s of items returned (items x item size, 10^6 B/s); MB/s of JSON bodies; "
          "full-pass check")
    head = (f"{'conns':>5s} | {'riptide':>8s} {'JSON':>7s} {'check':>11s} | "
            f"{'ddb-local':>9s} {'JSON':>7s} {'check':>11s} | {'R/DDB':>6s} | "
            f"target >= {SCAN_MB_S:.0f} MB/s")
    print(head)
    print("-" * len(head))
    for r in scans:
        def col(name):
            m = r.get(name) or {}
            return (fmt(m.get("mb_per_s"), "8.1f"), fmt(m.get("response_mb_per_s"), "7.1f"),
                    ",".join(m.get("scan_check", [])) or "-")
        rip, ddb = col("riptide"), col("dynamodb-local")
        print(f"{r['connections']:5d} | {rip[0]:>8s} {rip[1]:>7s} {rip[2]:>11s} | "
              f"{ddb[0]:>9s} {ddb[1]:>7s} {ddb[2]:>11s} | "
              f"{fmt(r.get('scan_mb_vs_dynamodb_local'), '5.2f'):>5s}x |"
              f"{verdict(r.get('scan_mb_ok'), r.get('riptide_errors'))}")


def print_facts(servers, facts):
    print()
    print(f"{'server':34s} {'start ms':>9s} {'idle RSS MB':>12s} {'RSS loaded MB':>14s} "
          f"{'disk MB':>8s} {'preload items/s':>16s}")
    for s in servers:
        f = facts[s.name]
        pre = f.get("preload")
        start_ok = verdict(s.startup_ms < START_MS) if s.name == "riptide" else ""
        rss_ok = verdict(s.idle_rss_kb / 1024 < IDLE_RSS_MB) if s.name == "riptide" else ""
        print(f"{s.label:34s} {s.startup_ms:9.1f}{start_ok:5s} {s.idle_rss_kb / 1024:7.1f}{rss_ok:5s} "
              f"{f['rss_after_preload_kb'] / 1024:14.1f} "
              f"{fmt(f['disk_bytes'] and f['disk_bytes'] / 1e6, '8.1f', 'n/a'):>8s} "
              f"{fmt(pre and pre['items_per_s'], '16.0f', 'n/a'):>16s}")
    print(f"targets for Riptide: first answer < {START_MS:.0f} ms, idle RSS < {IDLE_RSS_MB:.0f} MB")


def scale_compare(args, names, ports, tool, workdir):
    """Two fresh instances per server, one with --keys items, one with
    --scale-keys; GetItem and Query p99 compared, interleaved, repeated."""
    result = {"small_keys": args.keys, "large_keys": args.scale_keys, "servers": {}}
    for name in names:
        instances = []
        for keys in (args.keys, args.scale_keys):
            started, skipped = start_servers([name], args, ports, workdir)
            if skipped:
                print("  " + skipped[name])
                result["servers"][name] = {"skipped": skipped[name]}
                break
            s = started[0]
            s.keys = keys
            t0 = time.monotonic()
            pre = tool.preload(s, ["get", "query"], keys, prefix=f"scale{keys}")
            # "With one million items loaded": measured once the load is over,
            # background compaction included, not while it still runs.
            preload_wall_s = time.monotonic() - t0
            settled = s.wait_idle()
            s.scale_facts = {"keys": keys, "preload": pre, "rss_after_preload_kb": s.rss_kb(),
                             "disk_bytes": s.disk_bytes(),
                             "preload_wall_s": preload_wall_s, "settled_s": settled}
            print(f"  {name} with {keys} items per table: preloaded in {pre['seconds']:.1f} s "
                  f"({pre['items_per_s']:.0f} items/s), RSS {s.rss_kb() / 1024:.0f} MB, disk "
                  f"{fmt(s.disk_bytes() and s.disk_bytes() / 1e6, '.0f', 'n/a')} MB, idle after "
                  f"{fmt(settled, '.0f', 'more than 180')} s", flush=True)
            instances.append(s)
        if len(instances) < 2:
            for s in instances:
                s.stop()
            continue
        runs = []
        try:
            for rep in range(args.reps):
                for w in ("get", "query"):
                    for s in instances:
                        r = tool.run(s, w, 16, s.keys, prefix=f"scale{s.keys}")
                        r.update({"server": f"{name}-{s.keys}", "rep": rep, "keys": s.keys})
                        runs.append(r)
                        print(f"  rep {rep + 1} {w:5s} {s.keys:8d} items: "
                              f"{r['ops_per_s']:8.0f} ops/s p99 {r['latency_us']['p99'] / 1000:.3f} ms"
                              f" errors {r['errors']}", flush=True)
                for s in instances:
                    r = full_scan(tool, s, args)
                    r.update({"server": f"{name}-{s.keys}", "rep": rep, "keys": s.keys})
                    runs.append(r)
                    print(f"  rep {rep + 1} full Scan of {s.keys} items: {r['seconds']:.2f} s, "
                          f"{r['scan']['mb_per_s']:.1f} MB/s, check {r['scan']['full_pass_check']}"
                          f", errors {r['errors']}", flush=True)
        finally:
            for s in instances:
                s.stop()
        med = medians(runs)
        entry = {"instances": [s.scale_facts for s in instances], "runs": runs, "p99": {}}
        for w in ("get", "query"):
            small = med[(f"{name}-{args.keys}", w, 16)]
            large = med[(f"{name}-{args.scale_keys}", w, 16)]
            growth = ratio(large["p99_us"], small["p99_us"])
            entry["p99"][w] = {"small_us": small["p99_us"], "large_us": large["p99_us"],
                               "growth": growth, "small_ops_per_s": small["ops_per_s"],
                               "large_ops_per_s": large["ops_per_s"],
                               "ok": growth is not None and growth <= SCALE_P99_GROWTH}
        entry["scan"] = {}
        for keys in (args.keys, args.scale_keys):
            m = med[(f"{name}-{keys}", "scan", args.scan_segments)]
            scans = [r for r in runs if r["workload"] == "scan" and r["keys"] == keys]
            entry["scan"][str(keys)] = {
                "mb_per_s": m["mb_per_s"], "items_per_s": m["items_per_s"],
                "seconds": statistics.median(r["seconds"] for r in scans),
                "segments": args.scan_segments, "checks": m["scan_check"],
                "errors": m["errors"],
                "ok": m["mb_per_s"] >= SCAN_MB_S and not m["errors"] and m["scan_check"] == ["ok"]}
        result["servers"][name] = entry
    print()
    print(f"scale: p99 with {args.scale_keys} items against {args.keys} items "
          f"(target for Riptide <= {SCALE_P99_GROWTH}x)")
    for name, entry in result["servers"].items():
        if "p99" not in entry:
            print(f"  {name}: {entry.get('skipped', 'not run')}")
            continue
        for w, p in entry["p99"].items():
            print(f"  {name:15s} {w:6s} p99 {p['small_us'] / 1000:7.3f} ms -> "
                  f"{p['large_us'] / 1000:7.3f} ms  {p['growth']:.2f}x"
                  f"{verdict(p['ok']) if name == 'riptide' else ''}")
    print(f"scale: one full Scan ({args.scan_segments} segment(s), as many connections), median "
          f"of {args.reps}; MB/s of items = items x {args.item_size} B (target for Riptide >= "
          f"{SCAN_MB_S:.0f} MB/s)")
    for name, entry in result["servers"].items():
        for keys, sc in entry.get("scan", {}).items():
            print(f"  {name:15s} {int(keys):8d} items: {sc['seconds']:7.2f} s "
                  f"{sc['mb_per_s']:7.1f} MB/s{verdict(sc['ok']) if name == 'riptide' else ''}"
                  f"  (full-pass check: {','.join(sc['checks'])}, errors {sc['errors']})")
    return result


def full_scan(tool, server, args):
    """One pass over the whole kv table (each of --scan-segments segments
    read by its own connection), timed from the first page to the last."""
    return tool.run(server, "scan", args.scan_segments, server.keys,
                    prefix=f"scale{server.keys}", duration=SCALE_SCAN_CAP_S, warmup=0,
                    extra=["--scan-passes", "1"])


def short(v):
    if v >= 10000:
        return f"{v / 1000:.0f}k"
    if v >= 1000:
        return f"{v / 1000:.1f}k"
    if v >= 10:
        return f"{v:.0f}"
    return f"{v:.2g}"


def bars(ax, rows, names, key, scale_by, colors):
    width = 0.8 / max(1, len(names))
    labels = []
    for i, n in enumerate(names):
        xs = [j + (i - (len(names) - 1) / 2) * width for j in range(len(rows))]
        ys = [(r[n][key] / scale_by) if r.get(n) else 0 for r in rows]
        bad = [bool(r.get(n) and (r[n]["errors"] or r[n]["empty_runs"])) for r in rows]
        drawn = ax.bar(xs, ys, width, label=n, color=colors[n])
        for bar, x, y, b in zip(drawn, xs, ys, bad):
            if b:  # errors: the figure is not a result
                bar.set_hatch("xx")
                bar.set_alpha(0.4)
            if y > 0 or b:
                labels.append((x, y, b))
    ax.set_yscale("log")
    bottom = ax.get_ylim()[0]
    for x, y, b in labels:
        ax.text(x, max(y, bottom), "ERR" if b else short(y), ha="center", va="bottom",
                fontsize=6, rotation=90, color="red" if b else "black")
    ax.set_xticks(range(len(rows)))
    ax.set_xticklabels([f"{r['workload']}\n{r['connections']}c" for r in rows], fontsize=8)
    ax.grid(axis="y", which="both", alpha=0.3)
    ax.legend(fontsize=8, loc="upper left", bbox_to_anchor=(1.0, 1.0))


def scale_bars(ax, scale):
    labels, vals, cols = [], [], []
    for name, entry in scale["servers"].items():
        for w, p in entry.get("p99", {}).items():
            labels += [f"{name} {w}\n{scale['small_keys']} items",
                       f"{name} {w}\n{scale['large_keys']} items"]
            vals += [p["small_us"] / 1000, p["large_us"] / 1000]
            cols += ["#9ecae1", "#08519c"]
    ax.bar(range(len(labels)), vals, color=cols)
    for x, y in enumerate(vals):
        ax.text(x, y, f"{y:.2f}", ha="center", va="bottom", fontsize=7)
    ax.set_xticks(range(len(labels)))
    ax.set_xticklabels(labels, fontsize=8)
    ax.set_ylabel("p99 ms, 16 connections")
    scans = [f"{name} {int(keys)}: {sc['mb_per_s']:.0f}"
             for name, entry in scale["servers"].items()
             for keys, sc in entry.get("scan", {}).items()]
    ax.set_title(f"scale: p99 with {scale['small_keys']} against {scale['large_keys']} items "
                 f"(target <= {SCALE_P99_GROWTH}x)"
                 + (f"\nfull Scan MB/s of items: {', '.join(scans)} (target >= {SCAN_MB_S:.0f})"
                    if scans else ""), fontsize=10)


def chart(path, rows, servers_present, scale, title):
    """Throughput and p99 per workload and connection count (log scales),
    plus the scale comparison when there is one."""
    try:
        import matplotlib
        matplotlib.use("Agg")
        import matplotlib.pyplot as plt
    except ImportError:
        print("\nno PNG: python3-matplotlib is not installed (bench/install-deps.sh installs it)")
        return False
    colors = {"riptide": "#1f77b4", "dynamodb-local": "#ff7f0e", "ceiling": "#7f7f7f"}
    names = [n for n in ("riptide", "dynamodb-local", "ceiling") if n in servers_present]
    panels = (2 if rows else 0) + (1 if scale else 0)
    if panels == 0:
        return False
    fig, axes = plt.subplots(panels, 1, figsize=(max(10, len(rows) * 0.9), 4.2 * panels),
                             squeeze=False)
    axes = axes[:, 0]
    if rows:
        bars(axes[0], rows, names, "ops_per_s", 1, colors)
        axes[0].set_ylabel("requests/s (log)")
        bars(axes[1], rows, names, "p99_us", 1000, colors)
        axes[1].set_ylabel("p99 latency, ms (log)")
    if scale:
        scale_bars(axes[-1], scale)
    axes[0].set_title(title, fontsize=10)
    fig.tight_layout()
    fig.savefig(path, dpi=110)
    plt.close(fig)
    return True


def main():
    args = parse_args()
    t_begin = time.monotonic()
    tool_bin = os.path.join(ROOT, args.build_dir, "bench", "riptide-bench")
    if not os.access(tool_bin, os.X_OK):
        raise SystemExit(f"{tool_bin} is missing: run `make bench` first")
    names = [n for n in args.servers.split(",") if n]
    workloads = [w for w in args.workloads.split(",") if w]
    conns = [int(c) for c in args.connections.split(",") if c]
    os.makedirs(args.results_dir, exist_ok=True)
    stamp = datetime.datetime.now().strftime("%Y%m%d-%H%M%S")
    base = os.path.join(args.results_dir, f"bench-{stamp}")
    ports = Ports(args.ports)
    report = {"started": stamp, "machine_before": machine_facts(),
              "config": {k: v for k, v in vars(args).items()}, "notes": []}
    workdir = tempfile.mkdtemp(prefix="bench-compare-")
    tool = Tool(tool_bin, args, workdir)
    started = []
    try:
        if not args.scale_only:
            print(f"starting servers ({', '.join(names)})", flush=True)
            started, skipped = start_servers(names, args, ports, workdir)
            for name, why in skipped.items():
                print("  " + why)
                report["notes"].append(why)
            if any(s.name == "dynamodb-local" for s in started):
                note = ("DynamoDB Local runs with the reference script's command line, "
                        + ("on disk (-sharedDb -dbPath)" if args.ddb_on_disk else "in memory (-inMemory)"))
                report["notes"].append(note)
            print("preloading", flush=True)
            facts = preload_all(started, tool, workloads, args.keys)
            print("warming up", flush=True)
            warm_up(started, tool, workloads, args.keys, args.server_warmup)
            print(f"running {args.reps} x {len(workloads)} workloads x {len(conns)} connection "
                  f"counts x {len(started)} servers, {args.duration:g} s each"
                  + (" (the ceiling does not scan)" if "scan" in workloads
                     and any(s.fixed_answer for s in started) else ""), flush=True)
            runs = run_matrix(started, tool, workloads, conns, args.reps, args.keys)
            for s in started:
                facts[s.name].update({"label": s.label, "port": s.port,
                                      "startup_ms": s.startup_ms, "idle_rss_kb": s.idle_rss_kb,
                                      "rss_end_kb": s.rss_kb(), "disk_end_bytes": s.disk_bytes()})
            have = {s.name for s in started}
            med = medians(runs)
            rows = compare(med, workloads, conns, have)
            report.update({"servers": facts, "runs": runs, "table": rows})
            for s in started:
                s.stop()
            print(f"\nmedians of {args.reps} runs of {args.duration:g} s; {args.keys} items of "
                  f"{args.item_size} bytes; client {args.client_threads} thread(s); "
                  f"load average before {report['machine_before']['loadavg']}")
            print_table(rows, have)
            print_facts(started, facts)
            for n in report["notes"]:
                print("note: " + n)
        if args.scale or args.scale_only:
            print("\nscale comparison", flush=True)
            scale_names = [n for n in args.scale_servers.split(",") if n]
            report["scale"] = scale_compare(args, scale_names, ports, tool, workdir)
    except BaseException:
        print(f"\nfailed; server logs and data are kept in {workdir}", file=sys.stderr)
        raise
    finally:
        for s in started:
            s.stop()
    shutil.rmtree(workdir, ignore_errors=True)  # data dirs can hold gigabytes
    report["machine_after"] = machine_facts()
    report["wall_seconds"] = time.monotonic() - t_begin
    with open(base + ".json", "w") as f:
        json.dump(report, f, indent=1)
    print(f"\nwrote {base}.json", end="")
    if not args.no_chart and ("table" in report or "scale" in report):
        title = (f"riptide-bench {stamp}: medians of {args.reps} x {args.duration:g} s, "
                 f"{args.keys} items of {args.item_size} B, load avg "
                 f"{report['machine_before']['loadavg'][0]:.1f}")
        if chart(base + ".png", report.get("table", []), set(report.get("servers", {})),
                 report.get("scale"), title):
            print(f" and {base}.png", end="")
    print(f" ({report['wall_seconds'] / 60:.1f} min)")


if __name__ == "__main__":
    main()
