#!/usr/bin/env bash
# Builds Agora for release without cargo-leptos: the server with plain `cargo build`, the
# islands and the scanner's decoder for wasm32 with the pinned wasm-bindgen CLI and npm's
# wasm-opt, then the site (scripts/site.mjs: content-hashed names, brotli and gzip copies, the
# manifest the server reads). Output: target/$AGORA_PROFILE/server (release by default) and
# $LEPTOS_SITE_ROOT (target/site).
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"
export PATH="$HOME/.cargo/bin:$root/end2end/node_modules/.bin:$PATH"
site="${LEPTOS_SITE_ROOT:-target/site}"
# `release` (default: quick to rebuild) or `production` (thin LTO; what deployments and the
# benchmarks run). The binary lands in target/<profile>/server.
profile="${AGORA_PROFILE:-release}"
wasm_dir=target/wasm32-unknown-unknown/wasm-release
bindgen_dir=target/wasm-bindgen

echo "==> server ($profile)"
cargo build --locked --profile "$profile" -p server
echo "==> islands and decoder (wasm32, size-optimised)"
cargo build --locked --profile wasm-release --target wasm32-unknown-unknown -p frontend -p decoder

echo "==> wasm-bindgen and wasm-opt"
rm -rf "$bindgen_dir"
for crate in frontend:agora decoder:decoder; do
  name="${crate#*:}"
  wasm-bindgen --target web --no-typescript --out-dir "$bindgen_dir" --out-name "$name" \
    "$wasm_dir/${crate%%:*}.wasm"
  # The features rustc enables by default for wasm32-unknown-unknown; wasm-opt must know them.
  wasm-opt -Oz --enable-bulk-memory --enable-nontrapping-float-to-int --enable-sign-ext \
    --enable-mutable-globals --enable-reference-types --enable-multivalue \
    -o "$bindgen_dir/${name}_bg.wasm" "$bindgen_dir/${name}_bg.wasm"
done

echo "==> site: $site"
node scripts/site.mjs "$bindgen_dir" "$site"
