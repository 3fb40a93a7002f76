# Agora's two commands: `make run` and `make test`. Both install what they need first.
SHELL := /bin/bash
export PATH := $(HOME)/.cargo/bin:$(CURDIR)/end2end/node_modules/.bin:$(PATH)
export LEPTOS_SITE_ROOT ?= target/site
export LEPTOS_OUTPUT_NAME ?= agora
LOCAL_POSTGRES := postgres://postgres@127.0.0.1:5432/postgres

.PHONY: run test bench tools chromium haproxy pytools build-release fmt-check lint unit e2e fuzz

## Build in release and serve http://127.0.0.1:3000 with demo data on SQLite.
run: tools build-release
	./target/release/server serve --seed-demo-if-empty

## Every test: format, lints, unit and integration (SQLite, and PostgreSQL when
## TEST_DATABASE_URL is set), then Playwright in headless Chromium against the release build.
test: tools chromium haproxy pytools fmt-check lint unit build-release e2e

## Load benchmarks and Lighthouse against the production build (thin LTO; not part of
## `make test`); figures go to docs/benchmarks.md.
bench: tools chromium haproxy
	AGORA_PROFILE=production ./scripts/build.sh
	node bench/registrations.js
	node bench/sizes.js
	node bench/servers.js
	node bench/checkins.js
	node bench/offline.js
	node bench/messages.js
	node bench/soak.js
	@[ -d bench/node_modules/lighthouse ] || (cd bench && npm ci --no-audit --no-fund)
	CHROME_PATH=/usr/bin/chromium node bench/lighthouse.js

tools:
	@./scripts/ensure-tools.sh

## The independent iCalendar parser the calendar tests check every .ics with (Python icalendar).
pytools:
	@target/pyenv/bin/python -c "import icalendar, openpyxl, prometheus_client" 2>/dev/null || { \
	  echo "==> installing Python icalendar, openpyxl and prometheus_client for the calendar, report and metrics tests"; \
	  python3 -m venv target/pyenv && target/pyenv/bin/pip install -q "icalendar==7.3.2" "openpyxl==3.1.5" "prometheus_client==0.21.1"; }

chromium:
	@command -v chromium >/dev/null || { echo "==> installing chromium"; \
	  $$( [ "$$(id -u)" = 0 ] || echo sudo ) apt-get update -q && \
	  $$( [ "$$(id -u)" = 0 ] || echo sudo ) apt-get install -y -q chromium; }

## HAProxy and faketime for the several-servers test (server/tests/scale.rs), from Debian like
## Chromium.
haproxy:
	@command -v haproxy >/dev/null || [ -x /usr/sbin/haproxy ] || { echo "==> installing haproxy"; \
	  $$( [ "$$(id -u)" = 0 ] || echo sudo ) apt-get update -q && \
	  $$( [ "$$(id -u)" = 0 ] || echo sudo ) apt-get install -y -q haproxy; }
	@command -v faketime >/dev/null || { echo "==> installing faketime (a server with a wrong clock)"; \
	  $$( [ "$$(id -u)" = 0 ] || echo sudo ) apt-get update -q && \
	  $$( [ "$$(id -u)" = 0 ] || echo sudo ) apt-get install -y -q faketime; }

## The release server and site (scripts/build.sh: cargo, wasm-bindgen, wasm-opt; no cargo-leptos).
build-release:
	./scripts/build.sh

fmt-check:
	cargo fmt --all -- --check

lint:
	cargo clippy --workspace --exclude frontend --all-targets -- -D warnings
	cargo clippy -p frontend -p decoder --target wasm32-unknown-unknown -- -D warnings

## Pure tests in parallel; then the integration tests, which start servers, one at a time.
## PostgreSQL: TEST_DATABASE_URL, else the local server when one answers on 127.0.0.1:5432,
## else the on_postgres tests are left out of the run (and it says so), never passed empty.
unit:
	@if [ -z "$$TEST_DATABASE_URL" ] && timeout 2 bash -c '</dev/tcp/127.0.0.1/5432' 2>/dev/null; then \
	  export TEST_DATABASE_URL=$(LOCAL_POSTGRES); \
	  echo "==> TEST_DATABASE_URL unset; PostgreSQL answers on 127.0.0.1:5432, so its tests run there"; fi; \
	skip=""; if [ -z "$$TEST_DATABASE_URL" ]; then skip="--skip on_postgres"; \
	  echo "==> no PostgreSQL (TEST_DATABASE_URL unset, nothing on 127.0.0.1:5432): the on_postgres tests are LEFT OUT of this run"; fi; \
	cargo test --workspace --exclude frontend --lib -- $$skip && \
	cargo test --workspace --exclude frontend --test '*' -- --test-threads=1 $$skip

e2e:
	cd end2end && npx playwright test

## Fuzzing, not part of `make test`: cargo-fuzz (installed on first use) on the nightly toolchain
## runs each target of frontend/ticket/fuzz and app/fuzz for FUZZ_SECONDS; a crash stops it and
## leaves its input under <crate>/fuzz/artifacts (make it a regression test).
FUZZ_SECONDS ?= 60
fuzz:
	@cargo +nightly fuzz --version >/dev/null 2>&1 || cargo +nightly install cargo-fuzz --locked
	cd frontend/ticket && for t in decode round_trip; do \
	  cargo +nightly fuzz run $$t -- -max_total_time=$(FUZZ_SECONDS) -print_final_stats=1 || exit 1; done
	cd app && for t in registration_form markdown sniff ics atom sheet; do \
	  cargo +nightly fuzz run $$t -- -max_total_time=$(FUZZ_SECONDS) -print_final_stats=1 || exit 1; done
