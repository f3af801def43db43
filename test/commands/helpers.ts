import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { NormalizedEvent } from '../../src/events/normalized-event.ts';
import type { Delivery, Store } from '../../src/storage/store.ts';
import { openLowdbStore } from '../../src/storage/lowdb-store.ts';
import { executeCommand } from '../../src/commands/execute.ts';
import { parseSlackCommand, type SlackCommandName } from '../../src/commands/parse.ts';
import type { CommandContext, CommandDeps, CommandReply } from '../../src/commands/types.ts';

/** The real lowdb store on a temp file. */
export async function tempStore(): Promise<{ store: Store; cleanup: () => Promise<void> }> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'hookbridge-commands-'));
  const store = await openLowdbStore(path.join(dir, 'db.json'));
  return {
    store,
    cleanup: async () => {
      await store.close();
      await rm(dir, { recursive: true, force: true });
    },
  };
}

export function slackCtx(overrides: Partial<CommandContext> = {}): CommandContext {
  return { platform: 'slack', workspace: 'T1', channel: 'C111', channelName: 'general', userId: 'U1', canManage: true, ...overrides };
}

export function discordCtx(overrides: Partial<CommandContext> = {}): CommandContext {
  return { platform: 'discord', workspace: 'G1', channel: '100000000000000001', channelName: 'general', userId: '42', canManage: true, ...overrides };
}

/** Runs a Slack-style command line like "/subscribe github acme/api reviews". */
export function run(ctx: CommandContext, line: string, deps: CommandDeps): Promise<CommandReply> {
  const [name, ...rest] = line.split(' ');
  return executeCommand(ctx, parseSlackCommand(name as SlackCommandName, rest.join(' ')), deps);
}

/** Records an event as delivered to a channel, so /recent sees it. */
export async function deliverTo(store: Store, ctx: CommandContext, event: NormalizedEvent, status: Delivery['status'] = 'delivered'): Promise<void> {
  const delivery: Delivery = {
    id: `d-${event.id}-${ctx.channel}`,
    eventId: event.id,
    subscriptionId: 'sub',
    platform: ctx.platform,
    workspace: ctx.workspace,
    channel: ctx.channel,
    status,
    attempts: 1,
    nextAttemptAt: event.receivedAt,
    lastError: null,
    createdAt: event.receivedAt,
    deliveredAt: event.receivedAt,
    messageId: 'm',
  };
  await store.recordEvent(event, [delivery]);
}
