import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { decodeShownCode, generate, launch, openPage, screenshot } from './support.mjs';

let browser;
before(async () => { browser = await launch(); });
after(() => browser?.close());

const PHONE = { width: 375, height: 812 };

/** Whether the focused element shows a focus ring (its own outline or its chip's). */
const focusVisible = (page) => page.evaluate(() => {
  const el = document.activeElement;
  const ring = el.matches('.chip input') ? el.closest('.chip') : el;
  const style = getComputedStyle(ring);
  return style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) >= 2;
});
const focusedName = (page) => page.evaluate(() => {
  const el = document.activeElement;
  return el.id || el.textContent.trim();
});

async function tabTo(page, name, limit = 40) {
  for (let i = 0; i < limit; i += 1) {
    await page.keyboard.press('Tab');
    if ((await focusedName(page)) === name) return;
  }
  assert.fail(`could not reach ${name} with Tab`);
}

test('keyboard only: skip link, type, Generate, download, with a visible focus ring', async () => {
  const { context, page, problems } = await openPage(browser);
  await page.keyboard.press('Tab');
  assert.equal(await focusedName(page), 'Skip to the content field');
  assert.ok(await focusVisible(page));
  await page.keyboard.press('Enter');
  assert.equal(await focusedName(page), 'content');
  const text = `keyboard ${Date.now()}`;
  await page.keyboard.type(text);
  await tabTo(page, 'generate');
  assert.ok(await focusVisible(page), 'Generate shows where the focus is');
  await page.keyboard.press('Enter');
  assert.equal(await decodeShownCode(page), text);

  await tabTo(page, 'download-png');
  assert.ok(await focusVisible(page));
  const [download] = await Promise.all([page.waitForEvent('download'), page.keyboard.press('Enter')]);
  assert.match(download.suggestedFilename(), /\.png$/);

  await page.getByLabel('Content', { exact: true }).focus();
  await page.keyboard.press('Control+A');
  await page.keyboard.type(`${text} again`);
  await page.keyboard.press('Control+Enter');
  assert.equal(await decodeShownCode(page), `${text} again`);
  assert.deepEqual(problems, []);
  await context.close();
});

test('every form control has an accessible label', async () => {
  const { context, page, problems } = await openPage(browser);
  const unlabelled = await page.evaluate(() => [...document.querySelectorAll('input, select, textarea, button')]
    .filter((el) => !(el.labels?.length || el.getAttribute('aria-label') || (el.tagName === 'BUTTON' && el.textContent.trim())))
    .map((el) => el.outerHTML));
  assert.deepEqual(unlabelled, []);
  assert.deepEqual(problems, []);
  await context.close();
});

test('a 375 px phone never scrolls sideways, whatever is open', async () => {
  const { context, page, problems } = await openPage(browser, { viewport: PHONE, isMobile: true, hasTouch: true });
  const overflow = () => page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  assert.equal(await overflow(), 0);
  await page.getByRole('radio', { name: 'Contact' }).check();
  await page.locator('#options summary').click();
  assert.equal(await overflow(), 0, 'helpers and options fit');
  await page.getByRole('radio', { name: 'Text' }).check();
  const long = `https://example.com/${'a-very-long-path-segment-without-spaces'.repeat(3)}`;
  await generate(page, long);
  assert.equal(await decodeShownCode(page), long);
  assert.equal(await overflow(), 0, 'the result and the history fit');
  await screenshot(page, 'phone.png');
  assert.deepEqual(problems, []);
  await context.close();
});

test('dark theme follows prefers-color-scheme', async () => {
  const { context, page, problems } = await openPage(browser, { colorScheme: 'dark' });
  const background = await page.evaluate(() => getComputedStyle(document.body).backgroundColor);
  const [r, g, b] = background.match(/\d+/g).map(Number);
  assert.ok(r + g + b < 150, `dark background, got ${background}`);
  await generate(page, 'dark theme');
  assert.equal(await decodeShownCode(page), 'dark theme');
  await screenshot(page, 'desktop-dark.png');
  assert.deepEqual(problems, []);
  await context.close();
});
