/**
 * Human messages go to stderr (data goes to files or stdout). Colour only on a TTY and never
 * with NO_COLOR; --quiet silences everything but errors.
 */
import { Chalk } from 'chalk';
import { terminal } from './terminal.js';

const colour = terminal().stderrTTY && !process.env.NO_COLOR && process.env.TERM !== 'dumb';
export const c = new Chalk({ level: colour ? 1 : 0 });
/** colours for text on stdout (the coverage summary): by stdout's own terminal */
export const cOut = new Chalk({
  level: terminal().stdoutTTY && !process.env.NO_COLOR && process.env.TERM !== 'dumb' ? 1 : 0,
});

let quiet = false;

export const ui = {
  setQuiet(q: boolean): void {
    quiet = q;
  },
  get quiet(): boolean {
    return quiet;
  },
  info(msg: string): void {
    if (!quiet) process.stderr.write(`${msg}\n`);
  },
  step(msg: string): void {
    if (!quiet) process.stderr.write(`${c.dim('·')} ${msg}\n`);
  },
  ok(msg: string): void {
    if (!quiet) process.stderr.write(`${c.green('✓')} ${msg}\n`);
  },
  warn(msg: string): void {
    if (!quiet) process.stderr.write(`${c.yellow('warning:')} ${msg}\n`);
  },
  error(msg: string): void {
    process.stderr.write(`${c.red('error:')} ${msg}\n`);
  },
  /** one JSON document on stdout (`--json`): the data, not a message, so never silenced */
  json(value: unknown): void {
    process.stdout.write(`${JSON.stringify(value, null, 2)}\n`);
  },
};

export function fmtBytes(n: number): string {
  return n < 1024 * 1024 ? `${(n / 1024).toFixed(0)} KB` : `${(n / 1024 / 1024).toFixed(1)} MB`;
}

/** 1234567 -> "1,234,567" (toLocaleString costs ~13 ms of ICU start-up) */
export function fmtInt(n: number): string {
  return String(Math.round(n)).replace(/\B(?=(\d{3})+(?!\d))/g, ',');
}
