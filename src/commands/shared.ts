/** Helpers shared by the command handlers. */
import type { Source } from '../events/normalized-event.ts';
import type { ChannelRef, Store } from '../storage/store.ts';
import { describeParts, type SubscriptionDescription } from '../subscriptions/describe.ts';
import type { Subscription } from '../subscriptions/subscription.ts';
import { sameTarget } from '../subscriptions/target.ts';
import { reply, type Inline, type Line } from './format.ts';
import type { CommandContext, CommandReply } from './types.ts';

export function channelRef(ctx: CommandContext): ChannelRef {
  return { platform: ctx.platform, workspace: ctx.workspace, channel: ctx.channel };
}

/** The channel as an inline piece: a channel mention, or `#name`, or "this channel". */
export function channelInline(ctx: CommandContext): Inline {
  return { channel: ctx.channel, ...(ctx.channelName ? { name: ctx.channelName } : {}) };
}

/** This channel's subscriptions to a source (never another channel's). */
export async function channelSubscriptions(store: Store, ctx: CommandContext, source?: Source): Promise<Subscription[]> {
  const subs = await store.listSubscriptions({ ...channelRef(ctx), ...(source !== undefined ? { source } : {}) });
  // Defensive: a store that ignores part of the filter must still never leak other channels.
  return subs.filter((s) => s.platform === ctx.platform && s.workspace === ctx.workspace && s.channel === ctx.channel && (source === undefined || s.source === source));
}

export async function findChannelSubscription(store: Store, ctx: CommandContext, source: Source, target: string): Promise<Subscription | null> {
  return (await channelSubscriptions(store, ctx, source)).find((s) => sameTarget(source, s.target, target)) ?? null;
}

/** "issues, pulls, commits (default branch)" then filters as code pieces. */
export function describeInline(d: SubscriptionDescription): Inline[] {
  const parts: Inline[] = [d.features.join(', ')];
  if (d.filters.length > 0) {
    parts.push(' · ');
    d.filters.forEach((w, i) => parts.push(...(i > 0 ? [' '] : []), { code: w }));
  }
  return parts;
}

/** `acme/api: issues, pulls, … · -author:*[bot]` as a line of inline pieces. */
export function subscriptionLine(sub: Subscription, prefix: Inline[] = []): Line {
  const d = describeParts(sub);
  const line: Line = [...prefix, { bold: d.target }, ': ', ...describeInline(d)];
  if (d.paused !== null) line.push(` (paused: ${d.paused})`);
  return line;
}

export function refusal(ctx: CommandContext): CommandReply {
  const who =
    ctx.platform === 'discord'
      ? 'Changing subscriptions needs the Manage Channels or Administrator permission in this server.'
      : "Only the people hookbridge's operator listed (SLACK_ADMIN_USER_IDS) can change subscriptions in this workspace: ask whoever runs hookbridge to add you.";
  return reply(false, ctx.platform, [
    [who],
    ['You can still see them with ', { code: '/subscriptions' }, ' and the latest events with ', { code: '/recent' }, '.'],
  ]);
}
