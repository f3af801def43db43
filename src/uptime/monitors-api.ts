/**
 * Admin API for monitors (Bearer ADMIN_TOKEN, like the rest of /api):
 * - GET /api/monitors: every monitor with its state and uptime;
 * - POST /api/monitors {url, method?, expectedStatus?, keyword?, keywordAbsent?, timeoutMs?, insecureTls?}:
 *   a monitor checked even without subscribers (status page), or settings for a subscribed one;
 * - DELETE /api/monitors?url=…: removes it at once, or only unpins it while subscriptions name it.
 */
import Router from '@koa/router';
import { z } from 'zod';
import { badRequest, notFound } from '../http/http-error.ts';
import { parseBody, parseJsonObject, readRawBody } from '../http/read-raw-body.ts';
import { requireAdmin } from '../http/routes/admin-api.ts';
import type { MonitorStore } from '../storage/monitor-store.ts';
import { validateTarget } from '../subscriptions/target.ts';
import { uptimePercent } from './check-history.ts';

export interface MonitorsApiDeps {
  monitors: MonitorStore;
  adminToken: string | undefined;
  /** SSRF guard: a refusal message, or null when the site may be monitored. */
  refuseSite: (url: string) => Promise<string | null>;
  /**
   * Whether the site is still wanted after DELETE: a subscription names it (checked on with the
   * default options), or a * channel was told it is DOWN and is owed its UP (checked on with its
   * own options until then, or the first 2xx of a keyword check would be a false UP).
   */
  stillWanted: (url: string) => Promise<'subscribed' | 'owed-up' | null>;
  now?: () => Date;
}

const monitorBody = z.object({
  url: z.string().trim().min(1).max(2048),
  method: z.enum(['GET', 'HEAD']).optional(),
  // One code or a list, as in check-sites' file.
  expectedStatus: z
    .union([z.number().int().min(100).max(599), z.array(z.number().int().min(100).max(599)).min(1).max(50)])
    .transform((v) => (Array.isArray(v) ? v : [v]))
    .optional(),
  keyword: z.string().min(1).max(500).optional(),
  keywordAbsent: z.string().min(1).max(500).optional(),
  timeoutMs: z.number().int().min(100).max(120_000).optional(),
  insecureTls: z.boolean().optional(),
});

function siteUrl(raw: string): string {
  const target = validateTarget('uptime', raw);
  if (!target.ok || target.target === '*') throw badRequest('invalid_url', target.ok ? 'a monitor needs a site URL, not *' : target.error);
  return target.target;
}

export function monitorsApiRouter(deps: MonitorsApiDeps): Router {
  const router = new Router({ prefix: '/api/monitors' });
  router.use(requireAdmin(deps.adminToken));

  router.get('/', async (ctx) => {
    const now = deps.now?.() ?? new Date();
    ctx.body = (await deps.monitors.list()).map((r) => ({
      url: r.url,
      origin: r.origin,
      status: r.state.status,
      since: r.state.status === 'down' ? r.state.downSince : r.state.lastChangeAt,
      lastCheckAt: r.state.lastCheckAt,
      lastError: r.state.lastError,
      latencyMs: r.state.lastLatencyMs,
      uptime24h: uptimePercent(r.history, now, 24),
      uptime7d: uptimePercent(r.history, now, 168),
      settings: r.settings,
    }));
  });

  router.post('/', async (ctx) => {
    const { url: raw, ...options } = parseBody(monitorBody, parseJsonObject(await readRawBody(ctx, 64 * 1024)), 'invalid_monitor');
    const url = siteUrl(raw);
    const refusal = await deps.refuseSite(url);
    if (refusal !== null) throw badRequest('refused_address', refusal);
    const existed = (await deps.monitors.get('monitor', url))?.settings?.pinned === true;
    const record = await deps.monitors.setSettings('monitor', url, { ...options, pinned: true });
    ctx.status = existed ? 200 : 201;
    ctx.body = { url: record.url, status: record.state.status, settings: record.settings };
  });

  router.delete('/', async (ctx) => {
    const raw = typeof ctx.query.url === 'string' ? ctx.query.url : '';
    const url = siteUrl(raw);
    const record = await deps.monitors.get('monitor', url);
    if (!record?.settings) throw notFound('not_found', `No monitor was added for ${url} through the admin API`);
    const wanted = await deps.stillWanted(url);
    if (wanted === 'subscribed') await deps.monitors.setSettings('monitor', url, null); // still checked for them
    else if (wanted === 'owed-up') await deps.monitors.setSettings('monitor', url, { ...record.settings, pinned: false });
    else await deps.monitors.remove('monitor', url); // gone from GET /api/monitors and /status now
    ctx.status = 204;
  });

  return router;
}
