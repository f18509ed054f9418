/**
 * Named parameters for one SQL statement: `const { $, values } = namedParams({ limit: 10 })` gives `$.limit` =
 * `"$1"` to write into the SQL and `values` to pass to the driver, so a long statement reads by name and adding a
 * parameter cannot shift the others.
 */
export function namedParams<T extends Record<string, unknown>>(
  named: T,
): { $: { readonly [K in keyof T]: string }; values: unknown[] } {
  const values: unknown[] = [];
  const $ = {} as Record<keyof T, string>;
  for (const key of Object.keys(named) as (keyof T)[]) {
    values.push(named[key]);
    $[key] = `$${values.length}`;
  }
  return { $, values };
}

/** PostgreSQL's type oid of `real` (float4), the element type of the binary `real[]` below. */
const FLOAT4_OID = 700;

/**
 * Vectors as one binary `real[]` parameter (PostgreSQL's array wire format: the driver sends a Buffer as a binary
 * parameter), laid end to end: the statement takes row i's vector as the slice `[from + 1 : from + dimensions]` and
 * casts it with `::vector`. In text, every float must be parsed by the server's `strtof`, which in PGlite's
 * WebAssembly build runs on emulated 128-bit floats: 1.7 of the 8.8 s PGlite spent on a 10,000-product import
 * (docs/sync.md). In binary each float is four bytes copied. Values are rounded to float4, as pgvector stores them.
 */
export function float4ArrayParam(vectors: readonly (readonly number[])[]): Buffer {
  const count = vectors.reduce((n, v) => n + v.length, 0);
  const out = Buffer.allocUnsafe(20 + count * 8);
  out.writeInt32BE(1, 0); // dimensions of the array
  out.writeInt32BE(0, 4); // no NULL elements
  out.writeInt32BE(FLOAT4_OID, 8);
  out.writeInt32BE(count, 12);
  out.writeInt32BE(1, 16); // lower bound
  let at = 20;
  for (const v of vectors) {
    for (const x of v) {
      out.writeInt32BE(4, at);
      out.writeFloatBE(x, at + 4);
      at += 8;
    }
  }
  return out;
}

/**
 * Vectors as one binary `vector[]` parameter, each element in pgvector's own wire format (int16 dimensions, int16
 * unused, then float4 each). The server receives each vector in one call of pgvector's `vector_recv`, where a `real[]`
 * takes a function call per float, and the statement takes element i as it is instead of slicing a `real[]` and
 * casting the slice (0.5-1 s of PGlite's time in a 10,000-product import, docs/sync.md). `vectorOid` is the oid of
 * the `vector` type in this database: it belongs to the extension, so it is looked up, not fixed.
 */
export function vectorArrayParam(vectors: readonly (readonly number[])[], vectorOid: number): Buffer {
  const floats = vectors.reduce((n, v) => n + v.length, 0);
  const out = Buffer.allocUnsafe(20 + vectors.length * 8 + floats * 4);
  out.writeInt32BE(1, 0); // dimensions of the array
  out.writeInt32BE(0, 4); // no NULL elements
  out.writeInt32BE(vectorOid, 8);
  out.writeInt32BE(vectors.length, 12);
  out.writeInt32BE(1, 16); // lower bound
  let at = 20;
  for (const v of vectors) {
    out.writeInt32BE(4 + v.length * 4, at);
    out.writeInt16BE(v.length, at + 4);
    out.writeInt16BE(0, at + 6);
    at += 8;
    for (const x of v) {
      out.writeFloatBE(x, at);
      at += 4;
    }
  }
  return out;
}
