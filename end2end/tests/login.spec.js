const { test, expect } = require('@playwright/test');
const { ready, expectNoAxeViolations, signIn } = require('./helpers');

test('a wrong password shows a clear message and keeps the address', async ({ page }, testInfo) => {
  await signIn(page, testInfo, 'organiser@agora.example', 'not the password');
  await expect(page.getByRole('alert')).toContainText('The email address or password is not correct.');
  await expect(page.getByLabel('Email address')).toHaveValue('organiser@agora.example');
  await expectNoAxeViolations(page);
});

test('an organiser signs in, sees all forums and signs out', async ({ page }, testInfo) => {
  await signIn(page, testInfo, 'organiser@agora.example');
  await expect(page).toHaveURL(/\/organiser$/);
  await expect(page.getByRole('heading', { level: 1, name: 'Organiser area' })).toBeVisible();
  await expect(page.getByRole('row', { name: /Regional Follow-up Meeting/ })).toContainText('Draft');
  await expectNoAxeViolations(page);
  await page.getByRole('button', { name: 'Sign out' }).click();
  await expect(page).toHaveURL(/\/$/);
  await expect(page.getByRole('link', { name: 'Sign in' })).toBeVisible();
});

test('an organiser publishes a draft forum and visitors see it', async ({ page, browser }, testInfo) => {
  await signIn(page, testInfo, 'organiser@agora.example');
  await expect(page).toHaveURL(/\/organiser$/);
  const row = page.getByRole('row', { name: /Regional Follow-up Meeting/ });
  await row.getByRole('button', { name: /^Publish/ }).click();
  await expect(page.getByRole('row', { name: /Regional Follow-up Meeting/ })).toContainText('Published');
  const visitor = await browser.newPage();
  await visitor.goto('/');
  await expect(visitor.getByRole('link', { name: 'Regional Follow-up Meeting' })).toBeVisible();
  await visitor.close();
  // Put it back so the other project starts from the same state.
  await page.getByRole('row', { name: /Regional Follow-up Meeting/ }).getByRole('button', { name: /^Unpublish/ }).click();
  await expect(page.getByRole('row', { name: /Regional Follow-up Meeting/ })).toContainText('Draft');
});

test('the organiser area sends a visitor to sign in', async ({ page }, testInfo) => {
  await page.goto('/organiser');
  await ready(page, testInfo);
  await expect(page).toHaveURL(/\/login\?next=/);
});
