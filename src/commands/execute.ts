/** The single entry point for both chat platforms. */
import { buildReply } from './format.ts';
import { helpReply, usageReply } from './help/usage.ts';
import { runRecent } from './recent.ts';
import { runSubscribe } from './subscribe.ts';
import { runSubscriptions } from './subscriptions.ts';
import { runUnsubscribe } from './unsubscribe.ts';
import type { CommandContext, CommandDeps, CommandReply, ParsedCommand, UsageError } from './types.ts';

/**
 * Runs a parsed command (or answers a usage error) for one channel. Everything is scoped to
 * (ctx.platform, ctx.workspace, ctx.channel). Never throws: unexpected errors are passed to
 * deps.onError and answered with a short apology.
 */
export async function executeCommand(ctx: CommandContext, command: ParsedCommand | UsageError, deps: CommandDeps): Promise<CommandReply> {
  try {
    switch (command.kind) {
      case 'usage':
        return usageReply(ctx.platform, command);
      case 'help':
        return helpReply(ctx.platform, command.topic);
      case 'subscribe':
        return await runSubscribe(ctx, command, deps);
      case 'unsubscribe':
        return await runUnsubscribe(ctx, command, deps);
      case 'subscriptions':
        return await runSubscriptions(ctx, command.source, deps);
      case 'recent':
        return await runRecent(ctx, command.count, command.source, deps);
    }
  } catch (error) {
    try {
      deps.onError?.(error, command);
    } catch {
      // the error reporter must not turn a reply into a failure
    }
    const name = command.kind === 'usage' ? command.command : command.kind;
    return buildReply(false, ctx.platform, () => [[`Sorry, something went wrong while handling /${name}. Nothing was changed unless said otherwise; please try again in a moment.`]]);
  }
}
