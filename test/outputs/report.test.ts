/**
 * report.html in a real browser: headless Chromium with every network request refused opens it,
 * the page raises its ready flag, logs no console message (the report's Content-Security-Policy
 * turns any outside request into one), holds one section per community, and its screenshot shows
 * a drawn map. report.pdf: one A4 page per community plus the overview and the method page.
 */
import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { findBrowser } from '../../src/outputs/pdf.js';
import { cli, hasTool, tmp } from '../support/env.js';
import { decodePng } from '../support/png.js';
import { sampleOutputs } from '../support/sample-run.js';

const BROWSER = findBrowser();
if (!BROWSER)
  console.warn('skipping the browser checks of report.html/report.pdf: no Chromium installed (Debian: chromium)');
const HAS_POPPLER = hasTool('pdfinfo', ['-v']);

/** headless Chromium, offline: a proxy that does not exist for everything but loopback */
function chromium(args: string[], url: string) {
  const profile = tmp('lc-chrome-');
  return spawnSync(
    BROWSER!,
    [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--hide-scrollbars',
      '--proxy-server=127.0.0.1:9',
      '--proxy-bypass-list=<-loopback>',
      `--user-data-dir=${profile}`,
      '--enable-logging=stderr',
      '--v=0',
      '--virtual-time-budget=5000',
      ...args,
      url,
    ],
    { encoding: 'utf8', maxBuffer: 64 << 20, timeout: 120_000 },
  );
}
const consoleLines = (stderr: string) => stderr.split('\n').filter((l) => /:CONSOLE[:(]/.test(l));

describe('report.html of the sample job', () => {
  let out = '';
  let html = '';
  beforeAll(() => {
    out = sampleOutputs();
    html = readFileSync(join(out, 'report.html'), 'utf8');
  });

  it('is one self-contained file: no src/href leaves the page, a CSP forbids requests', () => {
    expect(html).toContain(`content="default-src 'none';`);
    expect([...html.matchAll(/\s(?:src|href)="([^"]*)"/g)].map((m) => m[1]).filter((u) => !u.startsWith('#'))).toEqual(
      [],
    );
    expect(html.match(/<section class="community"/g)).toHaveLength(6);
    expect(html).toContain('© OpenStreetMap contributors');
  });

  it('the English report with --lang en', () => {
    const en = readFileSync(join(sampleOutputs(['--lang', 'en']), 'report.html'), 'utf8');
    expect(en).toContain('<html lang="en">');
    expect(en).toContain('City overview');
    expect(en).not.toContain('全市概览');
  });

  it.skipIf(!BROWSER)('the console check can fail: a page with an error and an outside image is caught', () => {
    const dir = tmp('lc-neg-');
    const page = join(dir, 'bad.html');
    writeFileSync(
      page,
      readFileSync(join(out, 'report.html'), 'utf8').replace('</body>', '<img src="http://example.com/x.png"></body>'),
    );
    const r = chromium(['--dump-dom'], pathToFileURL(page).href);
    expect(consoleLines(r.stderr).join('\n')).toMatch(/Content Security Policy|Refused/);
  });

  it.skipIf(!BROWSER)(
    'headless Chromium, offline: ready flag, no console message, one section per community, a drawn map',
    () => {
      const url = pathToFileURL(join(out, 'report.html')).href;
      const dom = chromium(['--dump-dom'], url);
      expect(dom.status, dom.stderr).toBe(0);
      expect(dom.stdout).toMatch(/<html [^>]*data-ready="1"/);
      expect(consoleLines(dom.stderr)).toEqual([]);
      expect(dom.stdout.match(/<section class="community"/g)).toHaveLength(6);
      const png = join(tmp('lc-shot-'), 'shot.png');
      const shot = chromium(['--window-size=1200,1000', `--screenshot=${png}`], url);
      expect(shot.status, shot.stderr).toBe(0);
      expect(consoleLines(shot.stderr)).toEqual([]);
      const img = decodePng(readFileSync(png));
      expect([img.width, img.height]).toEqual([1200, 1000]);
      // the overview map fills the left half under the title: many colours, much that is not page white
      const colours = new Set<number>();
      let ink = 0;
      let n = 0;
      for (let y = 240; y < 560; y++)
        for (let x = 110; x < 560; x++) {
          const i = (y * img.width + x) * 4;
          const [r, g, b] = [img.data[i], img.data[i + 1], img.data[i + 2]];
          colours.add((r << 16) | (g << 8) | b);
          if (r < 235 || g < 235 || b < 235) ink++;
          n++;
        }
      expect(colours.size).toBeGreaterThan(20);
      expect(ink / n).toBeGreaterThan(0.1);
    },
  );

  it.skipIf(!BROWSER || !HAS_POPPLER)(
    '--pdf: one A4 page per community plus the overview and method pages, byte-identical reruns',
    () => {
      const dir = sampleOutputs(['--pdf']);
      const pdf = join(dir, 'report.pdf');
      const info = spawnSync('pdfinfo', [pdf], { encoding: 'utf8' });
      expect(info.status, info.stderr).toBe(0);
      expect(info.stdout).toMatch(/Pages:\s+8\n/);
      expect(info.stdout).toMatch(/Page size:\s+594\.9\d x 841\.9\d pts \(A4\)/);
      const pages = Array.from(
        { length: 8 },
        (_, i) =>
          spawnSync('pdftotext', ['-f', String(i + 1), '-l', String(i + 1), pdf, '-'], { encoding: 'utf8' }).stdout,
      );
      expect(pages[0]).toContain('全市概览');
      expect(pages[7]).toContain('方法与数据来源');
      const ids = pages.slice(1, 7).map((p) => [...p.matchAll(/QC-\d{3}/g)].map((m) => m[0]));
      // each community page names its own community (in its heading) and no other
      ids.forEach((list) => expect(new Set(list).size).toBe(1));
      expect(new Set(ids.map((l) => l[0])).size).toBe(6);
      const again = cli(['run', '-q', '--pdf'], { cwd: join(dir, '..') });
      expect(again.status, again.stderr).toBe(0);
      expect(readFileSync(pdf).equals(readFileSync(join(dir, 'report.pdf')))).toBe(true);
    },
  );

  it('without a browser, --pdf says so in one line and writes everything else', () => {
    const cwd = tmp('lc-nopdf-');
    const r = cli(['run', '--pdf', '--browser', '/nonexistent/chromium'], { cwd });
    expect(r.status, r.stderr).toBe(0);
    const notes = r.stderr.split('\n').filter((l) => l.includes('report.pdf'));
    expect(notes).toEqual([
      expect.stringMatching(/report\.pdf not written: --browser \/nonexistent\/chromium is not an executable file$/),
    ]);
    const record = JSON.parse(readFileSync(join(cwd, 'lifecircle-sample-output', 'run.json'), 'utf8'));
    expect(record.outputs).toContain('report.html');
    expect(record.outputs).not.toContain('report.pdf');
    expect(record.warnings).toContainEqual(expect.stringMatching(/^report\.pdf not written/));
  });
});
