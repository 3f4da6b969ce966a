#!/usr/bin/env bash
# Builds the release binary and benchmarks it on embedded defaults and on Postgres + Redis.
# Writes bench/RESULTS.md. See bench/README.md. Options are passed to bench.py, e.g.
#   bench/run.sh --seconds 10 --profiles embedded
set -euo pipefail
cd "$(dirname "$0")/.."

if ! command -v wrk >/dev/null; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
    apt-get install -y -qq wrk >/dev/null || { apt-get update -qq && apt-get install -y -qq wrk >/dev/null; }
  else
    echo "wrk is required: apt-get install wrk" >&2
    exit 1
  fi
fi

cargo build --release --quiet
target_dir="${CARGO_TARGET_DIR:-target}"
exec python3 bench/bench.py --binary "$target_dir/release/signalbox" --workdir "$target_dir/bench" "$@"
