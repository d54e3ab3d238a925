import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { decodeShownCode, launch, openPage } from './support.mjs';

let browser;
before(async () => { browser = await launch(); });
after(() => browser?.close());

test('Wi-Fi helper escapes special characters and the code decodes to the WIFI: string', async () => {
  const { context, page, problems } = await openPage(browser);
  await page.getByRole('radio', { name: 'Wi-Fi' }).check();
  await page.getByLabel('Network name (SSID)').fill('Café;Net,"5G"');
  await page.getByLabel('Security').selectOption('WPA');
  await page.getByLabel('Password').fill('p@ss:w\\rd');
  await page.getByLabel('Hidden network').check();
  const expected = 'WIFI:T:WPA;S:Café\\;Net\\,\\"5G\\";P:p@ss\\:w\\\\rd;H:true;;';
  assert.equal(await page.getByLabel('Content', { exact: true }).inputValue(), expected);
  await page.getByRole('button', { name: 'Generate' }).click();
  assert.equal(await decodeShownCode(page), expected);
  assert.equal(await page.getByRole('img', { name: /^QR code/ }).getAttribute('alt'), 'QR code for Wi-Fi network Café;Net,"5G"');
  assert.deepEqual(problems, []);
  await context.close();
});

test('contact helper builds a vCard 3.0 that decodes intact, and stays editable', async () => {
  const { context, page, problems } = await openPage(browser);
  await page.getByRole('radio', { name: 'Contact' }).check();
  await page.getByLabel('Name', { exact: true }).fill('Ada Lovelace');
  await page.getByLabel('Organisation').fill('Engines, Ltd.');
  await page.getByRole('textbox', { name: 'Phone', exact: true }).fill('+44 (20) 7946-0958');
  const content = page.getByLabel('Content', { exact: true });
  const built = await content.inputValue();
  assert.match(built,
    /^BEGIN:VCARD\r?\nVERSION:3\.0\r?\nN:Ada Lovelace\r?\nFN:Ada Lovelace\r?\nORG:Engines\\, Ltd\.\r?\nTEL:\+442079460958\r?\nEND:VCARD$/);
  await content.fill(built.replace('END:VCARD', 'NOTE:edited by hand\nEND:VCARD'));
  await page.getByRole('button', { name: 'Generate' }).click();
  const decoded = await decodeShownCode(page);
  assert.match(decoded, /\r\nFN:Ada Lovelace\r\n/, 'CRLF line ends, as vCard 3.0 requires');
  assert.match(decoded, /\r\nTEL:\+442079460958\r\n/);
  assert.match(decoded, /\r\nNOTE:edited by hand\r\nEND:VCARD$/);
  assert.deepEqual(problems, []);
  await context.close();
});

test('helpers explain invalid input next to the field', async () => {
  const { context, page, problems } = await openPage(browser);
  await page.getByRole('radio', { name: 'Location' }).check();
  await page.getByLabel('Latitude').fill('123');
  await page.getByLabel('Longitude').fill('2');
  await page.getByLabel('Longitude').blur();
  await page.getByRole('alert').filter({ hasText: 'Latitude must be a number between -90 and 90' }).waitFor();
  assert.equal(await page.getByLabel('Latitude').getAttribute('aria-invalid'), 'true');
  await page.getByLabel('Latitude').fill('48.8584');
  await page.getByLabel('Latitude').blur();
  assert.equal(await page.getByLabel('Content', { exact: true }).inputValue(), 'geo:48.8584,2');
  assert.equal(await page.locator('#helper-error').isHidden(), true);
  assert.deepEqual(problems, []);
  await context.close();
});

test('Generate with an incomplete helper points at the missing helper field', async () => {
  const { context, page, problems } = await openPage(browser);
  await page.getByRole('radio', { name: 'Wi-Fi' }).check();
  await page.getByLabel('Network name (SSID)').fill('Office');
  await page.getByRole('button', { name: 'Generate' }).click();
  await page.getByRole('alert').filter({ hasText: 'Password is required for a secured network.' }).waitFor();
  await page.getByRole('alert').filter({ hasText: 'Content is empty: complete the fields above.' }).waitFor();
  assert.equal(await page.evaluate(() => document.activeElement.id), 'h-wifi-password');
  await page.getByLabel('Security').selectOption('nopass');
  assert.equal(await page.getByLabel('Content', { exact: true }).inputValue(), 'WIFI:T:nopass;S:Office;;');
  assert.equal(await page.getByLabel('Password').isDisabled(), true);
  assert.deepEqual(problems, []);
  await context.close();
});

test('phone, e-mail and link helpers build what the API builds, and refuse what it refuses', async () => {
  const { context, page, problems } = await openPage(browser);
  const content = page.getByLabel('Content', { exact: true });
  await page.getByRole('radio', { name: 'Phone' }).check();
  await page.getByRole('textbox', { name: 'Phone number' }).fill('+1 (555) 010-0100');
  assert.equal(await content.inputValue(), 'tel:+15550100100');
  await page.getByRole('radio', { name: 'E-mail' }).check();
  await page.getByLabel('To', { exact: true }).fill('ann@example.com');
  await page.getByLabel('Subject').fill("Hi (it's me)!");
  assert.equal(await content.inputValue(), 'mailto:ann@example.com?subject=Hi%20%28it%27s%20me%29%21');
  await page.getByRole('radio', { name: 'Link' }).check();
  await page.getByLabel('Web address').fill('ftp://files.example.com');
  await page.getByLabel('Web address').blur();
  await page.getByRole('alert').filter({ hasText: 'Enter a web address starting with http:// or https://' }).waitFor();
  assert.equal(await page.getByLabel('Web address').getAttribute('aria-invalid'), 'true');
  await page.getByLabel('Web address').fill('example.com/a');
  assert.equal(await content.inputValue(), 'https://example.com/a');
  assert.deepEqual(problems, []);
  await context.close();
});
