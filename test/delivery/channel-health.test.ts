import assert from 'node:assert/strict';
import { ChannelHealth, PAUSE_AFTER } from '../../src/delivery/channel-health.ts';
import { DeliveryError } from '../../src/delivery/errors.ts';
import { silentLogger } from '../../src/logging/logger.ts';
import type { ChannelRef } from '../../src/storage/store.ts';
import { addSubscriptionFor, useTempLowdbStore } from '../helpers/temp-store.ts';

describe('ChannelHealth: pausing a channel that keeps failing', () => {
  const t = useTempLowdbStore();
  const subscribe = (ref: ChannelRef, target: string) => addSubscriptionFor(t.store, ref, 'github', target);
  const gone = new DeliveryError('channel_not_found', false, null, 'unknown_channel');
  const forbidden = new DeliveryError('missing access', false, null, 'missing_access');

  it('pauses exactly the failing channel: never others, even for a channel without ids', async () => {
    const healthy = await subscribe({ platform: 'slack', workspace: 'T1', channel: 'C1' }, 'acme/api');
    const other = await subscribe({ platform: 'slack', workspace: 'T2', channel: 'C9' }, 'acme/web');
    // What a command without team_id/channel_id once stored (now refused at the door): no ids at all.
    const empty = { platform: 'slack', workspace: undefined, channel: undefined } as unknown as ChannelRef;
    const orphan = await subscribe(empty, 'acme/orphan');
    const health = new ChannelHealth(t.store, silentLogger);
    assert.match((await health.failed(empty, gone)) ?? '', /paused after 1 failed deliveries/);
    const paused = new Map((await t.store.listSubscriptions()).map((s) => [s.id, s.pausedReason]));
    assert.ok(paused.get(orphan.id));
    assert.ok(!paused.get(healthy.id));
    assert.ok(!paused.get(other.id));
  });

  it(`pauses after ${PAUSE_AFTER} missing-access failures in a row; a success in between starts over`, async () => {
    const ref: ChannelRef = { platform: 'discord', workspace: 'g', channel: '111' };
    const sub = await subscribe(ref, 'acme/api');
    const health = new ChannelHealth(t.store, silentLogger);
    assert.equal(await health.failed(ref, forbidden), null);
    health.succeeded(ref);
    for (let i = 1; i < PAUSE_AFTER; i++) assert.equal(await health.failed(ref, forbidden), null);
    assert.ok(!(await t.store.getSubscription(sub.id))?.pausedReason);
    assert.ok(await health.failed(ref, forbidden));
    assert.match((await t.store.getSubscription(sub.id))?.pausedReason ?? '', /missing_access/);
    assert.equal(await health.failed(ref, new DeliveryError('5xx', true, null, 'server_error')), null, 'retryable errors never pause');
  });
});
