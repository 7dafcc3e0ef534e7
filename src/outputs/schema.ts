/**
 * One description per output table: its fields (ASCII key for GIS formats, zh/en headers for
 * people, a type), and the rows computed once. Every writer (CSV, XLSX, GeoJSON, GeoPackage,
 * report) reads these descriptions, so a new column is one line in one field list, and every
 * format gets it with the right type.
 */
import type { Geometry } from 'geojson';
import type { Bilingual, Lang } from '../profiles/types.js';

/**
 * text: ids and names (quoted in CSV, text cells in XLSX: a 12-digit community code must stay a
 * code); integer/real: numbers; boolean: yes/no for people, true/false (0/1) in GIS formats;
 * label: a code for GIS formats ('pass'), its zh/en label for people ('达标').
 */
export type FieldType = 'text' | 'integer' | 'real' | 'boolean' | 'label';
export type Value = string | number | boolean | null;

export interface Field<R> extends Bilingual {
  /** ASCII column name in GeoJSON/GeoPackage (QGIS, shapefile export); CSV/XLSX headers use zh/en */
  key: string;
  type: FieldType;
  get: (r: R, lang: Lang) => Value;
  /** for 'label' fields: code -> label */
  labels?: Readonly<Record<string, Bilingual>>;
}

/**
 * geometry as GeoJSON, or without coordinate arrays built: polygons as flat rings (isochrones), a
 * line as the vertex ranges [off[k], off[k + 1]) of two coordinate arrays for k = first … end - 1,
 * each range after the first without its first vertex (the last of the one before: the network's
 * edges, joined along a way)
 */
export type OutGeometry =
  | Geometry
  | { type: 'FlatPolygons'; polygons: Float64Array[][] }
  | { type: 'FlatLine'; lon: Float64Array; lat: Float64Array; off: Uint32Array; first: number; end: number };

/** a FlatLine's vertex count */
export function flatLineVertices(g: Extract<OutGeometry, { type: 'FlatLine' }>): number {
  return g.off[g.end] - g.off[g.first] - (g.end - g.first - 1);
}

export type GeometryKind =
  | 'POINT'
  | 'MULTIPOINT'
  | 'LINESTRING'
  | 'MULTILINESTRING'
  | 'POLYGON'
  | 'MULTIPOLYGON'
  | 'GEOMETRY';

export interface DatasetSpec<R> extends Bilingual {
  /** file/layer/sheet name, ASCII */
  name: string;
  fields: Field<R>[];
  /** present for map layers */
  geometry?: { kind: GeometryKind; get: (r: R) => OutGeometry | null };
  /** a CSV of a point layer carries its coordinates as lon/lat columns (typed CoordX/CoordY) */
  csvPoint?: { lon: string; lat: string };
  /** extra top-level members of the GeoJSON file (profile id, bands) */
  geojsonMeta?: Record<string, unknown>;
}

/** a dataset with its rows evaluated once, in field order */
export interface Dataset extends Bilingual {
  name: string;
  fields: Omit<Field<never>, 'get'>[];
  readonly rows: Value[][];
  readonly geometries: (OutGeometry | null)[] | null;
  geometryKind: GeometryKind | null;
  geojsonMeta: Record<string, unknown>;
  csvPoint: { lon: string; lat: string } | null;
}

/**
 * A dataset from its records: `rows` and `geometries` each evaluated when first read, then kept
 * (a table several writers read); or read one row at a time by rowOf/geometryOf, nothing kept
 * unless they were: a large layer only results.gpkg reads (network, residents, origins, ~90,000
 * of a city's rows) was materialized as arrays that the young-generation collector copied twice
 * before its one reader had encoded them (BENCHMARKS.md, issue 11).
 */
class Evaluated<R> implements Dataset {
  readonly name: string;
  readonly zh: string;
  readonly en: string;
  readonly fields: Omit<Field<never>, 'get'>[];
  readonly geometryKind: GeometryKind | null;
  readonly geojsonMeta: Record<string, unknown>;
  readonly csvPoint: { lon: string; lat: string } | null;
  kept: Value[][] | null = null;
  keptGeometries: (OutGeometry | null)[] | null = null;
  constructor(
    readonly spec: DatasetSpec<R>,
    readonly records: readonly R[],
    readonly lang: Lang,
  ) {
    this.name = spec.name;
    this.zh = spec.zh;
    this.en = spec.en;
    this.fields = spec.fields.map(({ get: _get, ...f }) => f);
    this.geometryKind = spec.geometry?.kind ?? null;
    this.geojsonMeta = spec.geojsonMeta ?? {};
    this.csvPoint = spec.csvPoint ?? null;
  }
  get rows(): Value[][] {
    if (!this.kept) this.kept = this.records.map((r) => this.spec.fields.map((f) => f.get(r, this.lang)));
    return this.kept;
  }
  get geometries(): (OutGeometry | null)[] | null {
    const g = this.spec.geometry;
    if (!g) return null;
    if (!this.keptGeometries) this.keptGeometries = this.records.map((r) => g.get(r));
    return this.keptGeometries;
  }
}

export function materialize<R>(spec: DatasetSpec<R>, records: readonly R[], lang: Lang): Dataset {
  return new Evaluated(spec, records, lang);
}

/** how many rows d has (its rows not evaluated) */
export function rowCount(d: Dataset): number {
  return d instanceof Evaluated ? d.records.length : d.rows.length;
}

/** row i's values: the kept row, or evaluated into `into` (as long as the fields) when the rows are not kept */
export function rowOf(d: Dataset, i: number, into: Value[]): readonly Value[] {
  if (!(d instanceof Evaluated) || d.kept) return d.rows[i];
  const r = d.records[i];
  const { fields } = d.spec;
  for (let f = 0; f < fields.length; f++) into[f] = fields[f].get(r, d.lang);
  return into;
}

/** row i's geometry (null: none), evaluated anew when the geometries are not kept */
export function geometryOf(d: Dataset, i: number): OutGeometry | null {
  if (!(d instanceof Evaluated) || d.keptGeometries) return d.geometries?.[i] ?? null;
  return d.spec.geometry?.get(d.records[i]) ?? null;
}

/** the header of a field in a table people read */
export function header(f: Bilingual, lang: Lang): string {
  return lang === 'zh' ? f.zh : f.en;
}

export const YES_NO: Record<'true' | 'false', Bilingual> = {
  true: { zh: '是', en: 'yes' },
  false: { zh: '否', en: 'no' },
};

/** a value as people read it (CSV, XLSX, report): labels and yes/no in the language */
export function humanValue(f: Pick<Field<never>, 'type' | 'labels'>, v: Value, lang: Lang): Value {
  if (v === null) return null;
  if (f.type === 'boolean') return YES_NO[v ? 'true' : 'false'][lang];
  if (f.type === 'label') {
    const l = f.labels?.[String(v)];
    return l ? l[lang] : v;
  }
  if (typeof v === 'number' && !Number.isFinite(v)) return null;
  return v;
}

/** a value as GIS formats store it: codes, booleans, finite numbers */
export function gisValue(f: Pick<Field<never>, 'type'>, v: Value): Value {
  if (v === null) return null;
  if (typeof v === 'number' && !Number.isFinite(v)) return null;
  if (f.type === 'boolean') return !!v;
  return v;
}
