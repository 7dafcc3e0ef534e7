/**
 * suggestions: where to build (siting, `suggest`). One row per suggested site × community it newly
 * serves — a site serving two communities has two rows (two features at the same point), each
 * complete: rank, site, category, households the site newly covers, the community's share
 * before → after (with the sites of this category ranked up to this one), passes before / after.
 */
import type { CommunityOutcome } from '../../coverage/analysis.js';
import type { CommunityEffect, Suggestion, SuggestResult } from '../../siting/suggest.js';
import { inLang } from '../../profiles/types.js';
import type { DatasetSpec } from '../schema.js';
import { r1, r3 } from './labels.js';

export interface SuggestionRow {
  s: Suggestion;
  e: CommunityEffect;
  c: CommunityOutcome;
  unit: string;
}

const SCOPE = {
  city: { zh: '全市', en: 'city' },
  community: { zh: '社区', en: 'community' },
};

const SOURCE = {
  generated: { zh: '沿街生成', en: 'generated' },
  file: { zh: '候选点文件', en: 'file' },
  parcel: { zh: 'OSM 地块', en: 'OSM parcel' },
};

export function suggestionRows(res: SuggestResult, comms: CommunityOutcome[]): SuggestionRow[] {
  return res.suggestions.flatMap((s) => s.effects.map((e) => ({ s, e, c: comms[e.community], unit: res.unit })));
}

export const suggestionsTable: DatasetSpec<SuggestionRow> = {
  name: 'suggestions',
  zh: '选址建议',
  en: 'suggestions',
  csvPoint: { lon: 'lon', lat: 'lat' },
  geometry: { kind: 'POINT', get: (r) => ({ type: 'Point', coordinates: [r.s.candidate.lon, r.s.candidate.lat] }) },
  fields: [
    {
      key: 'scope',
      zh: '范围',
      en: 'scope',
      type: 'label',
      labels: SCOPE,
      get: (r) => (r.s.forCommunity === null ? 'city' : 'community'),
    },
    { key: 'category', zh: '设施类别代码', en: 'category', type: 'text', get: (r) => r.s.category.id },
    { key: 'category_name', zh: '设施类别', en: 'category_name', type: 'text', get: (r, l) => inLang(r.s.category, l) },
    {
      key: 'threshold_m',
      zh: '步行距离标准(米)',
      en: 'threshold_m',
      type: 'integer',
      get: (r) => r.s.category.threshold_m,
    },
    { key: 'rank', zh: '序号', en: 'rank', type: 'integer', get: (r) => r.s.rank },
    { key: 'site_id', zh: '候选点编号', en: 'site_id', type: 'text', get: (r) => r.s.candidate.id },
    {
      key: 'site_source',
      zh: '候选点来源',
      en: 'site_source',
      type: 'label',
      labels: SOURCE,
      get: (r) => r.s.candidate.source,
    },
    { key: 'site_name', zh: '候选点名称', en: 'site_name', type: 'text', get: (r) => r.s.candidate.name },
    { key: 'lon', zh: '经度', en: 'lon', type: 'real', get: (r) => r.s.candidate.lon },
    { key: 'lat', zh: '纬度', en: 'lat', type: 'real', get: (r) => r.s.candidate.lat },
    {
      key: 'site_newly_covered',
      zh: '该点新增覆盖',
      en: 'site_newly_covered',
      type: 'real',
      get: (r) => r1(r.s.gained),
    },
    { key: 'unit', zh: '计量', en: 'unit', type: 'text', get: (r) => r.unit },
    { key: 'community_id', zh: '社区编号', en: 'community_id', type: 'text', get: (r) => r.c.community.id },
    { key: 'community_name', zh: '社区名称', en: 'community_name', type: 'text', get: (r) => r.c.community.name },
    {
      key: 'community_newly_covered',
      zh: '社区新增覆盖',
      en: 'community_newly_covered',
      type: 'real',
      get: (r) => r1(r.e.gained),
    },
    { key: 'share_before', zh: '建设前达标比例', en: 'share_before', type: 'real', get: (r) => r3(r.e.shareBefore) },
    { key: 'share_after', zh: '建设后达标比例', en: 'share_after', type: 'real', get: (r) => r3(r.e.shareAfter) },
    { key: 'passes_before', zh: '建设前达标', en: 'passes_before', type: 'boolean', get: (r) => r.e.passedBefore },
    { key: 'passes_after', zh: '建设后达标', en: 'passes_after', type: 'boolean', get: (r) => r.e.passesAfter },
  ],
};

/** the suggest section of run.json: every answer with its bound (no timings: reruns are byte-identical) */
export function suggestRecord(res: SuggestResult, comms: CommunityOutcome[]): Record<string, unknown> {
  return {
    unit: res.unit,
    candidates: res.candidates,
    categories: res.categories,
    answers: res.answers.map((a) => ({
      category: a.category.id,
      scope: a.scope,
      community: a.forCommunity === null ? undefined : comms[a.forCommunity].community.id,
      sites: a.sites,
      newly_covered: r1(a.value),
      unserved_before: r1(a.unserved),
      best_possible_at_most: r1(a.bound),
      at_least_share_of_best: r3(Math.min(1, a.guaranteed)),
      greedy_bound: r1(a.greedyBound),
      candidates_reaching_unserved: a.candidatesUseful,
      gain_evaluations: a.evaluations,
      swaps: a.swaps,
      min_sites_needed: a.minSites === undefined ? undefined : Number.isFinite(a.minSites) ? a.minSites : null,
      passes: a.passes,
      note: a.note,
    })),
  };
}
