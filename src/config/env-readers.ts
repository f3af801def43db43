/** zod readers for environment variables, shared by config.ts, uptime-config.ts and front-door-config.ts. */
import { z } from 'zod';

/** Splits a comma-separated list, trimming blanks. */
export function list(value: string | undefined): string[] {
  return (value ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s.length > 0);
}

/** Trimmed; unset or blank = undefined. */
export const optionalString = z
  .string()
  .optional()
  .transform((v) => (v === undefined || v.trim() === '' ? undefined : v.trim()));

/** A number in [min, max] (whole numbers only when `whole`); unset or blank = fallback. */
export function numberIn(min: number, max: number, fallback: number, whole: boolean) {
  return optionalString.transform((v, ctx) => {
    if (v === undefined) return fallback;
    const n = Number(v);
    if (!Number.isFinite(n) || (whole && !Number.isInteger(n)) || n < min || n > max) {
      ctx.addIssue({ code: 'custom', message: `expected ${whole ? 'a whole number' : 'a number'} from ${min} to ${max}, got "${v}"` });
      return z.NEVER;
    }
    return n;
  });
}

export const intIn = (min: number, max: number, fallback: number) => numberIn(min, max, fallback, true);

/** An absolute URL with one of the protocols (`'https:'`, …), or unset. */
export function url(protocols: string[]) {
  return optionalString.refine(
    (v) => {
      if (v === undefined) return true;
      try {
        return protocols.includes(new URL(v).protocol);
      } catch {
        return false;
      }
    },
    { message: `expected a URL starting with ${protocols.map((p) => `${p}//`).join(' or ')}` },
  );
}
