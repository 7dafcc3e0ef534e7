/** results.gpkg from the run's datasets: which layers, in which order, with which style. */
import { ATTRIBUTION } from '../../io/geojson.js';
import { VERSION } from '../../util/version.js';
import type { Datasets } from '../datasets.js';
import type { OutputInput } from '../input.js';
import { header, type Dataset } from '../schema.js';
import {
  communitiesQml,
  facilitiesQml,
  gapsQml,
  isochronesQml,
  networkQml,
  originsQml,
  residentsQml,
  routesQml,
  suggestionsQml,
  tableQml,
} from './qgis-styles.js';
import { type GpkgLayer, gpkgToFileAsync, largeGpkg } from './write-gpkg.js';

/** encoded here, written by SQLite on a worker thread into the open file `fd` (write-gpkg.ts gpkgToFileAsync) */
export function resultsGpkg(ds: Datasets, inp: OutputInput, fd: number): Promise<void> {
  const { lang, profile } = inp;
  const L = (d: Dataset, qml: string): GpkgLayer => ({
    data: d,
    title: header(d, lang),
    description: `${header(d, lang)} — lifecircle ${VERSION}, ${profile.id}. ${ATTRIBUTION}`,
    qml,
    styleName: header(d, lang),
  });
  const layers: GpkgLayer[] = [
    ...(ds.suggestions ? [L(ds.suggestions, suggestionsQml(ds.suggestions, lang, profile))] : []),
    L(ds.communities, communitiesQml(ds.communities, lang)),
    L(
      ds.isochrones,
      isochronesQml(
        ds.isochrones,
        lang,
        inp.bands.map((b) => b.label),
      ),
    ),
    L(ds.gaps, gapsQml(ds.gaps, lang)),
    L(ds.facilities, facilitiesQml(ds.facilities, lang, profile)),
    L(ds.routes, routesQml(ds.routes, lang)),
    L(ds.origins, originsQml(ds.origins, lang)),
    L(ds.residents, residentsQml(ds.residents, lang)),
    L(ds.network, networkQml(ds.network, lang)),
    { ...L(ds.coverage, tableQml(ds.coverage, lang)), qml: undefined },
    { ...L(ds.flags, tableQml(ds.flags, lang)), qml: undefined },
    // what a plan changes, per community × category (a table: the communities layer holds the places)
    ...(ds.planned ? [{ ...L(ds.planned, tableQml(ds.planned, lang)), qml: undefined }] : []),
  ];
  const meta = {
    items: {
      attribution: ATTRIBUTION,
      generator: `lifecircle ${VERSION}`,
      profile: `${profile.id} (${lang === 'zh' ? profile.name.zh : profile.name.en})`,
      osm_sha256: String((inp.run.inputs.osm as { sha256?: string } | undefined)?.sha256 ?? ''),
    },
  };
  return gpkgToFileAsync(layers, meta, fd, { stream: largeGpkg(inp.net.edgeCount) });
}
