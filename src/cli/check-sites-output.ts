/** Output of `hookbridge check-sites`: the results table and the progress line (TTY only). */
import { formatLatency } from '../uptime/format.ts';
import type { CheckResult } from '../uptime/probe.ts';

export interface Writable {
  write(text: string): unknown;
  isTTY?: boolean;
}

const HEADERS = ['SITE', 'STATUS', 'HTTP', 'LATENCY', 'TLS', 'REASON'] as const;

function cells(r: CheckResult): string[] {
  return [
    r.url,
    r.up ? 'UP' : 'DOWN',
    r.status === null ? '–' : String(r.status),
    r.latencyMs === null ? '–' : formatLatency(r.latencyMs),
    r.tlsDaysLeft === null ? '–' : `${r.tlsDaysLeft} d`,
    r.error ?? '',
  ];
}

/** A plain-text table; `color` adds green/red to the status column. */
export function formatTable(results: readonly CheckResult[], color = false): string {
  const rows = results.map(cells);
  const widths = HEADERS.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (row: readonly string[], paint = false): string =>
    row
      .map((cell, i) => {
        const padded = i === row.length - 1 ? cell : cell.padEnd(widths[i]!);
        if (!paint || i !== 1) return padded;
        return `${cell === 'UP' ? '\u001b[32m' : '\u001b[31m'}${padded}\u001b[0m`;
      })
      .join('  ')
      .trimEnd();
  const down = results.filter((r) => !r.up).length;
  const summary = `${results.length} site${results.length === 1 ? '' : 's'}: ${results.length - down} up, ${down} down`;
  return [line(HEADERS), ...rows.map((r) => line(r, color)), '', summary].join('\n') + '\n';
}

/** "[3/10] shop.example.com UP" on one rewritten line of a TTY; nothing otherwise. */
export class Progress {
  private done = 0;
  constructor(
    private readonly out: Writable,
    private readonly total: number,
  ) {}

  private get enabled(): boolean {
    return this.out.isTTY === true;
  }

  start(): void {
    if (this.enabled) this.out.write(`\r\u001b[2KChecking ${this.total} site${this.total === 1 ? '' : 's'}…`);
  }

  tick(result: CheckResult): void {
    this.done += 1;
    if (!this.enabled) return;
    const name = result.url.length > 60 ? `${result.url.slice(0, 59)}…` : result.url;
    this.out.write(`\r\u001b[2K[${this.done}/${this.total}] ${name} ${result.up ? 'UP' : 'DOWN'}`);
  }

  finish(): void {
    if (this.enabled) this.out.write('\r\u001b[2K');
  }
}
