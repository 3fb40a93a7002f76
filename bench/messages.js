// Sending one message to 5,000 participants, against the production server on SQLite and
// PostgreSQL: the organiser saves the message and sends it now; we measure how long the server
// takes to write every participant's email into the outbox (one transaction), how fast the
// outbox then delivers them at the configured steady rate (AGORA_MESSAGES_PER_MINUTE; 6,000 here,
// the default is 120), and the server's memory (VmRSS) before, at its peak and at the end.
//   node bench/messages.js          (run by `make bench` after the production build)
const fs = require('fs');
const { withServer, onBothDatabases } = require('./common');
const { sql, prepare } = require('./tickets');

const PARTICIPANTS = 5000;
const RATE = 6000;

function rssMb(pid) {
  const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = Number((status.match(/VmRSS:\s+(\d+)/) || [])[1] || 0);
  return kb / 1024;
}

async function post(base, cookie, endpoint, fields) {
  const res = await fetch(`${base}/api/${endpoint}`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded', Accept: 'application/json', Cookie: cookie, Origin: base },
    body: new URLSearchParams(fields).toString(),
    redirect: 'manual',
  });
  return res;
}

async function run(label, databaseUrl, port) {
  return withServer(databaseUrl, port, async ({ base, dataDir, pid }) => {
    prepare(databaseUrl, dataDir, PARTICIPANTS);
    const login = await post(base, '', 'login', { email: 'organiser@agora.example', password: 'agora-demo-2026', next: '/organiser' });
    const cookie = (login.headers.getSetCookie ? login.headers.getSetCookie() : [login.headers.get('set-cookie')])
      .map((c) => c.split(';')[0]).join('; ');
    const saved = await post(base, cookie, 'messages/save', {
      slug: 'regional-forum', message_id: '', 'form[statuses][confirmed]': 'on', 'form[logistics]': 'on',
      'form[fallback_locale]': 'en', 'form[subject][en]': 'The venue for {forum} has changed',
      'form[body][en]': 'Dear {name},\n\nWe meet at the new venue on {dates}.\n\n{ticket}\n\nYour page: {link}',
    });
    if (saved.status >= 400) throw new Error(`save: HTTP ${saved.status} ${await saved.text()}`);
    const id = sql(databaseUrl, dataDir, 'SELECT MAX(id) FROM messages').trim();
    const before = rssMb(pid);
    let peak = before;
    const sample = setInterval(() => { peak = Math.max(peak, rssMb(pid)); }, 100);
    const t0 = performance.now();
    const sent = await post(base, cookie, 'messages/schedule', { slug: 'regional-forum', message_id: id, send_at: '' });
    if (sent.status >= 400) throw new Error(`send: HTTP ${sent.status} ${await sent.text()}`);
    let queuedAt = null;
    let recipients = 0;
    let delivered = 0;
    for (;;) {
      const [state, count] = sql(databaseUrl, dataDir, `SELECT state, recipients FROM messages WHERE id = ${id}`).trim().split(/\s+/);
      if (state === 'sent' && queuedAt === null) {
        queuedAt = performance.now();
        recipients = Number(count);
      }
      if (queuedAt !== null) {
        delivered = Number(sql(databaseUrl, dataDir,
          `SELECT COUNT(*) FROM message_recipients m JOIN outbox o ON o.id = m.outbox_id WHERE m.message_id = ${id} AND o.sent_at IS NOT NULL`).trim());
        if (delivered >= recipients) break;
      }
      if (performance.now() - t0 > 600_000) throw new Error('the message did not go out within 10 minutes');
      await new Promise((r) => setTimeout(r, 500));
    }
    const done = performance.now();
    clearInterval(sample);
    const row = {
      recipients,
      queue_s: +((queuedAt - t0) / 1000).toFixed(1),
      deliver_s: +((done - queuedAt) / 1000).toFixed(1),
      emails_per_s: +(recipients / ((done - queuedAt) / 1000)).toFixed(1),
      rss_before_mb: +before.toFixed(1),
      rss_peak_mb: +peak.toFixed(1),
      rss_after_mb: +rssMb(pid).toFixed(1),
    };
    console.log(label, JSON.stringify(row));
    return row;
  }, { AGORA_MESSAGES_PER_MINUTE: String(RATE) });
}

(async () => {
  const results = await onBothDatabases('bench_messages', [3471, 3472], run);
  console.log(`\nA message to ${PARTICIPANTS} participants (steady rate ${RATE}/min):`);
  for (const [db, r] of results) {
    console.log(`  ${db}: ${r.recipients} emails queued in ${r.queue_s} s, delivered in ${r.deliver_s} s (${r.emails_per_s}/s); RSS ${r.rss_before_mb} → peak ${r.rss_peak_mb} → ${r.rss_after_mb} MB`);
  }
})().catch((e) => { console.error(e); process.exit(1); });
