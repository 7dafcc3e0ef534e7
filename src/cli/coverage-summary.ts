/**
 * The terminal summary of a coverage run (stdout): communities × required categories, worst
 * coverage index first, with met / assessed / required; the categories with no data and how to
 * supply them; the gaps that affect the most households.
 */
import { categoryTotals, floorAreaAffected, householdsAffected, rankGaps } from '../coverage/assess.js';
import type { JobResult } from '../coverage/run-job.js';
import { summaryOrder } from '../coverage/ranking.js';
import { QUALITY_FLAG } from '../outputs/tables/labels.js';
import { NO_DATA_TEMPLATE } from '../outputs/write.js';
import { inLang, type Lang } from '../profiles/types.js';
import { displayWidth as width, padEnd as pad, terminalWidth, truncate, wrapItems } from './text-width.js';
import { cOut as c, fmtInt } from './ui.js';

/** community labels are cut to this many columns (with an ellipsis) so the marks line up */
export const NAME_COLUMNS = 24;

/** a flag's number with its unit */
function flagValue(f: { kind: string; value: number }, zh: boolean): string {
  switch (f.kind) {
    case 'centroid_origin':
      return zh ? `${f.value} 米` : `${f.value} m`;
    case 'long_leg':
      return `${Math.round(f.value * 100)}%`;
    case 'detour':
      return `×${f.value}`;
    default:
      return zh ? `${f.value} 公里/平方公里` : `${f.value} km/km²`;
  }
}

export function coverageSummary(
  r: JobResult,
  lang: Lang,
  outDir: string,
  maxRows = 40,
  columns = terminalWidth(),
): string {
  const cats = r.profile.categories.filter((x) => x.required);
  const rows = summaryOrder(r.result);
  const out: string[] = [];
  const zh = lang === 'zh';
  out.push(
    c.bold(
      zh
        ? `\n${r.profile.name.zh}：${rows.length} 个社区 × ${cats.length} 类必配设施（✓ 达标 ✗ 不达标 – 未评估：无数据 · 未评估）`
        : `\n${r.profile.name.en}: ${rows.length} communities × ${cats.length} required categories ` +
            '(✓ pass ✗ fail – not assessed: no data · not assessed)',
    ),
  );
  const label = (x: (typeof rows)[number]) => `${x.community.id} ${x.community.name ?? ''}`.trim();
  const nameW = Math.min(NAME_COLUMNS, Math.max(...rows.map((x) => width(label(x))), 10));
  out.push(
    `${pad('', nameW)}  ${cats.map((_, i) => String(i + 1).padStart(2)).join(' ')}   ` +
      `${zh ? '达标/已评估/必配  覆盖指数' : 'met/assessed/required  index'}`,
  );
  for (const x of rows.slice(0, maxRows)) {
    const marks = x.categories
      .filter((o) => o.category.required)
      .map((o) => (o.pass === null ? (o.noData ? c.dim(' –') : c.dim(' ·')) : o.pass ? c.green(' ✓') : c.red(' ✗')));
    const counts = `${x.requiredMet}/${x.requiredAssessed ?? x.requiredTotal}/${x.requiredTotal}`;
    const index = x.coverageIndex === null || x.coverageIndex === undefined ? '–' : x.coverageIndex.toFixed(2);
    out.push(
      `${pad(truncate(label(x), nameW), nameW)}  ${marks.join(' ')}   ${pad(counts, zh ? 16 : 21)}  ${index.padStart(zh ? 8 : 5)}` +
        `${x.status !== 'ok' ? c.yellow(zh ? '  无步行网络' : '  no walkable network') : ''}`,
    );
  }
  if (rows.length > maxRows)
    out.push(
      c.dim(
        zh
          ? `… 另有 ${rows.length - maxRows} 个社区，见 communities.csv`
          : `… ${rows.length - maxRows} more communities in communities.csv`,
      ),
    );
  for (const line of wrapItems(
    cats.map((x, i) => `${i + 1} ${inLang(x, lang)} ${x.threshold_m}m`),
    columns,
  ))
    out.push(c.dim(line));
  out.push(
    c.dim(
      zh
        ? '覆盖指数：各已评估必配类别距离内居民（按户数加权）比例的平均值，0–1'
        : 'index: the mean over assessed required categories of the share of residents (households-weighted) within the distance, 0–1',
    ),
  );

  // per required category for the whole area: households within the distance, communities by verdict
  const totals = new Map(categoryTotals(r.result).map((t) => [t.categoryId, t]));
  out.push(c.bold(zh ? '\n全域（必配类别）：' : '\nWhole area (required categories):'));
  const catW = Math.min(NAME_COLUMNS, Math.max(...cats.map((x) => width(inLang(x, lang)))));
  for (const x of cats) {
    const t = totals.get(x.id);
    if (!t) continue;
    const hh =
      t.shareCovered === null
        ? zh
          ? '户数未知'
          : 'households unknown'
        : zh
          ? `${Math.round(t.shareCovered * 100)}% 的户在距离内（${fmtInt(t.householdsCovered)}/${fmtInt(t.householdsCounted)} 户）`
          : `${Math.round(t.shareCovered * 100)} % of households within (${fmtInt(t.householdsCovered)}/${fmtInt(t.householdsCounted)})`;
    out.push(
      `  ${pad(truncate(inLang(x, lang), catW), catW)}  ` +
        (t.noData
          ? c.dim(zh ? '未评估：无数据' : 'not assessed: no data')
          : zh
            ? `${hh}；达标 ${t.pass} · 不达标 ${t.fail} · 未评估 ${t.notAssessed}`
            : `${hh}; pass ${t.pass} · fail ${t.fail} · not assessed ${t.notAssessed}`),
    );
  }

  // categories with no facility anywhere: not assessed, and how to supply them
  const first = r.result.communities[0];
  const noData = first ? first.categories.filter((o) => o.noData).map((o) => o.category) : [];
  if (noData.length) {
    out.push(c.bold(zh ? '\n无数据（未评估）的类别：' : '\nCategories with no data (not assessed):'));
    for (const line of wrapItems(
      noData.map((x) => `${inLang(x, lang)} (${x.id})`),
      columns - 2,
      zh ? '、' : ', ',
      '  ',
    ))
      out.push(`  ${line.trimStart()}`);
    out.push(
      zh
        ? `  补充办法：填写 ${outDir}/${NO_DATA_TEMPLATE}（或 lifecircle template <类别>），作为设施清单加入任务后重新运行`
        : `  to supply them: fill in ${outDir}/${NO_DATA_TEMPLATE} (or lifecircle template <category>) and add it to the job as a facility list`,
    );
  }

  // where the network is the problem (coverage/quality.ts), each with its number
  const flagged = rows.filter((x) => x.quality?.flags.length);
  if (flagged.length) {
    out.push(
      c.bold(
        zh
          ? `\n数据质量：${flagged.length} 个社区的步行网络可能不完整（详见 data_quality.csv）：`
          : `\nData quality: the walking network may be incomplete for ${flagged.length} communities (see data_quality.csv):`,
      ),
    );
    for (const x of flagged.slice(0, 5))
      out.push(
        `  ${truncate(label(x), NAME_COLUMNS)}: ${x.quality!.flags.map((f) => `${QUALITY_FLAG[f.kind][lang]} ${flagValue(f, zh)}`).join(zh ? '、' : ', ')}`,
      );
    if (flagged.length > 5)
      out.push(c.dim(zh ? `  … 另有 ${flagged.length - 5} 个` : `  … ${flagged.length - 5} more`));
  }
  // per job: which categories come only from OSM, only from the lists, from both
  const src = (id: string, s: string) => r.facilities.filter((f) => f.category === id && f.source.includes(s)).length;
  const groups: Record<string, string[]> = { osm: [], list: [], both: [] };
  for (const k of r.profile.categories) {
    const o = src(k.id, 'osm');
    const l = src(k.id, 'list');
    if (o && l) groups.both.push(k.id);
    else if (o) groups.osm.push(k.id);
    else if (l) groups.list.push(k.id);
  }
  out.push(
    c.dim(
      zh
        ? `\n设施来源：仅 OSM ${groups.osm.length} 类${groups.osm.length ? `（${groups.osm.join('、')}）` : ''}；` +
            `仅设施清单 ${groups.list.length} 类${groups.list.length ? `（${groups.list.join('、')}）` : ''}；两者 ${groups.both.length} 类`
        : `\nFacility sources: OSM only ${groups.osm.length}${groups.osm.length ? ` (${groups.osm.join(', ')})` : ''}; ` +
            `lists only ${groups.list.length}${groups.list.length ? ` (${groups.list.join(', ')})` : ''}; both ${groups.both.length}`,
    ),
  );

  // worst gaps: required categories that fail, most households beyond the distance first
  const worst = rankGaps(
    r.result.communities.flatMap((x) => x.categories.filter((o) => o.category.required).map((o) => ({ c: x, o }))),
  ).slice(0, 5);
  if (worst.length) {
    out.push(c.bold(zh ? '\n最大缺口（按受影响户数）：' : '\nWorst gaps (by households affected):'));
    for (const { c: x, o } of worst) {
      const hh = householdsAffected(x, o);
      const fa = floorAreaAffected(x, o);
      const pct = Math.round((1 - o.share) * 100);
      const who =
        hh !== null
          ? zh
            ? `${fmtInt(hh)} 户`
            : `${fmtInt(hh)} households`
          : fa !== null
            ? zh
              ? `户数未知，${pct}% 居民（住宅建筑面积 ${fmtInt(fa)} 平方米）`
              : `households unknown, ${pct} % of residents (${fmtInt(fa)} m² of housing)`
            : zh
              ? `户数未知，${pct}% 居民`
              : `households unknown, ${pct} % of residents`;
      out.push(
        `  ${truncate(label(x), NAME_COLUMNS)} · ${inLang(o.category, lang)}: ${who} ` +
          `${zh ? `在 ${o.category.threshold_m} 米以外` : `beyond ${o.category.threshold_m} m`}`,
      );
    }
  }
  const total = r.result.communities.length;
  const allMet = r.result.communities.filter(
    (x) =>
      x.status === 'ok' &&
      (x.requiredAssessed ?? x.requiredTotal) > 0 &&
      x.requiredMet === (x.requiredAssessed ?? x.requiredTotal),
  ).length;
  out.push(
    zh
      ? `\n${fmtInt(allMet)}/${fmtInt(total)} 个社区已评估的必配设施全部达标。` +
          `结果文件在 ${outDir}/：${r.files.map((f) => f.split('/').pop()).join('、')}`
      : `\n${fmtInt(allMet)}/${fmtInt(total)} communities meet every assessed required category. Files in ` +
          `${outDir}/: ${r.files.map((f) => f.split('/').pop()).join(', ')}`,
  );
  return out.join('\n');
}
