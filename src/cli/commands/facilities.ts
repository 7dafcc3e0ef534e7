import type { Command } from 'commander';
import { basename, dirname, extname, join } from 'node:path';
import { DEFAULT_PROFILE } from '../../params/parameters.js';
import type { ListSpec } from '../../facilities/list-facilities.js';
import type { Lang, Profile } from '../../profiles/types.js';
import { InputError } from '../../util/errors.js';
import { addFacilityListOptions, parseLang, perFile } from '../options.js';
import { fmtInt, ui } from '../ui.js';

/** Pairs the repeatable per-file options with --facilities files: the i-th value goes with the i-th file; one value applies to all. */
export async function listSpecs(
  o: {
    facilities?: string[];
    crs?: string[];
    columns?: string[];
    sheet?: string[];
    category?: string[];
    categoryMap?: string;
  },
  profile: Profile,
): Promise<ListSpec[]> {
  const [{ loadCategoryMap }, { parseColumnsOption }, { listCrs }] = await Promise.all([
    import('../../facilities/list-facilities.js'),
    import('../../facilities/columns.js'),
    import('../../inputs/list-crs.js'),
  ]);
  const files = o.facilities ?? [];
  const crs = perFile('--crs', o.crs, files.length);
  const cols = perFile('--columns', o.columns, files.length);
  const cat = perFile('--category', o.category, files.length);
  const sheet = perFile('--sheet', o.sheet, files.length);
  const map = o.categoryMap ? loadCategoryMap(o.categoryMap, profile) : undefined;
  return files.map((path, i) => ({
    path,
    ...listCrs(crs(i), '--crs'),
    columns: cols(i) ? parseColumnsOption(cols(i)!) : undefined,
    sheet: sheet(i),
    category: cat(i),
    categoryMap: map,
  }));
}

export function registerFacilities(program: Command): void {
  const cmd = program
    .command('facilities')
    .description(
      "The facility inventory for a standards profile: OSM facilities matched by the profile's " +
        "tags, plus planners' own lists (CSV/XLSX/GeoJSON in WGS-84, GCJ-02 or BD-09), merged",
    )
    .argument('<osm-or-network-file>', 'an OSM file or a network file from prepare')
    .option('--profile <name-or-file>', 'standards profile (see `lifecircle profiles`)', DEFAULT_PROFILE);
  addFacilityListOptions(cmd)
    .requiredOption(
      '-o, --output <facilities.geojson>',
      'GeoJSON to write; a CSV with the same name is written beside it',
    )
    .option('--lang <zh|en>', 'language of CSV headers and category names', parseLang, 'zh' as Lang)
    .option('--json', 'print counts per category and source on stdout')
    .option('-q, --quiet', 'no progress messages')
    .addHelpText(
      'after',
      '\nExample:\n  $ lifecircle facilities city.lcnet --profile complete-community-2020 \\\n    ' +
        '  --facilities amap-poi.csv --crs gcj02 --facilities 民政局养老站.xlsx --crs wgs84 --category ' +
        'elderly_service_station \\\n      -o facilities.geojson',
    )
    .action(
      async (
        file: string,
        o: {
          profile: string;
          facilities?: string[];
          crs?: string[];
          columns?: string[];
          sheet?: string[];
          category?: string[];
          categoryMap?: string;
          osm: boolean;
          output: string;
          lang: Lang;
          json?: boolean;
          quiet?: boolean;
        },
      ) => {
        ui.setQuiet(!!o.quiet);
        const [
          { loadProfile },
          { collectFacilities },
          { checkWritable, declareInputs, OutputSet },
          { facilitiesTable, facilityRows },
          { materialize },
          { csvChunks, csvtText, WGS84_PRJ },
          { geojsonChunks },
          { openNetwork },
        ] = await Promise.all([
          import('../../profiles/load-profile.js'),
          import('../../facilities/collect.js'),
          import('../../io/atomic.js'),
          import('../../outputs/tables/facilities.js'),
          import('../../outputs/schema.js'),
          import('../../outputs/csv.js'),
          import('../../outputs/geojson.js'),
          import('../open-network.js'),
        ]);
        const profile = loadProfile(o.profile);
        const specs = await listSpecs(o, profile);
        if (!o.osm && specs.length === 0)
          throw new InputError('--no-osm with no --facilities lists: there is nothing to read');
        declareInputs(file, o.profile, o.categoryMap, ...(o.facilities ?? []));
        const base = join(dirname(o.output), basename(o.output, extname(o.output)));
        const csvPath = `${base}.csv`;
        checkWritable(o.output);
        checkWritable(csvPath);
        const net = await openNetwork(file);
        const { Progress } = await import('../progress.js');
        const bars = new Map<string, InstanceType<typeof Progress>>();
        const stage = await collectFacilities(net, profile, specs, o.osm, (path, done, total) => {
          let p = bars.get(path);
          if (!p) {
            p = new Progress(`checking ${basename(path)}`, total, 'rows');
            bars.set(path, p);
          }
          p.update(done, total);
          if (done >= total) {
            p.done(`${fmtInt(total)} rows`);
            bars.delete(path);
          }
        });
        for (const n of stage.mappingNotes) ui.step(n);
        for (const w of stage.warnings) ui.warn(w);
        const inv = stage.inventory;
        if (inv.facilities.length === 0) {
          throw new InputError(
            `no facilities of profile ${profile.id} found: ${
              o.osm
                ? `OSM has none tagged as its categories${specs.length ? ' and the lists gave none' : ''}`
                : 'the lists gave none'
            }; give a list with --facilities`,
          );
        }
        const out = new OutputSet();
        // the same facilities table as a coverage run writes (on_network empty: nothing was snapped here)
        const table = materialize(facilitiesTable(profile), facilityRows(inv.facilities, profile, null), o.lang);
        out.stage(o.output, geojsonChunks(table));
        out.stage(csvPath, csvChunks(table, o.lang));
        out.stage(`${base}.csvt`, csvtText(table));
        out.stage(`${base}.prj`, WGS84_PRJ);
        out.commit();
        const empty = profile.categories.filter((c) => inv.counts[c.id].total === 0).map((c) => c.id);
        ui.ok(
          `${fmtInt(inv.facilities.length)} facilities (${fmtInt(stage.osmCount)} from OSM, ` +
            `${fmtInt(stage.lists.reduce((s, l) => s + l.facilities.length, 0))} from lists, ` +
            `${fmtInt(inv.merged)} merged) → ${o.output}, ${csvPath}`,
        );
        if (empty.length) ui.warn(`no facilities at all for: ${empty.join(', ')}`);
        if (o.json) {
          ui.json({
            profile: profile.id,
            facilities: inv.facilities.length,
            merged: inv.merged,
            perCategory: inv.counts,
            lists: stage.lists.map((l) => ({
              file: l.spec.path,
              crs: l.spec.crsSpec ?? l.spec.crs,
              encoding: l.list.encoding,
              format: l.list.format,
              rows: l.list.placed.length,
              skipped: l.list.skipped.length,
              used: l.facilities.length,
              outsideArea: l.outside ?? 0,
              mappedRows: l.mappedRows,
              perCategory: l.perCategory,
              unknownCategories: l.unknownCategories,
              noCategory: l.noCategory,
            })),
            warnings: stage.warnings,
          });
        }
      },
    );
}
