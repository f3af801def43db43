import assert from 'node:assert/strict';
import { availableSlots, blockUntil, nextSlotAt, PACING_MARGIN_MS } from '../../src/delivery/pacing.ts';

describe('channel pacing', () => {
  const rate = { limit: 5, windowMs: 5000 };
  it('allows the limit at once, then waits for the oldest send to leave the window', () => {
    const now = 100_000;
    assert.equal(nextSlotAt([], now, rate), now);
    const sends = [now - 4000, now - 3000, now - 2000, now - 1000, now - 10];
    assert.equal(availableSlots(sends, now, rate), 0);
    assert.equal(nextSlotAt(sends, now, rate), now - 4000 + 5000 + PACING_MARGIN_MS);
    assert.equal(availableSlots(sends.slice(1), now, rate), 1);
  });
  it('forgets sends older than the window', () => {
    assert.equal(availableSlots([1, 2, 3, 4, 5], 100_000, rate), 5);
  });
  it('turns a Retry-After into a blocked window', () => {
    const now = 50_000;
    const blocked = blockUntil([], now + 3000, rate);
    assert.equal(nextSlotAt(blocked, now, rate), now + 3000);
    assert.equal(availableSlots(blocked, now + 3001, rate), 5);
  });
});
