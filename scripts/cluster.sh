#!/usr/bin/env bash
# A small cluster on this machine, as a national deployment runs it on several:
#   PostgreSQL primary (the machine's cluster, port 5432) + a streaming read replica (port 5433),
#   Redis (6379), two app hosts (gunicorn on 8061 and 8062), nginx in front (8080), and one ingest
#   worker (python -m cli worker: commits the machines' queued batches on the primary).
# Usage: scripts/cluster.sh start|replica|stop|status|memory|kill-host N  (replica: the PostgreSQL pair alone)
# Needs root (apt, pg_createcluster); everything it writes lives under var/cluster/ and the replica's
# PostgreSQL cluster "15/netdash_replica", which `stop` leaves in place for a quick restart.
set -euo pipefail
cd "$(dirname "$0")/.."
REPO=$(pwd)
PY=${PY:-.venv/bin/python}
PG_VERSION=${PG_VERSION:-15}
PRIMARY_PORT=${PRIMARY_PORT:-5432}
REPLICA_PORT=${REPLICA_PORT:-5433}
REPLICA=netdash_replica
DB=${CLUSTER_DB:-netdash}
HOST_PORTS=(${CLUSTER_HOST_PORTS:-8061 8062})
LISTEN=${CLUSTER_LISTEN:-127.0.0.1:8080}
STATE=var/cluster
PRIMARY_URL="postgresql+psycopg://postgres@127.0.0.1:${PRIMARY_PORT}/${DB}"
REPLICA_URL="postgresql+psycopg://postgres@127.0.0.1:${REPLICA_PORT}/${DB}"
REDIS_URL=${REDIS_URL:-redis://127.0.0.1:6379/0}
WORKER_PID="$STATE/ingest-worker.pid"
WORKER_LOG="$STATE/ingest-worker.log"
WORKER_STOP_S=${WORKER_STOP_S:-120}  # a warm stop lets the batch under way finish (seconds: one feed batch)
export PYTHONPATH="$REPO"

say() { echo "cluster: $*"; }

ensure_packages() {
  command -v nginx >/dev/null || { say "installing Debian's nginx"; apt-get install -y -qq nginx >/dev/null; }
  command -v redis-cli >/dev/null && redis-cli -u "$REDIS_URL" ping >/dev/null || { say "Redis does not answer at $REDIS_URL"; exit 1; }
}

allow_replication() {
  local hba="/etc/postgresql/${PG_VERSION}/main/pg_hba.conf"
  if ! grep -q "^host replication all 127.0.0.1/32 trust" "$hba"; then
    say "allowing streaming replication from 127.0.0.1 on the primary"
    echo "host replication all 127.0.0.1/32 trust" >> "$hba"
    pg_ctlcluster "$PG_VERSION" main reload
  fi
}

ensure_primary() {
  allow_replication
  if ! psql -h 127.0.0.1 -p "$PRIMARY_PORT" -U postgres -tAc "SELECT 1 FROM pg_database WHERE datname='$DB'" | grep -q 1; then
    say "creating database $DB on the primary and building the demo data in it (a few minutes)"
    psql -h 127.0.0.1 -p "$PRIMARY_PORT" -U postgres -qc "CREATE DATABASE $DB"
    DATABASE_URL="$PRIMARY_URL" $PY -m cli demo ${CLUSTER_DEMO_ARGS:-}
  else
    DATABASE_URL="$PRIMARY_URL" $PY -m cli migrate
    if ! DATABASE_URL="$PRIMARY_URL" $PY -c "$HOLDS_VILLAGES"; then
      say "no villages in $DB (an interrupted demo build?): building the demo data again"
      DATABASE_URL="$PRIMARY_URL" $PY -m cli demo ${CLUSTER_DEMO_ARGS:-}
    fi
  fi
}

# exits 0 when the configured database holds villages (a start never rebuilds data it holds: a
# host restarted after a crash must find the data as it was, whatever the generator's version)
HOLDS_VILLAGES='import sys
from sqlalchemy import func, select
from store.core.db import make_engine
from store.core.models import Village
with make_engine().connect() as connection:
    sys.exit(0 if connection.scalar(select(func.count()).select_from(Village)) else 1)'


replica_streams() {
  psql -h 127.0.0.1 -p "$PRIMARY_PORT" -U postgres -tAc "SELECT count(*) FROM pg_stat_replication" 2>/dev/null | grep -qx 1
}

ensure_replica() {
  if pg_lsclusters -h | awk '{print $2}' | grep -qx "$REPLICA"; then
    pg_ctlcluster "$PG_VERSION" "$REPLICA" start 2>/dev/null || true
    for _ in $(seq 50); do replica_streams && break; sleep 0.2; done
    if ! replica_streams; then  # e.g. left stopped while the primary recycled the WAL it needed
      say "the replica does not stream from the primary: making it again"
      pg_dropcluster --stop "$PG_VERSION" "$REPLICA"
    fi
  fi
  if ! pg_lsclusters -h | awk '{print $2}' | grep -qx "$REPLICA"; then
    say "creating the read replica ($REPLICA, port $REPLICA_PORT) with pg_basebackup"
    pg_createcluster "$PG_VERSION" "$REPLICA" -p "$REPLICA_PORT" >/dev/null
    local data="/var/lib/postgresql/${PG_VERSION}/${REPLICA}"
    find "$data" -mindepth 1 -delete  # pg_basebackup fills the (empty) data folder pg_createcluster made
    runuser -u postgres -- pg_basebackup -h 127.0.0.1 -p "$PRIMARY_PORT" -U postgres -D "$data" -R -X stream -c fast
    # the same client rules as the primary (this machine: trust on 127.0.0.1), and no cancelled reads
    # when the primary vacuums rows a long replica query still reads
    cp "/etc/postgresql/${PG_VERSION}/main/pg_hba.conf" "/etc/postgresql/${PG_VERSION}/${REPLICA}/pg_hba.conf"
    echo "hot_standby_feedback = on" >> "/etc/postgresql/${PG_VERSION}/${REPLICA}/postgresql.conf"
    pg_ctlcluster "$PG_VERSION" "$REPLICA" restart 2>/dev/null || true
  fi
  pg_ctlcluster "$PG_VERSION" "$REPLICA" start 2>/dev/null || true
  for _ in $(seq 50); do
    psql -h 127.0.0.1 -p "$REPLICA_PORT" -U postgres -d postgres -tAc "SELECT pg_is_in_recovery()" 2>/dev/null | grep -q t && return
    sleep 0.2
  done
  say "the replica did not come up"; exit 1
}

# waits until the replica has replayed all that the primary has written so far: the hosts read
# from the replica, and after a demo build (hundreds of MB of WAL) it was 15 s behind as they started
replica_caught_up() {
  local written
  written=$(psql -h 127.0.0.1 -p "$PRIMARY_PORT" -U postgres -tAc "SELECT pg_current_wal_lsn()")
  for _ in $(seq 3000); do
    psql -h 127.0.0.1 -p "$REPLICA_PORT" -U postgres -d postgres -tAc \
      "SELECT pg_wal_lsn_diff(pg_last_wal_replay_lsn(), '$written') >= 0" 2>/dev/null | grep -qx t && return
    sleep 0.2
  done
  say "the replica has not replayed the primary's WAL up to $written in 10 minutes"; exit 1
}

start_hosts() {
  mkdir -p "$STATE"
  [ -s "$STATE/secret_key" ] || (umask 077; $PY -c 'import secrets; print(secrets.token_urlsafe(48))' > "$STATE/secret_key")
  export SECRET_KEY="${SECRET_KEY:-$(cat "$STATE/secret_key")}"  # one key for every host of the cluster
  for port in "${HOST_PORTS[@]}"; do
    if [ -f "$STATE/host-$port.pid" ] && kill -0 "$(cat "$STATE/host-$port.pid")" 2>/dev/null; then continue; fi
    DATABASE_URL="$PRIMARY_URL" DATABASE_READ_URL="$REPLICA_URL" REDIS_URL="$REDIS_URL" \
      .venv/bin/gunicorn -c deploy/gunicorn.conf.py --workers 2 --threads 4 --timeout 120 --keep-alive 75 --bind "127.0.0.1:$port" \
      --pid "$STATE/host-$port.pid" --daemon --access-logfile "$STATE/host-$port.access.log" \
      --error-logfile "$STATE/host-$port.log" app:server
  done
  for port in "${HOST_PORTS[@]}"; do
    for _ in $(seq 300); do curl -fs "http://127.0.0.1:$port/healthz" >/dev/null && break; sleep 0.2; done
    curl -fs "http://127.0.0.1:$port/healthz" >/dev/null || { say "app host $port did not start: $STATE/host-$port.log"; exit 1; }
  done
}

worker_running() {
  [ -f "$WORKER_PID" ] && kill -0 "$(cat "$WORKER_PID")" 2>/dev/null
}

start_worker() {
  if [ "${INGEST_QUEUE:-}" = off ]; then say "INGEST_QUEUE=off: no ingest worker, batches are committed in the request"; return; fi
  worker_running && return
  mkdir -p "$STATE"
  : > "$WORKER_LOG"
  DATABASE_URL="$PRIMARY_URL" REDIS_URL="$REDIS_URL" setsid $PY -m cli worker >> "$WORKER_LOG" 2>&1 < /dev/null &
  echo $! > "$WORKER_PID"
  for _ in $(seq 300); do grep -q "Listening on" "$WORKER_LOG" && return; worker_running || break; sleep 0.2; done
  say "the ingest worker did not start: $WORKER_LOG"; exit 1
}

stop_worker() {
  worker_running || { rm -f "$WORKER_PID"; return 0; }
  local pid
  pid=$(cat "$WORKER_PID")
  kill -TERM "$pid"  # RQ's warm shutdown: the job under way is committed, then the worker exits
  for _ in $(seq $(( WORKER_STOP_S * 10 ))); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
  if kill -0 "$pid" 2>/dev/null; then
    say "the ingest worker is still busy after ${WORKER_STOP_S} s: stopping it (its job's transaction writes nothing)"
    kill -9 -- "-$pid" 2>/dev/null || kill -9 "$pid"
  fi
  rm -f "$WORKER_PID"
}

start_nginx() {
  local prefix="$REPO/$STATE/nginx"
  mkdir -p "$prefix"
  local upstreams=""
  for port in "${HOST_PORTS[@]}"; do upstreams+="        server 127.0.0.1:$port max_fails=1 fail_timeout=10s;"$'\n'; done
  local media=${MEDIA_DIR:-$REPO/var/media}
  sed -e "s#@PREFIX@#$prefix#g" -e "s#@REPO@#$REPO#g" -e "s#@MEDIA@#$media#g" -e "s#@LISTEN@#$LISTEN#g" \
    deploy/nginx/netdash.conf.template | awk -v ups="$upstreams" '{ if ($0 == "@UPSTREAMS@") printf "%s", ups; else print }' \
    > "$prefix/nginx.conf.new"
  nginx -t -q -p "$prefix" -c "$prefix/nginx.conf.new"
  if [ -f "$prefix/nginx.pid" ] && kill -0 "$(cat "$prefix/nginx.pid")" 2>/dev/null; then
    # A running nginx is reloaded only for a new configuration: a reload closes every client's idle
    # connection, and a request sent on one at that moment fails (a host restarted under load by
    # `start` cost 23 requests that way, where killing the host had cost none).
    if ! cmp -s "$prefix/nginx.conf.new" "$prefix/nginx.conf"; then
      mv "$prefix/nginx.conf.new" "$prefix/nginx.conf"
      nginx -p "$prefix" -c "$prefix/nginx.conf" -s reload
    fi
    rm -f "$prefix/nginx.conf.new"
  else
    mv "$prefix/nginx.conf.new" "$prefix/nginx.conf"
    nginx -p "$prefix" -c "$prefix/nginx.conf"
  fi
}

stop_all() {
  local prefix="$REPO/$STATE/nginx"
  [ -f "$prefix/nginx.pid" ] && nginx -p "$prefix" -c "$prefix/nginx.conf" -s quit 2>/dev/null || true
  local stopping=()
  for port in "${HOST_PORTS[@]}"; do
    if [ -f "$STATE/host-$port.pid" ] && kill "$(cat "$STATE/host-$port.pid")" 2>/dev/null; then
      stopping+=("$(cat "$STATE/host-$port.pid")")
    fi
    rm -f "$STATE/host-$port.pid"
  done
  # gunicorn lets requests under way finish (up to its 30 s graceful timeout): a start right after
  # must not find the ports still taken
  for pid in "${stopping[@]}"; do
    for _ in $(seq 350); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
  done
  stop_worker
  pg_ctlcluster "$PG_VERSION" "$REPLICA" stop 2>/dev/null || true
  say "stopped (the replica's data stays for a quick restart)"
}

case "${1:-}" in
  start)
    ensure_packages
    ensure_primary
    ensure_replica
    replica_caught_up
    start_hosts
    start_worker
    start_nginx
    say "up: http://$LISTEN/  (hosts ${HOST_PORTS[*]}, primary :$PRIMARY_PORT, replica :$REPLICA_PORT, $REDIS_URL, ingest worker $(cat "$WORKER_PID" 2>/dev/null || echo off))"
    say "stop with: make cluster-stop"
    ;;
  replica)
    # the primary/replica pair alone, for the tests' second pass (TEST_POSTGRES_REPLICA_URL)
    allow_replication
    ensure_replica
    replica_caught_up
    say "replica streaming: postgresql+psycopg://postgres@127.0.0.1:$REPLICA_PORT/postgres"
    ;;
  stop) stop_all ;;
  status)
    curl -s "http://$LISTEN/healthz" || printf 'nginx on %s: not answering' "$LISTEN"; echo
    for port in "${HOST_PORTS[@]}"; do printf 'host %s: ' "$port"; curl -s -o /dev/null -w '%{http_code}\n' "http://127.0.0.1:$port/healthz" || true; done
    if worker_running; then echo "ingest worker: running (pid $(cat "$WORKER_PID"), log $WORKER_LOG)"; else echo "ingest worker: not running"; fi
    ;;
  memory)
    # resident memory of each app host's processes (master and workers) and Redis's, in MB
    for port in "${HOST_PORTS[@]}"; do
      master=$(cat "$STATE/host-$port.pid")
      pgid=$(ps -o pgid= -p "$master" | tr -d ' ')
      ps -o pid=,rss=,args= -g "$pgid" | awk -v port="$port" -v master="$master" \
        '/gunicorn/ { printf "host %s %s %s: %.0f MB\n", port, ($1 == master ? "master" : "worker"), $1, $2 / 1024 }'
    done
    worker_running && ps -o rss= -p "$(cat "$WORKER_PID")" | awk '{ printf "ingest worker: %.0f MB\n", $1 / 1024 }'
    redis-cli -u "$REDIS_URL" info memory | tr -d '\r' | awk -F: '$1 == "used_memory" || $1 == "used_memory_rss" { printf "redis %s: %.1f MB\n", $1, $2 / 1048576 }'
    ;;
  kill-host)
    port=${HOST_PORTS[$(( ${2:-1} - 1 ))]}
    pid=$(cat "$STATE/host-$port.pid")
    # The whole process group in one signal: killing the workers first let the master fork new
    # ones that still accepted a request on the listening socket, then died with it (a 502 that
    # nginx may not retry for a POST). A crashed machine takes master and workers at once.
    pgid=$(ps -o pgid= -p "$pid" | tr -d ' ')
    kill -9 -- "-$pgid" && say "killed app host $port (master and workers at once, as a crashed machine)"
    ;;
  *) echo "usage: $0 start|replica|stop|status|memory|kill-host N" >&2; exit 2 ;;
esac
