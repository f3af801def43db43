import assert from 'node:assert/strict';
import pg from 'pg';
import { startChildServer } from '../helpers/child-server.ts';
import { ADMIN_TOKEN, GITHUB_SECRET } from '../helpers/test-server.ts';
import { MIGRATIONS } from '../../src/storage/postgres/migrations.ts';
import { createThrowawayDatabase, describePostgres, type ThrowawayDatabase } from '../storage/contract/postgres-database.ts';
import { runHookbridge } from './postgres-cluster.ts';

describePostgres('Postgres start-up (child processes)', function () {
  this.timeout(60_000);
  let db: ThrowawayDatabase;
  before(async () => {
    db = await createThrowawayDatabase();
  });
  after(async () => {
    await db?.drop();
  });

  for (const [what, url, reason] of [
    ['nothing listens on the port', 'postgres://postgres@127.0.0.1:1/hookbridge', /ECONNREFUSED.*is Postgres running/],
    ['the database does not exist', 'postgres://postgres:s3cret@127.0.0.1:5432/hookbridge_no_such_db', /does not exist/],
    ['the host does not resolve', 'postgres://postgres@no-such-host.invalid:5432/x', /does not resolve/],
  ] as const) {
    it(`exits non-zero with a clear message naming DATABASE_URL when ${what}`, async () => {
      const { code, output } = await runHookbridge(['serve'], { DATABASE_URL: url });
      assert.equal(code, 1, output);
      assert.match(output, /^DATABASE_URL postgres:\/\/.*: cannot use the Postgres store: /m);
      assert.match(output, reason);
      assert.doesNotMatch(output, /s3cret/, 'the password is not printed');
      assert.doesNotMatch(output, /\n\s+at /, 'no stack trace');
    });
  }

  it('refuses a DATABASE_URL that is not a postgres:// URL', async () => {
    const { code, output } = await runHookbridge(['serve'], { DATABASE_URL: 'mysql://root@127.0.0.1/db' });
    assert.equal(code, 1);
    assert.match(output, /DATABASE_URL: expected a URL starting with postgres:\/\//);
  });

  it('migrates a fresh database once when three instances start at the same moment, and serves', async () => {
    const env = { DATABASE_URL: db.url, GITHUB_WEBHOOK_SECRET: GITHUB_SECRET, ADMIN_TOKEN };
    const servers = await Promise.all([startChildServer(env), startChildServer(env), startChildServer(env)]);
    try {
      for (const s of servers) {
        assert.match(s.output(), /"store":"postgres"/);
        assert.equal((await fetch(`${s.url}/healthz`)).status, 200);
      }
      const client = new pg.Client({ connectionString: db.url });
      await client.connect();
      const { rows } = await client.query<{ version: number }>('SELECT version FROM schema_migrations ORDER BY version');
      await client.end();
      assert.deepEqual(rows.map((r) => r.version), MIGRATIONS.map((m) => m.version));
      const created = await fetch(`${servers[0]!.url}/api/subscriptions`, {
        method: 'POST',
        headers: { authorization: `Bearer ${ADMIN_TOKEN}`, 'content-type': 'application/json' },
        body: JSON.stringify({ platform: 'discord', channel: '42', source: 'github', target: 'acme/api' }),
      });
      assert.equal(created.status, 201);
      const listed = await fetch(`${servers[2]!.url}/api/subscriptions`, { headers: { authorization: `Bearer ${ADMIN_TOKEN}` } });
      assert.deepEqual(((await listed.json()) as Array<{ channel: string }>).map((s) => s.channel), ['42'], 'shared through the database');
      assert.deepEqual(await Promise.all(servers.map((s) => s.kill('SIGTERM'))), [0, 0, 0], 'SIGTERM: clean exit (pool closed)');
    } finally {
      await Promise.all(servers.map((s) => s.kill('SIGKILL')));
    }
  });
});
