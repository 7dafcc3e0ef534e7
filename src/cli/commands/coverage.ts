import type { Command } from 'commander';
import { join, resolve } from 'node:path';
import type { Job } from '../../coverage/job.js';
import type { Lang } from '../../profiles/types.js';
import {
  DEFAULT_BANDS,
  DEFAULT_LANG,
  DEFAULT_MISSING_DATA,
  DEFAULT_PROFILE,
  DEFAULT_SPEED,
  PARAMETERS,
} from '../../params/parameters.js';
import { dataPath } from '../../util/data-files.js';
import { InputError } from '../../util/errors.js';
import {
  addFacilityListOptions,
  addOutputOptions,
  addRoadOptions,
  collect,
  outputSelection,
  parseLang,
  perFile,
} from '../options.js';
import { Progress } from '../progress.js';
import type { JobMode } from '../../shard/run-shard.js';
import { ui } from '../ui.js';

function parseThresholds(vals: string[] | undefined): Record<string, number> {
  const out: Record<string, number> = {};
  for (const v of vals ?? []) {
    const m = /^\s*([a-z0-9_]+)\s*=\s*([0-9.]+)\s*m?\s*$/i.exec(v);
    if (!m || !(Number(m[2]) > 0))
      throw new InputError(`--threshold ${v}: expected category_id=metres, e.g. kindergarten=500`);
    out[m[1]] = Number(m[2]);
  }
  return out;
}

export async function execute(job: Job, quiet: boolean, json: boolean, mode?: JobMode): Promise<void> {
  ui.setQuiet(quiet);
  const { declareInputs } = await import('../../io/atomic.js');
  declareInputs(
    job.from === 'command line' ? null : job.from,
    job.osm,
    job.communities?.file,
    job.roads?.file,
    job.gates?.file,
    job.profile,
    job.categoryMap,
    job.clip?.label ?? null,
    ...job.facilities.map((f) => f.file),
    ...(job.suggest?.candidates ? [job.suggest.candidates.file] : []),
    ...job.planned.map((f) => f.file),
  );
  // the analysis stack loads only when a coverage command runs
  const [{ runJob }, { coverageSummary }] = await Promise.all([
    import('../../coverage/run-job.js'),
    import('../coverage-summary.js'),
  ]);
  const bars = new Map<string, Progress>();
  const names: Record<string, string> = {
    'reading OSM': 'reading OSM',
    communities: 'residents, gates and grids per community',
    suggest: 'where to build (siting)',
    categories: 'distances per facility category',
    isochrones: 'isochrones per community',
  };
  const reporter = {
    stage: (name: string, done: number, total: number) => {
      let p = bars.get(name);
      if (!p) {
        p = new Progress(names[name] ?? name, total, name === 'reading OSM' ? '' : name);
        bars.set(name, p);
      }
      p.update(done, total);
      if (done >= total && name !== 'reading OSM') {
        p.done();
        bars.delete(name);
      }
    },
    stageDone: (name: string, summary: string) => {
      const p = bars.get('reading OSM');
      if (name === 'network' && p) {
        p.done(summary);
        bars.delete('reading OSM');
      } else ui.ok(`${name}: ${summary}`);
    },
    warn: (m: string) => ui.warn(m),
    info: (m: string) => ui.step(m),
  };
  if (job.walkers) {
    const { runWalkers } = await import('../../walkers/run-walkers.js');
    const { results, files } = await runWalkers(job, reporter);
    const line = (w: string) => {
      const r = results.get(w)!;
      const ok = r.result.communities.filter((c) => c.requiredTotal > 0 && c.requiredMet === c.requiredTotal).length;
      const pairs = r.result.communities.reduce(
        (n, c) => n + c.categories.filter((o) => o.category.required && o.pass === true).length,
        0,
      );
      return (
        `  ${w}: ${pairs} community × required category pairs pass, ` +
        `${ok}/${r.result.communities.length} communities meet every required category → ${join(job.output, w)}`
      );
    };
    if (json) ui.json({ output: job.output, walkers: [...results.keys()], files });
    else if (!quiet)
      process.stderr.write(
        `\nwalkers side by side (${files.filter((f) => f.endsWith('.csv')).join(', ')}):\n${[...results.keys()].map(line).join('\n')}\n`,
      );
    return;
  }
  const result = await runJob(job, reporter, mode);
  if (result.shard) {
    const s = result.shard;
    if (json)
      ui.json({
        output: s.dir,
        files: s.files,
        communities: s.communities,
        recompute_at_merge: s.recompute,
        longest_walk_beyond_m: s.longestBeyondM,
        warnings: result.warnings,
      });
    else if (!quiet)
      process.stderr.write(
        `${mode?.kind === 'shard' ? `shard ${mode.spec.index}/${mode.spec.count}` : 'shard'}: ${s.communities} communities → ${s.dir}` +
          (s.recompute.length
            ? ` (${s.recompute.length} beyond the shard's clip, recomputed at merge: ` +
              `${s.recompute.slice(0, 5).join(', ')}${s.recompute.length > 5 ? ', …' : ''})`
            : '') +
          '\n' +
          (s.longestBeyondM
            ? `the longest walk beyond the clip is ${s.longestBeyondM} m: --shard-reach ${s.longestBeyondM} would cover it\n`
            : '') +
          'merge the shards with: lifecircle merge <shard folders> -o <folder>\n',
      );
    return;
  }
  if (json) {
    ui.json({
      output: job.output,
      files: result.files,
      communities: result.result.communities.map((c) => ({
        id: c.community.id,
        name: c.community.name,
        status: c.status,
        required_met: c.requiredMet,
        required_total: c.requiredTotal,
        failing: c.categories.filter((o) => o.pass === false).map((o) => o.category.id),
      })),
      ...(result.suggest ? { suggest: suggestJson(result) } : {}),
      ...(result.merged
        ? { merged: { from_shards: result.merged.fromShards, recomputed: result.merged.recomputed } }
        : {}),
      warnings: result.warnings,
    });
  } else if (!quiet) {
    process.stdout.write(`${coverageSummary(result, job.lang, job.output)}\n`);
    if (result.suggest || result.planned) {
      const { plannedSummary, suggestSummary } = await import('../suggest-summary.js');
      if (result.planned) process.stdout.write(`${plannedSummary(result, job.lang)}\n`);
      if (result.suggest) process.stdout.write(`${suggestSummary(result, job.lang)}\n`);
    }
  }
}

function suggestJson(r: Awaited<ReturnType<typeof import('../../coverage/run-job.js').runJob>>): unknown {
  const s = r.suggest!;
  const cs = r.result.communities;
  return {
    unit: s.unit,
    candidates: s.candidates,
    answers: s.answers.map((a) => ({
      category: a.category.id,
      community: a.forCommunity === null ? null : cs[a.forCommunity].community.id,
      sites: a.sites,
      newly_covered: Math.round(a.value * 10) / 10,
      at_least_share_of_best: Math.round(Math.min(1, a.guaranteed) * 1000) / 1000,
      passes: a.passes ?? null,
    })),
  };
}

export function registerCoverage(program: Command): void {
  const cmd = program
    .command('coverage')
    .description(
      'Facility coverage and gaps for every community: walking distance from residents to the ' +
        'nearest facility of each category of a standards profile, pass/fail, gap polygons, routes, ' +
        'isochrones',
    );
  addCoverageOptions(cmd)
    .addHelpText(
      'after',
      '\nA community passes a category when --pass-share (default 90 %) of its residents reach a ' +
        "facility within the\ncategory's walking distance.\n\nExample:\n  $ lifecircle coverage " +
        'city.lcnet --communities communities.geojson --profile complete-community-2020 \\\n      ' +
        '--facilities amap.csv --crs gcj02 -o results/',
    )
    .action(async (file: string, o: CoverageOptions) => {
      const job = await jobFromOptions(file, o);
      await execute(
        job,
        !!o.quiet,
        !!o.json,
        await shardMode(job, o as { shard?: string; shardCount?: string; shardReach?: string }),
      );
    });

  const run = program
    .command('run')
    .description(
      'Run a whole coverage job described in a YAML file (OSM file, communities, facility lists ' +
        'with their CRS, profile, threshold overrides, output folder). Without a file: the sample ' +
        'job on the synthetic town in data/sample/',
    )
    .argument('[job.yaml]', 'the job file', dataPath('sample', 'job.yaml'))
    .option('--lang <zh|en>', "language of every output and the summary (overrides the job's lang)", parseLang);
  addShardOptions(addOutputOptions(run))
    .option('--json', 'print a JSON summary on stdout')
    .option('-q, --quiet', 'no progress messages or summary')
    .addHelpText(
      'after',
      '\nJob file keys: osm, communities, gates, profile, facilities (file, crs, columns, category, ' +
        'sheet), category_map,\nuse_osm_facilities, thresholds, output, lang, pass_share, bands, ' +
        'speed, corridor_m, resolution_m, max_snap_m,\nmin_component, roads, roads_mode, clip, clip_margin_m, ' +
        'outputs, browser,\nsuggest, planned (docs/siting.md), ' +
        'walker, walkers (docs/walkers.md). See ' +
        'docs/coverage.md.\n\nExample:\n  $ lifecircle run qingyuan-85.yaml',
    )
    .action(
      async (
        jobFile: string,
        o: {
          json?: boolean;
          quiet?: boolean;
          lang?: Lang;
          outputs?: string;
          pdf?: boolean;
          browser?: string;
          shard?: string;
          shardCount?: string;
          shardReach?: string;
        },
      ) => {
        const { parseJob } = await import('../../coverage/job.js');
        const job = parseJob(jobFile);
        if (o.lang) job.lang = o.lang;
        await outputSelection(o, job);
        // the sample job writes next to where it is run, not into the package's data folder
        if (resolve(jobFile) === dataPath('sample', 'job.yaml')) job.output = resolve('lifecircle-sample-output');
        await execute(job, !!o.quiet, !!o.json, await shardMode(job, o));
      },
    );
}

export type CoverageOptions = Record<string, unknown> & {
  facilities?: string[];
  crs?: string[];
  columns?: string[];
  sheet?: string[];
  category?: string[];
  listCategory?: string[];
};

/** the Job of the coverage options (shared by coverage and suggest; suggest names the lists' --category --list-category) */
export async function jobFromOptions(
  file: string,
  o: CoverageOptions,
  listCategory: 'category' | 'listCategory' = 'category',
): Promise<Job> {
  const { resolveJob } = await import('../../coverage/job.js');
  const { roadsSpecFromOptions } = await import('../options.js');
  type RoadOptionsT = import('../options.js').RoadOptions;
  await roadsSpecFromOptions(o as RoadOptionsT); // --roads-crs and the like without --roads: one clear line
  const files = o.facilities ?? [];
  const crs = perFile('--crs', o.crs, files.length);
  const cols = perFile('--columns', o.columns, files.length);
  const sheet = perFile('--sheet', o.sheet, files.length);
  const cat = perFile(
    listCategory === 'category' ? '--category' : '--list-category',
    o[listCategory] as string[] | undefined,
    files.length,
  );
  // the options as job values: one parse for a job file and the command line
  const job = resolveJob(
    {
      osm: file,
      communities:
        o.communities === undefined
          ? undefined
          : {
              file: o.communities,
              crs: o.communitiesCrs,
              layer: o.layer,
              id_field: o.idField,
              name_field: o.nameField,
              households_field: o.householdsField,
              population_field: o.populationField,
            },
      roads:
        o.roads === undefined
          ? undefined
          : { file: o.roads, crs: o.roadsCrs, layer: o.roadsLayer, class_field: o.roadClassField },
      roads_mode: o.roadsMode,
      gates: o.gates === undefined ? undefined : { file: o.gates, crs: o.gatesCrs, layer: o.gatesLayer },
      profile: o.profile,
      facilities: files.map((f, i) => ({ file: f, crs: crs(i), columns: cols(i), sheet: sheet(i), category: cat(i) })),
      category_map: o.categoryMap,
      use_osm_facilities: o.osm !== false,
      thresholds: parseThresholds(o.threshold as string[] | undefined),
      output: o.output,
      lang: o.lang,
      pass_share: o.passShare,
      missing_data: o.missingData,
      bands: o.bands,
      // the walker's own speed unless --speed is given
      speed: o.speed === DEFAULT_SPEED ? undefined : o.speed,
      walker: o.walker,
      max_snap_m: o.maxSnap,
      planned: ((o.planned as string[] | undefined) ?? []).map((f) => ({ file: f, crs: o.plannedCrs })),
      outputs: o.outputs,
    },
    'options',
    (p) => p as string,
  );
  await outputSelection({ pdf: o.pdf as boolean | undefined, browser: o.browser as string | undefined }, job);
  return job;
}

/** the options of `coverage`, also taken by `suggest` (whose lists' fixed category is --list-category) */
export function addCoverageOptions(cmd: Command, listCategoryFlag = '--category'): Command {
  cmd
    .argument('<osm-or-network-file>', 'an OSM file or a network file from prepare')
    .option(
      '--communities <file>',
      'community polygons (GeoJSON, Shapefile .shp/.zip, GeoPackage) with id, name and optional ' +
        'households/population (default: named residential areas from OSM)',
    )
    .option(
      '--communities-crs <crs>',
      "their coordinate system: wgs84, gcj02, bd09, EPSG:<code> or a .prj file (default: the file's own, else wgs84)",
    )
    .option(
      '--layer <name>',
      'the GeoPackage layer (or zipped Shapefile) of the communities, when the file holds several',
    )
    .option('--id-field <key>', 'property holding the community id (default: id, 社区编号, 编号, …)')
    .option('--name-field <key>', 'property holding the community name (default: name, 社区名称, 名称, …)')
    .option('--households-field <key>', 'property holding households (default: households, 户数, …)')
    .option('--population-field <key>', 'property holding population (default: population, 人口, 常住人口, …)')
    .option(
      '--gates <file>',
      'gates of closed compounds (points: GeoJSON, Shapefile, GeoPackage, CSV/XLSX): a community with gates on its ' +
        'boundary (within 30 m) is left and entered only through them; OSM entrances on its boundary count too',
    )
    .option('--gates-crs <crs>', "the gates' coordinate system (default: the file's own, else wgs84)")
    .option(
      '--gates-layer <name>',
      'the GeoPackage layer (or zipped Shapefile) of the gates, when the file holds several',
    )
    .option('--profile <name-or-file>', 'standards profile', DEFAULT_PROFILE);
  addRoadOptions(cmd);
  addFacilityListOptions(cmd, listCategoryFlag)
    .option('--threshold <id=metres>', 'override a category threshold, e.g. kindergarten=500; repeatable', collect)
    .option(
      '--pass-share <share>',
      'share of residents that must be within the distance for a pass',
      String(PARAMETERS.passShare.default),
    )
    .option(
      '--missing-data <not_assessed|fail>',
      'a category with no facility in OSM or any list: not assessed (未评估：无数据) or, as before, fail',
      DEFAULT_MISSING_DATA,
    )
    .option('--bands <list>', 'isochrone bands', DEFAULT_BANDS)
    .option('--speed <speed>', 'walking speed for time bands', DEFAULT_SPEED)
    .option('--max-snap <metres>', 'maximum distance from a point to the network', String(PARAMETERS.maxSnapM.default))
    .option(
      '--planned <file>',
      'planned facilities (CSV, XLSX, GeoJSON with a category column): every metric before and after them; repeatable',
      collect,
    )
    .option(
      '--planned-crs <crs>',
      'coordinate system of the planned lists: wgs84, gcj02, bd09, EPSG:<code> or a .prj file',
      'wgs84',
    )
    .option('--walker <name>', 'who walks: default, elderly, child, wheelchair (data/walkers.yaml)', 'default')
    .option(
      '--lang <zh|en>',
      'language of every output (headers, names, report) and the summary',
      parseLang,
      DEFAULT_LANG,
    )
    .requiredOption('-o, --output <dir>', 'output folder (created if needed)');
  return addShardOptions(addOutputOptions(cmd))
    .option('--json', 'print a JSON summary on stdout')
    .option('-q, --quiet', 'no progress messages or summary');
}

/** --shard i/n|env and --shard-count (run and coverage) */
function addShardOptions(cmd: Command): Command {
  return cmd
    .option(
      '--shard <i/n|env>',
      'run only shard i of n (1-based) of the communities, for lifecircle merge; env: i and n from the scheduler ' +
        '(JOB_COMPLETION_INDEX, SLURM_ARRAY_TASK_ID, AWS_BATCH_JOB_ARRAY_INDEX, PARALLEL_SEQ)',
    )
    .option(
      '--shard-count <n>',
      'the number of shards, with --shard env when the scheduler does not say (GNU parallel, Kubernetes)',
    )
    .option(
      '--shard-reach <metres>',
      "walking distance up to which a shard's results must be exact in its clip of the network (default: twice the " +
        'longest threshold or band); the clip is this plus 2 × max snap around its communities, and merge recomputes ' +
        'on the whole network any community with a walk beyond it',
    );
}

/** --shard: this run is one part of the job, written into <output>/shard-<i>-of-<n> */
async function shardMode(
  job: Job,
  o: { shard?: string; shardCount?: string; shardReach?: string },
): Promise<JobMode | undefined> {
  if (o.shard === undefined) {
    if (o.shardCount !== undefined || o.shardReach !== undefined)
      throw new InputError(
        `${o.shardCount !== undefined ? '--shard-count' : '--shard-reach'} applies with --shard; give --shard too`,
      );
    return undefined;
  }
  const [{ parseShard }, { shardDir }] = await Promise.all([
    import('../../shard/spec.js'),
    import('../../shard/run-shard.js'),
  ]);
  const spec = parseShard(o.shard, o.shardCount, process.env);
  if (job.walkers)
    throw new InputError(
      `${job.from}: --shard runs one walker; the job lists walkers: [${job.walkers.join(', ')}] — give one walker: per sharded job`,
    );
  if (job.roads)
    throw new InputError(
      `${job.from}: --shard does not clip road lines (roads:) yet; run the job unsharded, or prepare the network with --roads and shard that`,
    );
  if (job.gates)
    throw new InputError(
      `${job.from}: --shard does not carry the gates of closed compounds (gates:) to its merge yet; run the job unsharded`,
    );
  if (job.clip)
    throw new InputError(
      `${job.from}: --shard clips the network itself; with clip: in the job, prepare the clipped network first (lifecircle prepare --clip) and give it as osm:`,
    );
  let reachM: number | undefined;
  if (o.shardReach !== undefined) {
    reachM = Number(o.shardReach.replace(/m$/, ''));
    if (!(Number.isFinite(reachM) && reachM > 0))
      throw new InputError(`--shard-reach ${o.shardReach}: expected metres, e.g. 2000`);
  }
  job.output = shardDir(job.output, spec);
  return { kind: 'shard', spec, reachM };
}
