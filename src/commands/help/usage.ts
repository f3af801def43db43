/** Usage help for every command, with examples in each platform's own syntax. */
import { SOURCES, type Source } from '../../events/normalized-event.ts';
import { featureHelp, filterHelp } from '../../subscriptions/parse-features.ts';
import { sourceSpec } from '../../subscriptions/features.ts';
import type { Platform } from '../../subscriptions/subscription.ts';
import { buildReply, type Line } from '../format.ts';
import type { CommandName, CommandReply, UsageError } from '../types.ts';

/** Discord option holding the target, per source (stripe/paypal take it inside `features`). */
export const DISCORD_TARGET_OPTION: Readonly<Partial<Record<Source, string>>> = { github: 'repo', uptime: 'url', custom: 'name' };

/** `/subscribe github acme/api reviews` on Slack, `/subscribe github repo:acme/api features:reviews` on Discord. */
export function commandExample(platform: Platform, command: 'subscribe' | 'unsubscribe', source: Source, rest = ''): string {
  if (platform === 'slack') return `/${command} ${source}${rest ? ` ${rest}` : ''}`;
  const option = DISCORD_TARGET_OPTION[source];
  const [target, ...words] = rest.split(' ').filter((w) => w !== '');
  if (option !== undefined && target !== undefined) {
    return `/${command} ${source} ${option}:${target}${words.length ? ` features:${words.join(' ')}` : ''}`;
  }
  return `/${command} ${source}${rest ? ` features:${rest}` : ''}`;
}

const GENERAL_EXAMPLES: ReadonlyArray<[Source, string]> = [
  ['github', 'acme/api'],
  ['github', 'acme/api reviews comments'],
  ['github', 'acme/* commits:* -author:*[bot]'],
  ['stripe', 'payouts min:100USD'],
  ['uptime', 'https://example.com'],
  ['custom', 'deploy-bot'],
];

function subscribeLines(platform: Platform, command: 'subscribe' | 'unsubscribe', source?: Source, listed = false): Line[] {
  const lines: Line[] = [];
  if (source === undefined) {
    lines.push(
      command === 'subscribe'
        ? ['Usage: ', { code: platform === 'slack' ? '/subscribe <source> <target> [feature|filter …]' : '/subscribe <source> …' }]
        : ['Usage: ', { code: platform === 'slack' ? '/unsubscribe <source> <target> [feature …]' : '/unsubscribe <source> …' }],
    );
    lines.push([`Sources: ${SOURCES.join(', ')}`]);
    lines.push(['Examples:']);
    for (const [src, rest] of command === 'subscribe' ? GENERAL_EXAMPLES : GENERAL_EXAMPLES.slice(0, 2)) {
      lines.push(['• ', { code: commandExample(platform, command, src, rest) }]);
    }
  } else {
    const spec = sourceSpec(source);
    lines.push([`${spec.label}: target is ${spec.targetHint}.`]);
    if (!listed) {
      lines.push([`${featureHelp(source)}.`]);
      if (spec.filters.length > 0) lines.push([`${filterHelp(source)}.`]);
    }
    lines.push(['Examples:']);
    for (const ex of spec.examples) {
      const rest = ex.slice(source.length).trim();
      lines.push(['• ', { code: commandExample(platform, command, source, command === 'subscribe' ? rest : rest.split(' ')[0] ?? '') }]);
    }
  }
  if (command === 'subscribe') {
    lines.push(['Feature words are added to the defaults; -word turns a default off; subscribing again adds to the existing subscription.']);
  } else {
    lines.push(['Without feature words the whole subscription is removed; with them, only those features or filters are turned off.']);
  }
  return lines;
}

function commandLines(platform: Platform, topic: CommandName | undefined, source?: Source, listed = false): Line[] {
  switch (topic) {
    case 'subscribe':
    case 'unsubscribe':
      return subscribeLines(platform, topic, source, listed);
    case 'subscriptions':
      return [['Usage: ', { code: platform === 'slack' ? '/subscriptions [source]' : '/subscriptions' }, ' lists this channel\'s subscriptions with their features and filters.']];
    case 'recent':
      return [
        ['Usage: ', { code: platform === 'slack' ? '/recent [count] [source]' : '/recent count:<1-25> source:<source>' }, ' shows the newest events posted to this channel (10 by default, at most 25).'],
        ['Example: ', { code: platform === 'slack' ? '/recent 5 github' : '/recent count:5 source:github' }],
      ];
    case undefined:
      return [
        ['hookbridge posts GitHub, Stripe, PayPal, uptime and custom webhook events to this channel.'],
        ['• ', { code: '/subscribe <source> …' }, ' follow a repository, a payment account, a site or a custom hook'],
        ['• ', { code: '/unsubscribe <source> …' }, ' stop following it, or turn some features off'],
        ['• ', { code: '/subscriptions' }, ' what this channel follows'],
        ['• ', { code: '/recent [count] [source]' }, ' the newest events posted here'],
        ['Example: ', { code: commandExample(platform, 'subscribe', 'github', 'acme/api reviews') }],
      ];
  }
}

/** Help for a topic: a command name or a source (source help is about /subscribe). */
export function helpReply(platform: Platform, topic?: CommandName | Source): CommandReply {
  const isSource = topic !== undefined && (SOURCES as readonly string[]).includes(topic);
  return buildReply(true, platform, (p) =>
    isSource ? commandLines(p, 'subscribe', topic as Source) : commandLines(p, topic as CommandName | undefined),
  );
}

/** Answer to bad input: what was wrong (if anything was said) and how to use the command. */
export function usageReply(platform: Platform, usage: UsageError): CommandReply {
  // Errors about unknown words already list the features; do not repeat them.
  const listed = usage.error?.includes('Features:') ?? false;
  return buildReply(false, platform, (p) => [...(usage.error ? [[usage.error]] : []), ...commandLines(p, usage.command, usage.source, listed)]);
}
