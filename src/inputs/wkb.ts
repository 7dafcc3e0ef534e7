/**
 * Well-known binary → GeoJSON geometry (coordinates as stored, not yet reprojected), for
 * GeoPackage blobs. Reads OGC/ISO WKB with Z, M and ZM (type + 1000/2000/3000) and EWKB flags;
 * only x and y are kept. Every length is checked against the buffer, so a damaged blob is an error
 * naming the offset, never an out-of-range read or a huge allocation.
 */
import type { Geometry, Position } from 'geojson';

export class WkbError extends Error {}

export function parseWkb(buf: Uint8Array, start = 0): Geometry {
  const dv = new DataView(buf.buffer, buf.byteOffset, buf.byteLength);
  let o = start;
  const need = (n: number) => {
    if (o + n > buf.byteLength) throw new WkbError(`geometry truncated at byte ${o}`);
  };
  const geom = (depth: number): Geometry => {
    if (depth > 8) throw new WkbError('geometry nested too deeply');
    need(5);
    const le = buf[o] === 1;
    o += 1;
    let type = dv.getUint32(o, le);
    o += 4;
    let dims = 2;
    if (type & 0x80000000) dims++;
    if (type & 0x40000000) dims++;
    if (type & 0x20000000) {
      need(4); // EWKB SRID
      o += 4;
    }
    type &= 0x0fffffff;
    if (type >= 3000) {
      dims = 4;
      type -= 3000;
    } else if (type >= 2000) {
      dims = 3;
      type -= 2000;
    } else if (type >= 1000) {
      dims = 3;
      type -= 1000;
    }
    const u32 = () => {
      need(4);
      const v = dv.getUint32(o, le);
      o += 4;
      return v;
    };
    const pos = (): Position => {
      need(8 * dims);
      const p = [dv.getFloat64(o, le), dv.getFloat64(o + 8, le)];
      o += 8 * dims;
      return p;
    };
    const seq = (): Position[] => {
      const n = u32();
      if (n * 8 * dims > buf.byteLength - o) throw new WkbError(`${n} points at byte ${o} exceed the blob`);
      const out: Position[] = new Array(n);
      for (let i = 0; i < n; i++) out[i] = pos();
      return out;
    };
    const count = () => {
      const n = u32();
      if (n > buf.byteLength - o) throw new WkbError(`${n} parts at byte ${o} exceed the blob`);
      return n;
    };
    switch (type) {
      case 1:
        return { type: 'Point', coordinates: pos() };
      case 2:
        return { type: 'LineString', coordinates: seq() };
      case 3: {
        const n = count();
        const rings: Position[][] = [];
        for (let i = 0; i < n; i++) rings.push(seq());
        return { type: 'Polygon', coordinates: rings };
      }
      case 4:
      case 5:
      case 6:
      case 7: {
        const n = count();
        const parts: Geometry[] = [];
        for (let i = 0; i < n; i++) parts.push(geom(depth + 1));
        if (type === 7) return { type: 'GeometryCollection', geometries: parts };
        if (type === 4)
          return { type: 'MultiPoint', coordinates: parts.map((g) => (g as { coordinates: Position }).coordinates) };
        if (type === 5)
          return {
            type: 'MultiLineString',
            coordinates: parts.map((g) => (g as { coordinates: Position[] }).coordinates),
          };
        return {
          type: 'MultiPolygon',
          coordinates: parts.map((g) => (g as { coordinates: Position[][] }).coordinates),
        };
      }
      default:
        throw new WkbError(
          `geometry type ${type} is not supported (points, lines, polygons and their multi forms are)`,
        );
    }
  };
  return geom(0);
}
