#!/usr/bin/env bash
# A throwaway PostgreSQL cluster for tests: no system service, a temporary directory, a free
# port on 127.0.0.1.
#   pg_cluster.sh start      -> prints "DIR URL" (URL of the maintenance database)
#   pg_cluster.sh start --durable   the same with PostgreSQL's default durability (fsync,
#                                   synchronous_commit, full_page_writes on): for benchmarks
#   pg_cluster.sh stop DIR   -> stops the cluster and removes DIR
# initdb refuses to run as root, so as root the cluster runs as the postgres user.
set -euo pipefail

bindir=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n1)
[ -x "$bindir/initdb" ] || { echo "pg_cluster: PostgreSQL server binaries not found (make deps)" >&2; exit 1; }

as_owner() {
  if [ "$(id -u)" -eq 0 ]; then
    runuser -u postgres -- "$@"
  else
    "$@"
  fi
}

case "${1:-}" in
  start)
    dir=$(mktemp -d /tmp/omnihub-pg.XXXXXX)
    chmod 755 "$dir"
    [ "$(id -u)" -eq 0 ] && chown postgres:postgres "$dir"
    port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()')
    as_owner "$bindir/initdb" -D "$dir/data" -A trust -U omnihub -E UTF8 --locale=C --no-sync \
      >"$dir/initdb.log" 2>&1 || { cat "$dir/initdb.log" >&2; exit 1; }
    # Tests kill omnihub, never this cluster, so its own fsyncs would only slow them down.
    durability="-c fsync=off -c synchronous_commit=off -c full_page_writes=off"
    [ "${2:-}" = --durable ] && durability=""
    as_owner "$bindir/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 60 start \
      -o "-p $port -k $dir -c listen_addresses=127.0.0.1 -c max_connections=400 $durability" \
      >/dev/null || { cat "$dir/server.log" >&2; exit 1; }
    echo "$dir postgresql://omnihub@127.0.0.1:$port/postgres"
    ;;
  stop)
    dir="${2:?usage: pg_cluster.sh stop DIR}"
    case "$dir" in /tmp/omnihub-pg.*) ;; *) echo "pg_cluster: refusing to remove $dir" >&2; exit 1;; esac
    as_owner "$bindir/pg_ctl" -D "$dir/data" -m immediate -w stop >/dev/null 2>&1 || true
    rm -rf "$dir"
    ;;
  *)
    echo "usage: pg_cluster.sh start | stop DIR" >&2
    exit 2
    ;;
esac
