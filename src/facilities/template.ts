/**
 * A facility-list template for categories the data does not cover: the columns the list reader
 * recognises (so a filled-in template needs no --columns), one row per category with its name in
 * the type column and the rest left to fill in. Rows left without coordinates are skipped (and
 * reported) when the list is read, so an unfilled row never becomes a facility.
 */
import { stringify } from 'csv-stringify/sync';
import { inLang, type Category, type Lang } from '../profiles/types.js';

const HEADER: Record<Lang, string[]> = {
  zh: ['编号', '名称', '类型', '经度', '纬度', '建筑面积', '地址'],
  en: ['id', 'name', 'category', 'lon', 'lat', 'floor_area', 'address'],
};

/** the template CSV (UTF-8 with BOM, CRLF): header and one row per category */
export function listTemplateCsv(categories: readonly Category[], lang: Lang): string {
  const rows = [HEADER[lang], ...categories.map((c) => ['', '', inLang(c, lang), '', '', '', ''])];
  return `\uFEFF${stringify(rows, { record_delimiter: 'windows' })}`;
}

/** how to use the template, one line, for the terminal and the docs */
export function templateHint(file: string, lang: Lang): string {
  return lang === 'zh'
    ? `在 ${file} 中每类填写设施（名称、经纬度、建筑面积；一行一处，可复制行），` +
        `作为设施清单加入任务（facilities: - file: ${file}，注明 crs）后重新运行`
    : `fill in ${file} (name, lon/lat, floor area; one facility per row, copy rows as needed) and add it to ` +
        `the job as a facility list (facilities: - file: ${file}, with its crs), then run again`;
}
