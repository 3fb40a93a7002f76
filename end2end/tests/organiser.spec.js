const { test, expect } = require('@playwright/test');
const { ready, expectNoAxeViolations, signIn } = require('./helpers');

test('an organiser creates a forum, fixes a mistake, publishes it and a visitor reads it', async ({ page, browser }, testInfo) => {
  const slug = `ohrid-${testInfo.project.name}`;
  const title = `Ohrid Youth Forum (${testInfo.project.name})`;
  await signIn(page, testInfo, 'organiser@agora.example');
  await expect(page).toHaveURL(/\/organiser$/);
  await page.getByRole('link', { name: 'New forum' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'New forum' })).toBeVisible();
  await ready(page, testInfo);
  await expectNoAxeViolations(page);

  await page.getByLabel('Title').fill(title);
  await page.getByLabel('Web address').fill(slug);
  await page.getByLabel('Description').fill('Young people and institutions meet by the lake.');
  await page.getByLabel('City').fill('Ohrid');
  await page.getByLabel('Country').selectOption('MK');
  await page.getByLabel('Venue').fill('Hotel Metropol');
  await page.getByLabel('First day').fill('2027-05-12');
  await page.getByLabel('Last day').fill('2027-05-10');
  await page.getByLabel('Time zone').selectOption('Europe/Skopje');
  await page.getByLabel('Seats').fill('80');
  await page.getByRole('button', { name: 'Save forum' }).click();

  // The end date is before the start: the form says so next to the field and keeps the input.
  await expect(page.getByText('The end date must not be before the start date.')).toBeVisible();
  await expect(page.getByLabel('Title')).toHaveValue(title);
  await page.getByLabel('Last day').fill('2027-05-13');
  await page.getByRole('button', { name: 'Save forum' }).click();

  await expect(page).toHaveURL(/\/organiser$/);
  const row = page.getByRole('row', { name: new RegExp(title.replace(/[()]/g, '\\$&')) });
  await expect(row).toContainText('Draft');
  await row.getByRole('button', { name: /^Publish/ }).click();
  await expect(page.getByRole('row', { name: new RegExp(title.replace(/[()]/g, '\\$&')) })).toContainText('Published');

  const visitor = await browser.newPage({ javaScriptEnabled: testInfo.project.use.javaScriptEnabled !== false });
  await visitor.goto(`/forums/${slug}`);
  await expect(visitor.getByRole('heading', { level: 1 })).toHaveText(title);
  await expect(visitor.getByText('Hotel Metropol, Ohrid')).toBeVisible();
  await visitor.close();
});
