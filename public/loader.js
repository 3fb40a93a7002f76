// On every page: hydrates the page's islands, and only where the page has any. Most pages are
// plain server-rendered HTML and download nothing more than this file. Sets
// `data-hydrated="true"` on <body> once the page's islands (if any) are live.
const loader = document.getElementById('islands-loader');
// Islands are never nested in Agora, so each one found here is hydrated on its own.
const islands = document.querySelectorAll('leptos-island');

async function hydrateIslands() {
  if (islands.length > 0) {
    const mod = await import(loader.dataset.js);
    await mod.default({ module_or_path: loader.dataset.wasm });
    mod.hydrate();
    for (const island of islands) {
      const hydrate = mod[island.dataset.component];
      if (hydrate) hydrate(island);
      else console.warn(`no island called ${island.dataset.component} in the wasm`);
    }
  }
  document.body.dataset.hydrated = 'true';
}

// A button marked `data-print` prints the page (the ticket); no inline handler, so the
// Content-Security-Policy needs none.
document.addEventListener('click', (event) => {
  if (event.target instanceof Element && event.target.closest('[data-print]')) window.print();
});

hydrateIslands().catch((error) => console.error('islands did not load', error));
