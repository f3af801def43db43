/**
 * Retry schedule of the outbox, Svix-style: fast at first for transient errors, then spaced out,
 * about a day in all. Returns the delay before the next attempt, or null to give up (dead-letter).
 */
export const RETRY_SCHEDULE_MS: readonly number[] = [
  1_000, 5_000, 30_000, 2 * 60_000, 10 * 60_000, 60 * 60_000, 2 * 3600_000, 4 * 3600_000, 8 * 3600_000, 8 * 3600_000,
];

export type RetryPolicy = (failedAttempts: number, retryAfterMs: number | null) => number | null;

export function createRetryPolicy(
  schedule: readonly number[] = RETRY_SCHEDULE_MS,
  random: () => number = Math.random,
): RetryPolicy {
  return (failedAttempts, retryAfterMs) => {
    const base = schedule[failedAttempts - 1];
    if (base === undefined) return null;
    const jittered = Math.round(base * (0.8 + 0.4 * random()));
    return Math.max(jittered, retryAfterMs ?? 0);
  };
}
