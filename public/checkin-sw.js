// The scanner's service worker (scope /checkin, allowed by its Service-Worker-Allowed header): once a steward has opened a list online, its
// page, script, styles and decoder load with no network at all. Pages are asked of the network
// first (a short wait, then the copy kept here); content-named assets come from the copy. API
// calls are never answered from here: the scanner's own code decides what to do offline.

const CACHE = 'agora-checkin-v1';
const PAGE_WAIT_MS = 3000;

self.addEventListener('install', () => self.skipWaiting());

self.addEventListener('activate', (event) => {
  event.waitUntil(
    (async () => {
      for (const name of await caches.keys()) {
        if (name !== CACHE) await caches.delete(name);
      }
      await self.clients.claim();
    })(),
  );
});

// The scanner page names what it needs (its own address and every asset it loads) so the first
// visit, which the worker did not see, is kept too.
self.addEventListener('message', (event) => {
  const message = event.data || {};
  if (message.type !== 'keep' || !Array.isArray(message.urls)) return;
  event.waitUntil(
    (async () => {
      const cache = await caches.open(CACHE);
      for (const url of message.urls) {
        if (new URL(url, self.location.origin).origin !== self.location.origin) continue;
        try {
          const response = await fetch(url, { credentials: 'same-origin', cache: 'no-cache' });
          if (response.ok && !response.redirected) await cache.put(url, response);
        } catch (_) {
          // Offline already: what is kept stays.
        }
      }
      // The page learns that everything it named is kept (or was already).
      if (event.source) event.source.postMessage({ type: 'kept', count: (await cache.keys()).length });
    })(),
  );
});

function isAsset(url) {
  return url.pathname.startsWith('/pkg/') || /\.(js|css|wasm|svg|webmanifest)$/.test(url.pathname);
}

// Only the pages themselves are kept, never a search (its address names who was looked for and
// its page lists them); offline, a search falls back to the list's page.
async function page(request) {
  const cache = await caches.open(CACHE);
  const plain = new URL(request.url).search === '';
  const network = fetch(request).then(async (response) => {
    if (plain && response.ok && !response.redirected) await cache.put(request.url, response.clone());
    return response;
  });
  const timeout = new Promise((resolve) => setTimeout(() => resolve(null), PAGE_WAIT_MS));
  try {
    const first = await Promise.race([network, timeout]);
    if (first) return first;
  } catch (_) {
    // No network: the copy below.
  }
  const kept = await cache.match(request.url, { ignoreSearch: true });
  if (kept) return kept;
  return network.catch(
    () => new Response('Offline', { status: 503, headers: { 'Content-Type': 'text/plain; charset=utf-8' } }),
  );
}

async function asset(request) {
  const cache = await caches.open(CACHE);
  const kept = await cache.match(request.url);
  if (kept) return kept;
  const response = await fetch(request);
  if (response.ok) await cache.put(request.url, response.clone());
  return response;
}

self.addEventListener('fetch', (event) => {
  const request = event.request;
  if (request.method !== 'GET') return;
  const url = new URL(request.url);
  if (url.origin !== self.location.origin || url.pathname.startsWith('/api/')) return;
  if (request.mode === 'navigate') {
    if (url.pathname === '/checkin' || url.pathname.startsWith('/checkin/')) event.respondWith(page(request));
    return;
  }
  if (isAsset(url)) event.respondWith(asset(request));
});
