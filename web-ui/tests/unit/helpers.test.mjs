import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import {
  HelperError, builders, buildUrl, buildWifi, escapeWifi, buildEmail, buildTel, buildSms, buildVcard, escapeVcard, buildGeo,
  describeContent, fileName, isWebUrl,
} from '../../js/helpers.js';

const throwsOn = (field, fn) => assert.throws(fn, (e) => e instanceof HelperError && e.field === field);

// The vectors the API's typed content is tested with (qr-contract's ContentVectorsTest): the
// helpers must build exactly the same strings and refuse the same input, naming the same field.
const vectors = JSON.parse(readFileSync(new URL('../../../qr-contract/src/test/resources/content-vectors.json', import.meta.url), 'utf8'));
// The API's `text` type has no helper: the Content field itself is the text.
const UI_TYPES = new Set(vectors.map((v) => v.type).filter((type) => type !== 'text'));
// The form gives strings; JSON numbers (geo) are passed as the text a person would type.
const asTyped = (data) => Object.fromEntries(Object.entries(data).map(([k, v]) => [k, typeof v === 'number' ? String(v) : v]));

test('every API type but text has a helper, and every helper has vectors', () => {
  assert.deepEqual(Object.keys(builders).sort(), [...UI_TYPES].sort());
  for (const type of UI_TYPES) {
    assert.ok(vectors.some((v) => v.type === type && 'content' in v), `${type}: a valid vector`);
    assert.ok(vectors.some((v) => v.type === type && 'error' in v), `${type}: an invalid vector`);
  }
});

for (const vector of vectors.filter((v) => UI_TYPES.has(v.type))) {
  test(`vector ${vector.name}`, () => {
    const build = () => builders[vector.type](asTyped(vector.data));
    if ('content' in vector) {
      assert.equal(build(), vector.content);
    } else {
      assert.throws(build, (e) => {
        assert.ok(e instanceof HelperError, `a HelperError, got ${e}`);
        assert.equal(e.field, vector.error);
        return true;
      });
    }
  });
}

test('url: UI-only convenience, a missing scheme becomes https:// (a port is not a scheme)', () => {
  assert.equal(buildUrl({ url: '  example.com/path ' }), 'https://example.com/path');
  assert.equal(buildUrl({ url: 'example.com:8080/a' }), 'https://example.com:8080/a');
  assert.equal(buildUrl({ url: 'localhost:3000' }), 'https://localhost:3000');
  throwsOn('url', () => buildUrl({ url: '  ' }));
  throwsOn('url', () => buildUrl({ url: 'exa mple.com' }));
  throwsOn('url', () => buildUrl({ url: 'mailto:ann@example.com' }));
});

test('url: the checks follow java.net.URI', () => {
  for (const ok of ['http://127.0.0.1:8080/', 'https://[::1]/x', 'https://example.com./', 'https://localhost', 'https://a-b.example/%20?q=%7E#x/y?z']) {
    assert.ok(isWebUrl(ok), ok);
  }
  for (const bad of ['https://', 'https://ex_ample.com', 'https://example.123', 'https://-a.example', 'https://example.com/a b',
    'https://example.com/%zz', 'https://example.com/a#b#c', 'https://example.com/<x>', 'https://a@b@example.com', 'https://example.com/[x]']) {
    assert.ok(!isWebUrl(bad), bad);
  }
});

test('wifi escapes \\ ; , : and " in SSID and password', () => {
  assert.equal(escapeWifi('a\\b;c,d:e"f'), 'a\\\\b\\;c\\,d\\:e\\"f');
  throwsOn('ssid', () => buildWifi({ ssid: '', password: 'x' }));
});

test('email percent-encodes all but the unreserved characters', () => {
  assert.equal(buildEmail({ to: 'a@example.com', body: "it's (*)!" }), 'mailto:a@example.com?body=it%27s%20%28%2A%29%21');
  throwsOn('to', () => buildEmail({}));
});

test('tel and sms: formatting dropped, number required', () => {
  assert.equal(buildTel({ number: '+44 (20) 7946-0958' }), 'tel:+442079460958');
  assert.equal(buildSms({ number: '5551234' }), 'SMSTO:5551234:');
  throwsOn('number', () => buildSms({ number: '' }));
});

test('vcard: the form gives one phone and one e-mail as strings; blank ones are dropped', () => {
  assert.equal(escapeVcard('a,b;c\\d\ne\r\nf'), 'a\\,b\\;c\\\\d\\ne\\nf');
  const card = buildVcard({ name: 'Ada Lovelace', organisation: 'Engines, Ltd.', title: '', phones: '+1 555 0100', emails: '', url: '', address: '', note: '' });
  assert.equal(card, ['BEGIN:VCARD', 'VERSION:3.0', 'N:Ada Lovelace', 'FN:Ada Lovelace', 'ORG:Engines\\, Ltd.', 'TEL:+15550100', 'END:VCARD'].join('\r\n'));
  assert.match(buildVcard({ name: 'Ann', phones: ['', ' ', '555 1234'] }), /\r\nTEL:5551234\r\n/);
  throwsOn('phones[0]', () => buildVcard({ name: 'Ann', phones: 'call me' }));
  throwsOn('emails[0]', () => buildVcard({ name: 'Ann', emails: 'ann@' }));
  throwsOn('name', () => buildVcard({}));
});

test('geo keeps the digits typed, without the zeros the API drops, and checks the range exactly', () => {
  assert.equal(buildGeo({ lat: ' 48.8584 ', lon: '2.29450' }), 'geo:48.8584,2.2945');
  assert.equal(buildGeo({ lat: '-90.000', lon: '-180' }), 'geo:-90,-180');
  assert.equal(buildGeo({ lat: '-0.0', lon: '007.10' }), 'geo:0,7.1');
  throwsOn('lat', () => buildGeo({ lat: '90.0000000000000000001', lon: '0' }));
  throwsOn('lat', () => buildGeo({ lat: '1e1', lon: '0' }));
  throwsOn('lon', () => buildGeo({ lat: '0', lon: 'east' }));
  throwsOn('lat', () => buildGeo({ lat: '', lon: '0' }));
});

test('describeContent names Wi-Fi and contacts without secrets, shortens long text', () => {
  assert.equal(describeContent(buildWifi({ ssid: 'Home;Net', password: 'secret', encryption: 'WPA' })), 'Wi-Fi network Home;Net');
  assert.equal(describeContent(buildVcard({ name: 'Ada Lovelace' })), 'contact card for Ada Lovelace');
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
