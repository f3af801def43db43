/** Benchmarks on Postgres: each scenario gets a throwaway database (BENCH_DATABASE_URL's server, else TEST_DATABASE_URL's). */
import { ADMIN_DATABASE_URL, createThrowawayDatabase } from '../test/storage/contract/postgres-database.ts';

export async function withPostgres<T>(fn: (env: Record<string, string>) => Promise<T>): Promise<T> {
  const db = await createThrowawayDatabase('hookbridge_bench', process.env.BENCH_DATABASE_URL ?? ADMIN_DATABASE_URL);
  try {
    return await fn({ DATABASE_URL: db.url });
  } finally {
    await db.drop();
  }
}
