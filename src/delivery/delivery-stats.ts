/**
 * What the delivery worker has done since the process started, per platform: messages posted
 * (digests among them), deliveries they carried, 429s received, failed attempts by cause, and
 * deliveries given up (dead). Shown by `GET /api/stats` and `hookbridge deliveries stats`, so an
 * operator can see whether the bot ever trips a rate limit (Discord bans bots that keep doing).
 */
import type { Platform } from '../subscriptions/subscription.ts';

export interface PlatformStats {
  /** Messages posted (a digest counts once). */
  messages: number;
  /** Storm digests among them. */
  digests: number;
  /** Deliveries (event × channel) those messages carried. */
  deliveries: number;
  /** 429 answers received (each is honoured: the channel waits Retry-After): `failures.rate_limited`. */
  rateLimited: number;
  /** Failed attempts by cause (`rate_limited`, `server_error`, `timeout`, `network`, `unknown_channel`, …). */
  failures: Record<string, number>;
  /** Deliveries that reached `dead`. */
  dead: number;
}

export interface DeliveryStatsSnapshot {
  since: string;
  platforms: Record<Platform, PlatformStats>;
}

type Counters = Omit<PlatformStats, 'rateLimited'>;

const empty = (): Counters => ({ messages: 0, digests: 0, deliveries: 0, failures: {}, dead: 0 });

export class DeliveryStats {
  private readonly since = new Date().toISOString();
  private readonly platforms: Record<Platform, Counters> = { discord: empty(), slack: empty() };

  posted(platform: Platform, deliveries: number, digest: boolean): void {
    const p = this.platforms[platform];
    p.messages += 1;
    if (digest) p.digests += 1;
    p.deliveries += deliveries;
  }

  failed(platform: Platform, code: string): void {
    const p = this.platforms[platform];
    p.failures[code] = (p.failures[code] ?? 0) + 1;
  }

  gaveUp(platform: Platform, deliveries: number): void {
    this.platforms[platform].dead += deliveries;
  }

  snapshot(): DeliveryStatsSnapshot {
    const view = (c: Counters): PlatformStats => ({ ...structuredClone(c), rateLimited: c.failures.rate_limited ?? 0 });
    return { since: this.since, platforms: { discord: view(this.platforms.discord), slack: view(this.platforms.slack) } };
  }
}
