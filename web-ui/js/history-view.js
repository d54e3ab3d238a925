// Renders the "Recent codes" list from history entries.
import { describeContent } from './helpers.js';

const $ = (id) => document.getElementById(id);
const when = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' });

function item(entry, { onOpen, onRemove }) {
  const li = document.createElement('li');
  const open = document.createElement('button');
  open.type = 'button';
  open.className = 'history-open';
  const thumb = document.createElement('img');
  thumb.alt = '';
  thumb.width = 56;
  thumb.height = 56;
  thumb.loading = 'lazy';
  thumb.addEventListener('error', () => thumb.classList.add('missing'), { once: true });
  thumb.src = entry.imageUrl;
  const text = document.createElement('span');
  text.className = 'history-text';
  const title = document.createElement('strong');
  title.textContent = describeContent(entry.request.content);
  const meta = document.createElement('small');
  const date = new Date(entry.createdAt);
  meta.textContent = `${entry.request.format.toUpperCase()} · ${entry.request.size} px · ${
    Number.isNaN(date.getTime()) ? '' : when.format(date)}`;
  text.append(title, meta);
  open.append(thumb, text);
  open.setAttribute('aria-label', `Open QR code for ${title.textContent}`);
  open.addEventListener('click', () => onOpen(entry));

  const remove = document.createElement('button');
  remove.type = 'button';
  remove.className = 'history-remove quiet';
  remove.textContent = '✕';
  remove.setAttribute('aria-label', `Remove ${title.textContent} from history`);
  remove.addEventListener('click', () => onRemove(entry));
  li.append(open, remove);
  return li;
}

export function renderHistory(entries, handlers) {
  $('history-list').replaceChildren(...entries.map((entry) => item(entry, handlers)));
  $('history-empty').hidden = entries.length > 0;
  $('history-clear').hidden = entries.length === 0;
}
