import assert from 'node:assert/strict';
import { createClientAddressResolver } from '../../src/http/client-ip.ts';

describe('client address', () => {
  it('is the peer without TRUST_PROXY, whatever X-Forwarded-For says', () => {
    const resolve = createClientAddressResolver({ kind: 'none' });
    assert.equal(resolve('::ffff:127.0.0.1', '203.0.113.9').text, '127.0.0.1');
    assert.equal(resolve('2001:db8::1', undefined).text, '2001:db8::1');
  });

  it('with one trusted proxy, is the right-most X-Forwarded-For entry (what the proxy saw)', () => {
    const resolve = createClientAddressResolver({ kind: 'hops', hops: 1 });
    assert.equal(resolve('127.0.0.1', '203.0.113.9').text, '203.0.113.9');
    // A client that sends its own X-Forwarded-For cannot choose its address: the proxy appends the real one.
    assert.equal(resolve('127.0.0.1', '192.30.252.1, 198.51.100.4').text, '198.51.100.4');
    assert.equal(resolve('127.0.0.1', '2001:db8::7').text, '2001:db8::7');
    assert.equal(resolve('127.0.0.1', '[2001:db8::7]:4711').text, '2001:db8::7');
    assert.equal(resolve('127.0.0.1', '198.51.100.4:5000').text, '198.51.100.4');
    assert.equal(resolve('127.0.0.1', '').text, '127.0.0.1', 'no header: the peer');
  });

  it('with N proxies, skips N hops from the right', () => {
    const resolve = createClientAddressResolver({ kind: 'hops', hops: 2 });
    assert.equal(resolve('10.0.0.2', '1.1.1.1, 203.0.113.9, 10.0.0.1').text, '203.0.113.9');
    assert.equal(resolve('10.0.0.2', '10.0.0.1').text, '10.0.0.1', 'a short chain gives its left-most entry');
  });

  it('with trusted ranges, is the right-most hop outside them, and only when the peer is a trusted proxy', () => {
    const resolve = createClientAddressResolver({ kind: 'ranges', ranges: '10.0.0.0/8, 127.0.0.1' });
    assert.equal(resolve('127.0.0.1', '1.1.1.1, 203.0.113.9, 10.0.0.5').text, '203.0.113.9');
    assert.equal(resolve('198.51.100.1', '203.0.113.9').text, '198.51.100.1', 'an untrusted peer\'s header is ignored');
    assert.equal(resolve('127.0.0.1', '10.0.0.9, 10.0.0.5').text, '10.0.0.9', 'all trusted: the left-most');
  });

  it('gives a null ip for a garbage hop, so allowlists refuse it', () => {
    const resolve = createClientAddressResolver({ kind: 'hops', hops: 1 });
    const address = resolve('127.0.0.1', 'not-an-ip');
    assert.equal(address.ip, null);
    assert.equal(address.text, 'not-an-ip');
  });
});
