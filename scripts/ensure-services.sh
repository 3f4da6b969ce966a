#!/usr/bin/env bash
# Makes sure PostgreSQL (127.0.0.1:5432, database `test`, user `postgres` without password) and
# Redis (127.0.0.1:6379) answer, for `make test`. Harmless when they already run.
#
# Tries, in order, whatever works without root:
#   1. nothing — they already answer (your own services, or `docker compose up -d postgres redis`);
#   2. Docker Compose, when `docker compose` works: starts the compose file's postgres and redis;
#   3. local binaries: `redis-server` as a daemon under target/, and `pg_ctlcluster` for a
#      Debian-packaged cluster (the only step that may need root; skipped otherwise).
# When something is still missing it says exactly what, and how to provide it.
set -euo pipefail
cd "$(dirname "$0")/.."

pg_up() { pg_isready -h 127.0.0.1 -p 5432 -q 2>/dev/null || (exec 3<>/dev/tcp/127.0.0.1/5432) 2>/dev/null; }
redis_up() { redis-cli -h 127.0.0.1 -p 6379 ping >/dev/null 2>&1 || { exec 3<>/dev/tcp/127.0.0.1/6379 && printf 'PING\r\n' >&3 && head -c5 <&3 | grep -q PONG; } 2>/dev/null; }

if ! pg_up || ! redis_up; then
  if docker compose version >/dev/null 2>&1; then
    echo "starting PostgreSQL and Redis with docker compose…"
    # The compose database is `signalbox`; the tests use `test` as user `postgres`.
    docker compose up -d postgres redis
    TEST_DATABASE_URL_HINT="postgres://signalbox:signalbox@127.0.0.1:5432/signalbox"
  fi
fi
if ! redis_up && command -v redis-server >/dev/null; then
  echo "starting Redis (redis-server, data under target/redis)…"
  mkdir -p target/redis
  redis-server --daemonize yes --bind 127.0.0.1 --port 6379 --save "" --appendonly no \
    --dir "$PWD/target/redis" --logfile "$PWD/target/redis/redis.log"
fi
if ! pg_up && command -v pg_ctlcluster >/dev/null && [ "$(id -u)" = 0 ] && [ -d /etc/postgresql ]; then
  echo "starting PostgreSQL (pg_ctlcluster)…"
  pg_ctlcluster --skip-systemctl-redirect "$(ls /etc/postgresql | head -n1)" main start || true
fi

for _ in $(seq 1 30); do
  if pg_up && redis_up; then
    if [ -n "${TEST_DATABASE_URL_HINT:-}" ]; then
      echo "note: with the compose services run: make test TEST_DATABASE_URL=$TEST_DATABASE_URL_HINT"
    fi
    exit 0
  fi
  sleep 1
done

pg_up || cat >&2 <<'MSG'
missing: PostgreSQL on 127.0.0.1:5432. Any one of:
  - docker compose up -d postgres        (then TEST_DATABASE_URL=postgres://signalbox:signalbox@127.0.0.1:5432/signalbox)
  - install PostgreSQL ≥ 14 and create a database `test` that user `postgres` may reach without a password
  - or point TEST_DATABASE_URL at any PostgreSQL you have
MSG
redis_up || cat >&2 <<'MSG'
missing: Redis on 127.0.0.1:6379. Any one of:
  - docker compose up -d redis
  - install Redis ≥ 6 (`redis-server` on PATH; this script then starts it without root)
  - or point TEST_REDIS_URL at any Redis you have
MSG
exit 1
