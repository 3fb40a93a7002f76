// Several servers behind HAProxy on one PostgreSQL: registrations and check-ins per second
// through the balancer with one, two and three servers (each with its own data directory and the
// shared key file). On a 2-core machine that also runs PostgreSQL, HAProxy and the load client,
// more servers add overhead rather than speed; the figures say how much.
//   node bench/servers.js            (run by `make bench` after the production build)
const { spawn, execFileSync } = require('child_process');
const fs = require('fs');
const net = require('net');
const os = require('os');
const path = require('path');
const { sleep, load } = require('./common');
const { prepare, signer } = require('./tickets');

const root = path.join(__dirname, '..');
const server = path.join(root, 'target', process.env.AGORA_PROFILE || 'production', 'server');
const PG_ADMIN = process.env.BENCH_PG || 'postgres://postgres@127.0.0.1:5432/postgres';
const haproxy = ['/usr/sbin/haproxy', 'haproxy'].find((bin) => {
  try { execFileSync(bin, ['-v'], { stdio: 'ignore' }); return true; } catch (_) { return false; }
});

function freePort() {
  return new Promise((resolve) => {
    const s = net.createServer().listen(0, '127.0.0.1', () => { const { port } = s.address(); s.close(() => resolve(port)); });
  });
}

async function ready(url) {
  for (let i = 0; i < 300; i++) {
    try { if ((await fetch(`${url}/health`)).ok) return; } catch (_) { /* not yet */ }
    await sleep(100);
  }
  throw new Error(`${url} did not become ready`);
}

async function withServers(count, body) {
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'agora-servers-'));
  const database = `agora_servers_${count}_${process.pid}`;
  execFileSync('psql', [PG_ADMIN, '-q', '-c', `CREATE DATABASE ${database}`], { stdio: 'ignore' });
  const url = PG_ADMIN.replace(/\/[^/?]*(\?|$)/, `/${database}$1`);
  const keyDir = path.join(work, 'key');
  fs.mkdirSync(keyDir);
  const keyFile = path.join(keyDir, 'secret.key');
  const lbPort = await freePort();
  const lb = `http://127.0.0.1:${lbPort}`;
  const env = (dir, port) => ({
    ...process.env, DATABASE_URL: url, AGORA_SECRET_KEY_FILE: keyFile, AGORA_DATA_DIR: dir,
    LEPTOS_SITE_ADDR: `127.0.0.1:${port}`, LEPTOS_SITE_ROOT: 'target/site', AGORA_BASE_URL: lb,
    AGORA_TRUSTED_PROXIES: '127.0.0.1', RUST_LOG: 'warn', AGORA_FORM_MIN_SECONDS: '0',
    AGORA_REGISTRATIONS_PER_HOUR: '1000000', AGORA_FORUM_REGISTRATIONS_PER_MINUTE: '1000000',
  });
  const children = [];
  try {
    const setup = env(path.join(work, 'setup'), 0);
    for (const args of [['new-key-file', keyFile], ['migrate'], ['seed-demo']]) {
      execFileSync(server, args, { cwd: root, env: setup, stdio: 'ignore' });
    }
    let backends = '';
    for (let i = 0; i < count; i++) {
      const port = await freePort();
      children.push(spawn(server, ['serve', '--no-migrate'], { cwd: root, env: env(path.join(work, `s${i}`), port), stdio: 'ignore' }));
      await ready(`http://127.0.0.1:${port}`);
      backends += `    server s${i} 127.0.0.1:${port} check inter 1s\n`;
    }
    const config = path.join(work, 'haproxy.cfg');
    fs.writeFileSync(config, `global\n    maxconn 4000\ndefaults\n    mode http\n    timeout connect 2s\n    timeout client 60s\n    timeout server 60s\n` +
      `frontend agora\n    bind 127.0.0.1:${lbPort}\n    default_backend servers\nbackend servers\n    balance roundrobin\n    option httpchk GET /health\n${backends}`);
    children.push(spawn(haproxy, ['-db', '-f', config], { stdio: 'ignore' }));
    await ready(lb);
    return await body({ lb, url, keyDir });
  } finally {
    for (const child of children) child.kill('SIGKILL');
    await sleep(500);
    execFileSync('psql', [PG_ADMIN, '-q', '-c', `DROP DATABASE IF EXISTS ${database} WITH (FORCE)`], { stdio: 'ignore' });
    fs.rmSync(work, { recursive: true, force: true });
  }
}

async function main() {
  if (!haproxy) throw new Error('haproxy is not installed: `make haproxy`');
  const rows = [];
  for (const count of [1, 2, 3]) {
    rows.push(await withServers(count, async ({ lb, url, keyDir }) => {
      const { forum, ids, token } = prepare(url, keyDir, 3000);
      const sign = signer(keyDir);
      const html = await (await fetch(`${lb}/forums/belgrade/register`)).text();
      const group = html.split('id="reg-group"')[1].split('</select>')[0].match(/value="(\d+)"/)[1];
      const register = (i) => fetch(`${lb}/api/register`, {
        method: 'POST', headers: { Accept: 'application/json', Origin: lb },
        body: new URLSearchParams({ slug: 'belgrade', 'form[full_name]': `Servers ${count} ${i}`, 'form[email]': `servers.${count}.${i}@example.org`,
          'form[organisation]': 'Bench', 'form[position]': '', 'form[country]': 'RS', 'form[group_id]': group, 'form[privacy]': 'on' }),
      }).then(async (r) => { await r.arrayBuffer(); return r.status; });
      await load(60, 8, (i) => register(100000 + i));
      const registrations = await load(600, 32, register);
      const list = `${forum}:entry`;
      const checkin = (i) => fetch(`${lb}/api/v1/checkin`, {
        method: 'POST', headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${token}` },
        body: JSON.stringify({ code: sign(forum, ids[i], 1), list_id: list, nonce: `servers-${count}-${i}` }),
      }).then(async (r) => { await r.arrayBuffer(); return r.status; });
      const checkins = await load(2500, 64, checkin);
      return { servers: count, registrations, checkins };
    }));
  }
  console.log(`Through HAProxy on one PostgreSQL, ${new Date().toISOString().slice(0, 10)}, ${os.cpus().length} cores`);
  console.table(rows.map((r) => ({
    servers: r.servers,
    'registrations/s (c=32)': r.registrations.perSecond.toFixed(0), 'reg p99 ms': r.registrations.p99.toFixed(1),
    'check-ins/s (c=64)': r.checkins.perSecond.toFixed(0), 'check-in p99 ms': r.checkins.p99.toFixed(1),
    failures: JSON.stringify({ ...r.registrations.failures, ...r.checkins.failures }),
  })));
}

main().catch((e) => { console.error(e); process.exit(1); });
