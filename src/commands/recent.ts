/** `/recent [count] [source]`: the newest events for this channel, newest first, each with whether it was posted. */
import type { Source } from '../events/normalized-event.ts';
import type { DeliveryStatus } from '../storage/store.ts';
import { buildReply, formatUtc, reply, REPLY_LIMITS, truncate, type Line } from './format.ts';
import { usageReply } from './help/usage.ts';
import { channelInline, channelRef } from './shared.ts';
import type { CommandContext, CommandDeps, CommandReply } from './types.ts';

/** What a line says about a delivery that did not (yet) arrive: "why didn't I get this?". */
const STATUS_NOTES: Record<DeliveryStatus, string> = {
  delivered: '',
  pending: ' — not posted yet',
  failed: ' — posting failed, retrying',
  dead: ' — could not be posted',
};

export const RECENT_DEFAULT = 10;
export const RECENT_MAX = 25;

export async function runRecent(ctx: CommandContext, count: number | undefined, source: Source | undefined, deps: CommandDeps): Promise<CommandReply> {
  if (count !== undefined && (!Number.isInteger(count) || count < 1)) {
    return usageReply(ctx.platform, { kind: 'usage', command: 'recent', error: `The count must be a whole number from 1 to ${RECENT_MAX} (got ${count}).` });
  }
  const limit = Math.min(count ?? RECENT_DEFAULT, RECENT_MAX);
  const events = await deps.store.listChannelEvents(channelRef(ctx), { limit, ...(source !== undefined ? { source } : {}) });
  if (events.length === 0) {
    return reply(true, ctx.platform, [[source === undefined ? 'No events have been posted to ' : `No ${source} events have been posted to `, channelInline(ctx), ' yet.']]);
  }
  const shown = events.slice(0, limit);
  const header: Line = [
    `${shown.length === 1 ? 'The latest' : `The ${shown.length} latest`}${source === undefined ? '' : ` ${source}`} event${shown.length === 1 ? '' : 's'} in `,
    channelInline(ctx),
    count !== undefined && count > RECENT_MAX ? ` (at most ${RECENT_MAX} are shown)` : '',
    ', newest first (times in UTC):',
  ];
  return buildReply(true, ctx.platform, (platform) => {
    // Share the platform's length limit between the lines: shorten summaries, then drop links.
    const budget = Math.floor((REPLY_LIMITS[platform] - 200) / shown.length) - 30;
    return [
      header,
      ...shown.map(({ event: e, status }): Line => {
        const note = STATUS_NOTES[status];
        const linkCost = e.url ? e.url.length + 14 : 0;
        const withLink = e.url !== null && budget - linkCost - note.length >= 40;
        const summaryMax = Math.min(160, Math.max(40, (withLink ? budget - linkCost : budget) - note.length));
        const line: Line = [{ code: formatUtc(e.receivedAt) }, ' ', source === undefined ? `[${e.source}] ` : '', truncate(e.summary || e.type, summaryMax)];
        if (withLink && e.url) line.push(' ', { link: e.url, label: 'open' });
        if (note) line.push(note);
        return line;
      }),
    ];
  });
}
