#!/usr/bin/env python3
"""Turns the raw results of scripts/bench.sh (WORK_DIR/*.json) into bench-results.md.

    scripts/bench_report.py WORK_DIR BUILD_DIR > BUILD_DIR/bench-results.md

Targets (never lowered): http_edge >= 0.5 x the bare server's requests/s; durable_writes >= 5 x
the fsynced SQLite loop and every acknowledged write present; change_feed p99 <= 50 ms, no gaps;
hot_sku >= 2,000 attempts/s with exactly 1,000 of 10,000 won; availability_read >= 0.3 x the bare
server and server-side p99 <= 2 ms; import_csv: no target, the ratio is reported; checkout_flow
>= 1,000 orders/s at 32 buyers with flow p99 <= 100 ms, every order durable; oversell exactly 10
orders and 40 x 409 insufficient_stock, no 5xx, no timeout; orders_spread >= 2,000 durable
orders/s.
"""
import json
import os
import platform
import re
import subprocess
import sys

EDGE_TARGET = 0.5
EDGE_ROUNDS = 5
QUIET_OTHER_CORES = 0.25  # a run is "quiet" when other users took at most this many cores
WRITE_TARGET = 5.0
FEED_P99_TARGET_MS = 50.0
FEED_RATE = 1000.0
INGEST_BATCH_TARGET_EPS = 50000.0
INGEST_BATCH_TARGET_RATIO = 0.4
INGEST_SINGLE_TARGET_RPS = 15000.0
IDENTITY_VISIBLE_P99_TARGET_MS = 5.0

# Numeric headline figures of a run, written to WORK_DIR/figures.json for
# scripts/bench_compare.py: (benchmark, metric, value, True when higher is better).
FIGURES = []


def figure(benchmark, metric, value, higher_is_better):
    if value is not None:
        FIGURES.append({"benchmark": benchmark, "metric": metric, "value": value,
                        "higher_is_better": higher_is_better})


def load(work, name):
    path = os.path.join(work, name)
    if not os.path.exists(path):
        return None
    with open(path) as f:
        text = f.read().strip()
    if not text:
        return None
    try:
        return json.loads(text)
    except json.JSONDecodeError:
        return None


def run(cmd):
    try:
        return subprocess.run(cmd, capture_output=True, text=True, timeout=10).stdout.strip()
    except (OSError, subprocess.SubprocessError):
        return ""


def cmake_cache(build, key):
    try:
        with open(os.path.join(build, "CMakeCache.txt")) as f:
            for line in f:
                if line.startswith(key + ":"):
                    return line.split("=", 1)[1].strip()
    except OSError:
        pass
    return ""


def machine_facts(work, build):
    facts = load(work, "facts.json") or {}
    cpu = ""
    with open("/proc/cpuinfo") as f:
        for line in f:
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    mem_kb = 0
    with open("/proc/meminfo") as f:
        for line in f:
            if line.startswith("MemTotal"):
                mem_kb = int(line.split()[1])
    fs = run(["df", "-h", "--output=source,fstype,size", work]).splitlines()
    compiler = cmake_cache(build, "CMAKE_CXX_COMPILER")
    device = fs[-1].split()[0] if fs else ""
    disk = os.path.basename(re.sub(r"p?[0-9]+$", "", device)) if device.startswith("/dev/") else ""
    cache = ""
    try:
        with open(f"/sys/block/{disk}/queue/write_cache") as f:
            cache = f", device write cache: {f.read().strip()}"
        with open(f"/sys/block/{disk}/queue/rotational") as f:
            cache += ", kernel flag: rotational" if f.read().strip() == "1" else ", kernel flag: non-rotational"
    except OSError:
        pass
    return [
        ("nproc", str(os.cpu_count())),
        ("CPU", cpu),
        ("memory", f"{mem_kb / 1024 / 1024:.1f} GiB"),
        ("disk / filesystem (databases)", (" ".join(fs[-1].split()) if fs else "?") + cache),
        ("kernel", platform.release()),
        ("OS", run(["sh", "-c", ". /etc/os-release && echo $PRETTY_NAME"])),
        ("compiler", (run([compiler or "c++", "--version"]).splitlines() or ["?"])[0]),
        ("build type", cmake_cache(build, "CMAKE_BUILD_TYPE") or "?"),
        ("SQLite", run(["sqlite3", "--version"]).split(" ")[0]),
        ("git HEAD at the start", f"{facts.get('git', '?')}"
                                  f"{' with uncommitted changes' if facts.get('dirty') else ''}"),
        ("omnihub binary built", facts.get("omnihub_built", "?")),
        ("omnihub binary", facts.get("omnihub", "BUILD_DIR/omnihub")),
        ("run started", facts.get("started", "?")),
    ]


def verdict(ok):
    return "PASS" if ok else "MISS"


def fmt(x, digits=0):
    if x is None:
        return "?"
    return f"{x:,.{digits}f}"


def other_cores(load_run, cpu):
    if not load_run or not cpu or not cpu.get("wall_s"):
        return 99.0
    return max(0.0, cpu.get("machine_busy_cores", 0) - (cpu["server_cpu_s"] +
                                                        load_run.get("cpu_s", 0)) / cpu["wall_s"])


def cpu_us_per_request(load_run, cpu):
    """Server CPU time per request over the whole run (warmup included): noise-resistant."""
    if not load_run or not cpu or not load_run["result"]["sent"]:
        return None
    return 1e6 * cpu["server_cpu_s"] / load_run["result"]["sent"]


def cores(load_run, cpu):
    """Cores used over one run: server, load generator, everything else on the machine (other
    users' work: noise), and the machine's busy share."""
    if not load_run or not cpu or not cpu.get("wall_s"):
        return "?", "?", "?", "?"
    wall = cpu["wall_s"]
    server = cpu["server_cpu_s"] / wall
    gen = load_run.get("cpu_s", 0) / wall
    others = max(0.0, cpu.get("machine_busy_cores", 0) - server - gen)
    return f"{server:.2f}", f"{gen:.2f}", f"{others:.2f}", f"{cpu['sys_busy_pct']:.0f}%"


def thread_cores(work, name, top=4):
    """The server's busiest threads over one run: cores on CPU and, from schedstat, the share of
    the run each spent runnable but waiting for a CPU; and the thread count."""
    cpu = load(work, name + ".cpu.json")
    stats = {}
    try:
        for index, suffix in enumerate(["threads0", "threads1"]):
            with open(os.path.join(work, f"{name}.{suffix}")) as f:
                for line in f:
                    parts = line.split()
                    if len(parts) >= 4:
                        entry = stats.setdefault(parts[0], [[0, 0, 0], [0, 0, 0]])
                        entry[index] = [int(float(p)) for p in parts[1:4]]
    except (OSError, ValueError):
        return "?"
    if not cpu or not stats:
        return "?"
    hz = os.sysconf("SC_CLK_TCK")
    wall = cpu["wall_s"]
    rows = sorted((((b[0] - a[0]) / hz / wall, (b[2] - a[2]) / 1e9 / wall)
                   for a, b in stats.values()), reverse=True)
    busiest = ", ".join(f"{c:.2f} (+{w:.2f} waiting for a CPU)" for c, w in rows[:top])
    return (f"{busiest}; {len(rows)} threads, {sum(c for c, _ in rows):.2f} cores in all, "
            f"{sum(w for _, w in rows):.2f} thread-seconds/s runnable but waiting")


def metric_delta(work, name, metric):
    """(sum, count) growth of a Prometheus histogram over a run, from NAME_metrics0/1.txt;
    None when the server does not expose it (the metric names are not part of the contract)."""
    totals = []
    for suffix in ("0", "1"):
        values = {"_sum": 0.0, "_count": 0.0}
        try:
            with open(os.path.join(work, f"{name}_metrics{suffix}.txt")) as f:
                for line in f:
                    for part in values:
                        if line.startswith(metric + part):
                            values[part] += float(line.rsplit(" ", 1)[1])
        except (OSError, ValueError):
            return None
        totals.append(values)
    count = totals[1]["_count"] - totals[0]["_count"]
    if count <= 0:
        return None
    return totals[1]["_sum"] - totals[0]["_sum"], count


def counter_delta(work, name, metric):
    """Growth of a Prometheus counter (all label sets) over a run, or None."""
    totals = []
    for suffix in ("0", "1"):
        total = 0.0
        try:
            with open(os.path.join(work, f"{name}_metrics{suffix}.txt")) as f:
                for line in f:
                    if line.startswith(metric + " ") or line.startswith(metric + "{"):
                        total += float(line.rsplit(" ", 1)[1])
        except (OSError, ValueError):
            return None
        totals.append(total)
    return totals[1] - totals[0]


def edge_section(work, out, summary):
    rows = []
    rounds = []  # (bare ok/s, omnihub ok/s, quiet, bare us/req, omnihub us/req)
    for round_idx in range(1, EDGE_ROUNDS + 1):
        bare = load(work, f"edge_bare_closed_{round_idx}.json")
        omni = load(work, f"edge_omni_closed_{round_idx}.json")
        bare_cpu = load(work, f"edge_bare_closed_{round_idx}.cpu.json")
        omni_cpu = load(work, f"edge_omni_closed_{round_idx}.cpu.json")
        if bare and omni and bare["result"]["ok_rps"] > 0:
            quiet = max(other_cores(bare, bare_cpu), other_cores(omni, omni_cpu)) <= \
                QUIET_OTHER_CORES
            rounds.append((bare["result"]["ok_rps"], omni["result"]["ok_rps"], quiet,
                           cpu_us_per_request(bare, bare_cpu), cpu_us_per_request(omni, omni_cpu)))
    names = [f"edge_{side}_closed_{i}" for i in range(1, EDGE_ROUNDS + 1)
             for side in ("bare", "omni")]
    for name in names + ["edge_keys_current_closed", "edge_healthz_closed", "edge_bare_open",
                         "edge_omni_open"]:
        data = load(work, name + ".json")
        cpu = load(work, name + ".cpu.json")
        if not data:
            rows.append(f"| {name} | no result | | | | | | | | | | |")
            continue
        r = data["result"]
        errors = r["non_2xx"] + r["io_errors"] + r["late"]
        srv, gen, others, busy = cores(data, cpu)
        what = {"bare": "bare Beast, constant reply",
                "ping": "omnihub GET /api/v1/ping",
                "keys_current": "omnihub GET /api/v1/keys/current (+1 read)",
                "healthz": "omnihub GET /healthz (no auth)"}[data["label"]]
        mode = r["mode"] if r["mode"] == "closed" else f"open @ {fmt(r['target_rate'])}/s"
        if name[-2] == "_" and name[-1].isdigit():
            mode += f" #{name[-1]}"
        us = cpu_us_per_request(data, cpu)
        rows.append(f"| {what} | {mode} | {fmt(r['ok_rps'])} | {r['p50_ms']:.2f} | "
                    f"{r['p99_ms']:.2f} | {r['p999_ms']:.2f} | {errors} | {srv} | "
                    f"{fmt(us, 1)} | {gen} | {others} | {busy} |")
    quiet = [r for r in rounds if r[2]]
    used = quiet if quiet else rounds
    by_ratio = sorted(used, key=lambda r: r[1] / r[0])
    median_round = by_ratio[len(by_ratio) // 2] if by_ratio else None
    ratio = median_round[1] / median_round[0] if median_round else None
    edge_errors = 0
    for name in [f"edge_omni_closed_{i}" for i in range(1, EDGE_ROUNDS + 1)] + ["edge_omni_open"]:
        data = load(work, name + ".json")
        edge_errors += data["result"]["non_2xx"] + data["result"]["io_errors"] if data else 1
    ok = ratio is not None and ratio >= EDGE_TARGET and edge_errors == 0
    bo = load(work, "edge_bare_open.json")
    oo = load(work, "edge_omni_open.json")
    lat = ""
    if bo and oo:
        lat = (f"open loop @ {fmt(oo['result']['target_rate'])}/s p50/p99: bare "
               f"{bo['result']['p50_ms']:.2f}/{bo['result']['p99_ms']:.2f} ms, omnihub "
               f"{oo['result']['p50_ms']:.2f}/{oo['result']['p99_ms']:.2f} ms")
    basis = (f"median of {len(quiet)} quiet rounds of {len(rounds)}" if quiet else
             f"median of {len(rounds)} rounds, none quiet: noisy")
    figure("http_edge", "requests/s", median_round[1] if median_round else None, True)
    figure("http_edge", "ratio to the bare server", ratio, True)
    summary.append(("http_edge", f"requests/s, 64 connections, closed loop ({basis})",
                    fmt(median_round[0]) if median_round else "?",
                    fmt(median_round[1]) if median_round else "?",
                    f"{ratio:.3f}x" if ratio else "?", f">= {EDGE_TARGET}x", verdict(ok), lat))
    out.append("## http_edge\n")
    out.append(f"Same load generator (bench/load_gen, one thread, HTTP/1.1 keep-alive), 64 "
               f"connections, 1 s warmup then the recorded window. Closed loop: each connection "
               f"sends on reply; bare and omnihub alternate over {EDGE_ROUNDS} rounds. The ratio "
               f"is the round with the median omnihub/bare ratio among the quiet rounds (other "
               f"users took <= {QUIET_OTHER_CORES} cores during both halves), or among all "
               f"rounds when none was quiet. Open loop: fixed total rate (half the lower "
               f"closed-loop best), latency from each request's due time. Errors = non-2xx + I/O "
               f"errors + late. CPU: cores used over the run by the server, its CPU time per "
               f"request (us, warmup included: insensitive to the neighbours), the load "
               f"generator, everything else on the machine (other users: noise), and the "
               f"machine's busy share.\n")
    out.append("| run | mode | ok req/s | p50 ms | p99 ms | p99.9 ms | errors | server cores "
               "| server CPU us/req | loadgen cores | other cores | machine busy |")
    out.append("|---|---|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|")
    out.extend(rows)
    out.append("\nPer-round ratios: " + ", ".join(
        f"{o / b:.3f}{'' if q else ' (noisy)'}" for b, o, q, _, _ in rounds))
    cost = [(bu, ou) for _, _, _, bu, ou in rounds if bu and ou]
    if cost:
        bu = sorted(c[0] for c in cost)[len(cost) // 2]
        ou = sorted(c[1] for c in cost)[len(cost) // 2]
        out.append(f"\nServer CPU per request (median over rounds): bare {bu:.1f} us, omnihub "
                   f"{ou:.1f} us: omnihub spends {ou / bu:.1f}x the bare server's CPU per request, "
                   f"on cores it shares with the load generator.")
    out.append(f"\nomnihub threads during `ping` (round 1), cores: "
               f"{thread_cores(work, 'edge_omni_closed_1')}")
    out.append(f"\nRatio omnihub / bare: **{ratio:.3f}x** (target >= {EDGE_TARGET}x): "
               f"**{verdict(ok)}**\n" if ratio else "\nRatio: not measured: **MISS**\n")


def recorded_pg_variant(benchmark, metric, per, baseline, rate, cpu_us, about, out, summary):
    """A PostgreSQL variant with no target of its own: the figure beside its bare baseline."""
    ratio = rate / baseline if rate and baseline else None
    figure(benchmark, metric, rate, True)
    figure(benchmark, "ratio to its bare baseline", ratio, True)
    summary.append((f"{benchmark} (issue 13)", metric, fmt(baseline), fmt(rate),
                    f"{ratio:.2f}x" if ratio else "?", "recorded (no target)", "",
                    f"server CPU {fmt(cpu_us)} us/{per}"))
    out.append(f"## {benchmark} (issue 13)\n")
    out.append(about + "\n")
    out.append(f"Baseline {fmt(baseline)}; omnihub {fmt(rate)}"
               + (f" ({ratio:.2f}x)." if ratio else "."))
    out.append("")


def ingest_pg_section(work, out, summary):
    omni, base = load(work, "ingest_pg_omni.json"), load(work, "ingest_pg_baseline.json")
    events = 100  # per /v1/batch body (bench/segment_bodies.py)
    recorded_pg_variant(
        "ingest_batch_pg", "events/s (/v1/batch of 100, 32 conns, PostgreSQL)", "batch",
        base["events_per_s"] if base else None,
        omni["result"]["ok_rps"] * events if omni else None,
        cpu_us_per_request(omni, load(work, "ingest_pg_omni.cpu.json")),
        "The ingest_batch load on PostgreSQL (the run's durable throwaway cluster). Baseline: "
        "bench/ingest_baseline --db postgresql://… --threads 32, the same rows per batch through "
        "bare libpq, one transaction per batch.", out, summary)


def write_pg_section(work, out, summary):
    omni = load(work, "write_pg_omni.json")
    baseline = None
    try:
        with open(os.path.join(work, "write_pg_baseline.json")) as f:
            m = re.search(r"tps = ([0-9.]+)", f.read())  # pgbench's text report
            baseline = float(m.group(1)) if m else None
    except OSError:
        pass
    recorded_pg_variant(
        "durable_writes_pg", "writes/s (POST /api/v1/channels, 64 conns, PostgreSQL)", "request",
        baseline, omni["result"]["ok_rps"] if omni else None,
        cpu_us_per_request(omni, load(work, "write_pg_omni.cpu.json")),
        "The durable_writes load on PostgreSQL (the run's durable throwaway cluster). Baseline: "
        "pgbench (bare libpq), 64 clients, one transaction per write inserting the channel row "
        "and its change-log row, as omnihub writes them.", out, summary)


def write_section(work, out, summary):
    gbench = load(work, "write_baseline.gbench.json")
    base = {}
    if gbench:
        for b in gbench.get("benchmarks", []):
            base[b["name"].split("/")[0]] = b
    omni = load(work, "write_omni.json")
    verify = load(work, "write_verify.json")
    cpu = load(work, "write_omni.cpu.json")
    baseline = base.get("BM_FsyncedInsert", {}).get("items_per_second")
    rate = omni["result"]["ok_rps"] if omni else None
    ratio = rate / baseline if rate and baseline else None
    all_present = bool(verify) and verify["lost"] == 0 and verify["lost_unchecked"] == 0 \
        and verify["acked"] > 0
    ok = ratio is not None and ratio >= WRITE_TARGET and all_present
    present = (f"{verify['acked'] - verify['lost'] - verify['lost_unchecked']:,}/"
               f"{verify['acked']:,} acknowledged writes present after kill -9 + restart"
               if verify else "verification did not run")
    figure("durable_writes", "writes/s", rate, True)
    figure("durable_writes", "ratio to the fsynced SQLite loop", ratio, True)
    figure("durable_writes", "server CPU us/request", cpu_us_per_request(omni, cpu), False)
    summary.append(("durable_writes", "writes/s (omnihub: POST /api/v1/channels, 64 conns)",
                    fmt(baseline), fmt(rate), f"{ratio:.2f}x" if ratio else "?",
                    f">= {WRITE_TARGET}x, all acked present", verdict(ok), present))
    out.append("## durable_writes\n")
    out.append("Baseline (bench/sqlite_baseline, Google Benchmark, real time): one `BEGIN "
               "IMMEDIATE; INSERT; COMMIT` per write, WAL, synchronous=FULL, prepared statement, "
               "in the run's work dir (same disk as omnihub's database). Full stack: `omnihub "
               "serve` on a fresh SQLite database, 64 connections POSTing /api/v1/channels "
               "(closed loop, 2 s warmup). Then the server is killed with SIGKILL (no drain), "
               "restarted, and every id from a 201 is looked up through the API.\n")
    out.append("| measurement | per second | latency | notes |")
    out.append("|---|--:|--:|---|")
    notes = {
        "BM_FsyncedInsert": "**baseline**: one fsynced transaction per write",
        "BM_UnsyncedInsert": "same, synchronous=OFF: SQL cost alone",
        "BM_WriteFdatasync": "8 KiB pwrite + fdatasync (pg_test_fsync style)",
        "BM_WriteFsync": "8 KiB pwrite + fsync",
    }
    for name, note in notes.items():
        b = base.get(name)
        if b:
            out.append(f"| {name} | {fmt(b.get('items_per_second'))} | "
                       f"{b['real_time']:.1f} {b['time_unit']} | {note} |")
    if omni:
        r = omni["result"]
        srv, gen, others, busy = cores(omni, cpu)
        out.append(f"| omnihub POST /api/v1/channels | {fmt(r['ok_rps'])} | p50 "
                   f"{r['p50_ms']:.2f} ms, p99 {r['p99_ms']:.2f} ms | statuses "
                   f"{json.dumps(r['statuses'])}, I/O errors {r['io_errors']}; cores: server "
                   f"{srv} ({fmt(cpu_us_per_request(omni, cpu), 1)} us CPU per request), "
                   f"loadgen {gen}, others {others}; machine busy {busy} |")
        out.append(f"\nomnihub threads during the writes, cores: {thread_cores(work, 'write_omni')}")
        us = cpu_us_per_request(omni, cpu)
        if us and baseline:
            ceiling = (os.cpu_count() or 1) * 1e6 / us
            out.append(f"\nCPU ceiling: at {us:.1f} us of server CPU per write, all "
                       f"{os.cpu_count()} cores given to omnihub alone (no load generator) would "
                       f"carry at most {fmt(ceiling)} writes/s = {ceiling / baseline:.2f}x the "
                       f"baseline; the target needs {fmt(WRITE_TARGET * baseline)} writes/s, i.e. "
                       f"at most {(os.cpu_count() or 1) * 1e6 / (WRITE_TARGET * baseline):.1f} us "
                       f"of CPU per write.")
        group = metric_delta(work, "write", "omnihub_db_group_size")
        commit = metric_delta(work, "write", "omnihub_db_commit_seconds")
        if group and commit:
            out.append(f"\nFrom omnihub's /metrics over the run: {fmt(commit[1])} commits (fsyncs), "
                       f"{group[0] / group[1]:.1f} use cases per commit on average, "
                       f"{1000 * commit[0] / commit[1]:.2f} ms per commit on average; "
                       f"{commit[1] / omni['elapsed_s']:,.0f} commits/s.")
    if verify:
        out.append(f"\nDurability check: {present} (listing status {verify['list_status']}, "
                   f"{verify['missing_from_list']} not in the listing, "
                   f"{verify['checked_one_by_one']} checked one by one).")
    out.append(f"\nRatio: **{ratio:.2f}x** (target >= {WRITE_TARGET}x): **{verdict(ok)}**\n"
               if ratio else "\nRatio: not measured: **MISS**\n")


def feed_section(work, out, summary):
    data = load(work, "feed.json")
    cpu = load(work, "feed.cpu.json")
    out.append("## change_feed\n")
    out.append("bench/sse_probe: 100 streams `GET /api/v1/stream?types=channels.&after=S0`, "
               "then a writer POSTs /api/v1/channels open loop at 1,000/s (32 connections). "
               "Latency = time a stream's bytes arrived - the change's `occurred_at` (same "
               "host, same clock). Afterwards every stream must hold exactly the seqs that "
               "`GET /api/v1/changes?after=S0&types=channels.` lists, in order.\n")
    if not data or "p99_ms" not in data.get("result", {}):
        err = (data or {}).get("result", {}).get("error", "no result")
        out.append(f"Not measured: {err}\n")
        summary.append(("change_feed", "commit -> SSE p99", "-", "?", "-",
                        f"<= {FEED_P99_TARGET_MS:.0f} ms, no gaps", "MISS", err))
        return
    r = data["result"]
    w = r["writer"]
    no_gaps = (r["missing"] == 0 and r["out_of_order"] == 0 and r["unexpected"] == 0 and
               r["overflows"] == 0 and r["streams_complete"] == r["subscribers"] and
               r["acks_not_in_log"] == 0 and r["reference_changes"] > 0)
    rate_ok = w["late"] == 0 and w["non_2xx"] == 0 and w["ok_rps"] >= 0.99 * FEED_RATE
    ok = r["p99_ms"] <= FEED_P99_TARGET_MS and no_gaps and rate_ok
    srv, gen, others, busy = cores(data, cpu)
    out.append("| figure | value |")
    out.append("|---|--:|")
    for label, value in [
        ("writer: acknowledged writes/s (target 1,000)", fmt(w["ok_rps"], 1)),
        ("writer: p50 / p99 ms (open loop)", f"{w['p50_ms']:.2f} / {w['p99_ms']:.2f}"),
        ("writer: non-2xx / I/O errors / late", f"{w['non_2xx']} / {w['io_errors']} / {w['late']}"),
        ("streams connected", f"{r['subscribers_connected']} / {r['subscribers']}"),
        ("changes in the log after S0", fmt(r["reference_changes"])),
        ("events received (expected)", f"{fmt(r['events_received'])} ({fmt(r['events_expected'])})"),
        ("latency p50 / p90 ms", f"{r['p50_ms']:.2f} / {r['p90_ms']:.2f}"),
        ("**latency p99 ms** (target <= 50)", f"**{r['p99_ms']:.2f}**"),
        ("latency p99.9 / max ms", f"{r['p999_ms']:.2f} / {r['max_ms']:.2f}"),
        ("due time -> received, stream 0, p50 / p99 ms", f"{r['e2e_p50_ms']:.2f} / {r['e2e_p99_ms']:.2f}"),
        ("streams complete, in order", f"{r['streams_complete']} / {r['subscribers']}"),
        ("missing / unexpected / out of order", f"{r['missing']} / {r['unexpected']} / {r['out_of_order']}"),
        ("overflows / parse errors", f"{r['overflows']} / {r['parse_errors']}"),
        ("acknowledged writes absent from the log", str(r["acks_not_in_log"])),
        ("cores: server / probe / others; machine busy", f"{srv} / {gen} / {others}; {busy}"),
        ("omnihub's busiest threads, cores", thread_cores(work, "feed")),
        ("server-side delivery lag (commit -> fan-out, /metrics) mean ms",
         (lambda d: f"{1000 * d[0] / d[1]:.2f}" if d else "n/a")(
             metric_delta(work, "feed", "omnihub_changes_delivery_lag_seconds"))),
    ]:
        out.append(f"| {label} | {value} |")
    out.append(f"\np99 {r['p99_ms']:.2f} ms, gaps: {'none' if no_gaps else 'YES'}, rate held: "
               f"{'yes' if rate_ok else 'NO'}: **{verdict(ok)}**\n")
    figure("change_feed", "commit -> SSE p50 ms", r["p50_ms"], False)
    figure("change_feed", "commit -> SSE p99 ms", r["p99_ms"], False)
    summary.append(("change_feed", "commit -> SSE latency p99, 100 streams, 1,000 changes/s",
                    "-", f"{r['p99_ms']:.2f} ms", "-", f"<= {FEED_P99_TARGET_MS:.0f} ms, no gaps",
                    verdict(ok), f"p50 {r['p50_ms']:.2f} ms; gaps: {'none' if no_gaps else 'YES'}; "
                    f"writer {fmt(w['ok_rps'])}/s"))


def ingest_batch_section(work, out, summary):
    base = load(work, "ingest_baseline.json")
    omni = load(work, "ingest_omni.json")
    cpu = load(work, "ingest_omni.cpu.json")
    bodies = load(work, "bodies.json") or {}
    baseline = base.get("events_per_s") if base else None
    eps = omni["result"]["ok_rps"] * 100 if omni else None
    ratio = eps / baseline if eps and baseline else None
    ok = bool(eps) and eps >= INGEST_BATCH_TARGET_EPS and ratio is not None \
        and ratio >= INGEST_BATCH_TARGET_RATIO
    p99 = omni["result"]["p99_ms"] if omni else None
    figure("ingest_batch", "events/s", eps, True)
    figure("ingest_batch", "ratio to straight SQLite", ratio, True)
    figure("ingest_batch", "server CPU us/batch", cpu_us_per_request(omni, cpu), False)
    summary.append(("ingest_batch", "events/s, /v1/batch of 100 events, 32 connections",
                    fmt(baseline), fmt(eps), f"{ratio:.2f}x" if ratio else "?",
                    f">= {fmt(INGEST_BATCH_TARGET_EPS)}/s and >= {INGEST_BATCH_TARGET_RATIO}x",
                    verdict(ok), f"p99 {p99:.1f} ms per batch" if p99 is not None else ""))
    out.append("## ingest_batch\n")
    out.append("Baseline (bench/ingest_baseline): the rows omnihub writes for each event of the "
               "same batch (dedup, event, products, change-log row with the event as payload, "
               "profile counters) inserted straight into SQLite from C++, omnihub's schema "
               "(`omnihub migrate`), WAL + synchronous=FULL, one transaction per batch of 100, "
               "prepared statements, one thread. Full stack: `omnihub serve` on a fresh SQLite "
               "database with the demo, 32 connections POSTing /v1/batch (Basic auth with the "
               f"web channel's write key; {bodies.get('batch_bytes', '?')} bytes, "
               f"~{bodies.get('event_bytes_avg', '?')} B per event, every messageId new), closed "
               "loop, 2 s warmup.\n")
    out.append("| measurement | events/s | batches/s | latency per batch | notes |")
    out.append("|---|--:|--:|--:|---|")
    if base:
        out.append(f"| baseline: rows straight into SQLite | {fmt(baseline)} | "
                   f"{fmt(base['batches'] / base['elapsed_s'])} | "
                   f"{1000 * base['elapsed_s'] / max(1, base['batches']):.2f} ms | one fsync per "
                   f"batch, {base['cpu_s']:.1f} s CPU over {base['elapsed_s']:.1f} s |")
    if omni:
        r = omni["result"]
        srv, gen, others, busy = cores(omni, cpu)
        us = cpu_us_per_request(omni, cpu)
        out.append(f"| omnihub POST /v1/batch | {fmt(eps)} | {fmt(r['ok_rps'])} | p50 "
                   f"{r['p50_ms']:.1f} ms, p99 {r['p99_ms']:.1f} ms | statuses "
                   f"{json.dumps(r['statuses'])}, I/O errors {r['io_errors']}; cores: server "
                   f"{srv} ({fmt(us / 100 if us else None, 1)} us CPU per event), loadgen {gen}, "
                   f"others {others}; machine busy {busy} |")
        out.append(f"\nomnihub threads during the run, cores: {thread_cores(work, 'ingest_omni')}")
        stored = counter_delta(work, "ingest", "omnihub_events_stored_total")
        if stored:
            out.append(f"\nomnihub_events_stored_total grew by {fmt(stored)} over the run "
                       f"(warmup included): every acknowledged event was stored, none deduplicated "
                       f"away.")
    out.append(f"\nRatio: **{ratio:.2f}x**, {fmt(eps)} events/s (target >= "
               f"{fmt(INGEST_BATCH_TARGET_EPS)} events/s and >= {INGEST_BATCH_TARGET_RATIO}x): "
               f"**{verdict(ok)}**\n" if ratio else "\nNot measured: **MISS**\n")


def ingest_single_section(work, out, summary):
    closed = load(work, "single_closed.json")
    opened = load(work, "single_open.json")
    cpu = load(work, "single_closed.cpu.json")
    rps = closed["result"]["ok_rps"] if closed else None
    ok = bool(rps) and rps >= INGEST_SINGLE_TARGET_RPS
    open_r = opened["result"] if opened else None
    note = (f"at 10,000/s: p50 {open_r['p50_ms']:.2f} ms, p99 {open_r['p99_ms']:.2f} ms, "
            f"late {open_r['late']}" if open_r else "open loop not measured")
    figure("ingest_single", "requests/s", rps, True)
    figure("ingest_single", "server CPU us/request", cpu_us_per_request(closed, cpu), False)
    figure("ingest_single", "p99 ms at 10,000/s", open_r["p99_ms"] if open_r else None, False)
    summary.append(("ingest_single", "requests/s, /v1/track, 64 connections", "-", fmt(rps), "-",
                    f">= {fmt(INGEST_SINGLE_TARGET_RPS)}/s", verdict(ok), note))
    out.append("## ingest_single\n")
    out.append("`omnihub serve` on a fresh SQLite database with the demo; one Segment track "
               "(a product view, ~600 B) per request to /v1/track, every messageId new. Closed "
               "loop at 64 connections for throughput, then an open loop at a fixed 10,000 "
               "requests/s for latency (from each request's due time).\n")
    out.append("| run | ok requests/s | p50 | p90 | p99 | max | notes |")
    out.append("|---|--:|--:|--:|--:|--:|---|")
    for label, run, c in (("closed loop, 64 connections", closed, cpu),
                          ("open loop, 10,000/s", opened, load(work, "single_open.cpu.json"))):
        if not run:
            out.append(f"| {label} | no result | | | | | |")
            continue
        r = run["result"]
        srv, gen, others, busy = cores(run, c)
        out.append(f"| {label} | {fmt(r['ok_rps'])} | {r['p50_ms']:.2f} | {r['p90_ms']:.2f} | "
                   f"{r['p99_ms']:.2f} | {r['max_ms']:.1f} | statuses {json.dumps(r['statuses'])}"
                   f", late {r.get('late', 0)}; cores: server {srv} "
                   f"({fmt(cpu_us_per_request(run, c), 1)} us CPU per request), loadgen {gen}, "
                   f"others {others} |")
    out.append(f"\nThroughput {fmt(rps)} requests/s (target >= {fmt(INGEST_SINGLE_TARGET_RPS)}): "
               f"**{verdict(ok)}**\n")


def identity_section(work, out, summary):
    run = load(work, "identity.json")
    cpu = load(work, "identity.cpu.json")
    if not run:
        summary.append(("identity", "events/s; merge -> visible p99", "-", "?", "-",
                        f"p99 <= {IDENTITY_VISIBLE_P99_TARGET_MS} ms", "MISS", "no result"))
        out.append("## identity\n\nNo result.\n")
        return
    p99 = run["merge_visible_p99_ms"]
    ok = run["probes"] > 0 and p99 <= IDENTITY_VISIBLE_P99_TARGET_MS and \
        run["probes_wrong"] == 0 and run["failed_batches"] == 0
    figure("identity", "events/s", run["events_per_s"], True)
    figure("identity", "merge -> visible p99 ms", p99, False)
    summary.append(("identity", "events/s with 5 % merges; merge -> visible-to-read p99", "-",
                    f"{fmt(run['events_per_s'])} ev/s; p99 {p99:.2f} ms", "-",
                    f"p99 <= {IDENTITY_VISIBLE_P99_TARGET_MS} ms", verdict(ok),
                    f"{run['probes']} probes, {run['probes_wrong']} wrong"))
    out.append("## identity\n")
    out.append("bench/identity_load against `omnihub serve` (fresh SQLite, the demo), through "
               "the Segment API, 32 connections, batches of 100. Setup: "
               f"{run['profiles']:,} known people (identify: user id, anonymous id, e-mail) and "
               f"{run['visitors']:,} anonymous visitors (page), in {run['setup_s']:.1f} s. Run: "
               f"{run['events']:,} events, of which {run['merges']:,} identifies join a known "
               "person to a visitor (a merge of two existing profiles), the rest product-view "
               "tracks. Meanwhile a probe sends one such merge alone every 20 ms through "
               "/v1/identify and, once it is acknowledged (committed), at once reads GET "
               "/api/v1/customers/lookup?anonymous_id=… with the web channel's API key (a "
               "system's read: no access-log row, so a plain read transaction; a person's read "
               "is also an access-log write and would queue for the writer like any write): "
               "merge -> visible is the time from the "
               "acknowledgement to a read showing the merged profile; the time from sending "
               "the event to its acknowledgement (queueing for the one SQLite writer behind "
               "the load's batches) is reported beside it.\n")
    srv = f"{run['run_s'] and (cpu or {}).get('server_cpu_s', 0) / run['run_s']:.2f}" if cpu else "?"
    out.append("| measurement | value |")
    out.append("|---|--:|")
    out.append(f"| events/s over the run (merges included) | {fmt(run['events_per_s'])} |")
    out.append(f"| run time | {run['run_s']:.1f} s |")
    out.append(f"| failed batches / batches with rejections | {run['failed_batches']} / "
               f"{run['batches_with_rejections']} |")
    out.append(f"| merge -> visible-to-read p50 / p99 / max | {run['merge_visible_p50_ms']:.2f} / "
               f"{p99:.2f} / {run['merge_visible_max_ms']:.1f} ms |")
    out.append(f"| merging event sent -> acknowledged p50 / p99 (under the full load) | "
               f"{run.get('merge_ack_p50_ms', 0):.1f} / {run.get('merge_ack_p99_ms', 0):.1f} ms |")
    out.append(f"| probes (wrong: the read did not show the merge) | {run['probes']} "
               f"({run['probes_wrong']}) |")
    out.append(f"| server cores (whole tool run, setup included) | {srv} |")
    out.append(f"\nmerge -> visible p99 {p99:.2f} ms (target <= "
               f"{IDENTITY_VISIBLE_P99_TARGET_MS} ms): **{verdict(ok)}**\n")


HOT_TARGET_APS = 2000.0
HOT_STOCK = 1000
HOT_ATTEMPTS = 10000
AVAIL_TARGET = 0.3
AVAIL_P99_TARGET_MS = 2.0
AVAIL_ROUNDS = 3


def histogram_buckets(work, name, metric, labels):
    """{le: growth} of one Prometheus histogram (the series whose labels contain `labels`) over
    a run, from NAME_metrics0/1.txt, or None."""
    totals = []
    for suffix in ("0", "1"):
        buckets = {}
        try:
            with open(os.path.join(work, f"{name}_metrics{suffix}.txt")) as f:
                for line in f:
                    if line.startswith(metric + "_bucket{") and labels in line:
                        le = line.split('le="', 1)[1].split('"', 1)[0]
                        bound = float("inf") if le == "+Inf" else float(le)
                        buckets[bound] = buckets.get(bound, 0.0) + float(line.rsplit(" ", 1)[1])
        except (OSError, ValueError, IndexError):
            return None
        totals.append(buckets)
    growth = {b: totals[1].get(b, 0.0) - totals[0].get(b, 0.0) for b in totals[1]}
    return growth if growth.get(float("inf"), 0) > 0 else None


def histogram_quantile(buckets, q):
    """(estimate, lower bound, upper bound) in ms of quantile q from cumulative buckets, linear
    within the bucket as Prometheus' histogram_quantile does."""
    if not buckets:
        return None
    bounds = sorted(buckets)
    total = buckets[float("inf")]
    rank = q * total
    lower, below = 0.0, 0.0
    for bound in bounds:
        if buckets[bound] >= rank:
            if bound == float("inf"):
                return 1000 * lower, 1000 * lower, float("inf")
            share = (rank - below) / max(1e-9, buckets[bound] - below)
            return 1000 * (lower + (bound - lower) * share), 1000 * lower, 1000 * bound
        lower, below = bound, buckets[bound]
    return None


def share_within(buckets, seconds):
    if not buckets or seconds not in buckets:
        return None
    return buckets[seconds] / buckets[float("inf")]


def hot_sku_section(work, out, summary):
    base = load(work, "hot_baseline.json")
    omni = load(work, "hot_omni.json")
    cpu = load(work, "hot_omni.cpu.json")
    avail = load(work, "hot_avail1.json")
    check = load(work, "hot_check.json")
    baseline = base.get("attempts_per_s") if base else None
    rate = omni.get("attempts_per_s") if omni else None
    ratio = rate / baseline if rate and baseline else None
    exact = bool(omni) and omni["attempts"] == HOT_ATTEMPTS and omni["succeeded"] == HOT_STOCK \
        and omni["insufficient_stock"] == HOT_ATTEMPTS - HOT_STOCK \
        and omni["insufficient_stock_bodies"] == HOT_ATTEMPTS - HOT_STOCK
    level = None
    if avail:
        level = next((l for l in avail.get("locations", []) if l.get("sku") == "HOT-SKU-1"), None)
    exact = exact and bool(level) and level["reserved"] == HOT_STOCK and level["available"] == 0
    ok = exact and bool(rate) and rate >= HOT_TARGET_APS
    note = (f"{omni['succeeded']:,} won (201), {omni['insufficient_stock']:,} x 409 "
            f"insufficient_stock, {omni['io_errors'] + omni['other']} other; p99 "
            f"{omni['p99_ms']:.2f} ms" if omni else "no result")
    if omni and not exact:
        note = "VIOLATION: " + note
    figure("hot_sku", "attempts/s", rate, True)
    figure("hot_sku", "ratio to the bare SQLite loop", ratio, True)
    summary.append(("hot_sku", f"reservation attempts/s, 64 clients, {HOT_ATTEMPTS:,} attempts "
                    f"on {HOT_STOCK:,} units of one SKU", fmt(baseline), fmt(rate),
                    f"{ratio:.2f}x" if ratio else "?",
                    f">= {fmt(HOT_TARGET_APS)}/s, exactly {HOT_STOCK:,} won", verdict(ok), note))
    out.append("## hot_sku\n")
    out.append(f"One fresh SKU (HOT-SKU-1) with exactly {HOT_STOCK:,} units at one store, made by "
               "a receipt (`POST /api/v1/inventory/movements`, admin key). bench/hot_sku: 64 "
               "threads, one blocking keep-alive connection each (all connected before the "
               f"clock starts), take attempt numbers from one shared counter until "
               f"{HOT_ATTEMPTS:,} `POST /api/v1/inventory/reservations` "
               "(`{\"sku\":\"HOT-SKU-1\",\"location_id\":…,\"quantity\":1,\"kind\":\"cart\"}`, "
               "the web channel's API key) have been sent. Exactly "
               f"{HOT_STOCK:,} must get 201 and every other one 409 `insufficient_stock`; "
               "afterwards the availability must show reserved = on hand. Baseline "
               "(bench/hot_sku_baseline): the same guarded statement in a bare SQLite loop, one "
               "thread, a table stock(sku, location, on_hand, reserved) with one row of "
               f"{HOT_STOCK:,} units, {HOT_ATTEMPTS:,} x `BEGIN; UPDATE stock SET reserved = "
               "reserved + 1 WHERE sku = ? AND location = ? AND on_hand - reserved >= 1; "
               "COMMIT`, WAL, synchronous=FULL (a refused attempt's COMMIT writes nothing).\n")
    out.append("| measurement | attempts/s | won / refused / other | latency | notes |")
    out.append("|---|--:|--:|--:|---|")
    if base:
        out.append(f"| baseline: conditional UPDATE, bare SQLite | {fmt(baseline)} | "
                   f"{base['succeeded']:,} / {base['refused']:,} / 0 | "
                   f"{1000 * base['elapsed_s'] / max(1, base['attempts']):.3f} ms per attempt "
                   f"on average | {base['elapsed_s']:.3f} s; {base['us_per_success_incl_fsync']:.0f}"
                   f" us per won attempt (its fsynced commit); reserved after: "
                   f"{base['reserved_after']:,} |")
    if omni:
        srv, gen, others, busy = cores(omni, cpu)
        us = 1e6 * cpu["server_cpu_s"] / omni["attempts"] if cpu and omni["attempts"] else None
        out.append(f"| omnihub POST /api/v1/inventory/reservations | {fmt(rate)} | "
                   f"{omni['succeeded']:,} / {omni['insufficient_stock']:,} / "
                   f"{omni['io_errors'] + omni['other']} | p50 {omni['p50_ms']:.2f} ms, p99 "
                   f"{omni['p99_ms']:.2f} ms, p99.9 {omni['p999_ms']:.2f} ms, max "
                   f"{omni['max_ms']:.1f} ms | {omni['elapsed_s']:.3f} s; statuses "
                   f"{json.dumps(omni['statuses'])}; won p50/p99 {omni['won_p50_ms']:.2f}/"
                   f"{omni['won_p99_ms']:.2f} ms, refused p50/p99 {omni['refused_p50_ms']:.2f}/"
                   f"{omni['refused_p99_ms']:.2f} ms; cores: server {srv} ({fmt(us, 1)} us CPU "
                   f"per attempt), client {gen}, others {others}; machine busy {busy} |")
        if omni.get("first_unexpected"):
            out.append(f"\nFirst unexpected reply: `{omni['first_unexpected']}`")
        buckets = histogram_buckets(work, "hot", "omnihub_http_request_seconds",
                                    'route="/api/v1/inventory/reservations"')
        q = histogram_quantile(buckets, 0.99)
        commits = metric_delta(work, "hot", "omnihub_db_commit_seconds")
        if q:
            out.append(f"\nServer side (omnihub's /metrics, `omnihub_http_request_seconds` of the "
                       f"route): p99 {q[0]:.2f} ms (in the ({q[1]:g}, {q[2]:g}] ms bucket, "
                       f"interpolated)." + (f" SQLite commits over the run: {fmt(commits[1])}, "
                                             f"mean {1000 * commits[0] / commits[1]:.3f} ms."
                                             if commits else ""))
        out.append(f"\nomnihub threads during the run, cores: {thread_cores(work, 'hot_omni')}")
    if level:
        out.append(f"\nAfterwards: on hand {level['on_hand']:,}, reserved {level['reserved']:,}, "
                   f"available {level['available']:,}; `GET /api/v1/inventory/check`: "
                   f"{'ok, no violations' if check and check.get('ok') else json.dumps(check)[:200]}.")
    out.append(f"\n{'Exactly' if exact else 'NOT exactly'} {HOT_STOCK:,} won: "
               f"{'no overselling' if exact else '**VIOLATION**'}; {fmt(rate)} attempts/s "
               f"(target >= {fmt(HOT_TARGET_APS)}/s), ratio to the bare loop "
               f"{ratio:.2f}x: **{verdict(ok)}**\n" if ratio else "\nNot measured: **MISS**\n")


def availability_section(work, out, summary):
    rows, rounds = [], []
    names = [f"avail_{side}_{i}" for i in range(1, AVAIL_ROUNDS + 1) for side in ("bare", "omni")]
    for name in names + ["avail_catalog"]:
        data = load(work, name + ".json")
        cpu = load(work, name + ".cpu.json")
        if not data:
            rows.append(f"| {name} | no result | | | | | | | | |")
            continue
        r = data["result"]
        errors = r["non_2xx"] + r["io_errors"] + r["late"]
        srv, gen, others, busy = cores(data, cpu)
        what = {"bare": "bare Beast, constant reply",
                "availability": "omnihub GET /api/v1/inventory/availability?sku=SZC-RUN-ASF-42",
                "catalog_sku": "omnihub GET /api/v1/catalog/skus/SZC-RUN-ASF-42"}[data["label"]]
        mode = "closed" + (f" #{name[-1]}" if name[-1].isdigit() else "")
        rows.append(f"| {what} | {mode} | {fmt(r['ok_rps'])} | {r['p50_ms']:.2f} | "
                    f"{r['p99_ms']:.2f} | {r['p999_ms']:.2f} | {errors} | {srv} | "
                    f"{fmt(cpu_us_per_request(data, cpu), 1)} | {gen} | {others} |")
    for idx in range(1, AVAIL_ROUNDS + 1):
        bare = load(work, f"avail_bare_{idx}.json")
        omni = load(work, f"avail_omni_{idx}.json")
        if bare and omni and bare["result"]["ok_rps"] > 0:
            rounds.append((bare["result"]["ok_rps"], omni["result"]["ok_rps"]))
    by_ratio = sorted(rounds, key=lambda r: r[1] / r[0])
    median = by_ratio[len(by_ratio) // 2] if by_ratio else None
    ratio = median[1] / median[0] if median else None
    errors = 0
    for idx in range(1, AVAIL_ROUNDS + 1):
        data = load(work, f"avail_omni_{idx}.json")
        errors += data["result"]["non_2xx"] + data["result"]["io_errors"] if data else 1
    buckets = histogram_buckets(work, "avail", "omnihub_http_request_seconds",
                                'route="/api/v1/inventory/availability"')
    q = histogram_quantile(buckets, 0.99)
    cat_buckets = histogram_buckets(work, "avail_catalog", "omnihub_http_request_seconds",
                                    'route="/api/v1/catalog/skus/{sku}"')
    cat_q = histogram_quantile(cat_buckets, 0.99)
    p99_ok = q is not None and q[0] <= AVAIL_P99_TARGET_MS
    ok = ratio is not None and ratio >= AVAIL_TARGET and p99_ok and errors == 0
    client_p99 = sorted(load(work, f"avail_omni_{i}.json")["result"]["p99_ms"]
                        for i in range(1, AVAIL_ROUNDS + 1)
                        if load(work, f"avail_omni_{i}.json"))
    cat = load(work, "avail_catalog.json")
    note = (f"server-side p99 {q[0]:.2f} ms ({q[1]:g}-{q[2]:g} ms bucket)" if q else
            "server-side p99 not available") + \
        (f"; client p99 {client_p99[len(client_p99) // 2]:.2f} ms" if client_p99 else "") + \
        (f"; catalog/skus/{{sku}} {fmt(cat['result']['ok_rps'])}/s" if cat else "")
    figure("availability_read", "requests/s", median[1] if median else None, True)
    figure("availability_read", "ratio to the bare server", ratio, True)
    summary.append(("availability_read", "GET availability?sku= (4 locations), requests/s, 64 "
                    f"connections (median of {len(rounds)} rounds)",
                    fmt(median[0]) if median else "?", fmt(median[1]) if median else "?",
                    f"{ratio:.3f}x" if ratio else "?",
                    f">= {AVAIL_TARGET}x, server p99 <= {AVAIL_P99_TARGET_MS:g} ms",
                    verdict(ok), note))
    out.append("## availability_read\n")
    out.append("A channel's product page read: `GET /api/v1/inventory/availability?sku="
               "SZC-RUN-ASF-42` (available to promise per location and network-wide; one read "
               "transaction) with the web channel's API key, against `bare_server`'s constant "
               f"reply; same load generator, 64 connections, closed loop, 1 s warmup then the "
               f"recorded window, bare and omnihub alternating over {AVAIL_ROUNDS} rounds; the "
               "ratio is the round with the median ratio. Server-side latency: omnihub's own "
               "`omnihub_http_request_seconds` histogram for the route (from the request's "
               "headers to its response, before the write), grown over the three rounds "
               "(warmups included), p99 interpolated within its bucket. Extra row: the product "
               "itself, `GET /api/v1/catalog/skus/SZC-RUN-ASF-42`.\n")
    out.append("| run | mode | ok req/s | p50 ms | p99 ms | p99.9 ms | errors | server cores "
               "| server CPU us/req | loadgen cores | other cores |")
    out.append("|---|---|--:|--:|--:|--:|--:|--:|--:|--:|--:|")
    out.extend(rows)
    out.append("\nPer-round ratios: " + ", ".join(f"{o / b:.3f}" for b, o in rounds))
    per_round = []
    for idx in range(1, AVAIL_ROUNDS + 1):
        rq = histogram_quantile(histogram_buckets(work, f"avail_omni_{idx}",
                                                  "omnihub_http_request_seconds",
                                                  'route="/api/v1/inventory/availability"'), 0.99)
        data, cpu = load(work, f"avail_omni_{idx}.json"), load(work, f"avail_omni_{idx}.cpu.json")
        if rq:
            per_round.append(f"#{idx} {rq[0]:.2f} ms (other cores {cores(data, cpu)[2]})")
    if per_round:
        out.append("\nServer-side p99 per round: " + ", ".join(per_round))
    if q:
        within1 = share_within(buckets, 0.001)
        within25 = share_within(buckets, 0.0025)
        out.append(f"\nServer side, availability ({fmt(buckets[float('inf')])} requests): p50 "
                   f"{histogram_quantile(buckets, 0.5)[0]:.2f} ms, p99 **{q[0]:.2f} ms** "
                   f"(bucket {q[1]:g}-{q[2]:g} ms), p99.9 "
                   f"{histogram_quantile(buckets, 0.999)[0]:.2f} ms; "
                   f"{100 * within1:.2f} % within 1 ms, {100 * within25:.2f} % within 2.5 ms."
                   if within1 is not None and within25 is not None else
                   f"\nServer side p99 {q[0]:.2f} ms.")
    if cat_q:
        out.append(f"\nServer side, catalog/skus/{{sku}}: p50 "
                   f"{histogram_quantile(cat_buckets, 0.5)[0]:.2f} ms, p99 {cat_q[0]:.2f} ms.")
    out.append(f"\nomnihub threads during availability round 1, cores: "
               f"{thread_cores(work, 'avail_omni_1')}")
    out.append(f"\nRatio omnihub / bare: **{ratio:.3f}x** (target >= {AVAIL_TARGET}x), "
               f"server-side p99 {q[0] if q else float('nan'):.2f} ms (target <= "
               f"{AVAIL_P99_TARGET_MS:g} ms): **{verdict(ok)}**\n" if ratio else
               "\nNot measured: **MISS**\n")


def import_section(work, out, summary):
    rows = []
    base_lines = base_s = omni_lines = omni_s = omni_cpu = 0.0
    for idx in (1, 2):
        base = load(work, f"import_base_{idx}.json")
        omni = load(work, f"import_omni_{idx}.json")
        cpu = load(work, f"import_omni_{idx}.cpu.json")
        times = load(work, f"import_omni_{idx}.time.json")
        try:
            with open(os.path.join(work, f"import_file_{idx}.txt")) as f:
                name = f.read().strip()
        except OSError:
            name = f"file {idx}"
        if base:
            base_lines += base["lines"]
            base_s += base["elapsed_s"]
            rows.append(f"| baseline, straight into SQLite | {name} | {fmt(base['lines'])} | "
                        f"{base['elapsed_s']:.2f} | {fmt(base['lines_per_s'])} | "
                        f"{base['cpu_s']:.2f} | {fmt(base['rows'])} rows in the table after it, "
                        f"{fmt(base['transactions'])} transactions |")
        if omni and cpu:
            wall = cpu["wall_s"]
            used = (times["user_s"] + times["sys_s"]) if times else None
            omni_lines += omni["lines"]
            omni_s += wall
            omni_cpu += used or 0
            rejected = ", ".join(f"{k} {v:,}" for k, v in omni.get("rejected", {}).items())
            rows.append(f"| omnihub import products --format online_retail | {name} | "
                        f"{fmt(omni['lines'])} | {wall:.2f} | {fmt(omni['lines'] / wall)} | "
                        f"{fmt(used, 2)} | {fmt(omni['imported_lines'])} imported into "
                        f"{fmt(omni['products'])} products ({fmt(omni['created'])} new, "
                        f"{fmt(omni['updated'])} updated, {fmt(omni['unchanged'])} unchanged); "
                        f"{fmt(omni['rejected_lines'])} rejected ({rejected}); max RSS "
                        f"{fmt((times or {}).get('maxrss_kb', 0) / 1024, 0)} MiB |")
        elif cpu:
            rows.append(f"| omnihub import | {name} | failed: "
                        f"exit {cpu.get('exit')} | | | | |")
    base_rate = base_lines / base_s if base_s else None
    omni_rate = omni_lines / omni_s if omni_s else None
    ratio = omni_rate / base_rate if omni_rate and base_rate else None
    figure("import_csv", "lines/s", omni_rate, True)
    figure("import_csv", "ratio to straight SQLite", ratio, True)
    summary.append(("import_csv", f"Online Retail II lines/s, both files "
                    f"({fmt(omni_lines or base_lines)} lines), CLI import on a fresh database",
                    fmt(base_rate), fmt(omni_rate), f"{ratio:.2f}x" if ratio else "?",
                    "none (ratio reported)", "-",
                    f"omnihub {omni_s:.1f} s wall, {omni_cpu:.1f} s CPU; baseline {base_s:.1f} s"))
    out.append("## import_csv\n")
    out.append("The full UCI Online Retail II data (both files, .csv.gz), imported file by file "
               "with `omnihub import products FILE --format online_retail --json` into one fresh "
               "SQLite database (`omnihub migrate`, no demo), timed from process start to exit. "
               "Baseline (bench/import_baseline): the same files read with zlib and parsed as CSV "
               "in C++, every data line's (StockCode, Description, Price) upserted straight into "
               "one SQLite table keyed by the code (the last line of a code wins), transactions "
               "of 500 lines, WAL + synchronous=FULL, a prepared statement, one thread: no "
               "validation, no mapping, no variants, prices, categories or change log. The two "
               "alternate, file by file.\n")
    out.append("| run | file | data lines | wall s | lines/s | CPU s | notes |")
    out.append("|---|---|--:|--:|--:|--:|---|")
    out.extend(rows)
    out.append(f"\nBoth files: baseline {fmt(base_rate)} lines/s, omnihub {fmt(omni_rate)} "
               f"lines/s: ratio **{ratio:.2f}x** (no target; reported).\n" if ratio else
               "\nNot measured.\n")


# ------------------------------------------------------------------------ issue 6: orders
CHECKOUT_TARGET_OPS = 1000.0      # orders/s at 32 buyers
CHECKOUT_TARGET_P99_MS = 100.0    # whole-flow p99 at 32 buyers
SPREAD_TARGET_OPS = 2000.0        # durable direct orders/s
OVERSELL_STOCK, OVERSELL_BUYERS = 10, 50


def metric_sum(work, name, metric):
    """Growth of a Prometheus histogram's _sum and _count over a run (all label sets)."""
    return metric_delta(work, name, metric)


def write_cost(work, name, orders):
    """Transactions and fsynced commits per order from omnihub's own metrics, or ''."""
    groups = metric_sum(work, name, "omnihub_db_group_size")
    commits = metric_sum(work, name, "omnihub_db_commit_seconds")
    if not groups or not commits or not orders:
        return ""
    tx, n_commits = groups
    commit_s, _ = commits
    return (f"{tx / orders:.1f} write transactions and {n_commits / orders:.2f} fsynced commits "
            f"per order ({tx / n_commits:.1f} transactions per commit, mean commit "
            f"{1000 * commit_s / n_commits:.2f} ms)")


def route_means(work, name, routes):
    """Mean server-side time per route (ms) over a run, from omnihub_http_request_seconds."""
    out = []
    for route in routes:
        totals = []
        for suffix in ("0", "1"):
            s = c = 0.0
            try:
                with open(os.path.join(work, f"{name}_metrics{suffix}.txt")) as f:
                    for line in f:
                        if f'route="{route}"' not in line:
                            continue
                        if line.startswith("omnihub_http_request_seconds_sum"):
                            s += float(line.rsplit(" ", 1)[1])
                        elif line.startswith("omnihub_http_request_seconds_count"):
                            c += float(line.rsplit(" ", 1)[1])
            except (OSError, ValueError):
                return ""
            totals.append((s, c))
        count = totals[1][1] - totals[0][1]
        if count > 0:
            out.append(f"`{route.replace('/api/v1', '')}` {1000 * (totals[1][0] - totals[0][0]) / count:.2f}")
    return ", ".join(out)


FLOW_ROUTES = ["/api/v1/carts", "/api/v1/carts/{id}/lines", "/api/v1/carts/{id}/contact",
               "/api/v1/carts/{id}/fulfilment", "/api/v1/carts/{id}/payment",
               "/api/v1/carts/{id}", "/api/v1/carts/{id}/checkout"]


def flow_runs(work, prefix, benchmark):
    """The table rows of every PREFIX_<buyers>.json and the headline (the most buyers)."""
    runs = []
    for path in sorted(os.listdir(work)):
        m = re.fullmatch(prefix + r"_(\d+)\.json", path)
        if m:
            runs.append(int(m.group(1)))
    runs.sort()
    rows = []
    headline = None
    for buyers in runs:
        name = f"{prefix}_{buyers}"
        data, cpu = load(work, name + ".json"), load(work, name + ".cpu.json")
        if not data:
            rows.append(f"| {buyers} | no result | | | | | | | | |")
            continue
        acked = data["orders_acked_total"]
        srv, gen, others, _ = cores({"cpu_s": data.get("cpu_s", 0)}, cpu)
        us = 1e6 * cpu["server_cpu_s"] / acked if cpu and acked else None
        bad = {k: v for k, v in data["outcomes"].items()
               if not re.match(r"[a-z_]+:(200|201)$", k)}
        rows.append(f"| {buyers} | {fmt(data['orders_per_s'], 1)} | {data['flow_p50_ms']:.1f} | "
                    f"{data['flow_p99_ms']:.1f} | {data['flow_max_ms']:.1f} | "
                    f"{data['steps']['checkout']['p50_ms']:.2f} / "
                    f"{data['steps']['checkout']['p99_ms']:.2f} | "
                    f"{fmt(data['orders'])} ({data['failed_flows']} failed; "
                    f"{', '.join(f'{k} {v}' for k, v in bad.items()) or 'no errors'}) | "
                    f"{srv} | {fmt(us, 0)} | {gen} / {others} |")
        figure(benchmark, f"orders/s at {buyers} buyers", data["orders_per_s"], True)
        figure(benchmark, f"server CPU us/order at {buyers} buyers", us, False)
        if buyers == max(runs):
            headline = (buyers, data, cpu, name)
    return rows, headline


FLOW_TABLE_HEAD = ("| buyers | orders/s | flow p50 ms | flow p99 ms | flow max ms | checkout call "
                   "p50 / p99 ms | recorded orders | server cores | server CPU us/order | "
                   "loadgen / other cores |\n|--:|--:|--:|--:|--:|--:|---|--:|--:|---|")


def checkout_section(work, out, summary):
    base = load(work, "flow_baseline.json")
    verify = load(work, "flow_verify.json")
    rows, headline = flow_runs(work, "flow", "checkout_flow")
    base_rate = base["orders_per_s"] if base else None
    ok = False
    ratio = None
    note = ""
    if headline:
        buyers, data, cpu, name = headline
        ratio = data["orders_per_s"] / base_rate if base_rate else None
        durable = bool(verify) and verify["acked"] > 0 and verify["missing"] == 0
        ok = (buyers >= 32 and data["orders_per_s"] >= CHECKOUT_TARGET_OPS and
              data["flow_p99_ms"] <= CHECKOUT_TARGET_P99_MS and data["failed_flows"] == 0 and
              durable)
        note = (f"{buyers} buyers: flow p50 {data['flow_p50_ms']:.1f} ms, p99 "
                f"{data['flow_p99_ms']:.1f} ms; "
                + (f"{verify['present']:,}/{verify['acked']:,} acknowledged orders present after "
                   f"kill -9" if verify else "durability not checked"))
        figure("checkout_flow", f"ratio to straight SQLite at {buyers} buyers", ratio, True)
        summary.append(("checkout_flow (issue 6)",
                        f"guest checkout, 7 calls, orders/s at {buyers} buyers",
                        fmt(base_rate, 0), fmt(data["orders_per_s"], 0),
                        f"{ratio:.2f}x" if ratio else "?",
                        f">= {CHECKOUT_TARGET_OPS:,.0f}/s, p99 <= {CHECKOUT_TARGET_P99_MS:g} ms, "
                        "every order durable", verdict(ok), note))
    out.append("## checkout_flow (issue 6)\n")
    out.append("A guest checkout as a storefront makes it (bench/order_load --mode flow, one "
               "blocking keep-alive connection per buyer, the web channel's key): `POST /carts` "
               "(a fresh anonymous id), `POST …/lines` (one unit of one of 11 demo SKUs, each "
               "given 100,000 units in the warehouse), `PUT …/contact` (a unique e-mail and phone, "
               "name, address in Kraków), `PUT …/fulfilment` `ship`, `PUT …/payment` blik, `GET` "
               "the cart, `POST …/checkout` with `If-Match` = its ETag. Each buyer repeats it; a "
               "flow counts when it starts inside the recorded window (2 s warmup first); "
               "orders/s = flows that ended in a 201 order / window. Flow latency: first "
               "request to the checkout's reply. Baseline (bench/orders_baseline --flow "
               "checkout): the 32 rows such a checkout leaves (profile, 3 identifiers, trait, "
               "7 search terms, cart + line, hold, order, item, payment, 12 change-log rows of "
               "omnihub's payload sizes) plus the guarded stock UPDATE and the order-number "
               "sequence, straight into SQLite with omnihub's schema, one fsynced transaction "
               "per order, one thread.\n")
    out.append(FLOW_TABLE_HEAD)
    out.extend(rows)
    if base:
        out.append(f"\nBaseline: {fmt(base['orders_per_s'], 0)} orders/s "
                   f"({base['us_per_order']:.0f} us per order, {base['rows_per_order']:.0f} rows "
                   f"+ 2 UPDATEs, one fsync each).")
    if headline:
        cost = write_cost(work, headline[3], headline[1]["orders_acked_total"])
        if cost:
            out.append(f"\nAt {headline[0]} buyers omnihub made {cost}.")
        means = route_means(work, headline[3], FLOW_ROUTES)
        if means:
            out.append(f"\nServer-side mean per call at {headline[0]} buyers, ms: {means}.")
        out.append(f"\nomnihub threads at {headline[0]} buyers, cores: "
                   f"{thread_cores(work, headline[3])}")
    if verify:
        out.append(f"\nDurability: killed with SIGKILL after the runs, restarted, `GET "
                   f"/api/v1/orders/{{id}}` for every acknowledged order: {verify['present']:,} of "
                   f"{verify['acked']:,} present.")
    footprint(work, "flow", "SQLite", out, summary)
    out.append(f"\nResult: **{verdict(ok)}** (target >= {CHECKOUT_TARGET_OPS:,.0f} orders/s at 32 "
               f"buyers with flow p99 <= {CHECKOUT_TARGET_P99_MS:g} ms, every order durable).\n")



CHECKOUT_PG_TARGET_OPS = 400.0     # orders/s, one node (issue 13)
CHECKOUT_PG_TARGET_RATIO = 0.5     # of the same run's SQLite figure
FOOTPRINT_RSS_MIB = 256.0
FOOTPRINT_STARTUP_MS = 200.0


def footprint(work, name, label, out, summary):
    """Peak RSS under the checkout load and start-up to /readyz (issue 13's targets)."""
    rss, start = load(work, f"{name}_rss.json"), load(work, f"{name}_startup.json")
    if not rss and not start:
        return
    peak = rss["vmhwm_kb"] / 1024 if rss and "vmhwm_kb" in rss else None
    times = [t for t in (start or {}).get("startup_ms", []) if t is not None]
    worst = max(times) if times else None
    ok = peak is not None and worst is not None and peak <= FOOTPRINT_RSS_MIB and \
        worst <= FOOTPRINT_STARTUP_MS
    summary.append((f"footprint (issue 13), {label}", "peak RSS under the checkout load; start-up "
                    "to /readyz", "", f"{fmt(peak, 0)} MiB; {', '.join(f'{t:.0f}' for t in times)} ms",
                    "", f"<= {FOOTPRINT_RSS_MIB:.0f} MiB, <= {FOOTPRINT_STARTUP_MS:.0f} ms",
                    verdict(ok), "start-up on the database the run left, 3 times"))
    out.append(f"\nFootprint: peak RSS {fmt(peak, 1)} MiB under the load; start-up to the first "
               f"200 of /readyz on the database the run left: "
               f"{', '.join(f'{t:.0f}' for t in times) or '?'} ms.")


def checkout_pg_section(work, out, summary):
    base = load(work, "flow_pg_baseline.json")
    verify = load(work, "flow_pg_verify.json")
    rows, headline = flow_runs(work, "flow_pg", "checkout_flow_pg")
    if headline:
        buyers, data, cpu, name = headline
        sqlite_same = load(work, f"flow_{buyers}.json")
        sqlite_rate = sqlite_same["orders_per_s"] if sqlite_same else None
        durable = bool(verify) and verify["acked"] > 0 and verify["missing"] == 0
        ratio = data["orders_per_s"] / sqlite_rate if sqlite_rate else None
        ok = (data["orders_per_s"] >= CHECKOUT_PG_TARGET_OPS and data["failed_flows"] == 0 and
              durable and ratio is not None and ratio >= CHECKOUT_PG_TARGET_RATIO)
        figure("checkout_flow_pg", f"ratio to SQLite omnihub at {buyers} buyers", ratio, True)
        summary.append(("checkout_flow_pg (issue 13)",
                        f"guest checkout on PostgreSQL, orders/s at {buyers} buyers, one node",
                        fmt(base["orders_per_s"], 0) if base else "?",
                        fmt(data["orders_per_s"], 0),
                        f"{ratio:.2f}x SQLite" if ratio else "no SQLite run",
                        f">= {CHECKOUT_PG_TARGET_OPS:,.0f}/s and >= "
                        f"{CHECKOUT_PG_TARGET_RATIO:g}x SQLite's, every order durable",
                        verdict(ok),
                        f"flow p50 {data['flow_p50_ms']:.1f} ms, p99 {data['flow_p99_ms']:.1f} ms; "
                        + (f"{verify['present']:,}/{verify['acked']:,} acknowledged orders present "
                           "after kill -9" if verify else "durability not checked")))
    out.append("## checkout_flow_pg (issue 13)\n")
    out.append("The checkout_flow load against one omnihub node on PostgreSQL: a throwaway cluster "
               "(tests/testing/pg_cluster.sh start --durable: fsync, synchronous_commit and "
               "full_page_writes on, the rest default) on the same machine. Baseline "
               "(bench/orders_baseline --db postgresql://… --threads N): the same 32 rows and 2 "
               "UPDATEs per order through bare libpq, one transaction per order, N connections "
               "(the change-log rows numbered by the column's own sequence, no sequencer).\n")
    out.append(FLOW_TABLE_HEAD)
    out.extend(rows)
    if base:
        out.append(f"\nBaseline: {fmt(base['orders_per_s'], 0)} orders/s at {base['threads']} "
                   f"connections ({base['rows_per_order']:.0f} rows + 2 UPDATEs per order).")
    if headline:
        cost = write_cost(work, headline[3], headline[1]["orders_acked_total"])
        if cost:
            out.append(f"\nAt {headline[0]} buyers omnihub made {cost}.")
    footprint(work, "flow_pg", "PostgreSQL", out, summary)
    out.append("")


def checkout_nodes_section(work, out, summary):
    verify = load(work, "nodes_verify.json")
    rows, rates = [], {}
    for count in (1, 2, 3):
        data, cpu = load(work, f"nodes_{count}.json"), load(work, f"nodes_{count}.cpu.json")
        if not data:
            continue
        rates[count] = data["orders_per_s"]
        bad = {k: v for k, v in data["outcomes"].items() if not re.match(r"[a-z_]+:(200|201)$", k)}
        rows.append(f"| {count} | {fmt(data['orders_per_s'], 1)} | "
                    f"{fmt(data['orders_per_s'] / rates[1], 2) if 1 in rates else '?'} | "
                    f"{data['flow_p50_ms']:.1f} | {data['flow_p99_ms']:.1f} | "
                    f"{fmt(data['orders'])} ({data['failed_flows']} failed; "
                    f"{', '.join(f'{k} {v}' for k, v in bad.items()) or 'no errors'}) | "
                    f"{cpu['machine_busy_cores'] if cpu else '?'} |")
        figure("checkout_flow_nodes", f"orders/s through {count} nodes", data["orders_per_s"], True)
    if not rows:
        return
    durable = bool(verify) and verify["acked"] > 0 and verify["missing"] == 0
    ok = durable and all(rates[n] >= rates[1] for n in rates)
    summary.append(("checkout_flow_nodes (issue 13)", "guest checkout orders/s through 1 / 2 / 3 "
                    "nodes on one PostgreSQL behind HAProxy", fmt(rates.get(1), 0),
                    " / ".join(fmt(rates[n], 0) for n in sorted(rates)),
                    " / ".join(f"{rates[n] / rates[1]:.2f}x" for n in sorted(rates)) if 1 in rates
                    else "?", "throughput does not fall with nodes, every order durable",
                    verdict(ok),
                    (f"{verify['present']:,}/{verify['acked']:,} acknowledged orders present"
                     if verify else "durability not checked")))
    out.append("## checkout_flow_nodes (issue 13)\n")
    out.append("The checkout_flow load (32 buyers) through HAProxy (round robin per request, so a "
               "buyer's seven calls land on different nodes) to 1, 2 and 3 omnihub nodes sharing "
               "one PostgreSQL database (the durable throwaway cluster). Nodes, database, proxy and "
               "load generator share this machine's cores; ratio = orders/s over the 1-node run's. "
               "Afterwards every acknowledged order is read back from one node.\n")
    out.append("| nodes | orders/s | ratio | flow p50 ms | flow p99 ms | recorded orders | "
               "machine busy cores |")
    out.append("|--:|--:|--:|--:|--:|---|--:|")
    out.extend(rows)
    out.append("")

def oversell_section(work, out, summary):
    data = load(work, "oversell.json")
    if not data:
        summary.append(("oversell (issue 6)", "10 units, 50 buyers", "-", "?", "-",
                        "exactly 10 orders + 40 x 409", "MISS", "no result"))
        return
    ok = bool(data["exact"])
    counts = (f"{data['orders']} x 201, {data['insufficient_stock']} x 409 insufficient_stock, "
              f"{data['other_409']} other 409, {data['server_errors']} 5xx, "
              f"{data['io_errors']} timeouts/I/O errors, {data['other']} other")
    figure("oversell", "ms to the last answer", data["all_answered_ms"], False)
    summary.append(("oversell (issue 6)",
                    f"{OVERSELL_STOCK} units, {OVERSELL_BUYERS} prepared carts checking out at once:"
                    " time to the last answer", "-", f"{data['all_answered_ms']:.1f} ms", "-",
                    "exactly 10 orders, 40 clean 409, no 5xx, no timeout", verdict(ok), counts))
    out.append("## oversell (issue 6)\n")
    out.append("`SZC-RUN-TRL-43` has exactly 10 units, all in the warehouse (the demo's 2 + a "
               "receipt of 8). 50 buyers (bench/order_load --mode oversell, one connection "
               "each) first prepare a cart each (create, one unit, contact, ship, blik: five "
               "calls, all 200/201), wait at a barrier, and are released together into `POST "
               "…/checkout`. Time: from the release to the last reply.\n")
    out.append(f"- answers: {counts}; carts prepared {data['carts_prepared']}/{data['buyers']}")
    out.append(f"- all 50 answered in **{data['all_answered_ms']:.1f} ms** (median answer "
               f"{data['answer_p50_ms']:.1f} ms)")
    a = load(work, "oversell_avail1.json")
    if a:
        held = sum(l["reserved"] for l in a["locations"])
        out.append(f"- afterwards: {held} units held for the 10 orders, network available "
                   f"{a['network_available']}")
    out.append(f"\nResult: **{verdict(ok)}** (exact counts).\n")


def spread_section(work, out, summary):
    base = load(work, "spread_baseline.json")
    data = load(work, "spread.json")
    cpu = load(work, "spread.cpu.json")
    verify = load(work, "spread_verify.json")
    receive = load(work, "spread_receive.json")
    rate = data["orders_per_s"] if data else None
    base_rate = base["orders_per_s"] if base else None
    ratio = rate / base_rate if rate and base_rate else None
    durable = bool(verify) and verify["acked"] > 0 and verify["missing"] == 0
    ok = bool(data) and rate >= SPREAD_TARGET_OPS and data["failed"] == 0 and durable
    note = ""
    if data:
        note = (f"p50 {data['p50_ms']:.1f} ms, p99 {data['p99_ms']:.1f} ms; "
                + (f"{verify['present']:,}/{verify['acked']:,} present after kill -9"
                   if verify else "durability not checked"))
    figure("orders_spread", "orders/s", rate, True)
    figure("orders_spread", "ratio to straight SQLite", ratio, True)
    figure("orders_spread", "server CPU us/order",
           1e6 * cpu["server_cpu_s"] / data["orders_acked_total"]
           if cpu and data and data.get("orders_acked_total") else None, False)
    summary.append(("orders_spread (issue 6)",
                    "direct in-store orders/s (2 lines, 10,000 SKUs, Idempotency-Key), 32 conns",
                    fmt(base_rate, 0), fmt(rate, 0), f"{ratio:.2f}x" if ratio else "?",
                    f">= {SPREAD_TARGET_OPS:,.0f} durable orders/s", verdict(ok), note))
    out.append("## orders_spread (issue 6)\n")
    out.append("10,000 SKUs (`omnihub import products` of a generated CSV before the server "
               "starts), one price list of the 10,000 in one `POST /api/v1/pricing/price-lists`, "
               "1,000 units of each at the 3 stores and the warehouse (40,000 receipts through "
               "`POST /api/v1/inventory/movements`, 16 connections, not timed). Then 32 "
               "connections (bench/order_load --mode spread) send `POST /api/v1/orders` with a "
               "fresh `Idempotency-Key`: 2 distinct random SKUs of the 10,000, one unit each, "
               "`in_store` at a random one of the 3 stores (hold + confirm + order + changes), "
               "2 s warmup then the recorded window. Baseline (bench/orders_baseline --flow "
               "spread): the same rows (the idempotency record with its response, per line the "
               "guarded reserve UPDATE, the hold, the sale UPDATE and the movement; the sequence, "
               "the order, 2 items, 12 change-log rows) straight into SQLite with omnihub's "
               "schema, one fsynced transaction per order, one thread.\n")
    if data:
        srv, gen, others, _ = cores({"cpu_s": data.get("cpu_s", 0)}, cpu)
        acked = data["orders_acked_total"]
        us = 1e6 * cpu["server_cpu_s"] / acked if cpu and acked else None
        bad = {k: v for k, v in data["outcomes"].items() if k != "order:201"}
        out.append("| run | orders/s | p50 ms | p99 ms | max ms | recorded | server cores | "
                   "server CPU us/order | loadgen / other cores |")
        out.append("|---|--:|--:|--:|--:|---|--:|--:|---|")
        if base:
            out.append(f"| baseline, straight into SQLite | {fmt(base_rate, 0)} | | | | "
                       f"{fmt(base['orders'])} ({base['us_per_order']:.0f} us each, "
                       f"{base['rows_per_order']:.0f} rows) | | | |")
        out.append(f"| omnihub POST /api/v1/orders | {fmt(rate, 0)} | {data['p50_ms']:.1f} | "
                   f"{data['p99_ms']:.1f} | {data['max_ms']:.1f} | {fmt(data['orders'])} "
                   f"({data['failed']} failed; "
                   f"{', '.join(f'{k} {v}' for k, v in bad.items()) or 'no errors'}) | {srv} | "
                   f"{fmt(us, 0)} | {gen} / {others} |")
        cost = write_cost(work, "spread", acked)
        if cost:
            out.append(f"\nomnihub made {cost}.")
        out.append(f"\nomnihub threads, cores: {thread_cores(work, 'spread')}")
    if receive:
        out.append(f"\nSet-up: {receive['created']:,}/{receive['movements']:,} receipts in "
                   f"{receive['elapsed_s']:.1f} s.")
    if verify:
        out.append(f"\nDurability: SIGKILL, restart, every acknowledged order read back: "
                   f"{verify['present']:,} of {verify['acked']:,} present.")
    out.append(f"\nRatio omnihub / baseline: **{ratio:.2f}x**; result: **{verdict(ok)}** "
               f"(target >= {SPREAD_TARGET_OPS:,.0f} durable orders/s).\n" if ratio else
               "\nNot measured: **MISS**\n")


def main():
    work, build = sys.argv[1], sys.argv[2]
    out, summary = [], []
    if load(work, "edge_omni_open.json") or load(work, "edge_bare_closed_1.json"):
        edge_section(work, out, summary)
    if load(work, "write_omni.json"):
        write_section(work, out, summary)
    if load(work, "write_pg_omni.json"):
        write_pg_section(work, out, summary)
    if load(work, "ingest_pg_omni.json") or load(work, "ingest_pg_baseline.json"):
        ingest_pg_section(work, out, summary)
    if load(work, "feed.json"):
        feed_section(work, out, summary)
    if load(work, "ingest_omni.json") or load(work, "ingest_baseline.json"):
        ingest_batch_section(work, out, summary)
    if load(work, "single_closed.json"):
        ingest_single_section(work, out, summary)
    if os.path.exists(os.path.join(work, "identity.json")):
        identity_section(work, out, summary)
    if load(work, "hot_omni.json") or load(work, "hot_baseline.json"):
        hot_sku_section(work, out, summary)
    if load(work, "avail_bare_1.json") or load(work, "avail_omni_1.json"):
        availability_section(work, out, summary)
    if load(work, "import_base_1.json") or load(work, "import_omni_1.cpu.json"):
        import_section(work, out, summary)
    if load(work, "flow_baseline.json") or load(work, "flow_1.json"):
        checkout_section(work, out, summary)
    if load(work, "flow_pg_baseline.json") or load(work, "flow_pg_32.json"):
        checkout_pg_section(work, out, summary)
    if load(work, "nodes_1.json"):
        checkout_nodes_section(work, out, summary)
    if os.path.exists(os.path.join(work, "oversell.cpu.json")):
        oversell_section(work, out, summary)
    if load(work, "spread.json") or load(work, "spread_baseline.json"):
        spread_section(work, out, summary)
    with open(os.path.join(work, "figures.json"), "w") as f:
        json.dump(FIGURES, f, indent=1)
    print("# omnihub benchmark results\n")
    print("Command: `make bench` (scripts/bench.sh). Baselines and omnihub measured in the same "
          "run on the same machine; the load generators share the machine's cores.\n")
    print("| fact | value |")
    print("|---|---|")
    for k, v in machine_facts(work, build):
        print(f"| {k} | {v} |")
    print("\n## Summary\n")
    print("| benchmark | metric | baseline | omnihub | ratio | target | result | notes |")
    print("|---|---|--:|--:|--:|---|---|---|")
    for row in summary:
        print("| " + " | ".join(row) + " |")
    print()
    print("\n".join(out))
    print("## Contract checks made on the way\n")
    try:
        with open(os.path.join(work, "contract.txt")) as f:
            for line in f:
                print(f"- {line.strip()}")
    except OSError:
        print("- none recorded")


if __name__ == "__main__":
    main()
