const { test, expect } = require('@playwright/test');
const { ready, signIn } = require('./helpers');

test('an organiser uploads a document; a file that is not allowed is refused with the reason', async ({ page, browser }, testInfo) => {
  const title = `Policy brief (${testInfo.project.name})`;
  await signIn(page, testInfo, 'organiser@agora.example');
  await expect(page).toHaveURL(/\/organiser$/);
  await page.goto('/organiser/forums/sarajevo/documents');
  await ready(page, testInfo);

  await page.getByLabel('Title').fill('Not a document');
  await page.getByLabel('File', { exact: true }).setInputFiles({ name: 'brief.pdf', mimeType: 'application/pdf', buffer: Buffer.from('MZ this is a program') });
  await page.getByRole('button', { name: 'Upload' }).click();
  await expect(page.getByText('This type of file is not accepted').first()).toBeVisible();
  await expect(page.getByLabel('Title')).toHaveValue('Not a document');

  await page.getByLabel('Title').fill(title);
  await page.getByLabel('Kind').selectOption('recommendations');
  const pdf = '%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n';
  await page.getByLabel('File', { exact: true }).setInputFiles({ name: 'brief.pdf', mimeType: 'application/pdf', buffer: Buffer.from(pdf) });
  await page.getByRole('button', { name: 'Upload' }).click();
  await expect(page.locator('.item-list').getByRole('link', { name: title })).toBeVisible();

  const visitor = await browser.newPage({ javaScriptEnabled: testInfo.project.use.javaScriptEnabled !== false });
  await visitor.goto('/forums/sarajevo');
  const link = visitor.getByRole('link', { name: title });
  await expect(link).toBeVisible();
  const response = await visitor.request.get(await link.getAttribute('href'));
  expect(response.status()).toBe(200);
  expect(response.headers()['content-type']).toBe('application/pdf');
  expect(await response.text()).toBe(pdf);
  await visitor.close();
});
