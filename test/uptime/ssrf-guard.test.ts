import assert from 'node:assert/strict';
import { blockedReason, refuseUnsafeSite, resolveSafeAddress, ResolveError, SsrfError, type ResolveHost } from '../../src/uptime/ssrf-guard.ts';

/** A resolver answering from a table (no DNS in tests). */
function fakeDns(table: Record<string, string[]>): ResolveHost {
  return async (host) => {
    const answers = table[host];
    if (!answers) throw Object.assign(new Error(`getaddrinfo ENOTFOUND ${host}`), { code: 'ENOTFOUND' });
    return answers.map((address) => ({ address, family: address.includes(':') ? 6 : 4 }));
  };
}

describe('SSRF guard: blockedReason', () => {
  const refused: Array<[string, RegExp]> = [
    ['127.0.0.1', /loopback/],
    ['127.255.255.254', /loopback/],
    ['10.0.0.1', /private/],
    ['10.255.255.255', /private/],
    ['172.16.0.1', /private/],
    ['172.31.255.254', /private/],
    ['192.168.1.1', /private/],
    ['169.254.169.254', /link-local.*metadata/],
    ['169.254.0.1', /link-local/],
    ['100.64.0.1', /carrier-grade NAT/],
    ['100.127.255.254', /carrier-grade NAT/],
    ['0.0.0.0', /this network/],
    ['0.1.2.3', /this network/],
    ['224.0.0.1', /multicast/],
    ['239.255.255.250', /multicast/],
    ['255.255.255.255', /broadcast/],
    ['240.0.0.1', /reserved/],
    ['192.0.2.10', /reserved or documentation/],
    ['::1', /IPv6 loopback/],
    ['::', /unspecified/],
    ['fc00::1', /unique-local/],
    ['fd12:3456:789a::1', /unique-local/],
    ['fe80::1', /link-local/],
    ['febf::1', /link-local/],
    ['ff02::1', /multicast/],
    ['::ffff:127.0.0.1', /IPv6 form of 127\.0\.0\.1.*loopback/],
    ['::ffff:7f00:1', /IPv6 form of 127\.0\.0\.1/],
    ['::ffff:10.1.2.3', /IPv6 form of 10\.1\.2\.3.*private/],
    ['::ffff:169.254.169.254', /IPv6 form of 169\.254\.169\.254.*link-local/],
    ['::127.0.0.1', /IPv6 form of 127\.0\.0\.1/],
    ['::ffff:0:127.0.0.1', /IPv6 form of 127\.0\.0\.1/],
    ['64:ff9b::127.0.0.1', /IPv6 form of 127\.0\.0\.1/],
    ['64:ff9b::a9fe:a9fe', /IPv6 form of 169\.254\.169\.254/],
    ['64:ff9b:1::1', /local-use NAT64/],
    ['2002:7f00:1::1', /IPv6 form of 127\.0\.0\.1/],
    ['2002:c0a8:101::1', /IPv6 form of 192\.168\.1\.1/],
    ['2001:0:4136:e378::1', /Teredo/],
    ['[::1]', /IPv6 loopback/],
    ['fe80::1%eth0', /link-local/],
  ];
  for (const [address, reason] of refused) {
    it(`refuses ${address}`, () => {
      assert.match(blockedReason(address) ?? 'allowed', reason);
    });
  }

  for (const address of ['93.184.216.34', '8.8.8.8', '1.1.1.1', '172.32.0.1', '100.128.0.1', '169.255.0.1', '2606:4700:4700::1111', '2a00:1450:4001:82b::200e', '::ffff:93.184.216.34', '64:ff9b::808:808']) {
    it(`allows public ${address}`, () => {
      assert.equal(blockedReason(address), null);
    });
  }

  it('treats a non-address as blocked', () => {
    assert.equal(blockedReason('example.com'), 'not an IP address');
  });
});

describe('SSRF guard: resolveSafeAddress', () => {
  const dns = fakeDns({
    'public.test': ['93.184.216.34'],
    'v6.test': ['2606:4700::6810:84e5'],
    'internal.test': ['10.0.0.5'],
    'rebind.test': ['93.184.216.34', '127.0.0.1'],
    'mapped.test': ['::ffff:127.0.0.1'],
    'metadata.test': ['169.254.169.254'],
  });

  it('returns the checked address to connect to', async () => {
    assert.deepEqual(await resolveSafeAddress('public.test', { allowPrivate: false, resolve: dns }), { address: '93.184.216.34', family: 4 });
    assert.deepEqual(await resolveSafeAddress('v6.test', { allowPrivate: false, resolve: dns }), { address: '2606:4700::6810:84e5', family: 6 });
  });

  it('refuses a name with any private answer, so a mixed answer cannot reach the private one', async () => {
    await assert.rejects(resolveSafeAddress('rebind.test', { allowPrivate: false, resolve: dns }), (err: unknown) => {
      assert.ok(err instanceof SsrfError);
      assert.equal(err.address, '127.0.0.1');
      assert.match(err.message, /rebind\.test resolves to 127\.0\.0\.1, a loopback address/);
      return true;
    });
  });

  it('refuses names resolving to private, metadata and IPv4-mapped loopback addresses', async () => {
    for (const host of ['internal.test', 'metadata.test', 'mapped.test']) {
      await assert.rejects(resolveSafeAddress(host, { allowPrivate: false, resolve: dns }), SsrfError, host);
    }
  });

  it('checks IP literals without DNS, with or without brackets', async () => {
    const neverCalled: ResolveHost = async () => assert.fail('no DNS for literals');
    await assert.rejects(resolveSafeAddress('127.0.0.1', { allowPrivate: false, resolve: neverCalled }), /127\.0\.0\.1 is a loopback address/);
    await assert.rejects(resolveSafeAddress('[::1]', { allowPrivate: false, resolve: neverCalled }), /::1 is the IPv6 loopback/);
    assert.deepEqual(await resolveSafeAddress('[2606:4700::1]', { allowPrivate: false, resolve: neverCalled }), { address: '2606:4700::1', family: 6 });
  });

  it('UPTIME_ALLOW_PRIVATE turns the guard off; trustedAddresses allows exact addresses only', async () => {
    assert.equal((await resolveSafeAddress('internal.test', { allowPrivate: true, resolve: dns })).address, '10.0.0.5');
    assert.equal((await resolveSafeAddress('127.0.0.1', { allowPrivate: false, trustedAddresses: ['127.0.0.1'] })).address, '127.0.0.1');
    await assert.rejects(resolveSafeAddress('127.0.0.2', { allowPrivate: false, trustedAddresses: ['127.0.0.1'] }), SsrfError);
  });

  it('reports names that do not resolve as ResolveError', async () => {
    await assert.rejects(resolveSafeAddress('nowhere.test', { allowPrivate: false, resolve: dns }), (err: unknown) => err instanceof ResolveError && /ENOTFOUND/.test(err.message));
  });
});

describe('SSRF guard: refuseUnsafeSite (add-time check)', () => {
  const dns = fakeDns({ 'shop.test': ['93.184.216.34'], 'intranet.test': ['192.168.0.10'] });

  it('explains the refusal and how an operator can allow internal hosts', async () => {
    const message = await refuseUnsafeSite('http://127.0.0.1', { allowPrivate: false, resolve: dns });
    assert.match(message ?? '', /127\.0\.0\.1 is a loopback address/);
    assert.match(message ?? '', /UPTIME_ALLOW_PRIVATE=1/);
    assert.match((await refuseUnsafeSite('https://intranet.test/health', { allowPrivate: false, resolve: dns })) ?? '', /intranet\.test resolves to 192\.168\.0\.10, a private network address/);
    assert.match((await refuseUnsafeSite('http://[::ffff:169.254.169.254]/', { allowPrivate: false, resolve: dns })) ?? '', /169\.254\.169\.254/);
  });

  it('allows public sites, private ones when allowed, and names that do not resolve yet', async () => {
    assert.equal(await refuseUnsafeSite('https://shop.test', { allowPrivate: false, resolve: dns }), null);
    assert.equal(await refuseUnsafeSite('http://127.0.0.1:8080', { allowPrivate: true, resolve: dns }), null);
    assert.equal(await refuseUnsafeSite('https://not-yet.test', { allowPrivate: false, resolve: dns }), null);
  });
});
