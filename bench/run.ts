/**
 * `npm run bench`: prints a Markdown table of every benchmark, each against a baseline or floor
 * measured in the same run. BENCH_QUICK=1 shortens the runs.
 */
import { machine } from './lib.ts';
import { benchEndToEnd, benchFanOut, benchIngest, benchStorm, type Row } from './scenarios.ts';

const quick = process.env.BENCH_QUICK === '1';
const only = process.argv.slice(2);
const want = (name: string) => only.length === 0 || only.includes(name);
const rows: Row[] = [];

if (want('ingest')) rows.push(...(await benchIngest(quick ? 3 : 8)));
if (want('e2e')) rows.push(...(await benchEndToEnd(quick ? 50 : 200)));
if (want('fanout')) rows.push(...(await benchFanOut(quick ? 200 : 1000)));
if (want('storm')) rows.push(...(await benchStorm(200, 10)));

console.log(`\nMachine: ${machine()}; ${new Date().toISOString()}\n`);
console.log('| benchmark | result | target |\n|---|---|---|');
for (const r of rows) console.log(`| ${r.name} | ${r.result} | ${r.target} |`);
await new Promise((r) => process.stdout.write("", r));
process.exit(0);
