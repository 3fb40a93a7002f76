// What both load benchmarks share: the release server on a fresh data directory, a fresh
// PostgreSQL database beside SQLite, and percentiles.
const { spawn, execFileSync } = require('child_process');
const fs = require('fs');
const os = require('os');
const path = require('path');

const root = path.join(__dirname, '..');
// The production build (`make bench` builds it with AGORA_PROFILE=production).
const server = path.join(root, 'target', process.env.AGORA_PROFILE || 'production', 'server');
const PG_ADMIN = process.env.BENCH_PG || 'postgres://postgres@127.0.0.1:5432/postgres';

function sleep(ms) { return new Promise((r) => setTimeout(r, ms)); }

function percentile(sorted, p) {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

/// Starts the release server with the demo data on `databaseUrl` ('' for SQLite in a fresh data
/// directory), runs `body({ base, dataDir, pid })`, then stops it and removes the directory.
async function withServer(databaseUrl, port, body, extraEnv = {}) {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'agora-bench-'));
  const child = spawn(server, ['serve', '--seed-demo-if-empty'], {
    cwd: root,
    env: { ...process.env, DATABASE_URL: databaseUrl || '', AGORA_DATA_DIR: dataDir, LEPTOS_SITE_ADDR: `127.0.0.1:${port}`,
      LEPTOS_SITE_ROOT: 'target/site', RUST_LOG: 'warn',
      // The load comes from one address, as fast as it can: the abuse limits would refuse it.
      AGORA_FORM_MIN_SECONDS: '0', AGORA_REGISTRATIONS_PER_HOUR: '1000000',
      AGORA_FORUM_REGISTRATIONS_PER_MINUTE: '1000000', ...extraEnv },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const base = `http://127.0.0.1:${port}`;
  try {
    let up = false;
    for (let i = 0; i < 200 && !up; i++) {
      try { up = (await fetch(`${base}/health`)).ok; } catch (_) { await sleep(100); }
    }
    if (!up) throw new Error('server did not start');
    return await body({ base, dataDir, pid: child.pid });
  } finally {
    child.kill('SIGTERM');
    await sleep(500);
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

/// Runs `bench(label, databaseUrl, port)` on SQLite, then on a fresh PostgreSQL database when one
/// is reachable (dropped afterwards); returns [[database name, rows], ...].
async function onBothDatabases(name, [sqlitePort, pgPort], bench) {
  const results = [['SQLite', await bench('sqlite', '', sqlitePort)]];
  const database = `${name}_${process.pid}`;
  let pg = null;
  try {
    execFileSync('psql', [PG_ADMIN, '-q', '-c', `CREATE DATABASE ${database}`], { stdio: 'ignore' });
    pg = PG_ADMIN.replace(/\/[^/?]*(\?|$)/, `/${database}$1`);
  } catch (_) {
    console.error('PostgreSQL not reachable: its half is skipped');
  }
  if (pg) {
    try { results.push(['PostgreSQL', await bench('pg', pg, pgPort)]); } finally {
      execFileSync('psql', [PG_ADMIN, '-q', '-c', `DROP DATABASE IF EXISTS ${database} WITH (FORCE)`], { stdio: 'ignore' });
    }
  }
  return results;
}

/// Sends `total` requests, `concurrency` at a time; `send(i)` answers the HTTP status (anything
/// but 200 is counted as a failure by status). Returns throughput and latency percentiles.
async function load(total, concurrency, send) {
  let next = 0;
  const latencies = [];
  const failures = {};
  async function worker() {
    while (next < total) {
      const i = next++;
      const t0 = process.hrtime.bigint();
      const status = await send(i).catch(() => 0);
      latencies.push(Number(process.hrtime.bigint() - t0) / 1e6);
      if (status !== 200) failures[status] = (failures[status] || 0) + 1;
    }
  }
  const t0 = Date.now();
  await Promise.all(Array.from({ length: concurrency }, worker));
  latencies.sort((a, b) => a - b);
  return { perSecond: total / ((Date.now() - t0) / 1000), p50: percentile(latencies, 50), p99: percentile(latencies, 99), failures };
}

module.exports = { sleep, percentile, withServer, onBothDatabases, load };
