// Content helpers: pure functions that turn form values into the text a QR code carries.
// They mirror the API's typed content (qr-contract's io.qrfleet.contract.content): each builder
// takes the API's `data` fields (strings, booleans, arrays) and returns the same content string,
// or throws a HelperError whose `field` is the API's field name (the API says `data.<field>`).
// The shared vectors, qr-contract/src/test/resources/content-vectors.json, keep them in step.

export class HelperError extends Error {
  constructor(field, message) {
    super(message);
    this.name = 'HelperError';
    this.field = field;
  }
}

const trim = (value) => String(value ?? '').trim();
const given = (value) => value !== undefined && value !== null && String(value) !== '';
/** Java's Character.isWhitespace characters (not the no-break spaces). */
const JAVA_WHITESPACE = '\\t\\n\\v\\f\\r\\x1c-\\x1f \\u1680\\u2000-\\u2006\\u2008-\\u200a\\u2028\\u2029\\u205f\\u3000';
/** Java's String.isBlank(). */
const BLANK = new RegExp(`^[${JAVA_WHITESPACE}]*$`);
const blank = (value) => BLANK.test(String(value ?? ''));

/** The API's "is required": missing or blank. */
function required(value, field, label) {
  if (blank(value)) throw new HelperError(field, `${label} is required.`);
  return String(value);
}

// Web addresses: the API accepts only absolute http(s) URLs with a host, parsed as java.net.URI
// (RFC 2396) parses them; these patterns follow its grammar for the parts a web address has.
const UNRESERVED = "A-Za-z0-9\\-_.!~*'()";
const ESCAPED = '%[0-9A-Fa-f]{2}';
const OTHER = '[^\\x00-\\x7F\\p{Z}\\p{Cc}]'; // visible non-ASCII, allowed unescaped
const chars = (extra) => new RegExp(`^(?:[${UNRESERVED}${extra}]|${ESCAPED}|${OTHER})*$`, 'u');
const PATH = chars(';/:@&=+$,');
const QUERY = chars(';/?:@&=+$,\\[\\]'); // also the fragment
const USERINFO = new RegExp(`^(?:[${UNRESERVED};:&=+$,]|${ESCAPED})*$`);
const LABEL = '[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?';
const HOSTNAME = new RegExp(`^(?:${LABEL}\\.)*${LABEL}\\.?$`);
const OCTET = '(?:25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)';
const IPV4 = new RegExp(`^${OCTET}(?:\\.${OCTET}){3}$`);
const IPV6 = /^\[[0-9A-Fa-f:.]+\]$/;

function isHost(host) {
  if (IPV4.test(host) || IPV6.test(host)) return true;
  if (!HOSTNAME.test(host)) return false;
  const labels = host.replace(/\.$/, '').split('.');
  return labels.length === 1 || /^[A-Za-z]/.test(labels.at(-1)); // a dotted name ends in a letter-led label
}

/** True for an absolute http:// or https:// URL with a host, as the API checks it. */
export function isWebUrl(value) {
  const parts = /^https?:\/\/([^/?#]*)([^?#]*)(\?[^#]*)?(?:#(.*))?$/isu.exec(String(value));
  if (!parts) return false;
  const [, authority, path, query = '', fragment = ''] = parts;
  // ([^@]*)@, not (.*)@: the greedy dot backtracked quadratically over a run of @ and :
  const server = /^(?:([^@]*)@)?(\[[^\]]*\]|[^:]*)(?::\d*)?$/su.exec(authority);
  return Boolean(server) && USERINFO.test(server[1] ?? '') && isHost(server[2])
    && PATH.test(path) && QUERY.test(query) && QUERY.test(fragment);
}

/** Web address. UI-only convenience: the text is trimmed and a missing scheme becomes https://. */
export function buildUrl({ url } = {}) {
  const value = trim(url);
  if (!value) throw new HelperError('url', 'Web address is required.');
  // "example.com:8080" has a port, not a scheme: only a colon not followed by a digit ends a scheme.
  const withScheme = /^[a-z][a-z0-9+.-]*:(?!\d)/i.test(value) ? value : `https://${value}`;
  if (!isWebUrl(withScheme)) {
    throw new HelperError('url', 'Enter a web address starting with http:// or https://, such as https://example.com.');
  }
  return withScheme;
}

/** Escapes the characters that are special in the MECARD-style WIFI: syntax. */
export function escapeWifi(value) {
  return String(value).replace(/[\\;,:"]/g, (c) => `\\${c}`);
}

/** Wi-Fi network: WIFI:T:<WPA|WEP|nopass>;S:<ssid>;P:<password>;H:true;; */
export function buildWifi({ ssid, password, encryption, hidden } = {}) {
  required(ssid, 'ssid', 'Network name');
  const type = encryption ?? 'WPA';
  if (!['WPA', 'WEP', 'nopass'].includes(type)) {
    throw new HelperError('encryption', 'Encryption must be WPA, WEP or none.');
  }
  let text = `WIFI:T:${type};S:${escapeWifi(ssid)};`;
  if (type !== 'nopass') {
    if (blank(password)) throw new HelperError('password', 'Password is required for a secured network.');
    text += `P:${escapeWifi(password)};`;
  }
  if (hidden === true) text += 'H:true;';
  return `${text};`;
}

// As qr-contract's Fields.isEmail: local@domain, one @, a dot inside the domain, at most 254
// characters, no white space or control characters, and nothing that would change the meaning of
// the mailto: URI or vCard line it goes into. One pass, no backtracking.
const MAX_EMAIL_LENGTH = 254;
const NOT_IN_EMAIL = '?&#%,;:<>"\\';
const EMAIL_REFUSED = new RegExp(`[${JAVA_WHITESPACE}\\u0000-\\u001f\\u007f-\\u009f]`);

function isEmail(value) {
  const at = value.indexOf('@');
  if (value.length > MAX_EMAIL_LENGTH || at < 1 || at !== value.lastIndexOf('@')) return false;
  for (const c of value) if (EMAIL_REFUSED.test(c) || NOT_IN_EMAIL.includes(c)) return false;
  const dot = value.indexOf('.', at + 2);
  return dot > 0 && dot < value.length - 1;
}

/** Percent-encodes the UTF-8 bytes of everything but RFC 3986's unreserved A-Z a-z 0-9 - . _ ~ */
export function percentEncode(value) {
  return encodeURIComponent(value).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}

function checkEmail(value, field, label) {
  required(value, field, label);
  if (!isEmail(String(value))) {
    throw new HelperError(field, `Enter an e-mail address such as name@example.com, at most ${MAX_EMAIL_LENGTH} characters, without spaces or ${NOT_IN_EMAIL}`);
  }
  return String(value);
}

/** E-mail: mailto:<to>?subject=…&body=… (percent-encoded; empty ones left out). */
export function buildEmail({ to, subject, body } = {}) {
  const address = checkEmail(to, 'to', 'E-mail address');
  const query = [['subject', subject], ['body', body]]
    .filter(([, value]) => given(value))
    .map(([key, value]) => `${key}=${percentEncode(String(value))}`)
    .join('&');
  return `mailto:${address}${query ? `?${query}` : ''}`;
}

const PHONE_FORMATTING = /[ \t\n\v\f\r().\/-]/g;

/** A phone number without its formatting (spaces, brackets, dots, dashes, slashes), checked. */
function phoneNumber(value, field, label) {
  required(value, field, label);
  const compact = String(value).replace(PHONE_FORMATTING, '');
  if (!/^\+?[0-9*#]{3,32}$/.test(compact)) {
    throw new HelperError(field, 'Use 3 to 32 digits (or * and #), an optional leading +, spaces, dashes or brackets.');
  }
  return compact;
}

/** Phone call: tel:<number>. */
export function buildTel({ number } = {}) {
  return `tel:${phoneNumber(number, 'number', 'Phone number')}`;
}

/** Text message: SMSTO:<number>:<message>. */
export function buildSms({ number, message } = {}) {
  return `SMSTO:${phoneNumber(number, 'number', 'Phone number')}:${given(message) ? message : ''}`;
}

/** Escapes a vCard 3.0 text value (RFC 2426 §5): backslash, comma, semicolon, line breaks (CRLF, LF or CR). */
export function escapeVcard(value) {
  return String(value)
    .replace(/[\\,;]/g, (c) => `\\${c}`)
    .replace(/\r\n|\r|\n/g, '\\n'); // a bare carriage return too: none may end the property early
}

/**
 * The [value, index] pairs of a list field given as an array or, from the form, one string.
 * UI-only convenience: blank entries are dropped (the API would call them missing).
 */
function entries(value) {
  const list = Array.isArray(value) ? value : [value];
  return list.map((item, index) => [item, index]).filter(([item]) => !blank(item));
}

/** Contact card: vCard 3.0 with CRLF line ends; empty properties are left out. */
export function buildVcard({ name, organisation, title, phones, emails, url, address, note } = {}) {
  required(name, 'name', 'Name');
  const tels = entries(phones).map(([phone, i]) => phoneNumber(phone, `phones[${i}]`, 'Phone'));
  const mails = entries(emails).map(([email, i]) => checkEmail(email, `emails[${i}]`, 'E-mail'));
  const lines = ['BEGIN:VCARD', 'VERSION:3.0', `N:${escapeVcard(name)}`, `FN:${escapeVcard(name)}`];
  const text = (property, value) => { if (given(value)) lines.push(`${property}:${escapeVcard(value)}`); };
  text('ORG', organisation);
  text('TITLE', title);
  for (const phone of tels) lines.push(`TEL:${phone}`);
  for (const email of mails) lines.push(`EMAIL:${email}`);
  text('URL', url);
  if (given(address)) lines.push(`ADR:;;${escapeVcard(address)};;;;`);
  text('NOTE', note);
  lines.push('END:VCARD');
  return lines.join('\r\n');
}

/**
 * A decimal coordinate, e.g. -33.8567844, within ±limit (compared exactly), written as the API
 * writes it: its digits as typed, without leading or trailing zeros (48.50 → 48.5, -0.0 → 0).
 */
/** A loop, not /0+$/, which is quadratic on a long run of zeros followed by another digit. */
function trimTrailingZeros(digits) {
  let end = digits.length;
  while (end > 0 && digits[end - 1] === '0') end -= 1;
  return digits.slice(0, end);
}

function coordinate(value, field, label, limit) {
  const text = trim(value);
  if (!text) throw new HelperError(field, `${label} is required.`);
  const match = /^(-?)(\d{1,3})(?:\.(\d+))?$/.exec(text);
  const whole = match && Number(match[2]);
  const fraction = trimTrailingZeros(match?.[3] ?? '');
  if (!match || whole > limit || (whole === limit && fraction)) {
    throw new HelperError(field, `${label} must be a number between -${limit} and ${limit}.`);
  }
  const sign = whole || fraction ? match[1] : '';
  return `${sign}${whole}${fraction ? `.${fraction}` : ''}`;
}

/** Geo location: geo:<lat>,<lon> (RFC 5870). */
export function buildGeo({ lat, lon } = {}) {
  return `geo:${coordinate(lat, 'lat', 'Latitude', 90)},${coordinate(lon, 'lon', 'Longitude', 180)}`;
}

/**
 * The helpers the UI offers, by the value of its "Content type" choice; the same names and `data`
 * fields as the API's typed content (qr-contract's content package), which has `text` too: the
 * Content field itself is the text. content-vectors.json keeps the two in step.
 */
export const builders = {
  url: buildUrl,
  wifi: buildWifi,
  email: buildEmail,
  tel: buildTel,
  sms: buildSms,
  vcard: buildVcard,
  geo: buildGeo,
};

const ellipsis = (text, max) => (text.length > max ? `${text.slice(0, max - 1)}…` : text);

/** A short human description of content, for accessible names and history (never a Wi-Fi password). */
export function describeContent(content) {
  const text = String(content ?? '');
  const wifi = /^WIFI:(?:.*?;)?S:((?:\\.|[^;\\])*);/.exec(text);
  if (wifi) return `Wi-Fi network ${wifi[1].replace(/\\(.)/g, '$1')}`;
  const vcardName = /^BEGIN:VCARD[\s\S]*?\r?\nFN:([^\r\n]*)/.exec(text);
  if (vcardName) return `contact card for ${vcardName[1].replace(/\\(.)/g, '$1')}`;
  if (/^SMSTO:/i.test(text)) return `text message to ${text.split(':')[1]}`;
  return ellipsis(text.replace(/\s+/g, ' ').trim(), 80);
}

/** A download file name such as qr-example-com.png. */
export function fileName(content, format) {
  const slug = describeContent(content)
    .toLowerCase()
    .replace(/^[a-z][a-z0-9+.-]*:(\/\/)?/, '')
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 40)
    .replace(/-+$/, '');
  return `qr-${slug || 'code'}.${format}`;
}
