const { test, expect } = require('@playwright/test');
const { ready, expectNoAxeViolations, registerParticipant } = require('./helpers');

test('the privacy notice is linked from the registration form and readable in each language', async ({ page }, testInfo) => {
  await page.goto('/forums/regional-forum/register');
  await ready(page, testInfo);
  const link = page.getByRole('link', { name: /Read the privacy notice/ });
  const href = await link.getAttribute('href');
  expect(href).toMatch(/^\/privacy\/\d+\/\d+$/);
  await page.goto(href);
  await ready(page, testInfo);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Privacy notice');
  await expect(page.locator('article[lang="en"]')).toContainText('Who we are');
  await expectNoAxeViolations(page);
  for (const [lang, heading] of [['sq', null], ['sr', null], ['sr-Cyrl', null], ['mk', null], ['bs', null], ['cnr', null]]) {
    await page.goto(`${href}?lang=${lang}`);
    await expect(page.locator('html')).toHaveAttribute('lang', lang);
    const article = page.locator(`article[lang="${lang}"]`);
    await expect(article).toBeVisible();
    await expect(article).not.toContainText('Who we are');
    await expect(page.getByRole('heading', { level: 1 })).not.toHaveText(heading || 'Privacy notice');
  }
});

test('a participant reads, downloads and erases their data from the manage page', async ({ page }, testInfo) => {
  await page.setViewportSize({ width: 390, height: 844 });
  const email = `erase.${testInfo.project.name}@example.org`;
  const link = await registerParticipant(page, testInfo, 'Dren Erasable', email);
  await page.goto(link);
  await ready(page, testInfo);
  const yours = page.getByRole('region', { name: 'Your data' });
  await expect(yours).toBeVisible();

  // A consent given separately, then withdrawn.
  const listed = yours.locator('li.consent', { hasText: 'named in the forum' });
  await expect(listed).toContainText('Not given');
  await listed.getByRole('button', { name: 'Give consent' }).click();
  await expect(page.getByRole('region', { name: 'Your data' }).locator('li.consent', { hasText: 'named in the forum' })).toContainText('Given on');
  await page.getByRole('region', { name: 'Your data' }).locator('li.consent', { hasText: 'named in the forum' }).getByRole('button', { name: 'Withdraw consent' }).click();
  await expect(page.getByRole('region', { name: 'Your data' }).locator('li.consent', { hasText: 'named in the forum' })).toContainText('Withdrawn on');
  await expectNoAxeViolations(page);

  // Everything Agora holds, as a page and as a JSON file.
  await page.getByRole('link', { name: 'See my data' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('My data');
  await expect(page.getByText('Dren Erasable')).toBeVisible();
  await expect(page.getByRole('heading', { name: 'Status history' })).toBeVisible();
  await ready(page, testInfo);
  await expectNoAxeViolations(page);
  const json = await page.request.get(`${link}/data.json`);
  expect(json.status()).toBe(200);
  const data = await json.json();
  expect(data.email).toBe(email);
  expect(data.consents.find((c) => c.kind === 'listed').withdrawn_at).toBeTruthy();

  // Erasure asks first.
  await page.goto(`${link}/erase`);
  await ready(page, testInfo);
  await expectNoAxeViolations(page);
  await page.getByRole('button', { name: 'Erase my registration' }).click();
  await expect(page.getByText('Tick the box to confirm the erasure.')).toBeVisible();
  await page.getByLabel('I understand that this cannot be undone.').check();
  await page.getByRole('button', { name: 'Erase my registration' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Your registration is erased');
  const gone = await page.goto(link);
  expect(gone.status()).toBe(404);
});

test('an organiser sets the retention of a forum and sees when its data is erased', async ({ page }, testInfo) => {
  const { signIn } = require('./helpers');
  await signIn(page, testInfo, 'organiser@agora.example');
  // Each project has a forum of its own (they share one server).
  const slug = testInfo.project.name === 'no-js' ? 'podgorica' : 'pristina';
  await page.goto(`/organiser/forums/${slug}/privacy`);
  await ready(page, testInfo);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Privacy and team');
  await expect(page.getByText(/will be erased on/)).toContainText('180 days');
  await page.getByLabel('Days after the forum ends').fill('5');
  await page.getByRole('button', { name: 'Save retention' }).click();
  await expect(page.getByText('Choose a number of days within the limits shown.')).toBeVisible();
  await page.getByLabel('Days after the forum ends').fill('90');
  await page.getByRole('button', { name: 'Save retention' }).click();
  await expect(page.getByText(/will be erased on/)).toContainText('90 days');
  await expectNoAxeViolations(page);
});
