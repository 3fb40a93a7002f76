// Registration load benchmark: registrations per second and p50/p99 latency at concurrency 1, 16
// and 64, against the release server on SQLite and on PostgreSQL (when reachable).
//   node bench/registrations.js            (run by `make bench` after the release build)
// Each request is a real registration through the public endpoint: the seat decision in one
// transaction, the registration row and its outbox email; the outbox worker delivers meanwhile.
const { percentile, withServer, onBothDatabases } = require('./common');
const os = require('os');

const LEVELS = [1, 16, 64];

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
  return withServer(databaseUrl, port, async ({ base }) => {
    const groups = await groupIds(base);
    const extra = await answers(base);
    await run(base, groups, extra, 8, 100, `${label}-warmup`);
    const rows = [];
    for (const c of LEVELS) {
      rows.push(await run(base, groups, extra, c, Math.max(400, c * 40), `${label}-${c}`));
    }
    return rows;
  });
}

(async () => {
  const results = await onBothDatabases('agora_bench', [3301, 3302], bench);
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
