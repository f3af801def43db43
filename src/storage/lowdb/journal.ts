import { writeSync } from 'node:fs';
import { type FileHandle, open, readFile, rename, rm } from 'node:fs/promises';
import { DataFileError } from './data-file.ts';

/**
 * The append-only journal beside the lowdb file. lowdb rewrites the whole JSON file on every
 * write, which makes each commit cost the size of the store; instead, each group commit appends
 * the batch's operations as JSON lines here (cost: the size of the change), and the lowdb file is
 * rewritten only now and then (compaction), after which the journal starts empty.
 */
export class Journal {
  private handle: FileHandle | null = null;
  private pending: string[] = [];
  bytes = 0;

  constructor(readonly file: string) {}

  /** Reads the operations of an existing journal. A torn last line (killed mid-append) is ignored. */
  static async read<T>(file: string): Promise<T[]> {
    let text: string;
    try {
      text = await readFile(file, 'utf8');
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return [];
      throw new DataFileError(file, (err as Error).message);
    }
    const lines = text.split('\n');
    const ops: T[] = [];
    for (const [i, line] of lines.entries()) {
      if (line.trim() === '') continue;
      try {
        ops.push(JSON.parse(line) as T);
      } catch {
        // Only the last line can be torn by a crash: it was never acknowledged.
        if (i >= lines.length - 2) break;
        throw new DataFileError(file, `journal line ${i + 1} is not valid JSON`);
      }
    }
    return ops;
  }

  async open(): Promise<void> {
    this.handle = await open(this.file, 'a');
    this.bytes = (await this.handle.stat()).size;
  }

  /** Queues an operation for the next flush (serialized now: later mutations can't leak in). */
  push(op: unknown): void {
    this.pending.push(JSON.stringify(op));
  }

  /** Discards queued operations (they are covered by a snapshot). */
  dropPending(): void {
    this.pending = [];
  }

  /**
   * Appends every queued operation with one synchronous write(2): when it returns, the bytes are
   * in the file (the OS page cache), so a killed process loses nothing acknowledged after it.
   * Appending a batch to a file takes microseconds; a write through the thread pool costs more
   * in promise and scheduling overhead than the write itself, once per group commit.
   */
  flush(): void {
    if (!this.handle) throw new Error('journal is not open');
    if (this.pending.length === 0) return;
    const bytes = Buffer.from(`${this.pending.join('\n')}\n`);
    this.pending = [];
    let written = 0;
    while (written < bytes.length) written += writeSync(this.handle.fd, bytes, written, bytes.length - written);
    this.bytes += bytes.length;
  }

  /** Where the previous journal goes while a background compaction writes the lowdb file. */
  get previousFile(): string {
    return `${this.file}.old`;
  }

  /** Moves the current journal aside (to previousFile) and starts an empty one; queued ops stay queued. */
  async rotate(): Promise<void> {
    await this.handle?.close();
    await rename(this.file, this.previousFile);
    this.handle = await open(this.file, 'a');
    this.bytes = 0;
  }

  async removePrevious(): Promise<void> {
    await rm(this.previousFile, { force: true });
  }

  /** Empties the journal after a snapshot that contains everything in it. */
  async truncate(): Promise<void> {
    await this.handle?.truncate(0);
    this.bytes = 0;
  }

  async close(): Promise<void> {
    await this.handle?.close();
    this.handle = null;
  }
}
