import { REST, Routes } from 'discord.js';
import { buildDiscordCommands } from './command-definitions.ts';

export interface RegisterCommandsOptions {
  token: string;
  applicationId: string;
  /** DISCORD_API_URL (discord.js appends /v10/...). */
  apiUrl: string;
  /** Register in one guild (instant, good for testing) instead of globally. */
  guildId?: string;
}

/** Bulk-overwrites the application's slash commands; resolves to how many Discord stored. */
export async function registerDiscordCommands(options: RegisterCommandsOptions): Promise<number> {
  const rest = new REST({ api: options.apiUrl, retries: 1, timeout: 15_000 }).setToken(options.token);
  const route = options.guildId
    ? Routes.applicationGuildCommands(options.applicationId, options.guildId)
    : Routes.applicationCommands(options.applicationId);
  const stored = await rest.put(route, { body: buildDiscordCommands() });
  return Array.isArray(stored) ? stored.length : 0;
}
