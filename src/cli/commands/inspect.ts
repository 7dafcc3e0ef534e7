import type { Command } from 'commander';
import { c, fmtInt, ui } from '../ui.js';
import { PARAMETERS } from '../../params/parameters.js';
import { parseClipOption } from '../options.js';

export function registerInspect(program: Command): void {
  program
    .command('inspect')
    .description(
      'Print what an OSM or network file holds: OSM object counts, the walking network, highway mix, tagged points and areas',
    )
    .argument(
      '<osm-or-network-file>',
      '.osm.pbf, .osm, .osm.gz, .osm.bz2, Overpass .json, or a network file from prepare',
    )
    .option('--json', 'print one JSON object on stdout instead of a table')
    .option('--clip <area>', 'minLon,minLat,maxLon,maxLat or a GeoJSON polygon file (OSM input only)')
    .option('--clip-margin <metres>', 'margin kept around --clip', String(PARAMETERS.clipMarginM.default))
    .option('-q, --quiet', 'no progress messages')
    .addHelpText('after', '\nExample:\n  $ lifecircle inspect data/sample/town.osm --json')
    .action(async (file: string, o: { json?: boolean; clip?: string; clipMargin: string; quiet?: boolean }) => {
      ui.setQuiet(!!o.quiet || !!o.json);
      const { openNetwork } = await import('../open-network.js');
      const { summarize } = await import('../../network/summary.js');
      // an empty but valid file is reported as zeros (exit 0); prepare and the analyses refuse it
      const net = await openNetwork(file, { clip: await parseClipOption(o.clip, o.clipMargin), allowEmpty: true });
      const s = summarize(net);
      if (o.json) {
        ui.json(s);
        return;
      }
      const out: string[] = [];
      out.push(c.bold(`${s.source.path}`) + c.dim(` (${s.source.format}, ${fmtInt(s.source.bytes)} bytes)`));
      out.push(
        `  OSM        ${fmtInt(s.osm.nodes)} nodes, ${fmtInt(s.osm.ways)} ways, ${fmtInt(s.osm.relations)} relations`,
      );
      out.push(
        `  network    ${fmtInt(s.network.nodes)} nodes, ${fmtInt(s.network.edges)} edges, ${s.network.lengthKm.toFixed(1)} km`,
      );
      out.push(
        `  components ${fmtInt(s.network.components)} (largest holds ${(s.network.largestComponentShare * 100).toFixed(1)} % of nodes)`,
      );
      out.push(
        `  steps      ${fmtInt(s.network.stepsEdges)} edges; oneway:foot ${fmtInt(s.network.onewayFootEdges)} edges`,
      );
      out.push(`  bbox       ${s.network.nodes ? s.bbox.map((v) => v.toFixed(5)).join(', ') : '(no network)'}`);
      out.push(
        `  features   ${fmtInt(s.features.taggedPoints)} tagged points, ` +
          `${fmtInt(s.features.taggedAreas)} tagged areas (${fmtInt(s.features.residentialAreas)} ` +
          `residential), ${fmtInt(s.features.residentialBuildings)} residential buildings`,
      );
      out.push('  highway types (edges, km):');
      for (const [k, v] of Object.entries(s.highways))
        out.push(`    ${k.padEnd(16)} ${String(v.edges).padStart(7)} ${v.km.toFixed(1).padStart(9)}`);
      for (const [k, v] of Object.entries(s.skipped)) out.push(c.yellow(`  skipped: ${fmtInt(v)} ${k}`));
      process.stdout.write(`${out.join('\n')}\n`);
    });
}
