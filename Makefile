# The two commands from the README:
#   make run    — the whole product on embedded defaults (API, Swagger UI, dashboard) at :8000
#   make test   — every test: Rust (unit, contract, API, real Postgres/Redis), frontend, browser
# Everything else here serves those two.

SHELL := /bin/bash
TEST_DATABASE_URL ?= postgres://postgres@127.0.0.1:5432/test
TEST_REDIS_URL ?= redis://127.0.0.1:6379
export TEST_DATABASE_URL TEST_REDIS_URL

FRONTEND_SOURCES := $(shell find frontend/src frontend/index.html frontend/vite.config.ts -type f 2>/dev/null)

.PHONY: run test test-rust test-frontend test-e2e test-fuzz test-cluster lint openapi services clean

run: frontend/dist/index.html
	cargo run

test: services test-rust test-frontend test-fuzz test-e2e

services:
	bash scripts/ensure-services.sh

test-rust:
	cargo test

test-frontend: frontend/node_modules/.installed
	cd frontend && npm run verify

test-e2e: frontend/dist/index.html
	bash scripts/e2e.sh

# Three instances behind HAProxy, restarted one by one under load (the debug build;
# CLUSTER_BUILD=release for the release one): no failed request, every
# webhook applied once, every stream client gets every signal once (needs haproxy, psql).
test-cluster: services
	bash scripts/cluster-test.sh

# API fuzzing from openapi.json (schemathesis): no 5xx, every response as the spec says.
test-fuzz:
	bash scripts/schemathesis.sh

lint:
	cargo fmt --check
	cargo clippy --all-targets -- -D warnings

# Regenerates the committed API contract and the TypeScript client generated from it.
openapi: frontend/node_modules/.installed
	cargo run -q -- openapi > openapi.json.tmp && mv openapi.json.tmp openapi.json
	cd frontend && npm run generate-client

frontend/node_modules/.installed: frontend/package-lock.json
	cd frontend && npm ci --no-audit --no-fund
	touch $@

frontend/dist/index.html: frontend/node_modules/.installed $(FRONTEND_SOURCES) openapi.json
	cd frontend && npm run build

clean:
	cargo clean
	rm -rf frontend/dist frontend/node_modules
