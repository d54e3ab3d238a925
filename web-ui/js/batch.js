// The batch page: pasted lines (sent as JSON) or a CSV file (sent as is), shared options as the
// batch defaults, then polling the batch until it is DONE and offering its ZIP.
import { createApi, ApiError, NetworkError } from './api.js';
import { sleep } from './job.js';

const $ = (id) => document.getElementById(id);
const api = createApi();
const POLL_MS = 1000;
const SHOWN_ERRORS = 200;
let running = null;

function options() {
  const form = $('batch-form');
  return {
    format: form.format.value,
    size: Number(form.size.value),
    margin: Number(form.margin.value),
    errorCorrection: form.errorCorrection.value,
    foreground: form.foreground.value.toUpperCase(),
    background: form.background.value.toUpperCase(),
  };
}

/** Pasted lines: blank ones are dropped, so each row keeps its line number (for errors and its file name). */
function fromLines(text) {
  const rows = text.split(/\r?\n/).map((content, index) => ({ content, line: index + 1 })).filter((r) => r.content.trim());
  return { items: rows.map(({ content, line }) => ({ content, filename: String(line) })), lineOf: (row) => rows[row - 1]?.line };
}

function say(message) {
  $('batch-status').textContent = message;
}

function fail(message) {
  const error = $('form-error');
  error.textContent = message;
  error.hidden = false;
}

function showRowErrors(errors, where) {
  const list = $('row-errors');
  list.replaceChildren(...errors.slice(0, SHOWN_ERRORS).map((e) => {
    const item = document.createElement('li');
    item.textContent = `${where(e.row)}: ${e.field && e.field !== '$' ? `${e.field} ` : ''}${e.message}`;
    return item;
  }));
  if (errors.length > SHOWN_ERRORS) {
    const more = document.createElement('li');
    more.textContent = `… and ${errors.length - SHOWN_ERRORS} more (all are in manifest.csv).`;
    list.append(more);
  }
  $('row-errors-box').hidden = errors.length === 0;
}

function seconds(s) {
  return s < 90 ? `${s} s` : `${Math.round(s / 60)} min`;
}

function showBatch(batch, where) {
  const { counts } = batch;
  $('batch-progress').value = batch.progress;
  $('batch-counts').hidden = false;
  $('count-done').textContent = counts.done;
  $('count-pending').textContent = counts.pending;
  $('count-failed').textContent = counts.failed;
  $('count-invalid').textContent = counts.invalid;
  const queued = counts.done + counts.pending + counts.failed;
  if (batch.status === 'DONE') {
    say(`Done: ${counts.done} of ${queued} codes ready${counts.failed ? `, ${counts.failed} failed` : ''}.`);
    const link = $('batch-download');
    link.href = batch.archiveUrl;
    link.download = `qr-batch-${batch.id}.zip`;
    link.hidden = false;
  } else {
    const left = batch.estimatedSecondsLeft == null ? '' : `, about ${seconds(batch.estimatedSecondsLeft)} left`;
    say(`${batch.status === 'QUEUED' ? 'Queued' : 'Processing'}: ${counts.done + counts.failed} of ${queued} finished${left}.`);
  }
  showRowErrors(batch.errors, where);
}

async function follow(batch, where, signal) {
  showBatch(batch, where);
  while (batch.status !== 'DONE') {
    await sleep(POLL_MS, signal);
    try {
      batch = await api.getBatch(batch.id, signal);
    } catch (error) {
      if (!(error instanceof NetworkError) && !(error instanceof ApiError && error.status === 503)) throw error;
      say('The server is not answering; still trying…');
      continue;
    }
    showBatch(batch, where);
  }
}

async function start() {
  $('form-error').hidden = true;
  $('batch-download').hidden = true;
  $('row-errors-box').hidden = true;
  const file = $('csv').files[0];
  const skipInvalid = $('skip-invalid').checked;
  let request;
  let where;
  if (file) {
    request = { csv: file, defaults: options(), skipInvalid };
    where = (row) => `Row ${row} (line ${row + 1} of ${file.name})`;
  } else {
    const { items, lineOf } = fromLines($('lines').value);
    if (!items.length) {
      fail('Paste at least one line, or choose a CSV file.');
      $('lines').focus();
      return;
    }
    request = { json: { defaults: options(), items }, skipInvalid };
    where = (row) => `Line ${lineOf(row)}`;
  }
  running?.abort();
  const controller = new AbortController();
  running = controller;
  $('start').disabled = true;
  $('batch-progress').value = 0;
  say('Uploading and checking every row…');
  try {
    const batch = await submit(request, where, controller.signal);
    if (batch) await follow(batch, where, controller.signal);
  } catch (error) {
    if (error.name !== 'AbortError') fail(`Lost track of the batch: ${error.message}`);
  } finally {
    $('start').disabled = false;
    if (running === controller) running = null;
  }
}

/** The accepted batch, or null after explaining why nothing was queued. */
async function submit(request, where, signal) {
  try {
    return await api.submitBatch(request, signal);
  } catch (error) {
    if (error.name === 'AbortError') throw error;
    if (error instanceof ApiError && error.errors.length && error.errors.every((e) => e.row)) {
      showRowErrors(error.errors, where);
      fail('Nothing was queued: fix the rows listed under Progress, or tick "Skip invalid rows".');
    } else {
      fail(`Nothing was queued: ${error.message}`);
    }
    say('No batch running.');
    return null;
  }
}

$('batch-form').addEventListener('submit', (event) => {
  event.preventDefault();
  start();
});
