import { CatalogSearchService } from '../../src/catalog/catalog-search.service';
import { Embedder } from '../../src/catalog/embedding/embedder';
import { SearchIndexService } from '../../src/catalog/search-index.service';
import { SyncModule } from '../../src/sync/sync.module';
import { SyncService } from '../../src/sync/sync.service';
import { generateCatalog } from '../fakes/catalog-generator';
import { FakeWooCommerce } from '../fakes/fake-woocommerce';
import { createTestContext, type TestContext } from '../support/test-app';

/**
 * A first import writes every vector: the sync drops the HNSW index and the full-text and trigram indexes for it and
 * builds them once at the end (issue 15). What a user would notice: search still finds products by meaning, words
 * and model number through its indexes afterwards, also after an import the store cut short or one that died before
 * the end; a re-sync of an unchanged store embeds nothing and keeps the indexes; deletions still reach search. Tests
 * run in order on one database.
 */
describe('sync: streaming bulk import and the vector index', () => {
  const catalog = generateCatalog(240, { variableEvery: 12 });
  const rows = catalog.products.length + Object.values(catalog.variations).reduce((n, v) => n + v.length, 0);
  let woo: FakeWooCommerce;
  let ctx: TestContext;
  let sync: SyncService;
  let index: SearchIndexService;
  let embedSpy: jest.SpyInstance<Promise<number[][]>, [string[]]>;
  const embeddedInputs = (): number => embedSpy.mock.calls.reduce((n, [texts]) => n + texts.length, 0);
  // The products indexes as the migrations made them: what a bulk import must build again, exactly.
  const indexDefinitions = async (): Promise<string[]> =>
    (
      await ctx.dataSource.query<{ def: string }[]>(
        `SELECT indexdef AS def FROM pg_indexes WHERE tablename = 'products' ORDER BY indexname`,
      )
    ).map((r) => r.def);
  let migrated: string[];
  const names = async (query: string): Promise<string[]> =>
    (await ctx.get(CatalogSearchService).find(query, { inStockOnly: false, limit: 10 })).products.map(
      (p) => p.name,
    );

  beforeAll(async () => {
    woo = await new FakeWooCommerce(catalog).start();
    ctx = await createTestContext({ imports: [SyncModule], env: { ...woo.env, LOAD_DEMO_CATALOG: 'false' } });
    sync = ctx.get(SyncService);
    index = ctx.get(SearchIndexService);
    embedSpy = jest.spyOn(ctx.get(Embedder), 'embed');
    migrated = await indexDefinitions();
  });

  afterAll(async () => {
    await ctx?.close();
    await woo?.stop();
  });

  beforeEach(() => embedSpy.mockClear());

  it('an import the store cuts short still leaves search with its index', async () => {
    expect(await index.isReady()).toBe(true);
    woo.failNext(404, 1, { match: (r) => r.query.get('page') === '2' });
    const summary = await sync.sync({ mode: 'full' });
    expect(summary.status).toBe('failed');
    expect(summary.created).toBeGreaterThanOrEqual(100);
    expect(summary.created).toBeLessThan(rows);
    expect(ctx.logs.matching('search indexes dropped for the bulk import')).toHaveLength(1);
    expect(await index.isReady()).toBe(true);
    const saved = catalog.products[3];
    expect(await names(saved.name)).toContain(saved.name);
    woo.clearFaults();
  });

  it('a first full import embeds every row once and ends with the index built', async () => {
    await ctx.dataSource.query(`DELETE FROM products`);
    const summary = await sync.sync({ mode: 'full' });
    expect(summary).toMatchObject({ status: 'succeeded', created: rows, embedded: rows, deleted: 0 });
    expect(embeddedInputs()).toBe(rows);
    expect(ctx.logs.matching('search indexes dropped for the bulk import')).toHaveLength(2);
    expect(await index.isReady()).toBe(true);
    expect(await indexDefinitions()).toEqual(migrated);

    const product = catalog.products[17];
    expect(await names(product.name)).toContain(product.name);
    // The model number alone goes through the trigram lane, whose index was built again at the end.
    const model = product.name.split(' ').pop()!;
    expect(await names(model.toLowerCase())).toContain(product.name);
    // The typo-correction vocabulary has the catalog's words (added per batch, not per row).
    const words = product.name
      .toLowerCase()
      .split(/[^a-z0-9]+/)
      .filter((w) => w.length >= 3 && !/[0-9]/.test(w));
    const known = await ctx.dataSource.query<{ word: string }[]>(
      `SELECT word FROM search_words WHERE word = ANY($1::text[])`,
      [words],
    );
    expect(known.map((k) => k.word).sort()).toEqual([...new Set(words)].sort());
  });

  it('an import that died before rebuilding its indexes gets them back at the next start', async () => {
    expect((await index.suspend()).length).toBeGreaterThanOrEqual(4);
    expect(await index.isReady()).toBe(false);
    await index.onModuleInit();
    expect(await index.isReady()).toBe(true);
    const product = catalog.products[42];
    expect(await names(product.name)).toContain(product.name);
  });

  it('an unchanged re-sync embeds nothing and keeps the index', async () => {
    const summary = await sync.sync({ mode: 'full' });
    expect(summary).toMatchObject({ status: 'succeeded', created: 0, updated: 0, deleted: 0, embedded: 0 });
    expect(embeddedInputs()).toBe(0);
    expect(ctx.logs.matching('search indexes dropped for the bulk import')).toHaveLength(2);
    expect(await index.isReady()).toBe(true);
  });

  it('a product that left the store leaves search at the next full run', async () => {
    const gone = catalog.products.find((p) => p.type === 'simple' && p.id > 100_150)!;
    expect(await names(gone.name)).toContain(gone.name);
    woo.delete(gone.id);
    const summary = await sync.sync({ mode: 'full' });
    expect(summary).toMatchObject({ status: 'succeeded', deleted: 1, embedded: 0 });
    expect(await names(gone.name)).not.toContain(gone.name);
    expect(await index.isReady()).toBe(true);
  });
});
