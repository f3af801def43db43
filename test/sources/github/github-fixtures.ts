/** Real GitHub payloads (@octokit/webhooks-examples) and a renderer over the shipped templates. */
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { NormalizedEvent } from '../../../src/events/normalized-event.ts';
import type { DiscordMessagePayload, SlackMessagePayload } from '../../../src/rendering/message.ts';
import { createRenderer } from '../../../src/rendering/create-renderer.ts';
import type { Renderer } from '../../../src/rendering/renderer.ts';
import { normalizeGithubEvent } from '../../../src/sources/github/normalize-github.ts';

export interface WebhookDefinition {
  name: string;
  examples: Array<Record<string, unknown>>;
}

const require = createRequire(import.meta.url);
export const githubExamples = require('@octokit/webhooks-examples') as WebhookDefinition[];

export const TEMPLATES_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../templates');

/** A deep copy of the first example of `name` (matching `pick`), safe to modify. */
export function example(name: string, pick: (p: Record<string, unknown>) => boolean = () => true): Record<string, unknown> {
  const found = githubExamples.find((d) => d.name === name)?.examples.find(pick);
  if (!found) throw new Error(`no ${name} example`);
  return structuredClone(found);
}

export function normalize(name: string, payload: unknown): NormalizedEvent {
  return normalizeGithubEvent(name, 'delivery-1', payload, new Date('2024-05-01T12:00:00Z'));
}

let shared: Renderer | null = null;
export function renderer(): Renderer {
  shared ??= createRenderer({ templatesDir: TEMPLATES_DIR });
  return shared;
}

export async function renderDiscord(event: NormalizedEvent, r = renderer()): Promise<DiscordMessagePayload | null> {
  const out = await r.render(event, 'discord');
  if (out !== null && out.platform !== 'discord') throw new Error('wrong platform');
  return out?.body ?? null;
}

export async function renderSlack(event: NormalizedEvent, r = renderer()): Promise<SlackMessagePayload | null> {
  const out = await r.render(event, 'slack');
  if (out !== null && out.platform !== 'slack') throw new Error('wrong platform');
  return out?.body ?? null;
}

/** All text of a Discord embed / Slack message, for "nothing raw survives" checks. */
export function discordText(p: DiscordMessagePayload): string {
  return p.embeds.map((e) => [e.title, e.description, e.footer?.text, ...(e.fields ?? []).flatMap((f) => [f.name, f.value])].join('\n')).join('\n') + (p.content ?? '');
}

export function slackText(p: SlackMessagePayload): string {
  const strings: string[] = [p.text];
  const walk = (v: unknown): void => {
    if (typeof v === 'string') strings.push(v);
    else if (Array.isArray(v)) v.forEach(walk);
    else if (v && typeof v === 'object') Object.values(v).forEach(walk);
  };
  walk(p.blocks);
  return strings.join('\n');
}
