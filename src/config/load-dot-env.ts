import { existsSync } from 'node:fs';
import { config as dotenv } from 'dotenv';

/** Loads `.env` from the working directory if present; real environment variables win. */
export function loadDotEnv(file = '.env'): void {
  if (existsSync(file)) dotenv({ path: file, quiet: true });
}
