/**
 * The fake Discord API's less busy routes: slash-command registration (PUT bulk overwrite, GET),
 * interaction follow-ups and edits of the original reply (webhook routes), GET /users/@me.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { discordMessage, FAKE_BOT_USER } from './discord-objects.ts';
import { validateDiscordMessage } from './discord-validation.ts';
import { isRecord, parseJson, sendJson } from './fake-http.ts';

export interface RegisteredCommands {
  applicationId: string;
  /** null for global commands. */
  guildId: string | null;
  /** The commands as stored and returned (with ids). */
  commands: Array<Record<string, unknown>>;
  receivedAt: number;
}

export interface ReceivedEdit {
  channel: string;
  messageId: string;
  body: Record<string, unknown>;
  receivedAt: number;
}

export interface ReceivedFollowUp {
  id: string;
  applicationId: string;
  interactionToken: string;
  /** null for a new follow-up, the edited message id ('@original' for the first reply) otherwise. */
  editOf: string | null;
  body: Record<string, unknown>;
  receivedAt: number;
}

export interface DiscordExtrasState {
  readonly commands: RegisteredCommands[];
  readonly edits: ReceivedEdit[];
  readonly followUps: ReceivedFollowUp[];
  nextId(): string;
  authorized(req: IncomingMessage): boolean;
  passesGlobalLimit(res: ServerResponse): boolean;
}

const COMMANDS = /^\/api\/v10\/applications\/([^/]+)(?:\/guilds\/([^/]+))?\/commands$/;
const WEBHOOK = /^\/api\/v10\/webhooks\/([^/]+)\/([^/]+)(?:\/messages\/([^/]+))?$/;
const COMMAND_NAME = /^[-_'\p{L}\p{N}]{1,32}$/u;

/** Handles the route when it is one of these; returns false to let the caller answer. */
export async function handleDiscordExtras(
  state: DiscordExtrasState,
  method: string,
  path: string,
  req: IncomingMessage,
  res: ServerResponse,
  raw: Buffer,
): Promise<boolean> {
  const webhook = WEBHOOK.exec(path);
  if (webhook && ((method === 'POST' && !webhook[3]) || (method === 'PATCH' && webhook[3]))) {
    handleWebhook(state, res, raw, webhook[1] ?? '', webhook[2] ?? '', webhook[3] ?? null);
    return true;
  }
  const commands = COMMANDS.exec(path);
  const isMe = path === '/api/v10/users/@me' && method === 'GET';
  if (!isMe && !(commands && (method === 'PUT' || method === 'GET'))) return false;
  if (!state.authorized(req)) {
    sendJson(res, 401, { message: '401: Unauthorized', code: 0 });
    return true;
  }
  if (!state.passesGlobalLimit(res)) return true;
  if (isMe) {
    sendJson(res, 200, FAKE_BOT_USER);
    return true;
  }
  const applicationId = commands?.[1] ?? '';
  const guildId = commands?.[2] ?? null;
  if (method === 'GET') {
    const latest = state.commands.filter((c) => c.applicationId === applicationId && c.guildId === guildId).at(-1);
    sendJson(res, 200, latest?.commands ?? []);
    return true;
  }
  const parsed = parseJson(raw);
  const error = parsed.ok ? validateCommands(parsed.value) : { code: 50109, message: 'The request body contains invalid JSON.' };
  if (error) {
    sendJson(res, 400, error);
    return true;
  }
  const stored = (parsed.ok ? (parsed.value as Array<Record<string, unknown>>) : []).map((command) => ({
    ...command,
    id: state.nextId(),
    application_id: applicationId,
    ...(guildId ? { guild_id: guildId } : {}),
    type: command.type ?? 1,
    version: state.nextId(),
  }));
  state.commands.push({ applicationId, guildId, commands: stored, receivedAt: Date.now() });
  sendJson(res, 200, stored);
  return true;
}

function handleWebhook(
  state: DiscordExtrasState,
  res: ServerResponse,
  raw: Buffer,
  applicationId: string,
  interactionToken: string,
  editOf: string | null,
): void {
  const parsed = parseJson(raw);
  const body = parsed.ok ? parsed.value : undefined;
  const error = validateDiscordMessage(body, editOf !== null);
  if (error) return sendJson(res, error.status, error.body);
  const record = body as Record<string, unknown>;
  const id = editOf === null || editOf === '@original' ? state.nextId() : editOf;
  state.followUps.push({ id, applicationId, interactionToken, editOf, body: record, receivedAt: Date.now() });
  sendJson(res, 200, { ...discordMessage(id, '0', record, Date.now()), webhook_id: applicationId });
}

/** Bulk-overwrite body checks: an array of at most 100 commands with valid names/descriptions. */
function validateCommands(value: unknown): Record<string, unknown> | null {
  const errors: Record<string, unknown> = {};
  const add = (path: Array<string | number>, code: string, message: string): void => {
    let node = errors;
    for (const key of path) node = (node[String(key)] ??= {}) as Record<string, unknown>;
    ((node._errors ??= []) as unknown[]).push({ code, message });
  };
  if (!Array.isArray(value)) add([], 'BASE_TYPE_ARRAY', 'Must be an array.');
  else {
    if (value.length > 100) add([], 'BASE_TYPE_MAX_LENGTH', 'Must be 100 or fewer in length.');
    value.forEach((command: unknown, i: number) => checkCommand(command, [i], add));
  }
  return Object.keys(errors).length > 0 ? { code: 50035, message: 'Invalid Form Body', errors } : null;
}

type AddError = (path: Array<string | number>, code: string, message: string) => void;

function checkCommand(command: unknown, path: Array<string | number>, add: AddError): void {
  const c = isRecord(command) ? command : {};
  const chatInput = c.type === undefined || c.type === 1;
  const name = typeof c.name === 'string' ? c.name : '';
  if (!COMMAND_NAME.test(name) || (chatInput && name !== name.toLowerCase())) {
    add([...path, 'name'], 'APPLICATION_COMMAND_INVALID_NAME', 'Command name is invalid');
  }
  const description = typeof c.description === 'string' ? c.description : '';
  if (chatInput && (description.length < 1 || description.length > 100)) {
    add([...path, 'description'], 'BASE_TYPE_BAD_LENGTH', 'Must be between 1 and 100 in length.');
  }
  if (c.options !== undefined) {
    const options = Array.isArray(c.options) ? (c.options as unknown[]) : [];
    if (options.length > 25) add([...path, 'options'], 'BASE_TYPE_MAX_LENGTH', 'Must be 25 or fewer in length.');
    options.forEach((option, i) => checkCommand({ ...(isRecord(option) ? option : {}), type: 1 }, [...path, 'options', i], add));
  }
}
