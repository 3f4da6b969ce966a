#!/usr/bin/env bash
# API fuzzing from the spec: schemathesis generates requests from /openapi.json and checks that
# the running server never answers 5xx and that every response matches the spec (status code,
# headers, body schema). Bounded: 40 examples per operation and a 90 s budget (~2 min in all).
#
# The server is the debug build on a free loopback port with embedded defaults and a fresh
# SQLite file, a high auth rate limit and a high free quota (so the 200 paths are reached
# rather than only the 429/403 ones); requests carry a valid Bearer token.
#
# One worker: with two, hypothesis parses lambdas' source on two threads at once, which
# CPython 3.11 can fail with "SystemError: AST constructor recursion depth mismatch" — a
# runtime error of the fuzzer, not of the server, that failed a CI run.
#
# Usage: scripts/schemathesis.sh [extra schemathesis options]   (exit code: non-zero on failures)
set -euo pipefail
cd "$(dirname "$0")/.."

SCHEMATHESIS_VERSION=4.32.5
target_dir="${CARGO_TARGET_DIR:-target}"
venv="$target_dir/schemathesis-venv"
work="$(mktemp -d)"
server_pid=""
cleanup() {
  if [ -n "$server_pid" ]; then kill "$server_pid" 2>/dev/null || true; wait "$server_pid" 2>/dev/null || true; fi
  rm -rf "$work"
}
trap cleanup EXIT

if ! "$venv/bin/schemathesis" --version 2>/dev/null | grep -q "$SCHEMATHESIS_VERSION"; then
  python3 -m venv "$venv"
  "$venv/bin/pip" install --quiet --disable-pip-version-check "schemathesis==$SCHEMATHESIS_VERSION"
fi

cargo build --quiet
port="$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')"
base="http://127.0.0.1:$port"
HOST=127.0.0.1 PORT="$port" PUBLIC_URL="$base" DATABASE_URL="sqlite://$work/fuzz.db" \
  AUTH_RATE_LIMIT_PER_MINUTE=1000000 FREE_SIGNALS_PER_DAY=1000000 STATIC_DIR="$work/no-dashboard" \
  RUST_LOG="${RUST_LOG:-warn}" "$target_dir/debug/signalbox" serve >"$work/server.log" 2>&1 &
server_pid=$!

for _ in $(seq 200); do
  curl -fsS "$base/ready" >/dev/null 2>&1 && break
  kill -0 "$server_pid" 2>/dev/null || { cat "$work/server.log"; echo "server exited" >&2; exit 1; }
  sleep 0.05
done

credentials='{"email":"fuzz@example.com","password":"fuzz-password-123"}'
curl -fsS -X POST "$base/auth/signup" -H 'Content-Type: application/json' -d "$credentials" >/dev/null
token="$(curl -fsS -X POST "$base/auth/login" -H 'Content-Type: application/json' -d "$credentials" |
  python3 -c 'import json,sys; print(json.load(sys.stdin)["access_token"])')"

status=0
# From the scratch directory, so schemathesis's cache (.schemathesis/) never lands in the repo.
schemathesis="$(cd "$venv" && pwd)/bin/schemathesis"
(cd "$work" && "$schemathesis" run "$base/openapi.json" --url "$base" \
  --header "Authorization: Bearer $token" \
  --checks not_a_server_error,status_code_conformance,content_type_conformance,response_headers_conformance,response_schema_conformance \
  --max-examples "${SCHEMATHESIS_MAX_EXAMPLES:-40}" --max-time "${SCHEMATHESIS_MAX_TIME:-90}" \
  --seed "${SCHEMATHESIS_SEED:-20261125}" --workers 1 --request-timeout 10 \
  --suppress-health-check too_slow --warnings off "$@") || status=$?

if grep -q '"level":"ERROR"\|ERROR' "$work/server.log"; then
  echo "--- server errors logged during the run:" >&2
  grep 'ERROR' "$work/server.log" | head -20 >&2
  status=1
fi
exit "$status"
