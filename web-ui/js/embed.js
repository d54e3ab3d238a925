// Codes by URL: the GET /api/v1/qr link for a request (only the options that differ from the
// defaults, so links stay short) and an <img> snippet for it.
const DEFAULTS = { format: 'png', size: 512, margin: 4, errorCorrection: 'M', foreground: '#000000', background: '#FFFFFF' };
const PARAMETERS = [
  ['format', 'format'], ['size', 'size'], ['margin', 'margin'], ['errorCorrection', 'ecc'],
  ['foreground', 'fg'], ['background', 'bg'],
];

/** The absolute link to the code for `request` on `origin`. */
export function embedUrl(request, origin) {
  const query = new URLSearchParams({ data: request.content });
  for (const [field, name] of PARAMETERS) {
    const value = String(request[field] ?? DEFAULTS[field]).toUpperCase();
    if (value !== String(DEFAULTS[field]).toUpperCase()) {
      query.set(name, field === 'foreground' || field === 'background' ? value.replace('#', '') : String(request[field]));
    }
  }
  return `${origin}/api/v1/qr?${query}`;
}

const escapeHtml = (text) => text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/** `<img>` markup showing the code at its size; `alt` names what it holds. */
export function imgSnippet(url, request, alt) {
  const size = request.size ?? DEFAULTS.size;
  return `<img src="${escapeHtml(url)}" width="${size}" height="${size}" alt="${escapeHtml(alt)}">`;
}

/** A Wi-Fi code's link carries its password, an otpauth one its key. */
export const holdsSecret = (request) => /^(WIFI:|otpauth(-migration)?:)/i.test(request.content);
