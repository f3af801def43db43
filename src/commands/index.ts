/** Public API of the platform-neutral command layer. */
export { executeCommand } from './execute.ts';
export { parseDiscordCommand, parseSlackCommand, splitTargetAndWords, type DiscordOptionValue, type SlackCommandName } from './parse.ts';
export { helpReply, usageReply, commandExample, DISCORD_TARGET_OPTION } from './help/usage.ts';
export { escapeDiscord, escapeSlack, formatUtc } from './format.ts';
export { RECENT_DEFAULT, RECENT_MAX } from './recent.ts';
export * from './types.ts';
