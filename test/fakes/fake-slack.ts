/**
 * A fake Slack Web API on 127.0.0.1 that behaves like the real one where hookbridge can tell:
 * token check, known / not-joined / archived channels, Block Kit limits, per-channel rate limit
 * (HTTP 429 + Retry-After), fault injection. Pass `fake.apiUrl` as SLACK_API_URL.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { listen, parseJson, sendJson, sendText, waitForCount, type RunningServer } from './fake-http.ts';
import { FaultInjector, type FaultOptions } from './fault-injector.ts';
import { TokenBucketLimiter } from './rate-limiters.ts';
import { parseSlackArguments } from './slack-params.ts';
import { validateSlackMessage } from './slack-validation.ts';

export interface FakeSlackOptions {
  /** Bot token the fake accepts; default 'xoxb-fake-slack-token'. */
  token?: string;
  port?: number;
  /** Known channel ids; omitted = every channel exists. */
  channels?: string[];
  /** Channels the bot has not joined: not_in_channel. */
  notInChannel?: string[];
  /** Archived channels: is_archived. */
  archivedChannels?: string[];
  /**
   * chat.postMessage per channel, a token bucket: default 1 per second with bursts of 3.
   * `{limit, windowMs}` (the fake Discord's shape) means bursts of `limit`, refilled over windowMs.
   */
  rateLimit?: { perSecond: number; burst: number } | { limit: number; windowMs: number };
  /** Delay before every answer (benchmarks). */
  latencyMs?: number;
  faults?: FaultOptions;
  /** conversations.history answers missing_scope (a bot token without channels:history). */
  historyScopeMissing?: boolean;
}

export interface ReceivedMessage {
  /** The message ts the fake assigned. */
  id: string;
  channel: string;
  /** Arguments as received (form fields decoded: blocks parsed, booleans as booleans), without token/channel. */
  body: Record<string, unknown>;
  receivedAt: number;
}

export interface ReceivedUpdate {
  channel: string;
  ts: string;
  body: Record<string, unknown>;
  receivedAt: number;
}

export const FAKE_SLACK_IDENTITY = { team_id: 'T0FAKETEAM', team: 'Fake Team', user_id: 'U0FAKEBOT', user: 'hookbridge', bot_id: 'B0FAKEBOT' };

export class FakeSlack {
  readonly url: string;
  /** Base for WebClient's slackApiUrl (ends with '/'). */
  readonly apiUrl: string;
  readonly port: number;
  readonly token: string;
  readonly messages: ReceivedMessage[] = [];
  readonly updates: ReceivedUpdate[] = [];
  /** Bodies posted to response URLs (see responseUrl()). */
  readonly responses: Array<{ id: string; body: unknown; receivedAt: number }> = [];
  readonly faults: FaultInjector;
  requests = 0;
  rateLimited = 0;
  /** conversations.history calls (hookbridge's look for an earlier attempt before a retry). */
  historyCalls = 0;
  /** The next N chat.postMessage calls are carried out but never answered (lost response). */
  dropResponseNext = 0;
  private readonly limiter: TokenBucketLimiter;
  private readonly platformErrors: string[] = [];
  private sequence = 0;

  constructor(
    private readonly http: RunningServer,
    readonly options: FakeSlackOptions,
  ) {
    this.url = http.origin;
    this.apiUrl = `${http.origin}/api/`;
    this.port = http.port;
    this.token = options.token ?? 'xoxb-fake-slack-token';
    this.faults = new FaultInjector(options.faults);
    const rate = options.rateLimit ?? { perSecond: 1, burst: 3 };
    this.limiter =
      'limit' in rate
        ? new TokenBucketLimiter((rate.limit * 1000) / rate.windowMs, rate.limit)
        : new TokenBucketLimiter(rate.perSecond, rate.burst);
  }

  setFault(options: FaultOptions): void {
    this.faults.set(options);
  }

  clearFaults(): void {
    this.faults.clear();
  }

  /** The next chat.postMessage calls answer {ok:false, error} with these errors, in order. */
  failNextWith(...errors: string[]): void {
    this.platformErrors.push(...errors);
  }

  /** A response_url for slash-command tests; what is posted there lands in `responses`. */
  responseUrl(id: string): string {
    return `${this.url}/response/${encodeURIComponent(id)}`;
  }

  waitForMessages(n: number, timeoutMs = 5000): Promise<ReceivedMessage[]> {
    return waitForCount(this.messages, n, timeoutMs, 'Slack messages');
  }

  close(): Promise<void> {
    return this.http.close();
  }

  async handle(req: IncomingMessage, res: ServerResponse, raw: Buffer): Promise<void> {
    this.requests++;
    if (this.options.latencyMs) await new Promise((resolve) => setTimeout(resolve, this.options.latencyMs));
    const fault = this.faults.decide();
    if (fault.kind === 'hang') return;
    if (fault.kind === 'error') return sendText(res, fault.status, `<html><body>${fault.status} Server Error</body></html>`);
    if (fault.kind === 'rate-limit') return this.sendRateLimited(res, fault.retryAfterSec * 1000);
    const path = new URL(req.url ?? '/', this.url).pathname;
    if (path.startsWith('/response/')) {
      const parsed = parseJson(raw);
      const body = parsed.ok ? parsed.value : raw.toString('utf8');
      this.responses.push({ id: decodeURIComponent(path.slice('/response/'.length)), body, receivedAt: Date.now() });
      return sendJson(res, 200, { ok: true });
    }
    const method = path.startsWith('/api/') ? path.slice('/api/'.length) : '';
    const args = parseSlackArguments(req, raw);
    if (!args.ok) return sendJson(res, 200, { ok: false, error: args.error });
    if (args.token === null) return sendJson(res, 200, { ok: false, error: 'not_authed' });
    if (args.token !== this.token) return sendJson(res, 200, { ok: false, error: 'invalid_auth' });
    if (method === 'auth.test') return sendJson(res, 200, { ok: true, url: `${this.url}/`, ...FAKE_SLACK_IDENTITY, is_enterprise_install: false });
    if (method === 'chat.postMessage') return this.postMessage(res, args.params);
    if (method === 'chat.update') return this.update(res, args.params);
    if (method === 'conversations.history') {
      this.historyCalls++;
      return this.history(res, args.params);
    }
    sendJson(res, 404, { ok: false, error: 'unknown_method', req_method: method });
  }

  private sendRateLimited(res: ServerResponse, retryAfterMs: number): void {
    this.rateLimited++;
    const seconds = Math.max(1, Math.ceil(retryAfterMs / 1000));
    sendJson(res, 429, { ok: false, error: 'ratelimited' }, { 'retry-after': String(seconds) });
  }

  private channelError(channel: unknown): string | null {
    const o = this.options;
    if (typeof channel !== 'string' || channel === '') return 'channel_not_found';
    if (o.channels && !o.channels.includes(channel)) return 'channel_not_found';
    if (o.archivedChannels?.includes(channel)) return 'is_archived';
    if (o.notInChannel?.includes(channel)) return 'not_in_channel';
    return null;
  }

  private postMessage(res: ServerResponse, params: Record<string, unknown>): void {
    const { channel, ...body } = params;
    const channelError = this.channelError(channel);
    if (channelError) return sendJson(res, 200, { ok: false, error: channelError });
    const channelId = channel as string;
    const waitMs = this.limiter.take(channelId);
    if (waitMs > 0) return this.sendRateLimited(res, waitMs);
    const injected = this.platformErrors.shift();
    if (injected) return sendJson(res, 200, { ok: false, error: injected });
    const invalid = validateSlackMessage(body);
    if (invalid) return this.sendInvalid(res, invalid.error, invalid.errors);
    const now = Date.now();
    const ts = `${Math.floor(now / 1000)}.${String(++this.sequence).padStart(6, '0')}`;
    this.messages.push({ id: ts, channel: channelId, body, receivedAt: now });
    if (this.dropResponseNext > 0) {
      // Posted, but the answer is lost on the way back: the client cannot know it worked.
      this.dropResponseNext--;
      return;
    }
    sendJson(res, 200, { ok: true, channel: channelId, ts, message: this.messageObject(ts, body) });
  }

  /**
   * conversations.history: newest first, `limit` per page with Slack's cursor pagination
   * (`response_metadata.next_cursor`); `metadata` only with include_all_metadata, like Slack.
   */
  private history(res: ServerResponse, params: Record<string, unknown>): void {
    const channelError = this.channelError(params.channel);
    if (channelError) return sendJson(res, 200, { ok: false, error: channelError });
    if (this.options.historyScopeMissing) return sendJson(res, 200, { ok: false, error: 'missing_scope', needed: 'channels:history' });
    const oldest = Number(params.oldest ?? 0);
    const limit = Math.min(Number(params.limit ?? 100) || 100, 1000);
    const withMetadata = params.include_all_metadata === true || params.include_all_metadata === 'true';
    const offset = Number(params.cursor ?? 0) || 0;
    const all = this.messages.filter((m) => m.channel === params.channel && Number(m.id) >= oldest).reverse();
    const found = all
      .slice(offset, offset + limit)
      .map((m) => ({ ...this.messageObject(m.id, m.body), ...(withMetadata && m.body.metadata ? { metadata: m.body.metadata } : {}) }));
    const more = offset + limit < all.length;
    sendJson(res, 200, { ok: true, messages: found, has_more: more, response_metadata: { next_cursor: more ? String(offset + limit) : '' } });
  }

  private update(res: ServerResponse, params: Record<string, unknown>): void {
    const { channel, ts, ...body } = params;
    const channelError = this.channelError(channel);
    if (channelError) return sendJson(res, 200, { ok: false, error: channelError });
    const target = this.messages.find((m) => m.channel === channel && m.id === ts);
    if (!target) return sendJson(res, 200, { ok: false, error: 'message_not_found' });
    const invalid = validateSlackMessage(body, true);
    if (invalid) return this.sendInvalid(res, invalid.error, invalid.errors);
    target.body = { ...target.body, ...body };
    this.updates.push({ channel: target.channel, ts: target.id, body, receivedAt: Date.now() });
    sendJson(res, 200, { ok: true, channel, ts, text: target.body.text ?? '', message: this.messageObject(target.id, target.body) });
  }

  private sendInvalid(res: ServerResponse, error: string, errors?: string[]): void {
    const details = errors ? { errors, response_metadata: { messages: errors.map((e) => `[ERROR] ${e}`) } } : {};
    sendJson(res, 200, { ok: false, error, ...details });
  }

  private messageObject(ts: string, body: Record<string, unknown>): Record<string, unknown> {
    const { user_id, bot_id, team_id } = FAKE_SLACK_IDENTITY;
    return { type: 'message', user: user_id, bot_id, team: team_id, ts, text: body.text ?? '', ...(body.blocks ? { blocks: body.blocks } : {}) };
  }
}

export async function startFakeSlack(options: FakeSlackOptions = {}): Promise<FakeSlack> {
  const ref: { fake?: FakeSlack } = {};
  const http = await listen((req, res, body) => ref.fake?.handle(req, res, body), options.port);
  ref.fake = new FakeSlack(http, options);
  return ref.fake;
}
