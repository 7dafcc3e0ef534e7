/**
 * The 每百户不低于30平方米 check (完整社区 standard): community service floor area per 100
 * households, from the facilities of the service-station category within its distance of the
 * community's origins.
 */
import type { Facility } from '../facilities/facility.js';
import type { Profile } from '../profiles/types.js';
import type { CommunityOutcome } from './analysis.js';
import type { CommunityContext } from './community-context.js';

/** the 每百户不低于30平方米 rule: community service floor area per 100 households */
export const SERVICE_AREA_M2_PER_100_HOUSEHOLDS = 30;
export const SERVICE_AREA_CATEGORY = 'community_service_station';

export function serviceArea(
  p: CommunityContext,
  facilities: Facility[],
  profile: Profile,
): CommunityOutcome['serviceArea'] {
  const cat = profile.categories.find((c) => c.id === SERVICE_AREA_CATEGORY);
  const hh = p.community.households;
  if (!cat)
    return {
      status: 'not assessed',
      m2Per100Households: null,
      reason: {
        en: `profile ${profile.id} has no ${SERVICE_AREA_CATEGORY} category`,
        zh: `配置 ${profile.id} 没有 ${SERVICE_AREA_CATEGORY} 类别`,
      },
    };
  if (hh === null || hh <= 0)
    return { status: 'not assessed', m2Per100Households: null, reason: { en: 'households unknown', zh: '户数未知' } };
  const serving = [...p.facilitiesInReach]
    .filter(([fi, d]) => facilities[fi].category === cat.id && d <= cat.threshold_m)
    .map(([fi]) => facilities[fi]);
  if (!serving.length)
    return {
      status: 'fail',
      m2Per100Households: 0,
      reason: { en: `no ${cat.en} within ${cat.threshold_m} m`, zh: `${cat.threshold_m} 米内没有${cat.zh}` },
    };
  const unknown = serving.filter((f) => f.floorAreaM2 === null).length;
  if (unknown)
    return {
      status: 'not assessed',
      m2Per100Households: null,
      reason: {
        en: `floor area unknown for ${unknown} of the ${serving.length} ${cat.en} facilities in reach`,
        zh: `范围内 ${serving.length} 处${cat.zh}中有 ${unknown} 处建筑面积未知`,
      },
    };
  const per100 = (serving.reduce((s, f) => s + (f.floorAreaM2 ?? 0), 0) / hh) * 100;
  const v = Math.round(per100 * 10) / 10;
  return {
    status: per100 >= SERVICE_AREA_M2_PER_100_HOUSEHOLDS ? 'pass' : 'fail',
    m2Per100Households: v,
    reason: {
      en: `${v} m² per 100 households (needs ${SERVICE_AREA_M2_PER_100_HOUSEHOLDS})`,
      zh: `每百户 ${v} 平方米（要求 ${SERVICE_AREA_M2_PER_100_HOUSEHOLDS}）`,
    },
  };
}
