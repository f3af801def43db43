/** `/unsubscribe <source> <target> [words…]`: remove this channel's subscription, or turn parts of it off. */
import { describeParts, targetLabel } from '../subscriptions/describe.ts';
import { hasFeatureWords } from '../subscriptions/features.ts';
import { removeFeatures } from '../subscriptions/merge.ts';
import { sameTarget, validateTarget } from '../subscriptions/target.ts';
import { joinInline, reply, type Inline, type Line } from './format.ts';
import { usageReply } from './help/usage.ts';
import { channelInline, channelSubscriptions, describeInline, refusal } from './shared.ts';
import type { CommandContext, CommandDeps, CommandReply, SubscriptionCommand } from './types.ts';

type Unsubscribe = SubscriptionCommand<'unsubscribe'>;

const codes = (words: readonly string[]): Inline[] => joinInline(words.map((w) => ({ code: w })));

export async function runUnsubscribe(ctx: CommandContext, cmd: Unsubscribe, deps: CommandDeps): Promise<CommandReply> {
  if (!ctx.canManage) return refusal(ctx);
  const target = validateTarget(cmd.source, cmd.target);
  if (!target.ok) return usageReply(ctx.platform, { kind: 'usage', command: 'unsubscribe', source: cmd.source, error: target.error });
  const { store } = deps;
  const channel = channelInline(ctx);
  const label = targetLabel(cmd.source, target.target);
  const here = await channelSubscriptions(store, ctx, cmd.source);
  const existing = here.find((s) => sameTarget(cmd.source, s.target, target.target));

  if (existing === undefined) {
    const lines: Line[] = [['This channel is not subscribed to ', { bold: label }, '.']];
    if (here.length > 0) {
      lines.push([`This channel's ${cmd.source} subscriptions: `, ...joinInline(here.map((s) => ({ code: s.target })))]);
    }
    return reply(false, ctx.platform, lines);
  }

  if (cmd.words.length === 0) {
    await store.removeSubscription(existing.id);
    return reply(true, ctx.platform, [['Unsubscribed ', channel, ' from ', { bold: label }, '.']]);
  }

  const result = removeFeatures(existing, cmd.words);
  if (!result.ok) return usageReply(ctx.platform, { kind: 'usage', command: 'unsubscribe', source: cmd.source, error: result.error });
  const notOn: Line = result.notPresent.length > 0 ? [' (', ...codes(result.notPresent), result.notPresent.length === 1 ? ' was not on)' : ' were not on)'] : [];

  if (!result.changed) {
    const d = describeParts(existing);
    return reply(false, ctx.platform, [
      ['Nothing changed for ', { bold: label }, ': ', ...codes(result.notPresent), result.notPresent.length === 1 ? ' is not on.' : ' are not on.'],
      ['Now: ', ...describeInline(d)],
    ]);
  }
  if (hasFeatureWords(cmd.source) && result.features.length === 0) {
    await store.removeSubscription(existing.id);
    return reply(true, ctx.platform, [['Unsubscribed ', channel, ' from ', { bold: label }, ': no features were left.', ...notOn]]);
  }
  const updated = await store.updateSubscription(existing.id, { features: result.features, filters: result.filters });
  const d = describeParts(updated ?? { ...existing, features: result.features, filters: result.filters });
  const lines: Line[] = [['Turned off ', ...codes(result.turnedOff), ' for ', { bold: label }, ' in ', channel, '.', ...notOn]];
  if (result.turnedOn.length > 0) lines.push(['Changed: ', ...codes(result.turnedOn)]);
  lines.push(['Still on: ', ...describeInline(d)]);
  return reply(true, ctx.platform, lines);
}
