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
  assert.match(await page.getByRole('status').textContent(), /not accepted/);
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
