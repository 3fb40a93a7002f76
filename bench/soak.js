// Soak: SOAK_SECONDS (600) of mixed load at a steady, open-loop rate (SOAK_RATE a second, 40)
// against the release server with the demo data on SQLite: page views of every public page kind,
// registrations through the public form, check-ins, calendar files and feeds. It reports every
// answer that was not a success, the server's resident memory after the warm-up (SOAK_WARMUP,
// 60 s) and at the end, and p50/p99 per route with latency counted from each request's scheduled
// time (so a server falling behind is not hidden). It fails (exit 1) on any error answer or when
// the memory at the end is more than 10 % above its value after the warm-up.
//   node bench/soak.js               (make bench; the production build)
//   AGORA_PROFILE=release node bench/soak.js
const fs = require('fs');
const { sleep, percentile, withServer } = require('./common');
const { sql, prepare, signer } = require('./tickets');

const SECONDS = Number(process.env.SOAK_SECONDS || 600);
const WARMUP = Number(process.env.SOAK_WARMUP || 60);
const RATE = Number(process.env.SOAK_RATE || 40);

function rss(pid) {
  const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
  return Number(/VmRSS:\s+(\d+)/.exec(status)[1]) / 1024;
}

async function soak({ base, dataDir, pid }) {
  const { forum, ids, token } = prepare('', dataDir, Math.ceil(SECONDS * RATE * 0.1) + 100);
  const sign = signer(dataDir);
  const session = sql('', dataDir, `SELECT id FROM agenda_sessions WHERE forum_id = ${forum} LIMIT 1`).trim();
  const post = sql('', dataDir, "SELECT id FROM announcements WHERE status = 'published' AND forum_id IS NOT NULL LIMIT 1").trim();
  const postForum = sql('', dataDir, `SELECT f.slug FROM announcements a JOIN forums f ON f.id = a.forum_id WHERE a.id = ${post}`).trim();
  // Registrations go to Belgrade (the regional forum asks a required question of its own).
  const group = sql('', dataDir, "SELECT g.id FROM stakeholder_groups g JOIN forums f ON f.series_id = g.series_id WHERE f.slug = 'belgrade' ORDER BY g.id LIMIT 1").trim();
  let checkin = 0;
  let registration = 0;
  const get = (path) => () => fetch(`${base}${path}`).then(async (r) => { await r.arrayBuffer(); return r.status; });
  // [route, weight, send]
  const mix = [
    ['home', 3, get('/')],
    ['forum', 6, get('/forums/regional-forum')],
    ['agenda', 4, get('/forums/regional-forum/agenda')],
    ['session', 3, get(`/forums/regional-forum/sessions/${session}`)],
    ['speakers', 2, get('/forums/regional-forum/speakers')],
    ['announcement', 2, get(`/forums/${postForum}/announcements/${post}`)],
    ['feed', 1, get('/feed.atom')],
    ['forum feed', 1, get('/forums/regional-forum/feed.atom')],
    ['forum.ics', 1, get('/forums/regional-forum/forum.ics')],
    ['agenda.ics', 1, get('/forums/regional-forum/agenda.ics')],
    ['register', 3, async () => {
      const n = registration++;
      const body = new URLSearchParams({
        slug: 'belgrade', 'form[full_name]': `Soak ${n}`, 'form[email]': `soak${n}@soak.example`,
        'form[organisation]': 'Soak', 'form[position]': 'Tester', 'form[country]': 'MK',
        'form[group_id]': group, 'form[age_band]': '30-44', 'form[privacy]': 'on', 'form[issued]': '',
      });
      const res = await fetch(`${base}/api/register`, { method: 'POST', body, headers: { Accept: 'application/json', Origin: base } });
      const text = await res.text();
      if (res.status !== 200 && !soak.told) { soak.told = true; console.error(`register: ${res.status} ${text}`); }
      return res.status;
    }],
    ['check-in', 4, async () => {
      const i = checkin++ % ids.length;
      const body = JSON.stringify({ code: sign(forum, ids[i]), list_id: `${forum}:entry`, nonce: `soak-${checkin}` });
      const res = await fetch(`${base}/api/v1/checkin`, {
        method: 'POST', body, headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${token}` },
      });
      await res.arrayBuffer();
      return res.status;
    }],
  ];
  const wheel = mix.flatMap(([name, weight, send]) => Array.from({ length: weight }, () => [name, send]));
  const stats = Object.fromEntries(mix.map(([name]) => [name, { latencies: [], errors: {} }]));
  let memoryAfterWarmup = null;
  const total = SECONDS * RATE;
  const t0 = performance.now();
  const pending = [];
  for (let i = 0; i < total; i++) {
    const due = t0 + (i * 1000) / RATE;
    const wait = due - performance.now();
    if (wait > 1) await sleep(wait);
    if (memoryAfterWarmup === null && performance.now() - t0 >= WARMUP * 1000) memoryAfterWarmup = rss(pid);
    const [name, send] = wheel[i % wheel.length];
    const measured = performance.now() - t0 >= WARMUP * 1000;
    pending.push(send().catch(() => 0).then((status) => {
      if (!measured) return;
      const s = stats[name];
      s.latencies.push(performance.now() - due);
      if (status !== 200) s.errors[status] = (s.errors[status] || 0) + 1;
    }));
  }
  await Promise.all(pending);
  const memoryAtEnd = rss(pid);
  return { stats, memoryAfterWarmup, memoryAtEnd };
}

(async () => {
  const result = await withServer('', 3460, soak);
  console.log(`Soak: ${SECONDS} s at ${RATE}/s on SQLite (warm-up ${WARMUP} s not measured)`);
  console.log('| route | requests | errors | p50 ms | p99 ms |');
  console.log('|---|---:|---:|---:|---:|');
  let errors = 0;
  for (const [name, s] of Object.entries(result.stats)) {
    s.latencies.sort((a, b) => a - b);
    const failed = Object.values(s.errors).reduce((a, b) => a + b, 0);
    errors += failed;
    const detail = failed ? ` (${JSON.stringify(s.errors)})` : '';
    console.log(`| ${name} | ${s.latencies.length} | ${failed}${detail} | ${percentile(s.latencies, 50).toFixed(1)} | ${percentile(s.latencies, 99).toFixed(1)} |`);
  }
  const growth = (result.memoryAtEnd / result.memoryAfterWarmup - 1) * 100;
  console.log(`Memory (RSS): ${result.memoryAfterWarmup.toFixed(1)} MB after the warm-up, ${result.memoryAtEnd.toFixed(1)} MB at the end (${growth >= 0 ? '+' : ''}${growth.toFixed(1)} %)`);
  if (errors > 0 || growth > 10) {
    console.error('FAIL: error answers or memory growth above 10 %');
    process.exit(1);
  }
})().catch((e) => { console.error(e); process.exit(1); });
