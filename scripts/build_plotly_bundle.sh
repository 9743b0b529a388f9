#!/usr/bin/env bash
# Build var/static/plotly-custom.min.js (+ .gz, .br): plotly.js with only our trace types (frontend/).
# A no-op when the bundle is newer than its inputs. Never fails `make setup`: without node/npm
# (or when the build breaks) it says so and removes any stale bundle, and the app then falls back
# to dash's full plotly.min.js (see dashboard/plotly_bundle.py).
set -uo pipefail
cd "$(dirname "$0")/.."
FRONTEND=frontend
OUT=var/static/plotly-custom.min.js
STAMP=var/static/plotly-custom.inputs.sha256
LOCK_STAMP=$FRONTEND/node_modules/.lock.sha256

inputs_hash() {
  cat "$FRONTEND/package.json" "$FRONTEND/package-lock.json" "$FRONTEND/build.mjs" "$FRONTEND/src/plotly-custom.js" \
    | sha256sum | cut -d' ' -f1
}

fall_back() {
  echo "plotly bundle: $1" >&2
  echo "plotly bundle: the app will send dash's full plotly.min.js instead (about 1.4 MB gzipped)." >&2
  rm -f "$OUT" "$OUT.gz" "$OUT.br" "$STAMP"
  exit 0
}

want=$(inputs_hash)
if [ -f "$OUT" ] && [ -f "$OUT.gz" ] && [ -f "$OUT.br" ] && [ "$(cat "$STAMP" 2>/dev/null)" = "$want" ]; then
  echo "plotly bundle: up to date ($OUT)"
  exit 0
fi
command -v node >/dev/null && command -v npm >/dev/null || fall_back "node/npm not found, cannot build $OUT."

lock=$(sha256sum "$FRONTEND/package-lock.json" | cut -d' ' -f1)
if [ "$(cat "$LOCK_STAMP" 2>/dev/null)" != "$lock" ]; then
  echo "plotly bundle: npm ci (frontend/package-lock.json)..."
  (cd "$FRONTEND" && npm ci --no-audit --no-fund --ignore-scripts --loglevel=error) \
    || fall_back "npm ci failed (no npm registry?)."
  echo "$lock" > "$LOCK_STAMP"
fi

mkdir -p "$(dirname "$OUT")"
tmp="$OUT.tmp.$$"
(cd "$FRONTEND" && node build.mjs "../$tmp") || { rm -f "$tmp" "$tmp.gz" "$tmp.br"; fall_back "esbuild failed."; }
mv "$tmp.gz" "$OUT.gz" && mv "$tmp.br" "$OUT.br" && mv "$tmp" "$OUT"
echo "$want" > "$STAMP"
echo "plotly bundle: built $OUT ($(du -k "$OUT" | cut -f1) KB; sent as $(du -k "$OUT.br" | cut -f1) KB brotli or $(du -k "$OUT.gz" | cut -f1) KB gzip)"
