/** Discord's message body validation, as the API reports it (50035 Invalid Form Body, 50006 empty). */
import { isRecord } from './fake-http.ts';

export interface DiscordApiError {
  status: number;
  body: { code: number; message: string; errors?: Record<string, unknown> };
}

type Path = Array<string | number>;
interface FieldError {
  code: string;
  message: string;
}

/** Discord counts code points, not UTF-16 units. */
const length = (value: string): number => [...value].length;

class ErrorTree {
  readonly root: Record<string, unknown> = {};
  count = 0;

  add(path: Path, code: string, message: string): void {
    let node = this.root;
    for (const key of path) {
      const next = (node[String(key)] ??= {}) as Record<string, unknown>;
      node = next;
    }
    ((node._errors ??= []) as FieldError[]).push({ code, message });
    this.count++;
  }
}

function checkString(tree: ErrorTree, value: unknown, path: Path, max: number, required = false): number {
  if (value === undefined || value === null) {
    if (required) tree.add(path, 'BASE_TYPE_REQUIRED', 'This field is required');
    return 0;
  }
  if (typeof value !== 'string') {
    tree.add(path, 'BASE_TYPE_STRING', 'Could not interpret value as string.');
    return 0;
  }
  if (required && value.trim() === '') tree.add(path, 'BASE_TYPE_REQUIRED', 'This field is required');
  if (length(value) > max) tree.add(path, 'BASE_TYPE_MAX_LENGTH', `Must be ${max} or fewer in length.`);
  return length(value);
}

function checkUrl(tree: ErrorTree, value: unknown, path: Path): void {
  if (value === undefined || value === null) return;
  let ok = false;
  try {
    ok = typeof value === 'string' && ['http:', 'https:'].includes(new URL(value).protocol);
  } catch {
    ok = false;
  }
  if (!ok) tree.add(path, 'URL_TYPE_INVALID_URL', 'Not a well formed URL.');
}

/** Validates one embed; returns its character count towards the 6000 total. */
function checkEmbed(tree: ErrorTree, embed: unknown, path: Path): number {
  if (!isRecord(embed)) {
    tree.add(path, 'DICT_TYPE_CONVERT', 'Only dictionaries may be used in a DictType');
    return 0;
  }
  let total = checkString(tree, embed.title, [...path, 'title'], 256);
  total += checkString(tree, embed.description, [...path, 'description'], 4096);
  checkUrl(tree, embed.url, [...path, 'url']);
  const color = embed.color;
  if (color !== undefined && color !== null) {
    if (typeof color !== 'number' || !Number.isInteger(color) || color < 0 || color > 0xffffff) {
      tree.add([...path, 'color'], 'NUMBER_TYPE_MAX', 'int value should be less than or equal to 16777215.');
    }
  }
  if (embed.timestamp !== undefined && (typeof embed.timestamp !== 'string' || Number.isNaN(Date.parse(embed.timestamp)))) {
    tree.add([...path, 'timestamp'], 'DATE_TYPE_PARSE', 'Could not parse timestamp. Should be ISO8601.');
  }
  if (embed.footer !== undefined) {
    const footer = isRecord(embed.footer) ? embed.footer : {};
    total += checkString(tree, footer.text, [...path, 'footer', 'text'], 2048, true);
  }
  if (embed.author !== undefined) {
    const author = isRecord(embed.author) ? embed.author : {};
    total += checkString(tree, author.name, [...path, 'author', 'name'], 256, true);
  }
  if (embed.fields !== undefined) {
    const fields = Array.isArray(embed.fields) ? (embed.fields as unknown[]) : [];
    if (fields.length > 25) tree.add([...path, 'fields'], 'BASE_TYPE_MAX_LENGTH', 'Must be 25 or fewer in length.');
    fields.forEach((field, i) => {
      const f = isRecord(field) ? field : {};
      total += checkString(tree, f.name, [...path, 'fields', i, 'name'], 256, true);
      total += checkString(tree, f.value, [...path, 'fields', i, 'value'], 1024, true);
      if (f.inline !== undefined && typeof f.inline !== 'boolean') {
        tree.add([...path, 'fields', i, 'inline'], 'BASE_TYPE_BOOLEAN', 'Must be either true or false.');
      }
    });
  }
  return total;
}

function embedHasContent(embed: unknown): boolean {
  if (!isRecord(embed)) return false;
  return ['title', 'description', 'fields', 'footer', 'author', 'image', 'thumbnail'].some((key) => {
    const value = embed[key];
    return Array.isArray(value) ? value.length > 0 : value !== undefined && value !== null && value !== '';
  });
}

export function isEmptyMessage(body: Record<string, unknown>): boolean {
  const content = typeof body.content === 'string' ? body.content.trim() : '';
  const embeds = Array.isArray(body.embeds) ? (body.embeds as unknown[]) : [];
  return content === '' && !embeds.some(embedHasContent);
}

/**
 * Validates a create (or, with partial=true, edit) message body. Returns the error response
 * Discord would send, or null when the body is acceptable.
 */
export function validateDiscordMessage(body: unknown, partial = false): DiscordApiError | null {
  if (!isRecord(body)) {
    return { status: 400, body: { code: 50109, message: 'The request body contains invalid JSON.' } };
  }
  const tree = new ErrorTree();
  checkString(tree, body.content, ['content'], 2000);
  let embedChars = 0;
  if (body.embeds !== undefined && body.embeds !== null) {
    if (!Array.isArray(body.embeds)) {
      tree.add(['embeds'], 'BASE_TYPE_ARRAY', 'Must be an array.');
    } else {
      if (body.embeds.length > 10) tree.add(['embeds'], 'BASE_TYPE_MAX_LENGTH', 'Must be 10 or fewer in length.');
      body.embeds.forEach((embed: unknown, i: number) => (embedChars += checkEmbed(tree, embed, ['embeds', i])));
      if (embedChars > 6000) {
        tree.add(['embeds'], 'MAX_EMBED_SIZE_EXCEEDED', 'Embed size exceeds maximum size of 6000');
      }
    }
  }
  const nonce = body.nonce;
  if (nonce !== undefined && nonce !== null) {
    if (typeof nonce === 'string') checkString(tree, nonce, ['nonce'], 25);
    else if (typeof nonce !== 'number' || !Number.isInteger(nonce)) {
      tree.add(['nonce'], 'BASE_TYPE_STRING', 'Could not interpret value as string.');
    }
  }
  if (body.enforce_nonce !== undefined && typeof body.enforce_nonce !== 'boolean') {
    tree.add(['enforce_nonce'], 'BASE_TYPE_BOOLEAN', 'Must be either true or false.');
  }
  const mentions = body.allowed_mentions;
  if (mentions !== undefined && isRecord(mentions) && mentions.parse !== undefined) {
    const parse = Array.isArray(mentions.parse) ? (mentions.parse as unknown[]) : [null];
    parse.forEach((value, i) => {
      if (!['roles', 'users', 'everyone'].includes(String(value))) {
        tree.add(['allowed_mentions', 'parse', i], 'ENUM_TYPE_COERCE', `Value "${String(value)}" is not a valid enum value.`);
      }
    });
  }
  if (tree.count > 0) {
    return { status: 400, body: { code: 50035, message: 'Invalid Form Body', errors: tree.root } };
  }
  if (!partial && isEmptyMessage(body)) {
    return { status: 400, body: { code: 50006, message: 'Cannot send an empty message' } };
  }
  return null;
}

export function snowflakeError(field: string, value: string): DiscordApiError {
  const tree = new ErrorTree();
  tree.add([field], 'NUMBER_TYPE_COERCE', `Value "${value}" is not snowflake.`);
  return { status: 400, body: { code: 50035, message: 'Invalid Form Body', errors: tree.root } };
}
