import Router from '@koa/router';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { pino } from 'pino';
import { createApp } from './app.ts';
import type { Config } from './config/config.ts';
import type { MessageSender } from './delivery/message-sender.ts';
import { notFound } from './http/http-error.ts';
import type { Logger } from './logging/logger.ts';
import { DeliveryWorker } from './pipeline/deliver-pending.ts';
import { createDiscordInteractionsRouter } from './platforms/discord/discord-interactions.ts';
import { createDiscordSender } from './platforms/discord/discord-sender.ts';
import { createLogSender } from './platforms/log-sender.ts';
import { createSlackEventsRouter } from './platforms/slack/slack-receiver-app.ts';
import { createSlackSender } from './platforms/slack/slack-sender.ts';
import { createRenderer } from './rendering/create-renderer.ts';
import { openLowdbStore } from './storage/lowdb-store.ts';
import type { Store } from './storage/store.ts';
import type { Platform } from './subscriptions/subscription.ts';

export interface RunningServer {
  server: Server;
  url: string;
  store: Store;
  worker: DeliveryWorker;
  /** Graceful stop: stop accepting, finish in-flight deliveries, flush the store. */
  stop(): Promise<void>;
}

export interface StartOptions {
  logger?: Logger;
  templatesDir?: string;
}

function createSenders(config: Config, logger: Logger): Record<Platform, MessageSender> {
  const discord = config.discord.botToken
    ? createDiscordSender({ token: config.discord.botToken, apiUrl: config.discord.apiUrl, logger })
    : createLogSender('discord', logger);
  const slack = config.slack.botToken
    ? createSlackSender({ token: config.slack.botToken, apiUrl: config.slack.apiUrl, logger })
    : createLogSender('slack', logger);
  const missing = [
    config.discord.botToken ? null : 'DISCORD_BOT_TOKEN',
    config.slack.botToken ? null : 'SLACK_BOT_TOKEN',
  ].filter((v): v is string => v !== null);
  if (missing.length > 0) {
    logger.warn(
      { missing },
      `${missing.join(' and ')} not set: messages for ${missing.length === 2 ? 'Discord and Slack' : missing[0]!.startsWith('DISCORD') ? 'Discord' : 'Slack'} are printed to the log instead of being sent`,
    );
  }
  return { discord, slack };
}

/** A route that explains which variable enables it (PRODUCT.md: disabled endpoints answer 404 naming it). */
function disabledRoute(path: string, code: string, message: string): Router {
  return new Router().post(path, () => {
    throw notFound(code, message);
  });
}

/** Slack and Discord slash-command receivers, each enabled by its verification secret. */
function createChatRouters(config: Config, store: Store, logger: Logger): Router[] {
  const { slack, discord } = config;
  const slackOff = 'SLACK_SIGNING_SECRET is not set: Slack slash commands are disabled (POST /slack/events answers 404)';
  const discordOff = 'DISCORD_PUBLIC_KEY is not set: Discord slash commands are disabled (POST /discord/interactions answers 404)';
  const disabled = [slack.signingSecret ? null : slackOff, discord.publicKey ? null : discordOff].filter((m): m is string => m !== null);
  if (disabled.length > 0) logger.info({}, disabled.join('; '));
  return [
    slack.signingSecret
      ? createSlackEventsRouter({ signingSecret: slack.signingSecret, botToken: slack.botToken, apiUrl: slack.apiUrl, adminUserIds: slack.adminUserIds, store, logger })
      : disabledRoute('/slack/events', 'slack_disabled', slackOff),
    discord.publicKey
      ? createDiscordInteractionsRouter({ publicKey: discord.publicKey, store, logger })
      : disabledRoute('/discord/interactions', 'discord_disabled', discordOff),
  ];
}

/** Composition root: store → renderer → senders → worker → HTTP app → listen. */
export async function startServer(config: Config, options: StartOptions = {}): Promise<RunningServer> {
  const logger: Logger = options.logger ?? pino({ level: config.logLevel });
  if (config.databaseUrl) {
    throw new Error('DATABASE_URL is set but the Postgres store is not available in this version; unset it to use DATA_FILE');
  }
  const store = await openLowdbStore(config.dataFile, { eventLimitPerSource: config.eventLogLimit });
  const renderer = createRenderer({ templatesDir: options.templatesDir ?? 'templates', publicUrl: config.publicUrl });
  const worker = new DeliveryWorker({
    store,
    renderer,
    senders: createSenders(config, logger),
    logger,
    concurrency: config.deliveryConcurrency,
    stormThreshold: config.stormThreshold,
  });
  if (config.github.secrets.length === 0) {
    logger.warn({}, 'GITHUB_WEBHOOK_SECRET is not set: GitHub webhooks are disabled (POST /webhooks/github answers 404)');
  }
  if (!config.adminToken) logger.info({}, 'ADMIN_TOKEN is not set: the admin API (/api/*) is off');

  const app = createApp({
    store,
    logger,
    githubSecrets: config.github.secrets,
    adminToken: config.adminToken,
    onDeliveriesQueued: () => worker.poke(),
    routers: createChatRouters(config, store, logger),
  });
  const server = createServer(app.callback());
  server.requestTimeout = 30_000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(config.port, config.host, () => resolve());
  });
  worker.start();
  const address = server.address() as AddressInfo;
  const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  const url = `http://${host === '0.0.0.0' || host === '[::]' ? '127.0.0.1' : host}:${address.port}`;
  logger.info({ url, dataFile: config.dataFile }, 'hookbridge is listening');

  let stopping: Promise<void> | null = null;
  const stop = () => {
    stopping ??= (async () => {
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeIdleConnections();
      });
      await worker.stop();
      await store.close();
    })();
    return stopping;
  };
  return { server, url, store, worker, stop };
}
