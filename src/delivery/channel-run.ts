import { createHash } from 'node:crypto';
import type { NormalizedEvent } from '../events/normalized-event.ts';
import type { Logger } from '../logging/logger.ts';
import { idempotencyKey } from '../pipeline/fan-out-event.ts';
import type { Renderer } from '../rendering/renderer.ts';
import type { ChannelBatch, Delivery, Store } from '../storage/store.ts';
import type { Platform } from '../subscriptions/subscription.ts';
import type { ChannelHealth } from './channel-health.ts';
import type { DeliveryStats } from './delivery-stats.ts';
import { buildDigestMessage } from './digest.ts';
import { DeliveryError } from './errors.ts';
import type { MessageSender, PlatformPayload } from './message-sender.ts';
import { blockUntil, type ChannelRate, nextSlotAt } from './pacing.ts';
import type { RetryPolicy } from './retry-policy.ts';

export interface ChannelRunDeps {
  store: Store;
  renderer: Renderer;
  senders: Record<Platform, MessageSender>;
  logger: Logger;
  retryPolicy: RetryPolicy;
  health: ChannelHealth;
  stats: DeliveryStats;
  rates: Record<Platform, ChannelRate>;
  /** More due deliveries than this for one channel → storm digest. 0 disables digests. */
  stormThreshold: number;
  owner: string;
  leaseMs: number;
  now: () => Date;
  isRunning: () => boolean;
  sleep: (ms: number) => Promise<void>;
}

type Outcome = { ok: true; messageId: string | null } | { ok: false; err: unknown };

/** Deliveries handled per synchronous step of a storm digest. */
const SLICE = 1000;
const breathe = () => new Promise<void>((resolve) => setImmediate(resolve));

/**
 * Delivers one channel's due deliveries while holding its lease: paced below the platform's
 * per-channel rate, one message at a time (order kept), and combined into digests when more are
 * waiting than the rate allows (storm mode).
 */
export async function runChannel(deps: ChannelRunDeps, first: ChannelBatch): Promise<void> {
  const { store, owner, leaseMs } = deps;
  const rate = deps.rates[first.channel.platform];
  let recentSends = first.recentSends;
  let batch: ChannelBatch | null = first;
  const started = Date.now();
  try {
    while (batch && batch.deliveries.length > 0 && deps.isRunning()) {
      const slot = nextSlotAt(recentSends, Date.now(), rate);
      if (slot - started > leaseMs * 0.7) break; // let the lease go; the worker re-claims when due
      if (slot > Date.now()) {
        await deps.sleep(slot - Date.now());
        if (!deps.isRunning()) break;
        batch = await store.claimChannel(first.channel, deps.now(), owner, leaseMs);
        if (!batch || batch.deliveries.length === 0) break;
      }
      const result = await sendNext(deps, batch.deliveries);
      if (result.sent) recentSends = [...recentSends, Date.now()];
      if (result.retryAfterMs !== null) recentSends = blockUntil(recentSends, Date.now() + result.retryAfterMs, rate);
      if (result.channelPaused) break;
      batch = await store.claimChannel(first.channel, deps.now(), owner, leaseMs);
    }
  } finally {
    await store.releaseChannel(first.channel, owner, recentSends);
  }
}

interface StepResult {
  sent: boolean;
  retryAfterMs: number | null;
  channelPaused: boolean;
}

async function sendNext(deps: ChannelRunDeps, due: Delivery[]): Promise<StepResult> {
  const pendingDigest = due.find((d) => d.digestKey);
  if (pendingDigest) {
    // A digest was planned (and maybe sent) before a crash: send the same one again (same key).
    return sendDigest(deps, due.filter((d) => d.digestKey === pendingDigest.digestKey), pendingDigest.digestKey!, true);
  }
  // A single message whose earlier attempt may have reached the platform (timeout, crash) is
  // re-sent alone under its own key (Discord nonce / Slack history check), never folded into a
  // digest with a new key, which could post it twice.
  const inFlight = due.find((d) => d.sendStartedAt && !d.digestKey);
  if (inFlight) return sendSingle(deps, inFlight);
  if (deps.stormThreshold > 0 && due.length > deps.stormThreshold) {
    const digestable = await digestAllowed(deps, due);
    if (digestable.length >= 2) {
      // Far more waiting than the channel's rate can list soon: count the overflow instead of queueing it.
      const countRest = digestable.length > Math.max(100, deps.stormThreshold * 10);
      return sendDigest(deps, digestable, null, countRest);
    }
  }
  return sendSingle(deps, due[0]!);
}

async function digestAllowed(deps: ChannelRunDeps, due: Delivery[]): Promise<Delivery[]> {
  const allowed = new Map<string, boolean>();
  const out: Delivery[] = [];
  for (const d of due) {
    if (!allowed.has(d.subscriptionId)) {
      const sub = await deps.store.getSubscription(d.subscriptionId);
      allowed.set(d.subscriptionId, sub?.digest !== false);
    }
    if (allowed.get(d.subscriptionId)) out.push(d);
  }
  return out;
}

async function sendSingle(deps: ChannelRunDeps, d: Delivery): Promise<StepResult> {
  const event = await deps.store.getEvent(d.eventId);
  if (!event) {
    await deps.store.updateDelivery(d.id, { status: 'dead', attempts: d.attempts + 1, lastError: 'event no longer stored' });
    deps.stats.gaveUp(d.platform, 1);
    return { sent: false, retryAfterMs: null, channelPaused: false };
  }
  const outcome = await post(deps, [d], () => deps.renderer.render(event, d.platform), idempotencyKey(d));
  return settle(deps, [d], outcome);
}

/**
 * One digest message for (a prefix of) `candidates`: the deliveries it covers get a digest key,
 * durably, before it is sent; after a crash exactly those are re-sent with the same key (nonce).
 */
async function sendDigest(deps: ChannelRunDeps, candidates: Delivery[], key: string | null, countRest: boolean): Promise<StepResult> {
  // A digest may cover thousands of deliveries: the work is done in slices with event-loop turns
  // in between, so webhooks keep being answered meanwhile.
  await breathe();
  const events = await deps.store.getEvents(candidates.map((d) => d.eventId));
  await breathe();
  const pairs: Array<{ d: Delivery; e: NormalizedEvent }> = [];
  const orphans: Delivery[] = [];
  for (const [i, d] of candidates.entries()) {
    if (i > 0 && i % SLICE === 0) await breathe();
    const e = events.get(d.eventId);
    if (e) pairs.push({ d, e });
    else orphans.push(d);
  }
  if (orphans.length > 0) {
    // One write for all of them (attempts as a digest counts them: the most any had, plus one).
    const attempts = orphans.reduce((max, d) => Math.max(max, d.attempts), 0) + 1;
    await deps.store.updateDeliveries(orphans.map((d) => d.id), { status: 'dead', attempts, lastError: 'event no longer stored' });
    deps.stats.gaveUp(orphans[0]!.platform, orphans.length);
  }
  if (pairs.length === 0) return { sent: false, retryAfterMs: null, channelPaused: false };
  pairs.sort((a, b) => (a.e.receivedAt < b.e.receivedAt ? -1 : a.e.receivedAt > b.e.receivedAt ? 1 : 0));
  await breathe();
  const platform = pairs[0]!.d.platform;
  const message = buildDigestMessage(platform, pairs.map((p) => p.e), deps.now(), { countRest: countRest || key !== null });
  const group = pairs.slice(0, message.covered).map((p) => p.d);
  const digestKey = key ?? createHash('sha256').update(group.map((d) => d.id).join(',')).digest('base64url').slice(0, 25);
  if (key === null) await deps.store.updateDeliveries(group.map((d) => d.id), { digestKey });
  const outcome = await post(deps, group, async () => message.payload, digestKey);
  deps.logger.info({ channel: group[0]!.channel, events: group.length, listed: message.listed }, 'storm digest');
  return settle(deps, group, outcome, true);
}

/**
 * Renders and posts one message for `group` (one delivery, or the deliveries of a digest). On
 * platforms without an idempotency key (Slack), the attempt's start is recorded first, and a
 * retry of an attempt with an unknown outcome first asks the platform whether it was posted.
 */
async function post(
  deps: ChannelRunDeps,
  group: Delivery[],
  render: () => Promise<PlatformPayload | null>,
  key: string,
): Promise<Outcome> {
  const first = group[0]!;
  const sender = deps.senders[first.platform];
  try {
    const payload = await render();
    if (!payload) return { ok: true, messageId: null };
    const started = group.map((d) => d.sendStartedAt).find((t): t is string => typeof t === 'string');
    if (started && sender.findSent) {
      const found = await sender.findSent(first.channel, key, new Date(started));
      if (found) return { ok: true, messageId: found.messageId };
    }
    // Durably note the attempt first: after a crash, this message is retried alone with its key.
    if (!started) await deps.store.updateDeliveries(group.map((d) => d.id), { sendStartedAt: deps.now().toISOString() });
    const result = await sender.send(first.channel, payload, key);
    return { ok: true, messageId: result.messageId };
  } catch (err) {
    return { ok: false, err };
  }
}

async function settle(deps: ChannelRunDeps, group: Delivery[], outcome: Outcome, digest = false): Promise<StepResult> {
  const { store, logger } = deps;
  const ids = group.map((d) => d.id);
  const attempts = Math.max(...group.map((d) => d.attempts)) + 1;
  const channel = { platform: group[0]!.platform, workspace: group[0]!.workspace, channel: group[0]!.channel };
  if (outcome.ok) {
    deps.health.succeeded(channel);
    if (outcome.messageId !== null) deps.stats.posted(channel.platform, group.length, digest);
    await store.updateDeliveries(ids, {
      status: 'delivered',
      attempts,
      deliveredAt: deps.now().toISOString(),
      messageId: outcome.messageId,
      lastError: outcome.messageId === null && !digest ? 'template rendered nothing: not posted' : null,
    });
    return { sent: outcome.messageId !== null, retryAfterMs: null, channelPaused: false };
  }
  const err = outcome.err;
  const message = err instanceof Error ? err.message : String(err);
  const retryable = err instanceof DeliveryError ? err.retryable : true;
  const retryAfter = err instanceof DeliveryError ? err.retryAfterMs : null;
  const code = err instanceof DeliveryError ? err.code : 'error';
  deps.stats.failed(channel.platform, code);
  const pausedReason = await deps.health.failed(channel, err);
  const delay = retryable ? deps.retryPolicy(attempts, retryAfter) : null;
  const log = { deliveries: ids.length, platform: channel.platform, channel: channel.channel, attempts, err: message };
  // A refusal (a 429, a permanent error, no slot from the shared pacer) means nothing was posted:
  // the next attempt need not search the channel's history for this one (Slack).
  const notPosted = !retryable || code === 'rate_limited' || code === 'store_unavailable' ? { sendStartedAt: null } : {};
  if (pausedReason) {
    const rest = (await store.claimChannel(channel, deps.now(), deps.owner, deps.leaseMs))?.deliveries ?? [];
    const dead = [...new Set([...ids, ...rest.map((d) => d.id)])];
    await store.updateDeliveries(dead, { status: 'dead', attempts, lastError: message });
    deps.stats.gaveUp(channel.platform, dead.length);
    return { sent: false, retryAfterMs: null, channelPaused: true };
  }
  if (delay === null) {
    logger.warn(log, retryable ? 'delivery gave up after all retries (dead)' : 'delivery failed permanently (dead)');
    await store.updateDeliveries(ids, { status: 'dead', attempts, lastError: message, ...notPosted });
    deps.stats.gaveUp(channel.platform, ids.length);
  } else {
    // A 429 should not happen (channels are paced): say so louder than an ordinary retry.
    if (code === 'rate_limited') logger.warn({ ...log, retryInMs: delay }, `rate limited by ${channel.platform} (429); waiting before the retry`);
    else logger.info({ ...log, retryInMs: delay }, 'delivery failed; will retry');
    await store.updateDeliveries(ids, {
      status: 'failed',
      attempts,
      lastError: message,
      nextAttemptAt: new Date(deps.now().getTime() + delay).toISOString(),
      ...notPosted,
    });
  }
  return { sent: false, retryAfterMs: retryAfter, channelPaused: false };
}
