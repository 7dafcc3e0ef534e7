/** Column detection on the headers planners' exports have, the --columns option, and its errors. */
import { describe, expect, it } from 'vitest';
import { detectColumns, parseColumnsOption } from '../../src/facilities/columns.js';
import { InputError } from '../../src/util/errors.js';

const detect = (header: string[], crs: 'wgs84' | 'gcj02' | 'bd09' = 'wgs84', explicit?: Record<string, string>) =>
  detectColumns(header, { crs, explicit, needCoordinates: true, where: 'list.csv' });

describe('detectColumns', () => {
  it('the Shanghai Amap POI header', () => {
    const d = detect(['name', 'address', 'adname', 'pname', 'type', 'lat', 'lon']);
    expect(d.mapping).toEqual({ lon: 'lon', lat: 'lat', name: 'name', category: 'type', address: 'address' });
    expect(d.index).toEqual({ lon: 6, lat: 5, name: 0, category: 4, address: 1 });
    expect(d.crsHint).toBeNull();
  });

  it('a bureau roster in Chinese, case and full-width forms', () => {
    const d = detect([
      '序号',
      '机构名称',
      '大类',
      '中类',
      '小类',
      '详细地址',
      'ＬＮＧ',
      '纬度（GCJ02）',
      '建筑面积(万㎡)',
      '编号',
    ]);
    expect(d.mapping).toEqual({
      lon: 'ＬＮＧ',
      lat: '纬度（GCJ02）',
      name: '机构名称',
      category: '小类',
      address: '详细地址',
      area: '建筑面积(万㎡)',
      id: '编号',
    });
    expect(d.areaFactor).toBe(10000);
  });

  it('prefers the most specific category level', () => {
    expect(detect(['名称', '大类', '中类', 'x', 'y']).mapping.category).toBe('中类');
    expect(detect(['名称', '大类', 'x', 'y']).mapping.category).toBe('大类');
    expect(detect(['设施名称', '设施类型', '大类', 'Longitude', 'Latitude']).mapping).toMatchObject({
      name: '设施名称',
      category: '设施类型',
      lon: 'Longitude',
      lat: 'Latitude',
    });
  });

  it('Amap "location" column holding "lng,lat"', () => {
    const d = detect(['id', 'name', 'type', 'typecode', 'address', 'location', 'pname']);
    expect(d.mapping).toEqual({ location: 'location', id: 'id', name: 'name', category: 'type', address: 'address' });
    expect(detect(['名称', '经纬度']).mapping.location).toBe('经纬度');
  });

  it('CRS-tagged coordinate columns: picks the pair matching --crs and reports the tag', () => {
    const h = ['name', 'wgs84_lng', 'wgs84_lat', 'gcj_lng', 'gcj_lat', 'bd_lng', 'bd_lat'];
    expect(detect(h, 'wgs84').mapping).toMatchObject({ lon: 'wgs84_lng', lat: 'wgs84_lat' });
    expect(detect(h, 'gcj02').mapping).toMatchObject({ lon: 'gcj_lng', lat: 'gcj_lat' });
    expect(detect(h, 'bd09').mapping).toMatchObject({ lon: 'bd_lng', lat: 'bd_lat' });
    const only = detect(['名称', 'bd_lng', 'bd_lat'], 'wgs84');
    expect(only.mapping).toMatchObject({ lon: 'bd_lng', lat: 'bd_lat' });
    expect(only.crsHint).toBe('bd09');
    expect(detect(['名称', '经度(百度)', '纬度(百度)'], 'wgs84').crsHint).toBe('bd09');
  });

  it('an explicit mapping wins field by field; other fields are still detected', () => {
    const d = detect(['名称', 'X坐标', 'Y坐标', '经度', '纬度', '类型'], 'wgs84', { lon: 'X坐标', lat: 'Y坐标' });
    expect(d.mapping).toEqual({ lon: 'X坐标', lat: 'Y坐标', name: '名称', category: '类型' });
    expect(detect(['a', 'b', 'c'], 'wgs84', { lon: 'B', lat: 'c', name: 'a' }).mapping).toEqual({
      lon: 'b',
      lat: 'c',
      name: 'a',
    });
  });

  it('unknown columns: the error lists the header and says how to pass --columns', () => {
    const h = ['设施', '东西', '南北', '备注'];
    expect(() => detect(h)).toThrow(InputError);
    expect(() => detect(h)).toThrow(
      'list.csv: cannot find the longitude/latitude columns among the columns: 设施, 东西, 南北, 备注; ' +
        'name them with --columns lon=<column>,lat=<column> (or --columns location=<column> for one ' +
        '"lng,lat" column)',
    );
    expect(() => detect(['名称', '经度', '备注'])).toThrow(
      'list.csv: cannot find a latitude column among the columns: 名称, 经度, 备注',
    );
    expect(() => detect(h, 'wgs84', { lon: '东西', lat: '南北北' })).toThrow(
      'list.csv: --columns lat=南北北: there is no column "南北北"; the columns are: 设施, 东西, 南北, 备注',
    );
  });
});

describe('parseColumnsOption', () => {
  it('parses the CLI form, also with full-width punctuation', () => {
    expect(parseColumnsOption('lon=经度,lat=纬度,name=名称,category=类型')).toEqual({
      lon: '经度',
      lat: '纬度',
      name: '名称',
      category: '类型',
    });
    expect(parseColumnsOption('lng＝经度，latitude = 纬度 , type=小类,id=编号,area=建筑面积,address=地址')).toEqual({
      lon: '经度',
      lat: '纬度',
      category: '小类',
      id: '编号',
      area: '建筑面积',
      address: '地址',
    });
    expect(parseColumnsOption('location=坐标')).toEqual({ location: '坐标' });
  });

  it('refuses malformed specs with the reason', () => {
    expect(() => parseColumnsOption('lon')).toThrow('--columns "lon": "lon" should be field=column, e.g. lon=经度');
    expect(() => parseColumnsOption('colour=红')).toThrow(
      'unknown field "colour"; the fields are lon, lat, location, name, category, id, address, area',
    );
    expect(() => parseColumnsOption('lon=a,lng=b')).toThrow('lon is given twice');
    expect(() => parseColumnsOption('location=a,lon=b')).toThrow('either location');
    expect(() => parseColumnsOption(' , ')).toThrow('empty');
  });
});
