#!/usr/bin/env bash
# Installs the build tools Agora needs (the wasm target, the wasm-bindgen CLI, npm's wasm-opt
# and Playwright), skipping whatever is already there.
# Versions are pinned here and nowhere else (see ../shared/TOOLCHAIN.md for why these).
set -euo pipefail
WASM_BINDGEN_VERSION=0.2.130
BINARYEN_VERSION=132.0.0
export PATH="$HOME/.cargo/bin:$PATH"
root="$(cd "$(dirname "$0")/.." && pwd)"

if ! rustup target list --installed | grep -q '^wasm32-unknown-unknown$'; then
  echo "==> adding the wasm32-unknown-unknown target"
  rustup target add wasm32-unknown-unknown
fi
if ! wasm-bindgen --version 2>/dev/null | grep -q " ${WASM_BINDGEN_VERSION}"; then
  echo "==> installing wasm-bindgen-cli ${WASM_BINDGEN_VERSION} (about 3 minutes)"
  cargo install wasm-bindgen-cli --version "${WASM_BINDGEN_VERSION}" --force
fi
# No cargo-leptos: scripts/build.sh does what it did for this project (it took 23 minutes to
# compile on a fresh machine). It stays optional for `cargo leptos watch` during development.
# wasm-opt must be npm's binaryen: Debian's v108 silently builds a wasm that does not hydrate.
tools="$root/end2end/node_modules/.bin"
if [ ! -x "$tools/wasm-opt" ] || [ ! -x "$tools/playwright" ]; then
  echo "==> installing node packages in end2end/"
  (cd "$root/end2end" && npm ci --no-audit --no-fund)
fi
