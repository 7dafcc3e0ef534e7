/** OSM PBF HeaderBlock: the features a reader must support, and the optional bbox. */
import { PbfReader } from 'pbf';
import { HeaderBBox, HeaderBlock } from './fields.js';

export interface PbfHeader {
  requiredFeatures: string[];
  optionalFeatures: string[];
  writingProgram?: string;
  /** [minLon, minLat, maxLon, maxLat] in degrees */
  bbox?: [number, number, number, number];
}

/** What this reader implements (see the PBF format page on the OSM wiki). */
export const SUPPORTED_FEATURES = new Set([
  'OsmSchema-V0.6',
  'DenseNodes',
  'Sort.Type_then_ID',
  'Sort.Geographic',
  'LocationsOnWays',
]);

export function decodeHeaderBlock(data: Uint8Array): PbfHeader {
  const pbf = new PbfReader(data);
  const h: PbfHeader = { requiredFeatures: [], optionalFeatures: [] };
  pbf.readFields((tag, r, p) => {
    if (tag === HeaderBlock.bbox) {
      const b = { left: 0, right: 0, top: 0, bottom: 0 };
      p.readMessage((t, bb, q) => {
        if (t === HeaderBBox.left) bb.left = q.readSVarint();
        else if (t === HeaderBBox.right) bb.right = q.readSVarint();
        else if (t === HeaderBBox.top) bb.top = q.readSVarint();
        else if (t === HeaderBBox.bottom) bb.bottom = q.readSVarint();
      }, b);
      r.bbox = [b.left * 1e-9, b.bottom * 1e-9, b.right * 1e-9, b.top * 1e-9];
    } else if (tag === HeaderBlock.required_features) r.requiredFeatures.push(p.readString());
    else if (tag === HeaderBlock.optional_features) r.optionalFeatures.push(p.readString());
    else if (tag === HeaderBlock.writingprogram) r.writingProgram = p.readString();
  }, h);
  return h;
}
