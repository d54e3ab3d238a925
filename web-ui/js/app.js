// Wires the page together: the form, the job runner, the result panel and the history.
import { createApi, ApiError } from './api.js';
import { runJob } from './job.js';
import { fileName } from './helpers.js';
import { createHistory } from './history.js';
import { createForm } from './form.js';
import { createResultView } from './result.js';
import { renderHistory } from './history-view.js';

const $ = (id) => document.getElementById(id);

/** localStorage, or an in-memory stand-in where the browser refuses it (private modes, policies). */
function browserStorage() {
  try {
    window.localStorage.getItem('qr-fleet');
    return window.localStorage;
  } catch {
    const data = new Map();
    return { getItem: (k) => data.get(k) ?? null, setItem: (k, v) => data.set(k, String(v)) };
  }
}

const api = createApi();
const history = createHistory(browserStorage());
const form = createForm($('generate-form'));
const result = createResultView();
const resultPanel = document.querySelector('.result');
let running = null;

function showHistory() {
  renderHistory(history.list(), {
    onOpen(entry) {
      form.fill(entry.request);
      result.show(entry, entry.request);
      resultPanel.scrollIntoView({ block: 'nearest' });
    },
    onRemove(entry) {
      history.remove(entry.id);
      showHistory();
      $('history-title').focus();
    },
  });
}

/** Answers that mean "this request is wrong", explained next to the form fields. */
const REJECTED = [400, 413, 415, 422];

async function generate() {
  form.clearErrors();
  const { request, errors } = form.read();
  if (errors.length) {
    form.showErrors(errors);
    return;
  }
  running?.abort();
  const controller = new AbortController();
  running = controller;
  result.start();
  resultPanel.scrollIntoView({ block: 'nearest' });
  try {
    const job = await runJob(api, request, { signal: controller.signal, onState: result.update });
    result.show(job, request);
    history.add({ id: job.id, request, imageUrl: job.imageUrl, verified: job.verified, verification: job.verification, createdAt: job.createdAt });
    showHistory();
  } catch (error) {
    if (error.name === 'AbortError') return;
    if (error instanceof ApiError && REJECTED.includes(error.status)) {
      form.showErrors(error.errors, error.message);
      result.fail('Nothing was generated: see the message in the form.', false);
    } else {
      result.fail(error.message);
    }
  } finally {
    if (running === controller) running = null;
  }
}

function saveAs(url, name) {
  const link = document.createElement('a');
  link.href = url;
  link.download = name;
  document.body.append(link);
  link.click();
  link.remove();
}

/** Downloads the shown code; the other format is generated on demand with the same options. */
async function download(button) {
  const shown = result.current();
  const format = button.dataset.format;
  if (!shown || button.getAttribute('aria-disabled') === 'true') return;
  let { job } = shown;
  const { request } = shown;
  if (request.format !== format) {
    const label = button.textContent;
    button.setAttribute('aria-disabled', 'true');
    button.textContent = `Preparing ${format.toUpperCase()}…`;
    try {
      job = await runJob(api, { ...request, format }, { onState: () => {} });
    } catch (error) {
      result.say(`The ${format.toUpperCase()} version could not be made: ${error.message}`, true);
      return;
    } finally {
      button.textContent = label;
      button.removeAttribute('aria-disabled');
    }
  }
  saveAs(job.imageUrl, fileName(request.content, format));
  result.say(`Downloading ${fileName(request.content, format)}.`);
}

/** Copies `text`; where the browser refuses, selects it in `field` (shown by `reveal`) for Ctrl+C. */
async function copy(text, what, field, reveal = () => {}) {
  try {
    await navigator.clipboard.writeText(text);
    result.say(`${what} copied to the clipboard.`);
  } catch {
    reveal();
    field.value = text;
    field.focus();
    field.select();
    result.say('Copying is not allowed here: the text is selected below, press Ctrl+C (or ⌘C) to copy it.');
  }
}

function copyLink() {
  const shown = result.current();
  if (!shown) return;
  const url = new URL(shown.job.imageUrl, window.location.href).href;
  copy(url, 'Image link', $('copy-url'), () => { $('copy-fallback').hidden = false; });
}

$('generate-form').addEventListener('submit', (event) => {
  event.preventDefault();
  generate();
});
$('download-png').addEventListener('click', (event) => download(event.currentTarget));
$('download-svg').addEventListener('click', (event) => download(event.currentTarget));
$('copy-link').addEventListener('click', copyLink);
$('copy-embed-url').addEventListener('click', () => copy($('embed-url').value, 'Embed link', $('embed-url')));
$('copy-embed-html').addEventListener('click', () => copy($('embed-html').value, 'HTML snippet', $('embed-html')));
$('history-clear').addEventListener('click', () => {
  history.clear();
  showHistory();
  $('history-title').focus();
});
showHistory();
