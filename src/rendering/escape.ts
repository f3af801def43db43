/**
 * Escapers for untrusted provider text. Everything a provider sends is passed through one of
 * these before it reaches a template, so templates cannot forget; filters only add markup.
 */
import type { Platform } from '../subscriptions/subscription.ts';
import { truncateText } from './truncate.ts';

const ZWSP = '\u200b';
/** What starts a Slack mention or broadcast: `<!here>`, `<@U1>`, `<#C1>`. */
const SLACK_SPECIAL = /<(?=[!@#])/g;
/** U+2039 ‹: looks like "<", one code unit like it, and opens no Slack control sequence. */
const INERT_ANGLE = '\u2039';

/** Slack mrkdwn: `&`, `<`, `>` (neutralises `<!channel>`, `<@U123>` and `<url|text>` links). */
export function escapeSlack(text: string): string {
  return text.replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('>', '&gt;');
}

/** Discord mentions made harmless with a zero-width space: `@everyone`, `<@123>`, `<#1>`, `</cmd:1>`. */
export function neutraliseDiscordMentions(text: string): string {
  return text.replace(/@(everyone|here)/gi, `@${ZWSP}$1`).replace(/<(?=[@#/])/g, `<${ZWSP}`);
}

/**
 * Bidirectional embedding, override and isolate controls: provider text could use them to make
 * readers see something else than what is there ("Fix \u202Egnp.exe" reads as "Fix exe.png").
 */
const BIDI_CONTROLS = /[\u202a-\u202e\u2066-\u2069]/g;

export function stripBidiControls(text: string): string {
  return text.replace(BIDI_CONTROLS, '');
}

/**
 * The last pass over a Slack message body, whatever built it (templates, digests): no mention or
 * broadcast (`<!channel>`, `<!here>`, `<@U1>`, `<!subteam^…>`, `<#C1>`) can survive, even one an
 * operator's template or a Liquid filter (url_decode, base64_decode) produced — hookbridge itself
 * never emits them. The "<" becomes "‹", which keeps every text exactly as long as it was cut to
 * (an `&lt;` would push a full 3000-character section over Slack's limit). Bidi controls are
 * dropped (shorter still).
 */
export function finalSlackBody<T>(body: T): T {
  return mapStrings(body, (s) => stripBidiControls(s).replace(SLACK_SPECIAL, INERT_ANGLE));
}

/** The last pass over a Discord message body: bidi controls dropped (mentions: allowed_mentions). */
export function finalDiscordBody<T>(body: T): T {
  return mapStrings(body, stripBidiControls);
}

/** URLs inside text stay as they are (Discord autolinks them; escapes would break them). */
const URL_IN_TEXT = /https?:\/\/[^\s<>"`|\\[\]]+/g;
const MARKDOWN_CHARS = /[\\*_~`|[\]]/g;
/** Markdown that only counts at the start of a line: headings, quotes, subtext, lists. */
const LINE_START = /^([ \t]*)(#{1,3} |>|-#|[-+] |(\d+)\. )/gm;

function escapeLineStarts(text: string): string {
  return text.replace(LINE_START, (_m, indent: string, mark: string, digits?: string) =>
    digits === undefined ? `${indent}\\${mark}` : `${indent}${digits}\\. `);
}

/**
 * Discord markdown: every markdown character outside URLs (`\ * _ ~ ` | [ ]`, so no masked link
 * can be forged), line-start headings/quotes/lists/subtext, and mentions. Linear time on
 * purpose: discord.js escapeMarkdown is quadratic on long words (16k chars take a second).
 */
export function escapeDiscord(text: string): string {
  let out = '';
  let last = 0;
  for (const match of text.matchAll(URL_IN_TEXT)) {
    out += text.slice(last, match.index).replace(MARKDOWN_CHARS, '\\$&') + match[0];
    last = match.index + match[0].length;
  }
  out += text.slice(last).replace(MARKDOWN_CHARS, '\\$&');
  return neutraliseDiscordMentions(escapeLineStarts(out));
}

/**
 * Discord embed titles render markdown but not masked links: the same escaping, except that
 * brackets are only escaped where they would form `[text](url)`, so "[owner/repo] …" stays clean.
 */
export function escapeDiscordTitle(text: string): string {
  const escaped = escapeDiscord(text);
  return escaped.replace(/\\([[\]])/g, '$1').replace(/\[([^\]\n]*)\]\(/g, '\\[$1\\](');
}

export function escapeFor(platform: Platform, text: string): string {
  return platform === 'slack' ? escapeSlack(text) : escapeDiscord(text);
}

/**
 * Longest URL we link to. Discord refuses embed URLs over 2048 characters, and in a Slack
 * `<url|title>` a longer one would crowd the title out of its 3000-character section.
 */
export const MAX_URL_LENGTH = 2000;

/** Characters percent-encoded in URLs we emit: they would end a link or add markup. */
const URL_UNSAFE = /[<>|()[\]"'`\\@\s*]/g;

/**
 * An http(s) URL safe to put inside Discord `[t](<url>)` or Slack `<url|t>`, or null (also when
 * longer than MAX_URL_LENGTH: the text is shown without a link rather than the message refused).
 * Credentials are dropped; markup-relevant characters are percent-encoded.
 */
export function sanitizeUrl(value: unknown): string | null {
  if (typeof value !== 'string') return null;
  const trimmed = value.trim();
  if (!/^https?:\/\/\S+$/i.test(trimmed)) return null;
  let url: URL;
  try {
    url = new URL(trimmed);
  } catch {
    return null;
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return null;
  url.username = '';
  url.password = '';
  const origin = `${url.protocol}//${url.host}`;
  const rest = url.href.slice(origin.length).replace(URL_UNSAFE, (c) =>
    '%' + c.charCodeAt(0).toString(16).toUpperCase().padStart(2, '0'),
  );
  const safe = origin + rest;
  return safe.length > MAX_URL_LENGTH ? null : safe;
}

/** A sanitized URL in the platform's markup (Slack wants `&` as `&amp;` even inside links). */
export function urlFor(platform: Platform, url: string): string {
  return platform === 'slack' ? url.replaceAll('&', '&amp;') : url;
}

/** True when a template-facing string is a URL and should be sanitized rather than escaped. */
export function looksLikeUrl(text: string): boolean {
  return /^https?:\/\/\S+$/i.test(text);
}

/** Longer provider strings are cut before escaping: no message can show more anyway. */
export const MAX_PROVIDER_TEXT = 20_000;

/** Platform text for one provider string: URLs sanitized, everything else escaped. */
export function escapeValue(platform: Platform, text: string): string {
  if (looksLikeUrl(text)) {
    const url = sanitizeUrl(text);
    if (url) return urlFor(platform, url);
  }
  return escapeFor(platform, truncateText(text, MAX_PROVIDER_TEXT));
}

/** Deep-maps every string value of JSON-like data (and every key, with `keyFn`). */
export function mapStrings<T>(value: T, fn: (s: string) => string, keyFn?: (k: string) => string): T {
  if (typeof value === 'string') return fn(value) as T;
  if (Array.isArray(value)) return value.map((v: unknown) => mapStrings(v, fn, keyFn)) as T;
  if (value !== null && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) out[keyFn ? keyFn(k) : k] = mapStrings(v, fn, keyFn);
    return out as T;
  }
  return value;
}

/**
 * Keys of provider data, as templates see them when they list a payload (`{% for kv in body %}`):
 * a generic hook's sender chooses them, so they must not forge a link either. Only what could:
 * `&<>` for Slack, brackets for Discord — `body.user_name` keeps working.
 */
export function escapeKey(platform: Platform, key: string): string {
  return platform === 'slack' ? escapeSlack(key) : key.replace(/[[\]]/g, '\\$&');
}
