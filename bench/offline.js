// The offline door's benchmark, against the production server on SQLite and PostgreSQL:
//  - the roster download of a list with 5,000 registrations (full sync: wall time to the last
//    byte, bytes on the wire with brotli, as a phone asks for it, and uncompressed), and a delta;
//  - offline verdicts in Chromium: the scanner's own door.js deciding 1,000 distinct tickets from
//    the roster it keeps (Ed25519 verification in WebCrypto, the rules, the encrypted queue).
// Targets (issue 17): the roster syncs in under 2 s and is under 500 KB compressed; an offline
// verdict takes under 20 ms.
//   node bench/offline.js          (run by `make bench` after the production build)
const http = require('http');
const zlib = require('zlib');
const os = require('os');
const path = require('path');
const { percentile, withServer, onBothDatabases } = require('./common');
const { prepare, signer } = require('./tickets');

const REGISTRATIONS = 5000;
const VERDICTS = 1000;
const DOWNLOADS = 10;

/// One GET with brotli accepted: [milliseconds to the last byte, bytes on the wire, bytes].
function download(base, url, token) {
  return new Promise((resolve, reject) => {
    const t0 = performance.now();
    const req = http.get(`${base}${url}`, { headers: { Authorization: `Bearer ${token}`, 'Accept-Encoding': 'br', Accept: 'application/json' } }, (res) => {
      const chunks = [];
      res.on('data', (c) => chunks.push(c));
      res.on('end', () => {
        const wire = Buffer.concat(chunks);
        const ms = performance.now() - t0;
        if (res.statusCode !== 200) return reject(new Error(`HTTP ${res.statusCode}`));
        const body = res.headers['content-encoding'] === 'br' ? zlib.brotliDecompressSync(wire) : wire;
        resolve([ms, wire.length, body.length, JSON.parse(body)]);
      });
    });
    req.on('error', reject);
  });
}

async function verdictsInChromium(base, token, listId, codes) {
  const { chromium } = require(path.join(__dirname, '..', 'end2end', 'node_modules', '@playwright', 'test'));
  const browser = await chromium.launch({ executablePath: process.env.CHROME_PATH || '/usr/bin/chromium', headless: true, args: ['--no-sandbox', '--disable-gpu'] });
  try {
    const page = await browser.newPage();
    // The device's enrolment link keeps its token in a cookie, as on a steward's phone.
    await page.goto(`${base}/checkin/device/${token}`);
    await page.goto(`${base}/checkin/regional-forum/entry`);
    await page.waitForSelector('#door-status[data-state="online"]', { timeout: 30_000 });
    return await page.evaluate(async ({ listId, codes }) => {
      const { Door } = await import(document.getElementById('scanner').dataset.door);
      const door = new Door(listId, {});
      await door.start();
      // A full sync in the browser: download, parse, encrypt and store the whole list.
      const syncs = [];
      for (let i = 0; i < 3; i++) {
        door.fullAt = 0;
        const t0 = performance.now();
        await door.sync();
        syncs.push(performance.now() - t0);
      }
      // Offline from here on: every verdict is the phone's own.
      door.flush = async () => {};
      const times = [];
      const verdicts = {};
      for (let i = 0; i < codes.length; i++) {
        const t0 = performance.now();
        const result = await door.decide(codes[i], `bench-offline-${i}`);
        times.push(performance.now() - t0);
        verdicts[result.verdict] = (verdicts[result.verdict] || 0) + 1;
      }
      return { times, verdicts, syncs };
    }, { listId, codes });
  } finally {
    await browser.close();
  }
}

async function bench(label, databaseUrl, port) {
  return withServer(databaseUrl, port, async ({ base, dataDir }) => {
    const { forum, ids, token } = prepare(databaseUrl, dataDir, REGISTRATIONS, true);
    const listId = `${forum}:entry`;
    const url = `/api/v1/checkin/roster?list_id=${listId}`;
    const full = [];
    let answer = null;
    for (let i = 0; i < DOWNLOADS; i++) {
      const [ms, wire, bytes, json] = await download(base, url, token);
      full.push([ms, wire, bytes]);
      answer = json;
    }
    const times = full.map((r) => r[0]).sort((a, b) => a - b);
    const [delta] = await download(base, `${url}&since=${answer.cursor}`, token);
    const sign = signer(dataDir);
    const { times: verdictTimes, verdicts, syncs } = await verdictsInChromium(base, token, listId, ids.slice(0, VERDICTS).map((id) => sign(forum, id)));
    verdictTimes.sort((a, b) => a - b);
    return {
      tickets: answer.tickets.length,
      p50: percentile(times, 50),
      max: times[times.length - 1],
      wire: full[0][1],
      bytes: full[0][2],
      delta,
      browserSync: Math.max(...syncs),
      verdictP50: percentile(verdictTimes, 50),
      verdictP99: percentile(verdictTimes, 99),
      verdicts,
    };
  });
}

(async () => {
  const results = await onBothDatabases('agora_bench_offline', [3313, 3314], bench);
  console.log(`\nThe offline door (${os.cpus().length} cores, ${new Date().toISOString().slice(0, 10)})\n`);
  console.log('| database | roster tickets | download p50 / max ms | full sync in Chromium, worst of 3, ms | brotli KB | raw KB | delta ms | offline verdict p50 / p99 ms | verdicts |');
  console.log('|---|---|---|---|---|---|---|---|---|');
  for (const [db, r] of results) {
    const verdicts = Object.entries(r.verdicts).map(([v, n]) => `${n} ${v}`).join(', ');
    console.log(`| ${db} | ${r.tickets} | ${r.p50.toFixed(0)} / ${r.max.toFixed(0)} | ${r.browserSync.toFixed(0)} | ${(r.wire / 1024).toFixed(0)} | ${(r.bytes / 1024).toFixed(0)} | ${r.delta.toFixed(0)} | ${r.verdictP50.toFixed(2)} / ${r.verdictP99.toFixed(2)} | ${verdicts} |`);
  }
})().catch((e) => { console.error(e); process.exit(1); });
