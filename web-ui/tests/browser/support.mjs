// Shared set-up for the browser tests: headless Debian Chromium via playwright-core,
// console-error capture, QR decoding with zbarimg and screenshots.
import { execFile } from 'node:child_process';
import { mkdir, mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { chromium } from 'playwright-core';

export const BASE_URL = (process.env.QR_BASE_URL ?? 'http://localhost').replace(/\/$/, '');
export const SCREENSHOTS = new URL('../screenshots/', import.meta.url).pathname;
const run = promisify(execFile);

export function launch() {
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'],
  });
}

/**
 * A fresh page (own context, so own localStorage) that records console errors and page errors.
 * `problems` lists them; messages matching an `expected` pattern are left out.
 */
export async function openPage(browser, { viewport = { width: 1280, height: 900 }, expected = [], ...options } = {}) {
  const context = await browser.newContext({ viewport, acceptDownloads: true, ...options });
  const page = await context.newPage();
  const problems = [];
  page.on('console', (message) => {
    if (message.type() === 'error' && !expected.some((re) => re.test(message.text()))) problems.push(message.text());
  });
  page.on('pageerror', (error) => problems.push(`uncaught: ${error.message}`));
  await page.goto(`${BASE_URL}/`);
  return { context, page, problems };
}

/** Decodes the QR code in a PNG buffer with zbarimg; resolves to the text it holds. */
export async function decodePng(png) {
  const dir = await mkdtemp(join(tmpdir(), 'qr-ui-'));
  const file = join(dir, 'code.png');
  await writeFile(file, png);
  const { stdout } = await run('zbarimg', ['--raw', '-q', file], { encoding: 'utf8' });
  return stdout.replace(/\n$/, '');
}

/** Waits until the result image is loaded and decodes what it shows on screen. */
export async function decodeShownCode(page) {
  const image = page.getByRole('img', { name: /^QR code/ });
  // the first job on a freshly started stack meets cold workers on a busy 2-core CI machine
  await image.waitFor({ timeout: 90_000 });
  await page.waitForFunction(() => {
    const img = document.getElementById('result-image');
    return img.complete && img.naturalWidth > 0 && !img.classList.contains('loading');
  }, undefined, { timeout: 15_000 });
  return decodePng(await image.screenshot());
}

/** Renders SVG markup in a blank page and decodes the picture. */
export async function decodeSvg(browser, svg) {
  const page = await browser.newPage({ viewport: { width: 600, height: 600 } });
  try {
    await page.setContent(`<body style="margin:0;background:#fff">${svg}</body>`);
    return await decodePng(await page.locator('svg').first().screenshot());
  } finally {
    await page.close();
  }
}

export async function screenshot(page, name) {
  await mkdir(SCREENSHOTS, { recursive: true });
  await page.screenshot({ path: join(SCREENSHOTS, name), fullPage: true });
}

/** Types content and presses Generate, like a person. */
export async function generate(page, content) {
  await page.getByLabel('Content', { exact: true }).fill(content);
  await page.getByRole('button', { name: 'Generate' }).click();
}
