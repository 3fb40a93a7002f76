// Tickets and check-in in real Chromium: the ticket on the participant's page, the camera scanner
// fed a video of that ticket through Chromium's fake camera, manual check-in (also without
// JavaScript), undo, and the live counts.
const { test, expect, chromium } = require('@playwright/test');
const fs = require('fs');
const os = require('os');
const path = require('path');
const helpers = require('./helpers');
const { ready, expectNoAxeViolations, jsEnabled, registerParticipant, watchCsp, ticketText } = helpers;

/// Signs in and waits until the sign-in has landed on the account's home page.
async function signIn(page, testInfo, email) {
  await helpers.signIn(page, testInfo, email);
  await page.waitForURL((url) => !url.pathname.startsWith('/login'));
  await ready(page, testInfo);
}

const SCANNER = 'scanner@agora.example';
const WIDTH = 640;
const HEIGHT = 480;

/// Draws the ticket's QR code (the SVG on the participant's page) into a 640×480 frame and
/// writes a few frames of it as a Y4M video, the format Chromium's fake camera plays in a loop.
async function ticketVideo(page, file) {
  const luma = await page.evaluate(async ({ width, height }) => {
    const svg = document.querySelector('.ticket-qr svg').outerHTML;
    const image = new Image();
    image.src = 'data:image/svg+xml;charset=utf-8,' + encodeURIComponent(svg);
    await image.decode();
    const canvas = document.createElement('canvas');
    canvas.width = width;
    canvas.height = height;
    const context = canvas.getContext('2d');
    context.fillStyle = '#fff';
    context.fillRect(0, 0, width, height);
    const side = 400;
    context.drawImage(image, (width - side) / 2, (height - side) / 2, side, side);
    const rgba = context.getImageData(0, 0, width, height).data;
    const y = new Array(width * height);
    for (let i = 0; i < width * height; i++) {
      y[i] = Math.round(0.299 * rgba[4 * i] + 0.587 * rgba[4 * i + 1] + 0.114 * rgba[4 * i + 2]);
    }
    return y;
  }, { width: WIDTH, height: HEIGHT });
  const chroma = Buffer.alloc((WIDTH / 2) * (HEIGHT / 2), 128);
  const frame = Buffer.concat([Buffer.from('FRAME\n'), Buffer.from(luma), chroma, chroma]);
  const header = Buffer.from(`YUV4MPEG2 W${WIDTH} H${HEIGHT} F10:1 Ip A1:1 C420jpeg\n`);
  fs.writeFileSync(file, Buffer.concat([header, ...Array(5).fill(frame)]));
}

// Twice: where the browser has a BarcodeDetector (headless Chromium on Linux has none, so a
// stand-in answers with the ticket's text once the camera shows frames) the decoder is never
// fetched; where it is missing, the decoder's wasm runs in a worker.
for (const decoderPath of ['browser', 'wasm']) {
test(`the camera scanner admits a ticket once, then says it was already checked in (${decoderPath} decoder)`, async ({ page }, testInfo) => {
  test.skip(!jsEnabled(testInfo), 'the camera needs JavaScript; manual check-in is tested without it');
  test.setTimeout(180_000);
  const email = `door.${decoderPath}.${testInfo.project.name}@example.org`;
  const person = decoderPath === 'wasm' ? 'Arta Krasniqi' : 'Besa Gashi';
  const link = await registerParticipant(page, testInfo, person, email, { organisation: 'Youth Hub Tetovo', country: 'MK', group: 'Academia' });
  await page.goto(link);
  await ready(page, testInfo);
  await expect(page.getByRole('heading', { name: 'Your ticket' })).toBeVisible();
  await expect(page.getByRole('img', { name: 'Ticket QR code' })).toBeVisible();
  await expectNoAxeViolations(page);
  const code = decoderPath === 'browser' ? await ticketText(page) : null;
  if (decoderPath === 'browser') expect(code).toMatch(/^AG1:/);
  const video = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'agora-camera-')), 'ticket.y4m');
  await ticketVideo(page, video);

  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH || '/usr/bin/chromium',
    headless: true,
    args: [
      '--no-sandbox', '--disable-gpu',
      '--use-fake-ui-for-media-stream', '--use-fake-device-for-media-stream',
      `--use-file-for-fake-video-capture=${video}`,
    ],
  });
  try {
    const context = await browser.newContext({ baseURL: testInfo.project.use.baseURL, locale: 'en-GB', viewport: { width: 390, height: 844 } });
    const requested = [];
    context.on('request', (request) => requested.push(new URL(request.url()).pathname));
    const violations = await watchCsp(context);
    await context.addInitScript((ticket) => {
      if (ticket === null) {
        delete window.BarcodeDetector;
        return;
      }
      window.BarcodeDetector = class {
        static async getSupportedFormats() { return ['qr_code']; }
        async detect(source) { return source.videoWidth > 0 ? [{ rawValue: ticket }] : []; }
      };
    }, code);
    const phone = await context.newPage();
    // First as on a phone that has not allowed the camera yet: the scanner waits for a tap.
    await phone.addInitScript(() => {
      const query = navigator.permissions.query.bind(navigator.permissions);
      navigator.permissions.query = (d) => (d && d.name === 'camera' ? Promise.resolve({ state: 'prompt' }) : query(d));
    });
    await signIn(phone, testInfo, SCANNER);
    await expect(phone.getByRole('link', { name: 'Check-in' })).toBeVisible();
    await phone.goto('/checkin/regional-forum');
    await ready(phone, testInfo);
    await phone.getByRole('link', { name: 'Forum entry' }).click();
    await ready(phone, testInfo);
    await expect(phone.getByRole('heading', { level: 1 })).toHaveText('Forum entry');
    await phone.getByRole('button', { name: 'Start camera' }).click();

    const verdict = phone.locator('#verdict');
    await expect(verdict).toHaveAttribute('data-verdict', 'admitted', { timeout: 30_000 });
    await expect(verdict).toContainText('Admitted');
    await expect(verdict).toContainText(person);
    await expect(verdict).toContainText('Youth Hub Tetovo');
    // Decoding keeps going at ten or more attempts a second while the camera runs (measured while
    // the same ticket is ignored for a few seconds after its verdict).
    await expect(verdict).toBeHidden({ timeout: 10_000 });
    const attempts = async () => Number(await phone.locator('#scanner').getAttribute('data-decode-attempts'));
    const [a, t0] = [await attempts(), Date.now()];
    await phone.waitForTimeout(2000);
    const rate = ((await attempts()) - a) * 1000 / (Date.now() - t0);
    console.log(`decode attempts per second: ${rate.toFixed(1)}`);
    expect(rate).toBeGreaterThanOrEqual(10);
    // The ticket stays in front of the camera: after the pause the scanner reads it again.
    await expect(verdict).toHaveAttribute('data-verdict', 'already_checked_in', { timeout: 30_000 });
    await expect(verdict).toContainText('Already checked in');
    await expect(verdict).toContainText('Door Steward');
    await expect(phone.locator('#scanner')).toHaveAttribute('data-decoder', decoderPath);
    const decoderFiles = requested.filter((p) => /\/decoder[-_.]/.test(p));
    if (decoderPath === 'browser') expect(decoderFiles).toEqual([]);
    else expect(decoderFiles.some((p) => p.endsWith('.wasm'))).toBe(true);

    await phone.goto('/checkin/regional-forum/entry/counts');
    await ready(phone, testInfo);
    await expect(phone.locator('.big-count')).toContainText(/[1-9]\d* of \d+ checked in/);
    await expectNoAxeViolations(phone);

    // Once the camera is allowed for the site (the fake media UI allows it), the scanner starts
    // it without a tap.
    const again = await context.newPage();
    await again.goto('/checkin/regional-forum/entry');
    await expect(again.getByRole('button', { name: 'Start camera' })).toBeHidden({ timeout: 15_000 });
    await expect(again.locator('#verdict')).toHaveAttribute('data-verdict', 'already_checked_in', { timeout: 30_000 });
    // Camera, worker, decoder wasm and islands all ran under the Content-Security-Policy.
    expect(violations).toEqual([]);
  } finally {
    await browser.close();
  }
});
}

test('a steward checks a person in by hand, undoes it, and does it again', async ({ page }, testInfo) => {
  const email = `manual.${testInfo.project.name}@example.org`;
  const name = `Manual ${testInfo.project.name === 'no-js' ? 'Nojs' : 'Hydrated'} Person`;
  await registerParticipant(page, testInfo, name, email, { organisation: 'Youth Hub Tetovo', country: 'MK', group: 'Academia' });
  await signIn(page, testInfo, SCANNER);
  await page.goto('/checkin/regional-forum');
  await ready(page, testInfo);
  const day = page.getByRole('link', { name: /^Day 1/ });
  await day.click();
  await ready(page, testInfo);
  await page.getByLabel('Search by name, email or organisation').fill(name);
  await page.getByRole('button', { name: 'Search' }).click();
  await ready(page, testInfo);
  const result = page.locator('.manual-result', { hasText: name });
  await expect(result).toBeVisible();
  // The live counts of the same list, open beside the scanner: they follow by themselves.
  const listPath = new URL(page.url()).pathname;
  const counts = await page.context().newPage();
  await counts.goto(`${listPath}/counts`);
  await ready(counts, testInfo);
  const checkedIn = async () => Number((await counts.locator('.big-count').innerText()).match(/\d+/)[0]);
  const before = await checkedIn();
  await result.getByRole('button', { name: /Check in/ }).click();
  await expect(page.locator('.manual-result', { hasText: name })).toContainText(/Checked in at \d\d:\d\d/);
  if (jsEnabled(testInfo)) {
    await expect.poll(checkedIn, { timeout: 12_000 }).toBe(before + 1);
  } else {
    await counts.reload();
    expect(await checkedIn()).toBe(before + 1);
  }
  await expectNoAxeViolations(counts);
  await counts.close();
  await expect(page.locator('.last-checkin')).toContainText(name);
  await expectNoAxeViolations(page);

  await page.getByRole('button', { name: 'Undo last check-in' }).click();
  await expect(page.locator('.manual-result', { hasText: name }).getByRole('button', { name: /Check in/ })).toBeVisible();
  await page.locator('.manual-result', { hasText: name }).getByRole('button', { name: /Check in/ }).click();
  await expect(page.locator('.manual-result', { hasText: name })).toContainText(/Checked in at/);
});

test('an organiser limits a list to groups and enrols a scanner phone', async ({ page }, testInfo) => {
  await signIn(page, testInfo, 'organiser@agora.example');
  await page.goto('/organiser/forums/regional-forum/checkin');
  await ready(page, testInfo);
  await expect(page.getByRole('heading', { name: 'Check-in settings' })).toBeVisible();
  const label = `Door ${testInfo.project.name}`;
  await page.getByLabel(/Device name/).fill(label);
  await page.getByRole('button', { name: 'Add device' }).click();
  const device = page.locator('.device', { hasText: label });
  await expect(device).toBeVisible();
  await device.locator('summary').click();
  const enrol = await device.getByLabel('Enrolment link').inputValue();
  expect(enrol).toMatch(/\/checkin\/device\/[A-Za-z0-9_-]{40,}$/);
  await expectNoAxeViolations(page);

  const phone = await page.context().browser().newContext({ baseURL: testInfo.project.use.baseURL, javaScriptEnabled: jsEnabled(testInfo) });
  const phonePage = await phone.newPage();
  await phonePage.goto(new URL(enrol).pathname);
  await expect(phonePage.getByRole('heading', { level: 1 })).toHaveText('Choose a check-in list');
  await expect(phonePage.getByRole('link', { name: 'Forum entry' })).toBeVisible();
  await phone.close();
});

test('a handheld scanner’s code is checked on the scanner page, with or without JavaScript', async ({ page, browser }, testInfo) => {
  const js = jsEnabled(testInfo);
  const name = `Handheld ${js ? 'Hydrated' : 'Nojs'} Person`;
  const link = await registerParticipant(page, testInfo, name, `handheld.${testInfo.project.name}@example.org`, { organisation: 'Youth Hub Tetovo', country: 'MK', group: 'Academia' });
  // The code is read from the ticket in a browser that runs scripts (the decoder is wasm).
  const reader = await browser.newContext({ baseURL: testInfo.project.use.baseURL, javaScriptEnabled: true });
  const readerPage = await reader.newPage();
  await readerPage.goto(link);
  const code = await ticketText(readerPage);
  await reader.close();
  expect(code).toMatch(/^AG1:/);

  await signIn(page, testInfo, SCANNER);
  await page.goto('/checkin/regional-forum/entry');
  await ready(page, testInfo);
  // With JavaScript, the scanner's script takes the code field over once it has loaded.
  if (js) await expect(page.locator('[data-ready="true"]')).toHaveCount(1);
  const field = page.getByLabel('Ticket code (handheld scanner or typed)');
  await field.fill(code);
  await field.press('Enter');
  if (js) {
    await expect(page.locator('#verdict')).toHaveAttribute('data-verdict', 'admitted');
    await expect(page.locator('#verdict')).toContainText(name);
    await page.locator('#verdict').click();
  } else {
    await expect(page.locator('.last-checkin')).toContainText(name);
    expect(new URL(page.url()).search).not.toContain('AG1');
  }
  await field.fill(code);
  await field.press('Enter');
  if (js) {
    await expect(page.locator('#verdict')).toHaveAttribute('data-verdict', 'already_checked_in');
  } else {
    await expect(page.getByRole('alert').filter({ hasText: 'Already checked in' })).toContainText(name);
  }
  await expectNoAxeViolations(page);
});

