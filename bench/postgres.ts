/** Benchmarks on Postgres: each scenario gets a throwaway database (BENCH_DATABASE_URL's server). */
import { createThrowawayDatabase } from '../test/storage/contract/postgres-database.ts';

export async function withPostgres<T>(fn: (env: Record<string, string>) => Promise<T>): Promise<T> {
  if (process.env.BENCH_DATABASE_URL) process.env.TEST_DATABASE_URL = process.env.BENCH_DATABASE_URL;
  const db = await createThrowawayDatabase('hookbridge_bench');
  try {
    return await fn({ DATABASE_URL: db.url });
  } finally {
    await db.drop();
  }
}
