/**
 * Turning command input into ParsedCommand: Slack's text grammar (PRODUCT.md "Slash commands")
 * and Discord's subcommands/options. Only the grammar is checked here; targets, feature words and
 * filters are validated by executeCommand so both platforms get the same answers.
 */
import { SOURCES, isSource, type Source } from '../events/normalized-event.ts';
import { didYouMean } from '../subscriptions/suggest.ts';
import { tokenizeCommandText } from '../subscriptions/tokenize.ts';
import { COMMAND_NAMES, type CommandName, type ParsedCommand, type UsageError } from './types.ts';

export type SlackCommandName = '/subscribe' | '/unsubscribe' | '/subscriptions' | '/recent';

const HELP_WORDS = new Set(['help', '-h', '--help', '?']);

/** Slack sends `&`, `<`, `>` as HTML entities in command text. */
function unescapeSlack(text: string): string {
  return text.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');
}

function unknownSource(command: CommandName, word: string): UsageError {
  let hint = didYouMean(word.toLowerCase(), SOURCES);
  if (hint === '' && /^(https?:\/\/)?(www\.)?github\.com\/|^[\w.-]+\/[\w.*-]+$/i.test(word)) hint = ` Did you mean "/${command} github ${word}"?`;
  else if (hint === '' && /^https?:\/\//i.test(word)) hint = ` Did you mean "/${command} uptime ${word}"?`;
  return { kind: 'usage', command, error: `Unknown source "${word}".${hint} Sources: ${SOURCES.join(', ')}.` };
}

/** Stripe and PayPal targets are optional: the first word is a target only when it looks like one. */
function looksLikeOptionalTarget(source: Source, word: string | undefined): boolean {
  if (word === undefined) return false;
  if (source === 'stripe') return word === '*' || /^acct_/i.test(word);
  if (source === 'paypal') return word === '*';
  return true;
}

/** Splits `<target> words…` for a source (stripe/paypal: target optional). */
export function splitTargetAndWords(source: Source, words: readonly string[]): { target?: string; words: string[] } {
  const [first, ...rest] = words;
  if (first !== undefined && looksLikeOptionalTarget(source, first)) return { target: first, words: rest };
  return { words: [...words] };
}

function parseSubscribe(command: 'subscribe' | 'unsubscribe', tokens: string[]): ParsedCommand | UsageError {
  const [first, ...rest] = tokens;
  if (first === undefined) return { kind: 'usage', command, error: null };
  if (HELP_WORDS.has(first.toLowerCase())) {
    const topic = rest[0]?.toLowerCase();
    return { kind: 'help', topic: topic !== undefined && isSource(topic) ? topic : command };
  }
  const source = first.toLowerCase();
  if (!isSource(source)) return unknownSource(command, first);
  if (rest.length === 1 && HELP_WORDS.has(rest[0]!.toLowerCase())) return { kind: 'help', topic: source };
  return command === 'subscribe' ? { kind: 'subscribe', source, ...splitTargetAndWords(source, rest) } : { kind: 'unsubscribe', source, ...splitTargetAndWords(source, rest) };
}

function parseRecent(tokens: string[]): ParsedCommand | UsageError {
  let count: number | undefined;
  let source: Source | undefined;
  for (const token of tokens) {
    const word = token.toLowerCase();
    if (HELP_WORDS.has(word)) return { kind: 'help', topic: 'recent' };
    if (/^[+-]?\d+$/.test(word) && count === undefined) count = Number(word);
    else if (isSource(word) && source === undefined) source = word;
    else if (isSource(word)) return { kind: 'usage', command: 'recent', error: `Give one source at most (got ${source} and ${word}).` };
    else if (/^[+-]?\d+$/.test(word)) return { kind: 'usage', command: 'recent', error: `Give one count at most (got ${count} and ${token}).` };
    else if (/^\d/.test(word)) return { kind: 'usage', command: 'recent', error: `"${token}" is not a number of events (1–25).` };
    else return { kind: 'usage', command: 'recent', error: `"${token}" is not a count or a source.${didYouMean(word, SOURCES)} Sources: ${SOURCES.join(', ')}.` };
  }
  return { kind: 'recent', ...(count !== undefined ? { count } : {}), ...(source !== undefined ? { source } : {}) };
}

/** Parses a Slack slash command's text. Never throws. */
export function parseSlackCommand(commandName: SlackCommandName | string, text: string): ParsedCommand | UsageError {
  const name = commandName.replace(/^\//, '').toLowerCase();
  const tokens = tokenizeCommandText(unescapeSlack(text ?? ''));
  switch (name) {
    case 'subscribe':
    case 'unsubscribe':
      return parseSubscribe(name, tokens);
    case 'subscriptions': {
      const word = tokens[0]?.toLowerCase();
      if (word === undefined) return { kind: 'subscriptions' };
      if (HELP_WORDS.has(word)) return { kind: 'help', topic: 'subscriptions' };
      if (tokens.length === 1 && isSource(word)) return { kind: 'subscriptions', source: word };
      return { kind: 'usage', command: 'subscriptions', error: `/subscriptions takes no arguments except an optional source (got "${tokens.join(' ')}").` };
    }
    case 'recent':
      return parseRecent(tokens);
    default:
      return { kind: 'help' };
  }
}

export type DiscordOptionValue = string | number | boolean | null | undefined;

/**
 * Builds a command from a Discord interaction: `name` is the command (`subscribe`, …),
 * `subcommand` the source for subscribe/unsubscribe, `options` the option values by name
 * (`repo`, `url`, `name`, `features`, `count`, `source`).
 */
export function parseDiscordCommand(name: string, subcommand: string | null | undefined, options: Record<string, DiscordOptionValue>): ParsedCommand | UsageError {
  const command = name.replace(/^\//, '').toLowerCase();
  const text = (key: string): string | undefined => {
    const v = options[key];
    return v === undefined || v === null || v === '' ? undefined : String(v);
  };
  if (command === 'subscribe' || command === 'unsubscribe') {
    const source = (subcommand ?? '').toLowerCase();
    if (source === '') return { kind: 'usage', command, error: null };
    if (!isSource(source)) return unknownSource(command, source);
    const words = tokenizeCommandText(text('features') ?? '');
    const target = text('repo') ?? text('url') ?? text('name') ?? text('target');
    if (target !== undefined) return { kind: command, source, target: target.trim(), words };
    return { kind: command, source, ...splitTargetAndWords(source, words) };
  }
  if (command === 'subscriptions') {
    const source = text('source')?.toLowerCase();
    if (source === undefined || source === '') return { kind: 'subscriptions' };
    return isSource(source) ? { kind: 'subscriptions', source } : unknownSource('subscriptions', source);
  }
  if (command === 'recent') {
    const count = options.count;
    const source = text('source')?.toLowerCase();
    if (count !== undefined && count !== null && (typeof count !== 'number' || !Number.isInteger(count))) {
      return { kind: 'usage', command: 'recent', error: `"${String(count)}" is not a number of events (1–25).` };
    }
    if (source !== undefined && !isSource(source)) return parseRecent([source]);
    return { kind: 'recent', ...(typeof count === 'number' ? { count } : {}), ...(source !== undefined ? { source } : {}) };
  }
  const topic = (COMMAND_NAMES as readonly string[]).includes(command) ? (command as CommandName) : undefined;
  return { kind: 'help', ...(topic ? { topic } : {}) };
}
