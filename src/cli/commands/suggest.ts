import type { Command } from 'commander';
import { InputError } from '../../util/errors.js';
import { collect } from '../options.js';
import { addCoverageOptions, type CoverageOptions, execute, jobFromOptions } from './coverage.js';

export function registerSuggest(program: Command): void {
  const cmd = program
    .command('suggest')
    .description(
      'Where to build (补短板): the coverage analysis, then for each failing (or given) category up to ' +
        '--k new sites that bring the most households within walking distance (maximal covering, lazy ' +
        'greedy + swaps, with a proven bound); outputs suggestions.geojson/.csv beside the coverage files',
    );
  addCoverageOptions(cmd, '--list-category')
    .option(
      '--category <id>',
      'a category to site (repeatable; default: every required category that fails somewhere)',
      collect,
    )
    .option('--k <n>', 'new sites per category (city) or at most per community and category (community)', '5')
    .option(
      '--scope <city|community>',
      'city: k sites per category over all communities; community: fewest sites that make each failing community pass',
      'city',
    )
    .option(
      '--candidates <file>',
      "a planner's candidate sites (CSV, XLSX, GeoJSON; a category column limits a site to it)",
    )
    .option(
      '--candidates-crs <crs>',
      'coordinate system of the candidate file: wgs84, gcj02, bd09, EPSG:<code> or a .prj file',
      'wgs84',
    )
    .option(
      '--spacing <metres>',
      'without --candidates: candidate sites generated along walkable streets this far apart',
      '100',
    )
    .option('--parcels', 'also OSM landuse=brownfield/greenfield/construction parcels as candidate sites')
    .addHelpText(
      'after',
      "\nThe facility lists' own fixed category is --list-category here (--category names what to site).\n\nExample:\n" +
        '  $ lifecircle suggest city.lcnet --communities communities.geojson --category kindergarten --k 3 -o results/',
    )
    .action(async (file: string, o: CoverageOptions) => {
      const [{ parseSuggestK, parseSuggestScope, parseSpacing }, { listCrs }] = await Promise.all([
        import('../../params/parameters.js'),
        import('../../inputs/list-crs.js'),
      ]);
      const k = parseSuggestK(o.k, '--k');
      const scope = parseSuggestScope(o.scope, '--scope');
      const spacingM = parseSpacing(o.spacing, '--spacing');
      if (o.candidates !== undefined && o.parcels)
        throw new InputError('--parcels adds to generated candidate sites; it cannot be used with --candidates');
      const job = await jobFromOptions(file, o, 'listCategory');
      job.suggest = {
        categories: (o.category as string[] | undefined) ?? null,
        k,
        scope,
        candidates:
          o.candidates === undefined
            ? null
            : { file: o.candidates as string, ...listCrs(o.candidatesCrs as string | undefined, '--candidates-crs') },
        spacingM,
        parcels: !!o.parcels,
      };
      await execute(job, !!o.quiet, !!o.json);
    });
}
