import assert from 'node:assert/strict';
import { colorFor, displayValue, MAX_FIELDS, normalizeCustomEvent } from '../../../src/sources/custom/normalize-custom.ts';
import { LIMITS, parseCustomBody, pruneJson } from '../../../src/sources/custom/parse-custom-body.ts';
import type { JsonValue } from '../../../src/events/normalized-event.ts';
import { oneLine } from '../../../src/sources/money/payload-readers.ts';

const normalize = (body: JsonValue) => normalizeCustomEvent({
  hook: 'shop', deliveryId: 'd1', body, headers: { contentType: 'application/json', userAgent: 'curl/8' }, receivedAt: new Date('2026-01-02T03:04:05Z'),
});

describe('generic hook events', () => {
  it('become custom events of the hook: target and type are its name, feature "event"', () => {
    const event = normalize({ title: 'Order paid', url: 'https://x.example/1', total: 5 });
    assert.deepEqual(
      [event.id, event.source, event.deliveryId, event.type, event.target, event.feature, event.summary, event.url],
      ['custom:shop:d1', 'custom', 'shop:d1', 'shop', 'shop', 'event', '[shop] Order paid', 'https://x.example/1'],
    );
    assert.deepEqual(event.data.fields, [{ name: 'total', value: '5' }], 'title and url are not repeated as fields');
    assert.deepEqual(event.data.headers, { content_type: 'application/json', user_agent: 'curl/8' });
  });

  it('a long or many-line text: its first line is the title and the whole text the body', () => {
    const text = `*Deploy finished* for api\n• 3 services updated\n• 0 errors\n${'details '.repeat(40)}`;
    const event = normalize({ text });
    assert.equal(event.data.title, '*Deploy finished* for api');
    assert.equal(event.data.text, text.trim());
    assert.equal(normalize({ message: 'Disk   full\non db-1' }).data.text, null, 'two short lines stay one title');
  });

  it('looks one level into the usual main objects (Sentry event, GitLab object_attributes) for a title, link and status', () => {
    const sentry = normalize({ message: '', event: { title: 'TypeError: x is undefined', web_url: 'https://sentry.io/x' }, url: 'https://sentry.io/issues/1' });
    assert.equal(sentry.data.title, 'TypeError: x is undefined');
    const gitlab = normalize({ object_kind: 'pipeline', object_attributes: { status: 'failed', url: 'https://gitlab.example/p/1' } });
    assert.equal(gitlab.data.color, 'failure');
    assert.equal(gitlab.url, 'https://gitlab.example/p/1');
  });

  it('finds a title in the usual places, else names the hook', () => {
    assert.equal(normalize({ message: 'Disk   full\non db-1' }).data.title, 'Disk full on db-1');
    assert.equal(normalize({ event: 'build.finished', status: 'ok' }).data.title, 'build.finished');
    assert.equal(normalize({ count: 3 }).data.title, 'Webhook shop');
    assert.equal(normalize([1, 2]).data.title, 'Webhook shop');
    assert.equal(normalize({ url: 'javascript:alert(1)' }).url, null, 'only http(s) links');
  });

  it('never cuts an emoji in half when it shortens provider text', () => {
    const loneSurrogate = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;
    const title = normalize({ title: `${'a'.repeat(198)}🚀🚀🚀` }).data.title as string;
    assert.ok(title.endsWith('…') && !loneSurrogate.test(title), JSON.stringify(title));
    const value = displayValue(`${'b'.repeat(298)}😀😀`);
    assert.ok(value.endsWith('…') && !loneSurrogate.test(value), JSON.stringify(value));
    const customer = oneLine(`${'c'.repeat(118)}💳💳`, 120)!;
    assert.ok(customer.endsWith('…') && !loneSurrogate.test(customer), JSON.stringify(customer));
  });

  it('colours by a status-like field', () => {
    assert.equal(colorFor({ status: 'FAILED' }), 'failure');
    assert.equal(colorFor({ state: 'resolved' }), 'success');
    assert.equal(colorFor({ severity: 'warning' }), 'warning');
    assert.equal(colorFor({ status: 'meh' }), 'info');
  });

  it('lists at most 20 top-level fields as one-line values', () => {
    const body: Record<string, JsonValue> = {};
    for (let i = 0; i < 25; i++) body[`k${i}`] = i;
    const event = normalize(body);
    assert.equal((event.data.fields as unknown[]).length, MAX_FIELDS);
    assert.equal(event.data.more_fields, 5);
    assert.equal(displayValue(null), '–');
    assert.equal(displayValue(['a', 1, true]), 'a, 1, true');
    assert.equal(displayValue({ a: { b: 1 } }), '{"a":{"b":1}}');
    assert.equal(displayValue('x'.repeat(400)).length, 300);
  });
});

describe('generic hook bodies', () => {
  it('parse JSON, form-encoded, payload= forms and text', () => {
    assert.deepEqual(parseCustomBody('application/json; charset=utf-8', Buffer.from('{"a":1}')), { a: 1 });
    assert.deepEqual(parseCustomBody('application/vnd.api+json', Buffer.from('[1]')), [1]);
    assert.deepEqual(parseCustomBody('application/x-www-form-urlencoded', Buffer.from('a=1&b=x+y&a=2')), { a: ['1', '2'], b: 'x y' });
    assert.deepEqual(parseCustomBody('application/x-www-form-urlencoded', Buffer.from('payload=%7B%22a%22%3A1%7D')), { a: 1 });
    assert.deepEqual(parseCustomBody('', Buffer.from('{"a":1}')), { a: 1 });
    assert.deepEqual(parseCustomBody('text/plain', Buffer.from('hello')), { text: 'hello' });
    assert.throws(() => parseCustomBody('application/json', Buffer.from('{')), /not valid JSON/);
    assert.throws(() => parseCustomBody('application/octet-stream', Buffer.from('x')), /not supported/);
  });

  it('decode a declared Latin-1 charset, and refuse what they cannot read (gzip, other charsets) with 415', () => {
    assert.deepEqual(parseCustomBody('application/json; charset=ISO-8859-1', Buffer.from('{"t":"Caf\u00e9"}', 'latin1')), { t: 'Café' });
    assert.deepEqual(parseCustomBody('text/plain; charset="utf-8"', Buffer.from('Café')), { text: 'Café' });
    assert.throws(() => parseCustomBody('application/json', Buffer.from('x'), 'gzip'), (e: { status?: number; message: string }) => e.status === 415 && /Content-Encoding gzip/.test(e.message));
    assert.throws(() => parseCustomBody('text/plain; charset=shift_jis', Buffer.from('x')), (e: { status?: number }) => e.status === 415);
    assert.deepEqual(parseCustomBody('application/json', Buffer.from('{"a":1}'), 'identity'), { a: 1 });
  });

  it('are pruned for storage: long strings, long lists, deep nesting, __proto__', () => {
    const pruned = pruneJson(JSON.parse(`{"s":"${'x'.repeat(5000)}","list":[${'1,'.repeat(300)}1],"__proto__":{"polluted":true},"deep":${'{"a":'.repeat(20)}1${'}'.repeat(20)}}`)) as Record<string, JsonValue>;
    assert.equal((pruned.s as string).length, LIMITS.stringLength);
    assert.equal((pruned.list as unknown[]).length, LIMITS.arrayItems);
    assert.ok(!Object.hasOwn(pruned, '__proto__'));
    assert.equal(({} as Record<string, unknown>).polluted, undefined);
    assert.ok(JSON.stringify(pruned.deep).length < 100);
    const wide = pruneJson(Array.from({ length: 100 }, () => Array.from({ length: 100 }, () => 1)));
    assert.ok(JSON.stringify(wide).length < 4 * LIMITS.nodes, 'the node budget bounds the size');
  });
});
