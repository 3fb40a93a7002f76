const { test, expect } = require('@playwright/test');
const { ready, expectNoAxeViolations, signIn } = require('./helpers');

test('an organiser imports an invitation list from a spreadsheet after checking it', async ({ page }, testInfo) => {
  await page.setViewportSize({ width: 390, height: 844 });
  await signIn(page, testInfo, 'organiser@agora.example');
  await expect(page).toHaveURL(/\/organiser/);
  await page.goto('/organiser/forums/regional-forum/invitations');
  await ready(page, testInfo);
  await expect(page.getByRole('heading', { name: 'Import a list' })).toBeVisible();
  await expectNoAxeViolations(page);

  const tag = testInfo.project.name;
  const csv = `Name;Email;Language\nDrita Berisha;drita.${tag}@example.org;sq\nNot An Address;nowhere;en\n`;
  await page.getByLabel('Spreadsheet').setInputFiles({ name: 'list.csv', mimeType: 'text/csv', buffer: Buffer.from(csv) });
  await page.getByRole('button', { name: 'Check the file' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Check the list before importing');
  await ready(page, testInfo);
  await expect(page.getByText('Rows: 2. New: 1. To correct: 1.')).toBeVisible();
  await expect(page.getByText('Email: not an email address')).toBeVisible();
  await expect(page.getByRole('button', { name: /^Send the invitations/ })).toHaveCount(0);
  await expectNoAxeViolations(page);

  await page.goto('/organiser/forums/regional-forum/invitations');
  const fixed = `Name;Email;Language\nDrita Berisha;drita.${tag}@example.org;sq\n`;
  await page.getByLabel('Spreadsheet').setInputFiles({ name: 'list.csv', mimeType: 'text/csv', buffer: Buffer.from(fixed) });
  await page.getByRole('button', { name: 'Check the file' }).click();
  await expect(page.getByText('Rows: 1. New: 1. To correct: 0.')).toBeVisible();
  await page.screenshot({ path: testInfo.outputPath('import-check-390.png'), fullPage: true });
  await page.getByRole('button', { name: 'Send the invitations (1)' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Invitations');
  await expect(page.getByRole('status').filter({ hasText: 'Invitations created and on their way by email: 1.' })).toBeVisible();
  await expect(page.getByText(`drita.${tag}@example.org`)).toBeVisible();
});
