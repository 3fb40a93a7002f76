const { test, expect } = require('@playwright/test');
const { ready, expectNoAxeViolations, signIn } = require('./helpers');

test('a participant answers the forum’s own questions, edits the answers later, and can ask for a lost link', async ({ page }, testInfo) => {
  await page.setViewportSize({ width: 390, height: 844 });
  await page.goto('/forums/regional-forum/register');
  await ready(page, testInfo);
  await expect(page.getByRole('group', { name: /Which working group will you join\?/ })).toBeVisible();
  await expectNoAxeViolations(page);

  const email = `goran.${testInfo.project.name}@example.org`;
  await page.getByLabel('Full name').fill('Goran Stojanovski');
  await page.getByLabel('Email address').fill(email);
  await page.getByLabel('Organisation').fill('MCIC');
  await page.getByLabel('Country', { exact: true }).selectOption('MK');
  await page.getByLabel('Stakeholder group').selectOption({ label: 'Civil-society organisations' });
  await page.getByLabel(/I have read the privacy notice/).check();
  // The required question is left out first: the error sits next to it, nothing typed is lost.
  await page.getByRole('button', { name: 'Register' }).click();
  await expect(page.getByText('This field is required.')).toBeVisible();
  await expect(page.getByLabel('Full name')).toHaveValue('Goran Stojanovski');
  await page.getByLabel('Education').check();
  await page.getByLabel(/I have read the privacy notice/).check();
  await page.getByRole('button', { name: 'Register' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Please check your inbox');

  await page.goto('/registration/lost');
  await ready(page, testInfo);
  await expectNoAxeViolations(page);
  await page.getByLabel('Email address').fill(email);
  await page.getByRole('button', { name: 'Email me my link' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Check your inbox');
});

test('an organiser approves pending registrations in bulk, invites by code and adds a question', async ({ page }, testInfo) => {
  await signIn(page, testInfo, 'organiser@agora.example');
  await expect(page).toHaveURL(/\/organiser/);
  await page.goto('/organiser/forums/regional-forum/registrations?status=pending&sort=oldest');
  await ready(page, testInfo);
  await expectNoAxeViolations(page);
  const list = page.locator('section[aria-labelledby="list-heading"]');
  const first = list.locator('tbody tr').first();
  const name = (await first.locator('th a').innerText()).trim();
  await first.locator('input[type=checkbox]').check();
  await page.getByRole('button', { name: 'Approve ticked registrations' }).click();
  await expect(list.locator('tbody th a', { hasText: name })).toHaveCount(0);

  // The person's own page in the organiser's view: approved now.
  await page.goto('/organiser/forums/regional-forum/registrations?q=' + encodeURIComponent(name) + '&sort=oldest');
  await page.locator('section[aria-labelledby="list-heading"] tbody th a', { hasText: name }).first().click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(name);
  await ready(page, testInfo);
  await expectNoAxeViolations(page);

  await page.goto('/organiser/forums/regional-forum/invitations');
  await ready(page, testInfo);
  const before = await page.locator('code.code').count();
  await page.getByLabel('How many codes').fill('2');
  await page.getByRole('button', { name: 'Create invitations' }).click();
  await expect(page.locator('code.code')).toHaveCount(before + 2);
  await expect(page.locator('code.code').first()).toHaveText(/^[A-Z2-7]{5}(-[A-Z2-7]{5}){4}[A-Z2-7]$/);
  await expectNoAxeViolations(page);

  await page.goto('/organiser/forums/regional-forum/questions');
  await ready(page, testInfo);
  await expect(page.locator('.question-list strong', { hasText: 'Which working group will you join?' })).toBeVisible();
  await page.getByLabel('Kind of answer').selectOption('short');
  await page.locator('#question-label-en').fill(`Your arrival city (${testInfo.project.name})`);
  await page.locator('#question-label-sq').fill(`Qyteti i mbërritjes (${testInfo.project.name})`);
  await page.getByRole('button', { name: 'Add a question' }).click();
  await expect(page.locator('.question-list strong', { hasText: `Your arrival city (${testInfo.project.name})` })).toBeVisible();
  await expectNoAxeViolations(page);
});
