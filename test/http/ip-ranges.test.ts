import assert from 'node:assert/strict';
import { IpRangeList, parseIp, parseRange, rateLimitKey } from '../../src/security/ip-ranges.ts';

describe('IP ranges', () => {
  it('parses dotted-quad IPv4 and IPv6, unwrapping IPv4-mapped addresses', () => {
    assert.equal(parseIp('192.0.2.7')?.toString(), '192.0.2.7');
    assert.equal(parseIp('::ffff:192.0.2.7')?.kind(), 'ipv4');
    assert.equal(parseIp('2001:db8::1')?.kind(), 'ipv6');
    assert.equal(parseIp('fe80::1%eth0')?.kind(), 'ipv6');
    for (const bad of ['10', '0x0a.0.0.1', '1.2.3', 'example.com', '', '1.2.3.4/8']) assert.equal(parseIp(bad), null, bad);
  });

  it('parses CIDR ranges and bare addresses', () => {
    assert.deepEqual(parseRange('10.0.0.0/8')?.[1], 8);
    assert.deepEqual(parseRange('10.1.2.3')?.[1], 32);
    assert.deepEqual(parseRange('2001:db8::/32')?.[1], 32);
    assert.deepEqual(parseRange('::1')?.[1], 128);
    assert.deepEqual(parseRange('::ffff:10.0.0.0/104')?.[1], 8, 'mapped ranges become IPv4 ranges');
    for (const bad of ['10.0.0.0/33', '2001:db8::/129', '10.0.0.0/', '10.0.0.0/x', 'nope/8']) assert.equal(parseRange(bad), null, bad);
  });

  it('matches IPv4 and IPv6 addresses against a list', () => {
    const list = IpRangeList.parse('192.30.252.0/22, 185.199.108.0/22 2606:50c0::/32');
    assert.ok(list.contains(parseIp('192.30.253.10')));
    assert.ok(list.contains(parseIp('::ffff:185.199.110.1')), 'IPv4-mapped peer');
    assert.ok(list.contains(parseIp('2606:50c0:1::5')));
    assert.ok(!list.contains(parseIp('192.30.256.1')));
    assert.ok(!list.contains(parseIp('127.0.0.1')));
    assert.ok(!list.contains(parseIp('2606:50c1::5')));
    assert.ok(!list.contains(null), 'an unknown address is never allowed');
  });

  it('"*" allows every address, even an unparsable one', () => {
    const list = IpRangeList.parse('*');
    assert.ok(list.contains(parseIp('203.0.113.9')));
    assert.ok(list.contains(null));
  });

  it('names the entries it cannot parse', () => {
    assert.throws(() => IpRangeList.parse('10.0.0.0/8, github.com, 1.2.3.4/40'), /"github\.com", "1\.2\.3\.4\/40"/);
    assert.match(IpRangeList.problem(' , ') ?? '', /empty/);
    assert.equal(IpRangeList.problem('::1'), null);
  });

  it('keys IPv6 clients by their /64', () => {
    assert.equal(rateLimitKey(parseIp('2001:db8:1:2:aaaa::1')!), rateLimitKey(parseIp('2001:db8:1:2:bbbb::9')!));
    assert.notEqual(rateLimitKey(parseIp('2001:db8:1:2::1')!), rateLimitKey(parseIp('2001:db8:1:3::1')!));
    assert.equal(rateLimitKey(parseIp('::ffff:10.0.0.1')!), '10.0.0.1');
  });
});
