import assert from 'node:assert/strict';
import { ConfigError, loadConfig } from '../../src/config/config.ts';

describe('uptime configuration', () => {
  it('has the documented defaults', () => {
    assert.deepEqual(loadConfig({}).uptime, {
      webhookSecrets: [], checkIntervalMs: 60_000, failuresBeforeDown: 3, allowPrivate: false,
      realertEvery: 0, slowMs: 5000, timeoutMs: 10_000, reportUrl: undefined,
    });
  });

  it('reads every UPTIME_* variable and HOOKBRIDGE_REPORT_URL', () => {
    const c = loadConfig({
      UPTIME_WEBHOOK_SECRET: 'old, new', UPTIME_CHECK_INTERVAL: '0.2', UPTIME_FAILURES_BEFORE_DOWN: '5',
      UPTIME_ALLOW_PRIVATE: '1', UPTIME_REALERT_EVERY: '10', UPTIME_SLOW_MS: '0', UPTIME_CHECK_TIMEOUT: '2.5',
      HOOKBRIDGE_REPORT_URL: 'https://hooks.example.com',
    }).uptime;
    assert.deepEqual(c, {
      webhookSecrets: ['old', 'new'], checkIntervalMs: 200, failuresBeforeDown: 5, allowPrivate: true,
      realertEvery: 10, slowMs: null, timeoutMs: 2500, reportUrl: 'https://hooks.example.com',
    });
    assert.equal(loadConfig({ UPTIME_ALLOW_PRIVATE: 'false' }).uptime.allowPrivate, false);
  });

  it('names the variable of a bad value', () => {
    const bad: Array<[Record<string, string>, RegExp]> = [
      [{ UPTIME_CHECK_INTERVAL: '0' }, /UPTIME_CHECK_INTERVAL: expected a number from 0.05 to 86400, got "0"/],
      [{ UPTIME_CHECK_INTERVAL: 'often' }, /UPTIME_CHECK_INTERVAL/],
      [{ UPTIME_FAILURES_BEFORE_DOWN: '2.5' }, /UPTIME_FAILURES_BEFORE_DOWN: expected a whole number/],
      [{ UPTIME_ALLOW_PRIVATE: 'maybe' }, /UPTIME_ALLOW_PRIVATE: expected 1 or 0/],
      [{ HOOKBRIDGE_REPORT_URL: 'hooks.example.com' }, /HOOKBRIDGE_REPORT_URL: expected a URL/],
    ];
    for (const [env, message] of bad) {
      assert.throws(() => loadConfig(env), (err: unknown) => err instanceof ConfigError && message.test(err.message));
    }
  });
});
