// The "Your code" panel: progress of the running job, the finished image and its actions.
import { describeContent } from './helpers.js';
import { embedUrl, holdsSecret, imgSnippet } from './embed.js';

const $ = (id) => document.getElementById(id);
const STEPS = ['queued', 'processing', 'done'];
const PROGRESS = { submitting: 8, queued: 33, processing: 66, done: 100 };

export function createResultView() {
  const box = $('progress-box');
  const progress = $('progress');
  const status = $('status');
  const errorBox = $('result-error');
  const preview = $('preview');
  const image = $('result-image');
  const verified = $('verified');
  const actions = $('actions');
  let countdown = null;
  let shown = null;

  /** Shows a progress message, or (isError) a failure in the result's role="alert" element. */
  function say(text, isError = false) {
    clearInterval(countdown);
    status.textContent = isError ? '' : text;
    errorBox.textContent = isError ? text : '';
    errorBox.hidden = !isError;
  }

  function markSteps(phase) {
    const index = STEPS.indexOf(phase);
    box.querySelectorAll('[data-step]').forEach((li, i) => {
      li.classList.toggle('complete', index >= 0 && i < index);
      li.classList.toggle('active', i === index);
    });
    if (PROGRESS[phase] !== undefined) progress.value = PROGRESS[phase];
  }

  /** Counts down "in N s" in the status line while an automatic retry waits. */
  function sayCountdown(prefix, seconds) {
    let left = Math.max(1, Math.round(seconds));
    say(`${prefix} Retrying automatically in ${left} s…`);
    countdown = setInterval(() => {
      left = Math.max(0, left - 1);
      status.textContent = `${prefix} Retrying automatically in ${left} s…`;
    }, 1000);
  }

  image.addEventListener('load', () => {
    image.classList.remove('loading');
    if (shown) say(`Done: QR code for ${describeContent(shown.request.content)} is ready.`);
  });
  image.addEventListener('error', () => {
    if (!image.getAttribute('src')) return;
    image.classList.remove('loading');
    preview.hidden = true;
    actions.hidden = true;
    $('embed').hidden = true;
    say('The image is no longer stored on the server. Press Generate to make it again.', true);
  });

  return {
    /** Starts showing a new job; the previous image stays visible until the new one is ready. */
    start() {
      box.hidden = false;
      image.classList.add('loading');
      markSteps('submitting');
      say('Sending your request…');
    },

    /** One progress report from runJob. */
    update(state) {
      markSteps(state.phase);
      switch (state.phase) {
        case 'queued': return say('Queued: waiting for a free worker…');
        case 'processing': return say('Processing: rendering and verifying your code…');
        case 'done': return say('Done. Loading the image…');
        case 'busy':
          return sayCountdown(`The service is busy (HTTP ${state.status}). Your request was not lost.`, state.retryInSeconds);
        case 'offline':
          return sayCountdown('The connection to the server was lost.', state.retryInSeconds);
        default: return undefined;
      }
    },

    /** Shows a finished job {id, imageUrl, verified, verification} for the request it was made from. */
    show(job, request) {
      shown = { job, request };
      box.hidden = false;
      markSteps('done');
      $('placeholder').hidden = true;
      preview.hidden = false;
      actions.hidden = false;
      $('copy-fallback').hidden = true;
      image.alt = `QR code for ${describeContent(request.content)}`;
      const link = embedUrl(request, window.location.origin);
      $('embed').hidden = false;
      $('embed-url').value = link;
      $('embed-html').value = imgSnippet(link, request, image.alt);
      $('embed-secret').hidden = !holdsSecret(request);
      image.classList.add('loading');
      image.src = job.imageUrl;
      verified.textContent = !job.verified
        ? 'Not verified: the server could not read the image back'
        : job.verification === 'GRID'
          ? '✓ Verified: the image\'s modules were decoded back to the same content'
          : '✓ Verified: the image was scanned back to the same content';
      verified.classList.toggle('ok', Boolean(job.verified));
    },

    /** Ends the run without a new image; `alert` announces the message as an error. */
    fail(message, alert = true) {
      image.classList.remove('loading');
      progress.value = 0;
      markSteps('none');
      say(message, alert);
    },

    say,
    current: () => shown,
  };
}
