import assert from 'node:assert/strict';
import { RateLimiter } from '../../src/http/rate-limit.ts';

describe('RateLimiter', () => {
  let clock = 0;
  const now = () => clock;
  beforeEach(() => {
    clock = 1_000_000;
  });

  it('allows a burst of the per-minute budget, then refuses with the wait until one token is back', () => {
    const limiter = new RateLimiter({ perMinute: 60, now });
    for (let i = 0; i < 60; i++) assert.deepEqual(limiter.take('a'), { ok: true }, `request ${i}`);
    assert.deepEqual(limiter.take('a'), { ok: false, retryAfterSeconds: 1 });
    assert.deepEqual(limiter.take('b'), { ok: true }, 'other clients are not affected');
    clock += 1000;
    assert.deepEqual(limiter.take('a'), { ok: true }, 'refilled continuously');
  });

  it('lets debt from failed verifications delay the client', () => {
    const limiter = new RateLimiter({ perMinute: 60, now });
    for (let i = 0; i < 6; i++) {
      assert.ok(limiter.take('forger').ok);
      limiter.charge('forger', 9);
    }
    const refused = limiter.take('forger');
    assert.equal(refused.ok, false);
    clock += 60_000;
    assert.ok(limiter.take('forger').ok, 'a minute later the budget is back');
  });

  it('caps debt at one budget', () => {
    const limiter = new RateLimiter({ perMinute: 60, now });
    limiter.charge('x', 10_000);
    const refused = limiter.take('x');
    assert.deepEqual(refused, { ok: false, retryAfterSeconds: 61 });
  });

  it('keeps memory bounded: drops the least recently seen clients, and sweeps refilled ones', () => {
    const limiter = new RateLimiter({ perMinute: 60, maxClients: 100, now });
    for (let i = 0; i < 500; i++) limiter.take(`10.0.${Math.floor(i / 256)}.${i % 256}`);
    assert.equal(limiter.size, 100);
    clock += 61_000;
    limiter.take('fresh');
    assert.equal(limiter.size, 1, 'full buckets carry no information');
  });
});
