/**
 * Liquid filters. Values reaching them are already escaped for the platform (see escape.ts),
 * so these only add markup. In the plain context (title, url, color, footer) they add none.
 */
import type { Platform } from '../subscriptions/subscription.ts';
import { sanitizeUrl, urlFor } from './escape.ts';
import { truncateText } from './truncate.ts';

export type RenderContextKind = 'plain' | Platform;

type Filter = (value: unknown, ...args: unknown[]) => string;

function text(value: unknown): string {
  if (value === null || value === undefined) return '';
  if (Array.isArray(value)) return value.map(text).join(', ');
  return typeof value === 'object' ? '' : String(value);
}

/** Undo escapeDiscord's backslashes: inside inline code they would show literally. */
function unescapeDiscord(value: string): string {
  return value.replace(/\\([-\\`*_~|[\]>#.+])/g, '$1');
}

function linkTarget(kind: Platform, url: unknown): string | null {
  const raw = text(url).trim();
  const safe = sanitizeUrl(kind === 'slack' ? raw.replaceAll('&amp;', '&') : raw);
  return safe === null ? null : urlFor(kind, safe);
}

/** "1h 2m", "3m 5s", "42s" from seconds. */
export function formatDuration(value: unknown): string {
  const total = Math.round(Number(value));
  if (!Number.isFinite(total) || total < 0 || text(value) === '') return '';
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = total % 60;
  if (h > 0) return `${h}h ${m}m`;
  return m > 0 ? `${m}m ${s}s` : `${s}s`;
}

function wrap(value: unknown, left: string, right = left): string {
  const inner = text(value).trim();
  return inner === '' ? '' : `${left}${inner}${right}`;
}

export function createFilters(kind: RenderContextKind): Record<string, Filter> {
  const truncate: Filter = (value, length = 50, ellipsis = '...') =>
    truncateText(text(value), Number(length) || 0, kind === 'plain' ? undefined : kind, text(ellipsis));
  const duration: Filter = (value) => formatDuration(value);
  if (kind === 'plain') {
    const same: Filter = (value) => text(value);
    return { link: same, bold: same, italic: same, code: same, quote: same, truncate, duration };
  }
  return {
    link(value, url) {
      const label = text(value);
      const target = linkTarget(kind, url);
      if (target === null) return label;
      const shown = label.trim() === '' ? target : label.replace(/\s+/g, ' ');
      return kind === 'slack' ? `<${target}|${shown}>` : `[${shown}](<${target}>)`;
    },
    bold: (value) => wrap(value, kind === 'slack' ? '*' : '**'),
    italic: (value) => wrap(value, '_'),
    code(value) {
      const raw = kind === 'discord' ? unescapeDiscord(text(value)) : text(value);
      return wrap(raw.replace(/`/g, 'ˋ').replace(/\s*\n\s*/g, ' '), '`');
    },
    quote(value) {
      const body = text(value).trim();
      return body === '' ? '' : body.split('\n').map((line) => `> ${line}`).join('\n');
    },
    truncate,
    duration,
  };
}
