/**
 * `npm run bench [-- ingest e2e fanout storm]`: prints a Markdown table of every benchmark, each
 * against a baseline or floor measured in the same run. BENCH_QUICK=1 shortens the runs.
 * ingest and e2e run on lowdb and on Postgres (TEST_DATABASE_URL or BENCH_DATABASE_URL picks the server).
 */
import { machine } from './lib.ts';
import { withPostgres } from './postgres.ts';
import { benchEndToEnd, benchFanOut, benchFanOutTwoInstances, benchIngest, benchStorm, type Row } from './scenarios.ts';

const quick = process.env.BENCH_QUICK === '1';
const only = process.argv.slice(2);
const scenarios: Array<[string, () => Promise<Row[]>]> = [
  ['ingest', () => benchIngest(quick ? 3 : 8)],
  ['e2e', () => benchEndToEnd(quick ? 50 : 200)],
  // The same on Postgres (a throwaway database on TEST_DATABASE_URL's server, default 127.0.0.1:5432).
  ['ingest', () => withPostgres((env) => benchIngest(quick ? 3 : 8, env, 'postgres', false))],
  ['e2e', () => withPostgres((env) => benchEndToEnd(quick ? 50 : 200, env, 'postgres'))],
  ['fanout', () => benchFanOut(quick ? 200 : 1000)],
  ['fanout', () => withPostgres((env) => benchFanOutTwoInstances(quick ? 200 : 1000, env))],
  ['storm', () => benchStorm(200, 10)],
];

console.log(`Machine: ${machine()}; ${new Date().toISOString()}\n`);
console.log('| benchmark | result | target |\n|---|---|---|');
let failed = false;
for (const [name, run] of scenarios) {
  if (only.length > 0 && !only.includes(name)) continue;
  try {
    for (const r of await run()) console.log(`| ${r.name} | ${r.result} | ${r.target} |`);
  } catch (err) {
    failed = true;
    console.log(`| ${name} | failed: ${(err as Error).message.split('\n')[0]} | |`);
  }
}
await new Promise((r) => process.stdout.write('', r));
process.exit(failed ? 1 : 0);
