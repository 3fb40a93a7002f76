// Assembles the site root from the built files: every asset under pkg/ named after its content
// (stem.<16 hex of its SHA-256>.ext, so the server may let browsers cache it for a year), a
// brotli (.br) and a gzip (.gz) copy of each, and pkg/manifest.json with the addresses the
// server puts into pages (app/src/assets.rs). Prints each asset's sizes.
//
//   node scripts/site.mjs <wasm-bindgen output dir> <site root>
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';

const [bindgenDir, site] = process.argv.slice(2);
if (!bindgenDir || !site) {
  console.error('usage: node scripts/site.mjs <wasm-bindgen dir> <site root>');
  process.exit(2);
}
const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');
const from = (...parts) => path.resolve(root, ...parts);

// manifest key -> source file
const assets = {
  css: from('style/main.css'),
  loader: from('public/loader.js'),
  islands_js: from(bindgenDir, 'agora.js'),
  islands_wasm: from(bindgenDir, 'agora_bg.wasm'),
  scanner: from('public/scanner.js'),
  decoder_worker: from('public/decoder-worker.js'),
  decoder_js: from(bindgenDir, 'decoder.js'),
  decoder_wasm: from(bindgenDir, 'decoder_bg.wasm'),
  door: from('public/door.js'),
};
// Copied under their own names: browsers ask for /favicon.ico by that name.
const plain = ['favicon.ico'];

const siteDir = path.resolve(root, site);
const pkg = path.join(siteDir, 'pkg');
// A rolling deploy serves pages of the previous build for a while: its hashed files (the ones
// its manifest names, with their compressed copies) stay beside the new ones, one build back.
const previous = new Map();
try {
  const old = JSON.parse(fs.readFileSync(path.join(pkg, 'manifest.json'), 'utf8'));
  for (const address of Object.values(old)) {
    const name = path.basename(address);
    for (const file of [name, `${name}.br`, `${name}.gz`]) {
      const at = path.join(pkg, file);
      if (fs.existsSync(at)) previous.set(file, fs.readFileSync(at));
    }
  }
} catch {
  // No earlier build here.
}
fs.rmSync(siteDir, { recursive: true, force: true });
fs.mkdirSync(pkg, { recursive: true });
for (const [file, bytes] of previous) fs.writeFileSync(path.join(pkg, file), bytes);
for (const name of plain) fs.copyFileSync(from('public', name), path.join(siteDir, name));
// wasm-bindgen puts inline JS of dependencies (if any) beside its module, which imports it
// relatively: keep it next to the hashed module.
const snippets = path.join(from(bindgenDir), 'snippets');
if (fs.existsSync(snippets)) fs.cpSync(snippets, path.join(pkg, 'snippets'), { recursive: true });

function compress(file) {
  const bytes = fs.readFileSync(file);
  const br = zlib.brotliCompressSync(bytes, {
    params: {
      [zlib.constants.BROTLI_PARAM_QUALITY]: zlib.constants.BROTLI_MAX_QUALITY,
      [zlib.constants.BROTLI_PARAM_SIZE_HINT]: bytes.length,
    },
  });
  const gz = zlib.gzipSync(bytes, { level: 9 });
  fs.writeFileSync(`${file}.br`, br);
  fs.writeFileSync(`${file}.gz`, gz);
  return { raw: bytes.length, gzip: gz.length, brotli: br.length };
}

const manifest = {};
const rows = [];
for (const [key, source] of Object.entries(assets)) {
  const bytes = fs.readFileSync(source);
  const hash = createHash('sha256').update(bytes).digest('hex').slice(0, 16);
  const ext = path.extname(source);
  const name = `${path.basename(source, ext)}.${hash}${ext}`;
  fs.writeFileSync(path.join(pkg, name), bytes);
  manifest[key] = `/pkg/${name}`;
  rows.push({ asset: key, file: name, ...compress(path.join(pkg, name)) });
}
fs.writeFileSync(path.join(pkg, 'manifest.json'), `${JSON.stringify(manifest, null, 2)}\n`);
console.table(rows);
