import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { generate, launch, openPage } from './support.mjs';

let browser;
before(async () => { browser = await launch(); });
after(() => browser?.close());

const rejected = [/status of 422/];

test('an empty submission is explained in a role="alert" next to Content', async () => {
  const { context, page, problems } = await openPage(browser);
  await page.getByRole('button', { name: 'Generate' }).click();
  const alert = page.getByRole('alert').filter({ hasText: /Content is empty/ });
  await alert.waitFor();
  assert.equal(await page.locator('#content-error').isVisible(), true);
  assert.equal(await page.getByLabel('Content', { exact: true }).getAttribute('aria-invalid'), 'true');
  assert.equal(await page.evaluate(() => document.activeElement.id), 'content');
  await page.getByLabel('Content', { exact: true }).fill('now it has content');
  assert.equal(await alert.count(), 0, 'the alert goes once the field is fixed');
  assert.deepEqual(problems, []);
  await context.close();
});

test('too-long content shows the API problem detail next to Content', async () => {
  const { context, page, problems } = await openPage(browser, { expected: rejected });
  await generate(page, 'x'.repeat(3000));
  const alert = page.locator('#content-error[role="alert"]');
  await alert.filter({ hasText: /too long/ }).waitFor();
  assert.match(await alert.textContent(), /^Content is too long for a QR code at error correction M/);
  assert.match(await page.getByRole('status').textContent(), /Nothing was generated/);
  assert.deepEqual(problems, []);
  await context.close();
});

test('a colour pair too weak to scan is reported next to the colour field', async () => {
  const { context, page, problems } = await openPage(browser, { expected: rejected });
  await page.locator('#options summary').click();
  await page.getByLabel('Foreground colour').fill('#dddddd');
  await page.locator('#options summary').click();
  await generate(page, 'low contrast');
  const alert = page.locator('#foreground-error[role="alert"]');
  await alert.filter({ hasText: /^Foreground colour contrast/ }).waitFor();
  assert.equal(await page.locator('#options').getAttribute('open'), '', 'options are opened to show the field');
  assert.equal(await page.evaluate(() => document.activeElement.id), 'foreground');
  assert.deepEqual(problems, []);
  await context.close();
});

test('a job that fails on the server is reported in a role="alert" with its reason', async () => {
  const { context, page, problems } = await openPage(browser);
  await page.route(/\/api\/v1\/jobs\/[^/]+$/, async (route) => {
    const response = await route.fetch();
    const job = { ...(await response.json()), status: 'FAILED', imageUrl: null, error: 'Rendering failed after 3 attempts.' };
    await route.fulfill({ response, json: job });
  });
  await generate(page, `failing ${Date.now()}`);
  await page.getByRole('alert').filter({ hasText: 'Rendering failed after 3 attempts.' }).waitFor();
  assert.equal(await page.locator('#progress').evaluate((p) => p.value), 0);
  assert.deepEqual(problems, []);
  await context.close();
});
