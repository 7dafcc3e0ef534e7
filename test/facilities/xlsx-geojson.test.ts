/** XLSX (first or named sheet, numbers and strings, title rows) and GeoJSON (Point, MultiPoint, others skipped). */
import { describe, expect, it } from 'vitest';
import { readFacilityList } from '../../src/facilities/facility-list.js';
import { fromWgs84 } from '../../src/facilities/china-crs.js';
import { InputError } from '../../src/util/errors.js';
import { fixture, gbk, metres, xlsx } from './helpers.js';

describe('readFacilityList on XLSX', () => {
  const book = xlsx([
    {
      name: '学校',
      rows: [
        ['清城区中小学名录', null, null, null, null], // title row, merged in the original
        ['学校名称', '类型', '经度', '纬度', '建筑面积(㎡)'],
        ['清远市第一中学', '中学', 113.0318, 23.6856, 42000],
        ['凤城小学', '小学', '113.0421', '23.6902', '8,600'],
        [null, null, null, null, null],
        ['新城幼儿园', '幼儿园', null, 23.69, null],
        ['横荷小学', '小学', 'N/A', 23.69, null],
      ],
    },
    {
      name: '医院',
      rows: [
        ['名称', 'lng', 'lat'],
        ['清远市人民医院', 113.0501, 23.7036],
      ],
    },
  ]);
  const path = fixture('roster.xlsx', book);

  it('reads the first sheet, numbers and numeric strings alike, with sheet row numbers', async () => {
    const r = await readFacilityList(path, { crs: 'wgs84' });
    expect(r.format).toBe('xlsx');
    expect(r.encoding).toBeNull();
    expect(r.columns).toEqual({ lon: '经度', lat: '纬度', name: '学校名称', category: '类型', area: '建筑面积(㎡)' });
    expect(r.rows.map((x) => [x.row, x.name, x.category, x.lon, x.lat, x.floorAreaM2])).toEqual([
      [3, '清远市第一中学', '中学', 113.0318, 23.6856, 42000],
      [4, '凤城小学', '小学', 113.0421, 23.6902, 8600],
    ]);
    expect(r.skipped).toEqual([
      { row: 6, reason: 'no coordinates: the "经度" cell is empty' },
      { row: 7, reason: 'longitude "N/A" (column "经度") is not a number' },
    ]);
    expect(r.warnings).toEqual([
      expect.stringContaining('roster.xlsx: row 1 above the header (row 2) ignored: "清城区中小学名录"'),
    ]);
  });

  it('reads a named sheet, converting GCJ-02', async () => {
    const r = await readFacilityList(path, { crs: 'gcj02', sheet: '医院' });
    expect(r.rows).toHaveLength(1);
    expect(r.rows[0].name).toBe('清远市人民医院');
    const back = fromWgs84(r.rows[0].lon, r.rows[0].lat, 'gcj02')!;
    expect(metres(back[0], back[1], 113.0501, 23.7036)).toBeLessThan(0.5);
    expect(metres(r.rows[0].lon, r.rows[0].lat, 113.0501, 23.7036)).toBeGreaterThan(500); // the offset in Qingyuan
  });

  it('an unknown sheet lists the sheets; a broken zip says what to do', async () => {
    await expect(readFacilityList(path, { crs: 'wgs84', sheet: '养老' })).rejects.toThrow(
      /roster\.xlsx: there is no sheet "养老"; the sheets are: 学校, 医院$/,
    );
    const broken = fixture('broken.xlsx', Buffer.concat([Buffer.from('PK\x03\x04'), Buffer.alloc(64, 7)]));
    await expect(readFacilityList(broken, { crs: 'wgs84' })).rejects.toThrow(InputError);
    await expect(readFacilityList(broken, { crs: 'wgs84' })).rejects.toThrow(
      /broken\.xlsx: not a readable \.xlsx workbook \(.*\); open it in Excel or WPS and save it again/,
    );
  });

  it('header cells with line breaks (Excel Alt+Enter) are recognised and can be named in --columns', async () => {
    const p = fixture(
      'breaks.xlsx',
      xlsx([
        {
          name: 'S',
          rows: [
            ['机构\n名称', '经度\n(GCJ02)', '纬度\n(GCJ02)', '建筑面积\n（㎡）'],
            ['颐康中心', 113.0421, 23.6902, 640],
          ],
        },
      ]),
    );
    const r = await readFacilityList(p, { crs: 'gcj02' });
    expect(r.columns).toEqual({
      lon: '经度\n(GCJ02)',
      lat: '纬度\n(GCJ02)',
      name: '机构\n名称',
      area: '建筑面积\n（㎡）',
    });
    expect(r.rows[0]).toMatchObject({ name: '颐康中心', floorAreaM2: 640 });
    expect(r.warnings).toEqual([]);
    const w = await readFacilityList(p, { crs: 'wgs84', columns: { lon: '经度 (GCJ02)', lat: '纬度(GCJ02)' } });
    expect(w.warnings).toEqual([
      expect.stringMatching(/column "经度 \(GCJ02\)" suggests GCJ-02 coordinates but --crs is wgs84/),
    ]);
  });

  it('unknown columns in a sheet: the error lists them', async () => {
    const p = fixture(
      'cols.xlsx',
      xlsx([
        {
          name: 'S',
          rows: [
            ['单位', '位置描述'],
            ['甲', '城北'],
          ],
        },
      ]),
    );
    await expect(readFacilityList(p, { crs: 'wgs84' })).rejects.toThrow(
      'cols.xlsx: cannot find the longitude/latitude columns among the columns: 单位, 位置描述; name them with --columns',
    );
  });
});

describe('readFacilityList on GeoJSON', () => {
  const fc = {
    type: 'FeatureCollection',
    features: [
      {
        type: 'Feature',
        id: 'f1',
        properties: { 名称: '清城区图书馆', 类型: '图书馆', 面积: 3200 },
        geometry: { type: 'Point', coordinates: [113.0521, 23.6915] },
      },
      {
        type: 'Feature',
        properties: { name: '社区服务站', category: '社区服务', id: 'S-9' },
        geometry: {
          type: 'MultiPoint',
          coordinates: [
            [113.04, 23.69],
            [113.05, 23.7],
            [2.29, 48.85],
          ],
        },
      },
      {
        type: 'Feature',
        properties: { name: '公园' },
        geometry: {
          type: 'Polygon',
          coordinates: [
            [
              [113, 23],
              [113.1, 23],
              [113.1, 23.1],
              [113, 23],
            ],
          ],
        },
      },
      { type: 'Feature', properties: { name: '无几何' }, geometry: null },
      { type: 'Feature', properties: { name: '反了' }, geometry: { type: 'Point', coordinates: [23.69, 113.04] } },
    ],
  };

  it('Points and MultiPoints become rows; other geometries and bad points are reported', async () => {
    const r = await readFacilityList(fixture('list.geojson', JSON.stringify(fc)), { crs: 'gcj02' });
    expect(r.format).toBe('geojson');
    expect(r.rows.map((x) => [x.row, x.name, x.category, x.sourceId, x.floorAreaM2])).toEqual([
      [1, '清城区图书馆', '图书馆', 'f1', 3200],
      [2, '社区服务站', '社区服务', 'S-9', null],
      [2, '社区服务站', '社区服务', 'S-9', null],
    ]);
    expect(r.skipped).toEqual([
      {
        row: 2,
        reason:
          'point 3 of the MultiPoint: coordinates (2.29, 48.85) are outside China: GCJ-02 conversion is undefined there; is the --crs right?',
      },
      {
        row: 3,
        reason:
          'is a Polygon; facilities are read as Point or MultiPoint features (convert the shape to a point, e.g. its entrance)',
      },
      { row: 4, reason: 'has no geometry' },
      {
        row: 5,
        reason:
          'longitude 23.69 and latitude 113.04 look swapped (the latitude is in the longitude column); GeoJSON coordinates are [longitude, latitude]',
      },
    ]);
    expect(r.rows[0].raw).toEqual({ 名称: '清城区图书馆', 类型: '图书馆', 面积: '3200' });
  });

  it('a single Feature, GBK-encoded, in a .json file reads', async () => {
    const r = await readFacilityList(fixture('list.json', gbk(JSON.stringify(fc.features[0])).bytes), { crs: 'wgs84' });
    expect(r.encoding).toBe('gb18030');
    expect(r.rows).toMatchObject([{ name: '清城区图书馆', lon: 113.0521, lat: 23.6915 }]);
  });

  it('reprojects GeoJSON that declares a projected crs; refuses documents with no usable point', async () => {
    // Web Mercator of (113.0521, 23.6915), computed with the spherical formulas
    const R = 6378137;
    const x = (R * 113.0521 * Math.PI) / 180;
    const y = R * Math.log(Math.tan(Math.PI / 4 + (23.6915 * Math.PI) / 360));
    const merc = {
      type: 'FeatureCollection',
      crs: { type: 'name', properties: { name: 'urn:ogc:def:crs:EPSG::3857' } },
      features: [{ ...fc.features[0], geometry: { type: 'Point', coordinates: [x, y] } }],
    };
    const m = await readFacilityList(fixture('merc.geojson', JSON.stringify(merc)), { crs: 'wgs84' });
    expect(m.rows[0].lon).toBeCloseTo(113.0521, 9);
    expect(m.rows[0].lat).toBeCloseTo(23.6915, 9);
    const none = { type: 'FeatureCollection', features: [fc.features[2], fc.features[3]] };
    await expect(readFacilityList(fixture('none.geojson', JSON.stringify(none)), { crs: 'wgs84' })).rejects.toThrow(
      /none\.geojson: no usable facility: all 2 features were skipped \(feature 1: is a Polygon.* \| feature 2: has no geometry\)$/,
    );
    await expect(
      readFacilityList(fixture('bad.geojson', '{"type": "FeatureCollection", '), { crs: 'wgs84' }),
    ).rejects.toThrow(/bad\.geojson: not valid JSON/);
  });
});
