const { chromium } = require('@playwright/test');
(async () => {
  const browser = await chromium.launch({ executablePath: '/usr/bin/chromium' });
  for (const [w, h] of [[390, 844], [1280, 800]]) {
    const ctx = await browser.newContext({ viewport: { width: w, height: h } });
    const page = await ctx.newPage();
    const base = 'http://127.0.0.1:3999';
    await page.goto(base + '/forums/regional-forum/agenda?lang=mk');
    await page.screenshot({ path: `/tmp/shots/agenda-mk-${w}.png` });
    await page.goto(base + '/forums/regional-forum/sessions/' + '1' + '?lang=sq');
    await page.goto(base + '/login?lang=en');
    await page.getByLabel('Email address').fill('organiser@agora.example');
    await page.getByLabel('Password').fill('agora-demo-2026');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.waitForTimeout(1500);
    await page.goto(base + '/organiser/forums/belgrade/agenda?lang=en');
    await page.locator('#translations-heading').scrollIntoViewIfNeeded().catch(() => {});
    await page.screenshot({ path: `/tmp/shots/status-${w}.png` });
    await page.goto(base + '/organiser/translations/forums/belgrade?to=sq&lang=en');
    await page.screenshot({ path: `/tmp/shots/screen-${w}.png` });
    await page.locator('h2', { hasText: 'Sessions' }).scrollIntoViewIfNeeded().catch(() => {});
    await page.screenshot({ path: `/tmp/shots/screen-sessions-${w}.png` });
    await ctx.close();
  }
  await browser.close();
})();
