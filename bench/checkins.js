// Check-in load benchmark: verdicts per second and p50/p99 latency at concurrency 1, 16, 64 and
// 200, against the release server on SQLite and on PostgreSQL (when reachable).
//   node bench/checkins.js            (run by `make bench` after the release build)
// Set-up writes confirmed registrations and one scanner device straight into the database (the
// seat rules are not what is measured here), then signs each ticket with the server's key the
// way the server does (Ed25519 over LEB128 ids, base45): an independent implementation of the
// ticket format. Every request is a distinct ticket admitted through POST /api/v1/checkin with
// the device's bearer token.
const { sleep, percentile, withServer, onBothDatabases } = require('./common');
const { prepare, signer } = require('./tickets');
const os = require('os');

const LEVELS = [[1, 300], [16, 1500], [64, 3000], [200, 6000]];
const OPEN_TOTAL = 5000;
/// The bench device's bearer token (set when the database is prepared).
let DEVICE_TOKEN = null;
const TICKETS = LEVELS.reduce((n, [, total]) => n + total, 0) + 500 + OPEN_TOTAL;

async function run(base, codes, listId, concurrency, tag) {
  let next = 0;
  const latencies = [];
  const verdicts = {};
  async function worker() {
    while (next < codes.length) {
      const i = next++;
      const body = JSON.stringify({ code: codes[i], list_id: listId, nonce: `bench-${tag}-${i}` });
      const t0 = process.hrtime.bigint();
      const res = await fetch(`${base}/api/v1/checkin`, {
        method: 'POST', body, headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${DEVICE_TOKEN}` },
      });
      const answer = await res.json().catch(() => ({}));
      latencies.push(Number(process.hrtime.bigint() - t0) / 1e6);
      const key = res.status === 200 ? answer.verdict : `HTTP ${res.status}`;
      verdicts[key] = (verdicts[key] || 0) + 1;
    }
  }
  const t0 = Date.now();
  await Promise.all(Array.from({ length: concurrency }, worker));
  const seconds = (Date.now() - t0) / 1000;
  latencies.sort((a, b) => a - b);
  return { concurrency, total: codes.length, perSecond: codes.length / seconds, p50: percentile(latencies, 50), p99: percentile(latencies, 99), verdicts };
}

/// Open loop: requests arrive at `rate` a second whatever the answers do (at most `cap` in flight);
/// latency counts from each request's scheduled time, so queueing is not hidden.
async function runOpen(base, codes, listId, rate, cap, tag) {
  const latencies = [];
  const verdicts = {};
  let inFlight = 0;
  const t0 = performance.now();
  const pending = [];
  for (let i = 0; i < codes.length; i++) {
    const due = t0 + (i * 1000) / rate;
    const wait = due - performance.now();
    if (wait > 1) await sleep(wait);
    while (inFlight >= cap) await sleep(1);
    inFlight++;
    pending.push((async () => {
      const body = JSON.stringify({ code: codes[i], list_id: listId, nonce: `bench-${tag}-${i}` });
      const res = await fetch(`${base}/api/v1/checkin`, {
        method: 'POST', body, headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${DEVICE_TOKEN}` },
      });
      const answer = await res.json().catch(() => ({}));
      latencies.push(performance.now() - due);
      const key = res.status === 200 ? answer.verdict : `HTTP ${res.status}`;
      verdicts[key] = (verdicts[key] || 0) + 1;
      inFlight--;
    })());
  }
  await Promise.all(pending);
  const seconds = (performance.now() - t0) / 1000;
  latencies.sort((a, b) => a - b);
  return { concurrency: `${rate}/s open, ≤${cap} in flight`, total: codes.length, perSecond: codes.length / seconds, p50: percentile(latencies, 50), p99: percentile(latencies, 99), verdicts };
}

async function bench(label, databaseUrl, port) {
  return withServer(databaseUrl, port, async ({ base, dataDir }) => {
    const prepared = prepare(databaseUrl, dataDir, TICKETS);
    const { forum, ids } = prepared;
    DEVICE_TOKEN = prepared.token;
    const sign = signer(dataDir);
    const codes = ids.map((id) => sign(forum, id));
    let used = 0;
    const take = (n) => codes.slice(used, (used += n));
    await run(base, take(500), `${forum}:entry`, 16, 'warmup');
    const rows = [];
    for (const [c, total] of LEVELS) rows.push(await run(base, take(total), `${forum}:entry`, c, `c${c}`));
    rows.push(await runOpen(base, take(OPEN_TOTAL), `${forum}:entry`, 1000, 200, 'open'));
    return rows;
  });
}

(async () => {
  const results = await onBothDatabases('agora_bench_checkin', [3311, 3312], bench);
  console.log(`\nCheck-in verdicts through POST /api/v1/checkin, a distinct ticket per request (${os.cpus().length} cores, ${new Date().toISOString().slice(0, 10)})\n`);
  console.log('| database | concurrency | requests | verdicts/s | p50 ms | p99 ms | verdicts |');
  console.log('|---|---|---|---|---|---|---|');
  for (const [db, rows] of results) {
    for (const r of rows) {
      const verdicts = Object.entries(r.verdicts).map(([v, n]) => `${n} ${v}`).join(', ');
      console.log(`| ${db} | ${r.concurrency} | ${r.total} | ${r.perSecond.toFixed(0)} | ${r.p50.toFixed(1)} | ${r.p99.toFixed(1)} | ${verdicts} |`);
    }
  }
})().catch((e) => { console.error(e); process.exit(1); });
