import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtemp, readFile, readdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { BASE_URL, decodePng, launch, openPage, screenshot } from './support.mjs';

const run = promisify(execFile);
const BATCH_TIMEOUT_MS = 120_000;
let browser;
before(async () => { browser = await launch(); });
after(() => browser?.close());

async function openBatchPage(options) {
  const opened = await openPage(browser, options);
  await opened.page.goto(`${BASE_URL}/batch.html`);
  return opened;
}

/** Clicks the ZIP link and unpacks the download; resolves to the folder. */
async function downloadZip(page) {
  const link = page.getByRole('link', { name: 'Download ZIP' });
  await link.waitFor({ timeout: BATCH_TIMEOUT_MS });
  const [download] = await Promise.all([page.waitForEvent('download'), link.click()]);
  const dir = await mkdtemp(join(tmpdir(), 'qr-batch-'));
  await run('unzip', ['-q', await download.path(), '-d', dir]);
  return dir;
}

test('pasted lines become a ZIP whose every code decodes to its line, with a manifest', async () => {
  const { context, page, problems } = await openBatchPage();
  const stamp = Date.now();
  const lines = [`https://example.com/a?${stamp}`, '', `Grüße, "quoted"; ${stamp}`, `third ${stamp}`];
  await page.getByLabel('One code per line').fill(lines.join('\n'));
  await page.getByLabel('Size (pixels)').fill('200');
  await page.getByRole('button', { name: 'Start batch' }).click();

  const dir = await downloadZip(page);
  assert.match(await page.getByRole('status').textContent(), /^Done: 3 of 3 codes ready\.$/);
  assert.equal(await page.locator('#batch-progress').evaluate((p) => p.value), 1);
  assert.equal(await page.locator('#count-done').textContent(), '3');
  const files = (await readdir(dir)).sort();
  assert.deepEqual(files, ['1.png', '3.png', '4.png', 'manifest.csv', 'manifest.json'], 'named after the line, blank lines skipped');
  for (const line of [1, 3, 4]) {
    assert.equal(await decodePng(await readFile(join(dir, `${line}.png`))), lines[line - 1]);
  }
  const manifest = (await readFile(join(dir, 'manifest.csv'), 'utf8')).split('\r\n');
  assert.equal(manifest[0], 'row,filename,content,status,verified,error');
  assert.equal(manifest[2], `2,3.png,"Grüße, ""quoted""; ${stamp}",DONE,true,`);
  await screenshot(page, 'batch-done.png');
  assert.deepEqual(problems, []);
  await context.close();
});

const csv = (stamp) => Buffer.from(`content,filename,size\nfirst ${stamp},first,\nsecond ${stamp},second,5000\n,third,\n`);

test('a CSV with bad rows lists each by row and field, and queues nothing', async () => {
  const { context, page, problems } = await openBatchPage({ expected: [/status of 422/] });
  await page.getByLabel('…or a CSV file').setInputFiles({ name: 'codes.csv', mimeType: 'text/csv', buffer: csv(Date.now()) });
  await page.getByRole('button', { name: 'Start batch' }).click();

  await page.getByRole('alert').filter({ hasText: 'Nothing was queued' }).waitFor();
  const errors = await page.locator('#row-errors li').allTextContents();
  assert.equal(errors.length, 2);
  assert.match(errors[0], /^Row 2 \(line 3 of codes\.csv\): size must be between 64 and 2048/);
  assert.match(errors[1], /^Row 3 \(line 4 of codes\.csv\): content is required/);
  assert.equal(await page.getByRole('link', { name: 'Download ZIP' }).isVisible(), false);
  assert.deepEqual(problems, []);
  await context.close();
});

test('with "Skip invalid rows" the good rows are made and the bad ones stay listed', async () => {
  const { context, page, problems } = await openBatchPage();
  const stamp = Date.now();
  await page.getByLabel('…or a CSV file').setInputFiles({ name: 'codes.csv', mimeType: 'text/csv', buffer: csv(stamp) });
  await page.getByLabel('Format').selectOption('svg');
  await page.getByLabel(/Skip invalid rows/).check();
  await page.getByRole('button', { name: 'Start batch' }).click();

  const dir = await downloadZip(page);
  assert.deepEqual((await readdir(dir)).sort(), ['first.svg', 'manifest.csv', 'manifest.json']);
  assert.equal(await page.locator('#count-invalid').textContent(), '2');
  assert.equal(await page.locator('#row-errors li').count(), 2);
  const manifest = await readFile(join(dir, 'manifest.csv'), 'utf8');
  assert.match(manifest, /\r\n2,,,INVALID,false,size must be between/);
  assert.deepEqual(problems, []);
  await context.close();
});

test('a pasted line the API refuses is reported by its line number; the page fits a phone', async () => {
  const { context, page, problems } = await openBatchPage({ viewport: { width: 375, height: 800 }, expected: [/status of 422/] });
  await page.getByLabel('One code per line').fill(`fine\n\n${'x'.repeat(5000)}`);
  await page.getByRole('button', { name: 'Start batch' }).click();

  await page.getByRole('alert').filter({ hasText: 'Nothing was queued' }).waitFor();
  assert.match(await page.locator('#row-errors li').first().textContent(), /^Line 3: content is too long/);
  assert.equal(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth), true);
  await screenshot(page, 'batch-phone-errors.png');
  assert.deepEqual(problems, []);
  await context.close();
});
