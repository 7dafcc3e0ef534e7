/** Codes that GIS formats store and the labels people read, in one place. */
import type { Bilingual } from '../../profiles/types.js';

export const VERDICT: Readonly<Record<string, Bilingual>> = {
  pass: { zh: '达标', en: 'pass' },
  fail: { zh: '不达标', en: 'fail' },
  not_assessed: { zh: '未评估', en: 'not assessed' },
};

export const COMMUNITY_STATUS: Readonly<Record<string, Bilingual>> = {
  ok: { zh: '正常', en: 'ok' },
  no_network: { zh: '无步行网络', en: 'no walkable network' },
};

export function verdict(pass: boolean | null): 'pass' | 'fail' | 'not_assessed' {
  return pass === null ? 'not_assessed' : pass ? 'pass' : 'fail';
}

/** metres rounded to whole metres; unreachable (Infinity) stays empty */
export const metres = (v: number): number | null => (Number.isFinite(v) ? Math.round(v) : null);
export const r1 = (v: number): number => Math.round(v * 10) / 10;
export const r2 = (v: number): number => Math.round(v * 100) / 100;
export const r3 = (v: number): number => Math.round(v * 1000) / 1000;
