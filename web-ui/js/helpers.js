// Content helpers: pure functions that turn form values into the text a QR code carries.
// Each builder takes a plain object of strings/booleans and returns the content string,
// or throws a HelperError naming the offending field.

export class HelperError extends Error {
  constructor(field, message) {
    super(message);
    this.name = 'HelperError';
    this.field = field;
  }
}

const trim = (value) => String(value ?? '').trim();

function required(values, field, label) {
  const value = trim(values[field]);
  if (!value) throw new HelperError(field, `${label} is required.`);
  return value;
}

/** Web address; a missing scheme becomes https://. */
export function buildUrl({ url }) {
  const value = required({ url }, 'url', 'Web address');
  const withScheme = /^[a-z][a-z0-9+.-]*:/i.test(value) ? value : `https://${value}`;
  try {
    new URL(withScheme);
  } catch {
    throw new HelperError('url', 'Enter a web address such as https://example.com.');
  }
  return withScheme;
}

/** Escapes the characters that are special in the MECARD-style WIFI: syntax. */
export function escapeWifi(value) {
  return String(value).replace(/[\\;,:"]/g, (c) => `\\${c}`);
}

/** Wi-Fi network: WIFI:T:<WPA|WEP|nopass>;S:<ssid>;P:<password>;H:true;; */
export function buildWifi({ ssid, password = '', encryption = 'WPA', hidden = false }) {
  if (!String(ssid ?? '')) throw new HelperError('ssid', 'Network name is required.');
  if (!['WPA', 'WEP', 'nopass'].includes(encryption)) {
    throw new HelperError('encryption', 'Encryption must be WPA, WEP or none.');
  }
  let text = `WIFI:T:${encryption};S:${escapeWifi(ssid)};`;
  if (encryption !== 'nopass') {
    if (!password) throw new HelperError('password', 'Password is required for a secured network.');
    text += `P:${escapeWifi(password)};`;
  }
  if (hidden) text += 'H:true;';
  return `${text};`;
}

const EMAIL = /^[^\s@]+@[^\s@]+$/;

/** E-mail: mailto:<to>?subject=…&body=… (percent-encoded). */
export function buildEmail({ to, subject, body }) {
  const address = required({ to }, 'to', 'E-mail address');
  if (!EMAIL.test(address)) throw new HelperError('to', 'Enter an e-mail address such as name@example.com.');
  const query = [['subject', subject], ['body', body]]
    .filter(([, value]) => value)
    .map(([key, value]) => `${key}=${encodeURIComponent(value)}`)
    .join('&');
  return `mailto:${address}${query ? `?${query}` : ''}`;
}

function phoneNumber(number) {
  const value = required({ number }, 'number', 'Phone number');
  const compact = value.replace(/[\s().-]/g, '');
  if (!/^\+?[0-9*#]{3,}$/.test(compact)) {
    throw new HelperError('number', 'Use digits, an optional leading +, spaces, dashes or brackets.');
  }
  return compact;
}

/** Phone call: tel:<number>. */
export function buildPhone({ number }) {
  return `tel:${phoneNumber(number)}`;
}

/** Text message: SMSTO:<number>:<message>. */
export function buildSms({ number, message = '' }) {
  return `SMSTO:${phoneNumber(number)}:${message}`;
}

/** Escapes a vCard 3.0 text value (RFC 2426 §5): backslash, comma, semicolon, newline. */
export function escapeVcard(value) {
  return String(value)
    .replace(/[\\,;]/g, (c) => `\\${c}`)
    .replace(/\r\n|\r|\n/g, '\\n');
}

/** Contact card: vCard 3.0 with CRLF line ends; empty properties are left out. */
export function buildVcard({ firstName = '', lastName = '', org = '', title = '', phone = '', email = '', url = '', address = '', note = '' }) {
  const first = trim(firstName);
  const last = trim(lastName);
  if (!first && !last && !trim(org)) throw new HelperError('firstName', 'Enter a name or an organisation.');
  const fullName = [first, last].filter(Boolean).join(' ') || trim(org);
  const lines = [
    'BEGIN:VCARD',
    'VERSION:3.0',
    `N:${escapeVcard(last)};${escapeVcard(first)};;;`,
    `FN:${escapeVcard(fullName)}`,
  ];
  const optional = [
    ['ORG', org], ['TITLE', title], ['TEL;TYPE=CELL', phone], ['EMAIL', email], ['URL', url], ['NOTE', note],
  ];
  for (const [name, value] of optional) {
    if (trim(value)) lines.push(`${name}:${escapeVcard(trim(value))}`);
  }
  if (trim(address)) lines.push(`ADR;TYPE=WORK:;;${escapeVcard(trim(address))};;;;`);
  lines.push('END:VCARD');
  return lines.join('\r\n');
}

function coordinate(values, field, label, limit) {
  const text = required(values, field, label);
  const number = Number(text);
  if (!Number.isFinite(number) || Math.abs(number) > limit) {
    throw new HelperError(field, `${label} must be a number between -${limit} and ${limit}.`);
  }
  return number;
}

/** Geo location: geo:<lat>,<lon> (RFC 5870). */
export function buildGeo({ latitude, longitude }) {
  const lat = coordinate({ latitude }, 'latitude', 'Latitude', 90);
  const lon = coordinate({ longitude }, 'longitude', 'Longitude', 180);
  return `geo:${lat},${lon}`;
}

/** The helpers the UI offers, by the value of its "Content type" choice. */
export const builders = {
  url: buildUrl,
  wifi: buildWifi,
  email: buildEmail,
  phone: buildPhone,
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
