/**
 * The network file's features section: `JSON.stringify(OsmFeatures)` as UTF-8 bytes, the same
 * bytes, made feature by feature and returned as ~1 MB batches that the writer puts one after the
 * other (never joined: a city's features as one string are ~100 MB of two-byte text, names in
 * Chinese or Portuguese). `FeaturesJson` takes the features one at a time as `prepare` builds
 * them, so they are never all held as GeoJSON objects; `jsonChunks` walks a value already built.
 */
import type { Feature } from 'geojson';

/** strings gathered into UTF-8 batches of ~1 MB */
class Utf8Batches {
  readonly chunks: Buffer[] = [];
  private pending: string[] = [];
  private pendingLen = 0;

  emit(s: string): void {
    this.pending.push(s);
    this.pendingLen += s.length;
    if (this.pendingLen >= 1 << 20) this.flush();
  }

  flush(): void {
    this.chunks.push(Buffer.from(this.pending.join(''), 'utf8'));
    this.pending = [];
    this.pendingLen = 0;
  }
}

const HEAD = '{"tagged":{"type":"FeatureCollection","features":[';
const TAIL = ']}}';

/** The features section written as the features come, in their order: `add` each, then `finish`. */
export class FeaturesJson {
  private readonly out = new Utf8Batches();
  private count = 0;

  constructor() {
    this.out.emit(HEAD);
  }

  add(f: Feature): void {
    if (this.count++) this.out.emit(',');
    this.out.emit(JSON.stringify(f));
  }

  /** the section's bytes (the batches in order); the writer takes no more features after this */
  finish(): Buffer[] {
    this.out.emit(TAIL);
    this.out.flush();
    return this.out.chunks;
  }
}

/**
 * JSON.stringify(value) as UTF-8, the same bytes, built value by value: objects and arrays at the
 * top two levels are walked, the values below (each feature) stringified one at a time.
 */
export function jsonChunks(value: unknown): Buffer[] {
  const out = new Utf8Batches();
  const emit = (s: string) => out.emit(s);
  const walk = (v: unknown, depth: number) => {
    if (depth >= 3 || v === null || typeof v !== 'object' || typeof (v as { toJSON?: unknown }).toJSON === 'function') {
      emit(JSON.stringify(v) ?? 'null');
      return;
    }
    if (Array.isArray(v)) {
      emit('[');
      v.forEach((x, i) => {
        if (i) emit(',');
        if (x === undefined || typeof x === 'function' || typeof x === 'symbol') emit('null');
        else walk(x, depth + 1);
      });
      emit(']');
      return;
    }
    emit('{');
    let first = true;
    for (const [k, x] of Object.entries(v)) {
      if (x === undefined || typeof x === 'function' || typeof x === 'symbol') continue;
      emit(`${first ? '' : ','}${JSON.stringify(k)}:`);
      first = false;
      walk(x, depth + 1);
    }
    emit('}');
  };
  walk(value, 0);
  out.flush();
  return out.chunks;
}
