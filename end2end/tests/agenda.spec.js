const { test, expect } = require('@playwright/test');
const { ready, expectNoAxeViolations, signIn, watchConsole } = require('./helpers');

function escape(text) {
  return text.replace(/[()]/g, '\\$&');
}

test('an organiser builds an agenda with parallel sessions and an announcement; a visitor reads them', async ({ page, browser }, testInfo) => {
  test.setTimeout(90_000);
  const project = testInfo.project.name;
  const slug = `struga-${project}`;
  const title = `Struga Forum (${project})`;
  await signIn(page, testInfo, 'organiser@agora.example');
  await expect(page).toHaveURL(/\/organiser$/);

  // A new forum.
  await page.getByRole('link', { name: 'New forum' }).click();
  await ready(page, testInfo);
  await page.getByLabel('Title').fill(title);
  await page.getByLabel('Web address').fill(slug);
  await page.getByLabel('City').fill('Struga');
  await page.getByLabel('Country').selectOption('MK');
  await page.getByLabel('Venue').fill('Hotel Drim');
  await page.getByLabel('First day').fill('2027-06-14');
  await page.getByLabel('Last day').fill('2027-06-15');
  await page.getByLabel('Time zone').selectOption('Europe/Skopje');
  await page.getByLabel('Seats').fill('90');
  await page.getByRole('button', { name: 'Save forum' }).click();
  await expect(page).toHaveURL(/\/organiser$/);

  // Two rooms on its agenda screen.
  const row = page.getByRole('row', { name: new RegExp(escape(title)) });
  await row.getByRole('link', { name: /^Agenda/ }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(`Agenda: ${title}`);
  await ready(page, testInfo);
  await expectNoAxeViolations(page);
  for (const room of ['Lake Hall', 'Garden Room']) {
    await page.locator('#room-new-name').fill(room);
    await page.locator('#room-new-capacity').fill('60');
    await page.locator('form:has(#room-new-name)').getByRole('button', { name: 'Save' }).click();
    await expect(page.locator('.item-list').getByText(room, { exact: true })).toBeVisible();
    await ready(page, testInfo);
  }

  // Two sessions at the same time in different rooms; a third in an occupied room is refused.
  const addSession = async (name, room, expectOk = true) => {
    await page.getByRole('link', { name: 'Add a session' }).click();
    await expect(page.getByRole('heading', { level: 1, name: 'New session' })).toBeVisible();
    await ready(page, testInfo);
    await page.getByLabel('Title').fill(name);
    await page.getByLabel('Type').selectOption('panel');
    await page.getByLabel('Starts').fill('10:00');
    await page.getByLabel('Ends').fill('11:30');
    await page.getByLabel('Room').selectOption({ label: room });
    await page.getByRole('button', { name: 'Save' }).click();
    if (expectOk) {
      await expect(page.getByRole('heading', { level: 1 })).toHaveText(`Agenda: ${title}`);
      await ready(page, testInfo);
    }
  };
  await addSession('Panel on water', 'Lake Hall');
  await addSession('Panel on tourism', 'Garden Room');
  await addSession('Double booked', 'Lake Hall', false);
  await expect(page.getByText('This room already holds another session at that time.').first()).toBeVisible();
  await expect(page.getByLabel('Title')).toHaveValue('Double booked');
  await page.getByRole('link', { name: 'Back to the agenda' }).click();
  await expect(page.getByRole('cell', { name: 'Lake Hall' })).toHaveCount(1);

  // An announcement for the forum.
  await page.goto('/organiser/announcements/new');
  await ready(page, testInfo);
  await page.getByLabel('Title').fill(`Rooms announced (${project})`);
  await page.getByLabel('For').selectOption({ label: title });
  await page.getByLabel('Text').fill('Panels run **in parallel** in the Lake Hall and the Garden Room.');
  await page.getByLabel('Status').selectOption('published');
  await page.getByRole('button', { name: 'Save' }).click();
  await expect(page).toHaveURL(/\/organiser\/announcements$/);
  await expect(page.getByRole('link', { name: `Rooms announced (${project})` })).toBeVisible();

  // Publish the forum.
  await page.goto('/organiser');
  await ready(page, testInfo);
  await page.getByRole('row', { name: new RegExp(escape(title)) }).getByRole('button', { name: /^Publish/ }).click();
  await expect(page.getByRole('row', { name: new RegExp(escape(title)) })).toContainText('Published');

  // A visitor sees the news, the agenda with both parallel sessions and a page per session.
  const visitor = await browser.newPage({ javaScriptEnabled: testInfo.project.use.javaScriptEnabled !== false });
  const problems = watchConsole(visitor);
  await visitor.goto(`/forums/${slug}`);
  await expect(visitor.getByRole('heading', { level: 1 })).toHaveText(title);
  await visitor.getByRole('link', { name: `Rooms announced (${project})` }).click();
  await expect(visitor.getByRole('heading', { level: 1 })).toHaveText(`Rooms announced (${project})`);
  await expect(visitor.locator('.prose strong')).toHaveText('in parallel');
  await visitor.goto(`/forums/${slug}/agenda`);
  await expect(visitor.getByRole('link', { name: 'Panel on water' })).toBeVisible();
  await expect(visitor.getByRole('link', { name: 'Panel on tourism' })).toBeVisible();
  await expect(visitor.getByText('Double booked')).toHaveCount(0);
  await visitor.getByRole('link', { name: 'Panel on tourism' }).click();
  await expect(visitor.getByRole('heading', { level: 1 })).toHaveText('Panel on tourism');
  await expect(visitor.getByText('Garden Room')).toBeVisible();
  expect(problems).toEqual([]);
  await visitor.close();
});

test('the public agenda is a time grid on wide screens and a list on phones, and passes axe', async ({ page }, testInfo) => {
  await page.setViewportSize({ width: 1280, height: 800 });
  await page.goto('/forums/regional-forum/agenda');
  await ready(page, testInfo);
  const first = page.getByRole('link', { name: 'Panel: social protection for vulnerable groups' });
  const second = page.getByRole('link', { name: 'Panel: small businesses and workers after the lockdowns' });
  let a = await first.boundingBox();
  let b = await second.boundingBox();
  expect(Math.abs(a.y - b.y)).toBeLessThan(4);
  expect(b.x).toBeGreaterThan(a.x + 100);
  await expectNoAxeViolations(page);

  await page.setViewportSize({ width: 390, height: 844 });
  a = await first.boundingBox();
  b = await second.boundingBox();
  expect(b.y).toBeGreaterThan(a.y + 20);
  expect(Math.abs(a.x - b.x)).toBeLessThan(4);

  // The filter works by plain links and forms.
  await page.getByLabel('Room', { exact: true }).selectOption({ label: 'Room Ohrid' });
  await page.getByRole('button', { name: 'Show' }).click();
  await expect(page).toHaveURL(/room=/);
  await expect(page.getByRole('link', { name: 'Panel: transparency of emergency spending' })).toBeVisible();
  await expect(page.getByRole('link', { name: 'Panel: social protection for vulnerable groups' })).toHaveCount(0);

  for (const path of ['/forums/regional-forum/speakers', '/forums/regional-forum', '/']) {
    await page.goto(path);
    await ready(page, testInfo);
    await expectNoAxeViolations(page);
  }
  await page.goto('/forums/regional-forum/agenda');
  await page.getByRole('link', { name: 'Opening: what the Covid-19 crisis taught the region' }).click();
  await expect(page.getByRole('heading', { level: 2, name: 'Chairs' })).toBeVisible();
  await ready(page, testInfo);
  await expectNoAxeViolations(page);
});
