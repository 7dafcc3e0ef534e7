/** roads: and roads_mode: in a job file, and the same from the command-line values. */
import { describe, expect, it } from 'vitest';
import { resolveJob } from '../../src/coverage/job.js';

const base = { osm: 'city.osm', output: 'out' };
const job = (v: Record<string, unknown>) => resolveJob({ ...base, ...v }, { job: 'job.yaml' }, (p) => `/jobs/${p}`);

describe('roads in a job', () => {
  it('takes a path or { file, crs, layer, class_field }, mode replace by default', () => {
    expect(job({ roads: '路网.shp' }).roads).toEqual({
      file: '/jobs/路网.shp',
      crs: undefined,
      layer: undefined,
      towgs84: undefined,
      classField: undefined,
      mode: 'replace',
    });
    expect(
      job({ roads: { file: 'r.gpkg', crs: 'EPSG:4526', layer: '道路', class_field: '等级' }, roads_mode: 'add' }).roads,
    ).toMatchObject({ file: '/jobs/r.gpkg', crs: 'EPSG:4526', layer: '道路', classField: '等级', mode: 'add' });
    expect(job({}).roads).toBeNull();
  });

  it('refuses an unknown key, a bad mode and roads_mode without roads, each naming the key', () => {
    expect(() => job({ roads: { file: 'r.shp', class: '等级' } })).toThrow(/roads: unknown key 'class'.*class_field/);
    expect(() => job({ roads: 'r.shp', roads_mode: 'merge' })).toThrow(
      /roads_mode must be replace .* or add .*"merge"/,
    );
    expect(() => job({ roads_mode: 'add' })).toThrow(/'roads_mode' is given without 'roads'/);
    expect(() => job({ roads: { file: 'r.shp', class_field: [1] } })).toThrow(
      /roads\.class_field' must be a property name/,
    );
  });
});
