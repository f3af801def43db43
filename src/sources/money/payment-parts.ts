import type { JsonObject, NormalizedEvent } from '../../events/normalized-event.ts';
import type { MessageColor } from '../../rendering/message.ts';
import type { Money } from './format-money.ts';
import type { Customer } from './payload-readers.ts';

/** What a payment provider's handler makes of one event (Stripe and PayPal alike). */
export interface PaymentParts {
  feature: string | null;
  /** One line, plain, without a "[TEST]" prefix. */
  summary: string;
  color: MessageColor;
  url: string | null;
  /** The amount that `min:` filters compare and the title shows, when the event has one. */
  amount: Money | null;
  data: JsonObject;
}

/** "$12.34" or "" — for summaries. */
export function shown(m: Money | null): string {
  return m === null ? '' : m.formatted;
}

/** " — Jane Doe <jane@example.com>" or "" — for summaries. */
export function by(c: Customer | null): string {
  return c?.label ? ` — ${c.label}` : '';
}

/**
 * The NormalizedEvent of a payment provider's event, built the same way for Stripe and PayPal:
 * summary prefixed with its tags (`[TEST acct_…]`, `[SANDBOX]`), the amount at the top of `data`
 * in ISO minor units (what `min:<amount><CUR>` filters compare), then the handler's own data.
 */
export function paymentEvent(input: {
  source: 'stripe' | 'paypal';
  id: string;
  type: string;
  target: string;
  tags: string[];
  parts: PaymentParts;
  receivedAt: Date;
  /** Provider fields placed after `event_id` (`created`, `event_type`, `test`, `mode`, …). */
  data: JsonObject;
}): NormalizedEvent {
  const { source, id, type, parts } = input;
  const received = Number.isFinite(input.receivedAt.getTime()) ? input.receivedAt : new Date();
  return {
    id: `${source}:${id}`,
    source,
    deliveryId: id,
    type,
    action: type.slice(type.lastIndexOf('.') + 1),
    feature: parts.feature,
    target: input.target,
    actor: null,
    branch: null,
    defaultBranch: null,
    labels: [],
    summary: `${input.tags.length > 0 ? `[${input.tags.join(' ')}] ` : ''}${parts.summary}`.replace(/\s+/g, ' ').trim(),
    url: parts.url,
    receivedAt: received.toISOString(),
    data: {
      // (`event` is taken: templates get event.summary/type/… from the renderer.)
      event_id: id,
      ...input.data,
      color: parts.color,
      url: parts.url,
      ...(parts.amount ? { amount: parts.amount.amount, currency: parts.amount.currency, amount_formatted: parts.amount.formatted } : {}),
      ...parts.data,
    },
  };
}
