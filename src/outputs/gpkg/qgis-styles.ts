/**
 * QGIS styles (QML) for the GeoPackage's layers, stored in `layer_styles` so QGIS applies them when
 * the layer is added: communities in graduated colours of SCORE_FIELD with name + score labels,
 * isochrone bands in three nested blues, gaps hatched red, facilities one colour per category,
 * routes as lines, and quiet styles for the network, residents and origins. Field aliases carry
 * the zh/en headers, so QGIS's attribute table reads like the CSVs.
 */
import type { Lang, Profile } from '../../profiles/types.js';
import { SCORE_FIELD } from '../tables/communities.js';
import { ORIGIN_KIND } from '../tables/labels.js';
import { header, type Dataset } from '../schema.js';
import { CATEGORY_COLOURS, SCORE_CLASSES, BAND_COLOURS, GAP_COLOUR, ROUTE_COLOUR } from '../palette.js';

type Props = Record<string, string>;
const esc = (s: string) =>
  s.replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('>', '&gt;').replaceAll('"', '&quot;');
const rgba = (hex: string, alpha = 255) => {
  const n = Number.parseInt(hex.slice(1), 16);
  return `${(n >> 16) & 255},${(n >> 8) & 255},${n & 255},${alpha}`;
};

function symbolLayer(cls: string, props: Props): string {
  const opts = Object.entries(props)
    .map(([k, v]) => `<Option type="QString" name="${k}" value="${esc(v)}"/>`)
    .join('');
  const legacy = Object.entries(props)
    .map(([k, v]) => `<prop k="${k}" v="${esc(v)}"/>`)
    .join('');
  return `<layer class="${cls}" enabled="1" locked="0" pass="0"><Option type="Map">${opts}</Option>${legacy}</layer>`;
}

function symbol(type: 'fill' | 'line' | 'marker', name: string, layers: string[], alpha = 1): string {
  return `<symbol type="${type}" name="${name}" alpha="${alpha}" clip_to_extent="1" force_rhr="0">${layers.join('')}</symbol>`;
}

const fill = (colour: string, outline: string, style = 'solid', outlineWidth = '0.3') =>
  symbolLayer('SimpleFill', {
    color: colour,
    style,
    outline_color: outline,
    outline_style: 'solid',
    outline_width: outlineWidth,
    outline_width_unit: 'MM',
    joinstyle: 'bevel',
  });
const line = (colour: string, width: string, style = 'solid') =>
  symbolLayer('SimpleLine', {
    line_color: colour,
    line_width: width,
    line_width_unit: 'MM',
    line_style: style,
    capstyle: 'round',
    joinstyle: 'round',
  });
const marker = (colour: string, size: string, shape = 'circle', outline = '255,255,255,255') =>
  symbolLayer('SimpleMarker', {
    name: shape,
    color: colour,
    outline_color: outline,
    outline_style: 'solid',
    outline_width: '0.2',
    outline_width_unit: 'MM',
    size,
    size_unit: 'MM',
  });

function aliases(d: Dataset, lang: Lang): string {
  return `<aliases>${d.fields.map((f, i) => `<alias field="${esc(f.key)}" index="${i}" name="${esc(header(f, lang))}"/>`).join('')}</aliases>`;
}

function qgis(body: string, d: Dataset, lang: Lang, labels = false): string {
  return (
    `<!DOCTYPE qgis PUBLIC 'http://mrcc.com/qgis.dtd' 'SYSTEM'>\n` +
    `<qgis version="3.22.16-Białowieża" styleCategories="Symbology|Labeling|Fields" labelsEnabled="${labels ? 1 : 0}">` +
    `${body}${aliases(d, lang)}</qgis>\n`
  );
}

const RENDERER_FLAGS = 'forceraster="0" symbollevels="0" enableorderby="0" referencescale="-1"';
const single = (sym: string) =>
  `<renderer-v2 type="singleSymbol" ${RENDERER_FLAGS}><symbols>${sym}</symbols><rotation/><sizescale/></renderer-v2>`;

function categorized(attr: string, cats: { value: string; label: string; sym: string }[]): string {
  return (
    `<renderer-v2 type="categorizedSymbol" attr="${esc(attr)}" ${RENDERER_FLAGS}>` +
    `<categories>${cats.map((c, i) => `<category value="${esc(c.value)}" symbol="${i}" label="${esc(c.label)}" render="true"/>`).join('')}</categories>` +
    `<symbols>${cats.map((c) => c.sym).join('')}</symbols><rotation/><sizescale/></renderer-v2>`
  );
}

function labeling(expression: string, size: number): string {
  return (
    `<labeling type="simple"><settings calloutType="simple">` +
    `<text-style fieldName="${esc(expression)}" isExpression="1" fontFamily="Noto Sans CJK SC" fontSize="${size}" fontSizeUnit="Point" ` +
    `textColor="30,30,30,255" textOpacity="1" fontWeight="75" namedStyle="Bold" fontItalic="0" fontUnderline="0" fontStrikeout="0" ` +
    `fontLetterSpacing="0" fontWordSpacing="0" multilineHeight="1" blendMode="0" previewBkgrdColor="255,255,255,255" capitalization="0" allowHtml="0">` +
    `<text-buffer bufferDraw="1" bufferSize="0.8" bufferSizeUnits="MM" bufferColor="255,255,255,255" bufferOpacity="0.9" ` +
    `bufferNoFill="1" bufferJoinStyle="128" bufferBlendMode="0"/>` +
    `</text-style><text-format wrapChar="" autoWrapLength="0" multilineAlign="1" addDirectionSymbol="0" formatNumbers="0" decimals="3" plussign="0"/>` +
    `<placement placement="1" centroidInside="1" centroidWhole="0" fitInPolygonOnly="0" offsetType="0" dist="0" priority="5" ` +
    `xOffset="0" yOffset="0" offsetUnits="MM" quadOffset="4" overrunDistance="0" labelOffsetMapUnitScale="3x:0,0,0,0,0,0"/>` +
    `<rendering obstacle="1" obstacleType="1" displayAll="1" upsidedownLabels="0" limitNumLabels="0" scaleVisibility="0" fontLimitPixelSize="0" ` +
    `mergeLines="0" drawLabels="1" zIndex="0" labelPerPart="0" minFeatureSize="0"/>` +
    `</settings></labeling>`
  );
}

export function communitiesQml(d: Dataset, lang: Lang): string {
  const ranges = SCORE_CLASSES.map(
    (c, i) =>
      `<range lower="${c.lower}" upper="${c.upper}" symbol="${i}" label="${esc(c.label[lang])}" render="true"/>`,
  ).join('');
  const syms = SCORE_CLASSES.map((c, i) =>
    symbol('fill', String(i), [fill(rgba(c.colour, 200), '60,60,60,255', 'solid', '0.5')]),
  ).join('');
  const renderer =
    `<renderer-v2 type="graduatedSymbol" attr="${SCORE_FIELD}" graduatedMethod="GraduatedColor" ${RENDERER_FLAGS}>` +
    `<ranges>${ranges}</ranges><symbols>${syms}</symbols><mode name="fixed"/><rotation/><sizescale/></renderer-v2>`;
  const na = lang === 'zh' ? '未评估' : 'not assessed';
  const expr = `coalesce("community_name", "community_id") || '\n' || coalesce(to_string(round("${SCORE_FIELD}" * 100)) || '%', '${na}')`;
  return qgis(renderer + labeling(expr, 9), d, lang, true);
}

export function isochronesQml(d: Dataset, lang: Lang, bandLabels: string[]): string {
  const cats = BAND_COLOURS.slice(0, bandLabels.length).map((colour, i) => ({
    value: String(i + 1),
    label: bandLabels[i],
    sym: symbol('fill', String(i), [fill(rgba(colour, 45), rgba(colour, 160), 'solid', '0.3')]),
  }));
  return qgis(categorized('band_rank', cats), d, lang);
}

export function gapsQml(d: Dataset, lang: Lang): string {
  return qgis(
    single(
      // hatch only: a community's gaps of several categories overlap, and a tint would stack to solid red
      symbol('fill', '0', [fill(rgba(GAP_COLOUR, 255), rgba(GAP_COLOUR, 200), 'b_diagonal', '0.3')]),
    ),
    d,
    lang,
  );
}

export function facilitiesQml(d: Dataset, lang: Lang, profile: Profile): string {
  const cats = profile.categories.map((c, i) => ({
    value: c.id,
    label: lang === 'zh' ? c.zh : c.en,
    sym: symbol('marker', String(i), [marker(rgba(CATEGORY_COLOURS[i % CATEGORY_COLOURS.length]), '2.8')]),
  }));
  return qgis(categorized('category', cats), d, lang);
}

export const routesQml = (d: Dataset, lang: Lang) =>
  qgis(single(symbol('line', '0', [line(rgba(ROUTE_COLOUR), '0.7', 'dash')])), d, lang);
export const networkQml = (d: Dataset, lang: Lang) =>
  qgis(single(symbol('line', '0', [line('150,150,150,255', '0.26')])), d, lang);
export const residentsQml = (d: Dataset, lang: Lang) =>
  qgis(single(symbol('marker', '0', [marker('90,90,90,160', '1.0', 'circle', '0,0,0,0')])), d, lang);
export const originsQml = (d: Dataset, lang: Lang) =>
  qgis(single(symbol('marker', '0', [marker('20,20,20,255', '3.2', 'triangle')])), d, lang);
/** the `network` command's origins: one marker per kind of origin, so missing gates stand out */
export function originsCheckQml(d: Dataset, lang: Lang): string {
  const kinds: [string, string, string][] = [
    ['gate', '200,30,30,255', 'square'],
    ['entrance', '230,120,20,255', 'triangle'],
    ['crossing', '30,110,200,255', 'circle'],
    ['centroid', '120,40,160,255', 'star'],
  ];
  const cats = kinds.map(([value, colour, shape], i) => ({
    value,
    label: header(ORIGIN_KIND[value], lang),
    sym: symbol('marker', String(i), [marker(colour, value === 'centroid' ? '4' : '3', shape, '20,20,20,255')]),
  }));
  return qgis(categorized('origin_kind', cats), d, lang);
}
export const originLinksQml = (d: Dataset, lang: Lang) =>
  qgis(single(symbol('line', '0', [line('200,30,30,255', '0.4', 'dot')])), d, lang);
/** attribute tables get their field aliases only */
export const tableQml = (d: Dataset, lang: Lang) => qgis('', d, lang);
/** suggested sites: a large star per category colour */
export function suggestionsQml(d: Dataset, lang: Lang, profile: Profile): string {
  const cats = profile.categories.map((c, i) => ({
    value: c.id,
    label: lang === 'zh' ? c.zh : c.en,
    sym: symbol('marker', String(i), [
      marker(rgba(CATEGORY_COLOURS[i % CATEGORY_COLOURS.length]), '5', 'star', '20,20,20,255'),
    ]),
  }));
  return qgis(categorized('category', cats), d, lang);
}
