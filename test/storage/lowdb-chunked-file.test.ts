import assert from 'node:assert/strict';
import { readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { jsonChunks, writeFileInChunks } from '../../src/storage/lowdb/chunked-file.ts';
import { makeTempDir } from '../helpers/temp-dir.ts';

async function text(chunks: AsyncIterable<string>): Promise<{ text: string; count: number }> {
  let out = '';
  let count = 0;
  for await (const c of chunks) {
    out += c;
    count += 1;
  }
  return { text: out, count };
}

describe('lowdb file written in chunks', () => {
  let dir: string;
  let cleanup: () => Promise<void>;
  beforeEach(async () => ({ dir, cleanup } = await makeTempDir()));
  afterEach(() => cleanup());

  it('produces the same JSON as JSON.stringify, in many small pieces', async () => {
    const events = Array.from({ length: 1234 }, (_, i) => ({ id: `e${i}`, text: `quote " backslash \\ nul \u0000 ${i}` }));
    const seen = new Map(Array.from({ length: 12_345 }, (_, i) => [`github:${i}`, `2026-11-25T00:00:${String(i % 60).padStart(2, '0')}Z`]));
    const image = { version: 1, subscriptions: [], events, seen, deliveries: [], empty: [], gone: undefined };
    const { text: json, count } = await text(jsonChunks(image));
    assert.deepEqual(JSON.parse(json), { version: 1, subscriptions: [], events, seen: Object.fromEntries(seen), deliveries: [], empty: [] });
    assert.ok(count > 10, `serialized in slices: ${count} chunks`);
  });

  it('replaces the file atomically and leaves no temporary file behind', async () => {
    const file = join(dir, 'hookbridge.json');
    await writeFile(file, '{"old":true}');
    async function* chunks() {
      yield '{"items":[';
      for (let i = 0; i < 2000; i++) yield `${i === 0 ? '' : ','}"${'x'.repeat(200)}"`;
      yield ']}';
    }
    const bytes = await writeFileInChunks(file, chunks());
    const written = await readFile(file, 'utf8');
    assert.equal(bytes, Buffer.byteLength(written));
    assert.equal((JSON.parse(written) as { items: string[] }).items.length, 2000);
    assert.deepEqual(await readdir(dir), ['hookbridge.json']);
  });

  it('keeps the old file when producing the new one fails midway', async () => {
    const file = join(dir, 'hookbridge.json');
    await writeFile(file, '{"old":true}');
    async function* failing() {
      yield '{"items":[';
      throw new Error('serializing failed');
    }
    await assert.rejects(writeFileInChunks(file, failing()), /serializing failed/);
    assert.equal(await readFile(file, 'utf8'), '{"old":true}');
    assert.deepEqual(await readdir(dir), ['hookbridge.json'], 'the half-written temporary file is removed');
  });
});
