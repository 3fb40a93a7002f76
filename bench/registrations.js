// Registration load benchmark: registrations per second and p50/p99 latency at concurrency 1, 16
// and 64, against the release server on SQLite and on PostgreSQL (when reachable).
//   node bench/registrations.js            (run by `make bench` after the release build)
// Each request is a real registration through the public endpoint: the seat decision in one
// transaction, the registration row and its outbox email; the outbox worker delivers meanwhile.
const { spawn, execFileSync } = require('child_process');
const fs = require('fs');
const os = require('os');
const path = require('path');

const root = path.join(__dirname, '..');
const server = path.join(root, 'target', 'release', 'server');
const PG_ADMIN = process.env.BENCH_PG || 'postgres://postgres@127.0.0.1:5432/postgres';
const LEVELS = [1, 16, 64];

function sleep(ms) { return new Promise((r) => setTimeout(r, ms)); }

async function start(databaseUrl, port) {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'agora-bench-'));
  const child = spawn(server, ['serve', '--seed-demo-if-empty'], {
    cwd: root,
    env: { ...process.env, DATABASE_URL: databaseUrl || '', AGORA_DATA_DIR: dataDir, LEPTOS_SITE_ADDR: `127.0.0.1:${port}`,
      LEPTOS_SITE_ROOT: 'target/site', RUST_LOG: 'warn' },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const base = `http://127.0.0.1:${port}`;
  for (let i = 0; i < 200; i++) {
    try { if ((await fetch(`${base}/health`)).ok) return { child, base, dataDir }; } catch (_) { /* not yet */ }
    await sleep(100);
  }
  child.kill();
  throw new Error('server did not start');
}

async function groupIds(base) {
  const html = await (await fetch(`${base}/forums/regional-forum/register`)).text();
  const select = html.split('id="reg-group"')[1].split('</select>')[0];
  return [...select.matchAll(/value="(\d+)"/g)].map((m) => m[1]);
}

/// The forum's own questions on the form: each answered with its first option (or a tick).
async function answers(base) {
  const html = await (await fetch(`${base}/forums/regional-forum/register`)).text();
  const names = new Set([...html.matchAll(/name="(form\[answers\]\[q\d+\])"/g)].map((m) => m[1]));
  return Object.fromEntries([...names].map((n) => [n, '0']));
}

function percentile(sorted, p) {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

async function run(base, groups, extra, concurrency, total, tag) {
  let next = 0;
  const latencies = [];
  const failures = {};
  async function worker() {
    while (next < total) {
      const i = next++;
      const body = new URLSearchParams({
        slug: 'regional-forum', 'form[full_name]': `Bench ${tag} ${i}`, 'form[email]': `bench.${tag}.${i}@example.org`,
        'form[organisation]': 'Bench', 'form[position]': '', 'form[country]': 'MK',
        'form[group_id]': groups[i % groups.length], 'form[privacy]': 'on', ...extra,
      });
      const t0 = process.hrtime.bigint();
      const res = await fetch(`${base}/api/register`, {
        method: 'POST', body, headers: { Accept: 'application/json', Origin: base },
      });
      await res.arrayBuffer();
      latencies.push(Number(process.hrtime.bigint() - t0) / 1e6);
      if (res.status !== 200) failures[res.status] = (failures[res.status] || 0) + 1;
    }
  }
  const t0 = Date.now();
  await Promise.all(Array.from({ length: concurrency }, worker));
  const seconds = (Date.now() - t0) / 1000;
  latencies.sort((a, b) => a - b);
  return { concurrency, total, perSecond: total / seconds, p50: percentile(latencies, 50), p99: percentile(latencies, 99), failures };
}

async function bench(label, databaseUrl, port) {
  const { child, base, dataDir } = await start(databaseUrl, port);
  try {
    const groups = await groupIds(base);
    const extra = await answers(base);
    await run(base, groups, extra, 8, 100, `${label}-warmup`);
    const rows = [];
    for (const c of LEVELS) {
      rows.push(await run(base, groups, extra, c, Math.max(400, c * 20), `${label}-${c}`));
    }
    return rows;
  } finally {
    child.kill('SIGTERM');
    await sleep(500);
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

(async () => {
  const results = [['SQLite', await bench('sqlite', '', 3301)]];
  const name = `agora_bench_${process.pid}`;
  let pg = null;
  try {
    execFileSync('psql', [PG_ADMIN, '-q', '-c', `CREATE DATABASE ${name}`], { stdio: 'ignore' });
    pg = PG_ADMIN.replace(/\/[^/?]*(\?|$)/, `/${name}$1`);
  } catch (_) {
    console.error('PostgreSQL not reachable: its half is skipped');
  }
  if (pg) {
    try { results.push(['PostgreSQL', await bench('pg', pg, 3302)]); } finally {
      execFileSync('psql', [PG_ADMIN, '-q', '-c', `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`], { stdio: 'ignore' });
    }
  }
  console.log(`\nRegistrations through POST /api/register (${os.cpus().length} cores, ${new Date().toISOString().slice(0, 10)})\n`);
  console.log('| database | concurrency | requests | registrations/s | p50 ms | p99 ms | errors |');
  console.log('|---|---|---|---|---|---|---|');
  for (const [db, rows] of results) {
    for (const r of rows) {
      const errors = Object.entries(r.failures).map(([s, n]) => `${n}×${s}`).join(' ') || '0';
      console.log(`| ${db} | ${r.concurrency} | ${r.total} | ${r.perSecond.toFixed(0)} | ${r.p50.toFixed(1)} | ${r.p99.toFixed(1)} | ${errors} |`);
    }
  }
})().catch((e) => { console.error(e); process.exit(1); });
