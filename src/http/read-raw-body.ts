import type { Context } from 'koa';
import getRawBody from 'raw-body';
import type { z } from 'zod';
import { HttpError } from './http-error.ts';

/** Reads the raw request bytes (needed for signature checks) with a size limit: 413 above it. */
export async function readRawBody(ctx: Context, limitBytes: number): Promise<Buffer> {
  const declared = Number(ctx.get('content-length') || NaN);
  if (Number.isFinite(declared) && declared > limitBytes) {
    throw new HttpError(413, 'payload_too_large', `Body larger than ${limitBytes} bytes`);
  }
  try {
    return await getRawBody(ctx.req, { limit: limitBytes, length: Number.isFinite(declared) ? declared : undefined });
  } catch (err) {
    const type = (err as { type?: string }).type;
    if (type === 'entity.too.large') throw new HttpError(413, 'payload_too_large', `Body larger than ${limitBytes} bytes`);
    if (type === 'request.size.invalid') throw new HttpError(400, 'bad_length', 'Body length does not match Content-Length');
    if (type === 'request.aborted') throw new HttpError(400, 'aborted', 'Request aborted by the client');
    throw new HttpError(400, 'bad_body', `Could not read the body: ${(err as Error).message}`);
  }
}

/** Parses JSON bytes into a plain object or throws a 400. */
export function parseJsonObject(raw: Buffer): Record<string, unknown> {
  let value: unknown;
  try {
    value = JSON.parse(raw.toString('utf8'));
  } catch {
    throw new HttpError(400, 'invalid_json', 'Body is not valid JSON');
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    throw new HttpError(400, 'invalid_json', 'Body must be a JSON object');
  }
  return value as Record<string, unknown>;
}

/** Checks a parsed body against a zod schema; the first problem becomes a 400 with `code`. */
export function parseBody<T>(schema: z.ZodType<T>, value: unknown, code: string): T {
  const parsed = schema.safeParse(value);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0];
  throw new HttpError(400, code, `${issue?.path.join('.') || 'body'}: ${issue?.message ?? 'invalid'}`);
}
