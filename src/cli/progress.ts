/**
 * Progress for long stages on stderr: a redrawn line with count and ETA on a TTY; otherwise (CI
 * logs, pipes) at most one plain line per stage every LOG_INTERVAL_MS, so a log holds a few lines
 * per stage, not hundreds; a stage shorter than that prints only its ✓ line. Silent with --quiet.
 */
import { terminal } from './terminal.js';
import { c, fmtInt, ui } from './ui.js';

/** not on a terminal: the least time between two progress lines of one stage */
export const LOG_INTERVAL_MS = 5000;

export class Progress {
  private start: number;
  private lastDraw = 0;
  private lastLog: number;
  private readonly tty: boolean;

  constructor(
    private readonly label: string,
    private total: number,
    private readonly unit = '',
    opts: { tty?: boolean; write?: (s: string) => void; now?: () => number } = {},
  ) {
    this.tty = opts.tty ?? terminal().stderrTTY;
    if (opts.write) this.write = opts.write;
    if (opts.now) this.now = opts.now;
    this.start = this.now();
    this.lastLog = this.start;
  }

  private write = (s: string): void => {
    process.stderr.write(s);
  };
  private now = (): number => performance.now();

  update(done: number, total = this.total): void {
    if (ui.quiet) return;
    this.total = total;
    const now = this.now();
    const pct = total > 0 ? Math.min(100, Math.floor((done / total) * 100)) : 0;
    const el = (now - this.start) / 1000;
    const eta = done > 0 && done < total ? Math.ceil((el * (total - done)) / done) : null;
    if (this.tty) {
      if (now - this.lastDraw < 100 && done < total) return;
      this.lastDraw = now;
      const width = 24;
      const fill = Math.round((pct / 100) * width);
      const bar = `[${'█'.repeat(fill)}${' '.repeat(width - fill)}]`;
      this.write(
        `\r${c.dim('·')} ${this.label} ${bar} ${pct}% ${this.count(done, total)}${eta === null ? '' : ` ETA ${eta} s`}\x1b[K`,
      );
    } else if (done < total && now - this.lastLog >= LOG_INTERVAL_MS) {
      this.lastLog = now;
      // a log (a province's run is minutes long) says how much is left too
      this.write(`· ${this.label} ${pct}% ${this.count(done, total)}${eta === null ? '' : `, ETA ${eta} s`}\n`);
    }
  }

  private count(done: number, total: number): string {
    return this.unit ? `(${fmtInt(done)}/${fmtInt(total)} ${this.unit})` : '';
  }

  done(summary?: string): void {
    if (ui.quiet) return;
    const ms = this.now() - this.start;
    if (this.tty) this.write('\r\x1b[K');
    this.write(
      `${c.green('✓')} ${this.label}${summary ? `: ${summary}` : ''} ${c.dim(`(${ms < 1000 ? `${ms.toFixed(0)} ms` : `${(ms / 1000).toFixed(1)} s`})`)}\n`,
    );
  }
}
