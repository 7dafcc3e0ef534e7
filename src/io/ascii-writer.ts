/**
 * Text written byte by byte into a growable buffer: numbers as digits, ASCII pieces copied by char
 * code, other texts encoded as UTF-8 in place. For large generated texts (GeoJSON, a workbook's
 * sheet XML): no string per piece, no UTF-8 encode of a joined string, hardly any garbage to collect.
 */
export class AsciiWriter {
  private b: Buffer;
  private n = 0;
  private readonly tmp = new Uint8Array(24);
  constructor(cap = 1 << 16) {
    this.b = Buffer.alloc(Math.max(16, cap));
  }
  get length(): number {
    return this.n;
  }
  /** room for k more bytes */
  room(k: number): void {
    if (this.n + k <= this.b.length) return;
    const g = Buffer.alloc(Math.max(this.b.length * 2, this.n + k));
    g.set(this.b.subarray(0, this.n));
    this.b = g;
  }
  byte(c: number): void {
    this.room(1);
    this.b[this.n++] = c;
  }
  /** a text of ASCII characters (char codes below 128; others would be cut to a byte) */
  str(s: string): void {
    this.room(s.length);
    for (let i = 0; i < s.length; i++) this.b[this.n++] = s.charCodeAt(i);
  }
  /** any text, as UTF-8 (what Buffer.from(s, 'utf8') gives) */
  utf8(s: string): void {
    this.room(3 * s.length);
    this.n += this.b.write(s, this.n, 'utf8');
  }
  /** bytes as they are */
  raw(u: Uint8Array): void {
    this.room(u.length);
    if (u.length > 32) this.b.set(u, this.n);
    else for (let i = 0; i < u.length; i++) this.b[this.n + i] = u[i];
    this.n += u.length;
  }
  /** JSON.stringify's text for v rounded to 7 decimals, but never in exponent form (1e-7) */
  coord7(v: number): void {
    this.fixed7(Math.round(v * 1e7));
  }
  /** the integer x / 1e7 in decimals, trailing zeros left out (digits by int32 arithmetic: a double's % is a call) */
  private fixed7(x: number): void {
    this.room(24);
    const b = this.b;
    if (x < 0) {
      b[this.n++] = 45;
      x = -x;
    }
    const ip = Math.floor(x / 1e7);
    let fp = (x - ip * 1e7) | 0;
    this.digits(ip);
    if (fp === 0) return;
    let n = this.n;
    b[n++] = 46;
    let end = n + 7;
    for (let p = end - 1; p >= n; p--) {
      const q = (fp / 10) | 0;
      b[p] = 48 + fp - q * 10;
      fp = q;
    }
    while (b[end - 1] === 48) end--;
    this.n = end;
  }
  /** a non-negative safe integer's decimal digits, as `${x}` writes them */
  uint(x: number): void {
    this.room(16);
    this.digits(x);
  }
  /**
   * A number as `${v}` (and JSON) writes it: integers digit by digit; a value of at most 7
   * decimals (k / 1e7, as coordinates and rounded metrics are) digit by digit too, which is the
   * same text: the shortest decimal that reads back as v is k·10⁻⁷ when v is the double nearest
   * to it and the double's spacing is far below 10⁻⁷ (|v| < 1e7), written without an exponent
   * from 1e-6 on. Any other number through its string.
   */
  num(v: number): void {
    if (Number.isSafeInteger(v)) {
      this.room(17);
      if (v < 0) this.b[this.n++] = 45;
      this.digits(v < 0 ? -v : v);
      return;
    }
    const a = v < 0 ? -v : v;
    if (a >= 1e-6 && a < 1e7) {
      const k = Math.round(v * 1e7);
      if (k / 1e7 === v) {
        this.fixed7(k);
        return;
      }
    }
    this.str(`${v}`);
  }
  private digits(x: number): void {
    const b = this.b;
    if (x < 10) {
      b[this.n++] = 48 + x;
      return;
    }
    let k = 0;
    const t = this.tmp;
    if (x < 2147483648) {
      let i = x | 0;
      while (i > 0) {
        const q = (i / 10) | 0;
        t[k++] = 48 + i - q * 10;
        i = q;
      }
    } else
      while (x > 0) {
        t[k++] = 48 + (x % 10);
        x = Math.floor(x / 10);
      }
    while (k > 0) b[this.n++] = t[--k];
  }
  /** what was written (a view of the buffer: the writer is done with it) */
  bytes(): Uint8Array {
    return this.b.subarray(0, this.n);
  }
  /** what was written so far, in a buffer of its own; the writer starts again empty */
  take(): Uint8Array {
    const out = new Uint8Array(this.b.subarray(0, this.n));
    this.n = 0;
    return out;
  }
  /** back to `length` bytes (drops what was written after) */
  truncate(length: number): void {
    this.n = length;
  }
}
