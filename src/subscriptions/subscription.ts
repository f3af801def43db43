import type { Source } from '../events/normalized-event.ts';

export const PLATFORMS = ['discord', 'slack'] as const;
export type Platform = (typeof PLATFORMS)[number];

/** Filters parsed from words such as `commits:release/*`, `+label:bug`, `-author:*[bot]`, `min:100USD`. */
export interface SubscriptionFilters {
  /** Branch globs for commits; empty = default branch only (plain `commits`). */
  branches: string[];
  /** Issues/PRs must carry one of these labels (case-insensitive). */
  includeLabels: string[];
  /** Issues/PRs carrying any of these labels are dropped. */
  excludeLabels: string[];
  /** Actor globs to ignore. */
  excludeAuthors: string[];
  /** Minimum payment amount, in minor units of `currency` (used by payment sources). */
  minAmount: { amount: number; currency: string } | null;
}

export interface Subscription {
  id: string;
  platform: Platform;
  /** Discord guild id / Slack team id; "" when unknown (admin API without workspace). */
  workspace: string;
  channel: string;
  source: Source;
  /** Lower-cased target: "owner/repo", "owner/*", "*", an acct_ id, a site URL, a hook name. */
  target: string;
  features: string[];
  filters: SubscriptionFilters;
  createdAt: string;
  createdBy: string | null;
  /** Set when deliveries to this channel keep failing permanently; paused subscriptions get nothing. */
  pausedReason?: string | null;
  /** false: never combine this subscription's events into storm digests (default: allowed). */
  digest?: boolean;
}
