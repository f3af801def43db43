/**
 * Reply building: lines made of inline pieces, rendered to plain text, Slack mrkdwn and Discord
 * markdown. Plain strings are always escaped, so provider and user text can be passed as is.
 */
import { shortenMiddle } from '../rendering/truncate.ts';
import type { Platform } from '../subscriptions/subscription.ts';
import type { CommandReply } from './types.ts';

export type Inline =
  | string
  | { code: string }
  | { bold: string }
  | { link: string; label: string }
  /** A channel reference: rendered as a channel mention when the id looks valid, else `#name`. */
  | { channel: string; name?: string };
export type Line = Inline[];

/** Longest reply per platform (Discord message content: 2000; Slack: kept under 4000). */
export const REPLY_LIMITS: Readonly<Record<Platform | 'text', number>> = { discord: 2000, slack: 3900, text: 3900 };

export function escapeSlack(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

export function escapeDiscord(text: string): string {
  return text.replace(/[\\*_~`|<>[\]()#@-]/g, '\\$&');
}

const safeUrl = (url: string): string | null => (/^https?:\/\/\S+$/i.test(url) ? url : null);

type Target = Platform | 'text';

function renderInline(part: Inline, to: Target): string {
  if (typeof part === 'string') return to === 'slack' ? escapeSlack(part) : to === 'discord' ? escapeDiscord(part) : part;
  if ('code' in part) {
    const text = part.code.replace(/`/g, "'").replace(/[\r\n]+/g, ' ');
    if (to === 'text') return text;
    return to === 'slack' ? `\`${escapeSlack(text) || ' '}\`` : `\`${text || ' '}\``;
  }
  if ('bold' in part) return to === 'text' ? part.bold : to === 'slack' ? `*${escapeSlack(part.bold)}*` : `**${escapeDiscord(part.bold)}**`;
  if ('link' in part) {
    const url = safeUrl(part.link);
    if (url === null) return renderInline(part.label, to);
    if (to === 'text') return url;
    if (to === 'slack') return `<${escapeSlack(url.replace(/\|/g, '%7C'))}|${escapeSlack(part.label)}>`;
    return `[${escapeDiscord(part.label)}](<${url.replace(/>/g, '%3E').replace(/\)/g, '%29')}>)`;
  }
  const plainName = part.name ? `#${part.name.replace(/^#/, '')}` : 'this channel';
  if (to === 'slack' && /^[CGD][A-Z0-9]{2,}$/.test(part.channel)) return `<#${part.channel}>`;
  if (to === 'discord' && /^\d{5,25}$/.test(part.channel)) return `<#${part.channel}>`;
  return renderInline(plainName, to);
}


/**
 * Joins rendered lines, dropping trailing lines that do not fit with a "…and N more" note. A line
 * longer than half the limit keeps its start and its end, " … " between: a reply that echoes a
 * 10,000-character argument still shows what was wrong with it (the explanation comes last).
 */
function renderLines(lines: readonly Line[], to: Target): string {
  const limit = REPLY_LIMITS[to];
  const rendered = lines.map((line) => shortenMiddle(line.map((p) => renderInline(p, to)).join(''), Math.floor(limit / 2), { separator: ' … ' }));
  let out = rendered.join('\n');
  if (out.length <= limit) return out;
  const kept: string[] = [];
  let size = 0;
  for (let i = 0; i < rendered.length; i++) {
    const line = rendered[i]!;
    const note = renderInline(`…and ${rendered.length - i} more lines not shown.`, to);
    if (size + line.length + 1 + note.length + 1 > limit) {
      kept.push(note);
      break;
    }
    kept.push(line);
    size += line.length + 1;
  }
  out = kept.join('\n');
  return out.length <= limit ? out : `${out.slice(0, limit - 1)}…`;
}

/** Builds a reply; `build` is called per platform so examples can use each platform's syntax. */
export function buildReply(ok: boolean, platform: Platform, build: (platform: Platform) => Line[]): CommandReply {
  const slackLines = build('slack');
  const discordLines = build('discord');
  return {
    ok,
    text: renderLines(platform === 'slack' ? slackLines : discordLines, 'text'),
    slack: renderLines(slackLines, 'slack'),
    discord: renderLines(discordLines, 'discord'),
  };
}

/** Same lines on both platforms. */
export function reply(ok: boolean, platform: Platform, lines: Line[]): CommandReply {
  return buildReply(ok, platform, () => lines);
}

/** Joins items with ", " as inline pieces. */
export function joinInline(items: readonly Inline[], separator = ', '): Inline[] {
  return items.flatMap((item, i) => (i === 0 ? [item] : [separator, item]));
}

/** UTC "YYYY-MM-DD HH:mm". */
export function formatUtc(iso: string): string {
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? iso : d.toISOString().slice(0, 16).replace('T', ' ');
}

export function truncate(text: string, max: number): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length <= max ? flat : `${flat.slice(0, max - 1)}…`;
}
