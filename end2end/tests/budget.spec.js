// Size budgets, read from the built files: what a phone downloads on a first visit to each public
// page (scripts and wasm, as the brotli files the server sends), and the scanner page with its
// decoder. Sizes are deterministic for a build, so this is a test, not a benchmark. It prints
// the sizes; docs/benchmarks.md records them.
const { test, expect } = require('@playwright/test');
const fs = require('fs');
const path = require('path');
const { ready, jsEnabled, registerParticipant, signIn } = require('./helpers');

const SITE_ROOT = path.resolve(__dirname, '..', '..', 'target', 'site');
const PUBLIC_BUDGET = 100 * 1024;
const SCANNER_BUDGET = 200 * 1024;

/// The brotli size of a built asset, by its address; the scanner's service worker is served by
/// the server itself, uncompressed (its size as it travels).
function brotliSize(address) {
  const pathname = decodeURIComponent(new URL(address, 'http://x').pathname);
  if (pathname === '/checkin/sw.js') {
    return fs.statSync(path.resolve(__dirname, '..', '..', 'public', 'checkin-sw.js')).size;
  }
  return fs.statSync(`${path.join(SITE_ROOT, pathname)}.br`).size;
}

/// Opens `address` in a fresh context (nothing cached) and returns the scripts and wasm it
/// fetched, with the headers they came with.
async function firstVisit(browser, baseURL, address, prepare) {
  const context = await browser.newContext({ baseURL });
  const fetched = [];
  context.on('response', (response) => {
    const url = new URL(response.url());
    if (/\.(js|wasm)$/.test(url.pathname)) {
      fetched.push({ path: url.pathname, headers: response.headers() });
    }
  });
  const page = await context.newPage();
  if (prepare) await prepare(page);
  const response = await page.goto(address);
  await ready(page, test.info());
  await page.waitForLoadState('networkidle');
  const html = response.headers();
  await context.close();
  return { fetched, html };
}

function total(paths) {
  return paths.reduce((sum, p) => sum + brotliSize(p), 0);
}

test('a first visit to a public page downloads at most 100 KB of script and wasm', async ({ browser, page }, testInfo) => {
  test.skip(!jsEnabled(testInfo), 'scripts only load where JavaScript runs');
  test.setTimeout(120_000);
  const baseURL = testInfo.project.use.baseURL;
  // A participant's own page, for the manage-page figure.
  const manage = await registerParticipant(page, testInfo, 'Budget Participant', 'budget.participant@example.org', { organisation: 'Lean Pages', country: 'AL' });
  await page.goto('/forums/regional-forum/agenda');
  const session = await page.locator('.agenda-session a').first().getAttribute('href');

  const pages = {
    home: '/',
    forum: '/forums/regional-forum',
    agenda: '/forums/regional-forum/agenda',
    session,
    speakers: '/forums/regional-forum/speakers',
    registration: '/forums/regional-forum/register',
    manage,
  };
  const rows = [];
  for (const [name, address] of Object.entries(pages)) {
    const { fetched, html } = await firstVisit(browser, baseURL, address);
    for (const asset of fetched) {
      expect(asset.headers['content-encoding'], asset.path).toBe('br');
      expect(asset.headers['cache-control'], asset.path).toBe('public, max-age=31536000, immutable');
    }
    // A participant's own page is never stored; public pages revalidate.
    expect(html['cache-control']).toBe(address.startsWith('/r/') ? 'no-store' : 'private, no-cache');
    expect(['br', 'gzip']).toContain(html['content-encoding']);
    const bytes = total(fetched.map((a) => a.path));
    rows.push({ page: name, files: fetched.map((a) => path.basename(a.path)).join(' '), brotli_bytes: bytes });
    expect(bytes, `${name} (${address})`).toBeLessThanOrEqual(PUBLIC_BUDGET);
    // The QR decoder is the scanner's alone.
    expect(fetched.filter((a) => a.path.includes('decoder'))).toEqual([]);
  }
  console.table(rows);
});

test('the scanner page with its decoder stays within 200 KB, and loads the decoder only without BarcodeDetector', async ({ browser }, testInfo) => {
  test.skip(!jsEnabled(testInfo), 'scripts only load where JavaScript runs');
  const baseURL = testInfo.project.use.baseURL;
  const context = await browser.newContext({ baseURL });
  const page = await context.newPage();
  await signIn(page, testInfo, 'scanner@agora.example');
  await page.waitForURL((url) => !url.pathname.startsWith('/login'));
  const cookies = await context.cookies();
  await context.close();

  // No camera here: the decoder's files are the ones the page names for its worker. A browser
  // with a BarcodeDetector (a stand-in here: headless Chromium on Linux has none) and Ed25519 in
  // WebCrypto never fetches the decoder, not even to keep it for offline use.
  const visit = await firstVisit(browser, baseURL, '/checkin/regional-forum/entry', async (p) => {
    await p.context().addCookies(cookies);
    await p.addInitScript(() => {
      window.BarcodeDetector = class {
        static async getSupportedFormats() { return ['qr_code']; }
        async detect() { return []; }
      };
    });
  });
  const scripts = visit.fetched.map((a) => a.path);
  const manifest = JSON.parse(fs.readFileSync(path.join(SITE_ROOT, 'pkg', 'manifest.json'), 'utf8'));
  const decoder = [manifest.decoder_worker, manifest.decoder_js, manifest.decoder_wasm];
  expect(scripts).toContain(manifest.scanner);
  expect(scripts.filter((p) => decoder.includes(p))).toEqual([]);
  const withDecoder = total([...new Set([...scripts, ...decoder])]);
  console.table([
    { page: 'scanner (BarcodeDetector)', brotli_bytes: total(scripts) },
    { page: 'scanner (wasm decoder)', brotli_bytes: withDecoder },
  ]);
  expect(withDecoder).toBeLessThanOrEqual(SCANNER_BUDGET);
});

test('the islands wasm holds no translation catalogue and no organiser screen', async ({}, testInfo) => {
  test.skip(!jsEnabled(testInfo), 'checked once');
  const manifest = JSON.parse(fs.readFileSync(path.join(SITE_ROOT, 'pkg', 'manifest.json'), 'utf8'));
  const wasm = fs.readFileSync(path.join(SITE_ROOT, manifest.islands_wasm)).toString('latin1');
  const catalogue = path.resolve(__dirname, '..', '..', 'app', 'locales');
  const found = [];
  let checked = 0;
  for (const file of fs.readdirSync(catalogue).filter((f) => f.endsWith('.txt'))) {
    for (const line of fs.readFileSync(path.join(catalogue, file), 'utf8').split('\n')) {
      const [key, ...rest] = line.split(' = ');
      const text = rest.join(' = ').trim();
      // Long enough to be a sentence of the interface rather than a word that may occur anywhere.
      if (!key || line.startsWith('#') || text.length < 16) continue;
      checked++;
      if (wasm.includes(Buffer.from(text, 'utf8').toString('latin1'))) found.push(`${file}: ${key}`);
    }
  }
  expect(checked).toBeGreaterThan(1000);
  expect(found).toEqual([]);
  // Nor the keys themselves, nor the organiser's server functions' endpoints.
  for (const marker of ['checkin.counts.', 'register.submit', 'organiser/forums', 'registration/lost']) {
    expect(wasm.includes(marker), marker).toBe(false);
  }
});
