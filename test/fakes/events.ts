import type { NormalizedEvent } from '../../src/events/normalized-event.ts';
import { emptyFilters } from '../../src/subscriptions/parse-features.ts';
import type { Subscription, SubscriptionFilters } from '../../src/subscriptions/subscription.ts';

let n = 0;

/** A GitHub-ish event with overridable fields. */
export function makeEvent(overrides: Partial<NormalizedEvent> = {}): NormalizedEvent {
  n += 1;
  return {
    id: `github:delivery-${n}`,
    source: 'github',
    deliveryId: `delivery-${n}`,
    type: 'issues',
    action: 'opened',
    feature: 'issues',
    target: 'acme/api',
    actor: 'octocat',
    branch: null,
    defaultBranch: 'main',
    labels: [],
    summary: `Issue #${n} opened`,
    url: `https://github.com/acme/api/issues/${n}`,
    receivedAt: '2024-05-01T12:00:00.000Z',
    data: {},
    ...overrides,
  };
}

export function makeSub(overrides: Partial<Omit<Subscription, 'filters'>> & { filters?: Partial<SubscriptionFilters> } = {}): Subscription {
  const { filters, ...rest } = overrides;
  return {
    id: 'sub-1',
    platform: 'slack',
    workspace: 'T1',
    channel: 'C1',
    source: 'github',
    target: 'acme/api',
    features: ['issues', 'pulls', 'commits', 'releases', 'deployments'],
    createdAt: '2024-01-01T00:00:00.000Z',
    createdBy: null,
    pausedReason: null,
    ...rest,
    filters: { ...emptyFilters(), ...filters },
  };
}
