/**
 * The sites file of `hookbridge check-sites`: a text file (one URL per line, `#` comments) or JSON
 * with per-site options. Problems are InputErrors with the line or entry they come from (exit 2).
 */
import { z } from 'zod';
import type { SiteCheckOptions } from '../uptime/probe.ts';

export interface SiteEntry {
  url: string;
  options: SiteCheckOptions;
}

export class InputError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'InputError';
  }
}

function checkUrl(text: string, where: string): string {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new InputError(`${where}: "${text}" is not a URL (write it in full, e.g. https://example.com)`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new InputError(`${where}: "${text}" is not an http:// or https:// URL`);
  if (url.hostname === '') throw new InputError(`${where}: "${text}" has no host`);
  return url.href;
}

/** Text format: one URL per line; `#` starts a comment at the start of a line or after a space. */
export function parseTextSites(text: string): SiteEntry[] {
  const sites: SiteEntry[] = [];
  text.split(/\r?\n/).forEach((raw, index) => {
    const line = raw.replace(/(^|\s)#.*$/, '').trim();
    if (line === '') return;
    if (/\s/.test(line)) throw new InputError(`line ${index + 1}: expected one URL per line, got "${line}"`);
    sites.push({ url: checkUrl(line, `line ${index + 1}`), options: {} });
  });
  return sites;
}

const statusCodes = z.union([z.number().int().min(100).max(599), z.array(z.number().int().min(100).max(599)).min(1).max(50)]);

const siteOptions = z
  .object({
    expectedStatus: statusCodes.optional(),
    keyword: z.string().min(1).optional(),
    keywordAbsent: z.string().min(1).optional(),
    /** Seconds. */
    timeout: z.number().positive().max(300).optional(),
    method: z.enum(['GET', 'HEAD']).optional(),
    insecure: z.boolean().optional(),
  })
  .strict();

const siteObject = siteOptions.extend({ url: z.string() }).strict();
const jsonFile = z.object({ defaults: siteOptions.optional(), sites: z.array(z.unknown()) }).strict();

function issueText(error: z.ZodError, prefix: string): string {
  const issue = error.issues[0]!;
  const path = [prefix, ...issue.path.map(String)].filter((p) => p !== '').join('.');
  return `${path || 'file'}: ${issue.message}`;
}

type RawOptions = z.infer<typeof siteOptions>;

function toCheckOptions(o: RawOptions): SiteCheckOptions {
  const out: SiteCheckOptions = {};
  if (o.expectedStatus !== undefined) out.expectedStatus = Array.isArray(o.expectedStatus) ? o.expectedStatus : [o.expectedStatus];
  if (o.keyword !== undefined) out.keyword = o.keyword;
  if (o.keywordAbsent !== undefined) out.keywordAbsent = o.keywordAbsent;
  if (o.timeout !== undefined) out.timeoutMs = Math.round(o.timeout * 1000);
  if (o.method !== undefined) out.method = o.method;
  if (o.insecure !== undefined) out.insecureTls = o.insecure;
  return out;
}

/**
 * JSON format: an array of URLs or site objects, or `{ "defaults": {...}, "sites": [...] }`.
 * Site options: url, expectedStatus (code or list), keyword, keywordAbsent, timeout (seconds),
 * method (GET | HEAD), insecure (accept self-signed certificates).
 */
export function parseJsonSites(text: string): SiteEntry[] {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (err) {
    throw new InputError(`not valid JSON: ${(err as Error).message}`);
  }
  const isList = Array.isArray(json);
  const parsed = jsonFile.safeParse(isList ? { sites: json } : json);
  if (!parsed.success) throw new InputError(issueText(parsed.error, ''));
  const defaults = parsed.data.defaults ?? {};
  return parsed.data.sites.map((entry, i) => {
    const where = isList ? `entry ${i}` : `sites.${i}`;
    const site = siteObject.safeParse(typeof entry === 'string' ? { url: entry } : entry);
    if (!site.success) throw new InputError(issueText(site.error, where));
    const { url, ...own } = site.data;
    return { url: checkUrl(url, where), options: toCheckOptions({ ...defaults, ...own }) };
  });
}

/** Picks the format: JSON when the name ends in .json or the text starts with [ or {. */
export function parseSites(text: string, name: string): SiteEntry[] {
  const trimmed = text.trimStart();
  const sites = name.toLowerCase().endsWith('.json') || trimmed.startsWith('[') || trimmed.startsWith('{') ? parseJsonSites(text) : parseTextSites(text);
  if (sites.length === 0) throw new InputError('no sites to check (the file lists no URLs)');
  return sites;
}
