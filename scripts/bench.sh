#!/usr/bin/env bash
# The benchmarks of BENCHMARKS.md, each beside its baseline in the same run:
#   http_edge       authenticated trivial GET through omnihub vs a bare Beast server (bench/)
#   durable_writes  POST /api/v1/channels at 64 connections vs one fsynced SQLite txn per write
#   durable_writes_pg  the same POST on PostgreSQL vs its rows through pgbench (bare libpq)
#   change_feed     commit -> SSE latency, 100 subscribers, 1,000 changes/s, no gaps
#   ingest_batch    /v1/batch of 100 events at 32 connections vs the same rows straight into SQLite
#   ingest_batch_pg the same on PostgreSQL vs the same rows through bare libpq, 32 connections
#   ingest_single   /v1/track at 64 connections (closed loop), then p99 at 10,000/s (open loop)
#   identity        100,000 profiles, 1,000,000 events with 5 % merges; merge -> visible p99
#   hot_sku         64 clients, 10,000 reservation attempts on 1,000 units of one SKU vs the
#                   same conditional UPDATE in a bare fsynced SQLite loop; exactly 1,000 win
#   availability_read  GET availability (and a product) at 64 connections vs the bare server
#   import_csv      the full Online Retail II import (CLI) vs the same lines straight into SQLite
#   checkout_flow   guest checkout (7 calls) at 1, 8, 32 buyers vs its rows straight into SQLite;
#                   every acknowledged order present after kill -9
#   checkout_flow_pg  the same on PostgreSQL (a throwaway cluster, default durability) at 32
#                   buyers vs its rows through bare libpq at 32 connections; kill -9 check
#   checkout_flow_nodes  the same through HAProxy to 1, 2 and 3 nodes sharing one PostgreSQL
#   oversell        10 units, 50 prepared carts checking out at once: exactly 10 orders, 40 x 409
#   orders_spread   direct in-store orders (Idempotency-Key) over 10,000 SKUs at 32 connections
#                   vs the same rows straight into SQLite, one transaction per order
# Prints a summary with ratios and PASS/MISS and writes it to BUILD_DIR/bench-results.md.
#
#   scripts/bench.sh BUILD_DIR        (make bench builds everything first, then calls this)
#
# Env: BENCH_JOBS (build jobs, default 1), BENCH_KEEP=1 keeps the work dir (logs, raw JSON),
# BENCH_EDGE_S / BENCH_WRITE_S / BENCH_FEED_S / BENCH_INGEST_S (recorded seconds per run:
# 6 / 10 / 10 / 10), BENCH_IDENTITY_EVENTS (1000000), BENCH_ONLY (space-separated benchmark
# names to run; default all), BENCH_CHECKOUT_S (recorded seconds per buyer count, 30),
# BENCH_CHECKOUT_BUYERS ("1 8 32"), BENCH_CHECKOUT_PG_BUYERS ("32"), BENCH_SPREAD_S (20), BENCH_OMNIHUB (the omnihub binary to
# run; default BUILD_DIR/omnihub), BENCH_SKIP_BUILD=1 (the tools in BUILD_DIR/bench are built),
# BENCH_WORK_DIR (work dir to use and keep; default a fresh one under BUILD_DIR).
# The headline figures of the run are also written to WORK_DIR/figures.json.
# Servers bind 127.0.0.1 on ephemeral ports; everything started here is stopped on exit.
set -euo pipefail

build_arg=${1:?usage: scripts/bench.sh BUILD_DIR}
root=$(cd "$(dirname "$0")/.." && pwd)
build=$(cd "$build_arg" && pwd)
tools="$build/bench"
omnihub="${BENCH_OMNIHUB:-$build/omnihub}"
edge_s=${BENCH_EDGE_S:-6}
write_s=${BENCH_WRITE_S:-10}
feed_s=${BENCH_FEED_S:-10}
ingest_s=${BENCH_INGEST_S:-10}
identity_events=${BENCH_IDENTITY_EVENTS:-1000000}
checkout_s=${BENCH_CHECKOUT_S:-30}
checkout_buyers=${BENCH_CHECKOUT_BUYERS:-1 8 32}
checkout_pg_buyers=${BENCH_CHECKOUT_PG_BUYERS:-32}
spread_s=${BENCH_SPREAD_S:-20}
only=" ${BENCH_ONLY:-http_edge durable_writes durable_writes_pg change_feed ingest_batch ingest_batch_pg ingest_single identity hot_sku availability_read import_csv checkout_flow checkout_flow_pg checkout_flow_nodes oversell orders_spread} "
wanted() { [[ "$only" == *" $1 "* ]]; }
connections=64

log() { printf 'bench: %s\n' "$*" >&2; }
die() { log "$*"; exit 1; }

if [ "${BENCH_SKIP_BUILD:-0}" = 1 ]; then
  :
elif ! build_log=$(cmake --build "$build" -j "${BENCH_JOBS:-1}" --target omnihub_bench 2>&1); then
  printf '%s\n' "$build_log" | tail -40 >&2
  die "building the bench tools failed (cmake --build $build --target omnihub_bench)"
fi
[ -x "$omnihub" ] || die "$omnihub is missing: build it first (make build)"

# The work dir sits in the build dir, on the same disk as the databases it holds.
if [ -n "${BENCH_WORK_DIR:-}" ]; then  # a caller's dir (scripts/bench_compare.sh): kept
  mkdir -p "$BENCH_WORK_DIR"
  work=$(cd "$BENCH_WORK_DIR" && pwd)
  BENCH_KEEP=1
else
  work=$(mktemp -d "$build/bench-run.XXXXXX")
fi
pids=()
contract="$work/contract.txt"
: >"$contract"

stop_pid() {  # pid: SIGTERM, then SIGKILL after 12 s
  local pid=$1 tick
  kill -TERM "$pid" 2>/dev/null || return 0
  for tick in $(seq 120); do
    kill -0 "$pid" 2>/dev/null || break
    sleep 0.1
  done
  kill -KILL "$pid" 2>/dev/null || true
  wait "$pid" 2>/dev/null || true
  forget_pid "$pid"
}

forget_pid() {  # pid: no longer ours to stop (it has exited)
  local pid keep=()
  for pid in "${pids[@]}"; do
    [ "$pid" = "$1" ] || keep+=("$pid")
  done
  pids=("${keep[@]}")
}

pg_dirs=()
cleanup() {
  local pid dir
  for pid in "${pids[@]}"; do
    stop_pid "$pid"
  done
  for dir in "${pg_dirs[@]}"; do
    "$root/tests/testing/pg_cluster.sh" stop "$dir" || true
  done
  if [ "${BENCH_KEEP:-0}" = 1 ]; then
    log "work dir kept: $work"
  else
    rm -rf "$work"
  fi
}
trap cleanup EXIT
trap 'exit 130' INT TERM

violation() { printf 'VIOLATION %s\n' "$*" >>"$contract"; log "contract violation: $*"; }
checked() { printf 'ok %s\n' "$*" >>"$contract"; }

# wait_listening FILE PID PATTERN: sets $url from the first line of FILE matching PATTERN.
wait_listening() {
  local file=$1 pid=$2 pattern=$3 tick line=""
  for tick in $(seq 300); do
    line=$(grep -m1 -E "$pattern" "$file" 2>/dev/null || true)
    [ -n "$line" ] && break
    kill -0 "$pid" 2>/dev/null || die "server $pid exited before listening; see $file"
    sleep 0.05
  done
  [ -n "$line" ] || die "no '$pattern' line on stdout within 15 s ($file)"
  url=$(sed -E 's#.*(http://[0-9.]+:[0-9]+).*#\1#' <<<"$line")
}

# start_omnihub NAME DB_URL: sets $server_pid and $url.
start_omnihub() {
  local name=$1 db=$2
  "$omnihub" serve --db "$db" --listen 127.0.0.1:0 >"$work/$name.out" 2>"$work/$name.log" &
  server_pid=$!
  pids+=("$server_pid")
  wait_listening "$work/$name.out" "$server_pid" 'listening on http://'
  if grep -qxE 'omnihub listening on http://127\.0\.0\.1:[1-9][0-9]*' "$work/$name.out" &&
     [ "$(wc -l <"$work/$name.out")" -eq 1 ]; then
    checked "serve prints exactly one 'omnihub listening on http://HOST:PORT' line ($name)"
  else
    violation "serve stdout is not exactly one listening line ($name): $(head -c 300 "$work/$name.out")"
  fi
}

# stop_omnihub PID NAME: SIGTERM must drain and exit 0 within 10 s (contract).
stop_omnihub() {
  local pid=$1 name=$2 started status=0 elapsed
  started=$(date +%s.%N)
  kill -TERM "$pid"
  local tick
  for tick in $(seq 120); do
    kill -0 "$pid" 2>/dev/null || break
    sleep 0.1
  done
  if kill -0 "$pid" 2>/dev/null; then
    violation "serve ($name) still running 12 s after SIGTERM"
    kill -KILL "$pid" 2>/dev/null || true
  fi
  wait "$pid" || status=$?
  forget_pid "$pid"
  elapsed=$(awk -v a="$started" -v b="$(date +%s.%N)" 'BEGIN{printf "%.1f", b-a}')
  if [ "$status" -eq 0 ]; then
    checked "serve ($name) exited 0 ${elapsed} s after SIGTERM"
  else
    violation "serve ($name) exited $status after SIGTERM (${elapsed} s)"
  fi
}

# setup_db NAME DB_URL: migrate and demo; sets $admin_key and $web_key.
setup_db() {
  local name=$1 db=$2
  "$omnihub" migrate --db "$db" >"$work/$name.migrate.out" 2>"$work/$name.migrate.log" ||
    die "omnihub migrate failed: $(tail -c 400 "$work/$name.migrate.log")"
  grep -qE '^bootstrap admin key: ohk_' "$work/$name.migrate.out" &&
    checked "migrate prints 'bootstrap admin key: ohk_...' on a fresh database" ||
    violation "migrate on a fresh database printed no 'bootstrap admin key: ohk_...' line"
  "$omnihub" demo --db "$db" --json >"$work/$name.demo.json" 2>"$work/$name.demo.log" ||
    die "omnihub demo failed: $(tail -c 400 "$work/$name.demo.log")"
  admin_key=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["keys"]["admin"])' \
    "$work/$name.demo.json") || die "demo --json has no keys.admin: $(head -c 300 "$work/$name.demo.json")"
  web_key=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["keys"]["web"])' \
    "$work/$name.demo.json") || die "demo --json has no keys.web"
}

clk_tck=$(getconf CLK_TCK)
proc_ticks() { awk '{print $14 + $15}' "/proc/$1/stat" 2>/dev/null || echo 0; }
sys_ticks() { awk '/^cpu /{b=$2+$3+$4+$7+$8+$9; print b, b+$5+$6}' /proc/stat; }

# threads PID: one line per thread of PID: "tid cpu_ticks run_ns runqueue_wait_ns comm".
threads() {
  local task
  for task in /proc/"$1"/task/*; do
    printf '%s %s %s %s\n' "${task##*/}" "$(awk '{print $14 + $15}' "$task/stat" 2>/dev/null || echo 0)" \
      "$(awk '{print $1, $2}' "$task/schedstat" 2>/dev/null || echo 0 0)" \
      "$(cat "$task/comm" 2>/dev/null || echo gone)"
  done
}

# measure NAME SERVER_PID CMD...: runs CMD (stdout: NAME.json) and records the server's CPU
# time, the whole machine's busy share and the load average over the run in NAME.cpu.json, and
# the server's per-thread CPU ticks before and after in NAME.threads0/1.
measure() {
  local name=$1 pid=$2
  shift 2
  local s0 s1 b0 t0 b1 t1 w0 w1 status=0
  threads "$pid" >"$work/$name.threads0" 2>/dev/null || true
  s0=$(proc_ticks "$pid"); read -r b0 t0 < <(sys_ticks); w0=$(date +%s.%N)
  timeout "${measure_timeout:-180}" "$@" >"$work/$name.json" 2>"$work/$name.err" || status=$?
  s1=$(proc_ticks "$pid"); read -r b1 t1 < <(sys_ticks); w1=$(date +%s.%N)
  threads "$pid" >"$work/$name.threads1" 2>/dev/null || true
  [ "$status" -eq 0 ] || log "$name: exit $status: $(tail -c 300 "$work/$name.err")"
  awk -v s0="$s0" -v s1="$s1" -v b0="$b0" -v b1="$b1" -v t0="$t0" -v t1="$t1" -v w0="$w0" \
      -v w1="$w1" -v hz="$clk_tck" -v load="$(cut -d' ' -f1-3 /proc/loadavg)" -v rc="$status" \
      -v ncpu="$(nproc)" \
    'BEGIN{printf "{\"server_cpu_s\":%.2f,\"wall_s\":%.2f,\"sys_busy_pct\":%.1f,\"machine_busy_cores\":%.2f,\"loadavg\":\"%s\",\"exit\":%d}\n",
           (s1-s0)/hz, w1-w0, (t1>t0 ? 100*(b1-b0)/(t1-t0) : 0), (t1>t0 ? ncpu*(b1-b0)/(t1-t0) : 0), load, rc}' \
    >"$work/$name.cpu.json"
}

load_gen="$tools/load_gen"
best_rps() {  # best ok_rps among the given result files
  python3 - "$@" <<'EOF'
import json, sys
rates = []
for path in sys.argv[1:]:
    try:
        rates.append(json.load(open(path))["result"]["ok_rps"])
    except (OSError, ValueError, KeyError):
        pass
print(max(rates, default=0))
EOF
}

# pg_database NAME: creates NAME in the run's durable PostgreSQL cluster (started on first use:
# fsync and synchronous_commit on) and prints its URL.
pg_admin=""
pg_database() {
  if [ -z "$pg_admin" ]; then
    local out
    out=$("$root/tests/testing/pg_cluster.sh" start --durable) || die "no PostgreSQL cluster"
    pg_dirs+=("${out%% *}")
    pg_admin=${out#* }
  fi
  psql -q -X "$pg_admin" -c "CREATE DATABASE $1" >/dev/null || die "CREATE DATABASE $1 failed"
  printf '%s/%s' "${pg_admin%/*}" "$1"
}

log "work dir $work; load average $(cut -d' ' -f1-3 /proc/loadavg)"
printf '{"git":"%s","dirty":%s,"omnihub_built":"%s","started":"%s","omnihub":"%s"}\n' \
  "$(git -C "$root" rev-parse --short HEAD 2>/dev/null || echo unknown)" \
  "$([ -n "$(git -C "$root" status --porcelain --untracked-files=no 2>/dev/null)" ] && echo true || echo false)" \
  "$(date -u -r "$omnihub" '+%Y-%m-%d %H:%M:%S UTC')" "$(date -u '+%Y-%m-%d %H:%M:%S UTC')" "$omnihub" \
  >"$work/facts.json"

# ---------------------------------------------------------------------------------- http_edge
if wanted http_edge; then
log "http_edge: bare Beast server vs omnihub, $connections connections"
"$tools/bare_server" --listen 127.0.0.1:0 --threads 2 >"$work/bare.out" 2>"$work/bare.log" &
bare_pid=$!
pids+=("$bare_pid")
wait_listening "$work/bare.out" "$bare_pid" 'listening on http://'
bare_url=$url

setup_db edge "sqlite:$work/edge.db"
start_omnihub edge "sqlite:$work/edge.db"
edge_pid=$server_pid
edge_url=$url
edge_auth="Authorization: Bearer $web_key"
code=$(curl -s -o "$work/keys_current.json" -w '%{http_code}' -H "$edge_auth" "$edge_url/api/v1/keys/current")
[ "$code" = 200 ] && checked "GET /api/v1/keys/current with the web key: 200" ||
  violation "GET /api/v1/keys/current with the web key: HTTP $code $(head -c 200 "$work/keys_current.json")"
code=$(curl -s -o /dev/null -w '%{http_code}' "$edge_url/api/v1/keys/current")
[ "$code" = 401 ] && checked "GET /api/v1/keys/current without a key: 401" ||
  violation "GET /api/v1/keys/current without a key: HTTP $code, expected 401"
code=$(curl -s -o /dev/null -w '%{http_code}' -H "$edge_auth" "$edge_url/api/v1/ping")
[ "$code" = 200 ] && checked "GET /api/v1/ping with the web key: 200" ||
  violation "GET /api/v1/ping with the web key: HTTP $code"
code=$(curl -s -o /dev/null -w '%{http_code}' "$edge_url/api/v1/ping")
[ "$code" = 401 ] && checked "GET /api/v1/ping without a key: 401" ||
  violation "GET /api/v1/ping without a key: HTTP $code, expected 401"

closed=(--connections "$connections" --warmup-s 1 --duration-s "$edge_s")
for round in 1 2 3 4 5; do  # alternate, so drift in the shared machine's load hits both sides
  measure "edge_bare_closed_$round" "$bare_pid" "$load_gen" --label bare --url "$bare_url/" "${closed[@]}"
  measure "edge_omni_closed_$round" "$edge_pid" "$load_gen" --label ping \
    --url "$edge_url/api/v1/ping" --header "$edge_auth" "${closed[@]}"
done
# Extra rows: an authenticated GET that also reads the database, and one without a key.
measure edge_keys_current_closed "$edge_pid" "$load_gen" --label keys_current \
  --url "$edge_url/api/v1/keys/current" --header "$edge_auth" "${closed[@]}"
measure edge_healthz_closed "$edge_pid" "$load_gen" --label healthz --url "$edge_url/healthz" "${closed[@]}"

# Open loop at half the lower of the two sides' best closed-loop throughput: both servers get
# the same fixed rate, latency counts from each request's due time.
rate=$(python3 -c 'import sys; print(max(100, int(0.5 * min(map(float, sys.argv[1:]))) // 100 * 100))' \
  "$(best_rps "$work"/edge_bare_closed_*.json)" "$(best_rps "$work"/edge_omni_closed_*.json)")
open=(--connections "$connections" --warmup-s 1 --duration-s "$edge_s" --rate "$rate")
measure edge_bare_open "$bare_pid" "$load_gen" --label bare --url "$bare_url/" "${open[@]}"
measure edge_omni_open "$edge_pid" "$load_gen" --label ping \
  --url "$edge_url/api/v1/ping" --header "$edge_auth" "${open[@]}"
stop_omnihub "$edge_pid" edge
stop_pid "$bare_pid"
fi

# ----------------------------------------------------------------------------- durable_writes
if wanted durable_writes; then
log "durable_writes: fsynced SQLite loop vs POST /api/v1/channels at $connections connections"
mkdir -p "$work/baseline"
measure write_baseline "$$" "$tools/sqlite_baseline" --dir="$work/baseline" \
  --benchmark_min_time=3 --benchmark_format=json --benchmark_out="$work/write_baseline.gbench.json"

setup_db write "sqlite:$work/write.db"
start_omnihub write "sqlite:$work/write.db"
write_pid=$server_pid
curl -s "$url/metrics" >"$work/write_metrics0.txt" || true
measure write_omni "$write_pid" "$load_gen" --label create_channel --method POST \
  --url "$url/api/v1/channels" --header "Authorization: Bearer $admin_key" \
  --body '{"type":"web","name":"dw-{n}","funnel_role":"acquisition"}' \
  --connections "$connections" --warmup-s 2 --duration-s "$write_s" --ids-out "$work/write_acked.txt"
curl -s "$url/metrics" >"$work/write_metrics1.txt" || true
# Acknowledged means durable: kill without a drain, restart, and look for every 201's id.
kill -KILL "$write_pid"
{ wait "$write_pid"; } 2>/dev/null || true
forget_pid "$write_pid"
start_omnihub write_restart "sqlite:$work/write.db"
python3 - "$url" "$admin_key" "$work/write_acked.txt" >"$work/write_verify.json" <<'EOF'
import json, sys, urllib.request
base, key, acked_file = sys.argv[1:]
def get(path):
    req = urllib.request.Request(base + path, headers={"Authorization": "Bearer " + key})
    try:
        with urllib.request.urlopen(req, timeout=60) as reply:
            return reply.status, json.load(reply)
    except urllib.error.HTTPError as error:
        return error.code, None
acked = [line.strip() for line in open(acked_file) if line.strip()]
status, listing = get("/api/v1/channels")
listed = {c["id"] for c in (listing or {}).get("channels", [])}
missing = [i for i in acked if i not in listed]
# Not in the listing: ask for each one (bounded), so a paged listing is not mistaken for loss.
lost = [i for i in missing[:200] if get("/api/v1/channels/" + i)[0] != 200]
print(json.dumps({"acked": len(acked), "unique_acked": len(set(acked)), "list_status": status,
                  "listed": len(listed), "missing_from_list": len(missing),
                  "checked_one_by_one": min(len(missing), 200), "lost": len(lost),
                  "lost_unchecked": max(0, len(missing) - 200)}))
EOF
stop_omnihub "$server_pid" write_restart
fi

# -------------------------------------------------------------------------- durable_writes_pg
# The same POST /api/v1/channels load on PostgreSQL (the run's durable cluster), beside its rows
# (the channel and its change) through pgbench (bare libpq), one transaction per write, at the
# same number of connections.
if wanted durable_writes_pg; then
log "durable_writes_pg: pgbench vs POST /api/v1/channels on PostgreSQL at $connections connections"
pg_write=$(pg_database writes)
setup_db write_pg "$pg_write"
# omnihub's sequencer numbers the log itself; pgbench's rows take the column's identity
# sequence, moved past what is there.
psql -q -X "$pg_write" -c "SELECT setval(pg_get_serial_sequence('changes_log', 'seq'),
  (SELECT COALESCE(MAX(seq), 0) + 1 FROM changes_log), false)" >/dev/null
# The change type as omnihub writes it: the first change of a channel the demo created.
created_type=$(psql -X -A -t "$pg_write" -c \
  "SELECT type FROM changes_log WHERE entity_type = 'channel' ORDER BY seq LIMIT 1")
cat >"$work/write_pg.sql" <<'SQL'
\set n random(1, 9000000000000000000)
BEGIN;
INSERT INTO channels_channels (id, type, name, funnel_role, write_key_hash, created_at)
  VALUES ('chn_bench_' || :n, 'web', 'pb-' || :n, 'acquisition', 'hash-' || :n, 1765000000000000);
INSERT INTO changes_log (module, entity_type, entity_id, type, payload, channel_id, key_id,
                         request_id, occurred_at, payload_version)
  VALUES ('channels', 'channel', 'chn_bench_' || :n, :created_type,
          '{"id":"chn_bench_' || :n || '","type":"web","name":"pb-' || :n || '","funnel_role":"acquisition","location_id":null,"created_at":"2026-12-08T00:00:00Z"}',
          NULL, 'key_bench', 'req_' || :n, 1765000000000000, 1);
COMMIT;
SQL
pgbench=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n1)/pgbench
measure write_pg_baseline "$$" "$pgbench" -n -c "$connections" -j 2 -T "$write_s" \
  -D "created_type='$created_type'" -f "$work/write_pg.sql" "$pg_write"
start_omnihub write_pg "$pg_write"
measure write_pg_omni "$server_pid" "$load_gen" --label create_channel --method POST \
  --url "$url/api/v1/channels" --header "Authorization: Bearer $admin_key" \
  --body '{"type":"web","name":"dwp-{n}","funnel_role":"acquisition"}' \
  --connections "$connections" --warmup-s 2 --duration-s "$write_s"
stop_omnihub "$server_pid" write_pg
fi

# -------------------------------------------------------------------------------- change_feed
if wanted change_feed; then
log "change_feed: 100 SSE subscribers, 1,000 changes/s for ${feed_s} s"
setup_db feed "sqlite:$work/feed.db"
start_omnihub feed "sqlite:$work/feed.db"
feed_pid=$server_pid
curl -s "$url/metrics" >"$work/feed_metrics0.txt" || true
measure feed "$feed_pid" "$tools/sse_probe" --url "$url" --key "$admin_key" --writer-key "$admin_key" \
  --subscribers 100 --rate 1000 --duration-s "$feed_s" --writer-connections 32 --types channels.
curl -s "$url/metrics" >"$work/feed_metrics1.txt" || true
stop_omnihub "$feed_pid" feed
fi

# ------------------------------------------------------------------------------- ingest_batch
python3 "$root/bench/segment_bodies.py" "$work/bodies" >"$work/bodies.json"
write_key_of() {  # NAME: the demo channel's Segment write key
  python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); print(next(c["write_key"] for c in d["channels"] if c["name"]==sys.argv[2]))' \
    "$work/$1.demo.json" "$2"
}
basic_auth() { printf 'Authorization: Basic %s' "$(printf '%s:' "$1" | base64 -w0)"; }

if wanted ingest_batch; then
log "ingest_batch: /v1/batch (100 events) at 32 connections vs the same rows straight into SQLite"
"$omnihub" migrate --db "sqlite:$work/ingest_base.db" >/dev/null 2>"$work/ingest_base.migrate.log" ||
  die "migrate for the ingest baseline failed"
measure ingest_baseline "$$" "$tools/ingest_baseline" --db "$work/ingest_base.db" \
  --batch-file "$work/bodies/batch.json" --duration-s "$ingest_s"
setup_db ingest "sqlite:$work/ingest.db"
start_omnihub ingest "sqlite:$work/ingest.db"
ingest_pid=$server_pid
ingest_auth=$(basic_auth "$(write_key_of ingest web)")
code=$(curl -s -o "$work/ingest_probe.json" -w '%{http_code}' -H "$ingest_auth" \
  -H 'Content-Type: application/json' --data-binary @"$work/bodies/batch.json" "$url/v1/batch")
[ "$code" = 200 ] && grep -q '"success":true' "$work/ingest_probe.json" && ! grep -q rejected "$work/ingest_probe.json" &&
  checked "POST /v1/batch of the benchmark body: 200 success, nothing rejected" ||
  violation "POST /v1/batch of the benchmark body: HTTP $code $(head -c 300 "$work/ingest_probe.json")"
curl -s "$url/metrics" >"$work/ingest_metrics0.txt" || true
measure ingest_omni "$ingest_pid" "$load_gen" --label ingest_batch --method POST \
  --url "$url/v1/batch" --header "$ingest_auth" --body-file "$work/bodies/batch.json" \
  --counter-start 1 --connections 32 --warmup-s 2 --duration-s "$ingest_s"
curl -s "$url/metrics" >"$work/ingest_metrics1.txt" || true
stop_omnihub "$ingest_pid" ingest
fi

# The same on PostgreSQL (the run's durable cluster); baseline: the same rows through bare
# libpq at the same 32 connections.
if wanted ingest_batch_pg; then
log "ingest_batch_pg: /v1/batch at 32 connections on PostgreSQL vs the same rows through libpq"
pg_ingest_base=$(pg_database ingest_base)
"$omnihub" migrate --db "$pg_ingest_base" >/dev/null 2>"$work/ingest_pg_base.migrate.log" ||
  die "migrate for the PostgreSQL ingest baseline failed"
measure ingest_pg_baseline "$$" "$tools/ingest_baseline" --db "$pg_ingest_base" \
  --batch-file "$work/bodies/batch.json" --duration-s "$ingest_s" --threads 32
pg_ingest=$(pg_database ingest)
setup_db ingest_pg "$pg_ingest"
start_omnihub ingest_pg "$pg_ingest"
ingest_auth=$(basic_auth "$(write_key_of ingest_pg web)")
measure ingest_pg_omni "$server_pid" "$load_gen" --label ingest_batch --method POST \
  --url "$url/v1/batch" --header "$ingest_auth" --body-file "$work/bodies/batch.json" \
  --counter-start 1 --connections 32 --warmup-s 2 --duration-s "$ingest_s"
stop_omnihub "$server_pid" ingest_pg
fi

# ------------------------------------------------------------------------------ ingest_single
if wanted ingest_single; then
log "ingest_single: /v1/track at 64 connections, then 10,000/s open loop"
setup_db single "sqlite:$work/single.db"
start_omnihub single "sqlite:$work/single.db"
single_pid=$server_pid
single_auth=$(basic_auth "$(write_key_of single web)")
measure single_closed "$single_pid" "$load_gen" --label ingest_single --method POST \
  --url "$url/v1/track" --header "$single_auth" --body-file "$work/bodies/track.json" \
  --counter-start 1 --connections 64 --warmup-s 2 --duration-s "$ingest_s"
measure single_open "$single_pid" "$load_gen" --label ingest_single_10k --method POST \
  --url "$url/v1/track" --header "$single_auth" --body-file "$work/bodies/track.json" \
  --counter-start 100000000 --connections 64 --warmup-s 1 --duration-s "$ingest_s" --rate 10000
stop_omnihub "$single_pid" single
fi

# ----------------------------------------------------------------------------------- identity
if wanted identity; then
log "identity: 100,000 profiles, $identity_events events with 5 % merges"
setup_db identity "sqlite:$work/identity.db"
start_omnihub identity "sqlite:$work/identity.db"
identity_pid=$server_pid
measure_timeout=900 measure identity "$identity_pid" "$tools/identity_load" --url "$url" \
  --write-key "$(write_key_of identity web)" --key "$web_key" --profiles 100000 \
  --events "$identity_events" --merge-pct 5 --connections 32 --probe-ms 20
stop_omnihub "$identity_pid" identity
fi

# ------------------------------------------------------------------------------------ hot_sku
# One SKU with exactly 1,000 units at one location; 64 clients race 10,000 reservations of one
# unit: exactly 1,000 must get 201 and 9,000 409 insufficient_stock.
hot_location=loc_01JDEM0000KRK0000000000000
if wanted hot_sku; then
log "hot_sku: 64 clients, 10,000 reservation attempts on 1,000 units of one SKU"
measure hot_baseline "$$" "$tools/hot_sku_baseline" --db "$work/hot_base.db" --stock 1000 \
  --attempts 10000
setup_db hot "sqlite:$work/hot.db"
start_omnihub hot "sqlite:$work/hot.db"
hot_pid=$server_pid
code=$(curl -s -o "$work/hot_receipt.json" -w '%{http_code}' -H "Authorization: Bearer $admin_key" \
  -H 'Content-Type: application/json' \
  --data '{"kind":"receipt","sku":"HOT-SKU-1","location_id":"'"$hot_location"'","quantity":1000,"reference":"bench hot_sku"}' \
  "$url/api/v1/inventory/movements")
[ "$code" = 201 ] && checked "receipt of 1,000 HOT-SKU-1 (admin, POST /api/v1/inventory/movements): 201" ||
  violation "receipt of HOT-SKU-1: HTTP $code $(head -c 300 "$work/hot_receipt.json")"
curl -s -H "Authorization: Bearer $web_key" "$url/api/v1/inventory/availability?sku=HOT-SKU-1" \
  >"$work/hot_avail0.json" || true
curl -s "$url/metrics" >"$work/hot_metrics0.txt" || true
measure hot_omni "$hot_pid" "$tools/hot_sku" --url "$url" --key "$web_key" --sku HOT-SKU-1 \
  --location "$hot_location" --attempts 10000 --threads 64
curl -s "$url/metrics" >"$work/hot_metrics1.txt" || true
curl -s -H "Authorization: Bearer $web_key" "$url/api/v1/inventory/availability?sku=HOT-SKU-1" \
  >"$work/hot_avail1.json" || true
curl -s -H "Authorization: Bearer $admin_key" "$url/api/v1/inventory/check" >"$work/hot_check.json" || true
if python3 - "$work/hot_omni.json" "$work/hot_avail1.json" <<'EOF'
import json, sys
r = json.load(open(sys.argv[1]))
a = json.load(open(sys.argv[2]))
level = next(l for l in a["locations"] if l["sku"] == "HOT-SKU-1")
sys.exit(0 if r["attempts"] == 10000 and r["succeeded"] == 1000 and r["insufficient_stock"] == 9000
         and r["insufficient_stock_bodies"] == 9000 and level["reserved"] == 1000 else 1)
EOF
then
  checked "hot_sku: exactly 1,000 of 10,000 reservations won, 9,000 got 409 insufficient_stock, reserved = 1,000"
else
  violation "hot_sku: not exactly 1,000 winners and 9,000 insufficient_stock: $(head -c 400 "$work/hot_omni.json") availability $(head -c 300 "$work/hot_avail1.json")"
fi
stop_omnihub "$hot_pid" hot
fi

# -------------------------------------------------------------------------- availability_read
# Product availability per location (a read transaction) at 64 connections, alternating with the
# bare server like http_edge; server-side latency from omnihub's own request histogram.
if wanted availability_read; then
log "availability_read: GET availability vs the bare server, $connections connections"
"$tools/bare_server" --listen 127.0.0.1:0 --threads 2 >"$work/avail_bare.out" 2>"$work/avail_bare.log" &
avail_bare_pid=$!
pids+=("$avail_bare_pid")
wait_listening "$work/avail_bare.out" "$avail_bare_pid" 'listening on http://'
avail_bare_url=$url
setup_db avail "sqlite:$work/avail.db"
start_omnihub avail "sqlite:$work/avail.db"
avail_pid=$server_pid
avail_url=$url
avail_auth="Authorization: Bearer $web_key"
code=$(curl -s -o "$work/avail_probe.json" -w '%{http_code}' -H "$avail_auth" \
  "$avail_url/api/v1/inventory/availability?sku=SZC-RUN-ASF-42")
[ "$code" = 200 ] && grep -q '"locations":\[{' "$work/avail_probe.json" &&
  checked "GET /api/v1/inventory/availability?sku=SZC-RUN-ASF-42 with the web key: 200 with locations" ||
  violation "GET availability?sku=SZC-RUN-ASF-42: HTTP $code $(head -c 300 "$work/avail_probe.json")"
code=$(curl -s -o "$work/avail_catalog_probe.json" -w '%{http_code}' -H "$avail_auth" \
  "$avail_url/api/v1/catalog/skus/SZC-RUN-ASF-42")
[ "$code" = 200 ] && checked "GET /api/v1/catalog/skus/SZC-RUN-ASF-42 with the web key: 200" ||
  violation "GET /api/v1/catalog/skus/SZC-RUN-ASF-42: HTTP $code $(head -c 300 "$work/avail_catalog_probe.json")"
closed=(--connections "$connections" --warmup-s 1 --duration-s "$edge_s")
curl -s "$avail_url/metrics" >"$work/avail_metrics0.txt" || true
for round in 1 2 3; do  # alternate, so drift in the shared machine's load hits both sides
  measure "avail_bare_$round" "$avail_bare_pid" "$load_gen" --label bare --url "$avail_bare_url/" "${closed[@]}"
  curl -s "$avail_url/metrics" >"$work/avail_omni_${round}_metrics0.txt" || true
  measure "avail_omni_$round" "$avail_pid" "$load_gen" --label availability \
    --url "$avail_url/api/v1/inventory/availability?sku=SZC-RUN-ASF-42" --header "$avail_auth" "${closed[@]}"
  curl -s "$avail_url/metrics" >"$work/avail_omni_${round}_metrics1.txt" || true
done
curl -s "$avail_url/metrics" >"$work/avail_metrics1.txt" || true
cp "$work/avail_metrics1.txt" "$work/avail_catalog_metrics0.txt"
measure avail_catalog "$avail_pid" "$load_gen" --label catalog_sku \
  --url "$avail_url/api/v1/catalog/skus/SZC-RUN-ASF-42" --header "$avail_auth" "${closed[@]}"
curl -s "$avail_url/metrics" >"$work/avail_catalog_metrics1.txt" || true
stop_omnihub "$avail_pid" avail
stop_pid "$avail_bare_pid"
fi

# --------------------------------------------------------------------------------- import_csv
# The full Online Retail II import through the CLI on a fresh database vs the same lines
# upserted straight into SQLite, file by file, alternating.
if wanted import_csv; then
retail_dir=""
for dir in "$root/../shared/data/online_retail_ii" /work/shared/data/online_retail_ii; do
  [ -d "$dir" ] && { retail_dir=$(cd "$dir" && pwd); break; }
done
if [ -z "$retail_dir" ]; then
  log "import_csv: no online_retail_ii data (../shared/data or /work/shared/data): skipped"
else
  log "import_csv: Online Retail II via omnihub import vs straight into SQLite"
  "$omnihub" migrate --db "sqlite:$work/import.db" >/dev/null 2>"$work/import.migrate.log" ||
    die "migrate for import_csv failed"
  idx=0
  for file in "$retail_dir/online_retail_II_2009_2010.csv.gz" "$retail_dir/online_retail_2010_2011.csv.gz"; do
    idx=$((idx + 1))
    [ -f "$file" ] || { violation "import_csv: $file is missing"; continue; }
    basename "$file" >"$work/import_file_$idx.txt"
    measure "import_base_$idx" "$$" "$tools/import_baseline" --db "$work/import_base.db" \
      --file "$file" --chunk 500
    measure "import_omni_$idx" "$$" /usr/bin/time -f '{"user_s":%U,"sys_s":%S,"maxrss_kb":%M}' \
      -o "$work/import_omni_$idx.time.json" "$omnihub" import products "$file" \
      --format online_retail --json --db "sqlite:$work/import.db"
  done
fi
fi

# ------------------------------------------------------------------------------ checkout_flow
# A guest checkout in seven calls (bench/order_load --mode flow) at each buyer count, on one
# server; baseline: the rows of one checkout straight into SQLite, one transaction per order.
# Then kill -9, restart, and every acknowledged order must be there.
demo_skus=SZC-RUN-ASF-40,SZC-RUN-ASF-42,SZC-RUN-ASF-44,SZC-RUN-TRL-41,SZC-TREK-38,SZC-TSH-M,SZC-TSH-L,SZC-JKT-M,SZC-SOCK-39,SZC-BOTTLE,SZC-HEADL
warehouse=loc_01JDEM0000D2W0000000000000
receive() {  # NAME SKU LOCATION QUANTITY: one receipt with the admin key; records the check
  local code
  code=$(curl -s -o "$work/$1_receipt.json" -w '%{http_code}' -H "Authorization: Bearer $admin_key" \
    -H 'Content-Type: application/json' \
    --data '{"kind":"receipt","sku":"'"$2"'","location_id":"'"$3"'","quantity":'"$4"',"reference":"bench"}' \
    "$url/api/v1/inventory/movements")
  [ "$code" = 201 ] || violation "receipt of $4 $2 at $3: HTTP $code $(head -c 300 "$work/$1_receipt.json")"
}
metrics_to() { curl -s "$url/metrics" >"$work/$1" || true; }
# verify_orders NAME DB PIDVAR IDS: kill -9 the server, restart it, GET every acknowledged order.
verify_orders() {
  local name=$1 db=$2 pid=$3 ids=$4
  kill -KILL "$pid"
  { wait "$pid"; } 2>/dev/null || true
  forget_pid "$pid"
  start_omnihub "${name}_restart" "$db"
  timeout 300 "$tools/order_load" --mode verify --url "$url" --key "$admin_key" --ids "$ids" \
    --threads 8 >"$work/${name}_verify.json" 2>"$work/${name}_verify.err" || true
  if python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); sys.exit(0 if d["acked"]>0 and d["missing"]==0 else 1)' \
      "$work/${name}_verify.json" 2>/dev/null; then
    checked "$name: every acknowledged order present after kill -9 + restart ($(head -c 200 "$work/${name}_verify.json"))"
  else
    violation "$name: acknowledged orders missing after kill -9: $(head -c 300 "$work/${name}_verify.json")"
  fi
  stop_omnihub "$server_pid" "${name}_restart"
}

# checkout_runs NAME DB_URL RUN_PREFIX BUYER_COUNTS: a fresh demo in DB_URL, 100,000 units of
# each demo SKU, the checkout flow at each buyer count (NAME_<buyers>.json), then the kill -9 check.
checkout_runs() {
  local name=$1 db=$2 run=$3 counts=$4 sku buyers pid
  setup_db "$name" "$db"
  start_omnihub "$name" "$db"
  pid=$server_pid
  for sku in ${demo_skus//,/ }; do receive "$name" "$sku" "$warehouse" 100000; done
  : >"$work/${name}_ids.txt"
  for buyers in $counts; do
    metrics_to "${name}_${buyers}_metrics0.txt"
    measure "${name}_$buyers" "$pid" "$tools/order_load" --mode flow --url "$url" \
      --key "$web_key" --threads "$buyers" --warmup-s 2 --duration-s "$checkout_s" \
      --skus "$demo_skus" --run "$run$buyers" --ids-out "$work/${name}_${buyers}_ids.txt"
    metrics_to "${name}_${buyers}_metrics1.txt"
    cat "$work/${name}_${buyers}_ids.txt" >>"$work/${name}_ids.txt" 2>/dev/null || true
  done
  curl -s -H "Authorization: Bearer $admin_key" "$url/api/v1/inventory/check" \
    >"$work/${name}_check.json" || true
  # Footprint under the load just run: peak and current resident memory.
  awk '/^VmHWM|^VmRSS/ {printf "%s\"%s_kb\":%s", (n++ ? "," : "{"), tolower(substr($1, 1, length($1) - 1)), $2}
       END {print "}"}' "/proc/$pid/status" >"$work/${name}_rss.json" 2>/dev/null || true
  verify_orders "$name" "$db" "$pid" "$work/${name}_ids.txt"
  startup_time "$name" "$db"
}

# startup_time NAME DB_URL: start-up of `serve` on DB_URL (the database the run left), from
# the process's start to the first 200 of /readyz, polled every 2 ms; three times, into
# NAME_startup.json.
startup_time() {
  python3 - "$omnihub" "$2" >"$work/$1_startup.json" 2>"$work/$1_startup.err" <<'PY' || true
import json, socket, subprocess, sys, time, urllib.request
omnihub, db = sys.argv[1:]
runs = []
for _ in range(3):
    s = socket.socket(); s.bind(("127.0.0.1", 0)); port = s.getsockname()[1]; s.close()
    started = time.monotonic()
    proc = subprocess.Popen([omnihub, "serve", "--db", db, "--listen", f"127.0.0.1:{port}"],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    ready = None
    while time.monotonic() - started < 20 and proc.poll() is None:
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/readyz", timeout=1) as reply:
                if reply.status == 200:
                    ready = time.monotonic() - started
                    break
        except OSError:
            pass
        time.sleep(0.002)
    proc.terminate()
    proc.wait(timeout=15)
    runs.append(None if ready is None else round(1000 * ready, 1))
print(json.dumps({"startup_ms": runs}))
PY
}

if wanted checkout_flow; then
log "checkout_flow: 7-call guest checkout at ${checkout_buyers} buyers, ${checkout_s} s each"
"$omnihub" migrate --db "sqlite:$work/flow_base.db" >/dev/null 2>"$work/flow_base.migrate.log" ||
  die "migrate for the checkout_flow baseline failed"
measure flow_baseline "$$" "$tools/orders_baseline" --db "$work/flow_base.db" --flow checkout \
  --duration-s 10
checkout_runs flow "sqlite:$work/flow.db" b "$checkout_buyers"
fi

# --------------------------------------------------------------------------- checkout_flow_pg
# The same checkout on PostgreSQL: a throwaway cluster with PostgreSQL's default durability
# (fsync and synchronous_commit on), one omnihub node. Baseline: the same rows through bare
# libpq, one transaction per order, as many connections as buyers.
if wanted checkout_flow_pg; then
log "checkout_flow_pg: 7-call guest checkout on PostgreSQL at ${checkout_pg_buyers} buyers"
pg_base=$(pg_database flow_base)
"$omnihub" migrate --db "$pg_base" >/dev/null 2>"$work/flow_pg_base.migrate.log" ||
  die "migrate for the checkout_flow_pg baseline failed"
measure flow_pg_baseline "$$" "$tools/orders_baseline" --db "$pg_base" --flow checkout \
  --duration-s 10 --threads "${checkout_pg_buyers##* }"
pg_flow=$(pg_database flow)
checkout_runs flow_pg "$pg_flow" p "$checkout_pg_buyers"
fi

# ------------------------------------------------------------------------ checkout_flow_nodes
# Several stateless nodes sharing one PostgreSQL database behind HAProxy (round robin per
# request, so one buyer's seven calls land on different nodes): the same checkout at 32 buyers
# through 1, 2 and 3 nodes. All nodes, the database, HAProxy and the load share this machine.
if wanted checkout_flow_nodes; then
log "checkout_flow_nodes: 1, 2, 3 nodes on one PostgreSQL behind HAProxy, 32 buyers"
command -v haproxy >/dev/null || die "checkout_flow_nodes: haproxy is missing (make deps)"
nodes_db=$(pg_database nodes)
setup_db nodes "$nodes_db"
node_urls=()
node_pids=()
for idx in 1 2 3; do
  start_omnihub "node$idx" "$nodes_db"
  node_urls+=("$url")
  node_pids+=("$server_pid")
done
for sku in ${demo_skus//,/ }; do receive nodes "$sku" "$warehouse" 100000; done
proxy_port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()')
: >"$work/nodes_ids.txt"
for count in 1 2 3; do
  {
    printf 'global\n  maxconn 4096\ndefaults\n  mode http\n  timeout connect 5s\n'
    printf '  timeout client 60s\n  timeout server 60s\n  option http-keep-alive\n'
    printf 'frontend omnihub\n  bind 127.0.0.1:%s\n  default_backend nodes\n' "$proxy_port"
    printf 'backend nodes\n  balance roundrobin\n'
    for idx in $(seq "$count"); do
      printf '  server node%s %s\n' "$idx" "${node_urls[$((idx - 1))]#http://}"
    done
  } >"$work/haproxy_$count.cfg"
  haproxy -f "$work/haproxy_$count.cfg" -db >"$work/haproxy_$count.log" 2>&1 &
  proxy_pid=$!
  pids+=("$proxy_pid")
  for tick in $(seq 50); do
    curl -s -o /dev/null "http://127.0.0.1:$proxy_port/healthz" && break
    sleep 0.1
  done
  measure "nodes_$count" "${node_pids[0]}" "$tools/order_load" --mode flow \
    --url "http://127.0.0.1:$proxy_port" --key "$web_key" --threads 32 --warmup-s 2 \
    --duration-s "$checkout_s" --skus "$demo_skus" --run "n$count" \
    --ids-out "$work/nodes_${count}_ids.txt"
  cat "$work/nodes_${count}_ids.txt" >>"$work/nodes_ids.txt" 2>/dev/null || true
  stop_pid "$proxy_pid"
done
# Every acknowledged order, asked of one node, is there.
url=${node_urls[2]}
timeout 300 "$tools/order_load" --mode verify --url "$url" --key "$admin_key" \
  --ids "$work/nodes_ids.txt" --threads 8 >"$work/nodes_verify.json" 2>"$work/nodes_verify.err" || true
for idx in 1 2 3; do stop_omnihub "${node_pids[$((idx - 1))]}" "node$idx"; done
fi

# ----------------------------------------------------------------------------------- oversell
# 10 units of one SKU (only in the warehouse), 50 carts prepared first, then all 50 check out at
# the same instant: exactly 10 orders and 40 clean 409 insufficient_stock.
if wanted oversell; then
log "oversell: 10 units, 50 buyers checking out at once"
setup_db oversell "sqlite:$work/oversell.db"
start_omnihub oversell "sqlite:$work/oversell.db"
oversell_pid=$server_pid
receive oversell SZC-RUN-TRL-43 "$warehouse" 8  # the demo has 2 there: 10 in all
curl -s -H "Authorization: Bearer $web_key" "$url/api/v1/inventory/availability?sku=SZC-RUN-TRL-43" \
  >"$work/oversell_avail0.json" || true
grep -q '"network_available":10,' "$work/oversell_avail0.json" &&
  checked "oversell: SZC-RUN-TRL-43 has exactly 10 units available before the race" ||
  violation "oversell: not exactly 10 units before the race: $(head -c 300 "$work/oversell_avail0.json")"
measure oversell "$oversell_pid" "$tools/order_load" --mode oversell --url "$url" --key "$web_key" \
  --buyers 50 --stock 10 --sku SZC-RUN-TRL-43 --ids-out "$work/oversell_ids.txt"
curl -s -H "Authorization: Bearer $web_key" "$url/api/v1/inventory/availability?sku=SZC-RUN-TRL-43" \
  >"$work/oversell_avail1.json" || true
if python3 - "$work/oversell.json" "$work/oversell_avail1.json" <<'PY'
import json, sys
r = json.load(open(sys.argv[1]))
a = json.load(open(sys.argv[2]))
held = sum(l["reserved"] for l in a["locations"])
sys.exit(0 if r["exact"] and held == 10 and a["network_available"] == 0 else 1)
PY
then
  checked "oversell: exactly 10 orders, 40 x 409 insufficient_stock, 10 units held, 0 available"
else
  violation "oversell: not exact: $(head -c 400 "$work/oversell.json") availability $(head -c 300 "$work/oversell_avail1.json")"
fi
stop_omnihub "$oversell_pid" oversell
fi

# ------------------------------------------------------------------------------ orders_spread
# 10,000 SKUs (CLI import), one price list for them, 1,000 units of each at 3 stores + the
# warehouse; direct in-store orders of 2 random SKUs with an Idempotency-Key at 32 connections.
# Baseline: the same rows straight into SQLite, one transaction per order.
if wanted orders_spread; then
log "orders_spread: direct orders over 10,000 SKUs, 32 connections, ${spread_s} s"
"$omnihub" migrate --db "sqlite:$work/spread_base.db" >/dev/null 2>"$work/spread_base.migrate.log" ||
  die "migrate for the orders_spread baseline failed"
measure spread_baseline "$$" "$tools/orders_baseline" --db "$work/spread_base.db" --flow spread \
  --skus 10000 --lines 2 --duration-s 10
setup_db spread "sqlite:$work/spread.db"
python3 - "$work" <<'PY'
import json, sys
work = sys.argv[1]
with open(f"{work}/spread_products.csv", "w") as f:
    f.write("sku,title_pl,price,attr_size\n")
    for i in range(10000):
        f.write(f"SPR-{i},Produkt testowy {i},{19 + i % 200}.99,M\n")
entries = [{"sku": f"SPR-{i}", "price": f"{19 + i % 200}.99", "vat_rate": 23} for i in range(10000)]
json.dump({"name": "bench orders_spread", "priority": 5, "entries": entries},
          open(f"{work}/spread_prices.json", "w"))
PY
"$omnihub" import products "$work/spread_products.csv" --json --db "sqlite:$work/spread.db" \
  >"$work/spread_import.json" 2>"$work/spread_import.log" ||
  violation "orders_spread: import of 10,000 products failed: $(tail -c 300 "$work/spread_import.log")"
start_omnihub spread "sqlite:$work/spread.db"
spread_pid=$server_pid
code=$(curl -s -o "$work/spread_pricelist.json" -w '%{http_code}' -H "Authorization: Bearer $admin_key" \
  -H 'Content-Type: application/json' --data-binary @"$work/spread_prices.json" "$url/api/v1/pricing/price-lists")
[ "$code" = 201 ] && checked "orders_spread: price list of 10,000 SKUs in one POST: 201" ||
  violation "orders_spread: price list: HTTP $code $(head -c 300 "$work/spread_pricelist.json")"
spread_stores=loc_01JDEM0000KRK0000000000000,loc_01JDEM0000WAW0000000000000,loc_01JDEM0000GDN0000000000000
timeout 600 "$tools/order_load" --mode receive --url "$url" --key "$admin_key" --sku-prefix SPR- \
  --skus 10000 --locations "$spread_stores,$warehouse" --quantity 1000 --threads 16 \
  >"$work/spread_receive.json" 2>"$work/spread_receive.err" ||
  violation "orders_spread: stock set-up failed: $(head -c 300 "$work/spread_receive.json")"
metrics_to spread_metrics0.txt
measure spread "$spread_pid" "$tools/order_load" --mode spread --url "$url" --key "$web_key" \
  --threads 32 --warmup-s 2 --duration-s "$spread_s" --sku-prefix SPR- --skus 10000 --lines 2 \
  --locations "$spread_stores" --ids-out "$work/spread_ids.txt"
metrics_to spread_metrics1.txt
verify_orders spread "sqlite:$work/spread.db" "$spread_pid" "$work/spread_ids.txt"
fi

# ------------------------------------------------------------------------------------ summary
python3 "$root/scripts/bench_report.py" "$work" "$build" >"$build/bench-results.md"
cat "$build/bench-results.md"
log "written $build/bench-results.md in ${SECONDS} s"
