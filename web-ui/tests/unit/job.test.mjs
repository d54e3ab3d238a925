import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ApiError, NetworkError, createApi, parseRetryAfter } from '../../js/api.js';
import { runJob, JobFailedError, JobTimeoutError } from '../../js/job.js';

/** An api whose answers are scripted: each call takes the next item; Errors are thrown. */
function scriptedApi({ submits, gets }) {
  const next = (list) => {
    const item = list.shift();
    if (item instanceof Error) throw item;
    return item;
  };
  return { submit: async () => next(submits), get: async () => next(gets) };
}

function recorder() {
  const states = [];
  const waits = [];
  return {
    states,
    waits,
    onState: (s) => states.push(s.phase),
    wait: async (ms) => { waits.push(ms); },
  };
}

/** An api whose reads are held like the gateway's long poll: each one moves the clock on by heldMs. */
function heldApi(statuses, heldMs) {
  const clock = { ms: 0 };
  const calls = [];
  const api = {
    submit: async () => 'j3',
    get: async (id, { waitSeconds }) => {
      calls.push([id, waitSeconds]);
      clock.ms += heldMs;
      return { status: statuses[Math.min(calls.length, statuses.length) - 1] };
    },
  };
  return { api, calls, now: () => clock.ms };
}

test('long poll: every read asks the server to wait, and a held answer is asked again at once', async () => {
  const r = recorder();
  const { api, calls, now } = heldApi(['QUEUED', 'PROCESSING', 'DONE'], 25_000);
  await runJob(api, {}, { ...r, now });
  assert.deepEqual(calls, [['j3', 25], ['j3', 25], ['j3', 25]]);
  assert.deepEqual(r.waits, []);
  assert.deepEqual(r.states, ['submitting', 'queued', 'queued', 'processing', 'done']);
});

test('long poll: still gives up after maxWaitMs', async () => {
  const { api, calls, now } = heldApi(['PROCESSING'], 25_000);
  await assert.rejects(runJob(api, {}, { ...recorder(), now }), JobTimeoutError);
  assert.equal(calls.length, 5); // 125 s: the first answer after the 2 minutes
});

test('a server that answers at once (no long poll) is polled with growing, capped delays', async () => {
  const r = recorder();
  const api = scriptedApi({
    submits: ['j1'],
    gets: [{ status: 'QUEUED' }, { status: 'PROCESSING' }, { status: 'PROCESSING' }, { status: 'PROCESSING' },
      { status: 'DONE', id: 'j1' }],
  });
  const job = await runJob(api, {}, { ...r, firstPollMs: 100, backoff: 2, maxPollMs: 300 });
  assert.equal(job.id, 'j1');
  assert.deepEqual(r.states, ['submitting', 'queued', 'queued', 'processing', 'processing', 'processing', 'done']);
  assert.deepEqual(r.waits, [100, 200, 300, 300]);
});

test('503 and 429 wait Retry-After, network loss waits and retries', async () => {
  const r = recorder();
  const api = scriptedApi({
    submits: [new ApiError(503, 'busy', [], 3), new ApiError(429, 'slow down', [], null), 'j2'],
    gets: [new NetworkError(), new ApiError(503, 'busy', [], 4), { status: 'DONE' }],
  });
  await runJob(api, {}, { ...r, offlineRetryMs: 50 });
  assert.deepEqual(r.states, ['submitting', 'busy', 'busy', 'queued', 'offline', 'busy', 'done']);
  assert.deepEqual(r.waits, [3000, 2000, 50, 4000]);
});

test('every retry of one submit carries the same Idempotency-Key, another job a new one', async () => {
  const keys = [];
  const answers = [new NetworkError(), new ApiError(409, 'still being queued', [], null), 'j1', 'j2'];
  const api = {
    submit: async (request, signal, key) => {
      keys.push(key);
      const answer = answers.shift();
      if (answer instanceof Error) throw answer;
      return answer;
    },
    get: async () => ({ status: 'DONE' }),
  };
  const r = recorder();
  await runJob(api, {}, { ...r, offlineRetryMs: 1 });
  await runJob(api, {}, { ...r, offlineRetryMs: 1 });
  assert.equal(keys.length, 4);
  assert.match(keys[0], /^[0-9a-f]{32}$/);
  assert.equal(new Set(keys.slice(0, 3)).size, 1);
  assert.notEqual(keys[3], keys[0]);
});

test('gives up after maxBusyRetries', async () => {
  const r = recorder();
  const busy = () => new ApiError(503, 'busy', [], 1);
  const api = scriptedApi({ submits: [busy(), busy(), busy()], gets: [] });
  await assert.rejects(runJob(api, {}, { ...r, maxBusyRetries: 2 }), (e) => e.status === 503);
});

test('validation errors, FAILED jobs and slow jobs are reported', async () => {
  const invalid = scriptedApi({ submits: [new ApiError(422, 'content too long', [{ field: 'content', message: 'x' }])], gets: [] });
  await assert.rejects(runJob(invalid, {}, recorder()), (e) => e.status === 422 && e.errors[0].field === 'content');

  const failed = scriptedApi({ submits: ['j'], gets: [{ status: 'FAILED', error: 'render crashed' }] });
  await assert.rejects(runJob(failed, {}, recorder()), (e) => e instanceof JobFailedError && e.message === 'render crashed');

  let clock = 0;
  const slow = scriptedApi({ submits: ['j'], gets: [{ status: 'QUEUED' }, { status: 'QUEUED' }] });
  const now = () => (clock += 1000);
  await assert.rejects(runJob(slow, {}, { ...recorder(), now, maxWaitMs: 1500 }), JobTimeoutError);
});

test('api: Location gives the id; problem+json becomes ApiError; fetch failure becomes NetworkError', async () => {
  const answers = [
    new Response(null, { status: 202, headers: { Location: '/api/v1/jobs/abc-123' } }),
    new Response(JSON.stringify({ detail: 'content must not be empty', errors: [{ field: 'content', message: 'must not be empty' }] }),
      { status: 422, headers: { 'Content-Type': 'application/problem+json' } }),
    new Response('', { status: 503, headers: { 'Retry-After': '7' } }),
    new Response(JSON.stringify({ status: 'DONE' }), { status: 200, headers: { 'Content-Type': 'application/json' } }),
  ];
  const calls = [];
  const headers = [];
  const api = createApi({
    fetch: async (url, init) => {
      calls.push([url, init.method]);
      headers.push(init.headers);
      if (!answers.length) throw new TypeError('Failed to fetch');
      return answers.shift();
    },
  });
  assert.equal(await api.submit({ content: 'x' }), 'abc-123');
  await assert.rejects(api.submit({ content: '' }), (e) => e.status === 422 && e.errors[0].field === 'content'
    && e.message === 'content must not be empty');
  await assert.rejects(api.get('abc'), (e) => e.status === 503 && e.retryAfter === 7 && /busy/.test(e.message));
  assert.deepEqual(await api.get('abc', { waitSeconds: 25 }), { status: 'DONE' });
  await assert.rejects(api.get('abc'), NetworkError);
  assert.deepEqual(calls[0], ['/api/v1/jobs', 'POST']);
  assert.equal(await api.submit({ content: 'y' }, undefined, 'k-1').catch(() => 'sent'), 'sent');
  assert.equal(headers.at(-1)['Idempotency-Key'], 'k-1');
  assert.deepEqual(calls[2], ['/api/v1/jobs/abc', 'GET']);
  assert.deepEqual(calls[3], ['/api/v1/jobs/abc?waitSeconds=25', 'GET']);
});

test('Retry-After as seconds or HTTP date', () => {
  const now = Date.parse('2025-01-01T00:00:00Z');
  assert.equal(parseRetryAfter('5', now), 5);
  assert.equal(parseRetryAfter('Wed, 01 Jan 2025 00:00:10 GMT', now), 10);
  assert.equal(parseRetryAfter(null, now), null);
  assert.equal(parseRetryAfter('soon', now), null);
});
