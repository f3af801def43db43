import assert from 'node:assert/strict';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { hooksCommand, type CliOutput } from '../../../src/cli/hooks-command.ts';
import { ADMIN_TOKEN, startTestServer, type TestServer } from '../../helpers/test-server.ts';
import { makeTempDir } from '../../helpers/temp-dir.ts';

function capture(): CliOutput & { lines: string[]; errors: string[] } {
  const lines: string[] = [];
  const errors: string[] = [];
  return { lines, errors, log: (l) => lines.push(l), error: (l) => errors.push(l) };
}

describe('hookbridge hooks (CLI)', () => {
  let server: TestServer;
  let temp: { dir: string; cleanup: () => Promise<void> };
  const config = { adminToken: ADMIN_TOKEN, port: 3000 };
  const run = async (...args: string[]) => {
    const out = capture();
    const code = await hooksCommand([...args, '--url', server.url], config, out);
    return { code, out };
  };
  beforeEach(async () => {
    server = await startTestServer();
    temp = await makeTempDir();
  });
  afterEach(async () => {
    await server.cleanup();
    await temp.cleanup();
  });

  it('creates, lists, rotates and deletes hooks through the admin API', async () => {
    const template = join(temp.dir, 'deploys.liquid');
    await writeFile(template, 'title: Deployed {{ body.version }}');
    const created = await run('create', 'deploys', '--template-file', template);
    assert.equal(created.code, 0, created.out.errors.join('\n'));
    const text = created.out.lines.join('\n');
    assert.match(text, /Hook deploys created/);
    const url = /URL \(token, keep it secret\): +(\S+)/.exec(text)![1]!;
    assert.match(/Secret .*: (whsec_\S+)/.exec(text)![1]!, /^whsec_/);
    assert.equal((await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"version":"1"}' })).status, 202);

    const listed = await run('list');
    assert.equal(listed.code, 0);
    assert.match(listed.out.lines[0]!, /^deploys +http:\/\/127\.0\.0\.1:\d+\/webhooks\/custom\/deploys +own template/);
    assert.equal(listed.out.lines.at(-1), '1 hook');

    const rotated = await run('rotate', 'deploys');
    assert.equal(rotated.code, 0);
    assert.match(rotated.out.lines.join('\n'), /rotated: the old URL and secret no longer work/);
    assert.equal((await fetch(url, { method: 'POST', body: '{}' })).status, 401);

    assert.equal((await run('delete', 'deploys')).code, 0);
    const again = await run('delete', 'deploys');
    assert.equal(again.code, 1);
    assert.match(again.out.errors[0]!, /answered 404/);
  });

  it('explains what is missing', async () => {
    const noToken = capture();
    assert.equal(await hooksCommand(['list'], { adminToken: undefined, port: 3000 }, noToken), 2);
    assert.match(noToken.errors[0]!, /ADMIN_TOKEN is not set/);
    assert.equal((await run('create')).code, 2, 'create needs a name');
    assert.equal((await run('frobnicate')).code, 2);
    const bad = await run('create', 'has space');
    assert.equal(bad.code, 1);
    assert.match(bad.out.errors[0]!, /400: name/);
    const down = capture();
    assert.equal(await hooksCommand(['list', '--url', 'http://127.0.0.1:9'], config, down), 1);
    assert.match(down.errors[0]!, /Could not reach/);
  });
});
