import { open, rename, rm } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';

const yieldToLoop = () => new Promise<void>((resolve) => setImmediate(resolve));

/**
 * The JSON text of a data-file image, produced in chunks of a few hundred kB with event-loop
 * turns in between, so serializing a large store never stalls the requests being served.
 * Arrays are copies taken when the image was made; a Map is written as a JSON object.
 */
export async function* jsonChunks(image: Record<string, unknown>): AsyncGenerator<string> {
  let first = true;
  yield '{';
  for (const [key, value] of Object.entries(image)) {
    if (value === undefined) continue;
    const name = `${first ? '' : ','}${JSON.stringify(key)}:`;
    first = false;
    if (Array.isArray(value)) {
      yield `${name}[`;
      for (let i = 0; i < value.length; i += 250) {
        const items = value.slice(i, i + 250).map((item) => JSON.stringify(item));
        yield `${i === 0 ? '' : ','}${items.join(',')}`;
        await yieldToLoop();
      }
      yield ']';
    } else if (value instanceof Map) {
      const entries = [...(value as Map<string, unknown>)];
      yield `${name}{`;
      for (let i = 0; i < entries.length; i += 5000) {
        const pairs = entries.slice(i, i + 5000).map(([k, v]) => `${JSON.stringify(k)}:${JSON.stringify(v)}`);
        yield `${i === 0 ? '' : ','}${pairs.join(',')}`;
        await yieldToLoop();
      }
      yield '}';
    } else {
      yield `${name}${JSON.stringify(value)}`;
    }
  }
  yield '}';
}

/**
 * Replaces `file` atomically with the chunks' text: written chunk by chunk to the temporary file
 * lowdb's own writer uses (`.<name>.tmp`), flushed to disk, then renamed over the file. Unlike a
 * single writeFile of one large string, no step converts megabytes at once on the event loop.
 */
export async function writeFileInChunks(file: string, chunks: AsyncIterable<string>): Promise<number> {
  const temp = join(dirname(file), `.${basename(file)}.tmp`);
  const handle = await open(temp, 'w');
  let bytes = 0;
  try {
    let pending = '';
    for await (const chunk of chunks) {
      pending += chunk;
      if (pending.length < 256 * 1024) continue;
      bytes += (await handle.write(pending)).bytesWritten;
      pending = '';
    }
    if (pending !== '') bytes += (await handle.write(pending)).bytesWritten;
    await handle.datasync();
  } catch (err) {
    await handle.close();
    await rm(temp, { force: true });
    throw err;
  }
  await handle.close();
  await rename(temp, file);
  return bytes;
}
