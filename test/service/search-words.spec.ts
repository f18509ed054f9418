import { demoCatalog } from '../../src/catalog/demo/load-demo-catalog';
import { SyncModule } from '../../src/sync/sync.module';
import { SyncService } from '../../src/sync/sync.service';
import { generateCatalog } from '../fakes/catalog-generator';
import { FakeWooCommerce } from '../fakes/fake-woocommerce';
import { createTestContext, type TestContext } from '../support/test-app';

/**
 * Typo correction suggests only words of the catalog (`search_words`). The sync adds the words of each batch in one
 * statement (ProductRepository); the vocabulary must be exactly what the per-row rule of migration
 * SearchWordsPerBatch gives, which is repeated here over the whole table.
 */
const PER_ROW_RULE = `
  SELECT DISTINCT w AS word
  FROM products,
       regexp_split_to_table(namwoo_fold(concat_ws(' ', name_folded, search_text, categories::text,
         attributes::text)), '[^a-z0-9]+') AS w
  WHERE length(w) BETWEEN 3 AND 30 AND w !~ '[0-9]'
    AND w <> ALL (ARRAY['name', 'slug', 'options', 'variation', 'true', 'false', 'null'])`;

describe('sync: the typo-correction vocabulary', () => {
  const catalog = generateCatalog(150, { variableEvery: 10 });
  // Text where folding and splitting meet: upper-case accents, punctuation glued to words, quotes, backslashes and
  // line breaks inside JSON (escaped in categories::text and attributes::text), letters outside the folding table.
  const tricky = {
    ...catalog.products[0],
    id: 990001,
    sku: 'TRICKY-1',
    name: 'NEVERA ÁRTICA—Ñandú/CAFÉ «Ultra» Über‑Größe İstanbul Kelvin',
    description: '<p>Cañón "Señal"\\barra\nnueva; ÉXITO,pingüino:ÇA!¿qué?¡Sí!</p>',
    short_description: 'Tab\tseparado y NBSP\u00a0junto',
    categories: [{ id: 77, name: 'Línea "Blanca"\nHogar', slug: 'linea-blanca' }],
    attributes: [
      {
        id: 0,
        name: 'Color\\Acabado',
        position: 0,
        visible: true,
        variation: false,
        options: ['Azúl\nOSCURO', 'Öko'],
      },
    ],
    type: 'simple' as const,
    variations: [],
  };
  catalog.products.push(tricky);
  let woo: FakeWooCommerce;
  let ctx: TestContext;
  let sync: SyncService;
  const vocabulary = async (): Promise<string[]> =>
    (await ctx.dataSource.query<{ word: string }[]>(`SELECT word FROM search_words ORDER BY word`)).map(
      (r) => r.word,
    );
  const ruleWords = async (): Promise<string[]> =>
    (await ctx.dataSource.query<{ word: string }[]>(`${PER_ROW_RULE} ORDER BY word`)).map((r) => r.word);

  beforeAll(async () => {
    woo = await new FakeWooCommerce(catalog).start();
    ctx = await createTestContext({ imports: [SyncModule], env: { ...woo.env, LOAD_DEMO_CATALOG: 'false' } });
    sync = ctx.get(SyncService);
  });

  afterAll(async () => {
    await ctx?.close();
    await woo?.stop();
  });

  beforeEach(async () => {
    await ctx.dataSource.query(`DELETE FROM products`);
    await ctx.dataSource.query(`DELETE FROM search_words`);
  });

  it('holds exactly the words of the demo catalog', async () => {
    expect((await sync.loadCatalog(demoCatalog())).status).toBe('succeeded');
    const words = await vocabulary();
    expect(words.length).toBeGreaterThan(300);
    expect(words).toEqual(await ruleWords());
  });

  it('holds exactly the words of a generated store, odd characters included', async () => {
    expect((await sync.sync({ mode: 'full' })).status).toBe('succeeded');
    const words = await vocabulary();
    expect(words).toEqual(
      expect.arrayContaining(['nevera', 'artica', 'nandu', 'canon', 'senal', 'pinguino']),
    );
    expect(words).toEqual(await ruleWords());
  });

  it('still adds the words of a product written outside a sync batch, row by row', async () => {
    await ctx.dataSource.query(
      `INSERT INTO products (wc_id, type, name, sku, search_text, categories, attributes)
       VALUES (880001, 'simple', 'Licuadora Oster Xpert', 'OST-1', 'Licuadora Oster Xpert', '[]', '[]')`,
    );
    expect(await vocabulary()).toEqual(expect.arrayContaining(['licuadora', 'oster', 'xpert']));
    expect(await vocabulary()).toEqual(await ruleWords());
  });

  it('runs no row-by-row vocabulary trigger during a sync: each batch marks its own statement as a batch', async () => {
    // A probe made from the vocabulary trigger itself (same events, same WHEN) records each row it would run for.
    const [{ def }] = await ctx.dataSource.query<{ def: string }[]>(
      `SELECT pg_get_triggerdef(oid) AS def FROM pg_trigger WHERE tgname = 'products_search_words'`,
    );
    await ctx.dataSource.query(`CREATE TABLE words_probe (wc_id bigint)`);
    await ctx.dataSource.query(
      `CREATE FUNCTION words_probe() RETURNS trigger LANGUAGE plpgsql AS
       $$ BEGIN INSERT INTO words_probe VALUES (NEW.wc_id); RETURN NULL; END $$`,
    );
    await ctx.dataSource.query(
      def.replace('products_search_words', 'words_probe').replace(/FUNCTION .*$/, 'FUNCTION words_probe()'),
    );
    const probed = async (): Promise<number> =>
      (await ctx.dataSource.query<{ n: number }[]>(`SELECT count(*)::int AS n FROM words_probe`))[0].n;
    try {
      const summary = await sync.sync({ mode: 'full' });
      expect(summary.created).toBeGreaterThan(150);
      expect(await probed()).toBe(0);
      expect(await vocabulary()).toEqual(await ruleWords());
      // The mark ends with the batch's statement: a write after it is seen row by row again.
      await ctx.dataSource.query(
        `UPDATE products SET name = name || ' Nuevo' WHERE wc_id = (SELECT min(wc_id) FROM products)`,
      );
      expect(await probed()).toBe(1);
    } finally {
      await ctx.dataSource.query(`DROP TRIGGER IF EXISTS words_probe ON products`);
      await ctx.dataSource.query(`DROP FUNCTION IF EXISTS words_probe()`);
      await ctx.dataSource.query(`DROP TABLE IF EXISTS words_probe`);
    }
  });

  it('adds nothing row by row inside a batch (the batch statement does)', async () => {
    await ctx.dataSource.transaction(async (em) => {
      await em.query(`SET LOCAL namwoo.search_words = 'batch'`);
      await em.query(
        `INSERT INTO products (wc_id, type, name, sku, search_text, categories, attributes)
         VALUES (880002, 'simple', 'Tostadora Imaco', 'IMA-1', 'Tostadora Imaco', '[]', '[]')`,
      );
    });
    expect(await vocabulary()).toEqual([]);
  });
});
