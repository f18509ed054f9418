import { demoCatalog } from '../../src/catalog/demo/load-demo-catalog';
import type { WcCatalog } from '../../src/woocommerce/woocommerce.types';
import { MODEL_KEYS_SQL } from '../../migrations/1764800000000-ModelKeysPlpgsql';
import { TERMS_SELECT } from '../../migrations/1764800000100-ProductTermsPlpgsql';
import { generateCatalog } from '../fakes/catalog-generator';
import { createTestContext, type TestContext } from '../support/test-app';

/**
 * Migrations ModelKeysPlpgsql and ProductTermsPlpgsql rewrote two functions of the search-fields trigger for speed.
 * Stored `model_keys` and `search_vector`, and the keys a search computes for its query, must stay what the original
 * SQL gives, so new and old are compared here over what a catalog gives them, and over input made to break them.
 */
describe('search-field functions: the PL/pgSQL versions give what the SQL gave', () => {
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

  it('namwoo_model_keys gives the same keys for every text of the demo and a generated catalog, and for edge cases', async () => {
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
      const rows: { t: string | null; now: string; before: string }[] = await runner.query(
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
  it('namwoo_product_terms gives the same terms for every product of the demo and a generated catalog', async () => {
    const rowsOf = (catalog: WcCatalog) =>
      catalog.products.flatMap((p) => [
        { categories: p.categories, tags: p.tags, attributes: p.attributes },
        ...(catalog.variations[String(p.id)] ?? []).map((v) => ({
          categories: [],
          tags: [],
          attributes: v.attributes.map((a) => ({ name: a.name, options: [a.option], variation: true })),
        })),
      ]);
    const edges = [
      { categories: [], tags: [], attributes: [] },
      {
        categories: [{ name: null }, { id: 1 }, { name: 'Línea "Blanca"\nHogar' }],
        tags: [{ name: 't1' }, { name: '' }],
        attributes: [
          { name: 'Color\\Acabado', options: [] },
          { options: ['x', null, 3, [1, 'a'], { b: 2 }] },
          { name: 'sin opciones' },
          { name: null, options: ['solo'] },
        ],
      },
    ];
    const input = [
      ...edges,
      ...rowsOf(demoCatalog()),
      ...rowsOf(generateCatalog(1500, { variableEvery: 8 })),
    ];
    const runner = ctx.dataSource.createQueryRunner();
    try {
      await runner.query(`
        CREATE FUNCTION pg_temp.terms_sql(categories jsonb, tags jsonb, attributes jsonb) RETURNS text
          LANGUAGE sql IMMUTABLE AS $fn$${TERMS_SELECT.replace(/NEW\./g, '')}$fn$`);
      const rows: { now: string; before: string }[] = await runner.query(
        `SELECT namwoo_product_terms(r.categories, r.tags, r.attributes) AS now,
                pg_temp.terms_sql(r.categories, r.tags, r.attributes) AS before
         FROM jsonb_to_recordset($1::jsonb) AS r(categories jsonb, tags jsonb, attributes jsonb)`,
        [JSON.stringify([...input, { categories: null, tags: null, attributes: null }])],
      );
      expect(rows).toHaveLength(input.length + 1);
      expect(rows.filter((r) => r.now !== r.before)).toEqual([]);
      expect(rows[1].now).toBe(
        'Línea "Blanca"\nHogar t1  Color\\Acabado x 3 [1, "a"] {"b": 2} sin opciones solo',
      );
      expect(rows.filter((r) => r.now.length > 0).length).toBeGreaterThan(input.length / 2);
    } finally {
      await runner.release();
    }
  });
});
