import type Router from '@koa/router';
import { App } from '@slack/bolt';
import { boltLogger } from './slack-receiver-body.ts';
import { registerSlackCommands, type SlackCommandDeps } from './slack-receiver-commands.ts';
import { KoaSlackReceiver } from './slack-receiver.ts';

export interface SlackEventsOptions extends SlackCommandDeps {
  /** SLACK_SIGNING_SECRET. */
  signingSecret: string;
  /** SLACK_BOT_TOKEN, if set (handed to listeners' client; the receiver never calls Slack itself). */
  botToken?: string;
  /** SLACK_API_URL. */
  apiUrl: string;
}

/**
 * The Bolt App behind `POST /slack/events`, served by the Koa app through KoaSlackReceiver.
 * `authorize` answers locally, so Bolt never calls auth.test (no network at start or per request).
 */
export function createSlackEventsRouter(options: SlackEventsOptions): Router {
  const receiver = new KoaSlackReceiver({
    signingSecret: options.signingSecret,
    logger: options.logger,
    ...(options.now ? { now: options.now } : {}),
  });
  const app = new App({
    receiver,
    authorize: async () => ({ ...(options.botToken ? { botToken: options.botToken } : {}) }),
    logger: boltLogger(options.logger),
    ignoreSelf: false,
    clientOptions: { slackApiUrl: options.apiUrl, retryConfig: { retries: 0 } },
  });
  registerSlackCommands(app, options);
  return receiver.router();
}
