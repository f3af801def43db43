/** Test helpers for generic hooks: create one through the admin API, post to it in every style. */
import { randomUUID } from 'node:crypto';
import { signSha256 } from '../../../src/security/hmac.ts';
import { signStandardWebhook } from '../../../src/sources/custom/verify-custom.ts';
import type { TestServer } from '../../helpers/test-server.ts';

export interface CreatedHook {
  name: string;
  url: string;
  signedUrl: string;
  secret: string;
}

export async function createHook(server: TestServer, name: string, template?: string): Promise<CreatedHook> {
  const res = await server.admin('POST', '/api/hooks', template === undefined ? { name } : { name, template });
  if (res.status !== 201) throw new Error(`POST /api/hooks: ${res.status} ${await res.text()}`);
  return (await res.json()) as CreatedHook;
}

/** The token URL of a hook on this server (the answer's url may carry PUBLIC_URL). */
export function tokenUrl(server: TestServer, hook: CreatedHook): string {
  return `${server.url}${new URL(hook.url).pathname}`;
}

export function signedUrl(server: TestServer, name: string): string {
  return `${server.url}/webhooks/custom/${name}`;
}

export function postJson(url: string, body: unknown, headers: Record<string, string> = {}): Promise<Response> {
  return fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) });
}

/** Standard Webhooks headers for `body`; `timestamp` in Unix seconds (default now). */
export function standardHeaders(secret: string, body: string, options: { id?: string; timestamp?: number } = {}): Record<string, string> {
  const id = options.id ?? `msg_${randomUUID()}`;
  const timestamp = options.timestamp ?? Math.floor(Date.now() / 1000);
  return {
    'content-type': 'application/json',
    'webhook-id': id,
    'webhook-timestamp': String(timestamp),
    'webhook-signature': signStandardWebhook(secret, id, timestamp, body),
  };
}

export function postStandard(server: TestServer, hook: CreatedHook, payload: unknown, options: { id?: string; timestamp?: number; secret?: string } = {}) {
  const body = JSON.stringify(payload);
  return fetch(signedUrl(server, hook.name), { method: 'POST', headers: standardHeaders(options.secret ?? hook.secret, body, options), body });
}

export function postGithubStyle(server: TestServer, hook: CreatedHook, payload: unknown, secret = hook.secret) {
  const body = JSON.stringify(payload);
  return fetch(signedUrl(server, hook.name), {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-hub-signature-256': signSha256(secret, body) },
    body,
  });
}

export async function eventCount(server: TestServer): Promise<number> {
  return ((await (await server.admin('GET', '/api/events?source=custom')).json()) as unknown[]).length;
}
