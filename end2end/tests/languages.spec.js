const { test, expect } = require('@playwright/test');
const { ready, expectNoAxeViolations } = require('./helpers');

test('switching language renders the page in that language and remembers it', async ({ page }, testInfo) => {
  await page.goto('/forums/skopje');
  await ready(page, testInfo);
  await page.locator('.lang-menu summary').click();
  await page.getByRole('link', { name: 'Македонски' }).click();
  await expect(page.locator('html')).toHaveAttribute('lang', 'mk');
  await expect(page).toHaveURL(/\/forums\/skopje\?lang=mk$/);
  await expect(page.getByRole('navigation', { name: 'Главна навигација' }).getByRole('link', { name: 'Форуми' })).toBeVisible();
  await expectNoAxeViolations(page);
  await page.goto('/');
  await expect(page.locator('html')).toHaveAttribute('lang', 'mk');
  await page.goto('/?lang=en');
  await expect(page.locator('html')).toHaveAttribute('lang', 'en');
});

test('the browser language decides the first visit', async ({ browser }) => {
  const context = await browser.newContext({ locale: 'sq-AL', javaScriptEnabled: true });
  const page = await context.newPage();
  await page.goto('/');
  await expect(page.locator('html')).toHaveAttribute('lang', 'sq');
  await expect(page.getByRole('link', { name: 'Forumet' }).first()).toBeVisible();
  await context.close();
});
