// Recent codes, newest first, kept in localStorage (or any Storage-like object).

export const HISTORY_KEY = 'qr-fleet.history.v1';
export const HISTORY_LIMIT = 12;

export function createHistory(storage, { key = HISTORY_KEY, limit = HISTORY_LIMIT } = {}) {
  function read() {
    try {
      const entries = JSON.parse(storage.getItem(key) ?? '[]');
      return Array.isArray(entries) ? entries.filter((e) => e && typeof e.id === 'string') : [];
    } catch {
      return [];
    }
  }

  function write(entries) {
    try {
      storage.setItem(key, JSON.stringify(entries));
      return true;
    } catch {
      return false; // storage full or disabled: history is a convenience, never a failure
    }
  }

  return {
    list: read,
    /** Adds (or moves to the top) an entry {id, request, imageUrl, verified, createdAt}. */
    add(entry) {
      const entries = [entry, ...read().filter((e) => e.id !== entry.id)].slice(0, limit);
      return write(entries);
    },
    get: (id) => read().find((e) => e.id === id),
    remove: (id) => write(read().filter((e) => e.id !== id)),
    clear: () => write([]),
  };
}
