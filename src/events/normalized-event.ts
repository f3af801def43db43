/**
 * NormalizedEvent: the contract between sources (which verify and normalize provider payloads)
 * and everything downstream (matching, rendering, delivery, /recent).
 */
export const SOURCES = ['github', 'stripe', 'paypal', 'uptime', 'custom'] as const;
export type Source = (typeof SOURCES)[number];

export function isSource(value: string): value is Source {
  return (SOURCES as readonly string[]).includes(value);
}

/** JSON-safe values only: events are persisted as JSON. */
export type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };
export type JsonObject = { [key: string]: JsonValue };

export interface NormalizedEvent {
  /** Internal id, unique across sources (e.g. "github:<delivery id>"). */
  id: string;
  source: Source;
  /** Provider's delivery/event id used for dedupe (X-GitHub-Delivery, evt_…, …). */
  deliveryId: string;
  /**
   * Template key, e.g. "push", "pull_request", "issues", "release". Rendering looks for
   * templates/<source>/<type>.liquid.
   */
  type: string;
  /** Provider action when there is one ("opened", "closed", "merged", "completed", …). */
  action: string | null;
  /**
   * The feature word this event belongs to ("commits", "pulls", "reviews", …), or null when the
   * event is stored but never posted (unknown/unsupported event types, ping).
   */
  feature: string | null;
  /** What subscriptions name, lower-cased for matching (e.g. "acme/api"; "*" never appears here). */
  target: string;
  /** Who caused the event (GitHub login), for -author: filters. */
  actor: string | null;
  /** Branch for commits:<glob> filters (push, create/delete of a branch). */
  branch: string | null;
  /** The repository's default branch, so plain `commits` can mean "default branch only". */
  defaultBranch: string | null;
  /** Labels on the issue/PR, for +label:/-label: filters. */
  labels: string[];
  /** One line for /recent and logs, plain text (not escaped). */
  summary: string;
  /** Link to the thing on the provider's site, when there is one. */
  url: string | null;
  /** ISO time the event was received. */
  receivedAt: string;
  /** Normalized fields the templates use (plain, unescaped provider text). */
  data: JsonObject;
}
