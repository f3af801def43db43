import type { NormalizedEvent } from '../events/normalized-event.ts';
import { COLOR_VALUES } from '../rendering/colors.ts';
import { escapeDiscordTitle, escapeFor, sanitizeUrl, urlFor } from '../rendering/escape.ts';
import { limits } from '../rendering/limits.ts';
import { truncateText } from '../rendering/truncate.ts';
import type { Platform } from '../subscriptions/subscription.ts';
import type { PlatformPayload } from './message-sender.ts';

const SOURCE_NAMES: Record<string, string> = { github: 'GitHub', stripe: 'Stripe', paypal: 'PayPal', uptime: 'Uptime', custom: 'Webhook' };

const NOUNS: Record<string, [string, string]> = {
  push: ['push', 'pushes'],
  pull_request: ['pull request event', 'pull request events'],
  pull_request_review: ['review', 'reviews'],
  issues: ['issue event', 'issue events'],
  issue_comment: ['comment', 'comments'],
  release: ['release', 'releases'],
  workflow_run: ['workflow run', 'workflow runs'],
};

function plural(n: number, type: string): string {
  const [one, many] = NOUNS[type] ?? [`${type.replaceAll('_', ' ')} event`, `${type.replaceAll('_', ' ')} events`];
  return `${n} ${n === 1 ? one : many}`;
}

function formatSpan(ms: number): string {
  const s = Math.max(1, Math.round(ms / 1000));
  if (s < 90) return `${s} s`;
  const m = Math.round(s / 60);
  return m < 90 ? `${m} min` : `${Math.round(m / 60)} h`;
}

/** "12 pushes to acme/api and 3 pull request events to acme/web" — plain text. */
export function digestHeadline(events: readonly NormalizedEvent[]): string {
  const groups = new Map<string, { type: string; target: string; n: number }>();
  for (const e of events) {
    const key = `${e.type}\u0000${e.target}`;
    const g = groups.get(key) ?? { type: e.type, target: e.target, n: 0 };
    g.n += 1;
    groups.set(key, g);
  }
  const parts = [...groups.values()].sort((a, b) => b.n - a.n).map((g) => `${plural(g.n, g.type)} to ${g.target}`);
  const shown = parts.slice(0, 3).join(', ');
  return parts.length > 3 ? `${shown} and ${parts.length - 3} more kinds` : shown;
}

function line(platform: Platform, e: NormalizedEvent): string {
  const time = e.receivedAt.slice(11, 19);
  const text = escapeFor(platform, truncateText(e.summary, 300));
  const url = sanitizeUrl(e.url);
  if (!url) return `• \`${time}\` ${text}`;
  return platform === 'slack' ? `• \`${time}\` <${urlFor('slack', url)}|${text}>` : `• \`${time}\` [${text}](<${url}>)`;
}

/**
 * Digest messages for a storm: every event appears as one line in some message; the list is
 * split over as many messages as the platform's limits need (never truncated away).
 */
export function buildDigestPayloads(platform: Platform, events: readonly NormalizedEvent[], now: Date): PlatformPayload[] {
  const sorted = [...events].sort((a, b) => a.receivedAt.localeCompare(b.receivedAt));
  const span = now.getTime() - new Date(sorted[0]?.receivedAt ?? now.toISOString()).getTime();
  const title = truncateText(`${digestHeadline(sorted)} in the last ${formatSpan(span)}`, 240);
  const sources = [...new Set(sorted.map((e) => SOURCE_NAMES[e.source] ?? e.source))].join(', ');
  const perMessage = platform === 'slack' ? limits.slack.sectionText * 8 : limits.discord.description;
  const pages: string[][] = [[]];
  let size = 0;
  for (const e of sorted) {
    const l = line(platform, e);
    const page = pages[pages.length - 1]!;
    if (page.length > 0 && (size + l.length + 1 > perMessage - 200 || (platform === 'slack' && page.length >= 8 * 25))) {
      pages.push([l]);
      size = l.length;
    } else {
      page.push(l);
      size += l.length + 1;
    }
  }
  return pages.map((lines, i) => {
    const suffix = pages.length > 1 ? ` (${i + 1}/${pages.length})` : '';
    const footer = `hookbridge · storm digest of ${sorted.length} events · ${sources}`;
    return platform === 'slack' ? slackDigest(title + suffix, lines, footer) : discordDigest(title + suffix, lines, footer);
  });
}

function discordDigest(title: string, lines: string[], footer: string): PlatformPayload {
  return {
    platform: 'discord',
    body: {
      embeds: [
        {
          title: truncateText(escapeDiscordTitle(title), limits.discord.title),
          description: lines.join('\n'),
          color: COLOR_VALUES.warning,
          footer: { text: footer },
          timestamp: new Date().toISOString(),
        },
      ],
      allowed_mentions: { parse: [] },
    },
  };
}

function slackDigest(title: string, lines: string[], footer: string): PlatformPayload {
  const sections: string[] = [];
  let current = '';
  for (const l of lines) {
    if (current && current.length + l.length + 1 > limits.slack.sectionText) {
      sections.push(current);
      current = l;
    } else current = current ? `${current}\n${l}` : l;
  }
  if (current) sections.push(current);
  return {
    platform: 'slack',
    body: {
      text: escapeFor('slack', title),
      blocks: [
        { type: 'header', text: { type: 'plain_text', text: truncateText(title, limits.slack.headerText), emoji: true } },
        ...sections.map((text) => ({ type: 'section', text: { type: 'mrkdwn', text } })),
        { type: 'context', elements: [{ type: 'mrkdwn', text: escapeFor('slack', footer) }] },
      ],
      unfurl_links: false,
      unfurl_media: false,
    },
  };
}
