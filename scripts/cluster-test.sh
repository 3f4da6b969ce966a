#!/usr/bin/env bash
# Three release-build instances behind HAProxy on one PostgreSQL and Redis, restarted one by
# one with SIGTERM under load (see scripts/cluster/__main__.py for what is checked). Needs
# haproxy and psql (Debian: haproxy, postgresql-client) and the services `make services`
# provides. About two minutes plus the release build.
set -euo pipefail
cd "$(dirname "$0")/.."

for tool in haproxy psql python3; do
  if ! command -v "$tool" >/dev/null; then
    echo "cluster test: '$tool' is missing (apt-get install -y haproxy postgresql-client python3)" >&2
    exit 1
  fi
done

cargo build --release --quiet
target_dir="${CARGO_TARGET_DIR:-target}"
exec python3 -m scripts.cluster --binary "$target_dir/release/signalbox" "$@"
