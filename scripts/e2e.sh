#!/usr/bin/env bash
# Browser end-to-end: starts the real server on embedded defaults (a throwaway SQLite file,
# simulated checkout) with the built dashboard, walks the demo flow in headless Chromium, and
# stops the server again. Screenshots and the recorded demo (demo-walk.png) land in docs/demo/. Then the dashboard on its own host: built with
# VITE_API_URL, served from a second origin the API lists in CORS_ALLOWED_ORIGINS, and refused from a third. Then
# what a stranger sees before paying: the SEBI disclosures and the F&O risk notice (e2e/disclosures.mjs). Last,
# browser notifications: the service worker shows a push message delivered to it through the DevTools protocol.
set -euo pipefail
cd "$(dirname "$0")/.."

command -v chromium >/dev/null || { echo "chromium is missing: apt-get install -y chromium" >&2; exit 1; }
cargo build --quiet --bin signalbox

workdir=$(mktemp -d)
pids=()
cleanup() {
  if ((${#pids[@]})); then kill "${pids[@]}" 2>/dev/null || true; fi
  wait 2>/dev/null || true
  rm -rf "$workdir"
}
trap cleanup EXIT

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }

# start_server NAME PORT [SETTING=value ...]: the built server in the background on PORT, with its own SQLite file
# and the built dashboard, its log in $workdir/NAME-server.log. The settings given override these defaults.
start_server() {
  local name=$1 port=$2
  shift 2
  env PORT="$port" HOST=127.0.0.1 PUBLIC_URL="http://127.0.0.1:$port" DATABASE_URL="sqlite://$workdir/$name.db" \
    STATIC_DIR=frontend/dist RUST_LOG=warn "$@" ./target/debug/signalbox >"$workdir/$name-server.log" 2>&1 &
  pids+=($!)
}

# wait_ready URL LOG: returns once URL answers; after 10 s stops the script, saying which URL never did and
# printing LOG (the log of whatever should have answered).
wait_ready() {
  local url=$1 log=$2
  for _ in $(seq 1 50); do
    curl -fs "$url" >/dev/null && return 0
    sleep 0.2
  done
  echo "e2e: $url did not answer within 10 s" >&2
  cat "$log" >&2
  exit 1
}

port=$(free_port)
# The market runs on a clock of its own: a trading morning (Friday 27 Nov 2026, not an NSE holiday) at 60× real
# time, so the market is open and a 5-minute candle closes every 5 s whatever the hour of the walk, and the paid
# user's dashboard gets a live signal. Tokens, quotas and billing keep real time.
start_server e2e "$port" MARKET_CLOCK_START=2026-11-27T10:00:00+05:30 MARKET_CLOCK_SPEED=60
wait_ready "http://127.0.0.1:$port/ready" "$workdir/e2e-server.log"

(cd frontend && E2E_BASE_URL="http://127.0.0.1:$port" npm run --silent e2e) || { cat "$workdir/e2e-server.log"; exit 1; }
# The alerts walk, on the same server: its own user, Telegram linked through the webhook, a test alert by mail.
(cd frontend && E2E_BASE_URL="http://127.0.0.1:$port" node e2e/alerts.mjs) || { cat "$workdir/e2e-server.log"; exit 1; }

# The dashboard on its own host: a second server whose PUBLIC_URL is localhost, the dashboard built with
# VITE_API_URL pointing at it and served by `vite preview` on two other ports — one listed in
# CORS_ALLOWED_ORIGINS, one not.
api_port=$(free_port); dash_port=$(free_port); third_port=$(free_port)
start_server second "$api_port" PUBLIC_URL="http://localhost:$api_port" CORS_ALLOWED_ORIGINS="http://localhost:$dash_port"
(cd frontend && VITE_API_URL="http://localhost:$api_port" node_modules/.bin/vite build --logLevel warn --outDir "$workdir/dist-elsewhere")
(cd frontend && exec node_modules/.bin/vite preview --outDir "$workdir/dist-elsewhere" --host localhost --strictPort --port "$dash_port" >"$workdir/preview.log" 2>&1) &
pids+=($!)
(cd frontend && exec node_modules/.bin/vite preview --outDir "$workdir/dist-elsewhere" --host localhost --strictPort --port "$third_port" >"$workdir/third.log" 2>&1) &
pids+=($!)
wait_ready "http://127.0.0.1:$api_port/ready" "$workdir/second-server.log"
wait_ready "http://localhost:$dash_port/" "$workdir/preview.log"
wait_ready "http://localhost:$third_port/" "$workdir/third.log"
(cd frontend && E2E_API_URL="http://localhost:$api_port" E2E_DASHBOARD_URL="http://localhost:$dash_port" \
  E2E_THIRD_URL="http://localhost:$third_port" node e2e/second-origin.mjs) \
  || { cat "$workdir/second-server.log" "$workdir/preview.log"; exit 1; }

# Last, on the first server (the simulator, simulated checkout): what a stranger sees before paying.
(cd frontend && E2E_BASE_URL="http://127.0.0.1:$port" node e2e/disclosures.mjs) || { cat "$workdir/e2e-server.log"; exit 1; }
(cd frontend && E2E_BASE_URL="http://127.0.0.1:$port" node e2e/push.mjs) || { cat "$workdir/e2e-server.log"; exit 1; }
# The trade calls: a server well into a session (13:00 IST on the same Friday, 60×), so the session's calls fill
# more than a page of the calls table; a new paid customer walks the stance, the calls, the CSV, the track record
# and the public "How signals work" page.
calls_port=$(free_port)
start_server calls "$calls_port" MARKET_CLOCK_START=2026-11-27T13:00:00+05:30 MARKET_CLOCK_SPEED=60
wait_ready "http://127.0.0.1:$calls_port/ready" "$workdir/calls-server.log"
(cd frontend && E2E_BASE_URL="http://127.0.0.1:$calls_port" node e2e/calls.mjs) || { cat "$workdir/calls-server.log"; exit 1; }
