const { test, expect } = require('@playwright/test');
const fs = require('fs');
const path = require('path');
const { ready, expectNoAxeViolations, signIn } = require('./helpers');

/// The decline link of the newest invitation emailed to `address` (from the server's outbox).
function declineLinkFor(address) {
  const dir = path.join(process.env.E2E_DATA_DIR, 'outbox');
  if (!fs.existsSync(dir)) return null;
  const files = fs.readdirSync(dir).filter((f) => f.endsWith('.eml')).sort().reverse();
  for (const file of files) {
    const text = fs.readFileSync(path.join(dir, file), 'utf8').replace(/=\r?\n/g, '').replace(/=3D/g, '=');
    if (text.includes(`To: ${address}`)) {
      const match = text.match(/\/forums\/[a-z0-9-]+\/decline\?invite=[A-Z0-9-]+/);
      if (match) return match[0];
    }
  }
  return null;
}

test('an invitee declines from the email link and proposes a colleague, whom the organiser invites', async ({ page, browser }, testInfo) => {
  const tag = testInfo.project.name;
  const invitee = `vesna.${tag}@example.org`;
  await page.setViewportSize({ width: 390, height: 844 });
  await signIn(page, testInfo, 'organiser@agora.example');
  await expect(page).toHaveURL(/\/organiser/);
  await page.goto('/organiser/forums/regional-forum/invitations');
  await ready(page, testInfo);
  await page.locator('#invite-name').fill('Vesna Ilievska');
  await page.locator('#invite-email').fill(invitee);
  await page.getByRole('button', { name: 'Create invitations' }).click();
  await expect(page.getByRole('row').filter({ hasText: invitee })).toContainText('Not answered');

  let link = null;
  await expect.poll(() => (link = declineLinkFor(invitee)), { timeout: 15_000 }).not.toBeNull();

  // The invitee, on a phone without JavaScript (in the no-js project), answers.
  const context = await browser.newContext({ viewport: { width: 390, height: 844 }, javaScriptEnabled: testInfo.project.use.javaScriptEnabled });
  const phone = await context.newPage();
  await phone.goto(link);
  await expect(phone.getByRole('heading', { level: 1 })).toHaveText('I cannot come');
  await expect(phone.getByText('Dear Vesna Ilievska,')).toBeVisible();
  await expectNoAxeViolations(phone);
  await phone.getByLabel('A note for the organisers').fill('I am at another conference that week.');
  const colleague = phone.getByRole('group', { name: 'Send a colleague instead' });
  await colleague.getByLabel('Full name').fill('Goran Stojanovski');
  await colleague.getByLabel('Email address').fill(`goran.${tag}@example.org`);
  await colleague.getByLabel('Organisation').fill('MCIC');
  await phone.screenshot({ path: testInfo.outputPath('decline-390.png'), fullPage: true });
  await phone.getByRole('button', { name: 'Send my answer: I cannot come' }).click();
  await expect(phone.getByRole('status').filter({ hasText: 'Thank you for letting us know.' })).toBeVisible();
  await expect(phone.getByText('The organisers will consider inviting Goran Stojanovski.')).toBeVisible();
  await expectNoAxeViolations(phone);
  await context.close();

  // The organiser sees the answer, filters by state and invites the colleague.
  await page.goto('/organiser/forums/regional-forum/invitations?state=proposed');
  await ready(page, testInfo);
  const row = page.getByRole('row').filter({ hasText: `goran.${tag}@example.org` });
  await expect(row).toContainText('Proposed by Vesna Ilievska');
  await expectNoAxeViolations(page);
  await row.getByRole('button', { name: /^Invite/ }).click();
  await page.goto('/organiser/forums/regional-forum/invitations?state=declined');
  await expect(page.getByRole('row').filter({ hasText: invitee })).toContainText('I am at another conference that week.');
  await page.setViewportSize({ width: 1280, height: 800 });
  await page.screenshot({ path: testInfo.outputPath('invitations-1280.png'), fullPage: true });
  await page.goto('/organiser/forums/regional-forum/invitations?state=invited');
  await expect(page.getByRole('row').filter({ hasText: `goran.${tag}@example.org` })).toContainText('Not answered');
});
