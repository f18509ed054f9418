import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ImageLinkClient } from '../../src/catalog/image-link.client';
import { runToolCall } from '../../src/assistant/assistant-tools';
import { CatalogProductTools } from '../../src/assistant/catalog-product-tools';
import { CatalogSearchService, DEFAULT_TUNING } from '../../src/catalog/catalog-search.service';
import { LiveProductService } from '../../src/catalog/live-product.service';
import { CatalogModule } from '../../src/catalog/catalog.module';
import { priceBandsFor } from '../../src/catalog/hybrid-search.sql';
import type { ProductSearchResult, SearchOptions } from '../../src/catalog/catalog.types';
import type { WcCatalog } from '../../src/woocommerce/woocommerce.types';
import { loadThroughSync } from '../support/search-catalog-loader';
import { createTestContext, type TestContext } from '../support/test-app';
import type { OrderStatusService } from '../../src/orders/order-status.service';
import { AppConfig } from '../../src/config/app-config';

const catalog = JSON.parse(
  readFileSync(join(__dirname, '..', '..', 'src', 'catalog', 'demo', 'demo-catalog.json'), 'utf8'),
) as WcCatalog;

const prices = (results: ProductSearchResult[]): number[] => results.map((r) => r.price ?? NaN);
const ids = (results: ProductSearchResult[]): number[] => results.map((r) => r.wcProductId);
const ascending = (xs: number[]): boolean => xs.every((x, i) => i === 0 || xs[i - 1] <= x);

/** Price ranges, price order and honest empty answers over the demo catalog, on a real database. */
describe('CatalogSearchService (shopper constraints)', () => {
  let ctx: TestContext;
  let search: CatalogSearchService;
  const find = (q: string, options: Partial<SearchOptions> = {}) =>
    search.find(q, { inStockOnly: false, limit: 5, ...options });

  beforeAll(async () => {
    ctx = await createTestContext({ imports: [CatalogModule] });
    await loadThroughSync((t) => ctx.get(t), catalog);
    search = ctx.get(CatalogSearchService);
  });
  afterAll(async () => {
    await ctx?.close();
  });

  it('keeps every price within the range the customer gave, and says so', async () => {
    const fridges = await find('nevera de menos de 500 dólares');
    expect(fridges.appliedFilters).toMatchObject({ minPrice: null, maxPrice: 500, sort: 'relevance' });
    expect(fridges.products.length).toBeGreaterThan(0);
    for (const p of fridges.products) {
      expect(p.price).toBeLessThanOrEqual(500);
      expect(p.categories).toContain('Neveras y Refrigeradores');
    }
    const phones = await find('phone between 300 and 1300');
    expect(phones.products.length).toBeGreaterThan(0);
    for (const price of prices(phones.products)) expect(price >= 300 && price <= 1300).toBe(true);
  });

  it('sorts the kind of product asked for by price, cheapest or dearest first', async () => {
    const laptops = await find('la laptop más barata');
    expect(laptops.products[0].wcProductId).toBe(1043);
    expect(ascending(prices(laptops.products))).toBe(true);
    expect(laptops.products.every((p) => p.categories.includes('Laptops y Portátiles'))).toBe(true);
    const phones = await find('el celular más caro');
    expect(phones.products[0].wcProductId).toBe(1033);
    expect(ascending(prices(phones.products).reverse())).toBe(true);
  });

  it('lets explicit filters win over the words', async () => {
    const r = await find('televisor de menos de 1000', { maxPrice: 300, sort: 'price_desc' });
    expect(r.appliedFilters).toMatchObject({ maxPrice: 300, sort: 'price_desc' });
    expect(prices(r.products).slice(0, 3)).toEqual([269, 229, 179]);
    expect(ascending(prices(r.products).reverse())).toBe(true);
  });

  it('prices a variable product by the variation in the range when its cheapest is not', async () => {
    // Galaxy A54: from 349 (128 GB), 429 for 256 GB.
    const [a54] = (await find('samsung a54 de más de 400')).products;
    expect(a54).toMatchObject({ wcProductId: 1029, price: 429, priceIsFrom: false });
    expect(a54.variation).toMatchObject({ sku: 'SM-A546E-256-NEGRO', price: 429 });
    const [from] = (await find('samsung a54')).products;
    expect(from).toMatchObject({ wcProductId: 1029, price: 349, priceIsFrom: true });
  });

  it('follows a variation price change into its product price', async () => {
    await ctx.dataSource.query(`UPDATE products SET price = 339 WHERE wc_id = 14291`);
    const [a54] = (await find('samsung a54')).products;
    expect(a54.price).toBe(339);
    await ctx.dataSource.query(`UPDATE products SET price = 349 WHERE wc_id = 14291`);
  });

  it('offers the kind asked for in range when nothing in range has every word asked for', async () => {
    // No Hisense television costs under $300 (459); TCL and Samsung ones do.
    for (const options of [{}, { sort: 'price_asc' as const }]) {
      const tvs = await find('televisor hisense de menos de 300', options);
      expect(tvs.products.length).toBeGreaterThan(0);
      for (const p of tvs.products) {
        expect(p.price).toBeLessThanOrEqual(300);
        expect(p.categories).toContain('Televisores');
      }
      expect(ids(tvs.products)).toEqual(expect.arrayContaining([1024, 1021, 1026]));
    }
  });

  it('finds a product priced right at the edge of the asked range', async () => {
    // The full-text index holds price bands (migration SearchPriceBands); $147.41 and $147.42 sit on either side of
    // the edge between two bands, where a band computed in the app and one computed by the database could differ.
    const blender = (options: Partial<SearchOptions>) =>
      find('licuadora oster', options).then((r) => ids(r.products).includes(1058));
    try {
      for (const [price, min, max, found] of [
        [147.42, null, 147.42, true],
        [147.42, null, 147.41, false],
        [147.42, 147.42, null, true],
        [147.41, 147.41, 147.41, true],
        [147.41, 147.42, 500, false],
        [147.41, 0, null, true],
      ] as const) {
        await ctx.dataSource.query(`UPDATE products SET price = $1 WHERE wc_id = 1058`, [price]);
        expect({ price, min, max, found: await blender({ minPrice: min, maxPrice: max }) }).toEqual({
          price,
          min,
          max,
          found,
        });
      }
    } finally {
      await ctx.dataSource.query(`UPDATE products SET price = 45 WHERE wc_id = 1058`);
    }
  });

  it('computes the price bands of a range as the database does, for every price', async () => {
    const edges = Array.from({ length: 70 }, (_, k) => Math.exp(k / 5) - 1);
    const cents = (x: number) => Math.round(x * 100) / 100;
    const samples = [
      ...edges.flatMap((e) => [cents(e) - 0.01, cents(e), cents(e) + 0.01]),
      0,
      0.01,
      999999.99,
    ]
      .map(cents)
      .filter((p) => p >= 0);
    const rows = await ctx.dataSource.query<{ p: string; band: number }[]>(
      `SELECT p::text AS p, namwoo_price_band(p) AS band FROM unnest($1::numeric[]) AS p`,
      [samples],
    );
    for (const { p, band } of rows) {
      const price = Number(p);
      expect({ price, covered: priceBandsFor(price, price)?.includes(band) }).toEqual({
        price,
        covered: true,
      });
      expect({ price, below: priceBandsFor(null, price)?.includes(band) }).toEqual({ price, below: true });
      expect({ price, above: priceBandsFor(price, null)?.includes(band) }).toEqual({ price, above: true });
    }
    expect(priceBandsFor(null, null)).toBeNull();
  });

  it('answers nothing when the store does not sell it, and tells what it does sell', async () => {
    for (const q of [
      'tienen bicicletas?',
      'zzzz qqqq',
      'perfumes',
      'carro usado',
      'nevera de menos de 100',
    ]) {
      expect({ q, found: ids((await find(q)).products) }).toEqual({ q, found: [] });
    }
    expect(await search.mainCategories(3)).toEqual(['Accesorios', 'Celulares', 'Televisores']);
    // Typos of words the catalog knows still find them.
    expect(ids((await find('licuadra oster')).products)[0]).toBe(1058);
  });

  it('browses the whole catalog by price when only price words were said', async () => {
    const r = await find('lo más barato que tengan');
    expect(r.productText).toBe('que');
    expect(ids(r.products)[0]).toBe(1100);
    expect(ascending(prices(r.products))).toBe(true);
  });

  it('gives the model what it asked for through the tool: max_price and sort, or an explicit no-match', async () => {
    // Orders are not part of this test: the order tool is never called here.
    const tools = new CatalogProductTools(
      search,
      ctx.get(LiveProductService),
      {} as OrderStatusService,
      ctx.get(AppConfig),
      new ImageLinkClient(ctx.get(AppConfig)),
    );
    const call = await runToolCall(
      tools,
      'search_local_products',
      JSON.stringify({
        query_text: 'televisor',
        filter_stock: false,
        min_price: null,
        max_price: 300,
        sort: 'price_asc',
      }),
    );
    const payload = call.payload as {
      applied_filters: { max_price: number; sort: string };
      products: { price: number }[];
    };
    expect(payload.applied_filters).toMatchObject({ max_price: 300, sort: 'price_asc' });
    const listed = payload.products.map((p) => p.price);
    expect(listed.length).toBeGreaterThan(0);
    expect(listed.every((p) => p <= 300)).toBe(true);
    expect(ascending(listed)).toBe(true);
    const none = await runToolCall(
      tools,
      'search_local_products',
      JSON.stringify({
        query_text: 'bicicletas',
        filter_stock: true,
        min_price: null,
        max_price: null,
        sort: null,
      }),
    );
    expect(none.payload).toMatchObject({
      count: 0,
      no_match: true,
      store_categories: expect.arrayContaining(['Televisores']),
    });
  });

  it('fills a filtered page from the vector lane even when the nearest vectors are out of range', async () => {
    const vectorOnly = { ...DEFAULT_TUNING, lanes: { vector: true, text: false, model: false } };
    const results = await search.search(
      'Refrigerador Side by Side Whirlpool 25 pies',
      { inStockOnly: false, limit: 10, maxPrice: 60 },
      vectorOnly,
    );
    expect(results).toHaveLength(10);
    expect(results.every((r) => r.price !== null && r.price <= 60)).toBe(true);
  });
});
