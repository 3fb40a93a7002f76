// The camera scanner of /checkin/{forum}/{list}. The page itself works without this script
// (manual check-in); this adds the rear camera, continuous QR decoding (the browser's
// BarcodeDetector where it has one, otherwise the Rust decoder of frontend/decoder in a worker),
// codes from a handheld scanner or typed by hand, the full-screen verdict with a sound and a
// vibration, and the call to POST /api/v1/checkin. When the server does not answer in time the
// phone decides itself from the list it keeps (door.js) and sends those scans later; a service
// worker keeps the page itself for when the network is gone.

const root = document.getElementById('scanner');
const video = document.getElementById('scanner-video');
const status = document.getElementById('scanner-status');
const startButton = document.getElementById('scanner-start');
const verdictBox = document.getElementById('verdict');
const texts = JSON.parse(root.dataset.texts || '{}');
const listId = root.dataset.listId;
const codeForm = document.getElementById('code-form');
const codeInput = document.getElementById('code-input');
const doorStatus = document.getElementById('door-status');
const ONLINE_WAIT_MS = 1500; // longer than this and the phone decides itself

const ATTEMPT_EVERY_MS = 90; // at least 10 decode attempts a second when decoding is quick
const MAX_DECODE_WIDTH = 640; // frames are scaled down to this before decoding
const SAME_CODE_QUIET_MS = 4000; // the ticket still in view is not scanned again at once
const SHOW_MS = { admitted: 1600, already_checked_in: 2600, refused: 3000 };

let decode = null; // (video) => Promise<string|null>
let paused = false;
let lastCode = null;
let lastCodeAt = 0;
let audio = null;
let attempts = 0;
let door = null; // the offline door, once its list is on this phone
let shown = 0; // which verdict is on screen: a newer one replaces it, and its timer then does nothing
const typed = []; // codes from the code field (a handheld scanner ends each with Enter), in order
let deciding = false; // the typed codes are being decided, one after another
let wipedBecause = null; // 'expired' or 'pin' once the door deleted this phone's copy

function say(text) {
  status.textContent = text;
}

function newNonce() {
  if (crypto.randomUUID) return crypto.randomUUID();
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
}

async function browserDetector() {
  if (!('BarcodeDetector' in window)) return null;
  try {
    const formats = await window.BarcodeDetector.getSupportedFormats();
    if (!formats.includes('qr_code')) return null;
    const detector = new window.BarcodeDetector({ formats: ['qr_code'] });
    return async (source) => {
      const codes = await detector.detect(source);
      return codes.length ? codes[0].rawValue : null;
    };
  } catch (_) {
    return null;
  }
}

// Without BarcodeDetector: the Rust decoder, a small wasm of its own, in a Web Worker, so the
// preview stays smooth while a frame is decoded. Only this page loads it, and only then.
const DECODE_TIMEOUT_MS = 2000;

async function workerDecoder() {
  const worker = new Worker(root.dataset.decoderWorker, { type: 'module' });
  let answer = null; // resolves the frame in flight (one at a time: the loop waits for it)
  const ready = new Promise((resolve, reject) => {
    worker.onmessage = (event) => {
      const message = event.data;
      if (message.type === 'ready') resolve();
      else if (message.type === 'failed') reject(new Error(message.reason));
      else if (message.type === 'result' && answer) answer(message.text ?? null);
    };
    worker.onerror = (event) => reject(new Error(event.message || 'decoder worker failed'));
  });
  worker.postMessage({ type: 'init', js: root.dataset.decoderJs, wasm: root.dataset.decoderWasm });
  await ready;
  const canvas = document.createElement('canvas');
  const context = canvas.getContext('2d', { willReadFrequently: true });
  return (source) => {
    const scale = Math.min(1, MAX_DECODE_WIDTH / source.videoWidth);
    const width = Math.round(source.videoWidth * scale);
    const height = Math.round(source.videoHeight * scale);
    if (!width || !height) return Promise.resolve(null);
    canvas.width = width;
    canvas.height = height;
    context.drawImage(source, 0, 0, width, height);
    const frame = context.getImageData(0, 0, width, height);
    return new Promise((resolve) => {
      const timer = setTimeout(() => done(null), DECODE_TIMEOUT_MS);
      function done(text) {
        clearTimeout(timer);
        answer = null;
        resolve(text);
      }
      answer = done;
      // The pixels move to the worker instead of being copied.
      worker.postMessage({ type: 'frame', width, height, pixels: frame.data.buffer }, [frame.data.buffer]);
    });
  };
}

function tone(kind) {
  if (!audio) return;
  const pattern = {
    admitted: [[880, 0.15]],
    already_checked_in: [[520, 0.12], [520, 0.12]],
    refused: [[220, 0.45]],
  }[kind];
  let at = audio.currentTime;
  for (const [frequency, length] of pattern) {
    const oscillator = audio.createOscillator();
    const gain = audio.createGain();
    oscillator.frequency.value = frequency;
    gain.gain.value = 0.2;
    oscillator.connect(gain).connect(audio.destination);
    oscillator.start(at);
    oscillator.stop(at + length);
    at += length + 0.08;
  }
}

function feedback(kind) {
  tone(kind);
  if (navigator.vibrate) {
    navigator.vibrate({ admitted: [120], already_checked_in: [80, 80, 80], refused: [450] }[kind]);
  }
}

function show(result) {
  const kind = result.verdict === 'admitted' || result.verdict === 'already_checked_in' ? result.verdict : 'refused';
  verdictBox.className = 'verdict verdict-fullscreen verdict-' + (kind === 'already_checked_in' ? 'already' : kind);
  verdictBox.dataset.verdict = result.verdict;
  verdictBox.querySelector('.verdict-title').textContent = texts[result.verdict] || result.verdict;
  verdictBox.querySelector('.verdict-name').textContent = result.name || '';
  verdictBox.querySelector('.verdict-detail').textContent = [result.organisation, result.group, result.reason]
    .filter((s) => s)
    .join(' · ');
  verdictBox.querySelector('.verdict-offline').hidden = !result.offline;
  verdictBox.hidden = false;
  feedback(kind);
  return SHOW_MS[kind];
}

function showError(message) {
  verdictBox.className = 'verdict verdict-fullscreen verdict-refused';
  verdictBox.dataset.verdict = 'error';
  verdictBox.querySelector('.verdict-title').textContent = message;
  verdictBox.querySelector('.verdict-name').textContent = '';
  verdictBox.querySelector('.verdict-detail').textContent = '';
  verdictBox.querySelector('.verdict-offline').hidden = true;
  verdictBox.hidden = false;
  feedback('refused');
  return SHOW_MS.refused;
}

function resume() {
  verdictBox.hidden = true;
  paused = false;
  say(texts.scan_next || '');
  if (codeInput && document.activeElement !== codeInput && !decode) codeInput.focus();
}

// The server's verdict, or `null` when it does not answer within ONLINE_WAIT_MS.
async function askServer(code, nonce) {
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), ONLINE_WAIT_MS);
  try {
    const response = await fetch('/api/v1/checkin', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Accept: 'application/json' },
      credentials: 'same-origin',
      body: JSON.stringify({ code, list_id: listId, nonce }),
      signal: controller.signal,
    });
    const body = await response.json().catch(() => ({}));
    return { ok: response.ok, body, status: response.statusText };
  } catch (_) {
    return null;
  } finally {
    clearTimeout(timer);
  }
}

// One scan. The server decides while it answers quickly; otherwise this phone decides from its
// list, with the same nonce, so a scan the server did see is never counted twice.
async function submit(code) {
  paused = true;
  const mine = ++shown;
  const nonce = newNonce();
  let wait = 0;
  const answer = navigator.onLine || !door ? await askServer(code, nonce) : null;
  if (answer) {
    wait = answer.ok ? show(answer.body) : showError(answer.body.error || answer.status);
    if (answer.ok && answer.body.verdict === 'admitted' && door) door.noteAdmitted(code);
    if (door) door.online = true;
  } else {
    const local = door && door.ready() ? await door.decide(code, nonce).catch(() => null) : null;
    wait = local ? show(local) : showError(texts.network);
    if (door) {
      door.online = false;
      door.changed();
    }
  }
  showDoor();
  root.dataset.verdicts = String(Number(root.dataset.verdicts || 0) + 1);
  lastCode = code;
  setTimeout(() => {
    if (mine !== shown) return; // a newer verdict is on screen now
    lastCodeAt = Date.now();
    resume();
  }, wait);
}

// A queue at the door with a handheld scanner: a code that arrives while a verdict shows is not
// dropped. Each is decided as soon as the one before it has been (its verdict replaces the one
// on screen, with its own sound), in the order they came.
async function decideTyped() {
  if (deciding) return;
  deciding = true;
  try {
    while (typed.length) {
      const code = typed.shift();
      root.dataset.queued = String(typed.length);
      await submit(code);
    }
  } finally {
    deciding = false;
    root.dataset.queued = '0';
  }
}

async function loop() {
  const started = performance.now();
  if (!paused && decode && video.readyState >= 2) {
    attempts++;
    root.dataset.decodeAttempts = String(attempts);
    try {
      const code = await decode(video);
      const quiet = code === lastCode && Date.now() - lastCodeAt < SAME_CODE_QUIET_MS;
      if (code && !quiet && !paused && !deciding) await submit(code);
    } catch (_) {
      // A frame that cannot be read is skipped.
    }
  }
  const elapsed = performance.now() - started;
  setTimeout(loop, Math.max(0, ATTEMPT_EVERY_MS - elapsed));
}

async function start() {
  startButton.disabled = true;
  say(texts.camera_starting);
  try {
    audio = audio || new (window.AudioContext || window.webkitAudioContext)();
  } catch (_) {
    audio = null;
  }
  let stream;
  try {
    stream = await navigator.mediaDevices.getUserMedia({
      video: { facingMode: { ideal: 'environment' }, width: { ideal: 1280 }, height: { ideal: 720 } },
      audio: false,
    });
  } catch (error) {
    say(error && error.name === 'NotAllowedError' ? texts.camera_denied : texts.camera_missing);
    startButton.disabled = false;
    return;
  }
  video.srcObject = stream;
  await video.play().catch(() => {});
  decode = await browserDetector();
  root.dataset.decoder = 'browser';
  if (!decode) {
    decode = await workerDecoder().catch(() => null);
    root.dataset.decoder = 'wasm';
  }
  if (!decode) {
    say(texts.decoder);
    return;
  }
  startButton.hidden = true;
  say(texts.camera_ready);
  loop();
}

// The PIN that guards this phone's copy of the list: chosen when the door first keeps it, asked
// after every restart before the copy is shown or used. Resolves to what the steward typed.
function askPin(mode, message) {
  const form = document.getElementById('door-pin');
  const input = document.getElementById('door-pin-input');
  const lead = document.getElementById('door-pin-lead');
  const error = document.getElementById('door-pin-error');
  if (!form || !input) return new Promise(() => {});
  lead.textContent = mode === 'choose' ? texts.pin_choose : texts.pin_enter;
  const fail = (text) => {
    error.textContent = text || '';
    input.setAttribute('aria-invalid', text ? 'true' : 'false');
  };
  fail(message);
  input.value = '';
  form.hidden = false;
  root.dataset.pin = mode;
  showDoor();
  input.focus();
  return new Promise((resolve) => {
    form.onsubmit = (event) => {
      event.preventDefault();
      const pin = input.value.trim();
      if (!/^[0-9]{4,8}$/.test(pin)) {
        fail(texts.pin_short);
        return;
      }
      form.onsubmit = null;
      form.hidden = true;
      input.value = '';
      root.dataset.pin = '';
      resolve(pin);
    };
  });
}

function showDoor() {
  if (!doorStatus) return;
  const parts = [];
  if (door && door.locked) {
    parts.push(texts.locked);
  } else if (!door && wipedBecause) {
    parts.push(wipedBecause === 'pin' ? texts.pin_wiped : texts.expired);
  } else if (!door || !door.roster) {
    parts.push(texts.never);
  } else {
    parts.push(door.online && navigator.onLine ? texts.online : texts.offline);
    if (door.queue.size) parts.push((texts.waiting || '').replace('{count}', String(door.queue.size)));
    const time = new Date(door.syncedAt).toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' });
    parts.push((texts.updated || '').replace('{time}', time));
  }
  doorStatus.textContent = parts.join(' · ');
  doorStatus.dataset.state = door && door.locked ? 'locked' : door && door.roster ? (door.online && navigator.onLine ? 'online' : 'offline') : 'empty';
  doorStatus.dataset.wiped = wipedBecause || '';
  doorStatus.dataset.waiting = String(door ? door.queue.size : 0);
}

async function startDoor() {
  try {
    const module = await import(root.dataset.door);
    // Signing out leaves nothing of the list on this phone.
    document.addEventListener('submit', (event) => {
      const action = event.target && event.target.getAttribute('action');
      if (action && action.includes('/api/logout')) module.wipe();
    }, true);
    const candidate = new module.Door(listId, texts, { js: root.dataset.decoderJs, wasm: root.dataset.decoderWasm });
    candidate.onChange(() => {
      if (candidate.wipedBecause) wipedBecause = candidate.wipedBecause;
      showDoor();
    });
    door = candidate;
    if (!(await candidate.start(askPin))) door = null;
    if (candidate.wipedBecause) wipedBecause = candidate.wipedBecause;
  } catch (_) {
    door = null;
  }
  showDoor();
}

// The service worker keeps this page and everything it loads, for when the network is gone.
async function keepOffline() {
  if (!('serviceWorker' in navigator)) return;
  try {
    await navigator.serviceWorker.register('/checkin/sw.js', { scope: '/checkin' });
    const registration = await navigator.serviceWorker.ready;
    const urls = [location.pathname, root.dataset.door];
    // The decoder only where the browser has no BarcodeDetector of its own or no Ed25519 in
    // WebCrypto (the decoder's wasm verifies tickets then); it is not fetched otherwise.
    const doorModule = await import(root.dataset.door);
    if (!('BarcodeDetector' in window) || !(await doorModule.webCryptoEd25519())) {
      urls.push(root.dataset.decoderWorker, root.dataset.decoderJs, root.dataset.decoderWasm);
    }
    for (const element of document.querySelectorAll('link[rel="stylesheet"], link[rel="manifest"], script[src], link[rel="icon"]')) {
      urls.push(element.getAttribute('href') || element.getAttribute('src'));
    }
    navigator.serviceWorker.addEventListener('message', (event) => {
      if (event.data && event.data.type === 'kept') root.dataset.kept = String(event.data.count);
    });
    registration.active.postMessage({ type: 'keep', urls: urls.filter(Boolean) });
  } catch (_) {
    // Without a service worker the page still scans; it only needs the network to load.
  }
}

if (codeForm) {
  codeForm.addEventListener('submit', (event) => {
    event.preventDefault();
    const code = codeInput.value.trim();
    codeInput.value = '';
    if (code) {
      typed.push(code);
      decideTyped();
    }
  });
}
// The code field is handled here from now on (a code typed before goes as a plain form post).
root.dataset.ready = 'true';
window.addEventListener('online', showDoor);
window.addEventListener('offline', showDoor);
startDoor();
keepOffline();

verdictBox.addEventListener('click', resume);
startButton.addEventListener('click', start);
// The sound may only start after a gesture: the first tap anywhere wakes it.
document.addEventListener('pointerdown', () => {
  if (audio && audio.state === 'suspended') audio.resume().catch(() => {});
});
if (!navigator.mediaDevices || !navigator.mediaDevices.getUserMedia) {
  say(texts.camera_missing);
  startButton.disabled = true;
} else if (navigator.permissions && navigator.permissions.query) {
  // Where this site may use the camera already, the preview starts by itself.
  navigator.permissions
    .query({ name: 'camera' })
    .then((permission) => {
      if (permission.state === 'granted' && !startButton.disabled) start();
    })
    .catch(() => {});
}
