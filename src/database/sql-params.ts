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

/**
 * Vectors as one binary `vector[]` parameter, each element in pgvector's own wire format (int16 dimensions, int16
 * unused, then float4 each). Binary, because in text every float is parsed by the server's `strtof`, which in PGlite's
 * WebAssembly build runs on emulated 128-bit floats (docs/sync.md, "Third round"); as `vector[]` rather than one
 * `real[]` sliced per row, because the server receives each vector in one call of pgvector's `vector_recv` where a
 * `real[]` takes a call per float (docs/sync.md, "Fourth round"). Values are rounded to float4, as pgvector stores
 * them. `vectorOid` is the oid of the `vector` type in this database: it belongs to the extension, so it is looked
 * up, not fixed.
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
