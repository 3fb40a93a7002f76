const { test, expect } = require('@playwright/test');
const { ready, expectNoAxeViolations, jsEnabled, registerParticipant } = require('./helpers');

test('the agenda offers its calendar; a session offers web calendars; the file is a calendar', async ({ page, request }, testInfo) => {
  await page.goto('/forums/regional-forum/agenda');
  await ready(page, testInfo);
  const download = page.getByRole('link', { name: 'Download .ics' });
  await expect(download).toHaveAttribute('href', /\/forums\/regional-forum\/agenda\.ics\?lang=en$/);
  await expect(page.getByRole('link', { name: 'Subscribe' })).toHaveAttribute('href', /^webcal:\/\//);
  const ics = await request.get('/forums/regional-forum/agenda.ics');
  expect(ics.status()).toBe(200);
  expect(ics.headers()['content-type']).toBe('text/calendar; charset=utf-8');
  expect(await ics.text()).toContain('BEGIN:VTIMEZONE');

  await page.locator('.agenda a[href*="/sessions/"]').first().click();
  await ready(page, testInfo);
  await expect(page.getByRole('link', { name: /Add to Google Calendar/ })).toHaveAttribute('href', /dates=\d{8}T\d{6}Z\/\d{8}T\d{6}Z/);
  await expect(page.getByRole('link', { name: /Add to Outlook/ })).toBeVisible();
  await expectNoAxeViolations(page);
});

test('a participant picks sessions on their page and gets a personal feed', async ({ page, request }, testInfo) => {
  await page.setViewportSize({ width: 390, height: 844 });
  const link = await registerParticipant(page, testInfo, 'Lejla Hadžić', `feed.${testInfo.project.name}@example.org`, { organisation: 'CRNVO', country: 'ME' });
  await page.goto(link);
  await ready(page, testInfo);
  await expect(page.getByRole('heading', { name: 'My agenda' })).toBeVisible();
  const first = page.locator('#my-agenda input[type=checkbox]').first();
  await first.check();
  await page.getByRole('button', { name: 'Save my sessions' }).click();
  await expect(page.getByText('Your sessions are saved.')).toBeVisible();
  await expect(page.locator('#my-agenda input[type=checkbox]').first()).toBeChecked();
  await expectNoAxeViolations(page);

  const feed = await page.locator('#my-agenda code.code').innerText();
  const res = await request.get(new URL(feed).pathname);
  expect(res.status()).toBe(200);
  const text = await res.text();
  expect(text.match(/BEGIN:VEVENT/g) || []).toHaveLength(1);
});

test('a remembered participant adds a session to their agenda from the agenda page', async ({ page }, testInfo) => {
  const link = await registerParticipant(page, testInfo, 'Milica Picks', `agenda.pick.${testInfo.project.name}@example.org`);
  // Opening their own page on this device lets the agenda page offer picking.
  await page.goto(link);
  await ready(page, testInfo);
  await page.goto('/forums/regional-forum/agenda');
  await ready(page, testInfo);
  const card = page.locator('.agenda-session').filter({ has: page.getByRole('button', { name: 'Add to my agenda' }) }).first();
  const title = await card.locator('.session-title').innerText();
  // Where JavaScript runs, the island sends the form in the background: the page stays.
  if (jsEnabled(testInfo)) await page.evaluate(() => { window.__samePage = true; });
  await card.getByRole('button', { name: 'Add to my agenda' }).click();
  const picked = page.locator('.agenda-session', { hasText: title }).getByRole('button', { name: /In my agenda/ });
  await expect(picked).toBeVisible();
  await expect(picked).toHaveAttribute('aria-pressed', 'true');
  if (jsEnabled(testInfo)) expect(await page.evaluate(() => window.__samePage === true)).toBe(true);
  await expectNoAxeViolations(page);
  // It was saved: the participant's own page lists it as picked.
  await page.goto(link);
  await expect(page.locator('#my-agenda label', { hasText: title }).locator('input[type=checkbox]')).toBeChecked();
});
