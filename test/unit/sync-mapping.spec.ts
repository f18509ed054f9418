import { demoCatalog } from '../../src/catalog/demo/load-demo-catalog';
import { buildEmbeddingText, contentHash } from '../../src/catalog/embedding-text';
import { planBatches } from '../../src/catalog/embedding/openai-embedder';
import { cleanHtml, mapProduct, mapVariation, parseGmt, parsePrice } from '../../src/sync/wc-product.mapper';
import type { WcProduct, WcVariation } from '../../src/woocommerce/woocommerce.types';
import { generateCatalog } from '../fakes/catalog-generator';

const MODEL = 'local-hash-v1-384';

function product(overrides: Partial<WcProduct> = {}): WcProduct {
  return {
    id: 1207,
    name: 'Licuadora Oster 600W',
    slug: 'licuadora-oster-600w',
    permalink: 'https://shop.example.com/producto/licuadora-oster-600w/',
    type: 'simple',
    status: 'publish',
    description: '<p>Vaso de vidrio &amp; 3 velocidades.</p>\n',
    short_description: '<p>600W, 1.5 L</p>\n',
    sku: 'OST-600',
    price: '45.00',
    regular_price: '49.00',
    sale_price: '45.00',
    on_sale: true,
    manage_stock: true,
    stock_quantity: 4,
    stock_status: 'instock',
    categories: [{ id: 31, name: 'Licuadoras', slug: 'licuadoras' }],
    tags: [],
    images: [{ id: 1208, src: 'https://shop.example.com/oster.jpg', name: 'oster', alt: '' }],
    attributes: [],
    variations: [],
    date_modified: '2025-05-02T10:14:03',
    date_modified_gmt: '2025-05-02T14:14:03',
    ...overrides,
  };
}

describe('HTML cleaning', () => {
  it('removes tags, decodes entities and tidies whitespace', () => {
    expect(
      cleanHtml('<p>Vaso de vidrio &amp; 3 velocidades.&nbsp;Precio &#36;45</p>\n\n\n<p>  Otra   línea </p>'),
    ).toBe('Vaso de vidrio & 3 velocidades. Precio $45\n\nOtra línea');
  });

  it('keeps list items and link text, drops images, link targets and WordPress shortcodes', () => {
    const text = cleanHtml(
      '[caption id="attachment_55" align="alignnone"]<img src="x.jpg"> Vista interior[/caption]<ul><li>Uno</li><li>Dos</li></ul><a href="https://x">ver más</a>[vc_row][vc_column]Fin[/vc_column][/vc_row]',
    );
    expect(text).toContain('Vista interior');
    expect(text).toContain('- Uno');
    expect(text).toContain('ver más');
    expect(text).toContain('Fin');
    expect(text).not.toMatch(/\[|\]|https:|x\.jpg|<|&amp;/);
  });

  it('is empty for missing descriptions', () => {
    expect(cleanHtml('')).toBe('');
    expect(cleanHtml(null)).toBe('');
  });
});

describe('prices and dates', () => {
  it('turns WooCommerce money strings into numbers, "" into null (never 0)', () => {
    expect(parsePrice('45.00')).toBe(45);
    expect(parsePrice('1299.9')).toBe(1299.9);
    expect(parsePrice('')).toBeNull();
    expect(parsePrice('  ')).toBeNull();
    expect(parsePrice(null)).toBeNull();
    expect(parsePrice('abc')).toBeNull();
  });

  it('reads date_modified_gmt (no zone suffix) as UTC', () => {
    expect(parseGmt('2025-05-02T14:14:03')?.toISOString()).toBe('2025-05-02T14:14:03.000Z');
    expect(parseGmt(null)).toBeNull();
  });
});

describe('mapping a product', () => {
  it('maps a simple product to a row with clean text, numeric prices and the content hash', () => {
    const row = mapProduct(product(), MODEL);
    expect(row).toMatchObject({
      wcId: 1207,
      parentWcId: null,
      type: 'simple',
      sku: 'OST-600',
      name: 'Licuadora Oster 600W',
      description: 'Vaso de vidrio & 3 velocidades.',
      shortDescription: '600W, 1.5 L',
      price: 45,
      regularPrice: 49,
      salePrice: 45,
      stockStatus: 'instock',
      stockQuantity: 4,
      manageStock: true,
      imageUrl: 'https://shop.example.com/oster.jpg',
    });
    expect(row.wcModifiedAt?.toISOString()).toBe('2025-05-02T14:14:03.000Z');
    expect(row.contentHash).toBe(contentHash(MODEL, row.searchText));
  });

  it('stores an empty SKU and empty prices as NULL, and unmanaged stock without a quantity', () => {
    const row = mapProduct(
      product({
        sku: '',
        price: '',
        regular_price: '',
        sale_price: '',
        manage_stock: false,
        stock_quantity: null,
      }),
      MODEL,
    );
    expect(row).toMatchObject({
      sku: null,
      price: null,
      regularPrice: null,
      salePrice: null,
      stockQuantity: null,
    });
  });

  it('builds the text to embed from name, SKU, categories, tags, attributes, variation SKUs and description', () => {
    const a54 = demoCatalog().products.find((p) => p.sku === 'SM-A546E')!;
    const variations = demoCatalog().variations[String(a54.id)];
    const { searchText } = mapProduct(a54, MODEL, variations);
    expect(searchText.split('\n')[0]).toBe('Samsung Galaxy A54 5G');
    expect(searchText).toContain('SKU: SM-A546E');
    expect(searchText).toContain('Categoría: Celulares');
    expect(searchText).toContain('Etiquetas: 5G, Android, Dual SIM');
    expect(searchText).toContain('Color: Negro, Blanco, Lima, Violeta');
    expect(searchText).toContain('SM-A546E-256-NEGRO');
    expect(searchText).toContain('resistencia IP67');
    expect(searchText).not.toMatch(/<|&amp;|&nbsp;/);
  });

  it('changes the content hash when the text or the model changes, not when price or stock change', () => {
    const base = mapProduct(product(), MODEL);
    expect(
      mapProduct(product({ price: '40.00', stock_quantity: 0, stock_status: 'outofstock' }), MODEL)
        .contentHash,
    ).toBe(base.contentHash);
    expect(mapProduct(product({ name: 'Licuadora Oster 700W' }), MODEL).contentHash).not.toBe(
      base.contentHash,
    );
    expect(mapProduct(product(), 'text-embedding-3-small').contentHash).not.toBe(base.contentHash);
  });

  it('cuts very long descriptions so one input stays well under the embedding token limit', () => {
    const text = buildEmbeddingText({
      name: 'X',
      sku: null,
      categories: [],
      tags: [],
      attributes: [],
      shortDescription: '',
      description: 'palabra '.repeat(5000),
    });
    expect(text.length).toBeLessThan(2100);
  });
});

describe('mapping a variation', () => {
  const parent = product({
    id: 50,
    name: 'Samsung Galaxy A54',
    type: 'variable',
    sku: 'SM-A546E',
    price: '',
    regular_price: '',
    sale_price: '',
    manage_stock: true,
    stock_quantity: 12,
    categories: [{ id: 15, name: 'Celulares', slug: 'celulares' }],
  });
  const variation: WcVariation = {
    id: 5001,
    permalink: 'https://shop.example.com/producto/a54/?attribute_pa_color=negro',
    status: 'publish',
    description: '',
    sku: 'SM-A546E-128-NEGRO',
    price: '349.00',
    regular_price: '379.00',
    sale_price: '349.00',
    on_sale: true,
    manage_stock: 'parent',
    stock_quantity: null,
    stock_status: 'instock',
    image: null,
    attributes: [
      { id: 2, name: 'Color', option: 'Negro' },
      { id: 3, name: 'Almacenamiento', option: '128 GB' },
    ],
    date_modified: null,
    date_modified_gmt: '2025-06-01T00:00:00',
  };

  it('is its own row named after the parent and the options, with the parent categories', () => {
    const row = mapVariation(parent, variation, MODEL);
    expect(row).toMatchObject({
      wcId: 5001,
      parentWcId: 50,
      type: 'variation',
      name: 'Samsung Galaxy A54 – Negro, 128 GB',
      sku: 'SM-A546E-128-NEGRO',
      price: 349,
      regularPrice: 379,
      categories: [{ id: 15, name: 'Celulares', slug: 'celulares' }],
      attributes: [
        { name: 'Color', options: ['Negro'], variation: true },
        { name: 'Almacenamiento', options: ['128 GB'], variation: true },
      ],
      permalink: 'https://shop.example.com/producto/a54/?attribute_pa_color=negro',
      imageUrl: 'https://shop.example.com/oster.jpg',
    });
    expect(row.searchText).toContain('Samsung Galaxy A54 – Negro, 128 GB');
    expect(row.searchText).toContain('Color: Negro; Almacenamiento: 128 GB');
  });

  it('takes stock from the parent when manage_stock is "parent"', () => {
    const row = mapVariation(parent, variation, MODEL);
    expect(row).toMatchObject({ stockQuantity: 12, manageStock: true });
    const own = mapVariation(parent, { ...variation, manage_stock: true, stock_quantity: 3 }, MODEL);
    expect(own.stockQuantity).toBe(3);
  });
});

describe('fixtures', () => {
  it('the demo catalog follows the contract shapes the fake and the sync rely on', () => {
    const { products, variations } = demoCatalog();
    expect(products.length).toBeGreaterThanOrEqual(100);
    expect(new Set(products.map((p) => p.id)).size).toBe(products.length);
    expect(products.filter((p) => p.sku === '').length).toBeGreaterThan(5);
    expect(products.every((p) => typeof p.price === 'string' && Number.isInteger(p.id))).toBe(true);
    const variable = products.filter((p) => p.type === 'variable');
    expect(variable.length).toBeGreaterThanOrEqual(6);
    for (const p of variable) expect(variations[String(p.id)].map((v) => v.id)).toEqual(p.variations);
    expect(
      Object.values(variations)
        .flat()
        .some((v) => v.manage_stock === 'parent'),
    ).toBe(true);
    expect(variable.some((p) => p.price === '')).toBe(true);
  });

  it('the generator is deterministic and makes variable products', () => {
    const a = generateCatalog(200);
    expect(generateCatalog(200)).toEqual(a);
    expect(a.products).toHaveLength(200);
    expect(Object.keys(a.variations)).toHaveLength(10);
  });
});

describe('embedding request planning', () => {
  it('keeps requests within 2048 inputs and ~300k tokens', () => {
    expect(planBatches(new Array<string>(5000).fill('a')).map((b) => b.length)).toEqual([2048, 2048, 904]);
    const big = new Array<string>(100).fill('x'.repeat(24_000));
    const batches = planBatches(big);
    expect(batches.length).toBeGreaterThan(1);
    expect(batches.flat()).toEqual(big.map((_, i) => i));
  });
});
