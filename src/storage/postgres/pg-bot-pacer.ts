import { setTimeout as sleep } from 'node:timers/promises';
import type { Pool } from 'pg';
import type { SharedBotPacer } from '../../delivery/bot-pacer.ts';

export interface BotSlot {
  /** Start of the reserved slot, epoch ms on the database's clock. */
  slotAt: number;
  /** How long to wait from now for it, ms (0 = now). */
  waitMs: number;
}

/** `promise`, or a rejection as soon as `signal` aborts (the promise itself runs on). */
function abortable<T>(promise: Promise<T>, signal: AbortSignal): Promise<T> {
  if (signal.aborted) return Promise.reject(signal.reason);
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(signal.reason);
    signal.addEventListener('abort', onAbort, { once: true });
    promise.then(
      (value) => (signal.removeEventListener('abort', onAbort), resolve(value)),
      (err: unknown) => (signal.removeEventListener('abort', onAbort), reject(err)),
    );
  });
}

/**
 * Shared pacing on Postgres: one row per bot holds the end of its last reserved slot; each
 * request moves it one interval further in one atomic statement (row lock), on the database's
 * clock, so requests of every instance are at least `1000 / perSecond` ms apart whatever the
 * instances' clocks say. An instance killed after reserving only leaves a slot unused.
 */
export class PgBotPacer implements SharedBotPacer {
  private readonly intervalMs: number;

  constructor(
    private readonly pool: Pool,
    perSecond: number,
  ) {
    this.intervalMs = 1000 / perSecond;
  }

  async reserve(bot: string, signal?: AbortSignal): Promise<BotSlot> {
    // clock_timestamp() is read when the row lock is held (in SET and RETURNING), not before it:
    // a request that waited for the lock must not measure its wait from an earlier time.
    const query = this.pool.query<{ slot_at: string; wait_ms: string }>(
      `INSERT INTO bot_pacing AS p (bot, next_at) VALUES ($1, clock_timestamp() + $2::float8 * interval '1 millisecond')
       ON CONFLICT (bot) DO UPDATE
         SET next_at = GREATEST(p.next_at, clock_timestamp()) + $2::float8 * interval '1 millisecond'
       RETURNING extract(epoch FROM p.next_at)::float8 * 1000 - $2::float8 AS slot_at,
                 GREATEST(0, extract(epoch FROM p.next_at - clock_timestamp())::float8 * 1000 - $2::float8) AS wait_ms`,
      [bot, this.intervalMs],
    );
    // A stalled database must not hold the send past its deadline (pg has no per-query abort).
    const { rows } = signal ? await abortable(query, signal) : await query;
    const row = rows[0]!;
    return { slotAt: Number(row.slot_at), waitMs: Number(row.wait_ms) };
  }

  async wait(bot: string, signal?: AbortSignal): Promise<void> {
    const { waitMs } = await this.reserve(bot, signal);
    if (waitMs >= 1) await sleep(Math.ceil(waitMs), undefined, signal ? { signal } : undefined);
  }
}
