/** `/subscriptions [source]`: this channel's subscriptions with features and filters. */
import type { Source } from '../events/normalized-event.ts';
import { reply, type Line } from './format.ts';
import { commandExample } from './help/usage.ts';
import { channelInline, channelSubscriptions, subscriptionLine } from './shared.ts';
import type { CommandContext, CommandDeps, CommandReply } from './types.ts';
import { buildReply } from './format.ts';

export async function runSubscriptions(ctx: CommandContext, source: Source | undefined, deps: CommandDeps): Promise<CommandReply> {
  const subs = await channelSubscriptions(deps.store, ctx, source);
  if (subs.length === 0) {
    return buildReply(true, ctx.platform, (p) => [
      [source === undefined ? 'No subscriptions in this channel yet. Try ' : `No ${source} subscriptions in this channel yet. Try `, { code: commandExample(p, 'subscribe', source ?? 'github', source === undefined || source === 'github' ? 'owner/repo' : '') }],
    ]);
  }
  subs.sort((a, b) => a.source.localeCompare(b.source) || a.target.localeCompare(b.target));
  // A long list may not fit one reply: say up front how to see one source's part of it.
  const sources = [...new Set(subs.map((s) => s.source))];
  const narrow: Line = source === undefined && subs.length > 12 && sources.length > 1 ? [' — one source at a time: ', { code: ctx.platform === 'slack' ? `/subscriptions ${sources[0]!}` : `/subscriptions source:${sources[0]!}` }] : [];
  const lines: Line[] = [
    [source === undefined ? 'Subscriptions in ' : `${source} subscriptions in `, channelInline(ctx), ` (${subs.length})`, ...narrow, ':'],
    ...subs.map((s) => subscriptionLine(s, ['• '])),
  ];
  return reply(true, ctx.platform, lines);
}
