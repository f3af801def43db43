/** Test helpers: a NormalizedEvent from data, and a renderer over a temporary templates dir. */
import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { JsonObject, NormalizedEvent } from '../../src/events/normalized-event.ts';
import { createRenderer, type RendererOptions } from '../../src/rendering/create-renderer.ts';
import type { Renderer } from '../../src/rendering/renderer.ts';

export function makeEvent(data: JsonObject, overrides: Partial<NormalizedEvent> = {}): NormalizedEvent {
  return {
    id: 'github:1', source: 'github', deliveryId: '1', type: 'test', action: 'opened', feature: 'pulls',
    target: 'acme/api', actor: 'alice', branch: null, defaultBranch: 'main', labels: [],
    summary: '[acme/api] something happened', url: 'https://github.com/acme/api',
    receivedAt: '2024-05-01T12:00:00.000Z', data, ...overrides,
  };
}

export interface TempTemplates {
  dir: string;
  renderer(options?: Partial<RendererOptions>): Renderer;
  cleanup(): void;
}

/** Writes `files` ({"github/test.liquid": "..."}) into a fresh directory. */
export function tempTemplates(files: Record<string, string>): TempTemplates {
  const dir = mkdtempSync(path.join(tmpdir(), 'hookbridge-templates-'));
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
    writeFileSync(path.join(dir, name), text);
  }
  return {
    dir,
    renderer: (options = {}) => createRenderer({ templatesDir: dir, ...options }),
    cleanup: () => rmSync(dir, { recursive: true, force: true }),
  };
}
