import type { Context } from 'koa';
import { HttpError, badRequest, unauthorized } from '../../http/http-error.ts';
import { parseJsonObject, readRawBody } from '../../http/read-raw-body.ts';
import type { IngestDeps } from '../../pipeline/ingest-webhook.ts';
import { ingestAndRespond } from '../../http/respond-ingest.ts';
import { verifySha256Signature } from '../../security/hmac.ts';
import { normalizeGithubEvent } from './normalize-github.ts';
import { githubPayloadProblem } from './github-payload-schema.ts';

/** GitHub's own limit: payloads are capped at 25 MB. */
export const GITHUB_BODY_LIMIT = 25 * 1024 * 1024;

const EVENT_NAME = /^[a-z_]{1,64}$/;
const DELIVERY_ID = /^[A-Za-z0-9._:-]{1,128}$/;

export interface GithubRouteDeps extends IngestDeps {
  secrets: string[];
}

/** POST /webhooks/github: verify → normalize → store (dedupe on X-GitHub-Delivery) → 202. */
export function githubWebhookHandler(deps: GithubRouteDeps) {
  return async (ctx: Context): Promise<void> => {
    if (deps.secrets.length === 0) {
      throw new HttpError(404, 'source_disabled', 'GITHUB_WEBHOOK_SECRET is not set: GitHub webhooks are disabled');
    }
    const raw = await readRawBody(ctx, GITHUB_BODY_LIMIT);
    if (!verifySha256Signature(deps.secrets, raw, ctx.get('x-hub-signature-256') || undefined)) {
      throw unauthorized('Missing or invalid X-Hub-Signature-256');
    }
    const eventName = ctx.get('x-github-event');
    const deliveryId = ctx.get('x-github-delivery');
    if (!EVENT_NAME.test(eventName)) throw badRequest('missing_event', 'Missing or invalid X-GitHub-Event header');
    if (!DELIVERY_ID.test(deliveryId)) throw badRequest('missing_delivery', 'Missing or invalid X-GitHub-Delivery header');

    const payload = parseGithubBody(ctx.get('content-type'), raw);
    const problem = githubPayloadProblem(eventName, payload);
    if (problem) throw badRequest('invalid_payload', problem);
    const event = normalizeGithubEvent(eventName, deliveryId, payload, deps.now?.() ?? new Date()); // a PayloadError is a 400
    await ingestAndRespond(ctx, deps, event, eventName === 'ping' ? 'pong' : 'accepted');
  };
}

/** GitHub sends JSON, or form-encoded `payload=<json>` when the hook's content type is form. */
function parseGithubBody(contentType: string, raw: Buffer): Record<string, unknown> {
  if (contentType.startsWith('application/x-www-form-urlencoded')) {
    const payload = new URLSearchParams(raw.toString('utf8')).get('payload');
    if (payload === null) throw badRequest('invalid_payload', 'Form body has no payload field');
    return parseJsonObject(Buffer.from(payload));
  }
  return parseJsonObject(raw);
}
