#!/usr/bin/env node
// The README's pictures: runs the sample job (as `npm start` does) into a scratch folder, then
// - docs/img/report.png: report.html in headless Chromium (offline), the top of the page;
// - docs/img/gpkg-qgis.png: results.gpkg rendered by QGIS itself (PyQGIS, Debian python3-qgis)
//   with the styles stored in the file. Without QGIS it says so and leaves that picture alone.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const img = join(root, 'docs', 'img');
mkdirSync(img, { recursive: true });
const cwd = mkdtempSync(join(tmpdir(), 'lc-shots-'));
const run = spawnSync(process.execPath, [join(root, 'bin/lifecircle.js'), 'run', '-q'], { cwd, stdio: 'inherit' });
if (run.status !== 0) process.exit(run.status ?? 1);
const out = join(cwd, 'lifecircle-sample-output');

const { findBrowser } = await import(pathToFileURL(join(root, 'dist/outputs/pdf.js')).href);
const browser = findBrowser(process.env.LIFECIRCLE_BROWSER);
if (!browser) console.error('no Chromium/Chrome found: docs/img/report.png not made');
else {
  const r = spawnSync(
    browser,
    [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--hide-scrollbars',
      '--proxy-server=127.0.0.1:9',
      '--proxy-bypass-list=<-loopback>',
      `--user-data-dir=${join(cwd, 'chrome')}`,
      '--window-size=1200,1500',
      '--virtual-time-budget=5000',
      `--screenshot=${join(img, 'report.png')}`,
      pathToFileURL(join(out, 'report.html')).href,
    ],
    { encoding: 'utf8' },
  );
  console.error(
    r.status === 0 ? 'docs/img/report.png: report.html in headless Chromium' : `chromium failed: ${r.stderr}`,
  );
}

const q = spawnSync(
  '/usr/bin/python3',
  [join(root, 'scripts/render-gpkg-qgis.py'), join(out, 'results.gpkg'), join(img, 'gpkg-qgis.png')],
  {
    encoding: 'utf8',
    env: { ...process.env, QT_QPA_PLATFORM: 'offscreen' },
  },
);
if (q.status === 0) console.error(q.stdout.trim());
else console.error(`QGIS rendering not done (python3-qgis missing or failed): ${q.stderr.trim().split('\n').pop()}`);
