# syntax=docker/dockerfile:1
# Signalbox: one image serving the API and the React dashboard.
#
#   docker build -t signalbox .
#   docker run -p 8000:8000 -e APP_ENV=development signalbox      # try it: SQLite, simulated checkout
#
# The image defaults to APP_ENV=production, which refuses to start without a real SECRET_KEY,
# STRIPE_WEBHOOK_SECRET and STRIPE_SECRET_KEY, an https:// PUBLIC_URL, an SMTP_URL for
# password-reset mail and a METRICS_TOKEN for GET /metrics (see docs/deploy.md for every variable). Migrations run on start.
# It also refuses simulated prices: set MARKET_DATA to a real source (database: licensed candles
# imported with `signalbox market import`), or DEMO_MODE=true with an sk_test_ Stripe key for a
# demo; and an NSE calendar for the current year (MARKET_CALENDAR_FILE adds years not shipped).
# Outside a demo it needs the SEBI research-analyst disclosures every page shows: BUSINESS_NAME,
# RA_NAME, RA_REGISTRATION_NO (INH + 9 digits), CONTACT_EMAIL and GRIEVANCE_EMAIL.

# --- 1. the dashboard: static files in frontend/dist --------------------------------------------
FROM node:20-trixie-slim AS frontend
WORKDIR /src/frontend
COPY frontend/package.json frontend/package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY frontend/ ./
# The generated API client is checked in; its generator reads ../openapi.json when regenerating.
COPY openapi.json /src/openapi.json
RUN npm run build

# --- 2. the server: a release binary -------------------------------------------------------------
FROM rust:1.95-slim-trixie AS server
WORKDIR /src
COPY Cargo.toml Cargo.lock build.rs ./
COPY src ./src
# Cache mounts keep crates.io downloads and compiled dependencies between builds.
RUN --mount=type=cache,target=/usr/local/cargo/registry \
    --mount=type=cache,target=/src/target \
    cargo build --release --locked --bin signalbox \
    && cp target/release/signalbox /usr/local/bin/signalbox

# --- 3. runtime: Debian slim (same glibc as the build), non-root --------------------------------
FROM debian:trixie-slim
RUN apt-get update \
    && apt-get install -y --no-install-recommends ca-certificates \
    && rm -rf /var/lib/apt/lists/* \
    && useradd --system --uid 10001 --user-group --home-dir /app --shell /usr/sbin/nologin signalbox \
    && mkdir -p /app/data \
    && chown signalbox:signalbox /app/data
WORKDIR /app
COPY --from=server /usr/local/bin/signalbox /usr/local/bin/signalbox
COPY --from=frontend /src/frontend/dist /app/frontend/dist
USER signalbox:signalbox
# HOST=0.0.0.0: reachable from outside the container. PORT is overridden by Render and Railway.
# The SQLite default (data/signalbox.db) lands in /app/data: mount a volume there, or set
# DATABASE_URL to PostgreSQL; a container's own disk does not survive a redeploy.
ENV APP_ENV=production \
    HOST=0.0.0.0 \
    PORT=8000 \
    STATIC_DIR=/app/frontend/dist \
    LOG_FORMAT=json
EXPOSE 8000
# No curl in the image: bash's /dev/tcp is enough to ask /health for its status line.
HEALTHCHECK --interval=30s --timeout=3s --start-period=20s --retries=3 \
    CMD ["bash", "-c", "exec 3<>/dev/tcp/127.0.0.1/${PORT} && printf 'GET /health HTTP/1.0\\r\\nHost: localhost\\r\\n\\r\\n' >&3 && head -n1 <&3 | grep -q ' 200 '"]
CMD ["signalbox", "serve"]
