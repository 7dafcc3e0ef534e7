/** The terminal summary of a coverage run: communities × required categories, worst first. */
import type { JobResult } from '../coverage/run-job.js';
import { summaryOrder } from '../coverage/ranking.js';
import { inLang, type Lang } from '../profiles/types.js';
import { displayWidth as width, padEnd as pad, terminalWidth, truncate, wrapItems } from './text-width.js';
import { cOut as c, fmtInt } from './ui.js';

/** community labels are cut to this many columns (with an ellipsis) so the marks line up */
export const NAME_COLUMNS = 24;
/** a category with no facility anywhere in the study area (today's wording of that reason) */
const noneAnywhere = (o: { reason: { en: string } | null }) => o.reason !== null && /no facilities/.test(o.reason.en);
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
        ? `\n${r.profile.name.zh}：${rows.length} 个社区 × ${cats.length} 类必配设施（✓ 达标 ✗ 不达标 · 未评估）`
        : `\n${r.profile.name.en}: ${rows.length} communities × ${cats.length} required categories (✓ pass ✗ fail · not assessed)`,
    ),
  );
  const nameW = Math.min(
    NAME_COLUMNS,
    Math.max(...rows.map((x) => width(`${x.community.id} ${x.community.name ?? ''}`)), 10),
  );
  out.push(`${pad('', nameW)}  ${cats.map((_, i) => String(i + 1).padStart(2)).join(' ')}   ${zh ? '达标' : 'met'}`);
  for (const x of rows.slice(0, maxRows)) {
    const label = `${x.community.id} ${x.community.name ?? ''}`;
    const marks = x.categories
      .filter((o) => o.category.required)
      .map((o) => (o.pass === null ? c.dim(' ·') : o.pass ? c.green(' ✓') : c.red(' ✗')));
    out.push(
      `${pad(truncate(label, nameW), nameW)}  ${marks.join(' ')}   ` +
        `${x.requiredMet}/${x.requiredTotal}${x.status !== 'ok' ? c.yellow(zh ? '  无步行网络' : '  no walkable network') : ''}`,
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
  // worst gaps: failing required category pairs with the most residents beyond the distance
  const worst = r.result.communities
    .flatMap((x) => x.categories.filter((o) => o.pass === false && o.category.required).map((o) => ({ x, o })))
    .sort((a, b) => a.o.share - b.o.share || (a.x.community.id < b.x.community.id ? -1 : 1))
    .slice(0, 5);
  if (worst.length) {
    out.push(c.bold(zh ? '\n最大缺口：' : '\nWorst gaps:'));
    for (const { x, o } of worst)
      out.push(
        `  ${x.community.id} ${x.community.name ?? ''} · ${inLang(o.category, lang)}: ` +
          `${Math.round(o.share * 100)} % ${zh ? '居民在' : 'of residents within'} ` +
          `${o.category.threshold_m} m${noneAnywhere(o) ? (zh ? '（全域无此类设施）' : ' (no such facility anywhere)') : ''}`,
      );
  }
  const total = r.result.communities.length;
  const allMet = r.result.communities.filter((x) => x.status === 'ok' && x.requiredMet === x.requiredTotal).length;
  out.push(
    zh
      ? `\n${fmtInt(allMet)}/${fmtInt(total)} 个社区必配设施全部达标。` +
          `结果文件在 ${outDir}/：${r.files.map((f) => f.split('/').pop()).join('、')}`
      : `\n${fmtInt(allMet)}/${fmtInt(total)} communities meet every required category. Files in ` +
          `${outDir}/: ${r.files.map((f) => f.split('/').pop()).join(', ')}`,
  );
  return out.join('\n');
}
