#!/usr/bin/env node
/**
 * Issue 14 (class 8) / issue 9: a planner's facility list of a million rows. Generates the list
 * (never committed: written under BENCH_DIR) as Amap exports it — UTF-8 with a BOM and CRLF, a
 * GBK copy, names with commas in quotes and "" inside, GCJ-02 coordinates over the sample town and
 * around it, category values of the profile, of the map-service table and unknown ones — then
 * measures, in one run:
 *  1. splitting the decoded text into records: our splitter (src/facilities/csv-split.ts) against
 *     csv-parse as the reader used it before (parseCsvRecords(..., { splitter: 'csv-parse' }));
 *  2. the whole reader, readFacilityList (decode, split, header, per-row checks), in process;
 *  3. the whole `lifecircle facilities` command on the sample town's network (list read,
 *     categories, study-area filter, offset check, inventory, GeoJSON + CSV written): wall, CPU
 *     and peak RSS by /usr/bin/time, for the UTF-8 and the GBK file.
 *
 *   npm run build && node bench/facility-list-1m.mjs [--rows 1000000] [--json-out f.json]
 *   (or: npm run bench -- lists)
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const DIR = join(process.env.BENCH_DIR ?? '/tmp/lifecircle-bench', 'list-1m');
const arg = (name, def) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? process.argv[i + 1] : def;
};
const ROWS = Number(arg('rows', 1_000_000));
const JSON_OUT = arg('json-out', null);
const CLI = join(ROOT, 'bin/lifecircle.js');
mkdirSync(DIR, { recursive: true });

const { mulberry32 } = await import(join(ROOT, 'scripts/prng.mjs'));
const iconv = (await import('iconv-lite')).default;
const { decodeText } = await import(join(ROOT, 'dist/facilities/text-encoding.js'));
const { parseCsvRecords } = await import(join(ROOT, 'dist/facilities/csv-table.js'));
const { readFacilityList } = await import(join(ROOT, 'dist/facilities/facility-list.js'));

// ---- the list
const utf8Path = join(DIR, `list-${ROWS}.csv`);
const gbkPath = join(DIR, `list-${ROWS}-gbk.csv`);
if (!existsSync(utf8Path) || !existsSync(gbkPath)) {
  const rand = mulberry32(14);
  const types = [
    '幼儿园',
    '科教文化服务;学校;幼儿园',
    '社区卫生服务站',
    '购物服务;超级市场;超市',
    '医疗保健服务;医药保健销售店;药房',
    '生活服务;物流速递;快递服务点',
    '老年服务站',
    '餐饮服务;中餐厅;中餐厅',
    '汽车服务;加油站;加油站',
    '公司企业;公司;公司',
  ];
  const lines = ['编号,名称,类型,地址,经度,纬度,建筑面积'];
  // GCJ-02 over the sample town (113.04–113.07 E, 23.67–23.69 N) and as far again around it
  for (let i = 0; i < ROWS; i++) {
    const lon = 113.025 + rand() * 0.06;
    const lat = 23.66 + rand() * 0.04;
    const t = types[Math.floor(rand() * types.length)];
    const name = i % 10 === 0 ? `"清远${i}号店, 分店"` : i % 97 === 0 ? `"""老字号""${i}"` : `清远${i}号店`;
    lines.push(`B0${i},${name},${t},清城区某路${i % 500}号,${lon.toFixed(6)},${lat.toFixed(6)},${(i % 900) + 20}`);
  }
  const text = `${lines.join('\r\n')}\r\n`;
  writeFileSync(utf8Path, `\uFEFF${text}`);
  writeFileSync(gbkPath, iconv.encode(text, 'gb18030'));
}
const mb = (p) => (statSync(p).size / 1e6).toFixed(0);

// ---- 1. split: ours vs csv-parse, same decoded text, same process
let { text } = decodeText(readFileSync(utf8Path), utf8Path);
const time = (f) => {
  const t0 = process.hrtime.bigint();
  const r = f();
  return { ms: Number(process.hrtime.bigint() - t0) / 1e6, r };
};
global.gc?.();
const own = time(() => parseCsvRecords(text, utf8Path));
const ownRecords = own.r.records.length;
own.r = null;
global.gc?.();
const ref = time(() => parseCsvRecords(text, utf8Path, { splitter: 'csv-parse' }));
const same = ref.r.records.length === ownRecords;
ref.r = null;
text = null; // the children below measure memory: the parent holds nothing big
global.gc?.();

// ---- 2. the whole reader in process
const reader = time(() => null);
{
  const t0 = process.hrtime.bigint();
  const list = await readFacilityList(utf8Path, { crs: 'gcj02' });
  reader.ms = Number(process.hrtime.bigint() - t0) / 1e6;
  reader.rows = list.rows.length;
  reader.skipped = list.skipped.length;
}

// ---- peak RSS of each split and of the whole reader, each in a process of its own
function peak(code) {
  const r = spawnSync('/usr/bin/time', ['-f', '%e %U %S %M', process.execPath, '--input-type=module', '-e', code], {
    encoding: 'utf8',
  });
  if (r.status !== 0) throw new Error(r.stderr);
  const [wall, user, sys, rss] = r.stderr.trim().split('\n').pop().split(' ').map(Number);
  return { wall_s: wall, cpu_s: +(user + sys).toFixed(2), rss_mb: Math.round(rss / 1024) };
}
const dist = (f) => JSON.stringify(join(ROOT, 'dist', f));
const splitIn = (splitter) =>
  peak(
    `import { readFileSync } from 'node:fs'; const { decodeText } = await import(${dist('facilities/text-encoding.js')});` +
      `const { parseCsvRecords } = await import(${dist('facilities/csv-table.js')});` +
      `const { text } = decodeText(readFileSync(${JSON.stringify(utf8Path)}), 'x');` +
      `const r = parseCsvRecords(text, 'x', { splitter: '${splitter}' }); if (!r.records.length) process.exit(3);`,
  );
const procOwn = splitIn('auto');
const procRef = splitIn('csv-parse');
const readerProc = (p) =>
  peak(
    `const { readFacilityList } = await import(${dist('facilities/facility-list.js')});` +
      `const l = await readFacilityList(${JSON.stringify(p)}, { crs: 'gcj02' }); if (!l.rows.length) process.exit(3);`,
  );
const readUtf8 = readerProc(utf8Path);
const readGbk = readerProc(gbkPath);

// ---- 3. the whole command
const net = join(DIR, 'town.lcnet');
if (!existsSync(net))
  spawnSync(process.execPath, [CLI, 'prepare', join(ROOT, 'data/sample/town.osm'), '-o', net, '-q']);
function command(list) {
  const out = join(DIR, 'out');
  rmSync(out, { recursive: true, force: true });
  const r = spawnSync(
    '/usr/bin/time',
    [
      '-f',
      '%e %U %S %M',
      process.execPath,
      CLI,
      'facilities',
      net,
      '--facilities',
      list,
      '--crs',
      'gcj02',
      '-o',
      join(out, 'f.geojson'),
    ],
    { encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } },
  );
  if (r.status !== 0) throw new Error(`facilities failed: ${r.stderr}`);
  const lines = r.stderr.trim().split('\n');
  const [wall, user, sys, rss] = lines.pop().split(' ').map(Number);
  const progress = lines.filter((l) => /^· |✓/.test(l));
  return { wall_s: wall, cpu_s: +(user + sys).toFixed(2), rss_mb: Math.round(rss / 1024), progress };
}
const cmdUtf8 = command(utf8Path);
const cmdGbk = command(gbkPath);

const result = {
  rows: ROWS,
  file_mb: Number(mb(utf8Path)),
  split_own_ms: Math.round(own.ms),
  split_csv_parse_ms: Math.round(ref.ms),
  split_speedup: +(ref.ms / own.ms).toFixed(1),
  same_record_count: same,
  reader_ms: Math.round(reader.ms),
  reader_rows: reader.rows,
  split_own_process: procOwn,
  split_csv_parse_process: procRef,
  reader_process_utf8: readUtf8,
  reader_process_gbk: readGbk,
  command_utf8: cmdUtf8,
  command_gbk: cmdGbk,
};
console.log(
  `\n### A ${ROWS.toLocaleString('en-US')}-row facility list (${mb(utf8Path)} MB CSV; GBK copy ${mb(gbkPath)} MB)\n`,
);
console.log('| step | time | note |\n|---|---:|---|');
console.log(`| split, our splitter | ${result.split_own_ms} ms | ${ownRecords.toLocaleString('en-US')} records |`);
console.log(
  `| split, csv-parse (before) | ${result.split_csv_parse_ms} ms | ${result.split_speedup}× ours; same records: ${same} |`,
);
console.log(`| readFacilityList (in process) | ${result.reader_ms} ms | ${reader.rows.toLocaleString('en-US')} rows |`);
for (const [k, c] of [
  ['decode + split, our splitter, own process', procOwn],
  ['decode + split, csv-parse, own process', procRef],
  ['readFacilityList, UTF-8, own process', readUtf8],
  ['readFacilityList, GBK, own process', readGbk],
])
  console.log(`| ${k} | ${c.wall_s} s wall, ${c.cpu_s} s CPU | peak RSS ${c.rss_mb} MB |`);
for (const [k, c] of [
  ['UTF-8', cmdUtf8],
  ['GBK', cmdGbk],
])
  console.log(`| \`lifecircle facilities\`, ${k} | ${c.wall_s} s wall, ${c.cpu_s} s CPU | peak RSS ${c.rss_mb} MB |`);
console.log(`\nprogress lines (UTF-8 run):\n${cmdUtf8.progress.map((l) => `    ${l}`).join('\n')}`);
if (JSON_OUT) writeFileSync(JSON_OUT, `${JSON.stringify(result, null, 2)}\n`);
