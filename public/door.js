// The offline door: the scanner keeps its list's roster on the phone and decides by itself when
// the server does not answer in time. Ticket codes are verified against the server's public
// Ed25519 key (WebCrypto), then the server's rules are applied: cancelled, re-issued (older
// version), no seat, not on this list (group limits, cancelled session), already admitted. Scans
// admitted offline wait in a queue and are sent when the network returns, with their own times.
// Where the browser's WebCrypto has no Ed25519 the project's own verifier (the `ticket` crate,
// compiled into the scanner's decoder wasm) checks the signature instead.
//
// What the phone keeps (the roster: names, organisations, groups; the queue) lives in IndexedDB,
// encrypted with AES-GCM under a random key that is itself kept only wrapped (AES-GCM) under a key
// derived from a PIN the steward chooses (PBKDF2-SHA-256, 600,000 iterations). After a restart
// nothing of the copy is shown or used until the PIN is given; five wrong PINs wipe it. It is
// wiped on sign-out, when the server no longer accepts this scanner (revoked device, ended
// session), 12 hours after the forum's last day and after 24 hours without the server, by a
// clock the phone cannot turn back: the server's time at the last sync plus the time since,
// never less than the latest time this phone has seen.

const DATA_DB = 'agora-door';
const KEY_DB = 'agora-door-key';
const SYNC_EVERY_MS = 5000;
const FULL_SYNC_EVERY_MS = 5 * 60 * 1000;
const BATCH = 100;
const PIN_ITERATIONS = 600000;
const PIN_TRIES = 5;
const STALE_AFTER_MS = 24 * 60 * 60 * 1000; // without contact with the server (a forum may choose less)

function request(req) {
  return new Promise((resolve, reject) => {
    req.onsuccess = () => resolve(req.result);
    req.onerror = () => reject(req.error);
  });
}

async function openDb(name, stores) {
  const req = indexedDB.open(name, 1);
  req.onupgradeneeded = () => {
    for (const store of stores) req.result.createObjectStore(store);
  };
  const db = await request(req);
  // A wipe (deleting the database) closes this connection instead of waiting for it.
  db.onversionchange = () => db.close();
  return db;
}

async function tx(db, store, mode, work) {
  const t = db.transaction(store, mode);
  const done = new Promise((resolve, reject) => {
    t.oncomplete = resolve;
    t.onerror = () => reject(t.error);
    t.onabort = () => reject(t.error);
  });
  const result = await work(t.objectStore(store));
  await done;
  return result;
}

async function keyStore(work, mode = 'readonly') {
  const db = await openDb(KEY_DB, ['keys']);
  try {
    return await tx(db, 'keys', mode, work);
  } finally {
    db.close();
  }
}

async function pinKey(pin, salt) {
  const material = await crypto.subtle.importKey('raw', new TextEncoder().encode(pin), 'PBKDF2', false, ['deriveKey']);
  return crypto.subtle.deriveKey(
    { name: 'PBKDF2', salt, iterations: PIN_ITERATIONS, hash: 'SHA-256' },
    material,
    { name: 'AES-GCM', length: 256 },
    false,
    ['wrapKey', 'unwrapKey'],
  );
}

/// What this phone holds of the door, read without the PIN: whether a wrapped key is there, the
/// wrong tries so far and the expiry facts (never secret).
export async function keyState() {
  if (!window.indexedDB) return { wrapped: false, meta: {} };
  const [wrapped, legacy, meta] = await keyStore((s) => Promise.all([request(s.get('wrapped')), request(s.get('aes')), request(s.get('meta'))]));
  return { wrapped: Boolean(wrapped), legacy: Boolean(legacy), meta: meta || {} };
}

async function saveMeta(change) {
  await keyStore(async (s) => {
    const meta = (await request(s.get('meta'))) || {};
    Object.assign(meta, change);
    await request(s.put(meta, 'meta'));
  }, 'readwrite');
}

/// A new random key for the copy, kept only wrapped under the PIN's key.
async function newKey(pin) {
  const salt = crypto.getRandomValues(new Uint8Array(16));
  const iv = crypto.getRandomValues(new Uint8Array(12));
  const fresh = await crypto.subtle.generateKey({ name: 'AES-GCM', length: 256 }, true, ['encrypt', 'decrypt']);
  const data = await crypto.subtle.wrapKey('raw', fresh, await pinKey(pin, salt), { name: 'AES-GCM', iv });
  await keyStore((s) => Promise.all([request(s.put({ salt, iv, data }, 'wrapped')), request(s.put({ tries: 0 }, 'meta'))]), 'readwrite');
  return unwrap(pin);
}

/// The copy's key (non-extractable), or `null` for a wrong PIN.
async function unwrap(pin) {
  const wrapped = await keyStore((s) => request(s.get('wrapped')));
  if (!wrapped) return null;
  try {
    return await crypto.subtle.unwrapKey('raw', wrapped.data, await pinKey(pin, wrapped.salt), { name: 'AES-GCM', iv: wrapped.iv },
      { name: 'AES-GCM', length: 256 }, false, ['encrypt', 'decrypt']);
  } catch (_) {
    return null;
  }
}

/// Now, by a clock that cannot go back: the phone's clock, the latest time it has seen, and the
/// server's time at the last sync plus the monotonic time since (this page's).
function clockNow(meta, sync) {
  const fromServer = sync && sync.serverAt ? sync.serverAt + (performance.now() - sync.perf) : 0;
  return Math.max(Date.now(), meta.lastSeen || 0, fromServer);
}

/// Why the copy must go (`'expired'`), or `null`.
export function expiry(meta, sync) {
  if (!meta.serverAt) return null;
  const now = clockNow(meta, sync);
  if (meta.wipeAfter && now > meta.wipeAfter) return 'expired';
  const stale = Math.min(STALE_AFTER_MS, meta.staleMs || STALE_AFTER_MS);
  if (now - meta.serverAt > stale) return 'expired';
  return null;
}

async function seal(key, value) {
  const iv = crypto.getRandomValues(new Uint8Array(12));
  const data = await crypto.subtle.encrypt({ name: 'AES-GCM', iv }, key, new TextEncoder().encode(JSON.stringify(value)));
  return { iv, data };
}

async function open(key, sealed) {
  const plain = await crypto.subtle.decrypt({ name: 'AES-GCM', iv: sealed.iv }, key, sealed.data);
  return JSON.parse(new TextDecoder().decode(plain));
}

/// Deletes everything the door kept on this phone: both databases, and the pages the service
/// worker kept (a scanner page names the scanner's last check-in).
export async function wipe() {
  for (const name of [DATA_DB, KEY_DB]) {
    await request(indexedDB.deleteDatabase(name)).catch(() => {});
  }
  if (window.caches) {
    for (const name of await caches.keys()) {
      if (name.startsWith('agora-checkin')) await caches.delete(name);
    }
  }
}

// Ticket codes: `AG1:` + base45 (RFC 9285) of a format byte (1; or 2 followed by the signing
// key's id as a varint), three LEB128 varints (forum, registration, version) and a 64-byte
// Ed25519 signature over everything before it.
const BASE45 = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ $%*+-./:';

function base45(text) {
  const out = [];
  for (let i = 0; i < text.length; i += 3) {
    const chunk = text.slice(i, i + 3);
    const digits = [...chunk].map((c) => BASE45.indexOf(c));
    if (digits.some((d) => d < 0) || chunk.length === 1) return null;
    const n = digits[0] + digits[1] * 45 + (chunk.length === 3 ? digits[2] * 2025 : 0);
    if (chunk.length === 3) {
      if (n > 0xffff) return null;
      out.push(n >> 8, n & 0xff);
    } else {
      if (n > 0xff) return null;
      out.push(n);
    }
  }
  return new Uint8Array(out);
}

export function parseCode(code) {
  const body = code.trim();
  if (!body.startsWith('AG1:')) return null;
  const bytes = base45(body.slice(4));
  if (!bytes || bytes.length < 1 + 3 + 64 || (bytes[0] !== 1 && bytes[0] !== 2)) return null;
  const signed = bytes.slice(0, bytes.length - 64);
  const signature = bytes.slice(bytes.length - 64);
  const fields = [];
  let at = 1;
  const count = bytes[0] === 2 ? 4 : 3;
  for (let f = 0; f < count; f++) {
    let n = 0;
    let scale = 1;
    for (;;) {
      if (at >= signed.length || scale > 2 ** 49) return null;
      const byte = signed[at++];
      n += (byte & 0x7f) * scale;
      scale *= 128;
      if (!(byte & 0x80)) break;
    }
    fields.push(n);
  }
  if (at !== signed.length) return null;
  const [keyId, forum, registration, version] = count === 4 ? fields : [0, ...fields];
  return { keyId, forum, registration, version, signed, signature };
}

function fromBase64Url(text) {
  const b64 = text.replace(/-/g, '+').replace(/_/g, '/');
  return Uint8Array.from(atob(b64 + '='.repeat((4 - (b64.length % 4)) % 4)), (c) => c.charCodeAt(0));
}

/// Whether this browser's WebCrypto verifies Ed25519 (the key tried is the curve's base point).
export async function webCryptoEd25519() {
  const point = new Uint8Array(32).fill(0x66);
  point[0] = 0x58;
  return crypto.subtle.importKey('raw', point, { name: 'Ed25519' }, false, ['verify']).then(() => true, () => false);
}

export class Door {
  /// `decoder`: the addresses of the decoder's module and wasm, for the fallback verifier.
  constructor(listId, texts, decoder = {}) {
    this.listId = listId;
    this.texts = texts;
    this.decoder = decoder;
    /// Imported public keys by key id: `{ text, key }`.
    this.publicKeys = new Map();
    this.roster = null; // the server's answer, merged
    this.tickets = new Map(); // registration → [id, version, status, group, name, organisation]
    this.admitted = new Map(); // registration → [at (ms), mine]
    this.queue = new Map(); // nonce → { code, nonce, scanned_at, registration }
    this.syncedAt = 0;
    this.fullAt = 0;
    this.online = navigator.onLine;
    this.backoff = 0;
    this.listeners = [];
  }

  onChange(listener) {
    this.listeners.push(listener);
  }

  changed() {
    for (const listener of this.listeners) listener(this);
  }

  /// `askPin(mode, message)` asks the steward (`'choose'` a new PIN or `'enter'` the one chosen)
  /// and resolves to what they typed. `false` when the door cannot keep a copy on this phone.
  async start(askPin) {
    if (!window.indexedDB || !crypto.subtle) return false;
    let state = await keyState();
    // A copy past its time goes before anything else, network or not.
    if (state.legacy || expiry(state.meta, null)) {
      this.wipedBecause = state.legacy ? null : 'expired';
      await wipe();
      state = await keyState();
    }
    if (state.wrapped) {
      let message = '';
      for (;;) {
        this.locked = true;
        this.changed();
        const key = await unwrap(await askPin('enter', message));
        if (key) {
          this.key = key;
          await saveMeta({ tries: 0 });
          break;
        }
        const tries = (state.meta.tries || 0) + 1;
        state.meta.tries = tries;
        if (tries >= PIN_TRIES) {
          await wipe();
          this.wipedBecause = 'pin';
          this.locked = false;
          this.changed();
          return false;
        }
        await saveMeta({ tries });
        message = (this.texts.pin_wrong || '').replace('{left}', String(PIN_TRIES - tries));
      }
    } else {
      this.locked = true;
      this.changed();
      this.key = await newKey(await askPin('choose', ''));
    }
    this.locked = false;
    this.meta = (await keyState()).meta;
    this.db = await openDb(DATA_DB, ['lists', 'queue']);
    const stored = await tx(this.db, 'lists', 'readonly', (s) => request(s.get(this.listId)));
    if (stored) {
      try {
        this.load(await open(this.key, stored));
      } catch (_) {
        // A copy this key cannot read (the key was wiped): fetched again below.
      }
    }
    const queued = await tx(this.db, 'queue', 'readonly', (s) => request(s.getAll()));
    for (const item of queued) {
      if (item.list !== this.listId) continue;
      try {
        const scan = await open(this.key, item.sealed);
        this.queue.set(scan.nonce, scan);
        // Admitted here and not yet sent: still "already checked in" on this phone.
        if (!this.admitted.has(scan.registration)) this.admitted.set(scan.registration, [scan.scanned_at, true]);
      } catch (_) {}
    }
    this.changed();
    this.loop();
    window.addEventListener('online', () => this.kick());
    window.addEventListener('offline', () => {
      this.online = false;
      this.changed();
    });
    return true;
  }

  /// Wipes the copy when its time is up (checked before every offline decision and sync).
  async expireIfDue() {
    if (!this.meta || !expiry(this.meta, this.clock)) {
      if (this.meta) {
        this.meta.lastSeen = clockNow(this.meta, this.clock);
        saveMeta({ lastSeen: this.meta.lastSeen }).catch(() => {});
      }
      return false;
    }
    if (this.db) this.db.close();
    this.db = null;
    await wipe();
    this.reset();
    this.wipedBecause = 'expired';
    this.changed();
    return true;
  }

  reset() {
    this.roster = null;
    this.tickets.clear();
    this.admitted.clear();
    this.queue.clear();
    this.syncedAt = 0;
  }

  load(saved) {
    this.roster = saved.roster;
    this.publicKeys = new Map();
    this.tickets = new Map(saved.tickets.map((t) => [t[0], t]));
    this.admitted = new Map(saved.admitted);
    this.syncedAt = saved.syncedAt || 0;
  }

  async save() {
    if (!this.roster || !this.db) return;
    const sealed = await seal(this.key, {
      roster: { ...this.roster, tickets: [], admissions: [] },
      tickets: [...this.tickets.values()],
      admitted: [...this.admitted.entries()],
      syncedAt: this.syncedAt,
    });
    await tx(this.db, 'lists', 'readwrite', (s) => request(s.put(sealed, this.listId)));
  }

  /// Saves the list a moment later (several admissions in a row are written once).
  saveSoon() {
    clearTimeout(this.saving);
    this.saving = setTimeout(() => this.save().catch(() => {}), 2000);
  }

  kick() {
    clearTimeout(this.timer);
    this.loop();
  }

  async loop() {
    try {
      if (await this.expireIfDue()) return;
      await this.sync();
      await this.flush();
      this.backoff = 0;
    } catch (error) {
      if (error && error.wiped) return;
      this.online = false;
      this.backoff = Math.min(60000, this.backoff ? this.backoff * 2 : 2000);
      this.changed();
    }
    this.timer = setTimeout(() => this.loop(), this.backoff || SYNC_EVERY_MS);
  }

  async fetchJson(url, options = {}, timeoutMs = 8000) {
    const controller = new AbortController();
    const timer = setTimeout(() => controller.abort(), timeoutMs);
    try {
      const response = await fetch(url, {
        credentials: 'same-origin',
        headers: { Accept: 'application/json', 'Content-Type': 'application/json' },
        ...options,
        signal: controller.signal,
      });
      if (response.status === 401 || response.status === 403) {
        // Signed out, revoked or no longer allowed here: nothing stays on the phone.
        if (this.db) this.db.close();
        this.db = null;
        await wipe();
        this.reset();
        this.changed();
        throw Object.assign(new Error('not allowed'), { wiped: true });
      }
      if (!response.ok) throw new Error('status ' + response.status);
      return await response.json();
    } finally {
      clearTimeout(timer);
    }
  }

  async sync() {
    const full = !this.roster || Date.now() - this.fullAt > FULL_SYNC_EVERY_MS;
    let url = '/api/v1/checkin/roster?list_id=' + encodeURIComponent(this.listId);
    if (!full) url += '&since=' + this.roster.cursor;
    const answer = await this.fetchJson(url);
    if (answer.full) {
      this.tickets.clear();
      // Admissions of this phone not yet on the server stay until the server has them.
      const pending = new Set([...this.queue.values()].map((q) => q.registration));
      for (const [registration, admission] of [...this.admitted.entries()]) {
        if (!pending.has(registration)) this.admitted.delete(registration);
      }
      this.fullAt = Date.now();
    }
    for (const t of answer.tickets) this.tickets.set(t[0], t);
    for (const [registration, at, mine] of answer.admissions) {
      if (!this.admitted.has(registration)) this.admitted.set(registration, [at, mine]);
    }
    this.roster = answer;
    this.online = true;
    this.syncedAt = Date.now();
    // The server's clock at this sync, and the forum's own end of the copy.
    this.clock = { serverAt: answer.cursor * 1000, perf: performance.now() };
    const staleMs = (answer.stale_after_hours || 24) * 60 * 60 * 1000;
    this.meta = { ...this.meta, serverAt: answer.cursor * 1000, wipeAfter: Date.parse(answer.wipe_after), staleMs, lastSeen: clockNow(this.meta || {}, this.clock) };
    await saveMeta({ serverAt: this.meta.serverAt, wipeAfter: this.meta.wipeAfter, staleMs, lastSeen: this.meta.lastSeen });
    // Keys are imported when a code first names them; a key that left the roster is forgotten.
    for (const [id, text] of this.publicKeys) {
      if (this.keyText(id) !== text.text) this.publicKeys.delete(id);
    }
    await this.save();
    this.changed();
  }

  async flush() {
    while (this.queue.size) {
      const scans = [...this.queue.values()].slice(0, BATCH);
      const answer = await this.fetchJson('/api/v1/checkin/offline', {
        method: 'POST',
        body: JSON.stringify({
          list_id: this.listId,
          scans: scans.map(({ code, nonce, scanned_at }) => ({ code, nonce, scanned_at })),
        }),
      });
      const done = new Set(answer.results.map((r) => r.nonce));
      await tx(this.db, 'queue', 'readwrite', (s) => {
        for (const nonce of done) s.delete(nonce);
      });
      for (const nonce of done) this.queue.delete(nonce);
      this.changed();
    }
  }

  /// Where the roster is on this phone and it names the keys that verify codes, it can decide.
  ready() {
    const r = this.roster;
    return Boolean(this.key && this.db && r && (r.public_key || (r.public_keys && Object.keys(r.public_keys).length)));
  }

  /// The public key (base64url) of key `id` as the roster lists it; rosters from before key
  /// rotation list only the one key, which is key 0.
  keyText(id) {
    const r = this.roster;
    if (!r) return undefined;
    if (r.public_keys) return r.public_keys[String(id)];
    return id === 0 ? r.public_key : undefined;
  }

  /// Whether `parsed` is signed by the key its id names (false for a key the roster does not
  /// list: unknown, or past its end), or null when this browser cannot tell.
  async verify(parsed, code) {
    const text = this.keyText(parsed.keyId);
    if (text === undefined) return false;
    let held = this.publicKeys.get(parsed.keyId);
    if ((!held || held.text !== text) && !this.noWebCrypto) {
      const key = await crypto.subtle
        .importKey('raw', fromBase64Url(text), { name: 'Ed25519' }, false, ['verify'])
        .catch(() => null);
      this.noWebCrypto = !key;
      held = key ? { text, key } : null;
      if (held) this.publicKeys.set(parsed.keyId, held);
    }
    if (held && held.text === text) {
      return crypto.subtle.verify({ name: 'Ed25519' }, held.key, parsed.signature, parsed.signed);
    }
    const verifier = await this.wasmVerifier();
    if (!verifier) return null;
    const claims = verifier(fromBase64Url(text), code);
    return claims.length === 3 && claims[0] === parsed.forum && claims[1] === parsed.registration && claims[2] === parsed.version;
  }

  /// The decoder wasm's `verify_ticket`, loaded once (`null` when it cannot be).
  async wasmVerifier() {
    if (this.verifier !== undefined) return this.verifier;
    try {
      const module = await import(this.decoder.js);
      await module.default({ module_or_path: this.decoder.wasm });
      this.verifier = (key, code) => Array.from(module.verify_ticket(key, code));
    } catch (_) {
      this.verifier = null;
    }
    return this.verifier;
  }

  refuse(verdict, reasonKey, ticket) {
    return {
      verdict,
      reason: this.texts['reason.' + reasonKey] || '',
      name: ticket ? ticket[4] : null,
      organisation: ticket ? ticket[5] : null,
      group: ticket ? this.groupName(ticket[3]) : null,
      offline: true,
    };
  }

  groupName(id) {
    return (this.roster && this.roster.group_names[String(id)]) || '';
  }

  /// The verdict for `code`, decided here; an admission joins the queue.
  async decide(code, nonce) {
    if (await this.expireIfDue()) return null;
    const r = this.roster;
    const parsed = parseCode(code);
    if (!parsed) return this.refuse('invalid', 'unreadable');
    const valid = await this.verify(parsed, code);
    if (valid === null) return null; // this browser cannot verify: no offline verdict
    if (!valid) return this.refuse('invalid', 'forged');
    if (parsed.forum !== r.forum) return this.refuse('not_on_list', 'other_forum');
    const ticket = this.tickets.get(parsed.registration);
    if (!ticket) return this.refuse('invalid', 'unknown');
    if (ticket[1] !== parsed.version) return this.refuse('invalid', 'reissued', ticket);
    if (ticket[2] === 'x') return this.refuse('cancelled', 'cancelled', ticket);
    if (ticket[2] === 'r') return this.refuse('cancelled', 'rejected', ticket);
    if (ticket[2] !== 'c') return this.refuse('not_on_list', 'no_seat', ticket);
    if (r.cancelled) return this.refuse('not_on_list', 'session_cancelled', ticket);
    if (r.groups.length && !r.groups.includes(ticket[3])) return this.refuse('not_on_list', 'group', ticket);
    const earlier = this.admitted.get(parsed.registration);
    if (earlier) {
      return {
        ...this.refuse('already_checked_in', 'already', ticket),
        reason: new Date(earlier[0]).toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' }),
      };
    }
    const scan = { code, nonce, scanned_at: Date.now(), registration: parsed.registration };
    this.admitted.set(parsed.registration, [scan.scanned_at, true]);
    this.queue.set(nonce, scan);
    const sealed = await seal(this.key, scan);
    await tx(this.db, 'queue', 'readwrite', (s) => request(s.put({ list: this.listId, sealed }, nonce)));
    this.changed();
    return { verdict: 'admitted', reason: '', name: ticket[4], organisation: ticket[5], group: this.groupName(ticket[3]), offline: true };
  }

  /// The server admitted `code` online: the phone knows it too, for when the network goes.
  noteAdmitted(code) {
    const parsed = parseCode(code);
    if (parsed && !this.admitted.has(parsed.registration)) {
      this.admitted.set(parsed.registration, [Date.now(), true]);
      this.saveSoon();
    }
  }
}
