import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { decodeShownCode, generate, launch, openPage } from './support.mjs';

let browser;
before(async () => { browser = await launch(); });
after(() => browser?.close());

const thumbnailsLoaded = (page) => page.waitForFunction(() => {
  const thumbs = [...document.querySelectorAll('#history-list img')];
  return thumbs.length > 0 && thumbs.every((img) => img.complete && img.naturalWidth > 0);
});

test('history keeps codes with thumbnails across a reload, re-opens and clears them', async () => {
  const { context, page, problems } = await openPage(browser);
  const first = `history one ${Date.now()}`;
  const second = `history two ${Date.now()}`;
  await generate(page, first);
  await decodeShownCode(page);
  await page.locator('#options summary').click();
  await page.getByLabel('Error correction').selectOption('H');
  await generate(page, second);
  assert.equal(await decodeShownCode(page), second);

  await page.reload();
  const items = page.locator('#history-list li');
  assert.equal(await items.count(), 2);
  await thumbnailsLoaded(page);
  assert.match(await items.first().textContent(), new RegExp(second));

  await page.getByRole('button', { name: `Open QR code for ${first}` }).click();
  assert.equal(await decodeShownCode(page), first);
  assert.equal(await page.getByLabel('Content', { exact: true }).inputValue(), first);
  assert.equal(await page.getByLabel('Error correction').inputValue(), 'M', 'the options of that code come back too');

  await page.getByRole('button', { name: `Remove ${first} from history` }).click();
  assert.equal(await items.count(), 1);
  await page.getByRole('button', { name: 'Clear history' }).click();
  assert.equal(await items.count(), 0);
  await page.reload();
  assert.equal(await items.count(), 0);
  assert.equal(await page.locator('#history-empty').isVisible(), true);
  assert.deepEqual(problems, []);
  await context.close();
});
