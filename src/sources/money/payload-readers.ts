/** Defensive readers for untrusted (but verified) payment provider JSON. */
import { truncateText } from '../../rendering/truncate.ts';

export type Obj = Record<string, unknown>;

export function obj(value: unknown): Obj | null {
  return value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Obj) : null;
}

export function str(value: unknown): string | null {
  return typeof value === 'string' && value.trim() !== '' ? value : null;
}

export function num(value: unknown): number | null {
  return typeof value === 'number' && Number.isFinite(value) ? value : null;
}

export function list(value: unknown): unknown[] {
  return Array.isArray(value) ? value : [];
}

/** Reads a dotted path ("last_payment_error.payment_method.billing_details.email"). */
export function at(value: unknown, path: string): unknown {
  let current: unknown = value;
  for (const key of path.split('.')) {
    const o = obj(current);
    if (o === null || !Object.hasOwn(o, key)) return undefined;
    current = o[key];
  }
  return current;
}

/** The first non-empty string among the paths. */
export function firstStr(value: unknown, ...paths: string[]): string | null {
  for (const path of paths) {
    const s = str(at(value, path));
    if (s !== null) return s;
  }
  return null;
}

/** An id field that may be a bare id or an expanded object with `id`. */
export function idOf(value: unknown): string | null {
  return str(value) ?? str(obj(value)?.id);
}

/** One line: whitespace collapsed and capped (names, reasons, descriptions). */
export function oneLine(value: unknown, max = 300): string | null {
  const s = str(value)?.replace(/\s+/g, ' ').trim();
  return s ? truncateText(s, max) : null;
}

/** "snake_case_reason" → "snake case reason". */
export function words(value: unknown): string | null {
  const s = oneLine(value, 120);
  return s === null ? null : s.replace(/[_-]+/g, ' ').toLowerCase();
}

/** A customer as templates see it; `label` is "Jane Doe <jane@example.com>" or whichever is known. */
export interface Customer {
  [key: string]: string | null;
  name: string | null;
  email: string | null;
  id: string | null;
  label: string | null;
}

export function customer(name: unknown, email: unknown, id: unknown = null): Customer | null {
  const n = oneLine(name, 120);
  const e = oneLine(email, 200);
  const i = oneLine(id, 100);
  if (n === null && e === null && i === null) return null;
  const label = n && e ? `${n} <${e}>` : (n ?? e ?? i);
  return { name: n, email: e, id: i, label };
}
