const { test, expect } = require('@playwright/test');
const { ready, expectNoAxeViolations, signIn } = require('./helpers');

test('switching language renders the page in that language and remembers it', async ({ page }, testInfo) => {
  await page.goto('/forums/skopje');
  await ready(page, testInfo);
  await page.locator('.lang-menu summary').click();
  await page.getByRole('link', { name: 'Македонски' }).click();
  await expect(page.locator('html')).toHaveAttribute('lang', 'mk');
  await expect(page).toHaveURL(/\/forums\/skopje\?lang=mk$/);
  await expect(page.getByRole('navigation', { name: 'Главна навигација' }).getByRole('link', { name: 'Форуми' })).toBeVisible();
  await expectNoAxeViolations(page);
  await page.goto('/');
  await expect(page.locator('html')).toHaveAttribute('lang', 'mk');
  await page.goto('/?lang=en');
  await expect(page.locator('html')).toHaveAttribute('lang', 'en');
});

test('the browser language decides the first visit', async ({ browser }) => {
  const context = await browser.newContext({ locale: 'sq-AL', javaScriptEnabled: true });
  const page = await context.newPage();
  await page.goto('/');
  await expect(page.locator('html')).toHaveAttribute('lang', 'sq');
  await expect(page.getByRole('link', { name: 'Forumet' }).first()).toBeVisible();
  await context.close();
});

test('switching the agenda to each language shows the programme in it', async ({ page }, testInfo) => {
  // The demo's regional forum is translated into every language (Serbian Cyrillic by
  // transliteration of the Serbian Latin text).
  const closing = {
    Shqip: ['sq', 'Seanca plenare përmbyllëse: miratimi i rekomandimeve rajonale'],
    Srpski: ['sr', 'Završna plenarna sednica: usvajanje regionalnih preporuka'],
    'Српски': ['sr-Cyrl', 'Завршна пленарна седница: усвајање регионалних препорука'],
    'Македонски': ['mk', 'Завршна пленарна сесија: усвојување на регионалните препораки'],
    Bosanski: ['bs', 'Završna plenarna sesija: usvajanje regionalnih preporuka'],
    Crnogorski: ['cnr', 'Završna plenarna sjednica: usvajanje regionalnih preporuka'],
    English: ['en', 'Closing plenary: adopting the regional recommendations'],
  };
  await page.goto('/forums/regional-forum/agenda?lang=en');
  for (const [name, [code, title]] of Object.entries(closing)) {
    await ready(page, testInfo);
    await page.locator('.lang-menu summary').click();
    await page.getByRole('link', { name, exact: true }).click();
    await expect(page.locator('html')).toHaveAttribute('lang', code);
    const link = page.getByRole('link', { name: title });
    await expect(link).toBeVisible();
    await expect(link.locator('span')).toHaveAttribute('lang', code);
    await expect(page.locator('.agenda .fallback-note, main .fallback-note')).toHaveCount(0);
    if (code === 'mk') await expectNoAxeViolations(page);
  }
});

test('the organiser sees which translations are missing and opens a language to complete it', async ({ page }, testInfo) => {
  await signIn(page, testInfo, 'organiser@agora.example');
  await page.goto('/organiser/forums/belgrade/agenda?lang=en');
  await ready(page, testInfo);
  const status = page.getByRole('region', { name: 'Translations' });
  const albanian = status.getByRole('row', { name: /Shqip/ });
  await expect(albanian).toContainText(/\d+ of \d+ texts missing/);
  await expect(status.getByRole('row', { name: /English/ })).toHaveCount(0);
  await expectNoAxeViolations(page);
  await albanian.getByRole('link', { name: 'Shqip' }).click();
  await expect(page).toHaveURL(/\/organiser\/translations\/forums\/belgrade\?to=sq/);
  await expect(page.getByRole('heading', { level: 2, name: 'Sessions' })).toBeVisible();
  await expect(page.getByRole('navigation', { name: 'Target language' }).getByRole('link', { name: /Shqip/ })).toHaveAttribute('aria-current', 'page');
  await expectNoAxeViolations(page);
});
