/**
 * report.html: one self-contained, offline file (no external request is even allowed: a
 * Content-Security-Policy of default-src 'none'), in zh or en. The city overview (map of the
 * communities coloured by score, the ranked table, per-category chart, data quality and what is
 * not assessed), one section per community (its isochrones, facilities, gaps and routes on a base
 * map of the run's own network and buildings; its categories; the 30 m² check; its flags), then
 * method and sources. Maps and charts are static SVG written here: no library to ship (Leaflet
 * ~160 KB, ECharts ~660 KB), vector output in the PDF, and the same bytes on every run. The
 * print stylesheet puts each community on one A4 page.
 */
import type { CommunityOutcome } from '../../coverage/analysis.js';
import { summaryOrder } from '../../coverage/ranking.js';
import { ATTRIBUTION } from '../../io/geojson.js';
import { inLang, type Lang } from '../../profiles/types.js';
import { VERSION } from '../../util/version.js';
import type { Datasets } from '../datasets.js';
import type { OutputInput } from '../input.js';
import {
  BAND_COLOURS,
  CATEGORY_COLOURS,
  GAP_COLOUR,
  ROUTE_COLOUR,
  SCORE_CLASSES,
  NOT_ASSESSED_COLOUR,
  scoreColour,
} from '../palette.js';
import { communityFlags, FLAG_KINDS, type FlagRow } from '../tables/flags.js';
import { requiredShare } from '../tables/communities.js';
import { COMMUNITY_STATUS, VERDICT, verdict } from '../tables/labels.js';
import { bboxOf, buildingsPath, expand, MapFrame, networkPath, scaleBar, type BBox } from './svg-map.js';
import { plannedSection, suggestionsSection } from './plans.js';
import { esc, METHOD, TEXT } from './text.js';
import { REPORT_CSS } from './style.js';
import { ReportWriter } from './writer.js';
import { pointIdsWithin } from '../../network/feature-index.js';

const pct = (v: number | null) => (v === null ? '–' : `${Math.round(v * 100)}%`);

function geometryRings(g: CommunityOutcome['community']['geometry']): number[][][] {
  return g.type === 'Polygon' ? g.coordinates : g.coordinates.flat();
}

function communityBox(c: CommunityOutcome): BBox {
  const b = bboxOf(geometryRings(c.community.geometry).flat());
  // the isochrones' outer rings too, read in place (interleaved lon, lat)
  for (const band of c.isochrones ?? [])
    for (const p of band.polygons) {
      const r = p[0];
      for (let i = 0; i < r.length; i += 2) {
        if (r[i] < b[0]) b[0] = r[i];
        if (r[i + 1] < b[1]) b[1] = r[i + 1];
        if (r[i] > b[2]) b[2] = r[i];
        if (r[i + 1] > b[3]) b[3] = r[i + 1];
      }
    }
  return b;
}

function catColour(inp: OutputInput): Map<string, string> {
  return new Map(inp.profile.categories.map((c, i) => [c.id, CATEGORY_COLOURS[i % CATEGORY_COLOURS.length]]));
}

/**
 * Every facility point once, in the facilities' order, for the maps' bounding-box queries; the
 * end of each facility's circle element (colour, title) made once, as the maps need them (a
 * facility is on every map that reaches it: 45,600 circles of 25,300 points at city scale).
 */
interface FacilityPoints {
  lon: Float64Array;
  lat: Float64Array;
  /** index into inp.facilities */
  fac: Uint32Array;
  /** per facility: `" r="4" fill="…"><title>…</title></circle>` as UTF-8, once made */
  tail: (Buffer | undefined)[];
}

function facilityPoints(inp: OutputInput): FacilityPoints {
  const n = inp.facilities.reduce((s, f) => s + f.points.length, 0);
  const pts = { lon: new Float64Array(n), lat: new Float64Array(n), fac: new Uint32Array(n), tail: [] };
  let k = 0;
  inp.facilities.forEach((fac, i) => {
    for (const p of fac.points) {
      pts.lon[k] = p[0];
      pts.lat[k] = p[1];
      pts.fac[k++] = i;
    }
  });
  return pts;
}

/** a map's svg element opened, with the run's own buildings and walking network as its base map */
function baseMap(w: ReportWriter, inp: OutputInput, f: MapFrame): void {
  w.t('<svg class="map" viewBox="0 0 ').num(f.w).t(' ').num(f.h).t('" role="img">');
  w.t('<path class="bld" d="');
  buildingsPath(w, inp.net, f);
  w.t('"/><path class="net" d="');
  networkPath(w, inp.net, f);
  w.t('"/>');
}

function communityMap(w: ReportWriter, c: CommunityOutcome, inp: OutputInput, pts: FacilityPoints): void {
  const f = new MapFrame(expand(communityBox(c), 80), 700, 470);
  const colours = catColour(inp);
  baseMap(w, inp, f);
  if (c.isochrones)
    for (let b = c.isochrones.length - 1; b >= 0; b--) {
      w.t(`<path class="iso" fill="${BAND_COLOURS[b % BAND_COLOURS.length]}" d="`);
      f.polygons(w, c.isochrones[b].polygons);
      w.t(`"><title>${esc(inp.bands[b].label)}</title></path>`);
    }
  for (const o of c.categories)
    if (o.gap) {
      w.t('<path class="gap" d="');
      f.polygons(w, o.gap.polygons);
      w.t(`"><title>${esc(inLang(o.category, inp.lang))}</title></path>`);
    }
  w.t('<path class="outline" d="');
  f.rings(w, geometryRings(c.community.geometry), true);
  w.t('"/>');
  for (const o of c.categories)
    if (o.nearest && o.nearest.route.length >= 2) {
      w.t('<path class="route" d="');
      f.rings(w, [o.nearest.route], false);
      w.t(`"><title>${esc(inLang(o.category, inp.lang))}: ${Math.round(o.nearest.distanceM)} m</title></path>`);
    }
  const [x0, y0, x1, y1] = f.bbox;
  const ids = pointIdsWithin(pts.lon, pts.lat, x0, y0, x1, y1);
  for (let j = 0; j < ids.length; j++) {
    const k = ids[j];
    const lon = pts.lon[k];
    const lat = pts.lat[k];
    // the index finds at least these; the test is the maps' own
    if (!(lon >= x0 && lon <= x1 && lat >= y0 && lat <= y1)) continue;
    const i = pts.fac[k];
    let tail = pts.tail[i];
    if (tail === undefined) {
      const fac = inp.facilities[i];
      tail = Buffer.from(
        `" r="4" fill="${colours.get(fac.category) ?? '#333'}"><title>${esc(fac.name ?? fac.sourceId)}</title></circle>`,
      );
      pts.tail[i] = tail;
    }
    w.t('<circle class="fac" cx="').num(f.x(lon)).t('" cy="').num(f.y(lat)).raw(tail);
  }
  for (const o of c.origins) {
    const x = f.x(o.snap.lon);
    const y = f.y(o.snap.lat);
    w.t('<path class="origin" d="M')
      .num(x)
      .t(' ')
      .num(y - 5)
      .t('L')
      .num(x + 4.5)
      .t(' ')
      .num(y + 3.5);
    w.t('L')
      .num(x - 4.5)
      .t(' ')
      .num(y + 3.5)
      .t('Z"/>');
  }
  w.t(scaleBar(f)).t('</svg>');
}

function overviewMap(w: ReportWriter, inp: OutputInput): void {
  const all = inp.result.communities.flatMap((c) => geometryRings(c.community.geometry).flat());
  const f = new MapFrame(expand(bboxOf(all), 150), 700, 520);
  baseMap(w, inp, f);
  for (const c of inp.result.communities) {
    const s = requiredShare(c);
    w.t(`<path class="comm" fill="${scoreColour(s)}" d="`);
    f.rings(w, geometryRings(c.community.geometry), true);
    w.t(`"><title>${esc(c.community.name ?? c.community.id)}: ${pct(s)}</title></path>`);
  }
  for (const c of inp.result.communities) {
    const b = bboxOf(geometryRings(c.community.geometry).flat());
    w.t(
      `<text class="label" x="${f.x((b[0] + b[2]) / 2)}" y="${f.y((b[1] + b[3]) / 2)}">${esc(c.community.name ?? c.community.id)}` +
        ` ${pct(requiredShare(c))}</text>`,
    );
  }
  // a plan's facilities (squares) and suggested sites (diamonds), when the run has them
  for (const fac of inp.planned?.planned ?? [])
    for (const p of fac.points)
      w.t(
        `<rect class="planned" x="${f.x(p[0]) - 4}" y="${f.y(p[1]) - 4}" width="8" height="8"><title>${esc(fac.name ?? fac.sourceId)}</title></rect>`,
      );
  for (const sg of inp.suggest?.result.suggestions ?? []) {
    const x = f.x(sg.candidate.lon);
    const y = f.y(sg.candidate.lat);
    w.t(
      `<path class="site" d="M${x} ${y - 6}L${x + 6} ${y}L${x} ${y + 6}L${x - 6} ${y}Z">` +
        `<title>${esc(inLang(sg.category, inp.lang))} #${sg.rank}</title></path>`,
    );
  }
  w.t(scaleBar(f)).t('</svg>');
}

function scoreLegend(inp: OutputInput): string {
  const { lang } = inp;
  const items = SCORE_CLASSES.map((c) => `<span><i style="background:${c.colour}"></i>${esc(c.label[lang])}</span>`);
  items.push(`<span><i style="background:${NOT_ASSESSED_COLOUR}"></i>${esc(VERDICT.not_assessed[lang])}</span>`);
  if (inp.planned) items.push(`<span><i class="plannedl"></i>${esc(TEXT[lang].planned)}</span>`);
  if (inp.suggest) items.push(`<span><i class="sitel"></i>${esc(TEXT[lang].suggestions)}</span>`);
  return `<div class="legend">${items.join('')}</div>`;
}

function categoryChart(inp: OutputInput): string {
  const { lang } = inp;
  const t = TEXT[lang];
  const cats = inp.profile.categories;
  const rowH = 18;
  const labelW = 190;
  const barW = 420;
  const rows = cats.map((cat, i) => {
    const outs = inp.result.communities.map((c) => c.categories[i]).filter((o) => o.pass !== null);
    const passing = outs.length ? outs.filter((o) => o.pass).length / outs.length : 0;
    const mean = outs.length ? outs.reduce((s, o) => s + o.share, 0) / outs.length : 0;
    const y = i * rowH + 22;
    return (
      `<text x="${labelW - 6}" y="${y + 12}" text-anchor="end">${esc(inLang(cat, lang))}${cat.required ? '' : ' *'}</text>` +
      `<rect x="${labelW}" y="${y + 2}" width="${Math.round(barW * passing)}" height="6" fill="#1a9641"><title>${pct(passing)}</title></rect>` +
      `<rect x="${labelW}" y="${y + 9}" width="${Math.round(barW * mean)}" height="6" fill="#3182bd"><title>${pct(mean)}</title></rect>` +
      `<text x="${labelW + Math.round(barW * Math.max(passing, mean)) + 4}" y="${y + 13}" class="small">${pct(passing)} / ${pct(mean)}</text>`
    );
  });
  const h = cats.length * rowH + 30;
  const legend =
    `<rect x="${labelW}" y="4" width="10" height="8" fill="#1a9641"/><text x="${labelW + 14}" y="12" class="small">${t.communitiesPassing}</text>` +
    `<rect x="${labelW + 150}" y="4" width="10" height="8" fill="#3182bd"/><text x="${labelW + 164}" y="12" class="small">${t.residentsWithin}</text>`;
  return `<svg class="chart" viewBox="0 0 ${labelW + barW + 70} ${h}" role="img">${legend}${rows.join('')}</svg>`;
}

function flagTable(rows: FlagRow[], lang: Lang, limit = 60): string {
  if (!rows.length) return `<p>${TEXT[lang].noIssues}</p>`;
  const body = rows
    .slice(0, limit)
    .map(
      (r) =>
        `<tr><td>${esc(FLAG_KINDS[r.flag][lang])}</td><td>${esc(r.id ?? '')}` +
        ` ${esc(r.name === null || typeof r.name === 'string' ? (r.name ?? '') : inLang(r.name, lang))}</td>` +
        `<td>${esc(inLang(r.message, lang))}</td><td>${esc(r.action ? inLang(r.action, lang) : '')}</td></tr>`,
    )
    .join('');
  const more = rows.length > limit ? `<p class="small">… +${rows.length - limit} (data_quality.csv)</p>` : '';
  return `<table class="flags"><tbody>${body}</tbody></table>${more}`;
}

/** what every community section shares: the facility points, the categories with facilities */
interface Shared {
  pts: FacilityPoints;
  present: Set<string>;
}

function communitySection(
  w: ReportWriter,
  c: CommunityOutcome,
  inp: OutputInput,
  flags: FlagRow[],
  rank: number,
  sh: Shared,
): void {
  const { lang } = inp;
  const t = TEXT[lang];
  const s = requiredShare(c);
  const rows = c.categories
    .map((o) => {
      const v = verdict(o.pass);
      return (
        `<tr class="${v}"><td>${esc(inLang(o.category, lang))}</td><td>${o.category.required ? '●' : ''}</td><td class="n">${o.category.threshold_m}</td>` +
        `<td class="n">${Number.isFinite(o.medianM) ? Math.round(o.medianM) : '–'}</td><td class="n">${pct(o.share)}</td>` +
        `<td class="v">${esc(VERDICT[v][lang])}</td><td class="small">${esc(o.reason ? inLang(o.reason, lang) : '')}</td></tr>`
      );
    })
    .join('');
  const sa = c.serviceArea;
  const saV = sa.status === 'not assessed' ? 'not_assessed' : sa.status;
  const myFlags = communityFlags(flags, c.community.id, lang);
  const colours = catColour(inp);
  const facLegend = inp.profile.categories
    .filter((cat) => sh.present.has(cat.id))
    .map((cat) => `<span><i class="dot" style="background:${colours.get(cat.id)}"></i>${esc(inLang(cat, lang))}</span>`)
    .join('');
  const bandLegend = inp.bands
    .map(
      (b, i) =>
        `<span><i style="background:${BAND_COLOURS[i % BAND_COLOURS.length]};opacity:.5"></i>${esc(b.label)}</span>`,
    )
    .join('');
  w.t(
    `<section class="community" id="c-${esc(c.community.id)}" data-community="${esc(c.community.id)}">` +
      `<h2><span class="rank">#${rank}</span> ${esc(c.community.name ?? c.community.id)} <small>${esc(c.community.id)}</small></h2>` +
      `<p class="facts"><b style="background:${scoreColour(s)}">${t.requiredMet} ${c.requiredMet}/${c.requiredTotal} (${pct(s)})</b> · ` +
      `${t.households}: ${c.community.households ?? '–'} · ${t.residentsSample}: ${esc(c.residents.kind)} (${c.residents.lon.length}) · ` +
      `${t.status}: ${esc(COMMUNITY_STATUS[c.status === 'ok' ? 'ok' : 'no_network'][lang])}</p>`,
  );
  communityMap(w, c, inp, sh.pts);
  w.t(
    `<div class="legend">${bandLegend}<span><i class="hatch"></i>${t.legendGaps}</span><span><i class="line"></i>${t.legendRoutes}</span>` +
      `<span><i class="tri"></i>${t.legendOrigins}</span><span><i class="netl"></i>${t.legendNetwork}</span><span><i class="bldl"></i` +
      `>${t.legendBuildings}</span></div>` +
      `<div class="legend">${facLegend}</div>` +
      `<table class="cats"><thead><tr><th>${t.category}</th><th>${t.required}</th><th>${t.threshold}</th><th>${t.median}</th><th>${t.share}</th><th` +
      `>${t.result}</th><th>${t.reason}</th></tr></thead><tbody>${rows}</tbody></table>` +
      `<p class="sa"><b>${t.serviceArea}:</b> <span class="${saV}">${esc(VERDICT[saV][lang])}</span> — ${esc(inLang(sa.reason, lang))}</p>` +
      `<p class="cflags"><b>${t.flags}:</b> ${myFlags.length ? myFlags.map(esc).join('；') : t.noIssues}</p>` +
      '</section>',
  );
}

function methodSection(inp: OutputInput): string {
  const { lang, profile } = inp;
  const t = TEXT[lang];
  const src = profile.source;
  const inputs = inp.run.inputs as {
    osm?: { path?: string; format?: string; sha256?: string };
    facilities?: { path: string; sha256: string; crs: string; rows: number }[];
  };
  const clauses = profile.categories
    .map(
      (c) =>
        `<tr><td>${esc(inLang(c, lang))}</td><td class="n">${c.threshold_m}</td><td>${esc(c.clause)}</td><td>${c.verified ? '✓' : '?'}</td></tr>`,
    )
    .join('');
  const lists = (inputs.facilities ?? [])
    .map(
      (l) =>
        `<li>${esc(l.path.split(/[\\/]/).pop())} (${esc(l.crs)}, ${l.rows}) sha256 ${esc(l.sha256.slice(0, 16))}…</li>`,
    )
    .join('');
  return (
    `<section class="method"><h2>${t.method}</h2><ul>${METHOD[lang].map((m) => `<li>${esc(m)}</li>`).join('')}</ul>` +
    `<h3>${t.standard}</h3><p>${esc(inLang(profile.name, lang))} — ${esc(inLang(src, lang))} ${esc(src.document ?? '')}</p>` +
    `<table class="cats"><thead><tr><th>${t.category}</th><th>${t.threshold}</th><th>clause</th><th>✓</th></tr></thead><tbody>${clauses}</tbody></table>` +
    `<h3>${t.data}</h3><ul><li>OSM: ${esc(inputs.osm?.path?.split(/[\\/]/).pop())} (${esc(inputs.osm?.format)}) sha256` +
    ` ${esc(inputs.osm?.sha256?.slice(0, 16))}…</li>${lists}</ul>` +
    `<h3>${t.parameters}</h3><pre>${esc(JSON.stringify(inp.run.parameters))}</pre>` +
    `<h3>${t.attribution}</h3><p>${esc(ATTRIBUTION)}</p><p class="small">${t.generated}: lifecircle ${VERSION}</p></section>`
  );
}

/** report.html as UTF-8 bytes, in chunks (writer.ts: the report is never one string) */
export function reportHtml(ds: Datasets, inp: OutputInput): Buffer[] {
  const { lang, profile } = inp;
  const t = TEXT[lang];
  const order = summaryOrder(inp.result);
  const rankOf = new Map(order.map((c, i) => [c.community.id, i + 1]));
  const flagCount = (id: string) => ds.flagRows.filter((r) => r.scope === 'community' && r.id === id).length;
  const ranked = order
    .map((c, i) => {
      const s = requiredShare(c);
      const sa = c.serviceArea.status === 'not assessed' ? 'not_assessed' : c.serviceArea.status;
      return (
        `<tr><td class="n">${i + 1}</td><td><a href="#c-${esc(c.community.id)}">${esc(c.community.name ?? c.community.id)}</a> <small` +
        `>${esc(c.community.id)}</small></td>` +
        `<td class="n">${c.requiredMet}/${c.requiredTotal}</td><td class="n"><b style="background:${scoreColour(s)}">${pct(s)}</b></td>` +
        `<td class="${sa}">${esc(VERDICT[sa][lang])}</td><td class="n">${flagCount(c.community.id)}</td></tr>`
      );
    })
    .join('');
  const missing = ds.flagRows.filter((r) => r.flag === 'no_facilities' || r.flag === 'no_network');
  const shared: Shared = { pts: facilityPoints(inp), present: new Set(inp.facilities.map((f) => f.category)) };
  const w = new ReportWriter();
  w.t(
    `<!DOCTYPE html>\n<html lang="${lang === 'zh' ? 'zh-CN' : 'en'}"><head><meta charset="utf-8">` +
      `<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'; img-src data:">` +
      `<meta name="viewport" content="width=device-width, initial-scale=1"><title>${esc(t.title)} — ${esc(inLang(profile.name, lang))}</title>` +
      `<style>${REPORT_CSS.replaceAll('GAP_COLOUR', GAP_COLOUR).replaceAll('ROUTE_COLOUR', ROUTE_COLOUR)}</style></head><body>` +
      `<svg width="0" height="0" style="position:absolute"><defs><pattern id="hatch" patternUnits="userSpaceOnUse" width="7" height="7" patternTransform` +
      `="rotate(45)">` +
      `<path d="M0 0V7" stroke="${GAP_COLOUR}" stroke-width="1.4"/></pattern></defs></svg>`,
  );
  w.t(
    `<header><h1>${t.title}</h1><p>${esc(inLang(profile.name, lang))} · ${t.counts(inp.result.communities.length, profile.categories.length)} · lifeci` +
      `rcle ${VERSION}</p>` +
      `<p class="small">${esc(ATTRIBUTION)}</p></header>` +
      `<section class="overview"><h2>${t.overview}</h2><div class="grid"><div>`,
  );
  overviewMap(w, inp);
  w.t(
    `${scoreLegend(inp)}<p class="small">${t.mapCaption}</p></div>` +
      `<div><h3>${t.perCategory}</h3>${categoryChart(inp)}<p class="small">* ${lang === 'zh' ? '宜配' : 'recommended'}</p></div></div>` +
      `<h3>${t.ranked}</h3><table class="ranked"><thead><tr><th>${t.rank}</th><th>${t.community}</th><th>${t.requiredMet}</th><th>${t.score}</th><th` +
      `>${t.serviceArea}</th><th>${t.flags}</th></tr></thead><tbody>${ranked}</tbody></table>` +
      `<h3>${t.notAssessed}</h3>${flagTable(missing, lang)}` +
      `<h3>${t.dataQuality}</h3>${flagTable(
        ds.flagRows.filter((r) => !missing.includes(r)),
        lang,
        12,
      )}</section>`,
  );
  w.t(suggestionsSection(inp)).t(plannedSection(inp));
  for (const c of order) communitySection(w, c, inp, ds.flagRows, rankOf.get(c.community.id)!, shared);
  w.t(methodSection(inp));
  // the ready flag tells a headless browser (the PDF, the tests) that fonts are in and layout is final
  w.t(
    `<script>(document.fonts?document.fonts.ready:Promise.resolve()).then(function(){document.documentElement.setAttribute('data-ready','1')});</script>` +
      '</body></html>\n',
  );
  return w.chunks();
}
