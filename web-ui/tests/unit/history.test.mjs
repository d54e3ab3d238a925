import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHistory } from '../../js/history.js';

function memoryStorage() {
  const data = new Map();
  return {
    getItem: (k) => (data.has(k) ? data.get(k) : null),
    setItem: (k, v) => data.set(k, String(v)),
  };
}

const entry = (id) => ({ id, request: { content: `c${id}` }, imageUrl: `/api/v1/jobs/${id}/image` });

test('newest first, de-duplicated, bounded', () => {
  const history = createHistory(memoryStorage(), { limit: 3 });
  ['a', 'b', 'c', 'b', 'd'].forEach((id) => history.add(entry(id)));
  assert.deepEqual(history.list().map((e) => e.id), ['d', 'b', 'c']);
  assert.equal(history.get('c').request.content, 'cc');
});

test('remove and clear', () => {
  const history = createHistory(memoryStorage());
  history.add(entry('a'));
  history.add(entry('b'));
  history.remove('a');
  assert.deepEqual(history.list().map((e) => e.id), ['b']);
  history.clear();
  assert.deepEqual(history.list(), []);
});

test('survives corrupt data and a full or disabled storage', () => {
  const storage = memoryStorage();
  storage.setItem('qr-fleet.history.v1', '{not json');
  const history = createHistory(storage);
  assert.deepEqual(history.list(), []);
  const full = { getItem: () => null, setItem: () => { throw new Error('QuotaExceededError'); } };
  assert.equal(createHistory(full).add(entry('a')), false);
});
