import Router from '@koa/router';
import type { Server } from 'node:http';
import type { Server as HttpsServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import { pino } from 'pino';
import pretty from 'pino-pretty';
import { createApp } from './app.ts';
import { type Config, ConfigError } from './config/config.ts';
import type { SharedBotPacer } from './delivery/bot-pacer.ts';
import type { MessageSender } from './delivery/message-sender.ts';
import { notFound } from './http/http-error.ts';
import { createServerFor, loadTlsMaterial } from './http/tls.ts';
import type { Logger } from './logging/logger.ts';
import type { CertificateFetcher } from './sources/paypal/paypal-certificates.ts';
import { createRetryPolicy } from './delivery/retry-policy.ts';
import { DeliveryWorker, type DeliveryWorkerDeps } from './pipeline/deliver-pending.ts';
import { createDiscordInteractionsRouter } from './platforms/discord/discord-interactions.ts';
import { createDiscordSender } from './platforms/discord/discord-sender.ts';
import { createLogSender } from './platforms/log-sender.ts';
import { createSlackEventsRouter } from './platforms/slack/slack-receiver-app.ts';
import { createSlackSender } from './platforms/slack/slack-sender.ts';
import { createRenderer } from './rendering/create-renderer.ts';
import { createCustomRenderer } from './sources/custom/custom-renderer.ts';
import { customHooksRouters } from './sources/custom/custom-hooks.ts';
import type { HookStore } from './storage/hook-store.ts';
import { openStores } from './storage/open-stores.ts';
import type { Store } from './storage/store.ts';
import type { Platform } from './subscriptions/subscription.ts';
import { createUptime, type Uptime } from './uptime/create-uptime.ts';

export interface RunningServer {
  /** An HTTPS server when TLS_CERT_FILE/TLS_KEY_FILE are set. */
  server: Server | HttpsServer;
  url: string;
  store: Store;
  worker: DeliveryWorker;
  /** Graceful stop: stop accepting, finish in-flight deliveries, flush the store. */
  stop(): Promise<void>;
}

export interface StartOptions {
  logger?: Logger;
  templatesDir?: string;
  /** Fetches PayPal signing certificates (default: https from PayPal's API hosts); tests inject one. */
  paypalCertificateFetcher?: CertificateFetcher;
  /** Tuning for tests and benchmarks (operators use the env variables). */
  delivery?: {
    retrySchedule?: readonly number[];
    senderTimeoutMs?: number;
    rates?: DeliveryWorkerDeps['rates'];
  };
}

function createSenders(config: Config, logger: Logger, timeoutMs: number | undefined, discordPacer: SharedBotPacer | undefined): Record<Platform, MessageSender> {
  const discord = config.discord.botToken
    ? createDiscordSender({ token: config.discord.botToken, apiUrl: config.discord.apiUrl, logger, timeoutMs, sharedPacer: discordPacer })
    : createLogSender('discord', logger);
  const slack = config.slack.botToken
    ? createSlackSender({ token: config.slack.botToken, apiUrl: config.slack.apiUrl, logger, timeoutMs })
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
function createChatRouters(config: Config, store: Store, logger: Logger, uptime: Pick<Uptime, 'refuseSite' | 'checkedEvery'>, hooks: HookStore): Router[] {
  const { slack, discord } = config;
  const slackOff = 'SLACK_SIGNING_SECRET is not set: Slack slash commands are disabled (POST /slack/events answers 404)';
  const discordOff = 'DISCORD_PUBLIC_KEY is not set: Discord slash commands are disabled (POST /discord/interactions answers 404)';
  const disabled = [slack.signingSecret ? null : slackOff, discord.publicKey ? null : discordOff].filter((m): m is string => m !== null);
  if (disabled.length > 0) logger.info({}, disabled.join('; '));
  return [
    slack.signingSecret
      ? createSlackEventsRouter({ signingSecret: slack.signingSecret, botToken: slack.botToken, apiUrl: slack.apiUrl, adminUserIds: slack.adminUserIds, store, logger, uptime, hooks })
      : disabledRoute('/slack/events', 'slack_disabled', slackOff),
    discord.publicKey
      ? createDiscordInteractionsRouter({ publicKey: discord.publicKey, store, logger, uptime, hooks })
      : disabledRoute('/discord/interactions', 'discord_disabled', discordOff),
  ];
}

/** JSON logs (one object per line) for log collectors; readable, coloured lines on a terminal. */
function createLogger(level: Config['logLevel']): Logger {
  if (!process.stdout.isTTY) return pino({ level });
  return pino({ level }, pretty({ colorize: true, translateTime: 'SYS:HH:MM:ss', ignore: 'pid,hostname', singleLine: false }));
}

/**
 * Requests Node's HTTP parser refuses before any route sees them (headers too large, a bad
 * Content-Length or chunk, bytes that are not HTTP) get the same JSON errors as the rest.
 */
function answerClientError(err: NodeJS.ErrnoException, socket: import('node:stream').Duplex): void {
  // As Node's own handler: only when no response is under way on this connection (keep-alive,
  // pipelining), else a client could read this 400 as the answer to an earlier request.
  const inFlight = (socket as { _httpMessage?: { headersSent?: boolean } | null })._httpMessage;
  if (!socket.writable || inFlight?.headersSent || (err.code !== undefined && ['ECONNRESET', 'EPIPE'].includes(err.code))) {
    socket.destroy();
    return;
  }
  const tooLarge = err.code === 'HPE_HEADER_OVERFLOW';
  const status = tooLarge ? '431 Request Header Fields Too Large' : err.code === 'ERR_HTTP_REQUEST_TIMEOUT' ? '408 Request Timeout' : '400 Bad Request';
  const body = JSON.stringify(
    tooLarge
      ? { error: 'headers_too_large', message: 'The request line and headers are larger than the server accepts (16 kB)' }
      : { error: 'bad_request', message: `Malformed HTTP request (${err.code ?? 'parse error'})` },
  );
  socket.end(`HTTP/1.1 ${status}\r\nContent-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`);
}

/** A failed listen() as a configuration error naming PORT/HOST (instead of a stack trace). */
function listenError(err: unknown, config: Config): unknown {
  const code = (err as NodeJS.ErrnoException).code;
  const where = `PORT=${config.port} HOST=${config.host}`;
  const reasons: Record<string, string> = {
    EADDRINUSE: `${where}: the address is already in use (another hookbridge or another program listens there); stop it or choose another PORT`,
    EACCES: `${where}: not allowed to listen there (ports below 1024 need privileges); choose a PORT of 1024 or more`,
    EADDRNOTAVAIL: `${where}: HOST is not an address of this machine; use 0.0.0.0 (every interface) or 127.0.0.1`,
  };
  return code !== undefined && reasons[code] ? new ConfigError([reasons[code]]) : err;
}

/** Composition root: store → renderer → senders → worker → HTTP app → listen. */
export async function startServer(config: Config, options: StartOptions = {}): Promise<RunningServer> {
  const logger: Logger = options.logger ?? createLogger(config.logLevel);
  if (config.frontDoor.tls) loadTlsMaterial(config.frontDoor.tls); // unusable files stop start-up before anything opens
  const stores = await openStores(config, logger); // DATABASE_URL: Postgres; else the DATA_FILE lowdb file
  const { store, hooks } = stores;
  const templatesDir = options.templatesDir ?? 'templates';
  const renderer = createCustomRenderer({
    base: createRenderer({ templatesDir, publicUrl: config.publicUrl }), templatesDir, hooks, logger, publicUrl: config.publicUrl,
  });
  const worker = new DeliveryWorker({
    store,
    renderer,
    senders: createSenders(config, logger, options.delivery?.senderTimeoutMs, stores.discordPacer),
    logger,
    concurrency: config.deliveryConcurrency,
    stormThreshold: config.stormThreshold,
    retryPolicy: options.delivery?.retrySchedule ? createRetryPolicy(options.delivery.retrySchedule) : undefined,
    rates: options.delivery?.rates,
  });
  if (config.github.secrets.length === 0) {
    logger.warn({}, 'GITHUB_WEBHOOK_SECRET is not set: GitHub webhooks are disabled (POST /webhooks/github answers 404)');
  }
  if (!config.adminToken) logger.info({}, 'ADMIN_TOKEN is not set: the admin API (/api/*) is off');
  const uptime = createUptime({
    config: config.uptime, store, logger, adminToken: config.adminToken, onDeliveriesQueued: () => worker.poke(),
    ...(stores.monitors ? { monitors: stores.monitors } : {}), ...(stores.isMonitorLeader ? { isLeader: stores.isMonitorLeader } : {}),
  });
  const paymentsOff = [
    config.stripe.secrets.length === 0 ? 'STRIPE_WEBHOOK_SECRET is not set: Stripe webhooks are disabled (POST /webhooks/stripe answers 404)' : null,
    config.paypal.webhookId ? null : 'PAYPAL_WEBHOOK_ID is not set: PayPal webhooks are disabled (POST /webhooks/paypal answers 404)',
  ].filter((m): m is string => m !== null);
  if (paymentsOff.length > 0) logger.info({}, paymentsOff.join('; '));

  const app = createApp({
    store,
    logger,
    githubSecrets: config.github.secrets,
    stripeSecrets: config.stripe.secrets,
    paypal: { webhookId: config.paypal.webhookId, fetchCertificate: options.paypalCertificateFetcher },
    adminToken: config.adminToken,
    onDeliveriesQueued: (channels) => worker.poke(channels),
    deliveryStats: () => worker.stats.snapshot(),
    hookExists: (name) => hooks.exists(name),
    refuseSite: (url) => uptime.refuseSite(url),
    routers: [
      ...createChatRouters(config, store, logger, uptime, hooks),
      ...uptime.routers,
      ...customHooksRouters({
        hooks, store, adminToken: config.adminToken, publicUrl: config.publicUrl,
        checkTemplate: renderer.checkTemplate, onDeliveriesQueued: (channels) => worker.poke(channels),
      }),
    ],
    frontDoor: config.frontDoor,
  });
  const listening = createServerFor(config.frontDoor.tls, app.callback(), logger);
  const { server } = listening;
  server.requestTimeout = 30_000;
  server.on('clientError', answerClientError);
  try {
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(config.port, config.host, () => resolve());
    });
  } catch (err) {
    listening.dispose();
    await store.close();
    throw listenError(err, config);
  }
  worker.start();
  stores.onDeliveriesQueued?.(() => worker.poke()); // queued by another instance sharing the database
  uptime.start();
  const address = server.address() as AddressInfo;
  const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  const url = `${listening.scheme}://${host === '0.0.0.0' || host === '[::]' ? '127.0.0.1' : host}:${address.port}`;
  logger.info({ url, store: config.databaseUrl ? 'postgres' : 'lowdb', location: stores.location }, 'hookbridge is listening');

  let stopping: Promise<void> | null = null;
  const stop = () => {
    stopping ??= (async () => {
      listening.dispose();
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeIdleConnections();
      });
      await uptime.stop();
      await worker.stop();
      await store.close();
    })();
    return stopping;
  };
  return { server, url, store, worker, stop };
}
