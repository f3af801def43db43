import { randomUUID } from 'node:crypto';
import type { NormalizedEvent } from '../../src/events/normalized-event.ts';
import type { Delivery } from '../../src/storage/store.ts';

export function makeEvent(overrides: Partial<NormalizedEvent> = {}): NormalizedEvent {
  const deliveryId = overrides.deliveryId ?? randomUUID();
  return {
    id: `github:${deliveryId}`,
    source: 'github',
    deliveryId,
    type: 'push',
    action: null,
    feature: 'commits',
    target: 'acme/api',
    actor: 'octocat',
    branch: 'main',
    defaultBranch: 'main',
    labels: [],
    summary: '[acme/api] octocat pushed 1 commit to main',
    url: 'https://github.com/acme/api/compare/a...b',
    receivedAt: new Date().toISOString(),
    data: {},
    ...overrides,
  };
}

export function makeDelivery(eventId: string, overrides: Partial<Delivery> = {}): Delivery {
  const now = new Date().toISOString();
  return {
    id: randomUUID(),
    eventId,
    subscriptionId: 'sub-1',
    platform: 'discord',
    workspace: 'g1',
    channel: 'c1',
    status: 'pending',
    attempts: 0,
    nextAttemptAt: now,
    lastError: null,
    createdAt: now,
    deliveredAt: null,
    messageId: null,
    ...overrides,
  };
}
