import type { Command } from 'commander';
import { PARAMETERS, readNumber } from '../../params/parameters.js';
import { AnalysisError, InputError } from '../../util/errors.js';
import { ui } from '../ui.js';

function parseLonLat(name: string, v: string): [number, number] {
  const p = v.split(',').map((s) => Number(s.trim()));
  if (p.length !== 2 || !p.every(Number.isFinite))
    throw new InputError(`${name} ${v}: expected lon,lat (e.g. 113.05,23.68)`);
  if (Math.abs(p[0]) > 180 || Math.abs(p[1]) > 90)
    throw new InputError(`${name} ${v}: out of range; the order is lon,lat`);
  return [p[0], p[1]];
}

export function registerRoute(program: Command): void {
  program
    .command('route')
    .description('The shortest walking route between two points, as a GeoJSON LineString with its length')
    .argument('<osm-or-network-file>', 'an OSM file or a network file from prepare')
    .requiredOption('--from <lon,lat>', 'start point (WGS-84)')
    .requiredOption('--to <lon,lat>', 'end point (WGS-84)')
    .option('-o, --output <route.geojson>', 'write the route here (default: print it on stdout)')
    .option(
      '--max-snap <metres>',
      'maximum distance from a point to the nearest walkable way',
      String(PARAMETERS.maxSnapM.default),
    )
    .option(
      '--min-component <nodes>',
      'do not snap onto disconnected fragments with fewer nodes than this',
      String(PARAMETERS.minComponent.default),
    )
    .option('--walker <name>', 'who walks: default, elderly, child, wheelchair (data/walkers.yaml)', 'default')
    .option('-q, --quiet', 'no progress messages')
    .addHelpText(
      'after',
      '\nThe length counts the straight walk from each point to the nearest walkable ' +
        'way.\n\nExample:\n  $ lifecircle route city.lcnet --from 113.0512,23.6805 --to ' +
        '113.0560,23.6741 -o route.geojson',
    )
    .action(
      async (
        file: string,
        o: {
          from: string;
          to: string;
          output?: string;
          maxSnap: string;
          minComponent: string;
          walker: string;
          quiet?: boolean;
        },
      ) => {
        ui.setQuiet(!!o.quiet);
        const walker = (await import('../../walkers/walkers.js')).walkerByName(o.walker);
        const from = parseLonLat('--from', o.from);
        const to = parseLonLat('--to', o.to);
        const snapOpts = {
          maxSnapM: readNumber('maxSnapM', o.maxSnap, 'options'),
          minComponent: readNumber('minComponent', o.minComponent, 'options'),
        };
        const [
          { checkWritable, declareInputs, writeFileAtomic },
          { featureCollectionJson },
          { findRoute },
          { snapPoint },
        ] = await Promise.all([
          import('../../io/atomic.js'),
          import('../../io/geojson.js'),
          import('../../route/route.js'),
          import('../../snap/snap.js'),
        ]);
        declareInputs(file);
        if (o.output) checkWritable(o.output);
        const { openNetwork } = await import('../open-network.js');
        const net = await openNetwork(file, { features: false, walker });
        const sf = snapPoint(net, from[0], from[1], snapOpts);
        if (!sf.ok) throw new InputError(`--from ${o.from}: ${sf.reason}`);
        const st = snapPoint(net, to[0], to[1], snapOpts);
        if (!st.ok) throw new InputError(`--to ${o.to}: ${st.reason}`);
        const r = findRoute(
          net,
          { lon: from[0], lat: from[1], snap: sf.snap },
          { lon: to[0], lat: to[1], snap: st.snap },
        );
        if (!r)
          throw new AnalysisError(
            `no walking route from ${o.from} to ${o.to}: they lie on parts of the network that are not ` +
              `connected (check for missing bridges or footpaths in the OSM data)`,
          );
        const text = featureCollectionJson([
          {
            type: 'Feature',
            properties: {
              length_m: round2(r.lengthM),
              network_m: round2(r.networkM),
              leg_from_m: round2(r.legFromM),
              leg_to_m: round2(r.legToM),
              walk_min_at_4kmh: Math.round((r.lengthM / (4000 / 60)) * 10) / 10,
            },
            geometry: { type: 'LineString', coordinates: r.coordinates },
          },
        ]);
        if (o.output) {
          writeFileAtomic(o.output, text);
          ui.ok(`route of ${Math.round(r.lengthM)} m → ${o.output}`);
        } else process.stdout.write(text);
      },
    );
}

function round2(v: number): number {
  return Math.round(v * 100) / 100;
}
