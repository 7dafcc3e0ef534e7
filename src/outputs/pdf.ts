/**
 * report.pdf from the same HTML, printed by an installed Chromium or Chrome (never downloaded):
 * `--browser <path>`, else the first of the usual names on PATH and the usual install places.
 * Chromium stamps the print time into the PDF; those dates are overwritten with a fixed one of
 * the same length (byte offsets in the cross-reference table stay valid), so reruns match.
 */
import { spawn } from 'node:child_process';
import { accessSync, constants, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { pathToFileURL } from 'node:url';

const NAMES = ['chromium', 'chromium-browser', 'google-chrome', 'google-chrome-stable', 'chrome', 'microsoft-edge'];
const PLACES = [
  '/usr/bin/chromium',
  '/usr/bin/chromium-browser',
  '/usr/bin/google-chrome',
  '/snap/bin/chromium',
  '/Applications/Google Chrome.app/Contents/MacOS/Google Chrome',
  '/Applications/Chromium.app/Contents/MacOS/Chromium',
  'C:\\Program Files\\Google\\Chrome\\Application\\chrome.exe',
  'C:\\Program Files (x86)\\Google\\Chrome\\Application\\chrome.exe',
  'C:\\Program Files (x86)\\Microsoft\\Edge\\Application\\msedge.exe',
];

const executable = (p: string) => {
  try {
    accessSync(p, constants.X_OK);
    return true;
  } catch {
    return false;
  }
};

/** the browser to print with, or null */
export function findBrowser(explicit?: string | null): string | null {
  if (explicit) return executable(explicit) ? explicit : null;
  for (const dir of (process.env.PATH ?? '').split(delimiter))
    for (const n of NAMES) {
      const p = join(dir, process.platform === 'win32' ? `${n}.exe` : n);
      if (dir && executable(p)) return p;
    }
  return PLACES.find(executable) ?? null;
}

export const NO_BROWSER_NOTE =
  'report.pdf not written: no Chromium or Chrome found on PATH or in the usual places; install one (Debian: apt install chromium) or give --browser <path>';

/** fixed dates of the same length as Chromium's D:YYYYMMDDHHmmSS+HH'mm' */
function fixDates(pdf: Buffer): Buffer {
  const s = pdf.toString('latin1');
  const fixed = s.replace(
    /\/(CreationDate|ModDate) \(D:(\d{14})([^)]*)\)/g,
    (_m, k: string, _d: string, tz: string) =>
      `/${k} (D:20000101000000${"+00'00'".slice(0, tz.length).padEnd(tz.length, ' ')})`,
  );
  return Buffer.from(fixed, 'latin1');
}

/** prints the HTML to PDF; throws with a one-line reason when the browser fails */
export async function printPdf(
  browser: string,
  html: string | Uint8Array | Uint8Array[],
  timeoutMs = 180_000,
): Promise<Buffer> {
  const dir = mkdtempSync(join(tmpdir(), 'lifecircle-pdf-'));
  try {
    const page = join(dir, 'report.html');
    const out = join(dir, 'report.pdf');
    writeFileSync(page, Array.isArray(html) ? Buffer.concat(html) : html);
    const args = [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-extensions',
      '--no-first-run',
      '--no-pdf-header-footer',
      // nothing may leave the machine: the report is self-contained, and any request would fail here
      '--proxy-server=127.0.0.1:9',
      '--proxy-bypass-list=<-loopback>',
      `--user-data-dir=${join(dir, 'profile')}`,
      '--virtual-time-budget=10000',
      `--print-to-pdf=${out}`,
      pathToFileURL(page).href,
    ];
    await new Promise<void>((resolveRun, reject) => {
      const child = spawn(browser, args, { stdio: ['ignore', 'ignore', 'pipe'] });
      let err = '';
      child.stderr.on('data', (d) => {
        err = (err + String(d)).slice(-4000);
      });
      const timer = setTimeout(() => {
        child.kill('SIGKILL');
        reject(new Error(`${browser} did not finish printing within ${timeoutMs / 1000} s`));
      }, timeoutMs);
      child.on('error', (e) => {
        clearTimeout(timer);
        reject(new Error(`cannot start ${browser}: ${e.message}`));
      });
      child.on('exit', (code) => {
        clearTimeout(timer);
        if (code === 0) resolveRun();
        else reject(new Error(`${browser} exited with ${code}: ${err.trim().split('\n').pop() ?? ''}`));
      });
    });
    return fixDates(readFileSync(out));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
