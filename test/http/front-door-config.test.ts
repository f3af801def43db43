import assert from 'node:assert/strict';
import { ConfigError, loadConfig } from '../../src/config/config.ts';

function problems(env: Record<string, string>): string {
  try {
    loadConfig(env);
  } catch (err) {
    assert.ok(err instanceof ConfigError);
    return err.message;
  }
  assert.fail('expected a ConfigError');
}

describe('front door configuration', () => {
  it('has safe defaults: no allowlist, no proxy trust, 600 requests a minute, plain HTTP', () => {
    assert.deepEqual(loadConfig({}).frontDoor, {
      allowedIps: { all: null, bySource: {} },
      trustProxy: { kind: 'none' },
      rateLimitPerMinute: 600,
      tls: null,
    });
  });

  it('reads allowlists for all webhooks and per source', () => {
    const config = loadConfig({
      WEBHOOK_ALLOWED_IPS: '10.0.0.0/8',
      GITHUB_ALLOWED_IPS: '192.30.252.0/22,2606:50c0::/32',
      CUSTOM_ALLOWED_IPS: '*',
    });
    assert.deepEqual(config.frontDoor.allowedIps, {
      all: '10.0.0.0/8',
      bySource: { github: '192.30.252.0/22,2606:50c0::/32', custom: '*' },
    });
  });

  it('names a variable with a bad range', () => {
    assert.match(problems({ STRIPE_ALLOWED_IPS: '3.18.12.63, stripe.com' }), /STRIPE_ALLOWED_IPS: .*"stripe\.com"/);
    assert.match(problems({ WEBHOOK_ALLOWED_IPS: '10.0.0.0/40' }), /WEBHOOK_ALLOWED_IPS/);
  });

  it('reads TRUST_PROXY as off, a number of proxies or proxy ranges', () => {
    const trust = (v: string) => loadConfig({ TRUST_PROXY: v }).frontDoor.trustProxy;
    assert.deepEqual(trust('0'), { kind: 'none' });
    assert.deepEqual(trust('1'), { kind: 'hops', hops: 1 });
    assert.deepEqual(trust('true'), { kind: 'hops', hops: 1 });
    assert.deepEqual(trust('2'), { kind: 'hops', hops: 2 });
    assert.deepEqual(trust('10.0.0.0/8, ::1'), { kind: 'ranges', ranges: '10.0.0.0/8, ::1' });
    assert.match(problems({ TRUST_PROXY: '99' }), /TRUST_PROXY: .*0 to 10/);
    assert.match(problems({ TRUST_PROXY: 'nginx' }), /TRUST_PROXY/);
    assert.match(problems({ TRUST_PROXY: '*' }), /TRUST_PROXY: .*"\*" would trust any client/, 'trusting everyone would defeat the allowlists');
    assert.match(problems({ TRUST_PROXY: '10.0.0.0/8, *' }), /TRUST_PROXY/);
  });

  it('reads RATE_LIMIT_PER_MINUTE, 0 turning it off', () => {
    assert.equal(loadConfig({ RATE_LIMIT_PER_MINUTE: '0' }).frontDoor.rateLimitPerMinute, 0);
    assert.equal(loadConfig({ RATE_LIMIT_PER_MINUTE: '30' }).frontDoor.rateLimitPerMinute, 30);
    assert.match(problems({ RATE_LIMIT_PER_MINUTE: 'lots' }), /RATE_LIMIT_PER_MINUTE/);
    assert.match(problems({ RATE_LIMIT_PER_MINUTE: '-1' }), /RATE_LIMIT_PER_MINUTE/);
  });

  it('needs TLS_CERT_FILE and TLS_KEY_FILE together', () => {
    assert.deepEqual(loadConfig({ TLS_CERT_FILE: 'c.pem', TLS_KEY_FILE: 'k.pem' }).frontDoor.tls, { certFile: 'c.pem', keyFile: 'k.pem' });
    assert.match(problems({ TLS_CERT_FILE: 'c.pem' }), /TLS_KEY_FILE: .*set together/);
    assert.match(problems({ TLS_KEY_FILE: 'k.pem' }), /TLS_CERT_FILE: .*set together/);
  });
});
