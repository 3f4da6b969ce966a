#!/usr/bin/env bash
# Browser end-to-end: starts the real server on embedded defaults (a throwaway SQLite file,
# simulated checkout) with the built dashboard, walks the demo flow in headless Chromium, and
# stops the server again. Screenshots land in docs/demo/.
set -euo pipefail
cd "$(dirname "$0")/.."

command -v chromium >/dev/null || { echo "chromium is missing: apt-get install -y chromium" >&2; exit 1; }
cargo build --quiet --bin signalbox

workdir=$(mktemp -d)
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
# The market runs on a clock of its own: a trading morning (Friday 27 Nov 2026, not an NSE holiday) at 60× real
# time, so the market is open and a 5-minute candle closes every 5 s whatever the hour of the walk, and the paid
# user's dashboard gets a live signal. Tokens, quotas and billing keep real time.
PORT=$port HOST=127.0.0.1 PUBLIC_URL="http://127.0.0.1:$port" DATABASE_URL="sqlite://$workdir/e2e.db" \
  MARKET_CLOCK_START=2026-11-27T10:00:00+05:30 MARKET_CLOCK_SPEED=60 \
  STATIC_DIR=frontend/dist RUST_LOG=warn ./target/debug/signalbox >"$workdir/server.log" 2>&1 &
server=$!
trap 'kill $server 2>/dev/null || true; wait $server 2>/dev/null || true; rm -rf "$workdir"' EXIT

for _ in $(seq 1 50); do
  curl -fs "http://127.0.0.1:$port/ready" >/dev/null && break
  sleep 0.2
done
curl -fs "http://127.0.0.1:$port/ready" >/dev/null || { cat "$workdir/server.log"; exit 1; }

(cd frontend && E2E_BASE_URL="http://127.0.0.1:$port" npm run --silent e2e) || { cat "$workdir/server.log"; exit 1; }
