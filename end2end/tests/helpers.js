const { expect, test } = require('@playwright/test');
const AxeBuilder = require('@axe-core/playwright').default;
const fs = require('fs');
const path = require('path');

const DEMO_PASSWORD = 'agora-demo-2026';

function jsEnabled(testInfo) {
  return testInfo.project.use.javaScriptEnabled !== false;
}

/// Waits until the client has taken over the page (when JavaScript runs at all).
async function ready(page, testInfo) {
  if (jsEnabled(testInfo)) {
    await expect(page.locator('body')).toHaveAttribute('data-hydrated', 'true');
  }
}

/// axe-core runs inside the page, so it only runs where JavaScript does; the markup it checks is
/// the same server-rendered HTML that the no-JavaScript project gets.
async function expectNoAxeViolations(page) {
  if (!jsEnabled(test.info())) return;
  const results = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
  const summary = results.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
  expect(summary).toEqual([]);
}

/// Collects console errors and failed requests so a test can assert there were none.
function watchConsole(page) {
  const problems = [];
  page.on('console', (msg) => { if (msg.type() === 'error') problems.push(msg.text()); });
  page.on('pageerror', (err) => problems.push(err.message));
  return problems;
}

/// Records every Content-Security-Policy violation in pages of `context` (the browser's
/// `securitypolicyviolation` events and its console reports), so a test can assert none.
async function watchCsp(context) {
  const violations = [];
  await context.exposeBinding('__cspViolation', (_source, text) => violations.push(text));
  await context.addInitScript(() => {
    document.addEventListener('securitypolicyviolation', (e) => {
      window.__cspViolation(`${e.violatedDirective} blocked ${e.blockedURI || 'inline'} on ${location.pathname}`);
    });
  });
  context.on('console', (msg) => {
    if (/Content Security Policy/i.test(msg.text())) violations.push(msg.text());
  });
  return violations;
}

async function signIn(page, testInfo, email, password = DEMO_PASSWORD) {
  await page.goto('/login');
  await ready(page, testInfo);
  await page.getByLabel('Email address').fill(email);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
}

/// The manage link of the newest email to `address` in the server's outbox (.eml files).
function manageLinkFor(address) {
  const dir = path.join(process.env.E2E_DATA_DIR, 'outbox');
  if (!fs.existsSync(dir)) return null;
  const files = fs.readdirSync(dir).filter((f) => f.endsWith('.eml')).sort().reverse();
  for (const file of files) {
    const text = fs.readFileSync(path.join(dir, file), 'utf8').replace(/=\r?\n/g, '').replace(/=3D/g, '=');
    if (text.includes(address)) {
      const match = text.match(/\/r\/[A-Za-z0-9_-]+/);
      if (match) return match[0];
    }
  }
  return null;
}

/// Registers `name` <`email`> for the regional forum through the public form (health needs
/// ticked, privacy notice agreed) and returns their manage link from the emailed confirmation.
async function registerParticipant(page, testInfo, name, email, details = {}) {
  const { organisation = 'Civic Initiatives', country = 'RS', group = 'Media', forum = 'regional-forum' } = details;
  await page.goto(`/forums/${forum}/register`);
  await ready(page, testInfo);
  await page.getByLabel('Full name').fill(name);
  await page.getByLabel('Email address').fill(email);
  await page.getByLabel('Organisation').fill(organisation);
  await page.getByLabel('Country', { exact: true }).selectOption(country);
  await page.getByLabel('Stakeholder group').selectOption({ label: group });
  // The regional forum asks which topics interest the participant.
  if (forum === 'regional-forum') await page.getByLabel('Health').check();
  await page.getByLabel(/I have read the privacy notice/).check();
  await page.getByRole('button', { name: 'Register' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Please check your inbox');
  let link = null;
  await expect.poll(() => (link = manageLinkFor(email)), { timeout: 15_000 }).not.toBeNull();
  return link;
}

/// The ticket's text, read from the QR code on the participant's page by the project's own
/// decoder (the wasm the scanner's worker uses), for the BarcodeDetector stand-in below.
async function ticketText(page) {
  const manifest = JSON.parse(fs.readFileSync(path.resolve(__dirname, '..', '..', 'target', 'site', 'pkg', 'manifest.json'), 'utf8'));
  return page.evaluate(async ({ js, wasm }) => {
    const svg = document.querySelector('.ticket-qr svg').outerHTML;
    const image = new Image();
    image.src = 'data:image/svg+xml;charset=utf-8,' + encodeURIComponent(svg);
    await image.decode();
    const canvas = document.createElement('canvas');
    canvas.width = canvas.height = 400;
    const context = canvas.getContext('2d');
    context.fillStyle = '#fff';
    context.fillRect(0, 0, 400, 400);
    context.drawImage(image, 20, 20, 360, 360);
    const decoder = await import(js);
    await decoder.default({ module_or_path: wasm });
    return decoder.decode_qr(400, 400, context.getImageData(0, 0, 400, 400).data);
  }, { js: manifest.decoder_js, wasm: manifest.decoder_wasm });
}

module.exports = { ticketText, watchCsp, manageLinkFor, registerParticipant, DEMO_PASSWORD, jsEnabled, ready, expectNoAxeViolations, watchConsole, signIn };
