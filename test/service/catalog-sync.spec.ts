import { Logger } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { demoCatalog } from '../../src/catalog/demo/load-demo-catalog';
import { Embedder } from '../../src/catalog/embedding/embedder';
import { ProductRepository } from '../../src/catalog/product.repository';
import { EmbeddingIndexer } from '../../src/sync/embedding-indexer';
import { SyncModule } from '../../src/sync/sync.module';
import { SyncAlreadyRunningError, SyncService } from '../../src/sync/sync.service';
import { SyncRunRepository } from '../../src/sync/sync-run.repository';
import { FakeWooCommerce } from '../fakes/fake-woocommerce';
import { createTestContext, type TestContext } from '../support/test-app';

/**
 * The sync against the fake store over real HTTP, on a real database. Tests run in order and share the catalog
 * state: each one starts from what the previous left.
 */
describe('catalog sync (service, fake WooCommerce over HTTP)', () => {
  const catalog = demoCatalog();
  const productCount = catalog.products.length;
  const variationCount = Object.values(catalog.variations).reduce((n, v) => n + v.length, 0);
  let woo: FakeWooCommerce;
  let ctx: TestContext;
  let sync: SyncService;
  let products: ProductRepository;
  let embedSpy: jest.SpyInstance<Promise<number[][]>, [string[]]>;
  const embeddedInputs = (): string[] => embedSpy.mock.calls.flatMap(([texts]) => texts);

  const row = async (wcId: number) =>
    (
      await ctx.dataSource.query<
        { name: string; price: string | null; embedding_model: string | null; has_vector: boolean }[]
      >(
        `SELECT name, price::text AS price, embedding_model, embedding IS NOT NULL AS has_vector
         FROM products WHERE wc_id = $1`,
        [wcId],
      )
    )[0];

  beforeAll(async () => {
    woo = await new FakeWooCommerce(catalog).start();
    ctx = await createTestContext({ imports: [SyncModule], env: woo.env });
    sync = ctx.get(SyncService);
    products = ctx.get(ProductRepository);
    embedSpy = jest.spyOn(ctx.get(Embedder), 'embed');
  });

  afterAll(async () => {
    await ctx?.close();
    await woo?.stop();
  });

  beforeEach(() => embedSpy.mockClear());

  it('loads the demo catalog through the same pipeline, embedding every row', async () => {
    const summary = await sync.loadCatalog(demoCatalog());
    expect(summary).toMatchObject({ kind: 'demo', status: 'succeeded', errors: 0 });
    expect(summary.created).toBe(productCount + variationCount);
    expect(summary.embedded).toBe(productCount + variationCount);
    expect(await products.count()).toEqual({ products: productCount, variations: variationCount });
  });

  it('stores every vector exactly as the embedder made it (rounded to float4), whichever way it is written', async () => {
    const stored = async () =>
      ctx.dataSource.query<{ id: string; text: string; v: string }[]>(
        `SELECT id::text AS id, search_text AS text, embedding::text AS v FROM products ORDER BY id LIMIT 6`,
      );
    const parse = (v: string): number[] => JSON.parse(v) as number[];
    const expectSame = (actual: number[], expected: number[]) => {
      expect(actual).toHaveLength(expected.length);
      for (let i = 0; i < expected.length; i++) expect(actual[i]).toBeCloseTo(Math.fround(expected[i]), 6);
    };
    // Written by the import's upsert, beside the row.
    const rows = await stored();
    const made = await ctx.get(Embedder).embed(rows.map((r) => r.text));
    rows.forEach((r, i) => expectSame(parse(r.v), made[i]));
    // Written afterwards by the embedding step: distinct vectors, each landing on its own row.
    const model = ctx.get(Embedder).model;
    const swapped = rows.map((r, i) => ({ id: r.id, vector: made[(i + 1) % made.length] }));
    await products.storeEmbeddings(swapped, model);
    (await stored()).forEach((r, i) => expectSame(parse(r.v), swapped[i].vector));
    await products.storeEmbeddings(
      rows.map((r, i) => ({ id: r.id, vector: made[i] })),
      model,
    );
    (await stored()).forEach((r, i) => expectSame(parse(r.v), made[i]));
  });

  it('a first full sync of the same store changes nothing and embeds nothing', async () => {
    const summary = await sync.sync({ mode: 'auto' });
    expect(summary).toMatchObject({
      kind: 'full',
      status: 'succeeded',
      fetched: productCount + variationCount,
      created: 0,
      updated: 0,
      deleted: 0,
      embedded: 0,
      errors: 0,
    });
    expect(embeddedInputs()).toHaveLength(0);
    // Every listing request asked for published products only, at most 100 per page.
    for (const r of woo.listRequests) {
      expect(r.query.get('status')).toBe('publish');
      expect(r.query.get('per_page')).toBe('100');
    }
  });

  it('stores variations as their own rows with the parent, options, price and stock', async () => {
    const a54 = catalog.products.find((p) => p.sku === 'SM-A546E')!;
    const rows = await ctx.dataSource.query<
      { name: string; sku: string; price: string; stock_quantity: number | null; attributes: unknown }[]
    >(
      `SELECT name, sku, price::text AS price, stock_quantity, attributes FROM products WHERE parent_wc_id = $1 ORDER BY wc_id`,
      [a54.id],
    );
    expect(rows).toHaveLength(catalog.variations[String(a54.id)].length);
    expect(rows[0]).toMatchObject({
      name: 'Samsung Galaxy A54 5G – Negro, 128 GB',
      sku: 'SM-A546E-128-NEGRO',
      price: '349.00',
      stock_quantity: 7,
    });
    expect(rows[0].attributes).toEqual([
      { name: 'Color', options: ['Negro'], variation: true },
      { name: 'Almacenamiento', options: ['128 GB'], variation: true },
    ]);
    const parent = await row(a54.id);
    expect(parent.price).toBeNull(); // WooCommerce sends "" for this parent: NULL, never 0.
  });

  it('after a rename, a reprice and a deletion, a full sync re-embeds only the renamed product', async () => {
    const [renamed, repriced, deleted] = catalog.products.filter((p) => p.type === 'simple' && p.sku);
    woo.rename(renamed.id, `${renamed.name} Edición 2026`);
    woo.reprice(repriced.id, '999.00', '899.00');
    woo.delete(deleted.id);

    const summary = await sync.sync({ mode: 'full' });
    expect(summary).toMatchObject({ status: 'succeeded', created: 0, updated: 2, deleted: 1, embedded: 1 });
    expect(embeddedInputs()).toHaveLength(1);
    expect(embeddedInputs()[0]).toContain(`${renamed.name} Edición 2026`);
    expect((await row(renamed.id)).name).toBe(`${renamed.name} Edición 2026`);
    expect((await row(repriced.id)).price).toBe('899.00');
    expect((await row(repriced.id)).has_vector).toBe(true);
    expect(await row(deleted.id)).toBeUndefined();
  });

  it('an incremental run asks only for recent changes and picks up an edit', async () => {
    const edited = catalog.products.find((p) => p.sku === 'JBLGO3')!;
    woo.edit(edited.id, { name: 'Corneta JBL Go 4', description: '<p>Nueva versión &amp; más batería</p>' });
    const before = woo.listRequests.length;

    const summary = await sync.sync({ mode: 'incremental' });
    expect(summary).toMatchObject({ kind: 'incremental', status: 'succeeded', deleted: 0 });
    expect(summary.fetched).toBeLessThan(10);
    const requests = woo.listRequests.slice(before);
    expect(requests[0].query.get('modified_after')).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d$/);
    expect(requests[0].query.get('dates_are_gmt')).toBe('true');
    expect(requests[0].query.get('orderby')).toBe('modified');
    expect((await row(edited.id)).name).toBe('Corneta JBL Go 4');
    expect(embeddedInputs()).toEqual([expect.stringContaining('Nueva versión & más batería')]);
  });

  it('an incremental run refreshes the variations of a changed variable product', async () => {
    const flip = catalog.products.find((p) => p.sku === 'JBLFLIP6')!;
    const red = catalog.variations[String(flip.id)].find((v) => v.sku === 'JBLFLIP6REDAM')!;
    woo.editVariation(flip.id, red.id, { stock_status: 'instock', stock_quantity: 9, manage_stock: true });

    const summary = await sync.sync({ mode: 'incremental' });
    expect(summary.status).toBe('succeeded');
    const [v] = await ctx.dataSource.query<{ stock_status: string; stock_quantity: number }[]>(
      `SELECT stock_status, stock_quantity FROM products WHERE wc_id = $1`,
      [red.id],
    );
    expect(v).toEqual({ stock_status: 'instock', stock_quantity: 9 });
    expect(embeddedInputs()).toHaveLength(0); // stock only: nothing to embed
  });

  it('skips a product whose SKU clashes with another, saves the rest of its batch and records the error', async () => {
    const [a, b] = catalog.products.filter((p) => p.type === 'simple' && p.sku).slice(5, 7);
    woo.edit(b.id, { sku: a.sku, name: `${b.name} (clon)` });
    const other = catalog.products.filter((p) => p.type === 'simple').slice(8)[0];
    woo.rename(other.id, `${other.name} v2`);

    const summary = await sync.sync({ mode: 'full' });
    expect(summary.status).toBe('succeeded');
    expect(summary.errors).toBe(1);
    expect((await row(b.id)).name).toBe(b.name); // kept as it was, not deleted
    expect((await row(other.id)).name).toBe(`${other.name} v2`);
    expect(ctx.logs.matching(`product ${b.id} skipped`)).toEqual([
      expect.objectContaining({ level: 'error', msg: expect.stringContaining('products_sku_key') }),
    ]);
    woo.edit(b.id, { sku: b.sku, name: b.name });
  });

  it('retries 429 answers (HTML, Retry-After) and succeeds', async () => {
    woo.failNext(429, 2, { retryAfter: '0' });
    const summary = await sync.sync({ mode: 'full' });
    expect(summary.status).toBe('succeeded');
    expect(woo.requests.filter((r) => r.path.endsWith('/products')).length).toBeGreaterThan(2);
  });

  it('never deletes when the listing was not fetched completely', async () => {
    const gone = catalog.products.filter((p) => p.type === 'simple')[20];
    woo.delete(gone.id);
    woo.failNext(503, 10, { retryAfter: '0', match: (r) => r.query.get('page') === '2' });

    const summary = await sync.sync({ mode: 'full' });
    expect(summary.status).toBe('failed');
    expect(summary.deleted).toBe(0);
    expect(summary.error).toMatch(/woocommerce list products failed: .*503/);
    expect(await row(gone.id)).toBeDefined();

    const runs = await ctx.get(SyncRunRepository).latest(1);
    expect(runs[0]).toMatchObject({ status: 'failed', deleted: 0 });
    expect(runs[0].errorMessage).toMatch(/503/);
    expect(ctx.logs.matching('full sync: fetching stopped').at(-1)).toMatchObject({
      level: 'error',
      msg: expect.stringContaining('(503)'),
    });

    woo.clearFaults();
    const retry = await sync.sync({ mode: 'full' });
    expect(retry).toMatchObject({ status: 'succeeded', deleted: 1 });
  });

  it('refuses a second run while one holds the lock', async () => {
    woo.latencyMs = 50;
    try {
      const results = await Promise.allSettled([sync.sync({ mode: 'full' }), sync.sync({ mode: 'full' })]);
      const refused = results.filter((r) => r.status === 'rejected');
      expect(refused).toHaveLength(1);
      expect(refused[0].reason).toBeInstanceOf(SyncAlreadyRunningError);
      expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    } finally {
      woo.latencyMs = 0;
    }
  });

  it('refuses to start while another process runs a sync (live heartbeat), and closes a crashed run', async () => {
    // What a CLI run in another process looks like from here; on the embedded database it shares our session,
    // so only the heartbeat tells it apart.
    const [other] = await ctx.dataSource.query<{ id: string }[]>(
      `INSERT INTO sync_runs (kind, status) VALUES ('full', 'running') RETURNING id::text AS id`,
    );
    await expect(sync.sync({ mode: 'full' })).rejects.toBeInstanceOf(SyncAlreadyRunningError);

    await ctx.dataSource.query(
      `UPDATE sync_runs SET heartbeat_at = now() - interval '10 minutes' WHERE id = $1`,
      [other.id],
    );
    expect((await sync.sync({ mode: 'full' })).status).toBe('succeeded');
    const [closed] = await ctx.dataSource.query<{ status: string; error_message: string }[]>(
      `SELECT status, error_message FROM sync_runs WHERE id = $1`,
      [other.id],
    );
    expect(closed).toEqual({
      status: 'failed',
      error_message: 'interrupted (process stopped during the run)',
    });
  });

  it('re-embeds everything with reembed', async () => {
    const summary = await sync.sync({ mode: 'incremental', reembed: true });
    const { products: p, variations: v } = await products.count();
    expect(summary.embedded).toBe(p + v);
  });

  it('detects vectors from another model, warns how to fix it, and the next run re-embeds them', async () => {
    const indexer = ctx.get(EmbeddingIndexer);
    expect(await indexer.warnOnModelMismatch()).toBe(false);
    await ctx.dataSource.query(
      `UPDATE products SET embedding_model = 'text-embedding-3-small' WHERE wc_id IN (SELECT wc_id FROM products ORDER BY wc_id LIMIT 3)`,
    );
    const warn = jest.spyOn(Logger.prototype, 'warn');
    try {
      expect(await indexer.warnOnModelMismatch()).toBe(true);
      expect(String(warn.mock.calls.at(-1)?.[0])).toMatch(
        /3 stored product vector\(s\) were made by text-embedding-3-small \(384 dims\).*node dist\/cli sync --reembed/,
      );
    } finally {
      warn.mockRestore();
    }
    const summary = await sync.sync({ mode: 'incremental' });
    expect(summary.embedded).toBe(3);
    expect(await indexer.warnOnModelMismatch()).toBe(false);
  });

  it('fails with a one-line reason naming the key when the store rejects the credentials', async () => {
    const wrongKey = await createTestContext({
      imports: [SyncModule],
      env: { ...woo.env, WOOCOMMERCE_KEY: 'ck_wrong' },
    });
    try {
      const summary = await wrongKey.get(SyncService).sync({ mode: 'full' });
      expect(summary.status).toBe('failed');
      expect(summary.error).toMatch(/woocommerce_rest_cannot_view/);
      expect(summary.error).toMatch(/WOOCOMMERCE_KEY/);
      expect(summary.error).not.toContain('\n');
      expect(wrongKey.logs.matching('fetching stopped')[0]).toMatchObject({
        level: 'error',
        msg: expect.stringContaining('WOOCOMMERCE_KEY'),
      });
      expect(await wrongKey.get(DataSource).query(`SELECT 1 FROM products`)).toHaveLength(0);
    } finally {
      await wrongKey.close();
    }
  });
});
