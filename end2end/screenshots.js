// Screenshots of the main pages at phone and laptop sizes, for looking at the design:
//   node screenshots.js http://127.0.0.1:3000 /tmp/shots
const { chromium } = require('playwright-core');

const pages = [
  ['home', '/'],
  ['forum', '/forums/regional-forum'],
  ['forum-sq-fallback', '/forums/tirana?lang=en'],
  ['forum-mk', '/forums/skopje?lang=mk'],
  ['agenda', '/forums/regional-forum/agenda'],
  ['session', '/forums/regional-forum/sessions/32'],
  ['speakers', '/forums/regional-forum/speakers'],
  ['announcement', '/announcements/1'],
  ['login', '/login'],
  ['register', '/forums/regional-forum/register'],
  ['lost-link', '/registration/lost'],
  ['notfound', '/forums/nope'],
];

(async () => {
  const [base, out] = process.argv.slice(2);
  const browser = await chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking'],
  });
  for (const [w, h] of [[390, 844], [1280, 800]]) {
    const context = await browser.newContext({ viewport: { width: w, height: h } });
    const page = await context.newPage();
    for (const [name, path] of pages) {
      await page.goto(base + path);
      await page.screenshot({ path: `${out}/${name}-${w}.png`, fullPage: true });
    }
    await page.goto(base + '/login?lang=en');
    await page.getByLabel('Email address').fill('organiser@agora.example');
    await page.getByLabel('Password').fill('agora-demo-2026');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.waitForURL(/organiser/);
    await page.screenshot({ path: `${out}/organiser-${w}.png`, fullPage: true });
    await page.goto(base + '/organiser/forums/belgrade/edit');
    await page.screenshot({ path: `${out}/forum-form-${w}.png`, fullPage: true });
    await page.goto(base + '/organiser/forums/regional-forum/agenda');
    await page.screenshot({ path: `${out}/agenda-admin-${w}.png`, fullPage: true });
    await page.goto(base + '/organiser/forums/regional-forum/sessions/new');
    await page.screenshot({ path: `${out}/session-form-${w}.png`, fullPage: true });
    await page.goto(base + '/organiser/forums/belgrade/documents');
    await page.screenshot({ path: `${out}/documents-admin-${w}.png`, fullPage: true });
    await page.goto(base + '/organiser/announcements/new');
    await page.screenshot({ path: `${out}/announcement-form-${w}.png`, fullPage: true });
    await page.goto(base + '/organiser/forums/regional-forum/registrations?status=pending');
    await page.screenshot({ path: `${out}/registrations-${w}.png`, fullPage: true });
    await page.goto(base + '/organiser/forums/regional-forum/registrations/5');
    await page.screenshot({ path: `${out}/registration-one-${w}.png`, fullPage: true });
    await page.goto(base + '/organiser/forums/regional-forum/invitations');
    await page.screenshot({ path: `${out}/invitations-${w}.png`, fullPage: true });
    await page.goto(base + '/organiser/forums/regional-forum/questions');
    await page.screenshot({ path: `${out}/questions-${w}.png`, fullPage: true });
    await page.goto(base + '/organiser/translations/forums/belgrade?to=mk');
    await page.screenshot({ path: `${out}/translations-${w}.png`, fullPage: true });
    await page.goto(base + '/organiser/forums/regional-forum/checkin');
    await page.screenshot({ path: `${out}/checkin-admin-${w}.png`, fullPage: true });
    await page.goto(base + '/checkin/regional-forum');
    await page.screenshot({ path: `${out}/checkin-lists-${w}.png`, fullPage: true });
    await page.goto(base + '/checkin/regional-forum/entry?q=a');
    await page.screenshot({ path: `${out}/scanner-${w}.png`, fullPage: true });
    await page.goto(base + '/checkin/regional-forum/entry/counts');
    await page.screenshot({ path: `${out}/counts-${w}.png`, fullPage: true });
    await context.close();
  }
  await browser.close();
})();
