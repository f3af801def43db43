/**
 * The Renderer: templates/<source>/<type>.liquid, loaded and compiled once at creation (a broken
 * template stops start-up with its file name), rendered per event and platform.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import type { PlatformPayload } from '../delivery/message-sender.ts';
import { SOURCES, type NormalizedEvent, type Source } from '../events/normalized-event.ts';
import type { Platform } from '../subscriptions/subscription.ts';
import { COLOR_VALUES } from './colors.ts';
import {
  compileTemplate, createEngines, renderCompiled,
  type CompiledTemplate, type RenderedMessage, type TemplateEngines,
} from './compile-template.ts';
import { buildDiscordPayload } from './discord-payload.ts';
import { sanitizeUrl } from './escape.ts';
import type { Renderer } from './renderer.ts';
import { buildSlackPayload } from './slack-payload.ts';

export interface RendererOptions {
  /** Directory holding `<source>/<type>.liquid` (e.g. `./templates`). */
  templatesDir: string;
  /** PUBLIC_URL, offered to templates as `hookbridge.public_url`. */
  publicUrl?: string | null;
  /** Called when a template fails at render time; the event is then posted with its summary. */
  onError?: (error: unknown, event: NormalizedEvent) => void;
}

const SOURCE_NAMES: Record<Source, string> = {
  github: 'GitHub', stripe: 'Stripe', paypal: 'PayPal', uptime: 'Uptime', custom: 'Webhook',
};

export function toPlatformPayload(message: RenderedMessage, platform: Platform): PlatformPayload {
  return platform === 'discord'
    ? { platform, body: buildDiscordPayload(message) }
    : { platform, body: buildSlackPayload(message) };
}

/**
 * Compiles every `<source>/<type>.liquid` under templatesDir; throws TemplateError naming the
 * file. Files starting with `_` are partials for `{% render %}`/`{% include %}`, not event types.
 */
export function loadTemplates(templatesDir: string, engines: TemplateEngines): Map<string, CompiledTemplate> {
  if (!existsSync(templatesDir) || !statSync(templatesDir).isDirectory()) {
    throw new Error(`templates directory not found: ${templatesDir}`);
  }
  const templates = new Map<string, CompiledTemplate>();
  for (const source of SOURCES) {
    const dir = path.join(templatesDir, source);
    if (!existsSync(dir)) continue;
    for (const name of readdirSync(dir).filter((n) => n.endsWith('.liquid') && !n.startsWith('_')).sort()) {
      const file = path.join(dir, name);
      templates.set(`${source}/${name.slice(0, -'.liquid'.length)}`, compileTemplate(engines, readFileSync(file, 'utf8'), file));
    }
  }
  return templates;
}

function fallbackMessage(event: NormalizedEvent, footer: string): RenderedMessage | null {
  const title = event.summary.trim();
  if (title === '') return null;
  const url = sanitizeUrl(event.url);
  return { title, url, color: COLOR_VALUES.neutral, footer, fields: [], body: '', timestamp: event.receivedAt };
}

export function createRenderer(options: RendererOptions): Renderer {
  const templatesDir = path.resolve(options.templatesDir);
  const engines = createEngines(templatesDir);
  const templates = loadTemplates(templatesDir, engines);
  return {
    async render(event: NormalizedEvent, platform: Platform): Promise<PlatformPayload | null> {
      const compiled = templates.get(`${event.source}/${event.type}`);
      if (!compiled) return null;
      const defaultFooter = `hookbridge · ${SOURCE_NAMES[event.source] ?? event.source}`;
      let message: RenderedMessage | null;
      try {
        message = await renderCompiled(engines, compiled, event, platform, {
          publicUrl: options.publicUrl ?? null, defaultFooter,
        });
      } catch (error) {
        options.onError?.(error, event);
        message = fallbackMessage(event, defaultFooter);
      }
      return message === null ? null : toPlatformPayload(message, platform);
    },
  };
}
