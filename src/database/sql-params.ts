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
