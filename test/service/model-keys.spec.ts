import { demoCatalog } from '../../src/catalog/demo/load-demo-catalog';
import type { WcCatalog } from '../../src/woocommerce/woocommerce.types';
import { MODEL_KEYS_SQL } from '../../migrations/1764800000000-ModelKeysPlpgsql';
import { generateCatalog } from '../fakes/catalog-generator';
import { createTestContext, type TestContext } from '../support/test-app';

/**
 * Migration ModelKeysPlpgsql rewrote `namwoo_model_keys` for speed. Stored `model_keys` and the keys a search
 * computes for its query must stay what the original SQL function gives, so the two are compared here over every
 * text a catalog gives the function (name, SKU, categories, attributes), descriptions, and text made to break it.
 */
describe('namwoo_model_keys: the PL/pgSQL function gives what the SQL function gave', () => {
  let ctx: TestContext;

  beforeAll(async () => {
    ctx = await createTestContext();
  });

  afterAll(async () => {
    await ctx?.close();
  });

  const textsOf = (catalog: WcCatalog): string[] =>
    catalog.products.flatMap((p) => [
      [
        p.name,
        p.sku,
        ...p.categories.map((c) => c.name),
        ...p.attributes.flatMap((a) => [a.name, ...a.options]),
      ].join(' '),
      p.description,
      ...(catalog.variations[String(p.id)] ?? []).map((v) =>
        [p.name, v.sku, ...v.attributes.map((a) => `${a.name} ${a.option}`)].join(' '),
      ),
    ]);

  const edges = [
    '',
    ' ',
    '  SM-A546E, 128 GB  ',
    'Samsung Galaxy A 54 5G',
    'LG GT32WPP 315 L',
    '12 ab 34 cd 5e 6',
    '--a1--b2-- x.9.y 7_7',
    'a-1 1-a 1.5 kg 2,5 l',
    '(LG)[GT32]"x"/+ 5 kg;9:mm',
    'Ñandú 3ª 12ñ ÁRTICA 4K UHD',
    'abc 12a 12ab 123abc a 1 b 22 ccc 333 dddd 4444',
    '1 2 3 4',
    'tv 55" 4k',
    'x\ty\n12\u00a0gb',
    '9 9 9 a a a 9a 9a',
    'zz 10 zz 10 aa 2 aa',
  ];

  it('gives the same keys for every text of the demo and a generated catalog, and for edge cases', async () => {
    const texts = [
      ...edges,
      ...textsOf(demoCatalog()),
      ...textsOf(generateCatalog(1500, { variableEvery: 8 })),
    ];
    const runner = ctx.dataSource.createQueryRunner();
    try {
      await runner.query(`
        CREATE FUNCTION pg_temp.model_keys_sql(input text) RETURNS text
          LANGUAGE sql IMMUTABLE AS $fn$${MODEL_KEYS_SQL}$fn$`);
      const rows = await runner.query<{ t: string | null; now: string; before: string }[]>(
        `SELECT t, namwoo_model_keys(t) AS now, pg_temp.model_keys_sql(t) AS before
         FROM unnest($1::text[]) AS t`,
        [[...texts, null]],
      );
      expect(rows).toHaveLength(texts.length + 1);
      expect(rows.filter((r) => r.now !== r.before)).toEqual([]);
      // Not trivially equal: the texts do give keys, and the ones meant to.
      expect(rows.filter((r) => r.now !== '').length).toBeGreaterThan(texts.length / 2);
      const keysOf = (t: string) => rows.find((r) => r.t === t)?.now;
      expect(keysOf('  SM-A546E, 128 GB  ')).toBe('128 128gb a546e sma546e');
      expect(keysOf('Samsung Galaxy A 54 5G')).toBe('54 5g a54');
      expect(keysOf('')).toBe('');
    } finally {
      await runner.release();
    }
  });
});
