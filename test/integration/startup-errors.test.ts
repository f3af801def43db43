/** Start-up problems an operator meets first: a clear line naming what to change, exit 1, no stack trace. */
import assert from 'node:assert/strict';
import { writeFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:net';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { makeTempDir } from '../helpers/temp-dir.ts';
import { runHookbridge } from './postgres-cluster.ts';

describe('start-up errors (child processes)', function () {
  this.timeout(30_000);
  let temp: { dir: string; cleanup: () => Promise<void> };
  let occupier: Server | undefined;
  beforeEach(async () => {
    temp = await makeTempDir();
  });
  afterEach(async () => {
    await new Promise((r) => (occupier ? occupier.close(r) : r(null)));
    occupier = undefined;
    await temp.cleanup();
  });

  const noStack = (output: string) => assert.doesNotMatch(output, /^\s+at /m, `no stack trace:\n${output}`);

  it('a PORT already in use (a second `npm start`) names PORT and exits 1', async () => {
    occupier = createServer();
    await new Promise<void>((r) => occupier!.listen(0, '127.0.0.1', r));
    const port = (occupier.address() as AddressInfo).port;
    const { code, output } = await runHookbridge(['serve'], { PORT: String(port), HOST: '127.0.0.1', DATA_FILE: join(temp.dir, 'db.json') });
    assert.equal(code, 1, output);
    assert.match(output, new RegExp(`PORT=${port} HOST=127\\.0\\.0\\.1: the address is already in use`));
    noStack(output);
  });

  it('a DATA_FILE under a regular file says to check the path, not to restore a backup', async () => {
    const file = join(temp.dir, 'not-a-dir');
    await writeFile(file, 'x');
    const { code, output } = await runHookbridge(['serve'], { DATA_FILE: join(file, 'db.json') });
    assert.equal(code, 1, output);
    assert.match(output, /DATA_FILE .*not-a-dir\/db\.json cannot be used: .*Check that DATA_FILE names a file/);
    assert.doesNotMatch(output, /restore it from a backup/);
    noStack(output);
  });
});
