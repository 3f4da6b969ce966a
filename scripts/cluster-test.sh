#!/usr/bin/env bash
# Three instances behind HAProxy on one PostgreSQL and Redis, restarted one by one with
# SIGTERM under load (see scripts/cluster/__main__.py for what is checked). Needs haproxy and
# psql (Debian: haproxy, postgresql-client) and the services `make services` provides.
#
# The instances run the debug build `make test` has already made: what is checked here is
# correctness across restarts (no failed request, every webhook once, every signal once),
# which does not depend on optimisation, and a cold release build would add ten minutes to
# CI on two cores. `CLUSTER_BUILD=release` runs it on the release build instead (as before a
# deploy); about a minute plus the build.
set -euo pipefail
cd "$(dirname "$0")/.."

for tool in haproxy psql python3; do
  if ! command -v "$tool" >/dev/null; then
    echo "cluster test: '$tool' is missing (apt-get install -y haproxy postgresql-client python3)" >&2
    exit 1
  fi
done

profile="${CLUSTER_BUILD:-debug}"
case "$profile" in
  debug) cargo build --quiet --bin signalbox ;;
  release) cargo build --release --quiet --bin signalbox ;;
  *) echo "cluster test: CLUSTER_BUILD must be debug or release, not '$profile'" >&2; exit 1 ;;
esac
target_dir="${CARGO_TARGET_DIR:-target}"
exec python3 -m scripts.cluster --binary "$target_dir/$profile/signalbox" "$@"
