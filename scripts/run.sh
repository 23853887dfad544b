#!/usr/bin/env bash
# make run: migrate, load the demo retailer on a new database, then serve.
#   scripts/run.sh BINARY DB_URL PORT
set -euo pipefail
binary="$1"
db="$2"
port="$3"

"$binary" migrate --db "$db"
echo
"$binary" demo --db "$db"
echo
echo "Try:  curl -H 'Authorization: Bearer ohk_demo_admin' http://127.0.0.1:$port/api/v1/channels"
echo "      curl -N -H 'Authorization: Bearer ohk_demo_web' http://127.0.0.1:$port/api/v1/stream"
echo
exec "$binary" serve --db "$db" --listen "127.0.0.1:$port"
