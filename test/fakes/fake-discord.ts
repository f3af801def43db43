/**
 * A fake Discord REST API (v10) on 127.0.0.1 that behaves like the real one where hookbridge can
 * tell: Bot token check, known/forbidden channels, Discord's body limits, nonce + enforce_nonce
 * dedupe, per-channel rate-limit buckets with X-RateLimit-* headers, a global limit, and fault
 * injection. Pass `fake.apiUrl` as DISCORD_API_URL (discord.js appends /v10).
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { handleDiscordExtras, type DiscordExtrasState } from './discord-extras.ts';
import { DiscordRateLimits, rateLimitHeaders, sendRateLimited, type RateLimitConfig } from './discord-rate-limits.ts';
import { snowflakeError, validateDiscordMessage, type DiscordApiError } from './discord-validation.ts';
import { listen, parseJson, sendJson, sendText, waitForCount, type RunningServer } from './fake-http.ts';
import { FaultInjector, type FaultOptions } from './fault-injector.ts';
import { createSnowflakes, discordMessage, type ReceivedMessage } from './discord-objects.ts';

export type { ReceivedMessage } from './discord-objects.ts';
export type { ReceivedEdit, ReceivedFollowUp, RegisteredCommands } from './discord-extras.ts';

export interface FakeDiscordOptions {
  /** Bot token the fake accepts (`Authorization: Bot <token>`); default 'fake-discord-token'. */
  token?: string;
  port?: number;
  /** Known channel ids; omitted = every numeric (snowflake) id exists. */
  channels?: string[];
  /** Channels the bot cannot see: 403 {code: 50001, Missing Access}. */
  forbiddenChannels?: string[];
  /** Channels where the bot may not post: 403 {code: 50013, Missing Permissions}. */
  noPermissionChannels?: string[];
  /** Per-channel bucket of POST (and, separately, PATCH) messages; default 5 per 5000 ms. */
  rateLimit?: RateLimitConfig;
  /** Global limit over all authenticated requests; default 50 per 1000 ms. */
  globalRateLimit?: RateLimitConfig;
  /** How long a nonce is remembered for enforce_nonce; default 5 minutes. */
  nonceWindowMs?: number;
  /** Delay before every answer (benchmarks). */
  latencyMs?: number;
  faults?: FaultOptions;
}

export const POST_BUCKET = '80c17d2f203122d936070c88c8d10f33';
export const PATCH_BUCKET = 'b1c6e3b94f3c1ed5ab2ea4e1b3e51a5e';

const CHANNEL_MESSAGES = /^\/api\/v10\/channels\/([^/]+)\/messages(?:\/([^/]+))?$/;

export class FakeDiscord implements DiscordExtrasState {
  readonly url: string;
  readonly apiUrl: string;
  readonly port: number;
  readonly token: string;
  readonly messages: ReceivedMessage[] = [];
  readonly edits: DiscordExtrasState['edits'] = [];
  readonly followUps: DiscordExtrasState['followUps'] = [];
  readonly commands: DiscordExtrasState['commands'] = [];
  readonly faults: FaultInjector;
  readonly nextId = createSnowflakes();
  /** Requests received (all routes, including faulted ones). */
  requests = 0;
  /** 429 answers sent (bucket, global and injected). */
  rateLimited = 0;
  /** Creates answered from the nonce cache instead of storing a second message. */
  deduplicated = 0;
  private readonly limits: DiscordRateLimits;
  private readonly nonces = new Map<string, { message: Record<string, unknown>; at: number }>();
  private readonly byId = new Map<string, ReceivedMessage>();

  constructor(
    private readonly http: RunningServer,
    readonly options: FakeDiscordOptions,
  ) {
    this.url = http.origin;
    this.apiUrl = `${http.origin}/api`;
    this.port = http.port;
    this.token = options.token ?? 'fake-discord-token';
    this.faults = new FaultInjector(options.faults);
    this.limits = new DiscordRateLimits(
      options.rateLimit ?? { limit: 5, windowMs: 5000 },
      options.globalRateLimit ?? { limit: 50, windowMs: 1000 },
    );
  }

  setFault(options: FaultOptions): void {
    this.faults.set(options);
  }

  clearFaults(): void {
    this.faults.clear();
  }

  waitForMessages(n: number, timeoutMs = 5000): Promise<ReceivedMessage[]> {
    return waitForCount(this.messages, n, timeoutMs, 'Discord messages');
  }

  close(): Promise<void> {
    return this.http.close();
  }

  async handle(req: IncomingMessage, res: ServerResponse, raw: Buffer): Promise<void> {
    this.requests++;
    if (this.options.latencyMs) await new Promise((resolve) => setTimeout(resolve, this.options.latencyMs));
    const fault = this.faults.decide();
    if (fault.kind === 'hang') return;
    if (fault.kind === 'error') {
      if (fault.status === 500) return sendJson(res, 500, { message: '500: Internal Server Error', code: 0 });
      return sendText(res, fault.status, fault.status === 502 ? 'Bad Gateway' : 'Service Unavailable');
    }
    if (fault.kind === 'rate-limit') {
      this.rateLimited++;
      return sendRateLimited(res, fault.retryAfterSec * 1000, 'user', {});
    }
    const path = new URL(req.url ?? '/', this.url).pathname;
    const method = req.method ?? 'GET';
    if (await handleDiscordExtras(this, method, path, req, res, raw)) return;
    const match = CHANNEL_MESSAGES.exec(path);
    if (!match || !((method === 'POST' && !match[2]) || (method === 'PATCH' && match[2]))) {
      return sendJson(res, 404, { message: '404: Not Found', code: 0 });
    }
    if (!this.authorized(req)) return sendJson(res, 401, { message: '401: Unauthorized', code: 0 });
    if (!this.passesGlobalLimit(res)) return;
    const channel = decodeURIComponent(match[1] ?? '');
    const bucket = method === 'POST' ? POST_BUCKET : PATCH_BUCKET;
    const state = this.limits.take(bucket, channel);
    const headers = rateLimitHeaders(state, bucket);
    if (!state.allowed) {
      this.rateLimited++;
      return sendRateLimited(res, state.resetAfterMs, 'user', headers);
    }
    const outcome = this.checkChannel(channel) ?? this.parseBody(raw, method === 'PATCH');
    if ('status' in outcome) return sendJson(res, outcome.status, outcome.body, headers);
    if (method === 'POST') return this.createMessage(res, channel, outcome.body, headers);
    return this.editMessage(res, channel, decodeURIComponent(match[2] ?? ''), outcome.body, headers);
  }

  /** Checks `Authorization: Bot <token>` (also used for the command routes). */
  authorized(req: IncomingMessage): boolean {
    return req.headers.authorization === `Bot ${this.token}`;
  }

  /** Counts the request against the global limit; answers 429 and returns false when over it. */
  passesGlobalLimit(res: ServerResponse): boolean {
    const global = this.limits.global.take('bot');
    if (global.allowed) return true;
    this.rateLimited++;
    sendRateLimited(res, global.resetAfterMs, 'global', {});
    return false;
  }

  private checkChannel(channel: string): DiscordApiError | null {
    const o = this.options;
    if (!/^\d{1,20}$/.test(channel)) return snowflakeError('channel_id', channel);
    if (o.channels && !o.channels.includes(channel)) {
      return { status: 404, body: { code: 10003, message: 'Unknown Channel' } };
    }
    if (o.forbiddenChannels?.includes(channel)) return { status: 403, body: { code: 50001, message: 'Missing Access' } };
    if (o.noPermissionChannels?.includes(channel)) {
      return { status: 403, body: { code: 50013, message: 'Missing Permissions' } };
    }
    return null;
  }

  private parseBody(raw: Buffer, partial: boolean): DiscordApiError | { body: Record<string, unknown> } {
    const parsed = parseJson(raw);
    const body = parsed.ok ? parsed.value : undefined;
    const error = validateDiscordMessage(body, partial);
    return error ?? { body: body as Record<string, unknown> };
  }

  private createMessage(res: ServerResponse, channel: string, body: Record<string, unknown>, headers: Record<string, string>): void {
    const now = Date.now();
    const nonce = body.nonce === undefined || body.nonce === null ? null : String(body.nonce);
    const windowMs = this.options.nonceWindowMs ?? 5 * 60_000;
    const seen = nonce === null ? undefined : this.nonces.get(nonce);
    if (body.enforce_nonce === true && seen && now - seen.at < windowMs) {
      this.deduplicated++;
      return sendJson(res, 200, seen.message, headers);
    }
    const id = this.nextId();
    const received: ReceivedMessage = { id, channel, body, receivedAt: now };
    this.messages.push(received);
    this.byId.set(id, received);
    const message = discordMessage(id, channel, body, now);
    if (nonce !== null) this.nonces.set(nonce, { message, at: now });
    sendJson(res, 200, message, headers);
  }

  private editMessage(
    res: ServerResponse,
    channel: string,
    messageId: string,
    body: Record<string, unknown>,
    headers: Record<string, string>,
  ): void {
    const existing = this.byId.get(messageId);
    if (!existing || existing.channel !== channel) {
      return sendJson(res, 404, { code: 10008, message: 'Unknown Message' }, headers);
    }
    const merged = { ...existing.body, ...body };
    const error = validateDiscordMessage(merged);
    if (error) return sendJson(res, error.status, error.body, headers);
    existing.body = merged;
    this.edits.push({ channel, messageId, body, receivedAt: Date.now() });
    sendJson(res, 200, discordMessage(messageId, channel, merged, existing.receivedAt, Date.now()), headers);
  }
}

export async function startFakeDiscord(options: FakeDiscordOptions = {}): Promise<FakeDiscord> {
  const ref: { fake?: FakeDiscord } = {};
  const http = await listen((req, res, body) => ref.fake?.handle(req, res, body), options.port);
  ref.fake = new FakeDiscord(http, options);
  return ref.fake;
}
