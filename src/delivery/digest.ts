import type { NormalizedEvent } from '../events/normalized-event.ts';
import { COLOR_VALUES } from '../rendering/colors.ts';
import { escapeDiscordTitle, escapeFor, finalDiscordBody, finalSlackBody, sanitizeUrl, urlFor } from '../rendering/escape.ts';
import { limits } from '../rendering/limits.ts';
import { truncateText } from '../rendering/truncate.ts';
import type { Platform } from '../subscriptions/subscription.ts';
import type { PlatformPayload } from './message-sender.ts';

const SOURCE_NAMES: Record<string, string> = { github: 'GitHub', stripe: 'Stripe', paypal: 'PayPal', uptime: 'Uptime', custom: 'Webhook' };

/** Nouns of event types, by source (types are provider names: `push`, `payment_intent.succeeded`, `down`). */
const NOUNS: Record<string, Record<string, [string, string]>> = {
  github: {
    push: ['push', 'pushes'],
    pull_request: ['pull request event', 'pull request events'],
    pull_request_review: ['review', 'reviews'],
    issues: ['issue event', 'issue events'],
    issue_comment: ['comment', 'comments'],
    release: ['release', 'releases'],
    workflow_run: ['workflow run', 'workflow runs'],
  },
  uptime: {
    down: ['DOWN alert', 'DOWN alerts'],
    up: ['recovery', 'recoveries'],
    tls: ['certificate warning', 'certificate warnings'],
    slow: ['slowness alert', 'slowness alerts'],
    flapping: ['flapping alert', 'flapping alerts'],
  },
};

function plural(n: number, source: string, type: string): string {
  const spoken = type.replace(/[._]+/g, ' ');
  const [one, many] = NOUNS[source]?.[type] ?? (source === 'custom' ? ['event', 'events'] : [`${spoken} event`, `${spoken} events`]);
  return `${n} ${n === 1 ? one : many}`;
}

/** How a source's places are named: GitHub repositories, uptime sites, hooks; else payment accounts. */
interface Place {
  preposition: string;
  many: string;
  one?: (target: string) => string;
}
const PLACES: Record<string, Place> = {
  github: { preposition: 'in', many: 'repositories' },
  uptime: { preposition: 'for', many: 'sites', one: (t) => t.replace(/^https?:\/\//, '') },
  custom: { preposition: 'from', many: 'hooks', one: (t) => `hook ${t}` },
};
const ACCOUNTS: Place = { preposition: 'on', many: 'accounts' };

/** " to acme/api", " for api.example.com/health", " from hook deploy-bot", " on 2 accounts", or nothing. */
function where(source: string, type: string, targets: readonly string[]): string {
  const place = PLACES[source] ?? ACCOUNTS;
  const preposition = source === 'github' && type === 'push' ? 'to' : place.preposition;
  if (targets.length > 1) return ` ${preposition} ${targets.length} ${place.many}`;
  const target = targets[0] ?? '';
  if (target === '' || target === '*') return '';
  return ` ${preposition} ${place.one ? place.one(target) : target}`;
}

function formatSpan(ms: number): string {
  const s = Math.max(1, Math.round(ms / 1000));
  if (s < 90) return `${s} s`;
  const m = Math.round(s / 60);
  return m < 90 ? `${m} min` : `${Math.round(m / 60)} h`;
}

/** "12 pushes to acme/api, 3 pull request events in acme/web" — plain text. */
export function digestHeadline(events: readonly NormalizedEvent[]): string {
  // "source type" → target → count (no per-event key strings: a digest may count thousands).
  const byType = new Map<string, { source: string; type: string; targets: Map<string, number> }>();
  for (const e of events) {
    const key = `${e.source} ${e.type}`;
    let group = byType.get(key);
    if (!group) byType.set(key, (group = { source: e.source, type: e.type, targets: new Map() }));
    group.targets.set(e.target, (group.targets.get(e.target) ?? 0) + 1);
  }
  // One part per kind of event: "12 pushes to acme/api", or across places "292 DOWN alerts for 292 sites".
  const groups = [...byType.values()]
    .map(({ source, type, targets }) => {
      const n = [...targets.values()].reduce((sum, k) => sum + k, 0);
      return { n, text: `${plural(n, source, type)}${where(source, type, [...targets.keys()])}` };
    })
    .sort((a, b) => b.n - a.n);
  const shown = groups.slice(0, 3).map((g) => g.text).join(', ');
  if (groups.length <= 3) return shown;
  const others = groups.slice(3).reduce((sum, g) => sum + g.n, 0);
  return `${shown} and ${others} other ${others === 1 ? 'event' : 'events'}`;
}

/** Longest link in a digest line: a longer one would take the room of several events. */
const DIGEST_MAX_URL = 500;

function line(platform: Platform, e: NormalizedEvent): string {
  const time = e.receivedAt.slice(11, 19);
  const text = escapeFor(platform, truncateText(e.summary, 300));
  const safe = sanitizeUrl(e.url);
  const url = safe !== null && safe.length <= DIGEST_MAX_URL ? safe : null;
  if (!url) return `• \`${time}\` ${text}`;
  return platform === 'slack' ? `• \`${time}\` <${urlFor('slack', url)}|${text}>` : `• \`${time}\` [${text}](<${url}>)`;
}

/** Characters of event lines in one digest message (Discord description; Slack: a few sections). */
const LIST_BUDGET: Record<Platform, number> = { discord: limits.discord.description - 300, slack: 4 * limits.slack.sectionText - 200 };

export interface DigestMessage {
  payload: PlatformPayload;
  /** How many of the given events (oldest first) the message covers: listed, or counted as "more". */
  covered: number;
  listed: number;
}

/**
 * One storm digest message: a headline counting what it covers, then one line per event (time,
 * summary, link), oldest first, as many as fit one message. With `countRest`, events that don't
 * fit are counted in a closing "… and N more" line (so a flood that outruns the channel's rate is
 * still fully accounted for); otherwise they are left for the next digest. `events` come oldest
 * first (the caller sorts them once, to know which deliveries `covered` counts).
 */
export function buildDigestMessage(
  platform: Platform,
  events: readonly NormalizedEvent[],
  now: Date,
  options: { countRest: boolean },
): DigestMessage {
  const lines: string[] = [];
  let size = 0;
  for (const e of events) {
    const l = line(platform, e);
    if (lines.length > 0 && size + l.length + 1 > LIST_BUDGET[platform]) break;
    lines.push(l);
    size += l.length + 1;
  }
  const rest = events.slice(lines.length);
  const covered = options.countRest ? events : events.slice(0, lines.length);
  if (options.countRest && rest.length > 0) {
    lines.push(escapeFor(platform, `… and ${rest.length} more: ${digestHeadline(rest)} (listed in /recent and GET /api/events)`));
  }
  const span = now.getTime() - new Date(covered[0]?.receivedAt ?? now.toISOString()).getTime();
  const title = truncateText(`${digestHeadline(covered)} in the last ${formatSpan(span)}`, 240);
  const sources = [...new Set(covered.map((e) => SOURCE_NAMES[e.source] ?? e.source))].join(', ');
  const footer = `hookbridge · storm digest of ${covered.length} events · ${sources} · times in UTC`;
  const payload = platform === 'slack' ? slackDigest(title, lines, footer) : discordDigest(title, lines, footer);
  return { payload, covered: covered.length, listed: events.length - rest.length };
}

function discordDigest(title: string, lines: string[], footer: string): PlatformPayload {
  return {
    platform: 'discord',
    body: finalDiscordBody({
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
    }),
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
    body: finalSlackBody({
      text: escapeFor('slack', title),
      blocks: [
        { type: 'header', text: { type: 'plain_text', text: truncateText(title, limits.slack.headerText), emoji: true } },
        ...sections.map((text) => ({ type: 'section', text: { type: 'mrkdwn', text } })),
        { type: 'context', elements: [{ type: 'mrkdwn', text: escapeFor('slack', footer) }] },
      ],
      unfurl_links: false,
      unfurl_media: false,
    }),
  };
}
