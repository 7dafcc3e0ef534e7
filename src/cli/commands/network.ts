import type { Command } from 'commander';
import { InputError } from '../../util/errors.js';
import { PARAMETERS, readNumber } from '../../params/parameters.js';
import { fmtInt, ui } from '../ui.js';

interface Opts {
  output: string;
  communities?: string;
  communitiesCrs?: string;
  layer?: string;
  idField?: string;
  nameField?: string;
  maxSnap?: string;
  minComponent?: string;
  quiet?: boolean;
}

export function registerNetwork(program: Command): void {
  program
    .command('network')
    .description(
      'Write the walking network as GeoJSON for checking in QGIS: every edge with its OSM way id, highway type, length and ' +
        'connected component (id, size), and with --communities the origins each community is reached from and where they join the network',
    )
    .argument('<osm-or-network-file>', 'an OSM file or a network file from prepare')
    .requiredOption('-o, --output <walk.geojson>', 'GeoJSON to write (features with layer = edge, origin or snap)')
    .option('--communities <file>', 'community polygons (GeoJSON, Shapefile, GeoPackage), to add their snapped origins')
    .option('--communities-crs <crs>', "their coordinate system (default: the file's own, else wgs84)")
    .option('--layer <name>', 'the GeoPackage layer of the communities, when the file holds several')
    .option('--id-field <key>', 'property holding the community id')
    .option('--name-field <key>', 'property holding the community name')
    .option(
      '--max-snap <metres>',
      `maximum distance from an origin to the network (default ${PARAMETERS.maxSnapM.default})`,
    )
    .option(
      '--min-component <nodes>',
      `do not snap onto fragments with fewer nodes than this (default ${PARAMETERS.minComponent.default})`,
    )
    .option('-q, --quiet', 'no progress messages')
    .addHelpText(
      'after',
      '\nGeoJSON only for now (GeoPackage output comes with the GeoPackage writer).\n\nExample:\n' +
        '  $ lifecircle network city.lcnet --communities 社区边界.shp -o walk.geojson',
    )
    .action(async (file: string, o: Opts) => {
      ui.setQuiet(!!o.quiet);
      if (!/\.(geo)?json$/i.test(o.output))
        throw new InputError(
          `-o ${o.output}: the network is written as GeoJSON (.geojson); GeoPackage output is not available yet`,
        );
      const maxSnapM = readNumber('maxSnapM', o.maxSnap, 'options');
      const minComponent = readNumber('minComponent', o.minComponent, 'options');
      const [
        { checkWritable, declareInputs, writeFileAtomic },
        { featureCollectionJson },
        { edgeFeatures, originFeatures },
        { openNetwork },
      ] = await Promise.all([
        import('../../io/atomic.js'),
        import('../../io/geojson.js'),
        import('../../network/export.js'),
        import('../open-network.js'),
      ]);
      declareInputs(file, o.communities);
      checkWritable(o.output);
      // the communities are read first: a bad file fails before the network is built
      const communities = o.communities
        ? await (await import('../../coverage/communities.js')).readCommunities({
            file: o.communities,
            crs: o.communitiesCrs,
            layer: o.layer,
            fields: { id: o.idField, name: o.nameField },
          })
        : null;
      for (const s of communities?.skipped ?? [])
        ui.warn(`${o.communities}: feature ${s.feature} (id ${s.id}) ${s.reason}; skipped`);
      const net = await openNetwork(file, { features: !!communities });
      const edges = edgeFeatures(net);
      const origins = communities ? await originFeatures(net, communities.communities, { maxSnapM, minComponent }) : [];
      writeFileAtomic(
        o.output,
        featureCollectionJson([...edges, ...origins], { components: net.meta.componentSizes.length }),
      );
      const n = origins.filter((f) => f.properties?.layer === 'origin');
      const snapped = n.filter((f) => f.properties?.snapped).length;
      ui.ok(
        `${fmtInt(edges.length)} edges in ${fmtInt(net.meta.componentSizes.length)} components` +
          (communities
            ? `, ${fmtInt(n.length)} origins of ${fmtInt(communities.communities.length)} communities (${snapped} snapped)`
            : '') +
          ` → ${o.output}`,
      );
    });
}
