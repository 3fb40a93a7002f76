// What the check-in benchmarks share: confirmed registrations and a scanner device written
// straight into the database, and tickets signed with the server's key the way the server does
// (an independent implementation of the ticket format).
const { execFileSync } = require('child_process');
const crypto = require('crypto');
const fs = require('fs');
const path = require('path');

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

/// Writes `count` confirmed registrations and a scanner device; with `varied`, names and
/// organisations are random text (harder to compress than real names: an upper bound for sizes).
function prepare(databaseUrl, dataDir, count, varied = false) {
  const token = crypto.randomBytes(32).toString('base64url');
  const now = new Date().toISOString();
  const forum = sql(databaseUrl, dataDir, "SELECT id FROM forums WHERE slug = 'regional-forum'").trim();
  const group = sql(databaseUrl, dataDir, `SELECT group_id FROM group_quotas WHERE forum_id = ${forum} LIMIT 1`).trim();
  const series = databaseUrl ? `generate_series(1, ${count}) AS s(n)` : null;
  const random = databaseUrl ? 'md5(random()::text)' : 'lower(hex(randomblob(16)))';
  const name = varied ? `'Participant ' || substr(${random}, 1, 14)` : "'Bench ' || n";
  const organisation = varied ? `'Organisation ' || substr(${random}, 1, 18)` : "'Bench'";
  const values = `${forum}, ${group}, 'confirmed', ${name}, 'bench' || n || '@bench.example', ${organisation}, 'MK', 'v1', 'en', 'salt' || n, 'hash' || n, '${now}', '${now}'`;
  const insert = 'INSERT INTO registrations (forum_id, group_id, status, full_name, email, organisation, country, privacy_version, locale, manage_salt, manage_token_hash, created_at, updated_at) ';
  sql(databaseUrl, dataDir, series
    ? `${insert} SELECT ${values} FROM ${series}`
    : `WITH RECURSIVE s(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM s WHERE n < ${count}) ${insert} SELECT ${values} FROM s`);
  const tokenHash = crypto.createHash('sha256').update(token).digest('hex');
  sql(databaseUrl, dataDir, `INSERT INTO scanner_devices (forum_id, label, salt, token_hash, created_at) VALUES (${forum}, 'Bench door', 'bench', '${tokenHash}', '${now}')`);
  const ids = sql(databaseUrl, dataDir, "SELECT id FROM registrations WHERE email LIKE '%@bench.example' ORDER BY id")
    .trim().split('\n').map(Number);
  return { forum: Number(forum), ids, token };
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

module.exports = { sql, prepare, signer };
