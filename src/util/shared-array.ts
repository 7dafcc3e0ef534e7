/**
 * Typed arrays on SharedArrayBuffers, for worker threads to read without copies of their own (the
 * isochrone pool, the coverage search thread, the siting lists' workers). The network's arrays and
 * the CSR graphs are allocated shared from the start (network-file.ts, csr.ts), so handing them to
 * a worker copies nothing: each copy of the city's graph was ~12 MB and the network's ~25 MB, all
 * held at the same time as the originals (BENCHMARKS.md, issue 13, memory).
 */
type Typed = Float64Array | Uint32Array | Uint8Array | Int32Array;
type Ctor<T extends Typed> = { new (b: SharedArrayBuffer, o: number, n: number): T; BYTES_PER_ELEMENT: number };

/** a zero-filled typed array of n elements on a SharedArrayBuffer of its own */
export function sharedArray<T extends Typed>(C: Ctor<T>, n: number): T {
  return new C(new SharedArrayBuffer(Math.max(8, n * C.BYTES_PER_ELEMENT)), 0, n);
}

/** `a` itself when it is on a SharedArrayBuffer already, else a shared copy of it */
export function shareArray<T extends Typed>(a: T): T {
  if (a.buffer instanceof SharedArrayBuffer) return a;
  const out = sharedArray(a.constructor as Ctor<T>, a.length);
  out.set(a);
  return out;
}
