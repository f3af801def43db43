import { DeliveryError } from '../delivery/errors.ts';
import type { MessageSender } from '../delivery/message-sender.ts';
import { createRetryPolicy, type RetryPolicy } from '../delivery/retry-policy.ts';
import type { Logger } from '../logging/logger.ts';
import type { Renderer } from '../rendering/renderer.ts';
import type { Delivery, Store } from '../storage/store.ts';
import type { Platform } from '../subscriptions/subscription.ts';
import { idempotencyKey } from './fan-out-event.ts';

export interface DeliveryWorkerDeps {
  store: Store;
  renderer: Renderer;
  senders: Record<Platform, MessageSender>;
  logger: Logger;
  /** Deliveries in flight at once (across channels; one at a time per channel). */
  concurrency?: number;
  retryPolicy?: RetryPolicy;
  now?: () => Date;
}

/**
 * The outbox worker: posts due deliveries, one at a time per channel (keeps order), many channels
 * in parallel, and reschedules failures with the retry policy or dead-letters them.
 */
export class DeliveryWorker {
  private readonly concurrency: number;
  private readonly retryPolicy: RetryPolicy;
  private readonly now: () => Date;
  private readonly inFlight = new Map<string, Promise<void>>();
  private readonly busyChannels = new Set<string>();
  private timer: NodeJS.Timeout | null = null;
  private running = false;
  private scanning = false;
  private rescan = false;

  constructor(private readonly deps: DeliveryWorkerDeps) {
    this.concurrency = deps.concurrency ?? 16;
    this.retryPolicy = deps.retryPolicy ?? createRetryPolicy();
    this.now = deps.now ?? (() => new Date());
  }

  start(): void {
    this.running = true;
    this.poke();
  }

  /** Something new may be due: scan now. */
  poke(): void {
    if (!this.running) return;
    if (this.scanning) {
      this.rescan = true;
      return;
    }
    void this.scan();
  }

  /** Stops taking new deliveries and waits for the ones in flight. */
  async stop(): Promise<void> {
    this.running = false;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    while (this.inFlight.size > 0) await Promise.allSettled([...this.inFlight.values()]);
  }

  private async scan(): Promise<void> {
    this.scanning = true;
    try {
      do {
        this.rescan = false;
        const free = this.concurrency - this.inFlight.size;
        if (free <= 0) break;
        const due = await this.deps.store.listDueDeliveries(this.now(), free * 4 + this.busyChannels.size);
        for (const d of due) {
          if (this.inFlight.size >= this.concurrency) break;
          const channelKey = `${d.platform}:${d.workspace}:${d.channel}`;
          if (this.inFlight.has(d.id) || this.busyChannels.has(channelKey)) continue;
          this.busyChannels.add(channelKey);
          const job = this.attempt(d)
            .catch((err: unknown) => this.deps.logger.error({ err, delivery: d.id }, 'delivery bookkeeping failed'))
            .finally(() => {
            this.inFlight.delete(d.id);
            this.busyChannels.delete(channelKey);
            this.poke();
          });
          this.inFlight.set(d.id, job);
        }
      } while (this.rescan && this.running);
      await this.armTimer();
    } catch (err) {
      this.deps.logger.error({ err }, 'delivery scan failed; retrying in 1 s');
      this.armRetry(1000);
    } finally {
      this.scanning = false;
    }
  }

  private async armTimer(): Promise<void> {
    if (!this.running) return;
    const next = await this.deps.store.nextDueAt();
    if (!next) return;
    this.armRetry(Math.max(0, next.getTime() - this.now().getTime()));
  }

  private armRetry(ms: number): void {
    if (!this.running) return;
    if (this.timer) clearTimeout(this.timer);
    // Timers beyond ~24.8 days overflow; cap the wait and re-arm.
    this.timer = setTimeout(() => this.poke(), Math.min(ms, 60 * 60_000) + 5);
    this.timer.unref?.();
  }

  private async attempt(delivery: Delivery): Promise<void> {
    const { store, renderer, senders, logger } = this.deps;
    const attempts = delivery.attempts + 1;
    try {
      const event = await store.getEvent(delivery.eventId);
      if (!event) {
        await store.updateDelivery(delivery.id, { status: 'dead', attempts, lastError: 'event no longer stored' });
        return;
      }
      const payload = await renderer.render(event, delivery.platform);
      if (!payload) {
        await store.updateDelivery(delivery.id, {
          status: 'delivered',
          attempts,
          deliveredAt: this.now().toISOString(),
          lastError: 'template rendered nothing: not posted',
        });
        return;
      }
      const result = await senders[delivery.platform].send(delivery.channel, payload, idempotencyKey(delivery));
      await store.updateDelivery(delivery.id, {
        status: 'delivered',
        attempts,
        deliveredAt: this.now().toISOString(),
        messageId: result.messageId,
        lastError: null,
      });
      logger.debug({ delivery: delivery.id, channel: delivery.channel }, 'delivered');
    } catch (err) {
      await this.fail(delivery, attempts, err);
    }
  }

  private async fail(delivery: Delivery, attempts: number, err: unknown): Promise<void> {
    const { store, logger } = this.deps;
    const message = err instanceof Error ? err.message : String(err);
    const retryable = err instanceof DeliveryError ? err.retryable : true;
    const retryAfter = err instanceof DeliveryError ? err.retryAfterMs : null;
    const delay = retryable ? this.retryPolicy(attempts, retryAfter) : null;
    const log = { delivery: delivery.id, platform: delivery.platform, channel: delivery.channel, attempts, err: message };
    if (delay === null) {
      logger.warn(log, retryable ? 'delivery gave up after all retries (dead)' : 'delivery failed permanently (dead)');
      await store.updateDelivery(delivery.id, { status: 'dead', attempts, lastError: message });
      return;
    }
    logger.info({ ...log, retryInMs: delay }, 'delivery failed; will retry');
    await store.updateDelivery(delivery.id, {
      status: 'failed',
      attempts,
      lastError: message,
      nextAttemptAt: new Date(this.now().getTime() + delay).toISOString(),
    });
  }
}
