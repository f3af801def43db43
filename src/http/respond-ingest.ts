import type { Context } from 'koa';
import type { NormalizedEvent } from '../events/normalized-event.ts';
import { ingestEvent, type IngestDeps } from '../pipeline/ingest-webhook.ts';

/**
 * Stores a verified, normalized webhook and answers as every webhook endpoint does: 202 once it
 * is durable (`status` "accepted", or e.g. "pong"), 200 for a delivery id seen before.
 */
export async function ingestAndRespond(ctx: Context, deps: IngestDeps, event: NormalizedEvent, status = 'accepted'): Promise<void> {
  const result = await ingestEvent(deps, event);
  if (result.duplicate) {
    ctx.status = 200;
    ctx.body = { status: 'duplicate', id: event.id };
    return;
  }
  ctx.status = 202;
  ctx.body = { status, id: event.id, deliveries: result.deliveries };
}
