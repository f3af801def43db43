/**
 * Deadlines in payment messages (dispute evidence, trial ends): a date people can put in a
 * calendar plus how long is left, computed when the event arrives, e.g.
 * "2026-12-01 (in 6 days)", "2026-11-25 18:00 UTC (in 5 hours)", "2026-11-20 (3 days ago)".
 */
const HOUR = 3_600_000;
const DAY = 24 * HOUR;

function plural(n: number, unit: string): string {
  return `${n} ${unit}${n === 1 ? '' : 's'}`;
}

/** "in 6 days", "in 5 hours", "in 20 minutes", "3 days ago", "now". */
export function countdown(due: Date, now: Date): string {
  const diff = due.getTime() - now.getTime();
  const abs = Math.abs(diff);
  let span: string;
  if (abs < 60_000) return 'now';
  if (abs < HOUR) span = plural(Math.floor(abs / 60_000), 'minute');
  // Hours round down too, except the last few minutes (an event "3 hours before" arrives seconds late).
  else if (abs < 2 * DAY) span = plural(Math.floor((abs + 5 * 60_000) / HOUR), 'hour');
  // Days are whole days left, except that the last hour rounds up: Stripe's "3 days before the
  // trial ends" arrives a few seconds under 3 days and should read "in 3 days".
  else span = plural(Math.floor((abs + HOUR) / DAY), 'day');
  return diff > 0 ? `in ${span}` : `${span} ago`;
}

/** A Date from Unix seconds (Stripe) or an ISO string (PayPal); null when absent or invalid. */
export function toDate(value: unknown): Date | null {
  let date: Date | null = null;
  if (typeof value === 'number' && Number.isFinite(value) && value > 0) date = new Date(value * 1000);
  else if (typeof value === 'string' && value.trim() !== '') date = new Date(value);
  return date !== null && Number.isFinite(date.getTime()) ? date : null;
}

/** What templates get for a deadline: `text` is "2026-12-01 (in 6 days)"; `past` is "yes" once it has passed. */
export interface DueDate {
  [key: string]: string;
  iso: string;
  date: string;
  countdown: string;
  text: string;
  past: string;
}

/** Dates within two days show the UTC hour too, since "in 5 hours" needs a time to be useful. */
export function dueDate(value: unknown, now: Date): DueDate | null {
  const due = toDate(value);
  if (due === null) return null;
  const iso = due.toISOString();
  const near = Math.abs(due.getTime() - now.getTime()) < 2 * DAY;
  const date = near ? `${iso.slice(0, 10)} ${iso.slice(11, 16)} UTC` : iso.slice(0, 10);
  const left = countdown(due, now);
  return { iso, date, countdown: left, text: `${date} (${left})`, past: due.getTime() < now.getTime() ? 'yes' : '' };
}
