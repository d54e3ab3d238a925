import { test } from 'node:test';
import assert from 'node:assert/strict';
import { embedUrl, holdsSecret, imgSnippet } from '../../js/embed.js';

const DEFAULTS = { format: 'png', size: 512, margin: 4, errorCorrection: 'M', foreground: '#000000', background: '#FFFFFF' };

test('a request with default options links with data alone', () => {
  assert.equal(embedUrl({ content: 'hello', ...DEFAULTS }, 'https://qr.example'), 'https://qr.example/api/v1/qr?data=hello');
});

test('options that differ from the defaults are in the link, colours without #', () => {
  const url = new URL(embedUrl({ content: 'x', format: 'svg', size: 300, margin: 0, errorCorrection: 'H',
    foreground: '#1a2b3c', background: '#ffffff' }, 'http://localhost'));
  assert.deepEqual(Object.fromEntries(url.searchParams),
    { data: 'x', format: 'svg', size: '300', margin: '0', ecc: 'H', fg: '1A2B3C' });
});

test('content is percent-encoded so the link holds it exactly', () => {
  const content = 'https://example.com/a?b=1&c=d#e ü';
  const url = new URL(embedUrl({ content, ...DEFAULTS }, 'http://localhost'));
  assert.equal(url.searchParams.get('data'), content);
  assert.doesNotMatch(url.search, /[#&]c=|ü| /);
});

test('the <img> snippet escapes the link and the alt text', () => {
  assert.equal(imgSnippet('http://h/api/v1/qr?data=a&size=64', { size: 64 }, 'QR code for "a" <b>'),
    '<img src="http://h/api/v1/qr?data=a&#38;size=64" width="64" height="64" alt="QR code for &#34;a&#34; &#60;b&#62;">');
});

test('a Wi-Fi or otpauth code holds a secret, a link does not', () => {
  assert.equal(holdsSecret({ content: 'WIFI:T:WPA;S:home;P:pw;;' }), true);
  assert.equal(holdsSecret({ content: 'otpauth://totp/me?secret=JBSWY3DPEHPK3PXP' }), true);
  assert.equal(holdsSecret({ content: 'https://example.com' }), false);
});
