import { randomUUID } from 'node:crypto';
import { parseArgs } from 'node:util';
import { ConfigError, loadConfig } from '../config/config.ts';
import { loadDotEnv } from '../config/load-dot-env.ts';
import { DataFileError } from '../storage/lowdb/data-file.ts';
import { PostgresStartError } from '../storage/postgres/errors.ts';
import { signSha256 } from '../security/hmac.ts';
import { registerDiscordCommands } from '../platforms/discord/register-commands.ts';
import { startServer } from '../server.ts';
import { serverBase } from './admin-client.ts';
import { deliveriesCommand } from './deliveries-command.ts';
import { hooksCommand } from './hooks-command.ts';
import { migrateCommand } from './migrate-command.ts';
import { readProcessStdin, runCheckSites } from './check-sites.ts';
import { GITHUB_SAMPLES, githubSample } from './samples/github-samples.ts';
import { postSample } from './samples/post-sample.ts';
import { PAYPAL_SAMPLE_NOTE, sendStripeSample, STRIPE_SAMPLES } from './samples/stripe-samples.ts';

const USAGE = `Usage: hookbridge <command> [options]

Commands:
  serve                         run the server (what npm start runs)
  sample github <event> [--url URL]
                                send a correctly signed sample webhook to a running server
                                (default URL: http://127.0.0.1:$PORT)
                                events: ${Object.keys(GITHUB_SAMPLES).join(', ')}
  sample stripe <event> [--url URL]
                                the same for Stripe, signed with STRIPE_WEBHOOK_SECRET
                                events: ${Object.keys(STRIPE_SAMPLES).join(', ')}
                                (no PayPal samples: only PayPal can sign them; use its Webhooks simulator)
  register-commands [--guild <id>]
                                register the Discord slash commands (globally, or in one server)
  check-sites <file> [--json] [--report <url>] [--concurrency N] [--timeout S]
                                check a list of sites (exit 0 all up, 1 any down, 2 bad input);
                                --report posts the results to a server (hookbridge check-sites --help)
  deliveries list|retry|stats   list the outbox, queue dead/failed deliveries again, or show 429s and failures (admin API)
  hooks create|list|rotate|delete [<name>]
                                generic webhooks (admin API; hookbridge hooks --help)
  migrate [--from data/hookbridge.json]
                                create/upgrade the Postgres schema (DATABASE_URL); --from copies
                                a lowdb store into it (hookbridge migrate --help)
  help                          show this help

Configuration comes from environment variables and .env (see .env.example).`;

export async function runCli(argv: string[]): Promise<number> {
  loadDotEnv();
  const [command, ...rest] = argv;
  try {
    switch (command) {
      case 'serve':
        return await serve();
      case 'sample':
        return await sample(rest);
      case 'check-sites':
        return await runCheckSites(rest, { stdout: process.stdout, stderr: process.stderr, readStdin: readProcessStdin });
      case 'deliveries':
        return await deliveriesCommand(rest, loadConfig());
      case 'hooks':
        return await hooksCommand(rest, loadConfig());
      case 'migrate':
        return await migrateCommand(rest, loadConfig());
      case 'register-commands':
        return await registerCommands(rest);
      case undefined:
      case 'help':
      case '--help':
      case '-h':
        console.log(USAGE);
        return 0;
      default:
        console.error(`Unknown command "${command}".\n\n${USAGE}`);
        return 2;
    }
  } catch (err) {
    if (err instanceof ConfigError || err instanceof DataFileError || err instanceof PostgresStartError) {
      console.error(err.message);
      return 1;
    }
    throw err;
  }
}

async function serve(): Promise<number> {
  const config = loadConfig();
  const running = await startServer(config);
  await new Promise<void>((resolve) => {
    const shutdown = (signal: string) => {
      console.error(`${signal} received: finishing in-flight deliveries and flushing the store…`);
      running.stop().then(resolve, (err: unknown) => {
        console.error(err);
        resolve();
      });
    };
    process.once('SIGTERM', () => shutdown('SIGTERM'));
    process.once('SIGINT', () => shutdown('SIGINT'));
  });
  return 0;
}

const SAMPLE_USAGE = `Usage: hookbridge sample github|stripe <event> [--url URL]
Sends a correctly signed sample webhook to a running server (default URL:
http://127.0.0.1:$PORT), signed with GITHUB_WEBHOOK_SECRET or STRIPE_WEBHOOK_SECRET.
github events: ${Object.keys(GITHUB_SAMPLES).join(', ')}
stripe events: ${Object.keys(STRIPE_SAMPLES).join(', ')}`;

async function sample(args: string[]): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({ args, allowPositionals: true, options: { url: { type: 'string' }, help: { type: 'boolean', short: 'h' } } });
  } catch (err) {
    console.error(`${(err as Error).message}\n${SAMPLE_USAGE}`);
    return 2;
  }
  const { values, positionals } = parsed;
  if (values.help) {
    console.log(SAMPLE_USAGE);
    return 0;
  }
  const [source, event] = positionals;
  if (source === 'stripe') {
    const config = loadConfig();
    return sendStripeSample(event, serverBase(config, values.url), config);
  }
  if (source === 'paypal') {
    console.error(PAYPAL_SAMPLE_NOTE);
    return 2;
  }
  if (source !== 'github' || !event) {
    console.error(SAMPLE_USAGE);
    return 2;
  }
  const made = githubSample(event);
  if (!made) {
    console.error(`Unknown GitHub sample "${event}". Try one of: ${Object.keys(GITHUB_SAMPLES).join(', ')}`);
    return 2;
  }
  const config = loadConfig();
  const secret = config.github.secrets[0];
  if (!secret) {
    console.error('GITHUB_WEBHOOK_SECRET is not set: cannot sign the sample (set it to the same value as the server).');
    return 2;
  }
  const base = serverBase(config, values.url);
  const body = JSON.stringify(made.payload);
  return postSample(base, '/webhooks/github', {
    'content-type': 'application/json',
    'user-agent': 'GitHub-Hookshot/hookbridge-sample',
    'x-github-event': made.eventName,
    'x-github-delivery': randomUUID(),
    'x-hub-signature-256': signSha256(secret, body),
  }, body);
}

const REGISTER_USAGE = `Usage: hookbridge register-commands [--guild <id>]
Registers the Discord slash commands with DISCORD_BOT_TOKEN and DISCORD_APPLICATION_ID: globally
(Discord may take a while to show them), or in one server at once with --guild <server id>.`;

async function registerCommands(args: string[]): Promise<number> {
  let values: { guild?: string; help?: boolean };
  try {
    ({ values } = parseArgs({ args, options: { guild: { type: 'string' }, help: { type: 'boolean', short: 'h' } } }));
  } catch (err) {
    console.error(`${(err as Error).message}\n${REGISTER_USAGE}`);
    return 2;
  }
  if (values.help) {
    console.log(REGISTER_USAGE);
    return 0;
  }
  if (values.guild !== undefined && !/^\d{5,25}$/.test(values.guild)) {
    console.error(`--guild must be a numeric server id (got "${values.guild}").`);
    return 2;
  }
  const config = loadConfig();
  const { botToken, applicationId, apiUrl } = config.discord;
  const missing = [botToken ? null : 'DISCORD_BOT_TOKEN', applicationId ? null : 'DISCORD_APPLICATION_ID'].filter((v) => v !== null);
  if (!botToken || !applicationId) {
    console.error(`${missing.join(' and ')} ${missing.length > 1 ? 'are' : 'is'} not set: cannot register Discord commands (see the Discord developer portal, "Bot" and "General Information").`);
    return 2;
  }
  const where = values.guild ? `in server ${values.guild}` : 'globally';
  try {
    const count = await registerDiscordCommands({ token: botToken, applicationId, apiUrl, ...(values.guild ? { guildId: values.guild } : {}) });
    console.log(`Registered ${count} Discord commands ${where}.`);
    return 0;
  } catch (err) {
    console.error(`Could not register the Discord commands at ${apiUrl}: ${(err as Error).message}`);
    return 1;
  }
}
