/**
 * Preload for a profiled hookbridge child (`BENCH_PRELOAD=./bench/event-loop-stalls.ts` with
 * `BENCH_PROFILE_DIR=…`): records every event-loop stall longer than 15 ms (start, length in ms,
 * on the performance.now() clock) and writes them to <BENCH_PROFILE_DIR>/stalls-<pid>.json at exit,
 * to line them up with the CPU profile's samples.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';

const stalls: Array<[number, number]> = [];
let last = performance.now();
setInterval(() => {
  const now = performance.now();
  if (now - last > 15) stalls.push([Math.round(last), Math.round(now - last)]);
  last = now;
}, 2).unref();
const dump = () => writeFileSync(join(process.env.BENCH_PROFILE_DIR ?? '.', `stalls-${process.pid}.json`), JSON.stringify({ stalls }));
process.on('exit', dump);
process.on('SIGTERM', dump);
