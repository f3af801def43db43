/**
 * A bot's request budget shared by every instance that delivers for it. discord.js paces the
 * requests of one process (50/s per bot); several instances on one Postgres database share one
 * bot token, so together they would send 50/s each and trip Discord's global limit. A shared
 * pacer hands out the bot's request slots to all of them.
 */
export interface SharedBotPacer {
  /**
   * Reserves the bot's next free request slot and resolves when it has come. `bot` is an opaque
   * key (a digest of the token, never the token). Rejects when the shared store can't be asked,
   * or when `signal` aborts the wait.
   */
  wait(bot: string, signal?: AbortSignal): Promise<void>;
}

/**
 * Discord allows 50 requests per second per bot. Shared pacing spaces requests evenly below that:
 * 45/s leaves room for requests that leave a little late (a busy event loop) and bunch up, so no
 * one-second window, wherever it starts, sees more than 50.
 */
export const DISCORD_SHARED_REQUESTS_PER_SECOND = 45;
