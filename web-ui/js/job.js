// Runs one job to the end: submit (retrying while the service is busy or the network is down),
// then long-poll until the job is DONE or FAILED. Progress is reported through onState.
import { ApiError, NetworkError } from './api.js';

export class JobFailedError extends Error {
  constructor(job) {
    super(job.error || 'The code could not be generated.');
    this.name = 'JobFailedError';
    this.job = job;
  }
}

export class JobTimeoutError extends Error {
  constructor(id) {
    super('The code is taking longer than expected. It may still finish: try opening it again in a moment.');
    this.name = 'JobTimeoutError';
    this.id = id;
  }
}

export const defaults = {
  // the server holds each read until the job finishes or this runs out (below the proxy's 30 s)
  waitSeconds: 25,
  // a not-finished answer quicker than this was not held (a server without long polls):
  // then poll with backoff, firstPollMs growing to maxPollMs, instead of asking again at once
  heldMs: 1000,
  firstPollMs: 200,
  backoff: 1.5,
  maxPollMs: 2000,
  maxWaitMs: 120_000,
  maxBusyRetries: 5,
  offlineRetryMs: 2000,
  defaultRetryAfterS: 2,
};

/** Resolves after ms, or rejects with AbortError when the signal fires first. */
export function sleep(ms, signal) {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason);
    const timer = setTimeout(resolve, ms);
    signal?.addEventListener('abort', () => {
      clearTimeout(timer);
      reject(signal.reason);
    }, { once: true });
  });
}

// 409 on a submit: the same Idempotency-Key is still being queued by an earlier try
const isBusy = (error) => error instanceof ApiError && [409, 429, 503].includes(error.status);

/** 128 random bits in hex: crypto.randomUUID needs a secure context, getRandomValues does not. */
export function newIdempotencyKey() {
  return Array.from(crypto.getRandomValues(new Uint8Array(16)), (b) => b.toString(16).padStart(2, '0')).join('');
}

/**
 * Calls fn until it succeeds, waiting out "busy" answers (429/503, at most maxBusyRetries times)
 * and network loss (until the signal aborts). Other errors are thrown.
 */
async function withRetries(fn, { onState, signal, options, wait }) {
  let busyRetries = 0;
  for (;;) {
    try {
      return await fn();
    } catch (error) {
      if (isBusy(error) && busyRetries < options.maxBusyRetries) {
        busyRetries += 1;
        const seconds = error.retryAfter ?? options.defaultRetryAfterS;
        onState({ phase: 'busy', status: error.status, message: error.message, retryInSeconds: seconds });
        await wait(seconds * 1000, signal);
      } else if (error instanceof NetworkError) {
        onState({ phase: 'offline', retryInSeconds: options.offlineRetryMs / 1000 });
        await wait(options.offlineRetryMs, signal);
      } else {
        throw error;
      }
    }
  }
}

/** Resolves to the finished (DONE) job record; rejects with ApiError, JobFailedError or JobTimeoutError. */
export async function runJob(api, request, { onState = () => {}, signal, wait = sleep, now = Date.now, ...overrides } = {}) {
  const options = { ...defaults, ...overrides };
  const context = { onState, signal, options, wait };
  onState({ phase: 'submitting' });
  const key = newIdempotencyKey(); // one per job, sent again with every retry of its submit
  const id = await withRetries(() => api.submit(request, signal, key), context);
  onState({ phase: 'queued', id });
  const deadline = now() + options.maxWaitMs;
  let delay = 0;
  for (;;) {
    if (delay > 0) await wait(delay, signal);
    const asked = now();
    const job = await withRetries(() => api.get(id, { waitSeconds: options.waitSeconds, signal }), context);
    onState({ phase: job.status.toLowerCase(), id, job });
    if (job.status === 'DONE') return job;
    if (job.status === 'FAILED') throw new JobFailedError(job);
    if (now() > deadline) throw new JobTimeoutError(id);
    const held = now() - asked >= options.heldMs;
    delay = held ? 0 : Math.min(options.maxPollMs, delay ? Math.round(delay * options.backoff) : options.firstPollMs);
  }
}
