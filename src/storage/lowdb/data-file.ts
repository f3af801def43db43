import { readFile } from 'node:fs/promises';
import { z } from 'zod';
import type { NormalizedEvent } from '../../events/normalized-event.ts';
import type { Subscription } from '../../subscriptions/subscription.ts';
import type { Delivery } from '../store.ts';
import type { LowdbHooksData } from '../lowdb-hook-store.ts';
import type { LowdbMonitorsData } from '../lowdb-monitor-store.ts';

/** The shape of the lowdb JSON file. */
export interface DataFile {
  version: 1;
  subscriptions: Subscription[];
  /** Newest last, capped per source. */
  events: NormalizedEvent[];
  /** "<source>:<deliveryId>" → ISO time first seen; insertion-ordered, capped. */
  seen: Record<string, string>;
  deliveries: Delivery[];
  /** Generic webhooks (LowdbHookStore); absent until the first hook is created. */
  hooks?: LowdbHooksData;
  /** Uptime monitors and processed check-sites reports (LowdbMonitorStore); absent until used. */
  monitors?: LowdbMonitorsData;
}

export function emptyDataFile(): DataFile {
  return { version: 1, subscriptions: [], events: [], seen: {}, deliveries: [] };
}

const fileSchema = z.object({
  version: z.literal(1),
  subscriptions: z.array(z.object({ id: z.string(), source: z.string(), target: z.string() }).passthrough()),
  events: z.array(z.object({ id: z.string(), source: z.string(), deliveryId: z.string() }).passthrough()),
  seen: z.record(z.string(), z.string()),
  deliveries: z.array(z.object({ id: z.string(), eventId: z.string(), status: z.string() }).passthrough()),
  hooks: z.array(z.object({ name: z.string(), secret: z.string(), tokenHash: z.string() }).passthrough()).optional(),
});

/** What to do about an unusable file: its contents are bad, or the path itself can't be used. */
const CONTENT_HINT = 'hookbridge left the file untouched; restore it from a backup or move it away to start with an empty store.';
export const PATH_HINT = 'Check that DATA_FILE names a file (not a directory) in a directory hookbridge may create and write.';

export class DataFileError extends Error {
  constructor(file: string, reason: string, hint = CONTENT_HINT) {
    super(`DATA_FILE ${file} cannot be used: ${reason}. ${hint}`);
    this.name = 'DataFileError';
  }
}

/**
 * Reads and validates the data file before lowdb touches it. Returns null when the file does not
 * exist. A file that is not valid JSON or not hookbridge's shape throws DataFileError.
 */
export async function readDataFile(file: string): Promise<DataFile | null> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw new DataFileError(file, (err as Error).message, PATH_HINT);
  }
  if (text.trim() === '') throw new DataFileError(file, 'the file is empty');
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (err) {
    throw new DataFileError(file, `it is not valid JSON (${(err as Error).message})`);
  }
  const parsed = fileSchema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new DataFileError(file, `it is not a hookbridge data file (${issue?.path.join('.')}: ${issue?.message})`);
  }
  return json as DataFile;
}
