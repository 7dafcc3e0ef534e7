import type { Command } from 'commander';
import { parseBands, parseSpeed } from '../../isochrone/bands.js';
import { checkGrid, DEFAULT_BANDS, DEFAULT_SPEED, PARAMETERS, readNumber } from '../../params/parameters.js';
import { InputError } from '../../util/errors.js';
import { mark } from '../../util/timing.js';
import { Progress } from '../progress.js';
import { fmtInt, ui } from '../ui.js';
import { addRoadOptions, type RoadOptions, roadsSpecFromOptions } from '../options.js';

interface Opts extends RoadOptions {
  origins: string;
  originsCrs?: string;
  layer?: string;
  idField?: string;
  nameField?: string;
  output: string;
  bands: string;
  speed: string;
  walker: string;
  corridor: string;
  resolution: string;
  maxSnap: string;
  minComponent: string;
  json?: boolean;
  quiet?: boolean;
}

export function registerIsochrones(program: Command): void {
  const cmd = program.command('isochrones');
  addRoadOptions(cmd);
  cmd
    .description(
      'Walking isochrones (5/10/15-minute life circles) for each origin: the area within a walking corridor of every street reachable within each band',
    )
    .argument('<osm-or-network-file>', 'an OSM file or a network file from prepare')
    .requiredOption(
      '--origins <file>',
      'points, or polygons (communities: their entrances, else where walkable ways cross their ' +
        'boundary, else their centroid); features with the same id form one origin set',
    )
    .option(
      '--origins-crs <crs>',
      "their coordinate system: wgs84, gcj02, bd09, EPSG:<code> or a .prj file (default: the file's own, else wgs84)",
    )
    .option('--layer <name>', 'the GeoPackage layer (or zipped Shapefile) of the origins, when the file holds several')
    .option('--id-field <key>', 'property holding the origin id (default: id, 编号, source_id, …)')
    .option('--name-field <key>', 'property holding the origin name (default: name, 名称, …)')
    .requiredOption('-o, --output <out.geojson>', 'GeoJSON to write: one feature per (origin, band)')
    .option(
      '--bands <list>',
      `thresholds: distances (300,500,1000m) or times (5,10,15min, with --speed); the default is ` +
        `GB 50180-2018's 5/10/15-minute life circles as walking distances`,
      DEFAULT_BANDS,
    )
    .option(
      '--speed <speed>',
      "walking speed for time bands: 4km/h, 1.1m/s, 67m/min (default: the walker's)",
      DEFAULT_SPEED,
    )
    .option('--walker <name>', 'who walks: default, elderly, child, wheelchair (data/walkers.yaml)', 'default')
    .option(
      '--corridor <metres>',
      'half-width of the walking corridor drawn around reached streets',
      String(PARAMETERS.corridorM.default),
    )
    .option(
      '--resolution <metres>',
      'grid resolution of the polygons (10 m or finer recommended)',
      String(PARAMETERS.resolutionM.default),
    )
    .option(
      '--max-snap <metres>',
      'maximum distance from an origin to the nearest walkable way',
      String(PARAMETERS.maxSnapM.default),
    )
    .option(
      '--min-component <nodes>',
      'do not snap onto disconnected fragments with fewer nodes than this',
      String(PARAMETERS.minComponent.default),
    )
    .option('--json', 'print a JSON report (counts, unsnapped origins) on stdout')
    .option('-q, --quiet', 'no progress messages')
    .addHelpText(
      'after',
      `
Default bands 300,500,1000m are GB 50180-2018's 5-, 10- and 15-minute life circles (5 min ≈ 300 m,
10 min ≈ 500 m, 15 min ≈ 1000 m of walking). Time bands use --speed (default ${DEFAULT_SPEED}).

Example:
  $ lifecircle isochrones city.lcnet --origins communities.geojson -o isochrones.geojson
  $ lifecircle isochrones city.osm.pbf --origins gates.geojson --bands 5,10,15min --speed 5km/h -o iso.geojson`,
    )
    .action(async (file: string, o: Opts) => {
      ui.setQuiet(!!o.quiet);
      const { walkerByName } = await import('../../walkers/walkers.js');
      const walker = walkerByName(o.walker);
      // --speed given wins; else the walker's own speed
      const speed = parseSpeed(o.speed === DEFAULT_SPEED ? `${walker.speedKmh}km/h` : o.speed);
      const bands = parseBands(o.bands, speed);
      const corridorM = readNumber('corridorM', o.corridor, 'options');
      const resolutionM = readNumber('resolutionM', o.resolution, 'options');
      checkGrid(resolutionM, corridorM, 'options');
      const maxSnapM = readNumber('maxSnapM', o.maxSnap, 'options');
      const minComponent = readNumber('minComponent', o.minComponent, 'options');
      const [
        { checkWritable, declareInputs, writeFileAtomic },
        { rawFeatureCollectionJson },
        { computeIsochrones },
        { needsFeatures, readOriginFeatures, readOrigins },
        { defaultIsochroneWorkers, IsochronePool, MIN_JOBS_FOR_WORKERS },
        { openNetwork },
      ] = await Promise.all([
        import('../../io/atomic.js'),
        import('../../io/geojson.js'),
        import('../../isochrone/isochrones.js'),
        import('../../isochrone/origins.js'),
        import('../../isochrone/pool.js'),
        import('../open-network.js'),
      ]);
      const roads = await roadsSpecFromOptions(o);
      declareInputs(file, o.origins, roads?.file);
      checkWritable(o.output);
      const {
        fc,
        keys,
        skipped: badFeatures,
        warnings,
      } = await readOriginFeatures({
        file: o.origins,
        crs: o.originsCrs,
        layer: o.layer,
        fields: { id: o.idField, name: o.nameField },
      });
      for (const w of warnings) ui.warn(w);
      for (const s of badFeatures) ui.warn(`${o.origins}: feature ${s.feature} (id ${s.id}) ${s.reason}; skipped`);
      // workers start now and warm up while the network is read
      const pool = new IsochronePool(fc.features.length >= MIN_JOBS_FOR_WORKERS ? defaultIsochroneWorkers() : 0, {
        corridorM,
        resolutionM,
      });
      try {
        const net = await openNetwork(file, { features: needsFeatures(fc), walker, roads });
        const { sets, skipped } = await readOrigins(o.origins, net, fc, keys);
        for (const s of skipped) ui.warn(`${o.origins}: feature ${s.feature} (id ${s.id}) ${s.reason}; skipped`);
        mark('origins');
        const p = new Progress('isochrones', sets.length, 'origins');
        const run = await computeIsochrones(
          net,
          sets,
          { bands, corridorM, resolutionM, maxSnapM, minComponent, onProgress: (d, t) => p.update(d, t) },
          pool,
        );
        await pool.close();
        mark('isochrones');
        for (const u of run.unsnapped)
          ui.warn(`origin ${u.id}${u.name ? ` (${u.name})` : ''} not snapped: ${u.reason}`);
        for (const q of run.partiallySnapped)
          ui.warn(`origin ${q.id}: ${q.failed} of its points not snapped (${q.reasons.join('; ')})`);
        if (run.unsnapped.length === sets.length)
          throw new InputError(
            `${o.origins}: none of the ${sets.length} origins could be snapped to the network (${run.unsnapped[0].reason})`,
          );
        writeFileAtomic(
          o.output,
          rawFeatureCollectionJson(run.features, {
            bands: bands.map((b) => ({ label: b.label, threshold: b.threshold, unit: b.unit, distance_m: b.metres })),
            corridor_m: corridorM,
            resolution_m: resolutionM,
          }),
        );
        mark('write');
        const polys = run.features.filter((f) => f.polygons).length;
        p.done(
          `${fmtInt(polys)} polygons for ${fmtInt(sets.length - run.unsnapped.length)} of ${fmtInt(sets.length)} origins → ${o.output}`,
        );
        if (o.json) {
          ui.json({
            output: o.output,
            origins: sets.length,
            snapped: sets.length - run.unsnapped.length,
            unsnapped: run.unsnapped,
            partiallySnapped: run.partiallySnapped,
            skippedFeatures: skipped,
            polygons: polys,
            bands: bands.map((b) => b.label),
          });
        }
      } finally {
        await pool.close();
      }
    });
}
