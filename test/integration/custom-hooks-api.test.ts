import assert from 'node:assert/strict';
import { startTestServer, type TestServer } from '../helpers/test-server.ts';
import { createHook, eventCount, postJson, postStandard, tokenUrl } from '../sources/custom/hook-client.ts';

describe('generic hooks: admin API', () => {
  let server: TestServer;
  beforeEach(async () => {
    server = await startTestServer({ env: { PUBLIC_URL: 'https://hooks.example.com/' } });
  });
  afterEach(() => server.cleanup());

  it('creates a hook: a whsec_ secret, a token URL on PUBLIC_URL and the signed URL', async () => {
    const res = await server.admin('POST', '/api/hooks', { name: 'Shop-Orders' });
    assert.equal(res.status, 201);
    const hook = (await res.json()) as { name: string; url: string; signedUrl: string; secret: string };
    assert.equal(hook.name, 'shop-orders');
    assert.equal(hook.signedUrl, 'https://hooks.example.com/webhooks/custom/shop-orders');
    const token = hook.url.slice(`${hook.signedUrl}/`.length);
    assert.ok(hook.url.startsWith(`${hook.signedUrl}/`));
    assert.match(token, /^[A-Za-z0-9_-]{32}$/, '192-bit base64url token');
    assert.match(hook.secret, /^whsec_[A-Za-z0-9+/]+={0,2}$/);
    const key = Buffer.from(hook.secret.slice('whsec_'.length), 'base64');
    assert.ok(key.length >= 24 && key.length <= 64, `${key.length} random bytes`);

    const stored = await server.readStoreFiles();
    assert.ok(stored.includes(hook.secret), 'the secret is kept (it signs)');
    assert.ok(!stored.includes(token), 'the token is not: only its hash');
  });

  it('refuses bad names, duplicates and templates that do not compile', async () => {
    const status = async (body: unknown) => {
      const res = await server.admin('POST', '/api/hooks', body);
      return [res.status, ((await res.json()) as { error: string; message: string })] as const;
    };
    assert.equal((await status({ name: 'has space' }))[0], 400);
    assert.equal((await status({ name: '' }))[0], 400);
    assert.equal((await status({}))[0], 400);
    await createHook(server, 'deploys');
    const [dup, dupBody] = await status({ name: 'deploys' });
    assert.equal(dup, 409);
    assert.equal(dupBody.error, 'hook_exists');
    const [bad, badBody] = await status({ name: 'other', template: 'title: {{ title \n---\n' });
    assert.equal(bad, 400);
    assert.equal(badBody.error, 'invalid_template');
    assert.match(badBody.message, /title/);
    const [noTitle] = await status({ name: 'other', template: 'url: {{ url }}\n---\nbody' });
    assert.equal(noTitle, 400, 'a template needs a title line');
    const [unknownFilter] = await status({ name: 'other', template: 'title: {{ title | shout }}' });
    assert.equal(unknownFilter, 400, 'strict filters');
  });

  it('lists hooks without secrets or tokens', async () => {
    const created = await createHook(server, 'ci', 'title: CI {{ body.status }}');
    await createHook(server, 'alerts');
    const res = await server.admin('GET', '/api/hooks');
    assert.equal(res.status, 200);
    const list = (await res.json()) as Array<Record<string, unknown>>;
    assert.deepEqual(list.map((h) => h.name), ['alerts', 'ci']);
    assert.deepEqual(Object.keys(list[1]!).sort(), ['createdAt', 'lastError', 'name', 'rotatedAt', 'signedUrl', 'template']);
    assert.equal(list[1]!.template, 'title: CI {{ body.status }}');
    const text = JSON.stringify(list);
    assert.ok(!text.includes(created.secret) && !text.includes(created.url));
    assert.equal((await server.admin('GET', '/api/hooks/ci')).status, 200);
    assert.equal((await server.admin('GET', '/api/hooks/nope')).status, 404);
  });

  it('rotates: new secret and token, the old ones stop working at once', async () => {
    const old = await createHook(server, 'deploys');
    assert.equal((await postJson(tokenUrl(server, old), { n: 1 })).status, 202);
    const res = await server.admin('POST', '/api/hooks/deploys/rotate');
    assert.equal(res.status, 200);
    const fresh = (await res.json()) as typeof old;
    assert.notEqual(fresh.secret, old.secret);
    assert.notEqual(fresh.url, old.url);
    assert.equal((await postJson(tokenUrl(server, old), { n: 2 })).status, 401);
    assert.equal((await postStandard(server, old, { n: 3 })).status, 401);
    assert.equal((await postJson(tokenUrl(server, fresh), { n: 4 })).status, 202);
    assert.equal((await postStandard(server, fresh, { n: 5 })).status, 202);
    assert.equal(await eventCount(server), 3);
    const listed = (await (await server.admin('GET', '/api/hooks/deploys')).json()) as { rotatedAt: string | null };
    assert.ok(listed.rotatedAt);
    assert.equal((await server.admin('POST', '/api/hooks/nope/rotate')).status, 404);
  });

  it('replaces a template, and deletes a hook (its URLs then answer 404)', async () => {
    const hook = await createHook(server, 'deploys');
    const put = await server.admin('PUT', '/api/hooks/deploys/template', { template: 'title: Deploy {{ body.version }}' });
    assert.equal(put.status, 200);
    assert.equal(((await put.json()) as { template: string }).template, 'title: Deploy {{ body.version }}');
    assert.equal((await server.admin('PUT', '/api/hooks/deploys/template', { template: '{% if %}' })).status, 400);
    assert.equal((await server.admin('DELETE', '/api/hooks/deploys')).status, 204);
    assert.equal((await server.admin('DELETE', '/api/hooks/deploys')).status, 404);
    const after = await postJson(tokenUrl(server, hook), { n: 1 });
    assert.equal(after.status, 404);
    assert.equal(((await after.json()) as { error: string }).error, 'unknown_hook');
  });

  it('needs the admin token', async () => {
    const res = await fetch(`${server.url}/api/hooks`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"name":"x"}' });
    assert.equal(res.status, 401);
    assert.equal((await fetch(`${server.url}/api/hooks`)).status, 401);
  });
});
