import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { BASE_URL, launch } from './support.mjs';

let browser;
before(async () => { browser = await launch(); });
after(() => browser?.close());

test('Swagger UI at /api/docs shows the real answers of a submission', async () => {
  const page = await browser.newPage();
  const problems = [];
  page.on('pageerror', (error) => problems.push(error.message));
  await page.goto(`${BASE_URL}/api/docs`);
  const submit = page.locator('#operations-job-controller-submit');
  await submit.locator('.opblock-summary').click();
  await submit.locator('tr.response[data-code="202"]').waitFor({ timeout: 15_000 });
  const codes = await submit.locator('tr.response').evaluateAll((rows) => rows.map((row) => row.dataset.code));
  assert.deepEqual(codes, ['202', '400', '401', '409', '413', '415', '422', '429', '503']);
  assert.match(await submit.locator('tr.response[data-code="422"]').textContent(), /application\/problem\+json/);
  assert.match(await submit.locator('tr.response[data-code="503"]').textContent(), /Retry-After/);
  assert.match(await submit.locator('tr.response[data-code="202"]').textContent(), /Location/);
  assert.deepEqual(problems, []);
  await page.close();
});
