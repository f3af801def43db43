/**
 * Fault injection shared by the fake chat APIs: random 5xx / hangs (seeded, so a run can be
 * replayed) and deterministic "the next N requests get 429 / 5xx / no answer".
 */
export interface FaultOptions {
  /** Seed of the PRNG used for the probabilities; omitted = Math.random (not reproducible). */
  seed?: number;
  /** Probability (0..1) that a request is answered with a 5xx. */
  errorRate?: number;
  /** Status codes picked for random and forced server errors (default 500, 502, 503). */
  errorStatuses?: number[];
  /** Probability (0..1) that a request is never answered (the client has to time out). */
  hangRate?: number;
  /** The next N requests get 429. */
  rateLimitNext?: number;
  /** retry_after (seconds, may be fractional) of forced 429s (default 1). */
  rateLimitRetryAfterSec?: number;
  /** The next N requests get a 5xx. */
  errorNext?: number;
  /** The next N requests are never answered. */
  hangNext?: number;
}

export type FaultDecision =
  | { kind: 'none' }
  | { kind: 'error'; status: number }
  | { kind: 'hang' }
  | { kind: 'rate-limit'; retryAfterSec: number };

/** mulberry32: a tiny deterministic PRNG, good enough for fault schedules. */
export function createRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export class FaultInjector {
  private options: Required<Omit<FaultOptions, 'seed'>> = {
    errorRate: 0,
    errorStatuses: [500, 502, 503],
    hangRate: 0,
    rateLimitNext: 0,
    rateLimitRetryAfterSec: 1,
    errorNext: 0,
    hangNext: 0,
  };
  private random: () => number = Math.random;
  /** Faults injected so far, by kind. */
  readonly injected = { error: 0, hang: 0, rateLimit: 0 };

  constructor(options: FaultOptions = {}) {
    this.set(options);
  }

  /** Merges new settings into the current ones; a seed restarts the random sequence. */
  set(options: FaultOptions): void {
    const { seed, ...rest } = options;
    for (const [key, value] of Object.entries(rest)) {
      if (value !== undefined) (this.options as Record<string, unknown>)[key] = value;
    }
    if (seed !== undefined) this.random = createRandom(seed);
  }

  /** Turns every fault off. */
  clear(): void {
    this.set({ errorRate: 0, hangRate: 0, rateLimitNext: 0, errorNext: 0, hangNext: 0 });
  }

  decide(): FaultDecision {
    const o = this.options;
    if (o.rateLimitNext > 0) {
      o.rateLimitNext--;
      this.injected.rateLimit++;
      return { kind: 'rate-limit', retryAfterSec: o.rateLimitRetryAfterSec };
    }
    if (o.errorNext > 0) {
      o.errorNext--;
      return this.error();
    }
    if (o.hangNext > 0) {
      o.hangNext--;
      this.injected.hang++;
      return { kind: 'hang' };
    }
    // Always draw both numbers so a seeded schedule does not depend on which rates are set.
    const errorDraw = this.random();
    const hangDraw = this.random();
    if (errorDraw < o.errorRate) return this.error();
    if (hangDraw < o.hangRate) {
      this.injected.hang++;
      return { kind: 'hang' };
    }
    return { kind: 'none' };
  }

  private error(): FaultDecision {
    const statuses = this.options.errorStatuses;
    const status = statuses[Math.floor(this.random() * statuses.length)] ?? 500;
    this.injected.error++;
    return { kind: 'error', status };
  }
}
