import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { CatalogSearchService, DEFAULT_TUNING } from '../../src/catalog/catalog-search.service';
import { CatalogModule } from '../../src/catalog/catalog.module';
import type { ProductSearchResult } from '../../src/catalog/catalog.types';
import { Embedder } from '../../src/catalog/embedding/embedder';
import {
  insertProducts,
  loadThroughSync,
  rowsFromCatalog,
  type WooLikeCatalog,
  type WooLikeProduct,
} from '../support/search-catalog-loader';
import type { WcCatalog } from '../../src/woocommerce/woocommerce.types';
import { createTestContext, type TestContext } from '../support/test-app';

const catalog = JSON.parse(
  readFileSync(join(__dirname, '..', '..', 'src', 'catalog', 'demo', 'demo-catalog.json'), 'utf8'),
) as WooLikeCatalog;

/** Hybrid search over the demo catalog on a real database (PGlite, or PostgreSQL with TEST_DATABASE_URL). */
describe('CatalogSearchService (hybrid search)', () => {
  let ctx: TestContext;
  let search: CatalogSearchService;
  const ids = (results: ProductSearchResult[]): number[] => results.map((r) => r.wcProductId);
  const find = (q: string, limit = 5, inStockOnly = false): Promise<ProductSearchResult[]> =>
    search.search(q, { inStockOnly, limit });

  beforeAll(async () => {
    ctx = await createTestContext({ imports: [CatalogModule] });
    await loadThroughSync((t) => ctx.get(t), catalog as unknown as WcCatalog);
    search = ctx.get(CatalogSearchService);
  });
  afterAll(async () => {
    await ctx?.close();
  });

  it('puts the product with that exact SKU first and carries its fields', async () => {
    const [first] = await find('LG-GT32WPP');
    expect(first).toMatchObject({
      wcProductId: 1001,
      sku: 'LG-GT32WPP',
      name: 'Nevera LG GT32WPP 11 pies No Frost',
      price: 649,
      stockStatus: 'instock',
      stockQuantity: 6,
      permalink: 'https://tienda.example.com/producto/nevera-lg-gt32wpp-11-pies-no-frost/',
      variation: null,
    });
    expect(first.categories).toEqual(['Neveras y Refrigeradores']);
    expect(first.summary).toContain('Nevera de dos puertas');
    expect(first.summary).not.toMatch(/<|&amp;/);
  });

  it.each([
    ['SM-A546E', 1029],
    ['sm a546e', 1029],
    ['a54', 1029],
    ['galaxy a-54', 1029],
    ['A 54 samsung', 1029],
    ['un55cu7000', 1019],
    ['UN55-CU7000', 1019],
    ['sony wh1000xm5', 1047],
    ['WH-1000XM5', 1047],
    ['iphone 15 128 gb', 1031],
    ['s24 ultra 512 GB', 1033],
  ])('finds a model number however it is written: %s', async (query, wcId) => {
    expect(ids(await find(query, 3))[0]).toBe(wcId);
  });

  it('tolerates typos and missing accents', async () => {
    expect(ids(await find('samsun galaxi a54'))[0]).toBe(1029);
    expect(ids(await find('refrijerador samsung'))[0]).toBe(1002);
    expect(ids(await find('cocina electrica de induccion'))[0]).toBe(1078);
    expect(ids(await find('audifonos inalambricos', 3))).toContain(1047);
  });

  it('understands the customer words in the synonym list', async () => {
    const heladera = await find('heladera', 5);
    expect(heladera).toHaveLength(5);
    for (const r of heladera) expect(r.categories).toContain('Neveras y Refrigeradores');
    expect((await find('lavarropas', 3)).every((r) => r.categories.includes('Lavadoras'))).toBe(true);
    expect(ids(await find('parlante jbl', 3))).toEqual(expect.arrayContaining([1052, 1054]));
    expect(ids(await find('notebook hp'))[0]).toBe(1038);
  });

  it('ranks the accessory first when the customer asks for one, and the product first otherwise', async () => {
    const forro = ids(await find('forro para a54', 10));
    expect(forro[0]).toBe(1088);
    expect(forro.indexOf(1029)).toBeGreaterThan(0);
    expect([1090, 1091]).toContain(ids(await find('base para tv'))[0]);
    expect(ids(await find('cargador para iphone'))[0]).toBe(1093);

    const phone = ids(await find('samsung a54', 10));
    expect(phone[0]).toBe(1029);
    if (phone.includes(1088)) expect(phone.indexOf(1088)).toBeGreaterThan(0);
    expect(ids(await find('tv samsung 32'))[0]).toBe(1021);
  });

  it('returns the parent of a variable product with the variation whose SKU or attributes matched', async () => {
    const [bySku] = await find('SM-A546E-256-VIOLETA');
    expect(bySku.wcProductId).toBe(1029);
    expect(bySku.variation).toMatchObject({
      wcId: 14295,
      sku: 'SM-A546E-256-VIOLETA',
      attributes: { Color: 'Violeta', Almacenamiento: '256 GB' },
      price: 429,
      stockStatus: 'outofstock',
    });
    const [byAttributes] = await find('galaxy a54 256 gb negro');
    expect(byAttributes.wcProductId).toBe(1029);
    expect(byAttributes.variation?.sku).toBe('SM-A546E-256-NEGRO');
    // A plain product question names no variation.
    const [parent] = await find('samsung galaxy a54');
    expect(parent.variation).toBeNull();
    // The store left the parent's price "": the cheapest variation for sale prices it, as WooCommerce does.
    expect(parent.price).toBe(349);
  });

  it('with inStockOnly returns no out-of-stock product, and a variable product counts as in stock via its variations', async () => {
    for (const q of ['licuadora', 'lavadora samsung', 'a54', 'nevera lg', 'corneta']) {
      const results = await find(q, 10, true);
      expect(results.length).toBeGreaterThan(0);
      for (const r of results) expect(r.stockStatus).not.toBe('outofstock');
      expect(ids(results)).not.toEqual(expect.arrayContaining([1085, 1060, 1007]));
    }
    // The only Nintendo Switch is sold out: nothing, rather than whatever else is in stock.
    expect(await find('nintendo switch', 10, true)).toEqual([]);
    expect(ids(await find('nintendo switch', 10, false))).toEqual([1085]);
    const [phone] = await find('SM-A546E-256-VIOLETA', 5, true);
    expect(phone.wcProductId).toBe(1029);
    expect(phone.variation?.stockStatus ?? 'instock').not.toBe('outofstock');
  });

  it('leaves out a variable product once every variation is out of stock, and brings it back with one', async () => {
    const flip = async (): Promise<number[]> => ids(await find('corneta jbl flip 6', 10, true));
    expect(await flip()).toContain(1052);
    await ctx.dataSource.query(`UPDATE products SET stock_status = 'outofstock' WHERE parent_wc_id = 1052`);
    expect(await flip()).not.toContain(1052);
    expect(ids(await find('corneta jbl flip 6', 10, false))[0]).toBe(1052);
    const [one] = await ctx.dataSource.query<{ wc_id: string }[]>(
      `SELECT wc_id FROM products WHERE parent_wc_id = 1052 ORDER BY wc_id LIMIT 1`,
    );
    await ctx.dataSource.query(`UPDATE products SET stock_status = 'instock' WHERE wc_id = $1`, [one.wc_id]);
    const [back] = await find('corneta jbl flip 6', 10, true);
    expect(back.wcProductId).toBe(1052);
    expect(back.stockStatus).toBe('instock');
  });

  it('returns nothing for an empty query', async () => {
    expect(await find('   ')).toEqual([]);
  });

  it('still fills the limit with in-stock products when the 30 nearest neighbours are out of stock', async () => {
    const base = catalog.products.find((p) => p.id === 1058)!;
    const clones: WooLikeProduct[] = Array.from({ length: 30 }, (_, i) => ({
      ...base,
      id: 900_000 + i,
      sku: `CLONE-BLSTKAG-${i}`,
      name: `${base.name} edición ${i}`,
      stock_status: 'outofstock',
      stock_quantity: 0,
    }));
    await insertProducts(
      ctx.dataSource,
      ctx.get(Embedder),
      rowsFromCatalog({ products: clones, variations: {} }),
    );
    const query = 'Licuadora Oster Clásica 600W Vaso de Vidrio';
    const everything = await find(query, 10);
    expect(ids(everything).filter((id) => id >= 900_000).length).toBeGreaterThanOrEqual(8);

    const vectorOnly = { ...DEFAULT_TUNING, lanes: { vector: true, text: false, model: false } };
    const nearest = await search.search(query, { inStockOnly: true, limit: 10 }, vectorOnly);
    expect(nearest).toHaveLength(10);
    // Hybrid: the in-stock blenders, never a clone, and no padding with products far below the best.
    const results = await search.search(query, { inStockOnly: true, limit: 10 }, DEFAULT_TUNING);
    expect(ids(results)).toEqual(expect.arrayContaining([1058, 1059, 1061]));
    for (const r of [...nearest, ...results]) {
      expect(r.stockStatus).not.toBe('outofstock');
      expect(r.wcProductId).toBeLessThan(900_000);
    }
    expect(nearest[0].wcProductId).toBe(1058);
    expect(results[0].wcProductId).toBe(1058);
  });
});
