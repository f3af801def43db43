/** `/subscribe <source> <target> [words…]`: create, or merge into, this channel's subscription. */
import { describeParts } from '../subscriptions/describe.ts';
import { mergeSubscription } from '../subscriptions/merge.ts';
import { parseFeatureWords } from '../subscriptions/parse-features.ts';
import { postsNothing, targetProblem } from '../subscriptions/target-checks.ts';
import { validateTarget } from '../subscriptions/target.ts';
import { reply, type Line } from './format.ts';
import { usageReply } from './help/usage.ts';
import { channelInline, describeInline, findChannelSubscription, refusal } from './shared.ts';
import type { CommandContext, CommandDeps, CommandReply, SubscriptionCommand } from './types.ts';

type Subscribe = SubscriptionCommand<'subscribe'>;

export async function runSubscribe(ctx: CommandContext, cmd: Subscribe, deps: CommandDeps): Promise<CommandReply> {
  if (!ctx.canManage) return refusal(ctx);
  const target = validateTarget(cmd.source, cmd.target);
  if (!target.ok) return usageReply(ctx.platform, { kind: 'usage', command: 'subscribe', source: cmd.source, error: target.error });
  const parsed = parseFeatureWords(cmd.source, cmd.words);
  if (!parsed.ok) return usageReply(ctx.platform, { kind: 'usage', command: 'subscribe', source: cmd.source, error: parsed.error });
  const { hooks, uptime } = deps;
  const problem = await targetProblem(cmd.source, target.target, {
    ...(hooks ? { hookExists: (name: string) => hooks.exists(name) } : {}),
    ...(uptime ? { refuseSite: (url: string) => uptime.refuseSite(url) } : {}),
  });
  if (problem?.kind === 'unknown_hook') {
    return reply(false, ctx.platform, [
      ['There is no custom hook named ', { code: target.target }, '. Check the spelling, or ask the operator to create it (admin API ', { code: 'POST /api/hooks' }, ').'],
    ]);
  }
  if (problem?.kind === 'refused_address') return reply(false, ctx.platform, [['Cannot monitor ', { code: target.target }, `: ${problem.reason}`]]);
  const { store } = deps;
  const channel = channelInline(ctx);
  const existing = await findChannelSubscription(store, ctx, cmd.source, target.target);
  const refuseNothing = (): CommandReply =>
    reply(false, ctx.platform, [
      ['That turns every feature off, so nothing would be posted here. Name at least one feature, or stop with ', { code: `/unsubscribe ${cmd.source} ${target.target}` }, '.'],
    ]);

  if (existing === null) {
    if (postsNothing(cmd.source, parsed.features)) return refuseNothing();
    const created = await store.addSubscription({
      platform: ctx.platform,
      workspace: ctx.workspace,
      channel: ctx.channel,
      source: cmd.source,
      target: target.target,
      features: parsed.features,
      filters: parsed.filters,
      createdBy: ctx.userId,
      pausedReason: null,
    });
    const d = describeParts(created);
    const lines: Line[] = [['Subscribed ', channel, ' to ', { bold: d.target }, ': ', ...describeInline(d)]];
    if (cmd.source === 'uptime' && target.target !== '*' && deps.uptime?.checkedEvery) {
      lines.push([`hookbridge checks it every ${deps.uptime.checkedEvery}; its current state is recorded quietly, then changes are posted here.`]);
    }
    return reply(true, ctx.platform, lines);
  }

  const merged = mergeSubscription(existing, parsed);
  if (postsNothing(cmd.source, merged.features)) return refuseNothing();
  const wasPaused = Boolean(existing.pausedReason);
  if (!merged.changed && !wasPaused) {
    const d = describeParts(existing);
    return reply(true, ctx.platform, [[channel, ' is already subscribed to ', { bold: d.target }, ': ', ...describeInline(d)]]);
  }
  const updated = await store.updateSubscription(existing.id, {
    features: merged.features,
    filters: merged.filters,
    ...(wasPaused ? { pausedReason: null } : {}),
  });
  const d = describeParts(updated ?? { ...existing, features: merged.features, filters: merged.filters, pausedReason: null });
  const lines: Line[] = [];
  if (wasPaused) lines.push(['Resumed ', { bold: d.target }, ' in ', channel, ` (it was paused: ${existing.pausedReason}).`]);
  if (merged.changed) {
    const changes: Line = ['Updated ', { bold: d.target }, ' in ', channel, ':'];
    if (merged.turnedOn.length > 0) changes.push(' turned on ', ...merged.turnedOn.flatMap((w, i) => [i > 0 ? ', ' : '', { code: w }]));
    if (merged.turnedOn.length > 0 && merged.turnedOff.length > 0) changes.push(';');
    if (merged.turnedOff.length > 0) changes.push(' turned off ', ...merged.turnedOff.flatMap((w, i) => [i > 0 ? ', ' : '', { code: w }]));
    if (merged.turnedOn.length + merged.turnedOff.length === 0) changes.push(' branches changed');
    lines.push([...changes, '.']);
  }
  lines.push(['Now: ', ...describeInline(d)]);
  return reply(true, ctx.platform, lines);
}
