import Router from '@koa/router';
import type { App, Receiver, ReceiverEvent } from '@slack/bolt';
import type { Context } from 'koa';
import { HttpError } from '../../http/http-error.ts';
import { readRawBody } from '../../http/read-raw-body.ts';
import type { Logger } from '../../logging/logger.ts';
import { isSslCheck, parseSlackBody, type SlackBody, slackBodyProblem } from './slack-receiver-body.ts';
import { checkSlackSignature } from './verify-slack-signature.ts';

/** Slack payloads are small; a megabyte is far more than any slash command or event. */
export const SLACK_BODY_LIMIT_BYTES = 1024 * 1024;
/** Slack waits 3 s for the acknowledgement; answer a little before that. */
export const SLACK_ACK_TIMEOUT_MS = 2800;

export interface KoaSlackReceiverOptions {
  signingSecret: string;
  logger: Logger;
  /** Mount path (Bolt's conventional `/slack/events`). */
  path?: string;
  now?: () => Date;
  ackTimeoutMs?: number;
}

type Outcome =
  | { kind: 'acked'; response: unknown }
  | { kind: 'unhandled' }
  | { kind: 'failed' }
  | { kind: 'timeout' };

/**
 * A Bolt Receiver that lives inside the Koa app (Bolt ships only Express/HTTP/Lambda/Socket Mode
 * receivers): raw body → signature check → parse → `app.processEvent` with an `ack` whose argument
 * becomes the HTTP response. It owns no server; start() and stop() do nothing.
 */
export class KoaSlackReceiver implements Receiver {
  readonly path: string;
  private app: App | undefined;
  private readonly now: () => Date;
  private readonly ackTimeoutMs: number;

  constructor(private readonly options: KoaSlackReceiverOptions) {
    this.path = options.path ?? '/slack/events';
    this.now = options.now ?? (() => new Date());
    this.ackTimeoutMs = options.ackTimeoutMs ?? SLACK_ACK_TIMEOUT_MS;
  }

  init(app: App): void {
    this.app = app;
  }

  async start(): Promise<void> {}

  async stop(): Promise<void> {}

  /** The Koa router serving `POST <path>`. */
  router(): Router {
    const router = new Router();
    router.post(this.path, (ctx) => this.handle(ctx));
    return router;
  }

  async handle(ctx: Context): Promise<void> {
    const raw = await readRawBody(ctx, SLACK_BODY_LIMIT_BYTES);
    const contentType = ctx.request.type;
    if (isSslCheck(contentType, raw)) {
      ctx.status = 200;
      ctx.body = '';
      return;
    }
    const problem = checkSlackSignature({
      signingSecret: this.options.signingSecret,
      timestamp: ctx.get('x-slack-request-timestamp') || undefined,
      signature: ctx.get('x-slack-signature') || undefined,
      rawBody: raw,
      now: this.now(),
    });
    if (problem) {
      this.options.logger.warn({ problem, ip: ctx.ip }, 'rejected a Slack request that failed signature verification');
      throw new HttpError(401, 'invalid_signature', 'Slack request signature is missing, invalid or stale');
    }
    const body = parseSlackBody(contentType, raw);
    if (body.type === 'url_verification') {
      ctx.body = { challenge: typeof body.challenge === 'string' ? body.challenge : '' };
      return;
    }
    const missing = slackBodyProblem(body);
    if (missing) throw new HttpError(400, 'invalid_payload', `Slack request: ${missing}`);
    const retryNum = Number(ctx.get('x-slack-retry-num'));
    const outcome = await this.dispatch({
      body,
      retryNum: Number.isInteger(retryNum) && ctx.get('x-slack-retry-num') !== '' ? retryNum : undefined,
      retryReason: ctx.get('x-slack-retry-reason') || undefined,
    });
    respond(ctx, body, outcome);
  }

  private async dispatch(event: Omit<ReceiverEvent, 'ack'>): Promise<Outcome> {
    const app = this.app;
    if (!app) throw new Error('KoaSlackReceiver used before a Bolt App was created with it');
    let acknowledged = false;
    let settle: (outcome: Outcome) => void = () => {};
    const acked = new Promise<Outcome>((resolve) => {
      settle = resolve;
    });
    const ack = async (response?: unknown): Promise<void> => {
      if (acknowledged) throw new Error('ack() was called more than once');
      acknowledged = true;
      settle({ kind: 'acked', response });
    };
    const processing = app.processEvent({ ...event, ack }).then(
      (): Outcome => ({ kind: 'unhandled' }),
      (err: unknown): Outcome => {
        this.options.logger.error({ err }, 'Slack request handling failed');
        return { kind: 'failed' };
      },
    );
    let timer: NodeJS.Timeout | undefined;
    const timedOut = new Promise<Outcome>((resolve) => {
      timer = setTimeout(() => resolve({ kind: 'timeout' }), this.ackTimeoutMs);
    });
    try {
      return await Promise.race([acked, processing, timedOut]);
    } finally {
      clearTimeout(timer); // a late ack() after a timeout settles a promise nobody awaits any more
    }
  }
}

function respond(ctx: Context, body: SlackBody, outcome: Outcome): void {
  const isCommand = typeof body.command === 'string';
  switch (outcome.kind) {
    case 'acked': {
      const response = outcome.response;
      ctx.status = 200;
      // Bolt's convention: nothing → empty 200, a string as is, anything else as JSON.
      ctx.body = response === undefined || response === null ? '' : response;
      return;
    }
    case 'unhandled':
      ctx.status = 200;
      ctx.body = isCommand ? ephemeral(`hookbridge does not handle ${String(body.command)}.`) : '';
      return;
    case 'timeout':
      ctx.status = 200;
      ctx.body = isCommand
        ? ephemeral('hookbridge took too long to answer. Run /subscriptions in a moment to see whether the change was made.')
        : '';
      return;
    case 'failed':
      throw new HttpError(500, 'internal', 'Slack request handling failed', false);
  }
}

function ephemeral(text: string): { response_type: 'ephemeral'; text: string } {
  return { response_type: 'ephemeral', text };
}
