/** Colours shared by the QGIS styles and the report, so the map in QGIS and in the report agree. */
import type { Bilingual } from '../profiles/types.js';

/** the communities' score classes (share of required categories met), red to green */
export const SCORE_CLASSES: { lower: number; upper: number; colour: string; label: Bilingual }[] = [
  { lower: 0, upper: 0.2, colour: '#d7191c', label: { zh: '0–20%', en: '0–20 %' } },
  { lower: 0.2, upper: 0.4, colour: '#fdae61', label: { zh: '20–40%', en: '20–40 %' } },
  { lower: 0.4, upper: 0.6, colour: '#ffffbf', label: { zh: '40–60%', en: '40–60 %' } },
  { lower: 0.6, upper: 0.8, colour: '#a6d96a', label: { zh: '60–80%', en: '60–80 %' } },
  { lower: 0.8, upper: 1.0001, colour: '#1a9641', label: { zh: '80–100%', en: '80–100 %' } },
];
export const NOT_ASSESSED_COLOUR = '#bdbdbd';

export function scoreColour(v: number | null): string {
  if (v === null) return NOT_ASSESSED_COLOUR;
  return (SCORE_CLASSES.find((c) => v >= c.lower && v < c.upper) ?? SCORE_CLASSES[SCORE_CLASSES.length - 1]).colour;
}

/** isochrone bands from the smallest (darkest) out */
export const BAND_COLOURS = ['#08519c', '#3182bd', '#9ecae1', '#c6dbef', '#deebf7'];
export const GAP_COLOUR = '#e31a1c';
export const ROUTE_COLOUR = '#6a3d9a';

/** one colour per facility category (profile order), distinguishable side by side */
export const CATEGORY_COLOURS = [
  '#1f77b4',
  '#ff7f0e',
  '#2ca02c',
  '#d62728',
  '#9467bd',
  '#8c564b',
  '#e377c2',
  '#7f7f7f',
  '#bcbd22',
  '#17becf',
  '#393b79',
  '#ad494a',
  '#637939',
  '#8c6d31',
  '#843c39',
  '#7b4173',
  '#3182bd',
  '#e6550d',
  '#31a354',
  '#756bb1',
];
