const { test, expect } = require('@playwright/test');
const { ready, expectNoAxeViolations, signIn } = require('./helpers');

// The demo's past forum (Tirana) has registrations and check-ins, so its report shows real
// breakdowns; the page is server-rendered and works the same with and without JavaScript.
test('an organiser reads the donor report, filters it and downloads its files', async ({ page }, testInfo) => {
  await signIn(page, testInfo, 'organiser@agora.example');
  await page.goto('/organiser/forums/tirana/registrations');
  await ready(page, testInfo);
  // The registrations page says when this forum's personal data goes.
  await expect(page.getByRole('status').filter({ hasText: 'Personal data of this forum will be erased on' })).toBeVisible();
  await page.getByRole('link', { name: 'Report', exact: true }).click();
  await expect(page).toHaveURL(/\/organiser\/forums\/tirana\/report$/);
  await ready(page, testInfo);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Participation report');
  await expect(page.getByRole('note').first()).toContainText('Small numbers are protected');

  // Headline figures with their definitions; the charts have names, data tables and sentences.
  const brief = page.getByRole('region', { name: 'In brief' });
  await expect(brief).toContainText('Attended');
  await expect(brief).toContainText('checked in at least once');
  const chart = page.getByRole('img', { name: /Registrations: Stakeholder group/ });
  await expect(chart).toBeVisible();
  const groups = page.getByRole('table', { name: 'Registrations: Stakeholder group' });
  await expect(groups.getByRole('columnheader', { name: 'Attended' })).toBeVisible();
  await expect(page.getByRole('img', { name: /^Attendance per day and session/ })).toBeVisible();
  await expect(page.getByRole('table', { name: 'Balance of stakeholder groups' })).toBeVisible();
  await expectNoAxeViolations(page);

  // With protected figures, no date or list filter is offered (two reports could be
  // subtracted), and one asked for by address is refused with the reason.
  await expect(page.getByLabel('Check-in list')).toHaveCount(0);
  await expect(page.getByText('Filters by date or check-in list are not offered with protected figures')).toBeVisible();
  const filtered = await page.goto('/organiser/forums/tirana/report?list=entry');
  expect(filtered.status()).toBe(422);
  await expect(page.getByText('Filters by date or check-in list are not available while small numbers are protected')).toBeVisible();

  // A wrong date range says why, in words, with a 422.
  const bad = await page.goto('/organiser/forums/tirana/report?from=2027-03-12&to=2027-03-01');
  expect(bad.status()).toBe(422);
  await expect(page.getByText('The end date must not be before the start date.')).toBeVisible();

  // The files carry the protected figures.
  const xlsx = await page.request.get('/organiser/forums/tirana/report.xlsx');
  expect(xlsx.status()).toBe(200);
  expect(xlsx.headers()['content-type']).toContain('spreadsheetml');
  const csv = await page.request.get('/organiser/forums/tirana/report.csv');
  expect(await csv.text()).toMatch(/^\uFEFF"Small numbers protected/);

  // Printed, navigation and filters go away and each section starts a page.
  await page.goto('/organiser/forums/tirana/report');
  await page.emulateMedia({ media: 'print' });
  await expect(page.locator('.site-header')).toBeHidden();
  await expect(page.locator('form.filters')).toBeHidden();
  await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
  await page.emulateMedia({ media: 'screen' });
});

test('the series report counts people once across forums, in another language too', async ({ page }, testInfo) => {
  await signIn(page, testInfo, 'admin@agora.example');
  await page.goto('/organiser/series');
  await ready(page, testInfo);
  await page.getByRole('link', { name: /^Report/ }).first().click();
  await expect(page).toHaveURL(/\/organiser\/series\/\d+\/report$/);
  await ready(page, testInfo);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Participation report for the series');
  await expect(page.getByRole('region', { name: 'In brief' })).toContainText('Distinct participants');
  await expect(page.getByRole('table', { name: 'Registrations: Forum' })).toBeVisible();
  await expectNoAxeViolations(page);
  const url = page.url();
  await page.goto(`${url}?lang=sq`);
  await expect(page.locator('html')).toHaveAttribute('lang', 'sq');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Raporti i pjesëmarrjes për serinë');
  await expectNoAxeViolations(page);
});
