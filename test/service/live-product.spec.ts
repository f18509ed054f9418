import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { CatalogModule } from '../../src/catalog/catalog.module';
import { Embedder } from '../../src/catalog/embedding/embedder';
import { LiveProductRepository } from '../../src/catalog/live-product.repository';
import { LiveProductService } from '../../src/catalog/live-product.service';
import { WooCommerceClient } from '../../src/woocommerce/woocommerce.client';
import type { WcCatalog } from '../../src/woocommerce/woocommerce.types';
import { FakeWooCommerce } from '../fakes/fake-woocommerce';
import { insertProducts, rowsFromCatalog, type WooLikeCatalog } from '../support/search-catalog-loader';
import { createTestContext, testConfig, type TestContext } from '../support/test-app';

const catalogJson = readFileSync(
  join(__dirname, '..', '..', 'src', 'catalog', 'demo', 'demo-catalog.json'),
  'utf8',
);
const SYNCED_AT = new Date('2026-11-20T08:30:00.000Z');

/** Live product details from a fake WooCommerce over HTTP, with the cache as fallback, on a real database. */
describe('LiveProductService (get_live_product_details)', () => {
  let ctx: TestContext;
  let woo: FakeWooCommerce;
  let live: LiveProductService;

  const cachedRow = async (
    wcId: number,
  ): Promise<{ price: string; stock_quantity: number | null } | undefined> =>
    (
      await ctx.dataSource.query<{ price: string; stock_quantity: number | null }[]>(
        `SELECT price, stock_quantity FROM products WHERE wc_id = $1`,
        [wcId],
      )
    )[0];

  beforeAll(async () => {
    woo = await new FakeWooCommerce(JSON.parse(catalogJson) as WcCatalog).start();
    ctx = await createTestContext({
      imports: [CatalogModule],
      env: { ...woo.env, WOOCOMMERCE_LIVE_TIMEOUT_MS: '400' },
    });
    const rows = rowsFromCatalog(JSON.parse(catalogJson) as WooLikeCatalog).map((r) => ({
      ...r,
      synced_at: SYNCED_AT,
    }));
    await insertProducts(ctx.dataSource, ctx.get(Embedder), rows);
    live = ctx.get(LiveProductService);
  });
  afterAll(async () => {
    await ctx?.close();
    await woo?.stop();
  });
  afterEach(() => {
    woo.latencyMs = 0;
  });

  it('answers by WooCommerce id with the current price and stock, and refreshes the cache row', async () => {
    woo.reprice(1001, '699.00', '629.00');
    woo.edit(1001, { stock_quantity: 2 });
    const details = await live.get('1001', 'wc_product_id');
    expect(details).toMatchObject({
      source: 'woocommerce',
      wcProductId: 1001,
      sku: 'LG-GT32WPP',
      type: 'simple',
      price: 629,
      regularPrice: 699,
      salePrice: 629,
      stockStatus: 'instock',
      stockQuantity: 2,
      variations: [],
      matchedVariation: null,
    });
    expect(Date.now() - Date.parse(details!.asOf)).toBeLessThan(60_000);
    expect(await cachedRow(1001)).toEqual({ price: '629.00', stock_quantity: 2 });
  });

  it('resolves a variation SKU to its parent, listing every variation with attributes, price and stock', async () => {
    woo.editVariation(1029, 14292, { stock_quantity: 1 });
    const details = await live.get('SM-A546E-256-NEGRO', 'sku');
    expect(details?.wcProductId).toBe(1029);
    expect(details?.source).toBe('woocommerce');
    expect(details?.type).toBe('variable');
    expect(details?.variations).toHaveLength(5);
    expect(details?.matchedVariation).toMatchObject({
      wcId: 14292,
      sku: 'SM-A546E-256-NEGRO',
      attributes: { Color: 'Negro', Almacenamiento: '256 GB' },
      price: 429,
      stockStatus: 'instock',
      stockQuantity: 1,
    });
    expect(details?.variations.find((v) => v.wcId === 14295)).toMatchObject({
      attributes: { Color: 'Violeta', Almacenamiento: '256 GB' },
      stockStatus: 'outofstock',
    });
    expect(await cachedRow(14292)).toMatchObject({ stock_quantity: 1 });
  });

  it('answers from the cache, saying how old it is, when WooCommerce is slow', async () => {
    woo.latencyMs = 2_000;
    const details = await live.get('1002', 'wc_product_id');
    expect(details).toMatchObject({
      source: 'cache',
      asOf: SYNCED_AT.toISOString(),
      wcProductId: 1002,
      sku: 'SAM-RT38K5930SL',
    });
  });

  it('answers from the cache when WooCommerce is down, also for a variation SKU', async () => {
    woo.failNext(503, 1, { html: true });
    const details = await live.get('SM-A546E-128-LIMA', 'sku');
    expect(details).toMatchObject({ source: 'cache', asOf: SYNCED_AT.toISOString(), wcProductId: 1029 });
    expect(details?.matchedVariation).toMatchObject({ sku: 'SM-A546E-128-LIMA', stockQuantity: 2 });
    expect(details?.variations).toHaveLength(5);
  });

  it('answers from the cache when WooCommerce is not configured', async () => {
    const unconfigured = new LiveProductService(
      new WooCommerceClient(testConfig()),
      ctx.get(LiveProductRepository),
      testConfig(),
    );
    expect(await unconfigured.get('OST-BLSTKAG', 'sku')).toMatchObject({
      source: 'cache',
      wcProductId: 1058,
    });
    expect(await unconfigured.get('999999', 'wc_product_id')).toBeNull();
  });

  it('returns null for a product that left the store and drops it from the cache', async () => {
    woo.delete(1003);
    expect(await live.get('1003', 'wc_product_id')).toBeNull();
    expect(await cachedRow(1003)).toBeUndefined();
    expect(await live.get('NO-SUCH-SKU', 'sku')).toBeNull();
    expect(await live.get('not-a-number', 'wc_product_id')).toBeNull();
  });
});
