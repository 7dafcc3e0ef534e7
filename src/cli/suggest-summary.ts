/** The terminal summary of `suggest`: per category (and community), what the sites gain and the bound. */
import type { JobResult } from '../coverage/run-job.js';
import { inLang, type Lang } from '../profiles/types.js';
import { c, fmtInt } from './ui.js';

const pct = (v: number) => `${(Math.floor(Math.min(1, v) * 1000) / 10).toFixed(1)} %`;

export function suggestSummary(r: JobResult, lang: Lang, maxRows = 40): string {
  const s = r.suggest;
  if (!s) return '';
  const zh = lang === 'zh';
  const cs = r.result.communities;
  const unit = s.unit === 'households' ? (zh ? '户' : 'households') : s.unit;
  const out: string[] = [
    c.bold(
      zh
        ? `\n选址建议（${s.candidates} 个候选点；每个答案都给出可证明的下限：至少达到最优的 X %）`
        : `\nWhere to build (${s.candidates} candidate sites; each answer is proven at least X % of the best possible)`,
    ),
  ];
  for (const a of s.answers.slice(0, maxRows)) {
    const who = a.forCommunity === null ? '' : `${cs[a.forCommunity].community.id} `;
    const cat = `${inLang(a.category, lang)} ${a.category.threshold_m}m`;
    const pass =
      a.passes === undefined
        ? ''
        : a.passes
          ? zh
            ? '，之后达标'
            : ', then passes'
          : zh
            ? `，仍不达标（${a.note}）`
            : `, still fails (${a.note})`;
    out.push(
      zh
        ? `  ${who}${cat}: ${a.sites} 处新增设施新覆盖 ${fmtInt(a.value)} ${unit}（未覆盖 ${fmtInt(a.unserved)}），至少达到最优的 ${pct(a.guaranteed)}${pass}`
        : `  ${who}${cat}: ${a.sites} new sites bring ${fmtInt(a.value)} ${unit} within reach ` +
            `(of ${fmtInt(a.unserved)} unserved), at least ${pct(a.guaranteed)} of the best possible${pass}`,
    );
  }
  if (s.answers.length > maxRows) out.push(`  … ${s.answers.length - maxRows} more in run.json`);
  out.push(zh ? '建议点位：suggestions.geojson、suggestions.csv' : 'Sites: suggestions.geojson, suggestions.csv');
  return out.join('\n');
}

/** The terminal summary of a plan: per community, required categories met before → after. */
export function plannedSummary(r: JobResult, lang: Lang, maxRows = 40): string {
  const p = r.planned;
  if (!p) return '';
  const zh = lang === 'zh';
  const cs = r.result.communities;
  const out: string[] = [
    c.bold(
      zh
        ? `\n规划设施（${p.planned.length} 处）前后对比：必配设施达标数`
        : `\nThe plan (${p.planned.length} facilities), before → after: required categories met`,
    ),
  ];
  const gained = new Map<number, number>();
  for (const row of p.rows) gained.set(row.community, (gained.get(row.community) ?? 0) + row.gained);
  for (const m of p.communities.slice(0, maxRows)) {
    const cm = cs[m.community].community;
    const names = m.nowPass
      .map((id) => inLang(r.profile.categories.find((x) => x.id === id)!, lang))
      .join(zh ? '、' : ', ');
    out.push(
      `  ${cm.id}${cm.name ? ` ${cm.name}` : ''}: ${m.requiredMetBefore}/${m.requiredTotal} → ${m.requiredMetAfter}/${m.requiredTotal}` +
        (names ? (zh ? `（新达标：${names}）` : ` (now passes: ${names})`) : ''),
    );
  }
  out.push(zh ? '每个社区和类别的前后指标：planned.csv' : 'Every metric before and after: planned.csv');
  return out.join('\n');
}
