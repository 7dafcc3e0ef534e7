/**
 * The fuzz suite's engine, shared by `npm test` (test/fuzz/fuzz.test.ts: a fixed number of cases)
 * and `npm run fuzz` (scripts/fuzz.mjs: long runs). Seeded mutations of small real files — the
 * extracts in ../shared/data/real when present, else the project's own sample — for each reader
 * and each input kind, checked two ways:
 *  - in process, on the compiled readers (dist/): a mutated file is read or refused with an
 *    InputError whose message is one line; any other exception is a failure;
 *  - through the CLI, for every input kind a command takes: exit 0 or 2, with -q at most one
 *    stderr line and only on error, no stack trace, no "unexpected failure", nothing left on disk
 *    but the command's complete outputs, peak RSS and time within bounds.
 * Every case is reproducible from (seed, kind, case number); failures are saved for replay.
 */
import { spawn } from 'node:child_process';
import {
  copyFileSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { crc32, gzipSync } from 'node:zlib';
import { gisKinds, gisSeeds, inputReaderInputs } from './gis.mjs';

export { HAS_OGR2OGR } from './gis.mjs';

export const ROOT = resolve(fileURLToPath(new URL('../..', import.meta.url)));
const REAL = resolve(ROOT, '../shared/data/real');
export const HAS_SHARED = existsSync(REAL);
const SAMPLE = join(ROOT, 'data/sample');
const BIN = join(ROOT, 'bin/lifecircle.js');
const TIME = existsSync('/usr/bin/time') ? '/usr/bin/time' : null;

/** limits every case must stay within */
export const MAX_RSS_MB = 1024;
export const MAX_CASE_MS = 30_000;

export function rng(seed) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return { next, int: (n) => Math.floor(next() * n), pick: (xs) => xs[Math.floor(next() * xs.length)] };
}

// ---- mutations ----------------------------------------------------------------------------------

const WEIRD_NUMBERS = [
  '0x10',
  ' 12 ',
  '',
  'NaN',
  '-0',
  '1e309',
  '-1e309',
  '1.5',
  '99999999999999999999',
  '-91',
  '181',
  '1e-400',
  '１２',
];
const WEIRD_TEXT = [
  '\u0000',
  '\n',
  '\r\n',
  '"',
  "'",
  '<',
  '>',
  '&',
  '\\',
  '\u00ff',
  '\ufffd',
  '\ud800',
  '中',
  '{',
  '}',
  '[',
  ']',
  ',',
  ':',
  'null',
];

/** byte-level: flips, overwrites, deletions, duplications, insertions, truncation */
export function mutateBytes(buf, r) {
  const b = Buffer.from(buf);
  const n = b.length;
  switch (r.int(7)) {
    case 0: {
      for (let k = 1 + r.int(8); k > 0; k--) b[r.int(n)] ^= 1 << r.int(8);
      return b;
    }
    case 1: {
      for (let k = 1 + r.int(4); k > 0; k--) b[r.int(n)] = r.pick([0, 0xff, 0x7f, 0x80, r.int(256)]);
      return b;
    }
    case 2: {
      const at = r.int(n);
      return Buffer.concat([b.subarray(0, at), b.subarray(Math.min(n, at + 1 + r.int(256)))]);
    }
    case 3: {
      const at = r.int(n);
      const len = 1 + r.int(Math.min(4096, n - at));
      return Buffer.concat([b.subarray(0, at + len), b.subarray(at, at + len), b.subarray(at + len)]);
    }
    case 4: {
      const at = r.int(n);
      const junk = Buffer.from(Array.from({ length: 1 + r.int(64) }, () => r.int(256)));
      return Buffer.concat([b.subarray(0, at), junk, b.subarray(at)]);
    }
    case 5:
      return b.subarray(0, r.int(n));
    default: {
      // move a block of the file elsewhere (PBF blobs, XML elements out of order)
      const a = r.int(n);
      const len = 1 + r.int(Math.min(8192, n - a));
      const piece = b.subarray(a, a + len);
      const rest = Buffer.concat([b.subarray(0, a), b.subarray(a + len)]);
      const at = r.int(rest.length);
      return Buffer.concat([rest.subarray(0, at), piece, rest.subarray(at)]);
    }
  }
}

/** text-level: numbers and attribute values replaced by odd ones, lines repeated or dropped, control characters */
export function mutateText(text, r) {
  const lines = text.split('\n');
  switch (r.int(5)) {
    case 0: {
      // a number (id, ref, coordinate, count) replaced
      const nums = [...text.matchAll(/-?\d+(\.\d+)?/g)];
      if (!nums.length) break;
      const m = r.pick(nums);
      return text.slice(0, m.index) + r.pick(WEIRD_NUMBERS) + text.slice(m.index + m[0].length);
    }
    case 1: {
      const i = r.int(lines.length);
      lines.splice(i, 0, lines[i]); // a repeated element or row
      return lines.join('\n');
    }
    case 2: {
      lines.splice(r.int(lines.length), 1 + r.int(3));
      return lines.join('\n');
    }
    case 3: {
      const at = r.int(text.length);
      return text.slice(0, at) + r.pick(WEIRD_TEXT) + text.slice(at);
    }
    default: {
      // a quoted value replaced
      const qs = [...text.matchAll(/"[^"\n]{0,40}"/g)];
      if (!qs.length) break;
      const m = r.pick(qs);
      const v = r.pick([
        '""',
        '"0x10"',
        '"NaN"',
        '" 1 "',
        '"\u0000"',
        `"${'x'.repeat(300)}"`,
        'null',
        '[]',
        '{}',
        '-1',
        '"中文"',
      ]);
      return text.slice(0, m.index) + v + text.slice(m.index + m[0].length);
    }
  }
  return text + r.pick(WEIRD_TEXT);
}

/** JSON-level: one value somewhere in the document replaced by a value of another type */
export function mutateJson(text, r) {
  let doc;
  try {
    doc = JSON.parse(text.replace(/^\ufeff/, ''));
  } catch {
    return mutateText(text, r);
  }
  const slots = [];
  const walk = (v, parent, key, depth) => {
    if (parent !== null) slots.push([parent, key]);
    if (depth > 12 || v === null || typeof v !== 'object') return;
    if (Array.isArray(v)) v.forEach((x, i) => walk(x, v, i, depth + 1));
    else for (const k of Object.keys(v)) walk(v[k], v, k, depth + 1);
  };
  walk(doc, null, null, 0);
  if (!slots.length) return mutateText(text, r);
  const [parent, key] = r.pick(slots);
  const replacement = r.pick([
    null,
    0,
    -1,
    1.5,
    1e308,
    'x',
    '',
    [],
    {},
    [1, 2],
    { lon: 5 },
    true,
    'NaN',
    '0x10',
    123456789012345678901n,
  ]);
  if (typeof replacement === 'bigint') {
    parent[key] = '__BIG__';
    return JSON.stringify(doc).replace('"__BIG__"', replacement.toString());
  }
  if (Array.isArray(parent) && r.int(4) === 0)
    parent.splice(key, 0, parent[key]); // a repeated element
  else parent[key] = replacement;
  return JSON.stringify(doc);
}

/** a network file mutated and, half the time, given a valid checksum again (only structure checks catch it) */
export function mutateNetwork(buf, r) {
  const m = mutateBytes(buf, r);
  if (r.int(2) === 0 || m.length < 32) return m;
  // rewrite the trailer's CRC so the structural validation is what must catch the damage
  const end = m.length - 12;
  if (m.toString('latin1', m.length - 8) !== 'LCNETEND') return m;
  const out = Buffer.from(m);
  out.writeUInt32LE(crc32(out.subarray(0, end)) >>> 0, end);
  return out;
}

// ---- seeds --------------------------------------------------------------------------------------

/** small real files per reader, with the mutation that suits them */
export function osmSeeds() {
  const seeds = [];
  const add = (reader, path, mutate) => existsSync(path) && seeds.push({ reader, path, mutate });
  if (HAS_SHARED) {
    add('xml', join(REAL, 'cn-fujian-ninghua/map.osm'), 'text');
    add('xml', join(REAL, 'cn-beijing-bupt/map.osm'), 'bytes');
    add('pbf', join(REAL, 'ext-andorra/andorra.osm.pbf'), 'bytes');
    add('xml.gz', join(REAL, 'ext-monaco/monaco.osm.gz'), 'bytes');
    add('xml.bz2', join(REAL, 'ext-west-oakland/West-Oakland.osm.bz2'), 'bytes');
  }
  add('xml', join(SAMPLE, 'town.osm'), HAS_SHARED ? 'bytes' : 'text');
  return seeds;
}

/** Overpass JSON of the sample town (no real Overpass export is kept), written once per process */
let overpassSeed = null;
export async function overpassJson() {
  if (overpassSeed) return overpassSeed;
  const { readOsm } = await import(join(ROOT, 'dist/osm/read.js'));
  const elements = [];
  await readOsm(join(SAMPLE, 'town.osm'), (b) => {
    const tags = (kv, a, z) => {
      const t = {};
      for (let k = a; k < z; k += 2) t[b.strings[kv[k]]] = b.strings[kv[k + 1]];
      return t;
    };
    for (let i = 0; i < b.nodes.count; i++)
      elements.push({
        type: 'node',
        id: b.nodes.ids[i],
        lat: b.nodes.lat[i] / 1e7,
        lon: b.nodes.lon[i] / 1e7,
        tags: tags(b.nodes.kv, b.nodes.kvOff[i], b.nodes.kvOff[i + 1]),
      });
    for (let i = 0; i < b.ways.count; i++)
      elements.push({
        type: 'way',
        id: b.ways.ids[i],
        nodes: Array.from(b.ways.refs.subarray(b.ways.refOff[i], b.ways.refOff[i + 1])),
        tags: tags(b.ways.kv, b.ways.kvOff[i], b.ways.kvOff[i + 1]),
      });
  });
  overpassSeed = `{"version": 0.6, "elements": [\n${elements.map((e) => JSON.stringify(e)).join(',\n')}\n]}\n`;
  return overpassSeed;
}

// ---- running cases ------------------------------------------------------------------------------

const isOneLine = (s) => ![...s].some((ch) => ch.charCodeAt(0) < 0x20) && s.length <= 1000;

/** one in-process reader case: returns null when fine, else what went wrong */
export async function readerCase(readOsm, file) {
  const t0 = Date.now();
  try {
    await readOsm(file, () => {});
  } catch (e) {
    if (e?.name !== 'InputError') return `${e?.name ?? 'throw'}: ${String(e?.message ?? e).slice(0, 300)}`;
    if (!isOneLine(e.message)) return `message not one line: ${JSON.stringify(e.message.slice(0, 300))}`;
  }
  const ms = Date.now() - t0;
  return ms > MAX_CASE_MS ? `took ${ms} ms` : null;
}

/** one in-process network-file case */
export async function networkCase(loadNetworkFile, file) {
  try {
    const net = loadNetworkFile(file, { checkSource: false });
    net.features();
  } catch (e) {
    if (e?.name !== 'InputError') return `${e?.name ?? 'throw'}: ${String(e?.message ?? e).slice(0, 300)}`;
    if (!isOneLine(e.message)) return `message not one line: ${JSON.stringify(e.message.slice(0, 300))}`;
  }
  return null;
}

/** runs the CLI in `dir`; resolves with status, stderr, ms, rss (MB, when /usr/bin/time exists) */
export function runCli(args, dir) {
  return new Promise((done) => {
    const rssFile = join(dir, '..', `rss-${process.pid}-${Math.random().toString(36).slice(2)}`);
    const cmd = TIME ? TIME : process.execPath;
    const argv = TIME ? ['-q', '-f', '%M', '-o', rssFile, process.execPath, BIN, ...args] : [BIN, ...args];
    const t0 = Date.now();
    const child = spawn(cmd, argv, {
      cwd: dir,
      env: { ...process.env, NO_COLOR: '1' },
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (b) => {
      if (stderr.length < 20000) stderr += b;
    });
    const timer = setTimeout(() => child.kill('SIGKILL'), MAX_CASE_MS);
    child.on('exit', (code, sig) => {
      clearTimeout(timer);
      let rss = null;
      if (TIME && existsSync(rssFile)) {
        rss = Number(readFileSync(rssFile, 'utf8').trim().split('\n').pop()) / 1024;
        rmSync(rssFile, { force: true });
      }
      done({ status: code ?? (sig === 'SIGKILL' ? 'timeout' : sig), stderr, ms: Date.now() - t0, rss });
    });
  });
}

/** the checks every CLI case must pass; `inputs` are the files that were there before */
export function cliProblems(r, dir, inputs) {
  const p = [];
  if (r.status !== 0 && r.status !== 2) p.push(`exit ${r.status}`);
  const lines = r.stderr.split('\n').filter((l) => l.length);
  if (r.status === 2 && (lines.length !== 1 || !lines[0].startsWith('error: ')))
    p.push(`stderr not one error line: ${JSON.stringify(r.stderr.slice(0, 400))}`);
  if (r.status === 0 && lines.some((l) => l.startsWith('error')))
    p.push(`error on success: ${JSON.stringify(r.stderr.slice(0, 400))}`);
  if (/\n\s+at |unexpected failure/.test(r.stderr))
    p.push(`stack trace or unexpected failure: ${JSON.stringify(r.stderr.slice(0, 400))}`);
  if (r.rss !== null && r.rss > MAX_RSS_MB) p.push(`peak RSS ${Math.round(r.rss)} MB`);
  const left = listAll(dir).filter((f) => !inputs.includes(f));
  if (r.status === 2 && left.length) p.push(`left on disk after a refusal: ${left.slice(0, 5).join(', ')}`);
  const temps = left.filter((f) => /\.tmp$/.test(f));
  if (temps.length) p.push(`temporary files left: ${temps.join(', ')}`);
  return p;
}

function listAll(dir, prefix = '') {
  const out = [];
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const rel = prefix + e.name;
    if (e.isDirectory()) {
      out.push(`${rel}/`);
      out.push(...listAll(join(dir, e.name), `${rel}/`));
    } else out.push(rel);
  }
  return out;
}

/** Shapefile and GeoPackage seeds written by ogr2ogr into `dir` (null without GDAL) */
export function makeGisSeeds(dir) {
  return gisSeeds(ROOT, dir);
}

/** mutated planner files for the in-process input stage: [label, files, file to read, 'communities' | 'list'] */
export function inputStageInputs(i, r, seeds) {
  return inputReaderInputs(i, r, seeds, { mutateBytes, mutateJson, mutateText, root: ROOT });
}

/** one in-process input-stage case: the communities or list reader on `file`; null when fine */
export async function inputCase(read, file) {
  const t0 = Date.now();
  try {
    await read(file);
  } catch (e) {
    if (e?.name !== 'InputError') return `${e?.name ?? 'throw'}: ${String(e?.message ?? e).slice(0, 300)}`;
    if (!isOneLine(e.message)) return `message not one line: ${JSON.stringify(e.message.slice(0, 300))}`;
  }
  const ms = Date.now() - t0;
  return ms > MAX_CASE_MS ? `took ${ms} ms` : null;
}

/** the CLI input kinds: a seed file, how to mutate it, and the command that reads it; `gis`: makeGisSeeds() */
export function cliKinds(net, gis = null) {
  const commFile = join(SAMPLE, 'communities.geojson');
  const realComm = HAS_SHARED ? join(REAL, 'cn-admin-datav-gcj02/441802_qingcheng.json') : null;
  return [
    {
      kind: 'osm xml (inspect)',
      seed: join(SAMPLE, 'town.osm'),
      name: 'town.osm',
      mutate: 'text',
      args: (f) => ['inspect', f, '-q'],
    },
    {
      kind: 'osm xml (prepare)',
      seed: join(SAMPLE, 'town.osm'),
      name: 'town.osm',
      mutate: 'bytes',
      args: (f) => ['prepare', f, '-o', 'out/x.lcnet', '-q'],
    },
    {
      kind: 'network file (route)',
      seed: net,
      name: 'n.lcnet',
      mutate: 'network',
      args: (f) => ['route', f, '--from', '113.040,23.670', '--to', '113.052,23.680', '-q'],
    },
    {
      kind: 'communities geojson (coverage)',
      seed: commFile,
      name: 'c.geojson',
      mutate: 'json',
      args: (f) => ['coverage', net, '--communities', f, '-o', 'out', '-q'],
    },
    ...(realComm
      ? [
          {
            kind: 'real boundary geojson (isochrones)',
            seed: realComm,
            name: 'b.geojson',
            mutate: 'json',
            args: (f) => ['isochrones', net, '--origins', f, '-o', 'iso.geojson', '-q'],
          },
        ]
      : []),
    {
      kind: 'origins geojson (isochrones)',
      seed: commFile,
      name: 'o.geojson',
      mutate: 'json',
      args: (f) => ['isochrones', net, '--origins', f, '-o', 'iso.geojson', '-q'],
    },
    {
      kind: 'facility csv (facilities)',
      seed: join(SAMPLE, 'facilities.csv'),
      name: 'f.csv',
      mutate: 'text',
      args: (f) => ['facilities', net, '--facilities', f, '--crs', 'gcj02', '-o', 'out/f.geojson', '-q'],
    },
    {
      kind: 'profile yaml (profiles)',
      seed: join(ROOT, 'data/profiles/gb50180-2018.yaml'),
      name: 'p.yaml',
      mutate: 'text',
      args: (f) => ['profiles', f],
    },
    {
      kind: 'clip geojson (prepare --clip)',
      seed: commFile,
      name: 'clip.geojson',
      mutate: 'json',
      args: (f) => ['prepare', join(SAMPLE, 'town.osm'), '--clip', f, '-o', 'out/x.lcnet', '-q'],
    },
    {
      kind: 'job yaml (run)',
      seed: join(SAMPLE, 'job.yaml'),
      name: 'job.yaml',
      mutate: 'text',
      args: (f) => ['run', f, '-q'],
      withSample: true,
    },
    ...gisKinds(gis, net, { mutateBytes, mutateText, root: ROOT }),
  ];
}

/** one CLI case of a kind: writes the mutated input into a fresh folder, runs, checks */
export async function cliCase(k, r, keepFailures) {
  const base = mkdtempSync(join(tmpdir(), 'lc-fuzz-'));
  const dir = join(base, 'case');
  mkdirSync(dir);
  try {
    let files;
    if (k.files) files = await k.files(r);
    else {
      const seed = readFileSync(k.seed);
      let data;
      if (k.mutate === 'bytes') data = mutateBytes(seed, r);
      else if (k.mutate === 'network') data = mutateNetwork(seed, r);
      else if (k.mutate === 'json') data = mutateJson(seed.toString('utf8'), r);
      else data = mutateText(seed.toString('utf8'), r);
      files = { [k.name]: data };
    }
    for (const [name, data] of Object.entries(files)) writeFileSync(join(dir, name), data);
    if (k.withSample)
      for (const f of ['town.osm', 'communities.geojson', 'facilities.csv'])
        copyFileSync(join(SAMPLE, f), join(dir, f));
    const inputs = readdirSync(dir);
    const res = await runCli(k.args(k.name), dir);
    const problems = cliProblems(res, dir, inputs);
    if (problems.length && keepFailures) {
      const save = join(keepFailures, `${k.kind.replace(/\W+/g, '-')}-${Date.now()}`);
      mkdirSync(save, { recursive: true });
      for (const [name, data] of Object.entries(files)) writeFileSync(join(save, name), data);
      problems.push(`input saved in ${save}`);
    }
    return { status: res.status, ms: res.ms, rss: res.rss, problems };
  } finally {
    rmSync(base, { recursive: true, force: true });
  }
}

/** mutated OSM inputs for the in-process readers: [reader label, bytes] */
export async function readerInputs(seedNo, r) {
  const seeds = osmSeeds();
  const json = await overpassJson();
  const s = seeds[seedNo % (seeds.length + 1)];
  if (!s) {
    const t = r.int(3) === 0 ? mutateText(json, r) : mutateJson(json, r);
    return r.int(4) === 0 ? ['json.gz', gzipSync(Buffer.from(t)), 'x.json.gz'] : ['json', Buffer.from(t), 'x.json'];
  }
  const buf = readFileSync(s.path);
  if (s.mutate === 'text') return [s.reader, Buffer.from(mutateText(buf.toString('utf8'), r)), 'x.osm'];
  return [s.reader, mutateBytes(buf, r), s.path.split('/').pop()];
}
