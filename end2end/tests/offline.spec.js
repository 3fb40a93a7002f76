// The offline door in real Chromium: a steward opens a list online, the network goes, the
// scanner page loads from its service worker, tickets are admitted by handheld-style input (a
// code and Enter) and by the camera, the same ticket is then "already checked in", and when the
// network returns the server has every scan. Two phones admitting one ticket offline make one
// double entry on the organiser's page; a cancellation synced while online is refused offline.
const { test, expect, chromium } = require('@playwright/test');
const fs = require('fs');
const path = require('path');
const helpers = require('./helpers');
const { ready, expectNoAxeViolations, registerParticipant } = helpers;

const SCANNER = 'scanner@agora.example';
const ORGANISER = 'organiser@agora.example';
const LIST = '/checkin/regional-forum/entry';

/// The ticket's text, from the participant's page behind `link`.
async function ticketCode(page, testInfo, link) {
  await page.goto(link);
  await ready(page, testInfo);
  return helpers.ticketText(page);
}

/// A signed-in scanner phone on the entry list, with the list kept for offline use; `setup` runs
/// on the browser context before any page opens.
async function phoneAtTheDoor(browser, testInfo, setup = async () => {}, list = LIST) {
  const context = await browser.newContext({ baseURL: testInfo.project.use.baseURL, locale: 'en-GB', viewport: { width: 390, height: 844 } });
  await setup(context);
  const page = await context.newPage();
  await helpers.signIn(page, testInfo, SCANNER);
  await page.waitForURL((url) => !url.pathname.startsWith('/login'));
  await page.goto(list);
  await ready(page, testInfo);
  await givePin(page);
  await expect(page.locator('#door-status')).toHaveAttribute('data-state', 'online', { timeout: 15_000 });
  // The service worker has kept the page and everything it loads.
  await expect(page.locator('#scanner')).toHaveAttribute('data-kept', /\d+/, { timeout: 15_000 });
  const kept = await page.evaluate(async () => (await (await caches.open('agora-checkin-v1')).keys()).map((r) => new URL(r.url).pathname));
  expect(kept).toContain(new URL(page.url()).pathname);
  for (const asset of ['door', '.css', 'scanner']) expect(kept.some((p) => p.includes(asset)), asset).toBe(true);
  return { context, page };
}

const PIN = '2468';

/// Gives the door's PIN (chosen the first time, asked after every restart).
async function givePin(page, pin = PIN) {
  const form = page.locator('#door-pin');
  await expect(form).toBeVisible({ timeout: 15_000 });
  await page.getByLabel('PIN for this phone’s list').fill(pin);
  await page.getByRole('button', { name: 'Unlock the list' }).click();
}

async function typeCode(page, code) {
  const field = page.getByLabel('Ticket code (handheld scanner or typed)');
  await field.fill(code);
  await field.press('Enter');
}

async function dismiss(page) {
  const verdict = page.locator('#verdict');
  await verdict.click();
  await expect(verdict).toBeHidden();
}

async function checkedIn(page, slug = 'regional-forum') {
  return page.evaluate(async (slug) => {
    const body = new URLSearchParams({ slug, list: 'entry' });
    const response = await fetch('/api/checkin/counts', { method: 'POST', body, headers: { Accept: 'application/json' } });
    return (await response.json()).total.checked_in;
  }, slug);
}

test.describe('the offline door', () => {
  test.skip(({ javaScriptEnabled }) => javaScriptEnabled === false, 'the offline door is the scanner script; manual check-in is tested without it');
  test.setTimeout(180_000);

  test('a handheld scanner queue of thirty codes, one every 300 ms, online then offline: each decided and stored once', async ({ page }, testInfo) => {
    test.setTimeout(420_000);
    // The forum's team assigns the scanner account to Skopje's door on the forum's privacy page.
    await helpers.signIn(page, testInfo, 'organiser@agora.example');
    await page.waitForURL((url) => !url.pathname.startsWith('/login'));
    await page.goto('/organiser/forums/skopje/privacy');
    await ready(page, testInfo);
    await page.getByLabel('Assign a scanner account').selectOption({ label: 'Door Steward (scanner@agora.example)' });
    await page.getByRole('button', { name: 'Assign', exact: true }).click();
    await expect(page.getByRole('cell', { name: /Door Steward/ })).toBeVisible();
    await expectNoAxeViolations(page);

    const codes = [];
    for (let i = 0; i < 60; i++) {
      const link = await registerParticipant(page, testInfo, `Queue Person ${i}`, `queue.person.${i}@example.org`, { forum: 'skopje', country: 'MK', group: 'Youth' });
      codes.push(await ticketCode(page, testInfo, link));
    }
    const browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH || '/usr/bin/chromium', headless: true, args: ['--no-sandbox', '--disable-gpu'] });
    try {
      const { context, page: phone } = await phoneAtTheDoor(browser, testInfo, async () => {}, '/checkin/skopje/entry');
      const scanner = phone.locator('#scanner');
      const field = phone.getByLabel('Ticket code (handheld scanner or typed)');
      const before = await checkedIn(phone, 'skopje');
      const send = async (batch) => {
        for (const code of batch) {
          await field.fill(code);
          await field.press('Enter');
          await phone.waitForTimeout(300);
        }
      };
      // Online: every code is decided by the server, none is lost while a verdict shows.
      await send(codes.slice(0, 30));
      await expect(scanner).toHaveAttribute('data-verdicts', '30', { timeout: 60_000 });
      await expect(scanner).toHaveAttribute('data-queued', '0');
      await expect(phone.locator('#verdict')).toHaveAttribute('data-verdict', 'admitted');
      expect(await checkedIn(phone, 'skopje')).toBe(before + 30);

      // Offline: the phone decides each from its list and keeps every scan for the server.
      await context.setOffline(true);
      await expect(phone.locator('#door-status')).toHaveAttribute('data-state', 'offline', { timeout: 15_000 });
      await send(codes.slice(30));
      await expect(scanner).toHaveAttribute('data-verdicts', '60', { timeout: 60_000 });
      await expect(phone.locator('#door-status')).toHaveAttribute('data-waiting', '30');
      await context.setOffline(false);
      await expect(phone.locator('#door-status')).toHaveAttribute('data-waiting', '0', { timeout: 60_000 });
      expect(await checkedIn(phone, 'skopje')).toBe(before + 60);
      // Sent again, a code is already in: nobody is stored twice.
      await send([codes[0]]);
      await expect(phone.locator('#verdict')).toHaveAttribute('data-verdict', 'already_checked_in');
      expect(await checkedIn(phone, 'skopje')).toBe(before + 60);
    } finally {
      await browser.close();
    }
  });

  test('a steward admits tickets with the network cut, and the server gets every scan back', async ({ page }, testInfo) => {
    const first = await registerParticipant(page, testInfo, 'Offline Ardita', 'offline.ardita@example.org', { group: 'Academia' });
    const codeA = await ticketCode(page, testInfo, first);
    const second = await registerParticipant(page, testInfo, 'Offline Blerim', 'offline.blerim@example.org', { group: 'Academia' });
    const codeB = await ticketCode(page, testInfo, second);
    const browser = await chromium.launch({
      executablePath: process.env.CHROMIUM_PATH || '/usr/bin/chromium',
      headless: true,
      args: ['--no-sandbox', '--disable-gpu', '--use-fake-ui-for-media-stream', '--use-fake-device-for-media-stream'],
    });
    try {
      const { context, page: phone } = await phoneAtTheDoor(browser, testInfo);
      const before = await checkedIn(phone);
      // The camera, as in checkin.spec.js: a BarcodeDetector stand-in reads the second ticket.
      await context.addInitScript((ticket) => {
        window.BarcodeDetector = class {
          static async getSupportedFormats() { return ['qr_code']; }
          async detect(source) { return source.videoWidth > 0 && window.__showTicket ? [{ rawValue: ticket }] : []; }
        };
      }, codeB);

      await context.setOffline(true);
      await phone.reload();
      await expect(phone.getByRole('heading', { level: 1 })).toHaveText('Forum entry');
      await givePin(phone);
      await expect(phone.locator('#door-status')).toHaveAttribute('data-state', 'offline', { timeout: 15_000 });

      // A handheld scanner types the code and Enter.
      await typeCode(phone, codeA);
      const verdict = phone.locator('#verdict');
      await expect(verdict).toHaveAttribute('data-verdict', 'admitted');
      await expect(verdict).toContainText('Offline Ardita');
      await expect(verdict.locator('.verdict-offline')).toBeVisible();
      await expect(verdict).toContainText('Decided on this phone (offline)');
      await dismiss(phone);
      await typeCode(phone, codeA);
      await expect(verdict).toHaveAttribute('data-verdict', 'already_checked_in');
      await dismiss(phone);
      // The camera reads the other ticket.
      await phone.evaluate(() => { window.__showTicket = true; });
      // The camera may be on already (this browser allows it, so the page starts it itself).
      const start = phone.getByRole('button', { name: 'Start camera' });
      if (await start.isVisible()) await start.click();
      await expect(verdict).toHaveAttribute('data-verdict', 'admitted', { timeout: 30_000 });
      await expect(verdict).toContainText('Offline Blerim');
      await phone.evaluate(() => { window.__showTicket = false; });
      await expect(phone.locator('#door-status')).toHaveAttribute('data-waiting', '2');
      await expect(phone.locator('#door-status')).toContainText('2 scans waiting to sync');

      // The scans survive the tab: a new page of the same phone still has them queued.
      await phone.close();
      const later = await context.newPage();
      await later.goto(LIST);
      await givePin(later);
      await expect(later.locator('#door-status')).toHaveAttribute('data-waiting', '2', { timeout: 15_000 });

      await context.setOffline(false);
      await expect(later.locator('#door-status')).toHaveAttribute('data-waiting', '0', { timeout: 30_000 });
      await expect(later.locator('#door-status')).toHaveAttribute('data-state', 'online');
      expect(await checkedIn(later)).toBe(before + 2);
      await expectNoAxeViolations(later);
    } finally {
      await browser.close();
    }
  });

  test('two phones admitting one ticket offline make one double entry; a synced cancellation is refused offline', async ({ page }, testInfo) => {
    const link = await registerParticipant(page, testInfo, 'Twice Dardan', 'twice.dardan@example.org', { group: 'Academia' });
    const code = await ticketCode(page, testInfo, link);
    const gone = await registerParticipant(page, testInfo, 'Gone Elona', 'gone.elona@example.org', { group: 'Academia' });
    const goneCode = await ticketCode(page, testInfo, gone);
    const browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH || '/usr/bin/chromium', headless: true, args: ['--no-sandbox', '--disable-gpu'] });
    try {
      const a = await phoneAtTheDoor(browser, testInfo);
      const b = await phoneAtTheDoor(browser, testInfo);
      // Elona cancels while the doors are online: within seconds every door knows.
      await page.goto(gone);
      await ready(page, testInfo);
      await page.getByRole('button', { name: 'Cancel my registration' }).click();
      await expect(page.getByText('Cancelled', { exact: true }).first()).toBeVisible();
      await a.page.waitForTimeout(7000);

      for (const phone of [a, b]) {
        await phone.context.setOffline(true);
        await typeCode(phone.page, code);
        await expect(phone.page.locator('#verdict')).toHaveAttribute('data-verdict', 'admitted');
        await dismiss(phone.page);
      }
      await typeCode(a.page, goneCode);
      await expect(a.page.locator('#verdict')).toHaveAttribute('data-verdict', 'cancelled');
      await expect(a.page.locator('#verdict .verdict-offline')).toBeVisible();
      for (const phone of [a, b]) {
        await phone.context.setOffline(false);
        await expect(phone.page.locator('#door-status')).toHaveAttribute('data-waiting', '0', { timeout: 30_000 });
      }

      const organiser = await browser.newContext({ baseURL: testInfo.project.use.baseURL, locale: 'en-GB' });
      const desk = await organiser.newPage();
      await helpers.signIn(desk, testInfo, ORGANISER);
      await desk.waitForURL((url) => !url.pathname.startsWith('/login'));
      await desk.goto('/organiser/forums/regional-forum/checkin');
      await ready(desk, testInfo);
      const issue = desk.locator('.issue[data-kind="double_entry"]', { hasText: 'Twice Dardan' });
      await expect(issue).toHaveCount(1);
      await expect(issue).toContainText('Door Steward');
      await expectNoAxeViolations(desk);
      await issue.getByRole('button', { name: /Mark resolved/ }).click();
      await expect(desk.locator('.issue[data-kind="double_entry"]', { hasText: 'Twice Dardan' })).toContainText('Resolved');
    } finally {
      await browser.close();
    }
  });

  test('the door checks each code with the key its id names, and refuses a key it was not given', async ({ page }, testInfo) => {
    // The vector the ticket crate's test pins (frontend/ticket: key 3 signs forum 7,
    // registration 4242, version 2), read by this browser's door.js.
    const publicHex = '66be7e332c7a453332bd9d0a7f7db055f5c5ef1a06ada66d98b39fb6810c473a';
    const code = 'AG1:KB03/0Z74K.VAP9K1T+OUCCD6-K1Q1*73863/Z9T%9M9E %I%/FNASOG139C494SLPH%B4AHV19CHIV/BQ6A0.J9T3Z$7BTVTBUX.1PA9';
    const publicKey = Buffer.from(publicHex, 'hex').toString('base64url');
    await helpers.signIn(page, testInfo, SCANNER);
    await page.waitForURL((url) => !url.pathname.startsWith('/login'));
    await page.goto(LIST);
    await ready(page, testInfo);
    const seen = await page.evaluate(async ({ code, publicKey }) => {
      const url = performance.getEntriesByType('resource').map((e) => e.name).find((n) => /\/door[-.][^/]*\.js/.test(n));
      const { Door, parseCode } = await import(url);
      const parsed = parseCode(code);
      const door = new Door('7:entry', {});
      const verdict = async (keys) => {
        door.roster = { public_keys: keys };
        return door.verify(parsed, code);
      };
      const altered = parseCode(code);
      altered.signed[altered.signed.length - 1] ^= 1;
      return {
        claims: [parsed.keyId, parsed.forum, parsed.registration, parsed.version],
        withIts: await verdict({ 0: publicKey.replace(/^./, 'A'), 3: publicKey }),
        withoutIt: await verdict({ 0: publicKey }),
        altered: await (async () => { door.roster = { public_keys: { 3: publicKey } }; return door.verify(altered, code); })(),
        oldRoster: await (async () => { door.roster = { public_key: publicKey }; return door.verify(parsed, code); })(),
      };
    }, { code, publicKey });
    expect(seen.claims).toEqual([3, 7, 4242, 2]);
    expect(seen.withIts).toBe(true);
    expect(seen.withoutIt).toBe(false);
    expect(seen.altered).toBe(false);
    expect(seen.oldRoster).toBe(false);
  });

  test('where the browser has no Ed25519, the project’s own verifier decides offline', async ({ page }, testInfo) => {
    const link = await registerParticipant(page, testInfo, 'Wasm Fatmir', 'wasm.fatmir@example.org', { group: 'Academia' });
    const code = await ticketCode(page, testInfo, link);
    const browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH || '/usr/bin/chromium', headless: true, args: ['--no-sandbox', '--disable-gpu'] });
    try {
      // An older browser: WebCrypto refuses Ed25519 keys.
      const { context, page: phone } = await phoneAtTheDoor(browser, testInfo, (c) => c.addInitScript(() => {
        const importKey = crypto.subtle.importKey.bind(crypto.subtle);
        crypto.subtle.importKey = (format, key, algorithm, ...rest) => {
          const name = typeof algorithm === 'string' ? algorithm : algorithm && algorithm.name;
          if (name === 'Ed25519') return Promise.reject(new DOMException('Ed25519 is not supported', 'NotSupportedError'));
          return importKey(format, key, algorithm, ...rest);
        };
      }));
      await context.setOffline(true);
      await phone.reload();
      await givePin(phone);
      await expect(phone.locator('#door-status')).toHaveAttribute('data-state', 'offline', { timeout: 15_000 });
      const forged = code.slice(0, -1) + (code.endsWith('0') ? '1' : '0');
      await typeCode(phone, forged);
      await expect(phone.locator('#verdict')).toHaveAttribute('data-verdict', 'invalid');
      await dismiss(phone);
      await typeCode(phone, code);
      await expect(phone.locator('#verdict')).toHaveAttribute('data-verdict', 'admitted');
      await expect(phone.locator('#verdict')).toContainText('Wasm Fatmir');
      await context.setOffline(false);
      await expect(phone.locator('#door-status')).toHaveAttribute('data-waiting', '0', { timeout: 30_000 });
    } finally {
      await browser.close();
    }
  });

  test('nothing of the list stays on a phone after sign-out or once its device is revoked', async ({ page }, testInfo) => {
    const browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH || '/usr/bin/chromium', headless: true, args: ['--no-sandbox', '--disable-gpu'] });
    const kept = (p) => p.evaluate(async () => (await indexedDB.databases()).map((d) => d.name).filter((n) => n.startsWith('agora-door')).sort());
    try {
      // A signed-in steward signs out on the scanner page.
      const { page: phone } = await phoneAtTheDoor(browser, testInfo);
      expect(await kept(phone)).toEqual(['agora-door', 'agora-door-key']);
      await phone.getByRole('button', { name: 'Sign out' }).click();
      await phone.waitForURL((url) => !url.pathname.startsWith('/checkin/regional-forum/entry'));
      await expect.poll(() => kept(phone), { timeout: 10_000 }).toEqual([]);
      expect(await phone.evaluate(async () => (await caches.keys()).filter((n) => n.startsWith('agora-checkin')))).toEqual([]);

      // A volunteer's phone enrolled by link; the organiser revokes the device.
      await helpers.signIn(page, testInfo, ORGANISER);
      await page.waitForURL((url) => !url.pathname.startsWith('/login'));
      await page.goto('/organiser/forums/regional-forum/checkin');
      await ready(page, testInfo);
      await page.getByLabel(/Device name/).fill('Door Wiped');
      await page.getByRole('button', { name: 'Add device' }).click();
      const device = page.locator('.device', { hasText: 'Door Wiped' });
      await device.locator('summary').click();
      const enrol = await device.getByLabel('Enrolment link').inputValue();
      const volunteer = await browser.newContext({ baseURL: testInfo.project.use.baseURL, locale: 'en-GB' });
      const door = await volunteer.newPage();
      await door.goto(new URL(enrol).pathname);
      await door.goto(LIST);
      await givePin(door);
      await expect(door.locator('#door-status')).toHaveAttribute('data-state', 'online', { timeout: 15_000 });
      expect(await kept(door)).toEqual(['agora-door', 'agora-door-key']);
      await device.getByRole('button', { name: /Revoke/ }).click();
      await expect(page.locator('.device', { hasText: 'Door Wiped' })).toContainText('Revoked');
      await expect.poll(() => kept(door), { timeout: 20_000 }).toEqual([]);
      await expect(door.locator('#door-status')).toHaveAttribute('data-state', 'empty');
    } finally {
      await browser.close();
    }
  });

  test('the scanner opens with no network after the browser was closed and opened again', async ({ page }, testInfo) => {
    const link = await registerParticipant(page, testInfo, 'Restart Genta', 'restart.genta@example.org', { group: 'Academia' });
    const code = await ticketCode(page, testInfo, link);
    const profile = fs.mkdtempSync(path.join(require('os').tmpdir(), 'agora-phone-'));
    const launch = () => chromium.launchPersistentContext(profile, {
      executablePath: process.env.CHROMIUM_PATH || '/usr/bin/chromium', headless: true, args: ['--no-sandbox', '--disable-gpu'],
      baseURL: testInfo.project.use.baseURL, locale: 'en-GB', viewport: { width: 390, height: 844 },
    });
    let context = await launch();
    try {
      const first = context.pages()[0] || await context.newPage();
      await helpers.signIn(first, testInfo, SCANNER);
      await first.waitForURL((url) => !url.pathname.startsWith('/login'));
      await first.goto(LIST);
      await givePin(first);
      await expect(first.locator('#door-status')).toHaveAttribute('data-state', 'online', { timeout: 15_000 });
      await first.waitForFunction(async () => {
        const cache = await caches.open('agora-checkin-v1');
        return (await cache.keys()).some((r) => new URL(r.url).pathname === location.pathname);
      }, null, { timeout: 15_000 });
      // Chromium finds nothing that stops the scanner being installed to the home screen (a
      // profile of its own: in an incognito context installing is refused as such).
      const cdp = await context.newCDPSession(first);
      const { installabilityErrors } = await cdp.send('Page.getInstallabilityErrors');
      expect(installabilityErrors).toEqual([]);
      await context.close();

      context = await launch();
      await context.setOffline(true);
      const phone = context.pages()[0] || await context.newPage();
      await phone.goto(LIST);
      await expect(phone.getByRole('heading', { level: 1 })).toHaveText('Forum entry');
      await givePin(phone);
      await expect(phone.locator('#door-status')).toHaveAttribute('data-state', 'offline', { timeout: 15_000 });
      await typeCode(phone, code);
      await expect(phone.locator('#verdict')).toHaveAttribute('data-verdict', 'admitted');
      await expect(phone.locator('#verdict')).toContainText('Restart Genta');
    } finally {
      await context.close();
      fs.rmSync(profile, { recursive: true, force: true });
    }
  });
  test('a lost phone: its list needs the PIN, five wrong PINs wipe it, and an expired list goes by itself', async ({ page }, testInfo) => {
    const link = await registerParticipant(page, testInfo, 'Lost Hana', 'lost.hana@example.org', { group: 'Academia' });
    const code = await ticketCode(page, testInfo, link);
    let profile = fs.mkdtempSync(path.join(require('os').tmpdir(), 'agora-lost-'));
    const launch = () => chromium.launchPersistentContext(profile, {
      executablePath: process.env.CHROMIUM_PATH || '/usr/bin/chromium', headless: true, args: ['--no-sandbox', '--disable-gpu'],
      baseURL: testInfo.project.use.baseURL, locale: 'en-GB', viewport: { width: 390, height: 844 },
    });
    const keepList = async (context) => {
      const first = context.pages()[0] || await context.newPage();
      await helpers.signIn(first, testInfo, SCANNER);
      await first.waitForURL((url) => !url.pathname.startsWith('/login'));
      await first.goto(LIST);
      await givePin(first);
      await expect(first.locator('#door-status')).toHaveAttribute('data-state', 'online', { timeout: 15_000 });
      await first.waitForFunction(async () => {
        const cache = await caches.open('agora-checkin-v1');
        return (await cache.keys()).some((r) => new URL(r.url).pathname === location.pathname);
      }, null, { timeout: 15_000 });
    };
    let context = await launch();
    // Opens the list again with no network and the phone's clock `hours` later: it is wiped.
    const reopenExpired = async (hours) => {
      context = await launch();
      await context.setOffline(true);
      await context.addInitScript((ms) => {
        const realNow = Date.now.bind(Date);
        Date.now = () => realNow() + ms;
      }, hours * 60 * 60 * 1000);
      const reopened = context.pages()[0] || await context.newPage();
      await reopened.goto(LIST);
      await expect(reopened.locator('#door-status')).toHaveAttribute('data-wiped', 'expired', { timeout: 15_000 });
      return reopened;
    };
    try {
      await keepList(context);
      await context.close();

      // Found with no network: nothing of the list is shown or decided before the PIN.
      context = await launch();
      await context.setOffline(true);
      let phone = context.pages()[0] || await context.newPage();
      await phone.goto(LIST);
      await expect(phone.locator('#door-pin')).toBeVisible({ timeout: 15_000 });
      await expect(phone.locator('#door-status')).toHaveAttribute('data-state', 'locked');
      await expect(phone.locator('#door-status')).toContainText('locked until its PIN is given');
      await typeCode(phone, code);
      await expect(phone.locator('#verdict')).toHaveAttribute('data-verdict', 'error');
      await expect(phone.locator('#verdict')).not.toContainText('Lost Hana');
      await dismiss(phone);
      // Five wrong PINs wipe the copy.
      for (let i = 0; i < 5; i++) {
        await givePin(phone, '0000');
        if (i < 4) await expect(phone.locator('#door-pin-error')).toContainText(`${4 - i} tries left`);
      }
      await expect(phone.locator('#door-status')).toHaveAttribute('data-wiped', 'pin');
      await expect(phone.locator('#door-status')).toContainText('Five wrong PINs');
      expect(await phone.evaluate(async () => (await indexedDB.databases()).map((d) => d.name).filter((n) => n === 'agora-door'))).toEqual([]);
      await expectNoAxeViolations(phone);
      await context.close();

      // A copy whose time is up goes without the network, whatever was set on the phone since.
      context = await launch();
      await context.setOffline(false);
      await keepList(context);
      await context.close();
      // The phone's clock says 26 hours later (the server was last seen then).
      phone = await reopenExpired(26);
      // The PIN asked now is a new one: the old copy is gone.
      await expect(phone.locator('#door-pin-lead')).toContainText('Choose a PIN');
      await givePin(phone, '1357');
      await expect(phone.locator('#door-status')).toHaveAttribute('data-state', 'empty');
      await typeCode(phone, code);
      await expect(phone.locator('#verdict')).toHaveAttribute('data-verdict', 'error');
      await context.close();

      // The forum's organisers chose a shorter time without contact: 2 hours, not 24.
      const submitExpiry = () => Promise.all([
        page.waitForNavigation(),
        page.locator('section[aria-labelledby="expiry-heading"] button[type="submit"]').click(),
      ]);
      const setOffline = async (hours) => {
        await helpers.signIn(page, testInfo, ORGANISER);
        await page.waitForURL((url) => !url.pathname.startsWith('/login'));
        await page.goto('/organiser/forums/regional-forum/checkin');
        await ready(page, testInfo);
        await page.getByLabel('Hours without contact with the server').fill(String(hours));
        // The form posts and comes back to the page, which shows what is stored.
        await submitExpiry();
        await page.reload();
        await expect(page.getByLabel('Hours without contact with the server')).toHaveValue(String(hours));
      };
      // A longer time is refused with the reason, and nothing changes.
      await setOffline(2);
      await page.getByLabel('Hours without contact with the server').fill('48');
      await submitExpiry();
      await expect(page.locator('section[aria-labelledby="expiry-heading"]')).toContainText('from 1 to 24');
      await expectNoAxeViolations(page);
      await page.reload();
      await expect(page.getByLabel('Hours without contact with the server')).toHaveValue('2');
      try {
        fs.rmSync(profile, { recursive: true, force: true });
        profile = fs.mkdtempSync(path.join(require('os').tmpdir(), 'agora-lost-'));
        context = await launch();
        await keepList(context);
        await context.close();
        await reopenExpired(3);
      } finally {
        await setOffline(24);
      }
    } finally {
      await context.close();
      fs.rmSync(profile, { recursive: true, force: true });
    }
  });
});
