import { parseArgs } from 'node:util';
import type { Config } from '../config/config.ts';
import type { DeliveryStatsSnapshot } from '../delivery/delivery-stats.ts';
import { type AdminResponse, createAdminClient } from './admin-client.ts';

export const DELIVERIES_USAGE = `Usage: hookbridge deliveries list [--status pending|failed|delivered|dead] [--limit N] [--url URL]
       hookbridge deliveries retry [<id> | --all-dead | --all-failed] [--url URL]
       hookbridge deliveries stats [--url URL]
Talks to a running server's admin API (needs ADMIN_TOKEN).`;

/** `hookbridge deliveries list|retry`: the outbox, through the admin API of a running server. */
export async function deliveriesCommand(args: string[], config: Config): Promise<number> {
  if (args.includes('--help') || args.includes('-h')) {
    console.log(DELIVERIES_USAGE);
    return 0;
  }
  let parsed;
  try {
    parsed = parseArgs({
      args,
      allowPositionals: true,
      options: {
        status: { type: 'string' },
        limit: { type: 'string' },
        url: { type: 'string' },
        'all-dead': { type: 'boolean' },
        'all-failed': { type: 'boolean' },
      },
    });
  } catch (err) {
    console.error(`${(err as Error).message}\n${DELIVERIES_USAGE}`);
    return 2;
  }
  const { values, positionals } = parsed;
  const [action, id] = positionals;
  if (!config.adminToken) {
    console.error('ADMIN_TOKEN is not set: the deliveries command uses the admin API of the running server.');
    return 2;
  }
  const admin = createAdminClient(config, values.url);
  const { base, call } = admin;
  const fail = (res: AdminResponse): number => admin.fail(res, (line) => console.error(line));
  try {
    if (action === 'list') {
      const query = new URLSearchParams();
      if (values.status) query.set('status', values.status);
      if (values.limit) query.set('limit', values.limit);
      const res = await call('GET', `/api/deliveries?${query}`);
      if (res.status !== 200) return fail(res);
      const rows = res.json as Array<{ id: string; status: string; platform: string; channel: string; attempts: number; lastError: string | null }>;
      for (const d of rows) {
        console.log(`${d.id}  ${d.status.padEnd(9)} ${d.platform}:${d.channel}  attempts=${d.attempts}${d.lastError ? `  ${d.lastError}` : ''}`);
      }
      console.log(`${rows.length} deliveries`);
      return 0;
    }
    if (action === 'stats') {
      const res = await call('GET', '/api/stats');
      if (res.status !== 200) return fail(res);
      const { delivery } = res.json as { delivery: DeliveryStatsSnapshot };
      console.log(`Since ${delivery.since}:`);
      for (const [platform, p] of Object.entries(delivery.platforms)) {
        const causes = Object.entries(p.failures).map(([code, n]) => `${code} ${n}`).join(', ');
        console.log(
          `${platform.padEnd(8)} ${p.messages} messages (${p.digests} digests) carrying ${p.deliveries} deliveries; ` +
            `429s received: ${p.rateLimited}; failed attempts: ${causes || 'none'}; dead: ${p.dead}`,
        );
      }
      return 0;
    }
    if (action === 'retry') {
      const res = id
        ? await call('POST', `/api/deliveries/${encodeURIComponent(id)}/retry`)
        : values['all-dead'] || values['all-failed']
          ? await call('POST', '/api/deliveries/retry', { status: values['all-failed'] ? 'failed' : 'dead' })
          : null;
      if (!res) {
        console.error(DELIVERIES_USAGE);
        return 2;
      }
      if (res.status !== 202) return fail(res);
      console.log(id ? `Delivery ${id} queued again.` : `${(res.json as { requeued: number }).requeued} deliveries queued again.`);
      return 0;
    }
  } catch (err) {
    console.error(`Could not reach ${base}: ${(err as Error).message}. Is the server running?`);
    return 1;
  }
  console.error(DELIVERIES_USAGE);
  return 2;
}
