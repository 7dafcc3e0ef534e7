/** Why a category failed or was not assessed, and why a community has no network: bilingual texts. */
import type { Facility } from '../facilities/facility.js';
import type { WalkNetwork } from '../network/types.js';
import type { Bilingual, Category } from '../profiles/types.js';
import type { Community } from './communities.js';
import type { NearestFacility } from './distance.js';

const pct = (v: number) => Math.round(v * 100);

/** null when the category passes */
export function categoryReason(r: {
  category: Category;
  nearest: NearestFacility | null;
  facilities: Facility[];
  passShare: number;
  maxSnapM: number;
  /** any resident placed on the network */
  anySnapped: boolean;
  share: number;
  /** the share meets the pass share */
  meets: boolean;
}): Bilingual | null {
  const { category: cat } = r;
  if (!r.anySnapped) return { en: 'no walkable network in or near the community', zh: '社区内及附近没有步行网络' };
  if (!r.nearest) {
    const n = r.facilities.filter((f) => f.category === cat.id).length;
    return n
      ? {
          en: `its ${n} facilities are all farther than ${r.maxSnapM} m from a walkable way`,
          zh: `此类 ${n} 处设施距步行网络均超过 ${r.maxSnapM} 米`,
        }
      : { en: 'no facilities of this category in OSM or the lists', zh: 'OSM 和设施清单中都没有此类设施' };
  }
  if (r.meets) return null;
  return {
    en: `${pct(r.share)} % of residents within ${cat.threshold_m} m (needs ${pct(r.passShare)} %)`,
    zh: `${pct(r.share)}% 的居民在 ${cat.threshold_m} 米步行范围内（要求 ${pct(r.passShare)}%）`,
  };
}

/** why a community has no network: outside the extract, lat/lon swapped, or a hole in the network */
export function noNetworkReason(net: WalkNetwork, c: Community, maxSnapM: number): Bilingual {
  const pts = (c.geometry.type === 'Polygon' ? [c.geometry.coordinates] : c.geometry.coordinates).flat(2);
  let x = 0;
  let y = 0;
  for (const q of pts) {
    x += q[0] / pts.length;
    y += q[1] / pts.length;
  }
  const [x0, y0, x1, y1] = net.meta.bbox;
  const inBox = (lon: number, lat: number) => lon >= x0 && lon <= x1 && lat >= y0 && lat <= y1;
  if (!inBox(x, y) && inBox(y, x))
    return {
      en: `the community lies outside the network, but with lat/lon swapped it would be inside: GeoJSON is [longitude, latitude]`,
      zh: '社区位于路网范围之外，但经纬度互换后位于范围内：GeoJSON 坐标顺序为 [经度, 纬度]',
    };
  if (!inBox(x, y))
    return {
      en: `the community lies outside the OSM extract's network (bbox ${net.meta.bbox.map((v) => v.toFixed(4)).join(', ')}); use an extract that covers it`,
      zh: '社区位于 OSM 数据的路网范围之外；请使用覆盖该社区的数据',
    };
  return {
    en: `no walkable way within ${maxSnapM} m of the community; check the OSM extract maps its streets`,
    zh: `社区 ${maxSnapM} 米内没有可步行道路；请检查 OSM 数据是否绘制了该处道路`,
  };
}
