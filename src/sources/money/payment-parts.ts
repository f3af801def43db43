import type { JsonObject } from '../../events/normalized-event.ts';
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
