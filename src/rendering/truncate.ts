/**
 * Truncation that respects what the platforms count (UTF-16 code units) and never cuts a
 * grapheme cluster (an emoji, a flag, a letter with its accents), an escape sequence (`&amp;`, `\*`) or a link (`<url|text>`, `[text](<url>)`)
 * in half: the cut moves back to before the unfinished piece.
 */
import type { Platform } from '../subscriptions/subscription.ts';
import { ELLIPSIS } from './limits.ts';

function isHighSurrogate(code: number): boolean {
  return code >= 0xd800 && code <= 0xdbff;
}

function surrogateSafe(text: string, cut: number): number {
  return cut > 0 && isHighSurrogate(text.charCodeAt(cut - 1)) ? cut - 1 : cut;
}

const graphemes = new Intl.Segmenter(undefined, { granularity: 'grapheme' });
/** Longest grapheme cluster looked back over (a family emoji is 11 code units; zalgo can be longer). */
const CLUSTER_WINDOW = 64;

/**
 * Moves a cut back to a grapheme boundary, so emoji joined with ZWJ (👩‍👩‍👧‍👦), flags, skin tones
 * and combining accents are kept whole or dropped whole, never turned into a different emoji.
 */
function graphemeSafe(text: string, cut: number): number {
  return surrogateSafe(text, graphemeBounds(text, cut)[0]);
}

/** The grapheme boundaries around `at`: the last at or before it, the first at or after it. */
function graphemeBounds(text: string, at: number): [number, number] {
  if (at <= 0) return [0, 0];
  if (at >= text.length) return [text.length, text.length];
  const start = Math.max(0, at - CLUSTER_WINDOW);
  let before = start;
  for (const { index } of graphemes.segment(text.slice(start, Math.min(text.length, at + CLUSTER_WINDOW)))) {
    const boundary = start + index;
    if (boundary === at) return [at, at];
    if (boundary > at) return [before, boundary];
    before = boundary;
  }
  return [before, Math.min(text.length, at + CLUSTER_WINDOW)];
}

function slackSafe(text: string, cut: number): number {
  const amp = text.lastIndexOf('&', cut - 1);
  if (amp >= 0 && cut - amp < 5 && !text.slice(amp, cut).includes(';')) cut = amp;
  const open = text.lastIndexOf('<', cut - 1);
  if (open >= 0 && !text.slice(open, cut).includes('>')) cut = open;
  return cut;
}

/** A complete Discord masked link starting at a `[`: `[text](url)` or `[text](<url>)`. */
const DISCORD_LINK = /\[(?:\\.|[^\]\\])*\]\((?:<[^>\s]*>|[^)\s]*)\)/y;

function discordSafe(text: string, cut: number): number {
  for (let i = 0; i < cut; i++) {
    const ch = text[i];
    if (ch === '\\') {
      i++;
    } else if (ch === '[') {
      DISCORD_LINK.lastIndex = i;
      if (DISCORD_LINK.exec(text)) {
        const end = DISCORD_LINK.lastIndex;
        if (end > cut) {
          cut = i;
          break;
        }
        i = end - 1;
      }
    }
  }
  let slashes = 0;
  while (cut - slashes > 0 && text[cut - slashes - 1] === '\\') slashes++;
  return slashes % 2 === 1 ? cut - 1 : cut;
}

/**
 * Plain text of at most `max` code units that keeps its start and its end, `separator` between
 * (both cuts on grapheme boundaries): "grafana.example.com/d/abc…/panel?orgId=1". `tail` is how
 * much of the end to keep (default: as much as of the start).
 */
export function shortenMiddle(text: string, max: number, options: { tail?: number; separator?: string } = {}): string {
  if (text.length <= max) return text;
  const separator = options.separator ?? ELLIPSIS;
  const room = Math.max(0, max - separator.length);
  const tail = Math.min(room, options.tail ?? Math.floor(room / 2));
  const head = text.slice(0, graphemeSafe(text, room - tail));
  return head + separator + text.slice(graphemeBounds(text, text.length - tail)[1]);
}

/** The largest index <= max at which `text` may be cut for the platform (or plain text). */
export function safeCutIndex(text: string, max: number, platform?: Platform): number {
  if (text.length <= max) return text.length;
  let cut = graphemeSafe(text, Math.max(0, Math.floor(max)));
  if (platform === 'slack') cut = slackSafe(text, cut);
  else if (platform === 'discord') cut = discordSafe(text, cut);
  return cut;
}

/**
 * At most `max` code units; when cut, ends with the ellipsis. `platform` set means the text is
 * that platform's markup (escapes and links are kept whole); unset means plain text.
 */
export function truncateText(text: string, max: number, platform?: Platform, ellipsis = ELLIPSIS): string {
  if (text.length <= max) return text;
  if (max <= ellipsis.length) return ellipsis.slice(0, Math.max(0, max));
  const cut = safeCutIndex(text, max - ellipsis.length, platform);
  return text.slice(0, cut).trimEnd() + ellipsis;
}

function unsplittableEnd(text: string, max: number, platform?: Platform): number {
  if (platform === 'slack') return text.indexOf('>') + 1 || safeCutIndex(text, max);
  DISCORD_LINK.lastIndex = 0;
  return DISCORD_LINK.exec(text) ? DISCORD_LINK.lastIndex : Math.max(1, safeCutIndex(text, max));
}

/**
 * Splits markup into chunks of at most `max` code units, preferring line breaks, never inside
 * an escape or a link (a single unsplittable piece longer than `max` is truncated).
 */
export function splitText(text: string, max: number, platform?: Platform): string[] {
  const chunks: string[] = [];
  // \r\n is one grapheme: normalised, so chunks still break at line ends.
  let rest = text.replace(/\r\n?/g, '\n').trim();
  while (rest.length > max) {
    let cut = safeCutIndex(rest, max, platform);
    const newline = rest.lastIndexOf('\n', cut);
    if (newline > cut / 2 && safeCutIndex(rest, newline, platform) === newline) cut = newline;
    if (cut === 0) {
      // One link longer than a chunk: drop it whole rather than break it.
      chunks.push(ELLIPSIS);
      cut = Math.max(1, unsplittableEnd(rest, max, platform));
    } else {
      chunks.push(rest.slice(0, cut).trimEnd());
    }
    rest = rest.slice(cut).trim();
  }
  if (rest) chunks.push(rest);
  return chunks.filter((c) => c.length > 0);
}
