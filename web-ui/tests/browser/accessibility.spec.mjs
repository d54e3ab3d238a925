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

/** WCAG contrast of each visible text element against the first opaque background behind it. */
const lowContrast = (page) => page.evaluate(() => {
  const rgb = (css) => css.match(/[\d.]+/g).map(Number);
  const luminance = ([r, g, b]) => {
    const lin = (c) => { const s = c / 255; return s <= 0.03928 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4; };
    return 0.2126 * lin(r) + 0.7152 * lin(g) + 0.0722 * lin(b);
  };
  const background = (el) => {
    for (let node = el; node; node = node.parentElement) {
      const c = rgb(getComputedStyle(node).backgroundColor);
      if (c.length < 4 || c[3] === 1) return c;
    }
    return [255, 255, 255];
  };
  const selectors = 'h1, h2, label, legend, .hint, .tagline, .chip, button, .field-error, .steps li, .badge, .status, a, summary';
  const checked = [...document.querySelectorAll(selectors)]
    .filter((el) => el.checkVisibility() && el.textContent.trim())
    .map((el) => {
      const [fg, bg] = [luminance(rgb(getComputedStyle(el).color)), luminance(background(el))];
      return { text: el.textContent.trim().slice(0, 30), ratio: (Math.max(fg, bg) + 0.05) / (Math.min(fg, bg) + 0.05) };
    });
  return { checked: checked.length, low: checked.filter(({ ratio }) => ratio < 4.5) };
});

for (const colorScheme of ['light', 'dark']) {
  test(`${colorScheme} theme text meets WCAG AA contrast (4.5:1)`, async () => {
    const { context, page, problems } = await openPage(browser, { colorScheme });
    await page.locator('#options summary').click();
    await generate(page, `contrast ${colorScheme}`);
    await decodeShownCode(page);
    await generate(page, ''); // an error message is on screen too
    await page.locator('#content-error').waitFor();
    const { checked, low } = await lowContrast(page);
    assert.ok(checked > 30, `checked ${checked} elements`);
    assert.deepEqual(low, []);
    assert.deepEqual(problems, []);
    await context.close();
  });
}
