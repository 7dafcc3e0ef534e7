/**
 * ASCII text written byte by byte into a growable buffer: numbers as digits, constant pieces copied
 * by char code. For large generated texts that are ASCII (GeoJSON coordinates, a workbook's sheet
 * XML): no string per piece, no UTF-8 encode of a joined string, hardly any garbage to collect.
 */
export class AsciiWriter {
  private b: Uint8Array;
  private n = 0;
  private readonly tmp = new Uint8Array(24);
  constructor(cap = 1 << 16) {
    this.b = new Uint8Array(Math.max(16, cap));
  }
  get length(): number {
    return this.n;
  }
  /** room for k more bytes */
  room(k: number): void {
    if (this.n + k <= this.b.length) return;
    const g = new Uint8Array(Math.max(this.b.length * 2, this.n + k));
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
  /** bytes as they are */
  raw(u: Uint8Array): void {
    this.room(u.length);
    if (u.length > 32) this.b.set(u, this.n);
    else for (let i = 0; i < u.length; i++) this.b[this.n + i] = u[i];
    this.n += u.length;
  }
  /** JSON.stringify's text for v rounded to 7 decimals, but never in exponent form (1e-7) */
  coord7(v: number): void {
    this.room(24);
    let x = Math.round(v * 1e7);
    if (x < 0) {
      this.b[this.n++] = 45;
      x = -x;
    }
    const ip = Math.floor(x / 1e7);
    let fp = x - ip * 1e7;
    this.digits(ip);
    if (fp === 0) return;
    let digits = 7;
    while (fp % 10 === 0) {
      fp /= 10;
      digits--;
    }
    this.b[this.n++] = 46;
    let k = 0;
    while (fp > 0) {
      this.tmp[k++] = 48 + (fp % 10);
      fp = Math.floor(fp / 10);
    }
    for (let z = k; z < digits; z++) this.b[this.n++] = 48;
    while (k > 0) this.b[this.n++] = this.tmp[--k];
  }
  /** a non-negative safe integer's decimal digits, as `${x}` writes them */
  uint(x: number): void {
    this.room(16);
    this.digits(x);
  }
  /** a number as `${v}` writes it (integers digit by digit, other numbers through their string) */
  num(v: number): void {
    if (Number.isSafeInteger(v)) {
      if (v < 0) this.byte(45);
      this.uint(v < 0 ? -v : v);
    } else this.str(`${v}`);
  }
  private digits(x: number): void {
    if (x === 0) {
      this.b[this.n++] = 48;
      return;
    }
    let k = 0;
    while (x > 0) {
      this.tmp[k++] = 48 + (x % 10);
      x = Math.floor(x / 10);
    }
    while (k > 0) this.b[this.n++] = this.tmp[--k];
  }
  /** what was written (a view of the buffer: the writer is done with it) */
  bytes(): Uint8Array {
    return this.b.subarray(0, this.n);
  }
}
