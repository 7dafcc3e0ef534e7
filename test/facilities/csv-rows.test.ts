/**
 * CSV lists: delimiters, quoting, line numbers, and row validation — bad rows are skipped and
 * reported with their line, the others kept; a list with no usable row is an InputError.
 */
import { describe, expect, it } from 'vitest';
import { parseDegrees, parseArea, parseLocation } from '../../src/facilities/cell-values.js';
import { sniffDelimiter } from '../../src/facilities/csv-table.js';
import { readFacilityList } from '../../src/facilities/facility-list.js';
import { InputError } from '../../src/util/errors.js';
import { fixture } from './helpers.js';

const read = (
  name: string,
  text: string,
  crs: 'wgs84' | 'gcj02' | 'bd09' = 'wgs84',
  columns?: Record<string, string>,
) => readFacilityList(fixture(name, text), { crs, columns });

describe('cell values', () => {
  it('degrees: decimals, full-width digits, decimal comma, hemispheres, DMS', () => {
    expect(parseDegrees(' 113.0435 ')).toBe(113.0435);
    expect(parseDegrees('１１３．０４３５')).toBe(113.0435);
    expect(parseDegrees('113,0435')).toBe(113.0435);
    expect(parseDegrees('113.0435°E')).toBe(113.0435);
    expect(parseDegrees('W 8.5')).toBe(-8.5);
    expect(parseDegrees('东经113.5')).toBe(113.5);
    expect(parseDegrees(`113°2'36.6"E`)).toBeCloseTo(113.0435, 5);
    expect(parseDegrees('23度41分53.5秒')).toBeCloseTo(23.698194, 5);
    for (const bad of ['', 'abc', '113.0.4', '12x', '--1', '待定', '113.04 23.69'])
      expect(parseDegrees(bad)).toBeNull();
  });

  it('location and area', () => {
    expect(parseLocation('113.0435,23.6982')).toEqual([113.0435, 23.6982]);
    expect(parseLocation('113.0435，23.6982')).toEqual([113.0435, 23.6982]);
    expect(parseLocation('113.0435')).toBeNull();
    expect(parseArea('1,200㎡')).toBe(1200);
    expect(parseArea('350 平方米')).toBe(350);
    expect(parseArea('0.8万平方米')).toBe(8000);
    expect(parseArea('2.5', 10000)).toBe(25000);
    expect(parseArea('约300')).toBeNull();
  });

  it('sniffs the delimiter on the header line, ignoring quoted ones', () => {
    expect(sniffDelimiter('名称,经度,纬度\n')).toBe(',');
    expect(sniffDelimiter('名称;经度;纬度\n1,2;3,4;5,6')).toBe(';');
    expect(sniffDelimiter('\n"a,b,c"\tlon\tlat\n')).toBe('\t');
    expect(sniffDelimiter('name|lon|lat')).toBe('|');
  });
});

describe('readFacilityList on CSV', () => {
  it('keeps good rows and reports each bad one with its line number and reason', async () => {
    const text = [
      'name,category,lon,lat,area', // line 1
      'A 幼儿园,幼儿园,113.0435,23.6982,1200', // 2 ok
      'B 幼儿园,幼儿园,,23.69,', // 3 missing lon
      'C 幼儿园,幼儿园,abc,23.69,', // 4 non-numeric
      '', // 5 blank: ignored
      'D 幼儿园,幼儿园,23.6982,113.0435,', // 6 swapped
      'E 幼儿园,幼儿园,213.1,23.69,', // 7 out of range
      'F 幼儿园,幼儿园,0,0,', // 8 (0,0)
      ',,,,', // 9 empty row from Excel: ignored
      '"G ""阳光"" 幼儿园","幼儿园,民办",113.05,23.70,"1,500㎡"', // 10 ok, quoted
      'H 幼儿园,幼儿园,12958175.3,2714587.1,', // 11 metres
    ].join('\r\n');
    const r = await read('mixed.csv', text);
    expect(r.rows.map((x) => [x.row, x.name, x.category, x.lon, x.lat, x.floorAreaM2])).toEqual([
      [2, 'A 幼儿园', '幼儿园', 113.0435, 23.6982, 1200],
      [10, 'G "阳光" 幼儿园', '幼儿园,民办', 113.05, 23.7, 1500],
    ]);
    expect(r.skipped.map((s) => s.row)).toEqual([3, 4, 6, 7, 8, 11]);
    expect(r.skipped[0].reason).toBe('no coordinates: the "lon" cell is empty');
    expect(r.skipped[1].reason).toBe('longitude "abc" (column "lon") is not a number');
    expect(r.skipped[2].reason).toMatch(
      /^longitude 23\.6982 and latitude 113\.0435 look swapped \(the latitude is in the longitude column\); check the columns \(now lon=lon,lat=lat/,
    );
    expect(r.skipped[3].reason).toBe(
      'coordinates (213.1, 23.69) are out of range (longitude −180…180, latitude −90…90)',
    );
    expect(r.skipped[4].reason).toMatch(/^coordinates \(0, 0\) are not a location/);
    expect(r.skipped[5].reason).toMatch(/look like metres \(Baidu BD09MC or Web Mercator\)/);
    expect(r.rows[1].raw).toEqual({
      name: 'G "阳光" 幼儿园',
      category: '幼儿园,民办',
      lon: '113.05',
      lat: '23.70',
      area: '1,500㎡',
    });
  });

  it('counts lines through quoted newlines (LF and CRLF) and blank lines', async () => {
    for (const nl of ['\n', '\r\n']) {
      const text =
        [
          '名称,地址,经度,纬度',
          `甲,"北门街${nl}3号",113.04,23.69`,
          '',
          '',
          '乙,南门街,x,23.69',
          `丙,"一${nl}二${nl}三",,`,
          '丁,西门,113.05,23.70',
        ].join(nl) + nl;
      const r = await read(`lines${nl.length}.csv`, text);
      expect(r.rows.map((x) => x.row)).toEqual([2, 10]);
      expect(r.skipped.map((s) => s.row)).toEqual([6, 7]);
      expect(r.rows[0].address).toBe(`北门街${nl}3号`);
    }
  });

  it('semicolon and tab delimiters, decimal commas', async () => {
    const r = await read('semi.csv', 'Name;Longitude;Latitude\nA;113,0435;23,6982\nB;113.05;23.70\n');
    expect(r.delimiter).toBe(';');
    expect(r.rows.map((x) => [x.lon, x.lat])).toEqual([
      [113.0435, 23.6982],
      [113.05, 23.7],
    ]);
    const t = await read('tab.tsv', '名称\t类别\tlng\tlat\n甲\t\t113.05\t23.70\n');
    expect(t.delimiter).toBe('\t');
    expect(t.rows[0]).toMatchObject({ name: '甲', category: null, lon: 113.05, lat: 23.7 });
  });

  it('Amap "location" column with "lng,lat" and [] for empty fields', async () => {
    const r = await read(
      'amap.csv',
      'id,name,type,address,location\nB0FFG1,清城区图书馆,科教文化服务;图书馆;图书馆,[],"113.0521,23.6915"\nB0FFG2,坏坐标,x,y,"23.6915,113.0521"\n',
      'gcj02',
    );
    expect(r.columns).toEqual({ location: 'location', id: 'id', name: 'name', category: 'type', address: 'address' });
    expect(r.rows).toHaveLength(1);
    expect(r.rows[0]).toMatchObject({ row: 2, sourceId: 'B0FFG1', name: '清城区图书馆', address: null });
    // GCJ-02 → WGS-84 moves Qingyuan points ~ 0.0052° west and 0.0026° north
    expect(r.rows[0].lon).toBeCloseTo(113.0521 - 0.00525, 3);
    expect(r.rows[0].lat).toBeCloseTo(23.6915 + 0.0026, 3);
    expect(r.skipped).toEqual([
      {
        row: 3,
        reason: expect.stringMatching(
          /^longitude 23\.6915 and latitude 113\.0521 look swapped .*"location" column should hold "lng,lat"/,
        ),
      },
    ]);
  });

  it('a row with an unquoted delimiter inside a value is skipped, not shifted', async () => {
    const r = await read(
      'shift.csv',
      'name,address,lon,lat\n甲,北门街3号,2楼,113.04,23.69\n乙,南门街,113.05,23.70,,\n',
    );
    expect(r.rows.map((x) => x.name)).toEqual(['乙']);
    expect(r.skipped).toEqual([
      {
        row: 2,
        reason:
          'has 5 fields but the header has 4: a "," inside a value that is not in quotes? Put that value in double quotes',
      },
    ]);
  });

  it('a title line above the header is passed over with a warning', async () => {
    const r = await read('title.csv', '清城区养老机构名录,,,\n\n机构名称,地址,经度,纬度\n颐康中心,新城,113.04,23.69\n');
    expect(r.rows).toMatchObject([{ row: 4, name: '颐康中心' }]);
    expect(r.warnings).toEqual([
      expect.stringContaining('title.csv: line 1 above the header (line 3) ignored: "清城区养老机构名录"'),
    ]);
  });

  it('warns when a coordinate column names another CRS than --crs', async () => {
    const r = await read('bd.csv', 'name,bd_lng,bd_lat\n甲,113.06,23.70\n');
    expect(r.warnings).toEqual([
      expect.stringMatching(
        /bd\.csv: column "bd_lng" suggests BD-09 coordinates but --crs is wgs84; if the column name is right, pass --crs bd09$/,
      ),
    ]);
  });

  it('floor areas: unreadable ones warned about; an "area" column of district names is not used', async () => {
    const a = await read('area1.csv', 'name,lon,lat,建筑面积\n甲,113.04,23.69,800\n乙,113.05,23.70,约300\n');
    expect(a.rows.map((x) => x.floorAreaM2)).toEqual([800, null]);
    expect(a.warnings).toEqual([
      expect.stringMatching(
        /area1\.csv: floor area unreadable in 1 rows \(first: line 3, "约300"\), left empty; give areas as numbers of m²$/,
      ),
    ]);
    const b = await read('area2.csv', 'name,lon,lat,area\n甲,113.04,23.69,清城区\n乙,113.05,23.70,清新区\n');
    expect(b.columns.area).toBeUndefined();
    expect(b.rows.map((x) => x.floorAreaM2)).toEqual([null, null]);
    expect(b.warnings[0]).toMatch(/column "area" holds no floor areas \(e\.g\. line 2: "清城区"\), so it is not used/);
  });

  it('GCJ-02 points outside China are skipped with the reason; those inside are converted', async () => {
    const r = await read(
      'world.csv',
      'name,lng,lat\n广州塔,113.3245,23.1064\n埃菲尔铁塔,2.2945,48.8584\n悉尼歌剧院,151.2153,-33.8568\n',
      'gcj02',
    );
    expect(r.rows.map((x) => x.name)).toEqual(['广州塔']);
    expect(r.skipped).toEqual([
      {
        row: 3,
        reason:
          'coordinates (2.2945, 48.8584) are outside China: GCJ-02 conversion is undefined there; is the --crs right?',
      },
      {
        row: 4,
        reason:
          'coordinates (151.2153, -33.8568) are outside China: GCJ-02 conversion is undefined there; is the --crs right?',
      },
    ]);
  });

  it('no usable row: InputError with the first reasons', async () => {
    const p = read('none.csv', 'name,lon,lat\n甲,,\n乙,abc,23\n丙,23.69,113.04\n丁,x,y\n');
    await expect(p).rejects.toThrow(InputError);
    await expect(read('none.csv', 'name,lon,lat\n甲,,\n乙,abc,23\n丙,23.69,113.04\n丁,x,y\n')).rejects.toThrow(
      /\/none\.csv: no usable facility: all 4 lines were skipped \(line 2: no coordinates: the "lon" and "lat" cells are empty \| line 3: longitude "abc" \(column "lon"\) is not a number \| line 4: longitude 23\.69 and latitude 113\.04 look swapped .* \| …\)$/,
    );
  });

  it('messages stay on one line when a cell holds a line break', async () => {
    const text = 'name,lon,lat\n甲,"113.04\n东",23.69\n';
    const err = await read('nl.csv', text).catch((e: Error) => e);
    expect(err).toBeInstanceOf(InputError);
    expect((err as Error).message).not.toMatch(/\n/);
    expect((err as Error).message).toMatch(/line 2: longitude "113\.04 东" \(column "lon"\) is not a number/);
  });

  it('structural errors: no header, header only, empty file, unknown columns', async () => {
    await expect(read('nohead.csv', '甲,113.04,23.69\n乙,113.05,23.70\n')).rejects.toThrow(
      'nohead.csv: line 1 looks like data (113.04, 23.69), not a header; add a header line naming the columns, e.g. name,lon,lat',
    );
    await expect(read('headonly.csv', 'name,lon,lat\n\n')).rejects.toThrow(
      'headonly.csv: has a header (line 1) but no rows below it',
    );
    await expect(read('empty.csv', '')).rejects.toThrow('empty.csv: the file is empty');
    await expect(read('cols.csv', '单位,东经度数,北纬度数\n甲,113.04,23.69\n')).rejects.toThrow(
      'cols.csv: cannot find the longitude/latitude columns among the columns: 单位, 东经度数, 北纬度数; name them with --columns lon=<column>,lat=<column>',
    );
    const ok = await read('cols2.csv', '单位,东经度数,北纬度数\n甲,113.04,23.69\n', 'wgs84', {
      lon: '东经度数',
      lat: '北纬度数',
      name: '单位',
    });
    expect(ok.rows[0]).toMatchObject({ name: '甲', lon: 113.04, lat: 23.69 });
    await expect(read('q.csv', 'name,lon,lat\n"甲,113.04,23.69\n')).rejects.toThrow(
      /\/q\.csv: line 2: not readable as CSV with "," as delimiter/,
    );
  });

  it('refuses old .xls and misnamed files with what to do', async () => {
    const xls = fixture('old2.xls', Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]));
    await expect(readFacilityList(xls, { crs: 'wgs84' })).rejects.toThrow(
      'is an old-style Excel .xls (or an encrypted) workbook; open it in Excel or WPS and save it as .xlsx or as CSV UTF-8',
    );
    await expect(read('fake.xlsx', 'name,lon,lat\n')).rejects.toThrow(
      'fake.xlsx: is not an .xlsx workbook (no zip signature)',
    );
    await expect(readFacilityList('/nonexistent/list.csv', { crs: 'wgs84' })).rejects.toThrow(
      '/nonexistent/list.csv: file not found',
    );
  });
});
