/**
 * Generic webhooks: `POST /webhooks/custom/<name>/<token>` (secret token in the URL, checked
 * before the body is read) or `POST /webhooks/custom/<name>` signed with the hook's secret
 * (Standard Webhooks or X-Hub-Signature-256, see verify-custom.ts).
 * verify → parse (any shape) → normalize → store (dedupe on webhook-id) → 202.
 */
import Router from '@koa/router';
import { randomUUID } from 'node:crypto';
import type { Context } from 'koa';
import { HttpError, unauthorized } from '../../http/http-error.ts';
import { readRawBody } from '../../http/read-raw-body.ts';
import { type IngestDeps } from '../../pipeline/ingest-webhook.ts';
import { ingestAndRespond } from '../../http/respond-ingest.ts';
import { HOOK_NAME, type HookStore } from '../../storage/hook-store.ts';
import { tokenMatches } from './hook-credentials.ts';
import { normalizeCustomEvent } from './normalize-custom.ts';
import { parseCustomBody } from './parse-custom-body.ts';
import { verifySignedRequest } from './verify-custom.ts';

/** Generic senders post small JSON documents; 1 MB is plenty and keeps the event log small. */
export const CUSTOM_BODY_LIMIT = 1024 * 1024;

const ID_HEADER = /^[\x21-\x7e]{1,256}$/;

export interface CustomRouteDeps extends IngestDeps {
  hooks: HookStore;
}

/** The sender's idempotency id, when it gives one: repeats of it are answered 200 and not posted again. */
function senderDeliveryId(ctx: Context): string | null {
  for (const header of ['webhook-id', 'idempotency-key', 'x-github-delivery']) {
    const value = ctx.get(header);
    if (value && ID_HEADER.test(value)) return value;
  }
  return null;
}

function optionalHeader(ctx: Context, name: string): string | undefined {
  return ctx.headers[name] === undefined ? undefined : ctx.get(name);
}

export function customWebhookHandler(deps: CustomRouteDeps) {
  return async (ctx: Context): Promise<void> => {
    const name = String(ctx.params.name ?? '').toLowerCase();
    const hook = HOOK_NAME.test(name) ? await deps.hooks.get(name) : null;
    if (!hook) {
      throw new HttpError(404, 'unknown_hook', `No generic hook named "${name.slice(0, 64)}": create it with POST /api/hooks or hookbridge hooks create`);
    }
    const now = deps.now?.() ?? new Date();
    const token = ctx.params.token;
    if (token !== undefined && !tokenMatches(token, hook.tokenHash)) throw unauthorized('Wrong token in the hook URL');
    const raw = await readRawBody(ctx, CUSTOM_BODY_LIMIT);
    let webhookId = senderDeliveryId(ctx);
    if (token === undefined) {
      const verdict = verifySignedRequest(hook.secret, {
        webhookId: optionalHeader(ctx, 'webhook-id'),
        webhookTimestamp: optionalHeader(ctx, 'webhook-timestamp'),
        webhookSignature: optionalHeader(ctx, 'webhook-signature'),
        hubSignature256: optionalHeader(ctx, 'x-hub-signature-256'),
      }, raw, now);
      if (!verdict.ok) throw unauthorized(`Signature check failed: ${verdict.reason}`);
      webhookId = verdict.webhookId ?? webhookId;
    }
    const body = parseCustomBody(ctx.get('content-type'), raw, ctx.get('content-encoding'));
    // Ids are remembered per hook *as created*: a hook deleted and created again under the same
    // name starts with a clean slate (its sender's ids are not taken for duplicates of the old one's).
    const generation = (Date.parse(hook.createdAt) || 0).toString(36);
    const event = normalizeCustomEvent({
      hook: hook.name,
      deliveryId: `${generation}:${webhookId ?? randomUUID()}`,
      body,
      headers: { contentType: ctx.get('content-type') || null, userAgent: ctx.get('user-agent').slice(0, 200) || null },
      receivedAt: now,
    });
    await ingestAndRespond(ctx, deps, event);
  };
}

/** Both URL forms of generic webhooks. */
export function customWebhookRouter(deps: CustomRouteDeps): Router {
  const handler = customWebhookHandler(deps);
  return new Router().post('/webhooks/custom/:name', handler).post('/webhooks/custom/:name/:token', handler);
}
