/**
 * The check-sites report: what `hookbridge check-sites --report` posts to POST /webhooks/uptime
 * (signed like GitHub: X-Hub-Signature-256 = HMAC-SHA256 of the raw body with UPTIME_WEBHOOK_SECRET).
 */
import { z } from 'zod';
import type { CheckResult } from '../../uptime/probe.ts';

export const REPORT_ID = /^[A-Za-z0-9._:-]{1,128}$/;
export const MAX_REPORT_RESULTS = 1000;
/** Reports sent longer ago (or further in the future) than this are refused. */
export const REPORT_MAX_AGE_MS = 24 * 3_600_000;

const result = z.object({
  url: z.string().min(1).max(2048),
  up: z.boolean(),
  status: z.number().int().min(0).max(999).nullable(),
  latencyMs: z.number().min(0).max(86_400_000).nullable(),
  error: z.string().max(2000).nullable(),
  tlsDaysLeft: z.number().int().min(-100_000).max(100_000).nullable(),
});

export const reportSchema = z.object({
  /** Unique per run: the server processes each id once. */
  id: z.string().regex(REPORT_ID, 'id must be 1-128 letters, digits, ".", "_", ":" or "-"'),
  /** ISO time the checker sent the report. */
  sentAt: z.string().refine((v) => !Number.isNaN(Date.parse(v)), 'sentAt must be an ISO date'),
  checker: z.string().max(200).optional(),
  results: z.array(result).max(MAX_REPORT_RESULTS),
});

export type UptimeReport = z.infer<typeof reportSchema>;

/** Builds the report body (the CLI side). */
export function buildReport(id: string, results: CheckResult[], sentAt: Date): UptimeReport {
  return {
    id,
    sentAt: sentAt.toISOString(),
    checker: 'hookbridge check-sites',
    results: results.map((r) => ({ url: r.url, up: r.up, status: r.status, latencyMs: r.latencyMs, error: r.error, tlsDaysLeft: r.tlsDaysLeft })),
  };
}
