import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { BASE_URL, decodePng, decodeShownCode, decodeSvg, generate, launch, openPage, screenshot } from './support.mjs';

let browser;
before(async () => { browser = await launch(); });
after(() => browser?.close());

test('a URL typed into Content becomes a verified code that decodes to it', async () => {
  const { context, page, problems } = await openPage(browser);
  const statuses = [];
  await page.exposeFunction('recordStatus', (text) => statuses.push(text));
  await page.evaluate(() => new MutationObserver(() => window.recordStatus(document.getElementById('status').textContent))
    .observe(document.getElementById('status'), { childList: true, characterData: true, subtree: true }));
  const url = `https://example.com/qr-fleet?run=${Date.now()}`;
  const started = Date.now();
  await generate(page, url);
  assert.equal(await decodeShownCode(page), url);
  assert.ok(Date.now() - started < 10_000, 'the code appears within seconds');
  assert.match((await page.getByRole('img', { name: /^QR code/ }).getAttribute('alt')), /^QR code for https:\/\/example\.com/);
  assert.match(await page.locator('#verified').textContent(), /Verified/);
  assert.equal(await page.locator('#progress').evaluate((p) => p.value), 100);
  assert.ok(statuses.some((s) => s.startsWith('Queued')), `queued was shown: ${statuses.join(' | ')}`);
  assert.match(statuses.at(-1), /^Done/);
  await screenshot(page, 'desktop.png');
  assert.deepEqual(problems, []);
  await context.close();
});

test('PNG and SVG downloads decode to the content, with sensible file names', async () => {
  const { context, page, problems } = await openPage(browser);
  const text = `Download test ${Date.now()}`;
  await generate(page, text);
  assert.equal(await decodeShownCode(page), text);

  const [png] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Download PNG' }).click()]);
  assert.match(png.suggestedFilename(), /^qr-download-test-\d+\.png$/);
  assert.equal(await decodePng(await readFile(await png.path())), text);

  const [svg] = await Promise.all([
    page.waitForEvent('download', { timeout: 15_000 }),
    page.getByRole('button', { name: 'Download SVG' }).click(),
  ]);
  assert.match(svg.suggestedFilename(), /^qr-download-test-\d+\.svg$/);
  const markup = await readFile(await svg.path(), 'utf8');
  assert.match(markup, /<svg[\s>]/);
  assert.equal(await decodeSvg(browser, markup), text);
  assert.deepEqual(problems, []);
  await context.close();
});

test('SVG chosen in the options is shown and downloaded as SVG', async () => {
  const { context, page, problems } = await openPage(browser);
  await page.locator('#options summary').click();
  await page.getByRole('radio', { name: 'SVG' }).check();
  await page.getByLabel('Size (pixels)').fill('300');
  const text = `svg option ${Date.now()}`;
  await generate(page, text);
  assert.equal(await decodeShownCode(page), text);
  const [svg] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Download SVG' }).click()]);
  assert.equal(await decodeSvg(browser, await readFile(await svg.path(), 'utf8')), text);
  assert.deepEqual(problems, []);
  await context.close();
});

test('copy link puts the absolute image URL on the clipboard', async () => {
  const { context, page, problems } = await openPage(browser, { permissions: ['clipboard-read', 'clipboard-write'] });
  await generate(page, `copy ${Date.now()}`);
  await decodeShownCode(page);
  await page.getByRole('button', { name: 'Copy image link' }).click();
  await page.getByRole('status').filter({ hasText: 'copied' }).waitFor();
  const copied = await page.evaluate(() => navigator.clipboard.readText());
  assert.match(copied, /^https?:\/\/.+\/api\/v1\/jobs\/[0-9a-f-]{36}\/image$/);
  const image = await context.request.get(copied);
  assert.equal(image.status(), 200);
  assert.deepEqual(problems, []);
  await context.close();
});

test('the embed link and <img> snippet give the same code by URL, and copy', async () => {
  const { context, page, problems } = await openPage(browser, { permissions: ['clipboard-read', 'clipboard-write'] });
  const text = `embed ${Date.now()}`;
  await page.locator('#options summary').click();
  await page.getByLabel('Size (pixels)').fill('300');
  await generate(page, text);
  await decodeShownCode(page);

  const link = await page.getByLabel(/Link to the image/).inputValue();
  assert.match(link, /^https?:\/\/.+\/api\/v1\/qr\?data=embed\+\d+&size=300$/);
  await page.getByRole('button', { name: 'Copy link' }).click();
  await page.getByRole('status').filter({ hasText: 'Embed link copied' }).waitFor();
  assert.equal(await page.evaluate(() => navigator.clipboard.readText()), link);
  const response = await context.request.get(link);
  assert.equal(response.status(), 200);
  assert.equal(response.headers()['content-type'], 'image/png');
  assert.equal(await decodePng(await response.body()), text);

  await page.getByRole('button', { name: 'Copy HTML' }).click();
  await page.getByRole('status').filter({ hasText: 'HTML snippet copied' }).waitFor();
  const html = await page.evaluate(() => navigator.clipboard.readText());
  assert.match(html, /^<img src="[^"]+" width="300" height="300" alt="QR code for embed \d+">$/);
  const embedding = await context.newPage();
  await embedding.setContent(`<!doctype html><body>${html}</body>`);
  await embedding.waitForFunction(() => document.images[0].complete && document.images[0].naturalWidth === 300);
  assert.deepEqual(problems, []);
  await context.close();
});

test('a goQR-style URL gives a 200x200 SVG code in its colours that decodes', async () => {
  const text = `goQR ${Date.now()}`;
  const page = await browser.newPage();
  const response = await page.request.get(`${BASE_URL}/v1/create-qr-code/?data=${encodeURIComponent(text)}`
    + '&size=200x200&color=255-0-0&bgcolor=ffffcc&qzone=2&format=svg');
  assert.equal(response.status(), 200);
  assert.equal(response.headers()['content-type'], 'image/svg+xml');
  const markup = await response.text();
  assert.match(markup, /<svg [^>]*width="200" height="200"/);
  assert.match(markup, /<rect [^>]*fill="#FFFFCC"\/><path fill="#FF0000"/);
  assert.equal(await decodeSvg(browser, markup), text);
  await page.close();
});

test('without clipboard access the link is selected for copying by hand', async () => {
  const { context, page, problems } = await openPage(browser);
  await page.addInitScript(() => Object.defineProperty(navigator, 'clipboard', { value: undefined }));
  await page.reload();
  await generate(page, `copy by hand ${Date.now()}`);
  await decodeShownCode(page);
  await page.getByRole('button', { name: 'Copy image link' }).click();
  const field = page.getByLabel('Image link');
  assert.match(await field.inputValue(), /\/api\/v1\/jobs\/[0-9a-f-]{36}\/image$/);
  assert.equal(await page.evaluate(() => document.activeElement.id), 'copy-url');
  assert.match(await page.getByRole('status').textContent(), /press Ctrl\+C/);
  assert.deepEqual(problems, []);
  await context.close();
});

test('503 and 429 answers are explained and retried after Retry-After', async () => {
  const { context, page, problems } = await openPage(browser, { expected: [/status of (503|429)/] });
  let answered = 0;
  await page.route('**/api/v1/jobs', (route) => {
    if (route.request().method() !== 'POST' || answered >= 2) return route.fallback();
    answered += 1;
    return route.fulfill({
      status: answered === 1 ? 503 : 429,
      headers: { 'Content-Type': 'application/problem+json', 'Retry-After': '1' },
      body: JSON.stringify({ status: 503, detail: 'The broker is not reachable. Nothing was queued; try again shortly.' }),
    });
  });
  const text = `retry ${Date.now()}`;
  await generate(page, text);
  await page.getByRole('status').filter({ hasText: /busy \(HTTP 503\).*Retrying automatically/ }).waitFor();
  await page.getByRole('status').filter({ hasText: /busy \(HTTP 429\)/ }).waitFor();
  assert.equal(await decodeShownCode(page), text);
  assert.equal(answered, 2);
  assert.deepEqual(problems, []);
  await context.close();
});

test('lost network while polling is shown and the job still completes', async () => {
  const { context, page, problems } = await openPage(browser, { expected: [/ERR_INTERNET_DISCONNECTED/] });
  let dropped = 0;
  await page.route(/\/api\/v1\/jobs\/[^/]+$/, (route) => {
    if (dropped >= 2) return route.fallback();
    dropped += 1;
    return route.abort('internetdisconnected');
  });
  const text = `offline ${Date.now()}`;
  await generate(page, text);
  await page.getByRole('status').filter({ hasText: 'connection to the server was lost' }).waitFor();
  assert.equal(await decodeShownCode(page), text);
  assert.deepEqual(problems, []);
  await context.close();
});
