// Check-in load benchmark: verdicts per second and p50/p99 latency at concurrency 1, 16, 64 and
// 200, against the release server on SQLite and on PostgreSQL (when reachable).
//   node bench/checkins.js            (run by `make bench` after the release build)
// Set-up writes confirmed registrations and one scanner device straight into the database (the
// seat rules are not what is measured here), then signs each ticket with the server's key the
// way the server does (Ed25519 over LEB128 ids, base45): an independent implementation of the
// ticket format. Every request is a distinct ticket admitted through POST /api/v1/checkin with
// the device's bearer token.
const { execFileSync } = require('child_process');
const { sleep, percentile, withServer, onBothDatabases } = require('./common');
const crypto = require('crypto');
const fs = require('fs');
const os = require('os');
const path = require('path');

const LEVELS = [[1, 300], [16, 1500], [64, 3000], [200, 6000]];
const OPEN_TOTAL = 5000;
const TICKETS = LEVELS.reduce((n, [, total]) => n + total, 0) + 500 + OPEN_TOTAL;
const DEVICE_TOKEN = crypto.randomBytes(32).toString('base64url');

/// Runs SQL against the bench database and returns the rows (tab-separated) it prints.
function sql(databaseUrl, dataDir, statements) {
  if (databaseUrl) {
    return execFileSync('psql', [databaseUrl, '-q', '-t', '-A', '-F', '\t', '-c', statements], { encoding: 'utf8' });
  }
  const script = 'import sqlite3,sys\nc=sqlite3.connect(sys.argv[1])\nrows=[]\n' +
    'for s in sys.argv[2].split(";\\n"):\n  if s.strip(): rows=c.execute(s).fetchall()\nc.commit()\n' +
    'print("\\n".join("\\t".join(str(v) for v in r) for r in rows))';
  return execFileSync('python3', ['-c', script, path.join(dataDir, 'agora.db'), statements], { encoding: 'utf8' });
}

function prepare(databaseUrl, dataDir) {
  const now = new Date().toISOString();
  const forum = sql(databaseUrl, dataDir, "SELECT id FROM forums WHERE slug = 'regional-forum'").trim();
  const group = sql(databaseUrl, dataDir, `SELECT group_id FROM group_quotas WHERE forum_id = ${forum} LIMIT 1`).trim();
  const series = databaseUrl ? `generate_series(1, ${TICKETS}) AS s(n)` : null;
  const values = `${forum}, ${group}, 'confirmed', 'Bench ' || n, 'bench' || n || '@bench.example', 'Bench', 'MK', 'v1', 'en', 'salt' || n, 'hash' || n, '${now}', '${now}'`;
  const insert = 'INSERT INTO registrations (forum_id, group_id, status, full_name, email, organisation, country, privacy_version, locale, manage_salt, manage_token_hash, created_at, updated_at) ';
  sql(databaseUrl, dataDir, series
    ? `${insert} SELECT ${values} FROM ${series}`
    : `WITH RECURSIVE s(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM s WHERE n < ${TICKETS}) ${insert} SELECT ${values} FROM s`);
  const tokenHash = crypto.createHash('sha256').update(DEVICE_TOKEN).digest('hex');
  sql(databaseUrl, dataDir, `INSERT INTO scanner_devices (forum_id, label, salt, token_hash, created_at) VALUES (${forum}, 'Bench door', 'bench', '${tokenHash}', '${now}')`);
  const ids = sql(databaseUrl, dataDir, "SELECT id FROM registrations WHERE email LIKE '%@bench.example' ORDER BY id")
    .trim().split('\n').map(Number);
  return { forum: Number(forum), ids };
}

// The ticket format, written again from its description in app/src/features/tickets/code.rs.
const ALPHABET = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ $%*+-./:';
function base45(bytes) {
  let out = '';
  for (let i = 0; i < bytes.length; i += 2) {
    if (i + 1 < bytes.length) {
      let n = bytes[i] * 256 + bytes[i + 1];
      for (let k = 0; k < 3; k++) { out += ALPHABET[n % 45]; n = Math.floor(n / 45); }
    } else {
      const n = bytes[i];
      out += ALPHABET[n % 45] + ALPHABET[Math.floor(n / 45)];
    }
  }
  return out;
}
function varint(n, out) {
  while (n >= 0x80) { out.push((n & 0x7f) | 0x80); n = Math.floor(n / 128); }
  out.push(n);
}
function signer(dataDir) {
  const secret = fs.readFileSync(path.join(dataDir, 'secret.key'));
  const seed = crypto.createHmac('sha256', secret).update('ticket-signing-key/v1').digest();
  const der = Buffer.concat([Buffer.from('302e020100300506032b657004220420', 'hex'), seed]);
  const key = crypto.createPrivateKey({ key: der, format: 'der', type: 'pkcs8' });
  return (forum, registration) => {
    const payload = [1];
    varint(forum, payload); varint(registration, payload); varint(1, payload);
    const signature = crypto.sign(null, Buffer.from(payload), key);
    return 'AG1:' + base45([...payload, ...signature]);
  };
}

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
    const { forum, ids } = prepare(databaseUrl, dataDir);
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
