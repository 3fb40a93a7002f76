const { test, expect } = require('@playwright/test');
const { ready, expectNoAxeViolations, signIn } = require('./helpers');

test('an organiser imports a partner\'s registrations after seeing where each row sits', async ({ page }, testInfo) => {
  await page.setViewportSize({ width: 390, height: 844 });
  await signIn(page, testInfo, 'organiser@agora.example');
  await expect(page).toHaveURL(/\/organiser/);
  await page.goto('/organiser/forums/regional-forum/registrations/import');
  await ready(page, testInfo);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Import registrations');
  await expectNoAxeViolations(page);

  const tag = testInfo.project.name;
  const csv = `Name;Email;Group;Country;Language\nLira Partner;lira.${tag}@example.org;Media;AL;sq\n`;
  await page.getByLabel('Spreadsheet').setInputFiles({ name: 'partner.csv', mimeType: 'text/csv', buffer: Buffer.from(csv) });
  await page.getByRole('button', { name: 'Check the file' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Check the list before importing');
  await ready(page, testInfo);
  const row = page.getByRole('row').filter({ hasText: `lira.${tag}@example.org` });
  await expect(row).toContainText('New registration');
  await expect(row).toContainText(/Gets a seat|Waiting list/);
  await expectNoAxeViolations(page);
  await page.screenshot({ path: testInfo.outputPath('partner-check-390.png'), fullPage: true });
  await page.getByLabel(/agreed to the privacy notice/).check();
  await page.getByRole('button', { name: 'Import the registrations (1)' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Registrations imported: 1.' })).toBeVisible();
});

test('the series\' lead writes one message to several forums', async ({ page }, testInfo) => {
  await page.setViewportSize({ width: 390, height: 844 });
  await signIn(page, testInfo, 'lead@agora.example');
  await expect(page).toHaveURL(/\/organiser/);
  await page.goto('/organiser/series');
  await ready(page, testInfo);
  await page.getByRole('link', { name: /^Messages/ }).first().click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Messages to the series');
  await ready(page, testInfo);
  await expectNoAxeViolations(page);
  const tag = testInfo.project.name;
  await page.locator('#message-subject-en').fill(`Series note ${tag}`);
  await page.locator('#message-body-en').fill('Dear {name}, see you at {forum}.');
  await page.getByRole('button', { name: 'Prepare a draft in each forum' }).click();
  const card = page.locator('section.card').filter({ hasText: `Series note ${tag}` });
  await expect(card).toBeVisible();
  await expect(card.getByRole('row')).not.toHaveCount(1);
  await expectNoAxeViolations(page);
  await page.setViewportSize({ width: 1280, height: 800 });
  await page.screenshot({ path: testInfo.outputPath('series-messages-1280.png'), fullPage: true });
});
