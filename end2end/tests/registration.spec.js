const { test, expect } = require('@playwright/test');
const { ready, expectNoAxeViolations } = require('./helpers');

test('a participant registers on a phone; a missing consent is explained and nothing typed is lost', async ({ page }, testInfo) => {
  await page.setViewportSize({ width: 390, height: 844 });
  await page.goto('/forums/sarajevo');
  await ready(page, testInfo);
  await page.getByRole('link', { name: 'Register', exact: true }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Register for National Forum Bosnia and Herzegovina');
  await ready(page, testInfo);
  await expectNoAxeViolations(page);

  const email = `amina.${testInfo.project.name}@example.org`;
  await page.getByLabel('Full name').fill('Amina Hodžić');
  await page.getByLabel('Email address').fill(email);
  await page.getByLabel('Organisation').fill('Centar civilnih inicijativa');
  await page.getByLabel('Country', { exact: true }).selectOption('BA');
  await page.getByLabel('Stakeholder group').selectOption({ label: 'Youth' });
  await page.getByRole('button', { name: 'Register' }).click();

  await expect(page.getByText('Please confirm that you have read the privacy notice.')).toBeVisible();
  await expect(page.getByLabel('Full name')).toHaveValue('Amina Hodžić');
  await expect(page.getByLabel('Email address')).toHaveValue(email);

  await page.getByLabel(/I have read the privacy notice/).check();
  await page.getByRole('button', { name: 'Register' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Please check your inbox');
  await ready(page, testInfo);
  await expectNoAxeViolations(page);
});
