/** Options shared by several commands, and their parsing with one clear error line each. */
import type { Command } from 'commander';
import type { ClipArea } from '../network/clip.js';
import { readNumber } from '../params/parameters.js';
import type { Lang } from '../profiles/types.js';
import { InputError } from '../util/errors.js';
import type { RoadsSpec } from '../roads/read-roads.js';

export async function parseClipOption(spec: string | undefined, margin: string): Promise<ClipArea | undefined> {
  if (!spec) return undefined;
  const m = readNumber('clipMarginM', margin, 'options');
  const { parseClip } = await import('../network/clip.js');
  return parseClip(spec, m);
}

export function parseLang(v: string): Lang {
  if (v !== 'zh' && v !== 'en') throw new InputError(`--lang ${v}: expected zh or en`);
  return v;
}

/**
 * Repeatable per-list options (--crs, --columns, --category) go with the --facilities files in
 * order: given once, the value applies to every file; otherwise once per file.
 */
export function perFile(name: string, vals: string[] | undefined, files: number): (i: number) => string | undefined {
  if (!vals || vals.length === 0) return () => undefined;
  if (vals.length !== 1 && vals.length !== files)
    throw new InputError(
      `${name} is given ${vals.length} times for ${files} --facilities files; give it once (for all files) or once per file, in the same order`,
    );
  return (i) => (vals.length === 1 ? vals[0] : vals[i]);
}

/** commander accumulator for repeatable options */
export const collect = (v: string, prev: string[] = []): string[] => [...prev, v];

/** The planners' list options of `facilities` and `coverage`: --facilities, --crs, --columns, --sheet, --category, --category-map, --no-osm. */
export function addFacilityListOptions(cmd: Command, categoryFlag = '--category'): Command {
  return cmd
    .option('--facilities <file>', "a planner's facility list (CSV, XLSX, GeoJSON); repeatable", collect)
    .option(
      '--crs <crs>',
      'coordinate system of the lists: wgs84, gcj02 (Amap, Tencent) or bd09 (Baidu); once for all lists or once per list, in order',
      collect,
    )
    .option(
      '--columns <mapping>',
      'column names when not detected, e.g. lon=经度,lat=纬度,name=名称,category=类型; once or per list',
      collect,
    )
    .option('--sheet <name>', 'the XLSX sheet to read (default: the first sheet); once or per list', collect)
    .option(
      `${categoryFlag} <id>`,
      'all rows of the list are this category (for single-kind lists); once or per list',
      collect,
    )
    .option(
      '--category-map <file.yaml>',
      'YAML "value: category_id" lines for category values the profile does not know',
    )
    .option('--no-osm', 'use only the lists, not the facilities mapped in OSM');
}

/** The output options of `coverage` and `run`: --outputs, --pdf, --browser. */
export function addOutputOptions(cmd: Command): Command {
  return cmd
    .option('--outputs <list>', 'formats to write: csv, xlsx, gpkg, report, geojson, pdf (default: all but pdf)')
    .option('--pdf', 'also write report.pdf (needs an installed Chromium or Chrome)')
    .option('--browser <path>', 'the Chromium or Chrome that prints report.pdf (default: found on PATH)');
}

/** --outputs/--pdf/--browser applied over what the job says */
export async function outputSelection(
  o: { outputs?: string; pdf?: boolean; browser?: string },
  job: { outputs: string[]; browser: string | null },
): Promise<void> {
  const { parseOutputs, OUTPUT_FORMATS } = await import('../outputs/formats.js');
  if (o.outputs !== undefined) {
    const p = parseOutputs(o.outputs);
    if ('bad' in p)
      throw new InputError(`--outputs ${o.outputs}: expected a comma-separated list of ${OUTPUT_FORMATS.join(', ')}`);
    job.outputs = p.formats;
  }
  if (o.pdf && !job.outputs.includes('pdf')) job.outputs.push('pdf');
  if (o.browser !== undefined) job.browser = o.browser;
}

/** --roads and its companions, on every command that builds the network from an OSM file */
export interface RoadOptions {
  roads?: string;
  roadsCrs?: string;
  roadsLayer?: string;
  roadsMode?: string;
  roadClassField?: string;
}

export function addRoadOptions(cmd: Command): Command {
  return cmd
    .option(
      '--roads <file>',
      "a planner's road centre-lines (GeoJSON, Shapefile, GeoPackage lines), noded and used instead of OSM's walkable ways or added to them",
    )
    .option(
      '--roads-crs <crs>',
      "their coordinate system: wgs84, gcj02, bd09, EPSG:<code> or a .prj file (default: the file's own, else wgs84)",
    )
    .option('--roads-layer <name>', 'the GeoPackage layer (or zipped Shapefile) of the road lines')
    .option('--roads-mode <replace|add>', "replace OSM's walkable ways (default) or add the lines to them")
    .option(
      '--road-class-field <key>',
      'property holding the road class (default: 道路等级, 等级, class, highway, fclass, …; data/road-classes.yaml)',
    );
}

export async function roadsSpecFromOptions(o: RoadOptions): Promise<RoadsSpec | undefined> {
  const { parseRoadsMode } = await import('../roads/read-roads.js');
  if (!o.roads) {
    const stray = o.roadsCrs
      ? '--roads-crs'
      : o.roadsLayer
        ? '--roads-layer'
        : o.roadsMode
          ? '--roads-mode'
          : o.roadClassField
            ? '--road-class-field'
            : null;
    if (stray) throw new InputError(`${stray} is given without --roads <file>; add the road file or leave it out`);
    return undefined;
  }
  return {
    file: o.roads,
    crs: o.roadsCrs,
    layer: o.roadsLayer,
    classField: o.roadClassField,
    mode: parseRoadsMode(o.roadsMode, '--roads-mode'),
  };
}
