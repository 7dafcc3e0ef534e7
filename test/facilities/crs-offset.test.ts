/**
 * detectCrsOffset: a list left in GCJ-02 (or BD-09) but declared WGS-84 is caught by comparing
 * distances to the walking network as given and with the offset undone.
 */
import { describe, expect, it } from 'vitest';
import { fromWgs84 } from '../../src/facilities/china-crs.js';
import { crsOffsetWarning, detectCrsOffset, type DistanceReference } from '../../src/facilities/crs-offset.js';
import { readFacilityList } from '../../src/facilities/facility-list.js';
import { networkFromOsm } from '../../src/network/build.js';
import { fixture, HAS_REAL, REAL, segmentReference } from './helpers.js';

/**
 * A synthetic Qingyuan (清城区) street grid, 1 km apart, and facilities 10 m beside its streets:
 * sparse like the county towns where planners bring their own lists.
 */
function qingyuan(): { reference: DistanceReference; facilities: [number, number][] } {
  const lon0 = 113.0;
  const lat0 = 23.66;
  const dLon = 1000 / (111320 * Math.cos((23.68 * Math.PI) / 180));
  const dLat = 1000 / 110574;
  const segs: [number, number, number, number][] = [];
  for (let i = 0; i <= 6; i++) {
    segs.push([lon0 + i * dLon, lat0, lon0 + i * dLon, lat0 + 6 * dLat]); // north-south streets
    segs.push([lon0, lat0 + i * dLat, lon0 + 6 * dLon, lat0 + i * dLat]); // east-west streets
  }
  const facilities: [number, number][] = [];
  for (let i = 0; i < 6; i++) {
    for (let j = 0; j < 6; j++) {
      // one on an east-west street (10 m north of it), one on a north-south street (10 m east)
      facilities.push([lon0 + (i + 0.37) * dLon, lat0 + j * dLat + 10 / 110574]);
      facilities.push([lon0 + i * dLon + 10 * (dLon / 1000), lat0 + (j + 0.61) * dLat]);
    }
  }
  return { reference: segmentReference(segs), facilities };
}

describe('detectCrsOffset on a synthetic network', () => {
  const { reference, facilities } = qingyuan();
  const shifted = (crs: 'gcj02' | 'bd09') => facilities.map(([x, y]) => fromWgs84(x, y, crs)!);

  it('a WGS-84 list is left alone', () => {
    expect(detectCrsOffset(facilities, reference)).toBeNull();
  });

  it('a GCJ-02 list declared WGS-84 is caught, with the medians', () => {
    const s = detectCrsOffset(shifted('gcj02'), reference);
    expect(s).not.toBeNull();
    expect(s!.suspected).toBe('gcj02');
    expect(s!.medianConverted).toBeLessThan(11);
    expect(s!.medianAsGiven).toBeGreaterThan(100);
    expect(crsOffsetWarning('list.csv', s!)).toMatch(
      /^list\.csv: the facilities look like GCJ-02 \(Amap\/Tencent\) coordinates declared as WGS-84: read as GCJ-02 \(Amap\/Tencent\), \d+ of them lie on a walkable way \(within 20 m\) against \d+ as given, and their median distance to the network is 1?\d m against \d+ m; pass --crs gcj02$/,
    );
  });

  it('a BD-09 list declared WGS-84 is caught as BD-09, not GCJ-02', () => {
    const s = detectCrsOffset(shifted('bd09'), reference);
    expect(s?.suspected).toBe('bd09');
    expect(s!.medianConverted).toBeLessThan(11);
  });

  it('the whole path: a CSV left in GCJ-02, read with --crs wgs84, then checked', async () => {
    const csv = `name,lng,lat\n${shifted('gcj02')
      .map(([x, y], i) => `设施${i},${x.toFixed(6)},${y.toFixed(6)}`)
      .join('\n')}\n`;
    const list = await readFacilityList(fixture('left-in-gcj.csv', csv), { crs: 'wgs84' });
    const s = detectCrsOffset(
      list.rows.map((r) => [r.lon, r.lat]),
      reference,
    );
    expect(s?.suspected).toBe('gcj02');
    const fixed = await readFacilityList(fixture('left-in-gcj.csv', csv), { crs: 'gcj02' });
    expect(
      detectCrsOffset(
        fixed.rows.map((r) => [r.lon, r.lat]),
        reference,
      ),
    ).toBeNull();
  });

  it('too few points, points outside China or outside the reference area: no verdict', () => {
    expect(detectCrsOffset(shifted('gcj02').slice(0, 4), reference)).toBeNull();
    expect(
      detectCrsOffset(
        [
          [2.29, 48.85],
          [2.3, 48.86],
          [2.31, 48.87],
          [2.32, 48.88],
          [2.33, 48.89],
          [2.34, 48.9],
        ],
        reference,
      ),
    ).toBeNull();
    const far = shifted('gcj02').map(([x, y]): [number, number] => [x + 0.5, y + 0.5]); // 50 km away
    expect(detectCrsOffset(far, reference)).toBeNull();
  });
});

const run = HAS_REAL ? describe : describe.skip;
if (!HAS_REAL) console.log('notice: ../shared/data/real is absent, so the Shanghai offset test is skipped');

run('real data: Shanghai Amap bus stops on the Shanghai University OSM network', () => {
  it('as WGS-84 they fit; shifted to GCJ-02 or BD-09 they are caught', async () => {
    const net = await networkFromOsm(`${REAL}/cn-shanghai-shu-baoshan/map.osm`);
    const segs: [number, number, number, number][] = [];
    for (let e = 0; e < net.edgeCount; e++)
      for (let k = net.geomOff[e]; k + 1 < net.geomOff[e + 1]; k++)
        segs.push([net.geomLon[k], net.geomLat[k], net.geomLon[k + 1], net.geomLat[k + 1]]);
    const reference = segmentReference(segs);
    const list = await readFacilityList(`${REAL}/cn-shanghai-amap-poi/bus_stop.csv`, { crs: 'wgs84' });
    // the extract's header bounds (SOURCES.md §A)
    const stops = list.rows
      .filter((r) => r.lon >= 121.3817 && r.lon <= 121.3973 && r.lat >= 31.3098 && r.lat <= 31.3235)
      .map((r): [number, number] => [r.lon, r.lat]);
    expect(stops.length).toBeGreaterThanOrEqual(10);
    expect(detectCrsOffset(stops, reference)).toBeNull();
    // a whole-city list against this small network: judged on the stops inside the network's reach
    expect(
      detectCrsOffset(
        list.rows.map((r) => [r.lon, r.lat]),
        reference,
      ),
    ).toBeNull();
    const gcj = detectCrsOffset(
      stops.map(([x, y]) => fromWgs84(x, y, 'gcj02')!),
      reference,
    );
    const bd = detectCrsOffset(
      stops.map(([x, y]) => fromWgs84(x, y, 'bd09')!),
      reference,
    );
    console.log(
      `Shanghai University: ${stops.length} bus stops, ${segs.length} way segments; ` +
        `GCJ-02-shifted median ${gcj?.medianAsGiven.toFixed(0)} m → ` +
        `${gcj?.medianConverted.toFixed(1)} m; BD-09-shifted median ${bd?.medianAsGiven.toFixed(0)} ` +
        `m → ${bd?.medianConverted.toFixed(1)} m`,
    );
    expect(gcj?.suspected).toBe('gcj02');
    expect(bd?.suspected).toBe('bd09');
  });
});
