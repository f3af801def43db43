/** Generic webhooks, wired together: the webhook routes and the /api/hooks admin routes. */
import type Router from '@koa/router';
import { hooksApiRouter } from '../../http/routes/hooks-api.ts';
import type { IngestDeps } from '../../pipeline/ingest-webhook.ts';
import type { HookStore } from '../../storage/hook-store.ts';
import { customWebhookRouter } from './custom-webhook-route.ts';

export interface CustomHooksDeps extends IngestDeps {
  hooks: HookStore;
  adminToken: string | undefined;
  publicUrl?: string;
  /** From the custom renderer: null for a usable template. */
  checkTemplate: (text: string) => string | null;
}

export function customHooksRouters(deps: CustomHooksDeps): Router[] {
  return [
    customWebhookRouter(deps),
    hooksApiRouter({
      hooks: deps.hooks,
      adminToken: deps.adminToken,
      checkTemplate: deps.checkTemplate,
      ...(deps.publicUrl ? { publicUrl: deps.publicUrl } : {}),
      ...(deps.now ? { now: deps.now } : {}),
    }),
  ];
}
