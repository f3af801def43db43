/**
 * POST /webhooks/uptime: check-sites reports. verify (X-Hub-Signature-256, UPTIME_WEBHOOK_SECRET)
 * → parse → dedupe on the report id → per-site state machine (origin 'report') → state changes
 * through ingestEvent → 202. A report that changes nothing posts nothing.
 */
import type { Context } from 'koa';
import { HttpError, badRequest, unauthorized } from '../../http/http-error.ts';
import { parseBody, parseJsonObject, readRawBody } from '../../http/read-raw-body.ts';
import type { IngestDeps } from '../../pipeline/ingest-webhook.ts';
import { verifySha256Signature } from '../../security/hmac.ts';
import type { MonitorStore } from '../../storage/monitor-store.ts';
import { normalizeSiteUrl } from '../../subscriptions/target.ts';
import { applyChecks, type CheckToApply } from '../../uptime/apply-checks.ts';
import type { MonitorOptions } from '../../uptime/monitor-state.ts';
import { REPORT_MAX_AGE_MS, reportSchema } from './uptime-report.ts';

export const UPTIME_BODY_LIMIT = 1024 * 1024;

export interface UptimeRouteDeps extends IngestDeps {
  secrets: string[];
  monitors: MonitorStore;
  /** State machine options for reported sites (a report is already a verdict: DOWN at once). */
  options: MonitorOptions;
}

export function uptimeWebhookHandler(deps: UptimeRouteDeps) {
  // Reports are processed one at a time, so a duplicate sent concurrently is seen as one.
  let queue: Promise<unknown> = Promise.resolve();
  const serially = <T>(task: () => Promise<T>): Promise<T> => {
    const run = queue.then(task, task);
    queue = run.catch(() => undefined);
    return run;
  };

  return async (ctx: Context): Promise<void> => {
    if (deps.secrets.length === 0) {
      throw new HttpError(404, 'source_disabled', 'UPTIME_WEBHOOK_SECRET is not set: uptime reports (POST /webhooks/uptime) are disabled');
    }
    const raw = await readRawBody(ctx, UPTIME_BODY_LIMIT);
    if (!verifySha256Signature(deps.secrets, raw, ctx.get('x-hub-signature-256') || undefined)) {
      throw unauthorized('Missing or invalid X-Hub-Signature-256 (HMAC-SHA256 of the body with UPTIME_WEBHOOK_SECRET)');
    }
    const report = parseBody(reportSchema, parseJsonObject(raw), 'invalid_report');
    const now = deps.now?.() ?? new Date();
    if (Math.abs(now.getTime() - Date.parse(report.sentAt)) > REPORT_MAX_AGE_MS) {
      throw badRequest('stale_report', `sentAt ${report.sentAt} is more than 24 hours away from the server's clock; reports cannot be replayed later`);
    }
    const checks = new Map<string, CheckToApply>();
    for (const [i, r] of report.results.entries()) {
      const url = normalizeSiteUrl(r.url);
      if (url === null) throw badRequest('invalid_report', `results.${i}.url: "${r.url}" is not an http(s) URL`);
      checks.set(url, {
        origin: 'report',
        url,
        check: { ...r, url },
        now,
        deliveryId: (t, n) => `report:${report.id}:${url}:${n}:${t.kind}`,
      });
    }
    const outcome = await serially(async () => {
      if (await deps.monitors.hasReport(report.id)) return null;
      return applyChecks({ monitors: deps.monitors, ingest: deps, options: deps.options }, [...checks.values()], { reportId: report.id });
    });
    if (outcome === null) {
      ctx.status = 200;
      ctx.body = { status: 'duplicate', id: report.id };
      return;
    }
    ctx.status = 202;
    ctx.body = {
      status: 'accepted',
      id: report.id,
      sites: checks.size,
      changes: outcome.events.map((e) => e.summary),
      deliveries: outcome.deliveries,
    };
  };
}
