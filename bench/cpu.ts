/**
 * CPU per request of one server under full load, and of the load generator: where the ingest
 * ratio's ceiling comes from on a 2-core machine (the client takes one core).
 *
 *   node --import tsx bench/cpu.ts            # hookbridge (lowdb, one subscribed channel)
 *   WHICH=bare-server node --import tsx bench/cpu.ts
 *   WHICH=koa-parse-server node --import tsx bench/cpu.ts
 *   NOSUB=1 node --import tsx bench/cpu.ts    # hookbridge without a matching subscription
 *   SECS=10 DBURL=postgres://… node --import tsx bench/cpu.ts
 */
import { createHmac } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pushPayload } from '../test/helpers/github-payloads.ts';
import { ADMIN, loadGithub, SECRET, startChild } from './lib.ts';

const body = JSON.stringify(pushPayload({ commits: 3 }));
const signature = `sha256=${createHmac('sha256', SECRET).update(body).digest('hex')}`;
/** User + system CPU of a process so far, ms (Linux /proc; clock ticks of 10 ms). */
const cpuMs = (pid: number) => {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
  return (Number(fields[11]) + Number(fields[12])) * 10;
};
const which = process.env.WHICH ?? 'hookbridge';
const seconds = Number(process.env.SECS ?? 6);
const dir = mkdtempSync(join(tmpdir(), 'hookbridge-cpu-'));
const child = await startChild(which === 'hookbridge' ? ['src/cli/main.ts', 'serve'] : [`bench/${which}.ts`], {
  DATA_FILE: join(dir, 'db.json'), GITHUB_WEBHOOK_SECRET: SECRET, ADMIN_TOKEN: ADMIN, RATE_LIMIT_PER_MINUTE: '0',
  ...(process.env.DBURL ? { DATABASE_URL: process.env.DBURL } : {}),
});
try {
  if (which === 'hookbridge' && !process.env.NOSUB) {
    await fetch(`${child.url}/api/subscriptions`, {
      method: 'POST',
      headers: { authorization: `Bearer ${ADMIN}`, 'content-type': 'application/json' },
      body: JSON.stringify({ platform: 'discord', workspace: 'g', channel: '100', source: 'github', target: 'acme/api' }),
    });
  }
  await loadGithub(child.url, body, signature, { seconds: 2, connections: 10 }); // warm-up
  const client0 = process.cpuUsage();
  const server0 = cpuMs(child.proc.pid!);
  const started = Date.now();
  const result = await loadGithub(child.url, body, signature, { seconds, connections: 10 });
  const client = process.cpuUsage(client0);
  const serverMs = cpuMs(child.proc.pid!) - server0;
  const elapsed = Date.now() - started;
  const requests = result.rps * seconds;
  const clientMs = (client.user + client.system) / 1000;
  console.log(
    `${which}: ${result.rps.toFixed(0)} req/s (p99 ${result.p99} ms, non-2xx ${result.non2xx}); ` +
      `server ${(serverMs / elapsed).toFixed(2)} cores = ${((serverMs * 1000) / requests).toFixed(1)} µs/request; ` +
      `client ${(clientMs / elapsed).toFixed(2)} cores = ${((clientMs * 1000) / requests).toFixed(1)} µs/request`,
  );
} finally {
  await child.stop();
  rmSync(dir, { recursive: true, force: true });
}
