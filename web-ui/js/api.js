// Thin client for the QR Fleet HTTP API. Errors come back as ApiError (the server answered)
// or NetworkError (it could not be reached); both carry what the UI needs to explain them.

export class ApiError extends Error {
  constructor(status, detail, errors = [], retryAfter = null) {
    super(detail);
    this.name = 'ApiError';
    this.status = status;
    this.errors = errors;
    this.retryAfter = retryAfter;
  }
}

export class NetworkError extends Error {
  constructor(cause) {
    super('The QR Fleet server could not be reached.', { cause });
    this.name = 'NetworkError';
  }
}

/** Retry-After as whole seconds (delta-seconds or HTTP-date), or null when absent or unreadable. */
export function parseRetryAfter(value, now = Date.now()) {
  if (value == null || value === '') return null;
  if (/^\d+$/.test(value.trim())) return Number(value.trim());
  const date = Date.parse(value);
  return Number.isNaN(date) ? null : Math.max(0, Math.ceil((date - now) / 1000));
}

const REASONS = {
  404: 'This code no longer exists on the server.',
  413: 'The request is too large.',
  429: 'Too many requests right now.',
  502: 'The QR Fleet service is not answering.',
  503: 'The QR Fleet service is busy or temporarily unavailable.',
  504: 'The QR Fleet service took too long to answer.',
};

async function toApiError(response) {
  let body = {};
  if (/json/.test(response.headers.get('Content-Type') ?? '')) {
    body = await response.json().catch(() => ({}));
  }
  const detail = body.detail || REASONS[response.status] || body.title || `The server answered ${response.status}.`;
  const errors = Array.isArray(body.errors) ? body.errors : [];
  return new ApiError(response.status, detail, errors, parseRetryAfter(response.headers.get('Retry-After')));
}

export function createApi({ fetch = globalThis.fetch.bind(globalThis), base = '/api/v1' } = {}) {
  async function send(path, init) {
    try {
      return await fetch(`${base}${path}`, { ...init, headers: { Accept: 'application/json', ...init.headers } });
    } catch (error) {
      if (error.name === 'AbortError') throw error;
      throw new NetworkError(error);
    }
  }

  return {
    /**
     * Queues a job; resolves to its id. The same idempotencyKey on a retry gets the first job,
     * so a submit whose answer was lost never makes a second one.
     */
    async submit(request, signal, idempotencyKey) {
      const response = await send('/jobs', {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', ...(idempotencyKey && { 'Idempotency-Key': idempotencyKey }) },
        body: JSON.stringify(request),
        signal,
      });
      if (response.status !== 202 && response.status !== 201) throw await toApiError(response);
      const location = response.headers.get('Location') ?? '';
      const id = location.split('/').filter(Boolean).pop() ?? (await response.json()).id;
      return id;
    },

    /** The job record; with waitSeconds the server holds the answer until the job finishes or that time is up. */
    async get(id, { waitSeconds = 0, signal } = {}) {
      const query = waitSeconds > 0 ? `?waitSeconds=${waitSeconds}` : '';
      const response = await send(`/jobs/${encodeURIComponent(id)}${query}`, { method: 'GET', signal });
      if (!response.ok) throw await toApiError(response);
      return response.json();
    },

    /**
     * Queues a batch: body is a JSON object ({defaults, items}) or a CSV file/string sent as text/csv
     * with the defaults in the query. Resolves to the batch view; 422 carries errors[{row, field, message}].
     */
    async submitBatch({ json, csv, defaults = {}, skipInvalid = false }, signal) {
      const query = new URLSearchParams(csv ? { ...defaults } : {});
      if (skipInvalid) query.set('skipInvalid', 'true');
      const response = await send(`/batches${query.size ? `?${query}` : ''}`, {
        method: 'POST',
        headers: { 'Content-Type': csv ? 'text/csv' : 'application/json' },
        body: csv ?? JSON.stringify(json),
        signal,
      });
      if (response.status !== 202) throw await toApiError(response);
      return response.json();
    },

    /** The batch view: status, counts, progress, estimatedSecondsLeft, archiveUrl, errors. */
    async getBatch(id, signal) {
      const response = await send(`/batches/${encodeURIComponent(id)}`, { method: 'GET', signal });
      if (!response.ok) throw await toApiError(response);
      return response.json();
    },
  };
}
