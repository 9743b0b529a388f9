#!/usr/bin/env bash
# The cache scenario of `make bench` (issue 12, item 8): one host as production runs it (gunicorn,
# 2 workers x 4 threads) on the embedded database; 50 viewers looping without pause, then the same
# with one officer saving a ticket note every 5 s. A ticket edit must drop only the tickets' cached
# figures, so the second run's p95 should stay within 1.5x of the first.
set -euo pipefail
cd "$(dirname "$0")/.."
PORT="${BENCH_CACHE_PORT:-8093}"
SECONDS_EACH="${BENCH_CACHE_SECONDS:-60}"
export PYTHONPATH="$PWD"
DATABASE="sqlite:///$PWD/var/netpracharat.db"  # the embedded default, which the server below serves

.venv/bin/gunicorn -w 2 --threads 4 -b "127.0.0.1:$PORT" app:server >var/bench/cache-gunicorn.log 2>&1 &
server=$!
trap 'kill "$server" 2>/dev/null || true' EXIT
for _ in $(seq 60); do curl -sf "http://127.0.0.1:$PORT/healthz" >/dev/null && break; sleep 1; done

run() {  # users, classes...: prints the aggregated p95 (ms)
    local users=$1; shift
    .venv/bin/python -m bench.load --host "http://127.0.0.1:$PORT" --database-url "$DATABASE" \
        --users "$users" --seconds "$SECONDS_EACH" --spawn-rate 25 --user-classes "$@" | tee var/bench/cache-last.txt | grep '^load:' >&2
    .venv/bin/python -c 'import json; print(json.load(open("var/bench/load/latest.json"))["rows"]["Aggregated"]["p95_ms"])'
}
viewers=$(run 50 Viewer | tail -1)
with_writer=$(run 51 Viewer Writer | tail -1)
python3 - "$viewers" "$with_writer" <<'PY'
import sys
alone, writing = map(float, sys.argv[1:])
ratio = writing / alone
print(f"cache scenario: p95 {alone:.0f} ms with 50 viewers, {writing:.0f} ms with one writer besides: "
      f"{ratio:.2f}x (goal <= 1.5x: {'within' if ratio <= 1.5 else 'OVER'})")
PY
