/**
 * Compiles a template file once per rendering context, and renders an event with it into a
 * RenderedMessage: plain title/url/colour/footer, platform-markup fields and body.
 */
import { Liquid, type Template } from 'liquidjs';
import type { NormalizedEvent } from '../events/normalized-event.ts';
import type { Platform } from '../subscriptions/subscription.ts';
import { parseColor } from './colors.ts';
import { escapeKey, escapeValue, mapStrings, sanitizeUrl } from './escape.ts';
import { createFilters, type RenderContextKind } from './filters.ts';
import type { MessageField } from './message.ts';
import { parseTemplateFile, TemplateError } from './template-file.ts';

export type TemplateEngines = Record<RenderContextKind, Liquid>;

/** A platform-neutral message; `body` and field values are already in the platform's markup. */
export interface RenderedMessage {
  title: string;
  url: string | null;
  color: number;
  footer: string;
  fields: MessageField[];
  body: string;
  timestamp: string | null;
}

interface MarkdownParts {
  fields: Array<{ name: string; inline: boolean; template: Template[] }>;
  body: Template[];
}

export interface CompiledTemplate {
  file: string;
  plain: { title: Template[]; url: Template[]; color: Template[]; footer: Template[] };
  markdown: Record<Platform, MarkdownParts>;
}

/** Three engines (plain, discord, slack) with their filters; includes resolve only in templatesDir. */
export function createEngines(templatesDir: string): TemplateEngines {
  const make = (kind: RenderContextKind): Liquid => {
    const engine = new Liquid({
      root: [templatesDir], partials: [templatesDir], layouts: [templatesDir],
      relativeReference: false, extname: '.liquid', cache: true,
      strictFilters: true, strictVariables: false, ownPropertyOnly: true,
      renderLimit: 2000, parseLimit: 1e6, memoryLimit: 1e8,
    });
    for (const [name, filter] of Object.entries(createFilters(kind))) engine.registerFilter(name, filter);
    return engine;
  };
  return { plain: make('plain'), discord: make('discord'), slack: make('slack') };
}

export function compileTemplate(engines: TemplateEngines, text: string, file: string): CompiledTemplate {
  const source = parseTemplateFile(text, file);
  const parse = (engine: Liquid, part: string, what: string): Template[] => {
    try {
      return engine.parse(part, file);
    } catch (error) {
      throw new TemplateError(file, null, `${what}: ${(error as Error).message}`);
    }
  };
  const markdown = (engine: Liquid): MarkdownParts => ({
    fields: source.fields.map((f) => ({ name: f.name, inline: f.inline, template: parse(engine, f.source, `field ${f.name}`) })),
    body: parse(engine, source.body, 'body'),
  });
  return {
    file,
    plain: {
      title: parse(engines.plain, source.title, 'title'),
      url: parse(engines.plain, source.url, 'url'),
      color: parse(engines.plain, source.color, 'color'),
      footer: parse(engines.plain, source.footer, 'footer'),
    },
    markdown: { discord: markdown(engines.discord), slack: markdown(engines.slack) },
  };
}

export interface RenderOptions {
  publicUrl?: string | null;
  defaultFooter: string;
}

function oneLine(value: unknown): string {
  return String(value ?? '').replace(/\s+/g, ' ').trim();
}

function tidyBody(value: unknown): string {
  return String(value ?? '').replace(/[ \t]+$/gm, '').replace(/\n{3,}/g, '\n\n').trim();
}

export function templateScope(event: NormalizedEvent, publicUrl: string | null): Record<string, unknown> {
  const { summary, type, action, source, url, receivedAt } = event;
  return {
    ...event.data,
    event: { summary, type, action, source, url, receivedAt },
    hookbridge: { public_url: publicUrl },
  };
}

/** Renders one event; null when the title renders empty (the event is not posted). */
export async function renderCompiled(
  engines: TemplateEngines, compiled: CompiledTemplate, event: NormalizedEvent,
  platform: Platform, options: RenderOptions,
): Promise<RenderedMessage | null> {
  const scope = templateScope(event, options.publicUrl ?? null);
  const plain = engines.plain;
  const title = oneLine(await plain.render(compiled.plain.title, scope));
  if (title === '') return null;
  const markdownScope = mapStrings(scope, (s) => escapeValue(platform, s), (k) => escapeKey(platform, k));
  const engine = engines[platform];
  const parts = compiled.markdown[platform];
  const fields: MessageField[] = [];
  for (const field of parts.fields) {
    const value = tidyBody(await engine.render(field.template, markdownScope));
    if (value !== '') fields.push({ name: field.name, value, inline: field.inline });
  }
  return {
    title,
    url: sanitizeUrl(oneLine(await plain.render(compiled.plain.url, scope))),
    color: parseColor(oneLine(await plain.render(compiled.plain.color, scope))),
    footer: oneLine(await plain.render(compiled.plain.footer, scope)) || options.defaultFooter,
    fields,
    body: tidyBody(await engine.render(parts.body, markdownScope)),
    timestamp: event.receivedAt || null,
  };
}
