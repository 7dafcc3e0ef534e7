/** The columns every community × category table (coverage, gaps, routes) shares, defined once. */
import type { CategoryOutcome, CommunityOutcome } from '../../coverage/analysis.js';
import { inLang } from '../../profiles/types.js';
import type { Field } from '../schema.js';

interface CommunityCategoryRow {
  c: CommunityOutcome;
  o: CategoryOutcome;
}

/** which community and which category a row is about: the leading columns */
export function communityCategoryKeys<R extends CommunityCategoryRow>(): Field<R>[] {
  return [
    { key: 'community_id', zh: '社区编号', en: 'community_id', type: 'text', get: (r) => r.c.community.id },
    { key: 'community_name', zh: '社区名称', en: 'community_name', type: 'text', get: (r) => r.c.community.name },
    { key: 'category', zh: '设施类别代码', en: 'category', type: 'text', get: (r) => r.o.category.id },
    { key: 'category_name', zh: '设施类别', en: 'category_name', type: 'text', get: (r, l) => inLang(r.o.category, l) },
  ];
}

/** the category's walking distance in the standard (after threshold overrides) */
export function thresholdField<R extends CommunityCategoryRow>(): Field<R> {
  return {
    key: 'threshold_m',
    zh: '步行距离标准(米)',
    en: 'threshold_m',
    type: 'integer',
    get: (r) => r.o.category.threshold_m,
  };
}
