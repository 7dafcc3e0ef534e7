import type { Command } from 'commander';
import { InputError } from '../../util/errors.js';
import { DEFAULT_LANG, PARAMETERS, readNumber } from '../../params/parameters.js';
import type { Lang } from '../../profiles/types.js';
import { parseLang } from '../options.js';
import { fmtInt, ui } from '../ui.js';

interface Opts {
  output: string;
  communities?: string;
  communitiesCrs?: string;
  layer?: string;
  idField?: string;
  nameField?: string;
  gates?: string;
  gatesCrs?: string;
  gatesLayer?: string;
  maxSnap?: string;
  minComponent?: string;
  lang: Lang;
  quiet?: boolean;
}

export function registerNetwork(program: Command): void {
  program
    .command('network')
    .description(
      'Write the walking network for checking in QGIS (GeoJSON or GeoPackage): every edge with its OSM way id, highway type, ' +
        'length, connected component (id, size) and the walk rule that admitted it, and with --communities the origins each ' +
        'community is reached from (its gates with --gates) and where they join the network',
    )
    .argument('<osm-or-network-file>', 'an OSM file or a network file from prepare')
    .requiredOption(
      '-o, --output <walk.geojson|walk.gpkg>',
      'GeoJSON (features with layer = edge, origin or snap) or GeoPackage (layers network, origins, origin_links) to write',
    )
    .option('--communities <file>', 'community polygons (GeoJSON, Shapefile, GeoPackage), to add their snapped origins')
    .option('--communities-crs <crs>', "their coordinate system (default: the file's own, else wgs84)")
    .option('--layer <name>', 'the GeoPackage layer of the communities, when the file holds several')
    .option('--id-field <key>', 'property holding the community id')
    .option('--name-field <key>', 'property holding the community name')
    .option(
      '--gates <file>',
      'gates of closed compounds (points, any format): their communities start from their gates',
    )
    .option('--gates-crs <crs>', "the gates' coordinate system (default: the file's own, else wgs84)")
    .option('--gates-layer <name>', 'the GeoPackage layer of the gates, when the file holds several')
    .option(
      '--max-snap <metres>',
      `maximum distance from an origin to the network (default ${PARAMETERS.maxSnapM.default})`,
    )
    .option(
      '--min-component <nodes>',
      `do not snap onto fragments with fewer nodes than this (default ${PARAMETERS.minComponent.default})`,
    )
    .option('--lang <zh|en>', 'language of the GeoPackage field aliases and layer names', parseLang, DEFAULT_LANG)
    .option('-q, --quiet', 'no progress messages')
    .addHelpText(
      'after',
      '\nExamples:\n' +
        '  $ lifecircle network city.lcnet --communities 社区边界.shp -o walk.geojson\n' +
        '  $ lifecircle network city.osm.pbf --communities 社区边界.shp --gates 小区出入口.csv -o walk.gpkg',
    )
    .action(async (file: string, o: Opts) => {
      ui.setQuiet(!!o.quiet);
      const gpkg = /\.gpkg$/i.test(o.output);
      if (!gpkg && !/\.(geo)?json$/i.test(o.output))
        throw new InputError(`-o ${o.output}: the network is written as GeoJSON (.geojson) or GeoPackage (.gpkg)`);
      if (o.gates && !o.communities)
        throw new InputError(
          '--gates needs --communities: gates belong to the communities whose boundaries they lie on',
        );
      const maxSnapM = readNumber('maxSnapM', o.maxSnap, 'options');
      const minComponent = readNumber('minComponent', o.minComponent, 'options');
      const [
        { checkWritable, declareInputs, writeFileAtomic, writeFileAtomicBy },
        { featureCollectionJson },
        { edgeFeatures, networkGpkg, originFeatures, originRows },
        { openNetwork },
      ] = await Promise.all([
        import('../../io/atomic.js'),
        import('../../io/geojson.js'),
        import('../../network/export.js'),
        import('../open-network.js'),
      ]);
      declareInputs(file, o.communities, o.gates);
      checkWritable(o.output);
      // the communities and gates are read first: a bad file fails before the network is built
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
      if (communities && o.gates) {
        const { assignGates, readGates } = await import('../../coverage/gates.js');
        const gates = await readGates({ file: o.gates, crs: o.gatesCrs, layer: o.gatesLayer });
        for (const s of gates.skipped) ui.warn(`${o.gates}: feature ${s.feature} (id ${s.id}) ${s.reason}; skipped`);
        const a = assignGates(communities.communities, gates);
        for (const c of communities.communities) c.gates = a.byCommunity.get(c.id);
        ui.step(
          `gates: ${fmtInt(gates.gates.length - a.unassigned.length)} of ${fmtInt(gates.gates.length)} on the boundaries of ` +
            `${fmtInt(a.byCommunity.size)} communities` +
            (a.unassigned.length ? `; ${fmtInt(a.unassigned.length)} near no community boundary, not used` : ''),
        );
      }
      const net = await openNetwork(file, { features: !!communities });
      const rows = communities ? await originRows(net, communities.communities, { maxSnapM, minComponent }) : null;
      if (gpkg) await writeFileAtomicBy(o.output, (fd) => networkGpkg(net, rows, o.lang, fd));
      else
        writeFileAtomic(
          o.output,
          featureCollectionJson([...edgeFeatures(net), ...originFeatures(rows ?? [])], {
            components: net.meta.componentSizes.length,
          }),
        );
      const snapped = (rows ?? []).filter((r) => r.o.snap).length;
      ui.ok(
        `${fmtInt(net.edgeCount)} edges in ${fmtInt(net.meta.componentSizes.length)} components` +
          (communities && rows
            ? `, ${fmtInt(rows.length)} origins of ${fmtInt(communities.communities.length)} communities (${snapped} snapped)`
            : '') +
          ` → ${o.output}`,
      );
    });
}
