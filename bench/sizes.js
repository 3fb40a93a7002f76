// Registration cost against the forum's size: registrations per second (concurrency 16) and the
// server's CPU time per registration when the forum already holds 1,000, 20,000 and 150,000
// registrations, on PostgreSQL (the backend for large installations).
//   node bench/sizes.js            (run by `make bench` after the production build)
// The forum is filled straight in the database (80 % confirmed, the rest waiting), then real
// registrations go through the public endpoint: each seat decision reads the confirmed counts the
// database keeps per group, so its cost should not grow with the forum.
const { execFileSync } = require('child_process');
const fs = require('fs');
const { load, withServer } = require('./common');

const SIZES = [1_000, 20_000, 150_000];
const PG_ADMIN = process.env.BENCH_PG || 'postgres://postgres@127.0.0.1:5432/postgres';
const TICKS = 100; // clock ticks per second in /proc/<pid>/stat

function psql(url, sql) {
  return execFileSync('psql', [url, '-q', '-t', '-A', '-c', sql], { encoding: 'utf8' }).trim();
}

function cpuSeconds(pid) {
  const fields = fs.readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
  return (Number(fields[11]) + Number(fields[12])) / TICKS; // utime + stime
}

/// `total` registrations into `group` of Belgrade, 16 at a time.
function run(base, group, total, tag) {
  return load(total, 16, async (i) => {
    const body = new URLSearchParams({
      slug: 'belgrade', 'form[full_name]': `Size ${tag} ${i}`, 'form[email]': `size.${tag}.${i}@example.org`,
      'form[organisation]': 'Bench', 'form[position]': '', 'form[country]': 'RS',
      'form[group_id]': group, 'form[privacy]': 'on',
    });
    const res = await fetch(`${base}/api/register`, { method: 'POST', body, headers: { Accept: 'application/json', Origin: base } });
    await res.arrayBuffer();
    return res.status;
  });
}

async function main() {
  const rows = [];
  for (const size of SIZES) {
    const database = `agora_sizes_${size}_${process.pid}`;
    psql(PG_ADMIN, `CREATE DATABASE ${database}`);
    const url = PG_ADMIN.replace(/\/[^/?]*(\?|$)/, `/${database}$1`);
    try {
      rows.push(await withServer(url, 3500, async ({ base, pid }) => {
        const forum = psql(url, "SELECT id FROM forums WHERE slug = 'belgrade'");
        const groups = psql(url, `SELECT g.id FROM stakeholder_groups g JOIN forums f ON f.series_id = g.series_id WHERE f.id = ${forum} ORDER BY g.id`).split('\n');
        psql(url, `UPDATE forums SET capacity = 10000000, waiting_list = TRUE WHERE id = ${forum}`);
        psql(url, `INSERT INTO registrations (forum_id, group_id, status, full_name, email, organisation, country,
            privacy_version, locale, manage_salt, manage_token_hash, created_at, updated_at)
          SELECT ${forum}, (ARRAY[${groups.join(',')}])[1 + i % ${groups.length}],
            CASE WHEN i % 5 = 0 THEN 'waiting' ELSE 'confirmed' END, 'Filled ' || i, 'filled' || i || '@example.org',
            'Bench', 'RS', '1', 'en', 'salt' || i, 'hash-${size}-' || i, now(), now()
          FROM generate_series(1, ${size}) AS i`);
        psql(url, 'ANALYZE');
        await run(base, groups[0], 100, `warm-${size}`);
        const before = cpuSeconds(pid);
        const total = 600;
        const result = await run(base, groups[1], total, `size-${size}`);
        const cpuMs = ((cpuSeconds(pid) - before) * 1000) / total;
        return { forumSize: size, ...result, serverCpuMsPerRegistration: cpuMs };
      }));
    } finally {
      psql(PG_ADMIN, `DROP DATABASE IF EXISTS ${database} WITH (FORCE)`);
    }
  }
  console.log(`Registration cost against forum size, PostgreSQL, ${new Date().toISOString().slice(0, 10)}`);
  console.table(rows.map((r) => ({
    'forum size': r.forumSize, 'reg/s (c=16)': r.perSecond.toFixed(0), 'p50 ms': r.p50.toFixed(1), 'p99 ms': r.p99.toFixed(1),
    'server CPU ms/reg': r.serverCpuMsPerRegistration.toFixed(2), failures: JSON.stringify(r.failures),
  })));
}

main().catch((e) => { console.error(e); process.exit(1); });
