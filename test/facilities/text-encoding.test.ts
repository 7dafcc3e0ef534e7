/**
 * Encodings Chinese offices produce: UTF-8 with and without BOM, GBK (Excel/WPS "CSV" on Chinese
 * Windows), UTF-16 with BOM (Excel "Unicode text"); and one-line errors for what is none of them.
 */
import { describe, expect, it } from 'vitest';
import iconv from 'iconv-lite';
import { readFacilityList } from '../../src/facilities/facility-list.js';
import { decodeText, gb18030FirstBad, utf8Scan } from '../../src/facilities/text-encoding.js';
import { InputError } from '../../src/util/errors.js';
import { fixture, gbk } from './helpers.js';

const CSV =
  '名称,类型,经度,纬度,地址\n清城区人民医院,综合医院,113.0435,23.6982,清远市清城区新城东一路\n凤城街道社区卫生服务中心,社区卫生服务中心,113.0312,23.6891,"北门街3号,2楼"\n';

describe('decodeText', () => {
  it('reads UTF-8 without and with a BOM', () => {
    expect(decodeText(Buffer.from(CSV, 'utf8'), 'a.csv')).toEqual({ text: CSV, encoding: 'utf-8' });
    const bom = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(CSV, 'utf8')]);
    expect(decodeText(bom, 'a.csv')).toEqual({ text: CSV, encoding: 'utf-8-bom' });
  });

  it('reads UTF-16 LE and BE with a BOM', () => {
    const le = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(CSV, 'utf16le')]);
    expect(decodeText(le, 'a.txt')).toEqual({ text: CSV, encoding: 'utf-16le' });
    const be = Buffer.from(le);
    be.swap16();
    expect(decodeText(be, 'a.txt')).toEqual({ text: CSV, encoding: 'utf-16be' });
  });

  it('reads GBK (made with the iconv command when present) as GB18030', () => {
    const { bytes, tool } = gbk(CSV);
    if (tool !== 'iconv') console.log('notice: no iconv command, GBK fixture made with iconv-lite');
    expect(bytes.length).toBeLessThan(Buffer.byteLength(CSV)); // 2 bytes per Hanzi, not 3
    expect(decodeText(bytes, 'a.csv')).toEqual({ text: CSV, encoding: 'gb18030' });
  });

  it('reads characters outside GBK that GB18030 has (4-byte sequences)', () => {
    const text = 'name,lon,lat\n𠀀记便利店,113.05,23.69\n'; // U+20000, 4 bytes in GB18030
    expect(decodeText(iconv.encode(text, 'gb18030'), 'a.csv')).toEqual({ text, encoding: 'gb18030' });
  });

  it('refuses bytes that are neither UTF-8 nor GB18030, naming the file and the byte offset', () => {
    const head = Buffer.from('name,lon,lat\nab', 'utf8');
    const bytes = Buffer.concat([head, Buffer.from([0xff, 0xff]), Buffer.from(',113.05,23.69\n')]);
    expect(() => decodeText(bytes, 'bad.csv')).toThrow(InputError);
    expect(() => decodeText(bytes, 'bad.csv')).toThrow(
      `bad.csv: cannot tell the text encoding: not UTF-8 (bad byte at offset ${head.length}) nor ` +
        `GBK/GB18030 (bad byte at offset ${head.length}); save the file as UTF-8`,
    );
  });

  it('calls a UTF-8 file with one damaged byte damaged, instead of decoding it as GB18030 mojibake', () => {
    const good = Buffer.from(CSV.repeat(5), 'utf8');
    const at = Buffer.byteLength(
      `${CSV.repeat(3)}名称,类型,经度,纬度,地址\n清城区人民医院,综合医院,113.0435,23.6982,清远市`,
    );
    good[at] = 0xff;
    expect(() => decodeText(good, 'damaged.csv')).toThrow(
      new RegExp(`^damaged\\.csv: byte offset ${at} is not valid UTF-8, although the rest of the file is UTF-8`),
    );
  });

  it('refuses a BOM followed by invalid UTF-8 at the right offset', () => {
    const bytes = Buffer.concat([
      Buffer.from([0xef, 0xbb, 0xbf]),
      Buffer.from('name,lon,lat\n'),
      iconv.encode('清远', 'gbk'),
    ]); // not '医院': its GBK bytes D2BD D4BA happen to be valid UTF-8
    expect(() => decodeText(bytes, 'b.csv')).toThrow(
      'b.csv: starts with a UTF-8 byte-order mark but byte offset 16 is not valid UTF-8',
    );
  });
});

describe('byte scanners', () => {
  it('utf8Scan finds overlongs, surrogates and truncation', () => {
    expect(utf8Scan(Buffer.from('中文 ok', 'utf8'))).toEqual({ firstBad: -1, bad: 0, goodMultibyte: 2 });
    expect(utf8Scan(Buffer.from([0x41, 0xc0, 0x80])).firstBad).toBe(1); // overlong NUL
    expect(utf8Scan(Buffer.from([0x41, 0x42, 0xed, 0xa0, 0x80])).firstBad).toBe(2); // surrogate
    expect(utf8Scan(Buffer.from([0x41, 0xe4, 0xb8])).firstBad).toBe(1); // truncated 中
  });

  it('gb18030FirstBad finds a bad trail byte and an unfinished sequence', () => {
    expect(gb18030FirstBad(iconv.encode('清远abc', 'gbk'))).toBe(-1);
    expect(gb18030FirstBad(Buffer.concat([iconv.encode('清远', 'gbk'), Buffer.from([0x81, 0x20])]))).toBe(4);
    expect(gb18030FirstBad(Buffer.concat([Buffer.from('ab'), Buffer.from([0x81, 0x30, 0x81])]))).toBe(2);
  });
});

describe('readFacilityList on encoded files', () => {
  it('a GBK CSV reads with its Chinese intact', async () => {
    const path = fixture('gbk.csv', gbk(CSV).bytes);
    const r = await readFacilityList(path, { crs: 'wgs84' });
    expect(r.encoding).toBe('gb18030');
    expect(r.rows.map((x) => [x.name, x.category, x.address])).toEqual([
      ['清城区人民医院', '综合医院', '清远市清城区新城东一路'],
      ['凤城街道社区卫生服务中心', '社区卫生服务中心', '北门街3号,2楼'],
    ]);
    expect(r.columns).toEqual({ lon: '经度', lat: '纬度', name: '名称', category: '类型', address: '地址' });
  });

  it('a UTF-16 LE tab-separated "Unicode text" export reads', async () => {
    const tsv = CSV.replace(/"北门街3号,2楼"/, '北门街3号,2楼')
      .replace(/,/g, '\t')
      .replace('北门街3号\t2楼', '北门街3号,2楼');
    const path = fixture('unicode.txt', Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(tsv, 'utf16le')]));
    const r = await readFacilityList(path, { crs: 'wgs84' });
    expect(r.encoding).toBe('utf-16le');
    expect(r.delimiter).toBe('\t');
    expect(r.rows[1].address).toBe('北门街3号,2楼');
  });

  it('an undecodable file is an InputError naming the file', async () => {
    const path = fixture(
      'binary.csv',
      Buffer.concat([Buffer.from('name,lon,lat\n'), Buffer.from([0x81, 0x7f, 0xff, 0xfe, 0x00])]),
    );
    await expect(readFacilityList(path, { crs: 'wgs84' })).rejects.toThrow(
      /binary\.csv: cannot tell the text encoding: not UTF-8 \(bad byte at offset 13\) nor GBK\/GB18030 \(bad byte at offset 13\); save the file as UTF-8/,
    );
  });
});
