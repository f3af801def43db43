import type { App, SlashCommand } from '@slack/bolt';
import { executeCommand, parseSlackCommand, type CommandContext, type CommandDeps } from '../../commands/index.ts';
import type { Logger } from '../../logging/logger.ts';

export const SLACK_COMMANDS = ['/subscribe', '/unsubscribe', '/subscriptions', '/recent'] as const;

/** Slack's channel_name for conversations that have no #name. */
const UNNAMED_CHANNELS = new Set(['directmessage', 'privategroup', 'mpdm']);

export interface SlackCommandDeps extends Pick<CommandDeps, 'store' | 'hooks' | 'uptime'> {
  logger: Logger;
  /** SLACK_ADMIN_USER_IDS: when non-empty, only these users may change subscriptions. */
  adminUserIds: readonly string[];
  now?: () => Date;
}

export interface SlackEphemeral {
  response_type: 'ephemeral';
  text: string;
}

/** The command layer's view of who asked where. */
export function slackCommandContext(command: SlashCommand, adminUserIds: readonly string[]): CommandContext {
  const name = command.channel_name;
  return {
    platform: 'slack',
    workspace: command.team_id,
    channel: command.channel_id,
    ...(name && !UNNAMED_CHANNELS.has(name) ? { channelName: name } : {}),
    userId: command.user_id,
    canManage: adminUserIds.length === 0 || adminUserIds.includes(command.user_id),
  };
}

/** Runs one slash command through the platform-neutral layer; never throws. */
export async function answerSlackCommand(command: SlashCommand, deps: SlackCommandDeps): Promise<SlackEphemeral> {
  try {
    const reply = await executeCommand(slackCommandContext(command, deps.adminUserIds), parseSlackCommand(command.command, command.text ?? ''), {
      store: deps.store,
      ...(deps.hooks ? { hooks: deps.hooks } : {}),
      ...(deps.uptime ? { uptime: deps.uptime } : {}),
      ...(deps.now ? { now: deps.now } : {}),
      onError: (err) => deps.logger.error({ err, command: command.command }, 'Slack command failed'),
    });
    return { response_type: 'ephemeral', text: reply.slack };
  } catch (err) {
    deps.logger.error({ err, command: command.command }, 'Slack command failed');
    return { response_type: 'ephemeral', text: 'Sorry, something went wrong while running that command. Please try again in a moment.' };
  }
}

/**
 * Registers the four commands on a Bolt App. The command layer only touches the store, so the
 * answer is the acknowledgement itself (well within Slack's 3 s).
 */
export function registerSlackCommands(app: App, deps: SlackCommandDeps): void {
  for (const name of SLACK_COMMANDS) {
    app.command(name, async ({ command, ack }) => {
      await ack(await answerSlackCommand(command, deps));
    });
  }
}
