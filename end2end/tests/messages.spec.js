const { test, expect } = require('@playwright/test');
const { ready, expectNoAxeViolations, signIn } = require('./helpers');

test('an organiser writes a message on a phone, previews it in two languages, tests and sends it', async ({ page }, testInfo) => {
  await page.setViewportSize({ width: 390, height: 844 });
  await signIn(page, testInfo, 'organiser@agora.example');
  await expect(page).toHaveURL(/\/organiser/);

  await page.goto('/organiser/forums/regional-forum/messages');
  await ready(page, testInfo);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Messages');
  // The demo's sent message and its scheduled one are listed.
  expect(await page.locator('.choice-list li').count()).toBeGreaterThanOrEqual(2);
  await expectNoAxeViolations(page);

  await page.getByRole('link', { name: 'Write a message' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Write a message');
  await ready(page, testInfo);
  await expectNoAxeViolations(page);
  const tag = testInfo.project.name;
  await expect(page.getByLabel('Seat confirmed')).toBeChecked();
  await page.getByLabel('On the waiting list').check();
  await page.locator('#message-subject-en').fill(`Bring your ID (${tag})`);
  await page.locator('#message-body-en').fill('Dear {name},\n\nPlease bring an identity document to {forum}.\n\n{ticket}');
  await page.locator('summary', { hasText: 'Shqip' }).click();
  await page.locator('#message-subject-sq').fill(`Sillni dokumentin (${tag})`);
  await page.locator('#message-body-sq').fill('I nderuar {name},\n\nJu lutemi sillni një dokument identifikimi në {forum}.\n\n{ticket}');
  await page.screenshot({ path: testInfo.outputPath('compose-390.png'), fullPage: true });
  await page.getByRole('button', { name: 'Save and preview' }).click();

  await expect(page.getByRole('heading', { level: 1 })).toHaveText(`Bring your ID (${tag})`);
  await ready(page, testInfo);
  const previews = page.locator('article.message-preview');
  await expect(previews).toHaveCount(2);
  await expect(previews.nth(0)).toHaveAttribute('lang', 'en');
  await expect(previews.nth(0)).toContainText('Please bring an identity document');
  await expect(previews.nth(1)).toHaveAttribute('lang', 'sq');
  await expect(previews.nth(1)).toContainText('Ju lutemi sillni');
  await expect(page.getByText(/^Recipients: \d+$/)).toBeVisible();
  await expectNoAxeViolations(page);
  await page.screenshot({ path: testInfo.outputPath('message-390.png'), fullPage: true });

  await page.getByRole('button', { name: 'Send me a test' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'A test in each language' })).toBeVisible();

  await page.getByRole('button', { name: /^Send \(\d+ recipients\)$/ }).click();
  await expect(page.getByRole('heading', { name: 'Delivery' })).toBeVisible();
  await expect(page.locator('.badge', { hasText: 'Sent' })).toBeVisible();
  await page.setViewportSize({ width: 1280, height: 800 });
  await page.screenshot({ path: testInfo.outputPath('sent-1280.png'), fullPage: true });
  await expectNoAxeViolations(page);
});
