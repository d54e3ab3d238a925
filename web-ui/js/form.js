// The Create form: content helpers, options, reading the request and showing field errors.
import { builders, HelperError } from './helpers.js';

const LABELS = {
  content: 'Content',
  format: 'Format',
  size: 'Size',
  margin: 'Margin',
  errorCorrection: 'Error correction',
  foreground: 'Foreground colour',
  background: 'Background colour',
};
const OPTION_FIELDS = ['format', 'size', 'margin', 'errorCorrection', 'foreground', 'background'];
/** Bytes of content a QR code holds at each error-correction level (binary mode, version 40). */
const CAPACITY = { L: 2953, M: 2331, Q: 1663, H: 1273 };

const $ = (id) => document.getElementById(id);
/** The form input behind a helper error's API field: the one `phones` input for `phones[0]`. */
const inputName = (field) => field.replace(/\[\d+\]$/, '');

function setError(element, message, control) {
  element.textContent = message ?? '';
  element.hidden = !message;
  if (message) control?.setAttribute('aria-invalid', 'true');
  else control?.removeAttribute('aria-invalid');
}

export function createForm(form) {
  const content = $('content');
  const options = $('options');
  const helperError = $('helper-error');
  const encoder = new TextEncoder();
  let helperControl = null;

  const activeType = () => form.querySelector('input[name="type"]:checked').value;
  const fieldset = (type) => form.querySelector(`fieldset[data-helper="${type}"]`);
  const control = (field) => (field === 'format' ? form.querySelector('input[name="format"]:checked') : $(field));

  function helperValues(set) {
    const values = {};
    for (const el of set.elements) {
      if (el.name) values[el.name] = el.type === 'checkbox' ? el.checked : el.value;
    }
    return values;
  }

  function showHelperError(error) {
    helperControl?.removeAttribute('aria-invalid');
    helperControl = error ? fieldset(activeType()).elements.namedItem(inputName(error.field)) : null;
    setError(helperError, error?.message, helperControl);
  }

  /**
   * Builds the content from the active helper. A problem is reported when `report` is true, or
   * when it is about the field just left (a string) or the one already flagged; never about
   * untouched fields while the person moves on, so nothing jumps under their pointer.
   */
  function buildFromHelper(report) {
    const build = builders[activeType()];
    if (!build) return;
    try {
      content.value = build(helperValues(fieldset(activeType())));
      showHelperError(null);
      updateCount();
    } catch (error) {
      if (!(error instanceof HelperError)) throw error;
      const field = inputName(error.field);
      const relevant = report === true || field === report || field === helperControl?.name;
      showHelperError(relevant ? error : null);
    }
  }

  function updateCount() {
    const bytes = encoder.encode(content.value).length;
    const level = $('errorCorrection').value;
    const count = $('content-count');
    count.textContent = `${bytes.toLocaleString('en')} of ${CAPACITY[level].toLocaleString('en')} bytes at error correction ${level}`;
    count.classList.toggle('over', bytes > CAPACITY[level]);
  }

  function updateSummary() {
    const r = readOptions();
    $('options-summary').textContent = `· ${r.format.toUpperCase()}, ${r.size} px, margin ${r.margin}, level ${r.errorCorrection}`;
  }

  function readOptions() {
    return {
      format: form.querySelector('input[name="format"]:checked').value,
      size: $('size').valueAsNumber,
      margin: $('margin').valueAsNumber,
      errorCorrection: $('errorCorrection').value,
      foreground: $('foreground').value.toUpperCase(),
      background: $('background').value.toUpperCase(),
    };
  }

  function onTypeChange() {
    const type = activeType();
    for (const set of form.querySelectorAll('fieldset[data-helper]')) set.hidden = set.dataset.helper !== type;
    showHelperError(null);
    if (builders[type]) buildFromHelper(false);
  }

  function syncWifiPassword() {
    const open = $('h-wifi-encryption').value === 'nopass';
    $('h-wifi-password').disabled = open;
  }

  form.addEventListener('change', (event) => {
    if (event.target.name === 'type') onTypeChange();
    else if (event.target.closest('fieldset[data-helper]')) buildFromHelper(event.target.name);
    if (event.target.id === 'h-wifi-encryption') syncWifiPassword();
    updateCount();
    updateSummary();
  });
  form.addEventListener('input', (event) => {
    if (event.target.closest('fieldset[data-helper]')) buildFromHelper(false);
    if (event.target === content) setError($('content-error'), null, content);
    updateCount();
  });
  content.addEventListener('keydown', (event) => {
    if (event.key === 'Enter' && (event.ctrlKey || event.metaKey)) {
      event.preventDefault();
      form.requestSubmit();
    }
  });
  updateCount();
  updateSummary();

  function clearErrors() {
    for (const field of Object.keys(LABELS)) setError($(`${field}-error`), null, control(field));
    setError($('form-error'), null);
  }

  /** Shows [{field, message}] next to their fields (or, for unknown fields, under the button); focuses the first. */
  function showErrors(errors, detail) {
    clearErrors();
    let first = null;
    for (const { field, message } of errors) {
      const box = LABELS[field] ? $(`${field}-error`) : $('form-error');
      const text = LABELS[field] ? `${LABELS[field]} ${message}` : `${field} ${message}`;
      setError(box, box.hidden ? text : `${box.textContent} ${text}`, LABELS[field] ? control(field) : null);
      if (OPTION_FIELDS.includes(field)) options.open = true;
      first ??= LABELS[field] ? control(field) : null;
    }
    if (!errors.length) setError($('form-error'), detail);
    // An empty Content with a helper open: the helper field at fault is where to go.
    (helperControl && !content.value ? helperControl : first)?.focus();
  }

  /** The request to send, or the problems that stop it being sent. */
  function read() {
    if (!content.value && builders[activeType()]) buildFromHelper(true);
    // A textarea turns CRLF into LF; vCard wants CRLF line ends, so they are put back.
    const text = /^BEGIN:VCARD/i.test(content.value) ? content.value.replace(/\r?\n/g, '\r\n') : content.value;
    const request = { content: text, ...readOptions() };
    const errors = [];
    if (!request.content.trim()) {
      const what = builders[activeType()] ? 'complete the fields above' : 'type the text or link the code should hold';
      errors.push({ field: 'content', message: `is empty: ${what}.` });
    }
    for (const [field, min, max] of [['size', 64, 2048], ['margin', 0, 16]]) {
      if (!Number.isInteger(request[field])) errors.push({ field, message: `must be a whole number from ${min} to ${max}.` });
    }
    return { request, errors };
  }

  /** Puts a previous request back into the form (for history and "generate again"). */
  function fill(request) {
    content.value = request.content;
    form.querySelector('input[name="type"][value="text"]').checked = true;
    onTypeChange();
    form.querySelector(`input[name="format"][value="${request.format}"]`).checked = true;
    $('size').value = request.size;
    $('margin').value = request.margin;
    $('errorCorrection').value = request.errorCorrection;
    $('foreground').value = request.foreground.toLowerCase();
    $('background').value = request.background.toLowerCase();
    clearErrors();
    updateCount();
    updateSummary();
  }

  return { read, fill, showErrors, clearErrors };
}
