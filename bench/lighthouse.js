// Lighthouse 12.2.3 (mobile form factor, simulated throttling: its defaults) on the public pages
// of the release build with the demo data, in Debian's Chromium. Prints a Markdown table for
// the README and writes every report's figures to bench/results/lighthouse.json.
// Targets: performance >= 0.95 and accessibility 1.0 on home, forum, agenda and registration.
const fs = require('fs');
const path = require('path');
const { withServer } = require('./common');

const PAGES = {
  home: '/',
  forum: '/forums/regional-forum',
  agenda: '/forums/regional-forum/agenda',
  registration: '/forums/regional-forum/register',
};
const FLAGS = [
  '--headless=new', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync',
];

async function main() {
  const { default: lighthouse } = await import('lighthouse');
  const chromeLauncher = await import('chrome-launcher');
  const rows = [];
  await withServer('', 3141, async ({ base }) => {
    const chrome = await chromeLauncher.launch({
      chromePath: process.env.CHROME_PATH || '/usr/bin/chromium',
      chromeFlags: FLAGS,
    });
    try {
      for (const [name, address] of Object.entries(PAGES)) {
        const result = await lighthouse(`${base}${address}`, {
          port: chrome.port,
          output: 'json',
          logLevel: 'error',
          onlyCategories: ['performance', 'accessibility'],
        });
        const { categories, audits } = result.lhr;
        rows.push({
          page: name,
          performance: categories.performance.score,
          accessibility: categories.accessibility.score,
          fcp_ms: Math.round(audits['first-contentful-paint'].numericValue),
          lcp_ms: Math.round(audits['largest-contentful-paint'].numericValue),
          tbt_ms: Math.round(audits['total-blocking-time'].numericValue),
          cls: Number(audits['cumulative-layout-shift'].numericValue.toFixed(3)),
          total_bytes: audits['total-byte-weight'].numericValue,
          failing_accessibility: Object.values(audits)
            .filter((a) => a.score === 0 && result.lhr.categories.accessibility.auditRefs.some((r) => r.id === a.id))
            .map((a) => `${a.id} (${((a.details && a.details.items) || []).map((i) => i.node && i.node.selector).filter(Boolean).join('; ')})`),
        });
      }
    } finally {
      await chrome.kill();
    }
  });
  fs.mkdirSync(path.join(__dirname, 'results'), { recursive: true });
  fs.writeFileSync(path.join(__dirname, 'results', 'lighthouse.json'), JSON.stringify(rows, null, 2));
  console.log('| page | performance | accessibility | FCP ms | LCP ms | TBT ms | CLS | total bytes |');
  console.log('|---|---|---|---|---|---|---|---|');
  for (const r of rows) {
    console.log(`| ${r.page} | ${r.performance} | ${r.accessibility} | ${r.fcp_ms} | ${r.lcp_ms} | ${r.tbt_ms} | ${r.cls} | ${r.total_bytes} |`);
    if (r.failing_accessibility.length) console.log(`  accessibility audits failing on ${r.page}: ${r.failing_accessibility.join(', ')}`);
  }
  const missed = rows.filter((r) => r.performance < 0.95 || r.accessibility < 1);
  if (missed.length) {
    console.error(`below target (performance >= 0.95, accessibility 1.0): ${missed.map((r) => r.page).join(', ')}`);
    process.exitCode = 1;
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
