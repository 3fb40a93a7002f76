const { test, expect } = require('@playwright/test');
const { ready, expectNoAxeViolations, jsEnabled, watchConsole } = require('./helpers');

test('the home page lists the demo forums', async ({ page }, testInfo) => {
  const problems = watchConsole(page);
  await page.goto('/');
  await ready(page, testInfo);
  await expect(page.getByRole('heading', { level: 1 })).toContainText('Fostering regional cooperation');
  const upcoming = page.getByRole('region', { name: 'Upcoming forums' });
  for (const title of ['National Forum Serbia', 'National Forum Kosovo', 'National Forum North Macedonia', 'Regional Forum']) {
    await expect(upcoming.getByRole('link', { name: title })).toBeVisible();
  }
  await expect(page.getByRole('region', { name: 'Past forums' }).getByRole('link', { name: 'National Forum Albania' })).toBeVisible();
  await expectNoAxeViolations(page);
  expect(problems).toEqual([]);
});

test('the forum filter works once hydrated and is absent without JavaScript', async ({ page }, testInfo) => {
  await page.goto('/');
  await ready(page, testInfo);
  const filter = page.getByLabel('Filter by city, country or title');
  if (!jsEnabled(testInfo)) {
    await expect(filter).toBeHidden();
    return;
  }
  await filter.fill('Skopje');
  await expect(page.getByRole('link', { name: 'National Forum North Macedonia' })).toBeVisible();
  await expect(page.getByRole('link', { name: 'National Forum Serbia', exact: true })).toBeHidden();
  await filter.fill('');
  await expect(page.getByRole('link', { name: 'National Forum Serbia', exact: true })).toBeVisible();
});

test('a forum page shows its venue, groups and programme', async ({ page }, testInfo) => {
  await page.goto('/');
  await ready(page, testInfo);
  await page.getByRole('link', { name: 'National Forum Serbia', exact: true }).click();
  await expect(page).toHaveURL(/\/forums\/belgrade$/);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('National Forum Serbia');
  await expect(page.getByText('Sava Centar, Milentija Popovića 9')).toBeVisible();
  await expect(page.getByText('Europe/Belgrade')).toBeVisible();
  await expect(page.getByText('Civil-society organisations', { exact: true })).toBeVisible();
  await expect(page.getByText('Panel: social and economic impact on vulnerable groups')).toBeVisible();
  await expectNoAxeViolations(page);
});

test('an unknown forum shows a real not-found page', async ({ page }) => {
  const response = await page.goto('/forums/does-not-exist');
  expect(response.status()).toBe(404);
  await expect(page.getByRole('heading', { name: 'Page not found' })).toBeVisible();
  await expectNoAxeViolations(page);
});

test('keyboard users can skip to the content and see where focus is', async ({ page }, testInfo) => {
  await page.goto('/');
  await ready(page, testInfo);
  await page.keyboard.press('Tab');
  const skip = page.getByRole('link', { name: 'Skip to content' });
  await expect(skip).toBeFocused();
  const outline = await skip.evaluate((el) => getComputedStyle(el).outlineStyle);
  expect(outline).not.toBe('none');
});
