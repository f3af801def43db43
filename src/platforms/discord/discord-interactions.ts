import Router from '@koa/router';
import type { Context } from 'koa';
import { HttpError } from '../../http/http-error.ts';
import { parseJsonObject, readRawBody } from '../../http/read-raw-body.ts';
import type { Logger } from '../../logging/logger.ts';
import { handleApplicationCommand, type DiscordCommandDeps } from './discord-interactions-commands.ts';
import { checkDiscordSignature, discordPublicKey } from './verify-discord-signature.ts';

/** Interaction payloads are small; Discord's own limit is far below this. */
export const DISCORD_BODY_LIMIT_BYTES = 1024 * 1024;

const PING = 1;
const APPLICATION_COMMAND = 2;
const PONG = 1;

export interface DiscordInteractionsOptions extends DiscordCommandDeps {
  /** DISCORD_PUBLIC_KEY: 64 hex characters. */
  publicKey: string;
  logger: Logger;
  path?: string;
  now?: () => Date;
}

/**
 * `POST /discord/interactions`: verify the Ed25519 signature over the raw bytes (401 otherwise:
 * Discord probes endpoints with bad signatures and drops those that accept them), answer PING with
 * PONG and application commands with an ephemeral message, all inline (Discord waits 3 s).
 */
export function createDiscordInteractionsRouter(options: DiscordInteractionsOptions): Router {
  const key = discordPublicKey(options.publicKey);
  const now = options.now ?? (() => new Date());
  const router = new Router();
  router.post(options.path ?? '/discord/interactions', async (ctx: Context) => {
    const raw = await readRawBody(ctx, DISCORD_BODY_LIMIT_BYTES);
    const problem = checkDiscordSignature({
      publicKey: key,
      signature: ctx.get('x-signature-ed25519') || undefined,
      timestamp: ctx.get('x-signature-timestamp') || undefined,
      rawBody: raw,
      now: now(),
    });
    if (problem) {
      options.logger.warn({ problem, ip: ctx.ip }, 'rejected a Discord interaction that failed signature verification');
      throw new HttpError(401, 'invalid_signature', 'Discord interaction signature is missing, invalid or stale');
    }
    const interaction = parseJsonObject(raw);
    switch (interaction.type) {
      case PING:
        ctx.body = { type: PONG };
        return;
      case APPLICATION_COMMAND:
        ctx.body = await handleApplicationCommand(interaction, { ...options, now });
        return;
      default:
        throw new HttpError(400, 'unsupported_interaction', `Interaction type ${JSON.stringify(interaction.type ?? null)} is not handled`);
    }
  });
  return router;
}
