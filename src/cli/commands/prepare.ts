import type { Command } from 'commander';
import { PARAMETERS } from '../../params/parameters.js';
import { addRoadOptions, parseClipOption, type RoadOptions, roadsSpecFromOptions } from '../options.js';
import { fmtBytes, ui } from '../ui.js';
import { InputError } from '../../util/errors.js';
import { mark } from '../../util/timing.js';

export function registerPrepare(program: Command): void {
  const cmd = program.command('prepare');
  addRoadOptions(cmd);
  cmd
    .description(
      'Build the walking network from an OSM file once and save it as a network file that every other command loads in milliseconds',
    )
    .argument('<osm-file>', '.osm.pbf, .osm, .osm.gz, .osm.bz2 or Overpass .json')
    .requiredOption('-o, --output <network-file>', 'network file to write (e.g. city.lcnet)')
    .option('--clip <area>', 'keep only minLon,minLat,maxLon,maxLat or a GeoJSON polygon file, plus --clip-margin')
    .option(
      '--clip-margin <metres>',
      'margin kept around --clip so walks that leave the area and come back are not cut',
      String(PARAMETERS.clipMarginM.default),
    )
    .option('--json', 'print the network summary as JSON on stdout')
    .option('-q, --quiet', 'no progress messages')
    .addHelpText(
      'after',
      '\nExample:\n  $ lifecircle prepare city.osm.pbf -o city.lcnet --clip 113.00,23.65,113.10,23.72\n' +
        '  $ lifecircle prepare city.osm.pbf -o city.lcnet --roads 现状路网.shp --roads-mode add',
    )
    .action(
      async (
        file: string,
        o: { output: string; clip?: string; clipMargin: string; json?: boolean; quiet?: boolean } & RoadOptions,
      ) => {
        ui.setQuiet(!!o.quiet);
        const [{ checkWritable, declareInputs, writeFileAtomic }, { emitNetwork }, { summarize }] = await Promise.all([
          import('../../io/atomic.js'),
          import('../../network/network-file.js'),
          import('../../network/summary.js'),
        ]);
        const clip = await parseClipOption(o.clip, o.clipMargin);
        const { probeFile } = await import('../../osm/detect.js');
        if (probeFile(file).format === 'network')
          throw new InputError(`${file} is already a network file; prepare reads an OSM file`);
        const roads = await roadsSpecFromOptions(o);
        declareInputs(file, o.clip, roads?.file);
        checkWritable(o.output);
        const { openNetwork } = await import('../open-network.js');
        const net = await openNetwork(file, { clip, roads, featuresJson: true });
        mark('network');
        // streamed: the features section comes from the file the build spilled it to, in pieces
        let bytes = 0;
        writeFileAtomic(o.output, (put) => {
          bytes = emitNetwork(net, put, true); // put writes each piece before it returns
        });
        mark('serialize+write');
        ui.ok(`wrote ${o.output} (${fmtBytes(bytes)})`);
        if (o.json) ui.json(summarize(net));
      },
    );
}
