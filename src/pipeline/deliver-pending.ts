import { randomUUID } from 'node:crypto';
import { ChannelHealth } from '../delivery/channel-health.ts';
import { DeliveryStats } from '../delivery/delivery-stats.ts';
import { runChannel, type ChannelRunDeps } from '../delivery/channel-run.ts';
import type { MessageSender } from '../delivery/message-sender.ts';
import { CHANNEL_RATES, type ChannelRate } from '../delivery/pacing.ts';
import { createRetryPolicy, type RetryPolicy } from '../delivery/retry-policy.ts';
import type { Logger } from '../logging/logger.ts';
import type { Renderer } from '../rendering/renderer.ts';
import { type ChannelRef, channelKey, type Store } from '../storage/store.ts';
import type { Platform } from '../subscriptions/subscription.ts';

export interface DeliveryWorkerDeps {
  store: Store;
  renderer: Renderer;
  senders: Record<Platform, MessageSender>;
  logger: Logger;
  /** Channels delivered at once (each channel: one message at a time). */
  concurrency?: number;
  retryPolicy?: RetryPolicy;
  /** Per-channel rates to stay under (defaults: Discord 5 / 5 s, Slack 1 / s). */
  rates?: Partial<Record<Platform, ChannelRate>>;
  /** More due deliveries than this for one channel are combined into digests; 0 = never. */
  stormThreshold?: number;
  /** How long a claimed channel stays ours without renewal (multi-instance safety). */
  leaseMs?: number;
  now?: () => Date;
}

/**
 * The outbox worker: claims channels with due deliveries and runs each (paced, ordered, storm
 * digests) until it is drained; many channels in parallel. stop() finishes what is in flight.
 */
export class DeliveryWorker {
  readonly owner = `worker-${randomUUID()}`;
  /** Counters since start (GET /api/stats). */
  readonly stats = new DeliveryStats();
  private readonly runDeps: ChannelRunDeps;
  private readonly concurrency: number;
  private readonly active = new Map<string, Promise<void>>();
  private readonly sleepers = new Set<() => void>();
  private timer: NodeJS.Timeout | null = null;
  private running = false;
  private scanning = false;
  private rescan = false;
  private scheduled = false;

  constructor(private readonly deps: DeliveryWorkerDeps) {
    this.concurrency = deps.concurrency ?? 16;
    const now = deps.now ?? (() => new Date());
    this.runDeps = {
      store: deps.store,
      renderer: deps.renderer,
      senders: deps.senders,
      logger: deps.logger,
      retryPolicy: deps.retryPolicy ?? createRetryPolicy(),
      health: new ChannelHealth(deps.store, deps.logger),
      stats: this.stats,
      rates: { ...CHANNEL_RATES, ...deps.rates },
      stormThreshold: deps.stormThreshold ?? 10,
      owner: this.owner,
      leaseMs: deps.leaseMs ?? 60_000,
      now,
      isRunning: () => this.running,
      sleep: (ms) => this.sleep(ms),
    };
  }

  start(): void {
    this.running = true;
    this.poke();
  }

  /**
   * Something new may be due: scan now. With the channels that got new deliveries: nothing to do
   * if our own runs hold all of them — a run claims its channel again before it ends, and pokes
   * when it ends. (Under a storm every webhook pokes; on Postgres a scan is two statements.)
   */
  poke(channels?: readonly ChannelRef[]): void {
    if (!this.running) return;
    if (channels && channels.length > 0 && channels.every((c) => this.active.has(channelKey(c)))) return;
    if (this.scanning) {
      this.rescan = true;
      return;
    }
    if (this.scheduled) return;
    // Coalesce the pokes of one event-loop turn (a burst of webhooks) into one scan.
    this.scheduled = true;
    setImmediate(() => {
      this.scheduled = false;
      if (this.running && !this.scanning) void this.scan();
      else if (this.scanning) this.rescan = true;
    });
  }

  /** Stops claiming, wakes sleeping channel runs, and waits for the messages in flight. */
  async stop(): Promise<void> {
    this.running = false;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    for (const wake of this.sleepers) wake();
    while (this.active.size > 0) await Promise.allSettled([...this.active.values()]);
  }

  private sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const done = () => {
        clearTimeout(t);
        this.sleepers.delete(done);
        resolve();
      };
      const t = setTimeout(done, ms);
      this.sleepers.add(done);
    });
  }

  private async scan(): Promise<void> {
    this.scanning = true;
    try {
      do {
        this.rescan = false;
        const free = this.concurrency - this.active.size;
        if (free <= 0 || !this.running) break;
        const batches = await this.deps.store.claimDueChannels(this.runDeps.now(), free, this.owner, this.runDeps.leaseMs);
        for (const batch of batches) {
          const key = channelKey(batch.channel);
          if (this.active.has(key)) continue; // our own run holds it and will pick these up
          const run = runChannel(this.runDeps, batch)
            .catch((err: unknown) => this.deps.logger.error({ err, channel: key }, 'channel delivery failed'))
            .finally(() => {
              this.active.delete(key);
              this.poke();
            });
          this.active.set(key, run);
        }
        if (!this.rescan) await this.armTimer();
        // A poke that arrived while we claimed or armed the timer must not wait for the timer.
      } while (this.rescan && this.running);
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
    // Due now but not claimable (our own runs hold it, or another instance's lease): poll gently.
    const delay = next.getTime() - this.runDeps.now().getTime();
    this.armRetry(delay > 0 ? delay : 200);
  }

  private armRetry(ms: number): void {
    if (!this.running) return;
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => this.poke(), Math.min(ms, 60_000) + 5);
    this.timer.unref?.();
  }
}
