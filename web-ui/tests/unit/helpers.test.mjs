import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  HelperError, buildUrl, buildWifi, escapeWifi, buildEmail, buildPhone, buildSms, buildVcard, escapeVcard, buildGeo, describeContent, fileName,
} from '../../js/helpers.js';

const throwsOn = (field, fn) => assert.throws(fn, (e) => e instanceof HelperError && e.field === field);

test('url keeps a scheme and adds https:// when missing', () => {
  assert.equal(buildUrl({ url: 'https://example.com/a?b=c' }), 'https://example.com/a?b=c');
  assert.equal(buildUrl({ url: '  example.com/path ' }), 'https://example.com/path');
  assert.equal(buildUrl({ url: 'ftp://files.example' }), 'ftp://files.example');
  throwsOn('url', () => buildUrl({ url: '  ' }));
  throwsOn('url', () => buildUrl({ url: 'exa mple.com' }));
});

test('wifi escapes \\ ; , : and " in SSID and password', () => {
  assert.equal(escapeWifi('a\\b;c,d:e"f'), 'a\\\\b\\;c\\,d\\:e\\"f');
  assert.equal(
    buildWifi({ ssid: 'My;Net', password: 'p:a,s"s\\', encryption: 'WPA' }),
    'WIFI:T:WPA;S:My\\;Net;P:p\\:a\\,s\\"s\\\\;;',
  );
});

test('wifi open and hidden networks', () => {
  assert.equal(buildWifi({ ssid: 'Cafe', password: 'ignored', encryption: 'nopass' }), 'WIFI:T:nopass;S:Cafe;;');
  assert.equal(buildWifi({ ssid: 'Lab', password: 'secret', encryption: 'WEP', hidden: true }), 'WIFI:T:WEP;S:Lab;P:secret;H:true;;');
  assert.equal(buildWifi({ ssid: ' spaced ', password: 'x', encryption: 'WPA' }), 'WIFI:T:WPA;S: spaced ;P:x;;');
});

test('wifi requires an SSID, a known encryption and a password when secured', () => {
  throwsOn('ssid', () => buildWifi({ ssid: '', password: 'x' }));
  throwsOn('password', () => buildWifi({ ssid: 'Net', password: '', encryption: 'WPA' }));
  throwsOn('encryption', () => buildWifi({ ssid: 'Net', password: 'x', encryption: 'WPA3' }));
});

test('email builds a percent-encoded mailto', () => {
  assert.equal(buildEmail({ to: 'a@example.com' }), 'mailto:a@example.com');
  assert.equal(
    buildEmail({ to: 'a@example.com', subject: 'Hi & bye', body: 'Line 1\nLine 2' }),
    'mailto:a@example.com?subject=Hi%20%26%20bye&body=Line%201%0ALine%202',
  );
  assert.equal(buildEmail({ to: 'a@example.com', body: 'x?' }), 'mailto:a@example.com?body=x%3F');
  throwsOn('to', () => buildEmail({ to: 'not-an-address' }));
  throwsOn('to', () => buildEmail({ to: '' }));
});

test('phone and sms strip formatting and keep a leading +', () => {
  assert.equal(buildPhone({ number: '+44 (20) 7946-0958' }), 'tel:+442079460958');
  assert.equal(buildSms({ number: '555 1234', message: 'On my way: 5 min' }), 'SMSTO:5551234:On my way: 5 min');
  assert.equal(buildSms({ number: '5551234' }), 'SMSTO:5551234:');
  throwsOn('number', () => buildPhone({ number: 'call me' }));
  throwsOn('number', () => buildSms({ number: '' }));
});

test('vcard 3.0 with escaping and CRLF line ends', () => {
  assert.equal(escapeVcard('a,b;c\\d\ne'), 'a\\,b\\;c\\\\d\\ne');
  const card = buildVcard({
    firstName: 'Ada', lastName: 'Lovelace', org: 'Engines, Ltd.', phone: '+1 555', email: 'ada@example.com',
    address: '12 Main St; Floor 2', note: 'two\nlines',
  });
  assert.equal(card, [
    'BEGIN:VCARD', 'VERSION:3.0', 'N:Lovelace;Ada;;;', 'FN:Ada Lovelace', 'ORG:Engines\\, Ltd.', 'TEL;TYPE=CELL:+1 555',
    'EMAIL:ada@example.com', 'NOTE:two\\nlines', 'ADR;TYPE=WORK:;;12 Main St\\; Floor 2;;;;', 'END:VCARD',
  ].join('\r\n'));
});

test('vcard needs a name or organisation; an organisation alone is its full name', () => {
  throwsOn('firstName', () => buildVcard({}));
  assert.match(buildVcard({ org: 'ACME' }), /\r\nN:;;;;\r\nFN:ACME\r\nORG:ACME\r\n/);
});

test('geo validates ranges and normalises numbers', () => {
  assert.equal(buildGeo({ latitude: '48.8584', longitude: '2.2945' }), 'geo:48.8584,2.2945');
  assert.equal(buildGeo({ latitude: '-33.0', longitude: '151' }), 'geo:-33,151');
  throwsOn('latitude', () => buildGeo({ latitude: '91', longitude: '0' }));
  throwsOn('longitude', () => buildGeo({ latitude: '0', longitude: 'east' }));
  throwsOn('latitude', () => buildGeo({ latitude: '', longitude: '0' }));
});

test('describeContent names Wi-Fi and contacts without secrets, shortens long text', () => {
  assert.equal(describeContent(buildWifi({ ssid: 'Home;Net', password: 'secret', encryption: 'WPA' })), 'Wi-Fi network Home;Net');
  assert.equal(describeContent(buildVcard({ firstName: 'Ada', lastName: 'Lovelace' })), 'contact card for Ada Lovelace');
  assert.equal(describeContent('SMSTO:555:hi'), 'text message to 555');
  assert.equal(describeContent('https://example.com'), 'https://example.com');
  assert.equal(describeContent('x'.repeat(100)).length, 80);
});

test('fileName is a safe slug with the format extension', () => {
  assert.equal(fileName('https://example.com/a?b=1', 'png'), 'qr-example-com-a-b-1.png');
  assert.equal(fileName('Café ünïcode', 'svg'), 'qr-cafe-unicode.svg');
  assert.equal(fileName('!!!', 'png'), 'qr-code.png');
  assert.equal(fileName('a'.repeat(60), 'svg'), `qr-${'a'.repeat(40)}.svg`);
});
