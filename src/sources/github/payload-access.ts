/** Defensive readers for untrusted GitHub JSON, and the text helpers the normalizers share. */
import { ELLIPSIS } from '../../rendering/limits.ts';
import type { JsonObject } from '../../events/normalized-event.ts';
import type { MessageColor } from '../../rendering/message.ts';
import { truncateText } from '../../rendering/truncate.ts';
import { GithubPayloadError } from './github-payload-error.ts';

export type Obj = Record<string, unknown>;

export function obj(value: unknown): Obj | null {
  return value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Obj) : null;
}

export function str(value: unknown): string | null {
  return typeof value === 'string' ? value : null;
}

export function num(value: unknown): number | null {
  return typeof value === 'number' && Number.isFinite(value) ? value : null;
}

export function list(value: unknown): unknown[] {
  return Array.isArray(value) ? value : [];
}

/** `http(s)://…` or null (GitHub sends "" for absent URLs). */
export function httpUrl(value: unknown): string | null {
  const s = str(value)?.trim();
  return s && /^https?:\/\/\S+$/i.test(s) ? s : null;
}

export function login(user: unknown): string | null {
  return str(obj(user)?.login);
}

export function requireObj(parent: Obj, key: string, event: string): Obj {
  const value = obj(parent[key]);
  if (!value) throw new GithubPayloadError(`${event} event without a "${key}" object`);
  return value;
}

export function requireStr(parent: Obj, key: string, what: string): string {
  const value = str(parent[key]);
  if (value === null || value === '') throw new GithubPayloadError(`${what} without "${key}"`);
  return value;
}

export function labelNames(value: unknown): string[] {
  return list(value).map((l) => str(obj(l)?.name)).filter((n): n is string => n !== null && n !== '');
}

/** One line (titles, names): whitespace collapsed, capped. */
export function oneLine(value: unknown, max = 300): string {
  return truncateText((str(value) ?? '').replace(/\s+/g, ' ').trim(), max);
}

/** First line of a commit message, capped. */
export function firstLine(value: unknown, max = 120): string {
  return oneLine((str(value) ?? '').trim().split(/\r?\n/)[0], max);
}

/** A body excerpt: HTML comments (PR templates) removed, newlines normalised, ~400 chars. */
export function excerpt(value: unknown, max = 400): string {
  const text = (str(value) ?? '')
    .replace(/<!--[\s\S]*?(-->|$)/g, '')
    .replace(/\r\n?/g, '\n')
    .replace(/[ \t]+$/gm, '')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
  const cut = truncateText(text, max);
  if (cut === text) return text;
  // Ends at a word boundary, and never in a link ("https:…" is no use to anyone).
  const kept = cut.slice(0, -ELLIPSIS.length);
  const lastWord = /\S*$/.exec(kept)![0];
  const inWord = /\S/.test(text.charAt(kept.length));
  if ((inWord && lastWord.length <= 60) || /^\S*:\/\//.test(lastWord) || lastWord.includes('](')) {
    const before = kept.slice(0, kept.length - lastWord.length).trimEnd();
    if (before.length > 0) return before + ELLIPSIS;
  }
  return cut;
}

/** A user as templates see it. */
export type Person = { login: string | null; url: string | null };

export function person(user: unknown): Person {
  const u = obj(user);
  return { login: str(u?.login), url: httpUrl(u?.html_url) };
}

export interface GithubContext {
  event: string;
  payload: Obj;
  /** repository.full_name as sent ('' for events without a repository). */
  repo: string;
  repoUrl: string | null;
  action: string | null;
  sender: string | null;
  /** sender login, or 'someone', for summaries. */
  who: string;
}

/** What one event's normalizer contributes; the rest of NormalizedEvent is common. */
export interface GithubEventParts {
  feature: string | null;
  action?: string | null;
  actor?: string | null;
  branch?: string | null;
  labels?: string[];
  /** Without the "[owner/repo] " prefix. */
  summary: string;
  url: string | null;
  color: MessageColor;
  data: JsonObject;
}

export type GithubHandler = (ctx: GithubContext) => GithubEventParts;
