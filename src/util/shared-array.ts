/**
 * A typed array copied into a SharedArrayBuffer, for worker threads to read without copies of
 * their own (the isochrone pool, the coverage search thread, the siting lists' workers).
 */
export function shareArray<T extends Float64Array | Uint32Array | Uint8Array | Int32Array>(a: T): T {
  const sab = new SharedArrayBuffer(Math.max(8, a.byteLength));
  const out = new (a.constructor as { new (b: SharedArrayBuffer, o: number, n: number): T })(sab, 0, a.length);
  out.set(a);
  return out;
}
