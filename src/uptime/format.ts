/** Human formatting for uptime messages and the status page: "7 m 12 s", "184 ms", "12:04 UTC". */
import { shortenMiddle } from '../rendering/truncate.ts';

/** "42 s", "7 m 12 s", "2 h 5 m", "3 d 4 h". */
export function formatDowntime(ms: number): string {
  const total = Math.max(0, Math.round(ms / 1000));
  const d = Math.floor(total / 86_400);
  const h = Math.floor((total % 86_400) / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = total % 60;
  if (d > 0) return h > 0 ? `${d} d ${h} h` : `${d} d`;
  if (h > 0) return m > 0 ? `${h} h ${m} m` : `${h} h`;
  if (m > 0) return s > 0 ? `${m} m ${s} s` : `${m} m`;
  return `${s} s`;
}

/** "184 ms", "1.2 s", "12 s". */
export function formatLatency(ms: number | null): string {
  if (ms === null || !Number.isFinite(ms)) return '';
  if (ms < 1000) return `${Math.round(ms)} ms`;
  const s = ms / 1000;
  return s < 10 ? `${s.toFixed(1)} s` : `${Math.round(s)} s`;
}

/** "12:04 UTC" on the same UTC day as `now`, else "2026-03-04 12:04 UTC". */
export function formatSince(iso: string, now: Date): string {
  const at = new Date(iso);
  if (Number.isNaN(at.getTime())) return iso;
  const text = at.toISOString();
  const sameDay = text.slice(0, 10) === now.toISOString().slice(0, 10);
  return `${sameDay ? '' : `${text.slice(0, 10)} `}${text.slice(11, 16)} UTC`;
}

/** Longest site name shown; longer ones keep their start and end ("…" between). */
const SITE_NAME_MAX = 80;

/**
 * What people call a site: host plus path, without the scheme ("shop.example.com/health"),
 * shortened in the middle past 80 characters, so "is DOWN — …" after it always shows.
 */
export function siteName(url: string): string {
  let name = url;
  try {
    const u = new URL(url);
    const path = u.pathname === '/' ? '' : u.pathname;
    name = `${u.host}${path}${u.search}`;
  } catch {
    // not a URL: shown as given
  }
  return shortenMiddle(name, SITE_NAME_MAX, { tail: 20 });
}

/** "99.95 %", "100 %", "–" when unknown. */
export function formatPercent(value: number | null): string {
  if (value === null) return '–';
  if (value >= 100) return '100 %';
  return `${(Math.floor(value * 100) / 100).toFixed(2)} %`;
}

/** A check interval in words: "60 s", "0.5 s", "5 m". */
export function formatInterval(ms: number): string {
  if (ms < 120_000) return `${Number((ms / 1000).toFixed(2))} s`;
  return formatDowntime(ms);
}
