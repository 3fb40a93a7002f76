// Every kind of page under the Content-Security-Policy the server sends: the islands hydrate
// (their wasm compiles), styles apply, forms post, and the browser reports no violation.
const { test, expect } = require('@playwright/test');
const { jsEnabled, ready, registerParticipant, signIn, watchCsp } = require('./helpers');

test('public, participant and organiser pages run under the Content-Security-Policy', async ({ browser }, testInfo) => {
  test.skip(!jsEnabled(testInfo), 'the policy governs scripts; without JavaScript there are none');
  test.setTimeout(90_000);
  const context = await browser.newContext({ baseURL: testInfo.project.use.baseURL, locale: 'en-GB' });
  const violations = await watchCsp(context);
  const page = await context.newPage();
  const visit = async (path) => {
    const response = await page.goto(path);
    expect(response.headers()['content-security-policy']).toContain("script-src 'self' 'wasm-unsafe-eval'");
    await ready(page, testInfo);
  };

  // The home page's filter is an island: it appears only once its wasm runs.
  await visit('/');
  await expect(page.getByRole('searchbox')).toBeVisible();
  for (const path of ['/forums/regional-forum', '/forums/regional-forum/agenda', '/forums/regional-forum/speakers', '/login']) {
    await visit(path);
  }
  // The agenda's pick button (an island) for a remembered participant.
  const link = await registerParticipant(page, testInfo, 'Lule Hoxha', `csp.${Date.now()}@example.org`);
  await visit(link);
  await visit('/forums/regional-forum/agenda');
  const pick = page.getByRole('button', { name: /Add to my agenda/ }).first();
  await pick.click();
  await expect(page.getByRole('button', { name: /In my agenda/ }).first()).toBeVisible();

  // Organiser screens, and the live counts (an island polling JSON).
  await signIn(page, testInfo, 'organiser@agora.example');
  await page.waitForURL((url) => !url.pathname.startsWith('/login'));
  for (const path of ['/organiser', '/organiser/forums/regional-forum/agenda', '/organiser/forums/regional-forum/registrations', '/checkin/regional-forum/entry/counts']) {
    await visit(path);
  }
  await expect(page.locator('.big-count')).toBeVisible();
  await page.waitForTimeout(6_000);
  expect(violations).toEqual([]);
  await context.close();
});
