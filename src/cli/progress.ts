/**
 * Progress for long stages on stderr: a redrawn line with count and ETA on a TTY, plain lines
 * every ~10 % otherwise (CI logs, pipes). Silent with --quiet.
 */
import { terminal } from './terminal.js';
import { c, fmtInt, ui } from './ui.js';

export class Progress {
  private start = performance.now();
  private lastDraw = 0;
  private lastPct = -1;
  private readonly tty = terminal().stderrTTY;

  constructor(
    private readonly label: string,
    private total: number,
    private readonly unit = '',
  ) {}

  update(done: number, total = this.total): void {
    if (ui.quiet) return;
    this.total = total;
    const now = performance.now();
    const pct = total > 0 ? Math.min(100, Math.floor((done / total) * 100)) : 0;
    if (this.tty) {
      if (now - this.lastDraw < 100 && done < total) return;
      this.lastDraw = now;
      const el = (now - this.start) / 1000;
      const eta = done > 0 && done < total ? ` ETA ${Math.ceil((el * (total - done)) / done)} s` : '';
      const width = 24;
      const fill = Math.round((pct / 100) * width);
      process.stderr.write(
        `\r${c.dim('·')} ${this.label} [${'█'.repeat(fill)}${' '.repeat(width - fill)}] ${pct}% ${this.count(done, total)}${eta}\x1b[K`,
      );
    } else if (pct >= this.lastPct + 10 || (done >= total && this.lastPct < 100)) {
      this.lastPct = pct - (pct % 10);
      if (done >= total) this.lastPct = 100;
      process.stderr.write(`· ${this.label} ${pct}% ${this.count(done, total)}\n`);
    }
  }

  private count(done: number, total: number): string {
    return this.unit ? `(${fmtInt(done)}/${fmtInt(total)} ${this.unit})` : '';
  }

  done(summary?: string): void {
    if (ui.quiet) return;
    const ms = performance.now() - this.start;
    if (this.tty) process.stderr.write('\r\x1b[K');
    process.stderr.write(
      `${c.green('✓')} ${this.label}${summary ? `: ${summary}` : ''} ${c.dim(`(${ms < 1000 ? `${ms.toFixed(0)} ms` : `${(ms / 1000).toFixed(1)} s`})`)}\n`,
    );
  }
}
