/**
 * The report's two planning sections, present only when the run has them: "where to build"
 * (`suggest:`: each suggested site, the communities it newly serves, their share before → after)
 * and "what the plan changes" (`planned:`: per community × category, before → after and the
 * verdict change). The tables carry what a bureau reads; every column of them is in
 * suggestions.csv / planned.csv and the GeoPackage.
 */
import type { CommunityOutcome } from '../../coverage/analysis.js';
import { inLang, type Lang } from '../../profiles/types.js';
import type { OutputInput } from '../input.js';
import { VERDICT, verdict } from '../tables/labels.js';
import { esc, TEXT } from './text.js';

const pct = (v: number) => `${Math.round(v * 100)}%`;
const num = (v: number) => (Math.round(v * 10) / 10).toLocaleString('en-US');
const name = (c: CommunityOutcome) => c.community.name ?? c.community.id;

function passText(pass: boolean, lang: Lang): string {
  const v = verdict(pass);
  return `<span class="${v}">${esc(VERDICT[v][lang])}</span>`;
}

/** "where to build": one row per suggested site, its communities listed with before → after */
export function suggestionsSection(inp: OutputInput): string {
  const res = inp.suggest?.result;
  if (!res) return '';
  const { lang } = inp;
  const t = TEXT[lang];
  const comms = inp.result.communities;
  if (!res.suggestions.length)
    return `<section class="plans" id="suggestions"><h2>${t.suggestions}</h2><p>${t.noSuggestions}</p></section>`;
  const rows = res.suggestions
    .map((s) => {
      const served = s.effects
        .map(
          (e) =>
            `${esc(name(comms[e.community]))} ${pct(e.shareBefore)} → ${pct(e.shareAfter)} ` +
            `(${passText(e.passedBefore, lang)} → ${passText(e.passesAfter, lang)})`,
        )
        .join('<br>');
      const scope = s.forCommunity === null ? t.scopeCity : esc(name(comms[s.forCommunity]));
      return (
        `<tr><td>${esc(inLang(s.category, lang))}</td><td>${scope}</td><td class="n">${s.rank}</td>` +
        `<td>${esc(s.candidate.name ?? s.candidate.id)}<br><small>${s.candidate.lat.toFixed(6)}, ${s.candidate.lon.toFixed(6)}</small></td>` +
        `<td class="n">${num(s.gained)}</td><td class="small">${served}</td></tr>`
      );
    })
    .join('');
  return (
    `<section class="plans" id="suggestions"><h2>${t.suggestions}</h2>` +
    `<p class="small">${t.suggestionsNote(res.candidates, res.unit)}</p>` +
    `<table class="cats"><thead><tr><th>${t.category}</th><th>${t.scope}</th><th>${t.rank}</th><th>${t.site}</th>` +
    `<th>${t.newlyCovered}</th><th>${t.communitiesServed}</th></tr></thead><tbody>${rows}</tbody></table></section>`
  );
}

/** "what the plan changes": every community × category with planned facilities, before → after */
export function plannedSection(inp: OutputInput): string {
  const res = inp.planned;
  if (!res) return '';
  const { lang } = inp;
  const t = TEXT[lang];
  const comms = inp.result.communities;
  const summary = res.communities
    .filter((c) => c.requiredMetAfter !== c.requiredMetBefore)
    .map(
      (c) =>
        `<li>${esc(name(comms[c.community]))}: ${c.requiredMetBefore}/${c.requiredTotal} → ${c.requiredMetAfter}/${c.requiredTotal}</li>`,
    )
    .join('');
  const rows = res.rows
    .map((r) => {
      const before = r.before.pass === null ? VERDICT.not_assessed[lang] : VERDICT[verdict(r.before.pass)][lang];
      const after = r.after.pass === null ? VERDICT.not_assessed[lang] : VERDICT[verdict(r.after.pass)][lang];
      return (
        `<tr><td>${esc(name(comms[r.community]))}</td><td>${esc(inLang(r.category, lang))}</td><td class="n">${r.plannedCount}</td>` +
        `<td class="n">${pct(r.before.share)} → ${pct(r.after.share)}</td><td class="n">${num(r.gained)}</td>` +
        `<td>${esc(before)} → ${esc(after)}</td></tr>`
      );
    })
    .join('');
  return (
    `<section class="plans" id="planned"><h2>${t.planned}</h2>` +
    `<p class="small">${t.plannedNote(res.planned.length)}</p>` +
    (summary ? `<ul>${summary}</ul>` : `<p>${t.plannedNoVerdictChange}</p>`) +
    `<table class="cats"><thead><tr><th>${t.community}</th><th>${t.category}</th><th>${t.plannedCount}</th><th>${t.share}</th>` +
    `<th>${t.newlyCovered}</th><th>${t.result}</th></tr></thead><tbody>${rows}</tbody></table></section>`
  );
}
