import type { LiveProductDetails, ProductSearchResult } from '../../src/catalog/catalog.types';
import { collectFacts, findGroundingViolations } from '../../src/assistant/grounding';
import { formatLiveDetails, formatProductList, toWhatsAppText } from '../../src/assistant/reply-templates';
import { loadStoreProfile } from '../../src/assistant/store-profile';

const profile = loadStoreProfile(undefined);
const result = (over: Partial<ProductSearchResult>): ProductSearchResult => ({
  wcProductId: 1,
  sku: null,
  name: 'Producto',
  price: 10,
  priceIsFrom: false,
  regularPrice: 10,
  salePrice: null,
  stockStatus: 'instock',
  stockQuantity: null,
  permalink: null,
  imageUrl: null,
  categories: [],
  summary: '',
  variation: null,
  score: 1,
  ...over,
});

describe('reply templates', () => {
  it('prices a variable product from its cheapest variation, and a named variation at its own price', () => {
    const list = formatProductList(
      [
        result({ name: 'Samsung Galaxy A54 5G', price: 349, priceIsFrom: true, regularPrice: null }),
        result({
          name: 'Samsung Galaxy A54 5G',
          price: 349,
          priceIsFrom: true,
          regularPrice: null,
          variation: {
            wcId: 2,
            sku: 'A54-256',
            attributes: { Almacenamiento: '256 GB' },
            price: 429,
            stockStatus: 'instock',
            stockQuantity: 2,
            permalink: null,
          },
        }),
      ],
      profile,
      'es',
    );
    expect(list).toContain('*Samsung Galaxy A54 5G* — desde $349.00');
    expect(list).toContain('*Samsung Galaxy A54 5G* (256 GB) — $429.00');
  });

  it('lists at most five products with price, sale, stock and a ref the customer can use', () => {
    const list = formatProductList(
      [
        result({
          wcProductId: 1207,
          sku: 'OST-600',
          name: 'Licuadora Oster 600W',
          price: 45,
          regularPrice: 50,
          salePrice: 45,
          stockQuantity: 1,
        }),
        result({ wcProductId: 3001, name: 'Nevera Mabe', price: 689, stockStatus: 'outofstock' }),
        result({ wcProductId: 9, name: 'Sin precio', price: null }),
        ...[4, 5, 6].map((n) => result({ wcProductId: n, name: `Extra ${n}` })),
      ],
      profile,
      'es',
    );
    expect(list.split('\n')).toEqual([
      'Encontré estas opciones:',
      '1. *Licuadora Oster 600W* — $45.00 (antes $50.00) (1 disponible) · ref. OST-600',
      '2. *Nevera Mabe* — $689.00 (agotado) · ref. #3001',
      '3. *Sin precio* — precio por confirmar (disponible) · ref. #9',
      '4. *Extra 4* — $10.00 (disponible) · ref. #4',
      '5. *Extra 5* — $10.00 (disponible) · ref. #5',
      '¿Quieres más detalles de alguna? Respóndeme con el número.',
    ]);
  });

  it('describes live details with variations, says when figures come from the cache, and passes its own guard', () => {
    const live: LiveProductDetails = {
      source: 'cache',
      asOf: '2026-11-20T10:00:00.000Z',
      wcProductId: 5200,
      sku: 'SM-A155',
      name: 'Samsung Galaxy A15',
      type: 'variable',
      price: 165,
      regularPrice: 165,
      salePrice: null,
      stockStatus: 'instock',
      stockQuantity: null,
      permalink: null,
      variations: [
        {
          wcId: 5201,
          sku: 'N',
          attributes: { Color: 'Negro' },
          price: 165,
          regularPrice: 165,
          salePrice: null,
          stockStatus: 'instock',
          stockQuantity: 4,
          permalink: null,
        },
        {
          wcId: 5202,
          sku: 'A',
          attributes: { Color: 'Azul' },
          price: 169,
          regularPrice: 179,
          salePrice: 169,
          stockStatus: 'outofstock',
          stockQuantity: 0,
          permalink: null,
        },
      ],
      matchedVariation: null,
    };
    const text = formatLiveDetails(live, profile, 'en');
    expect(text).toContain('*Samsung Galaxy A15* (ref. SM-A155)');
    expect(text).toContain('• Negro — $165.00 (4 in stock)');
    expect(text).toContain('• Azul — $169.00 (was $179.00) (out of stock)');
    expect(text).toContain('Figures from our last update (2026-11-20 10:00 UTC)');
    const facts = collectFacts(
      [
        {
          price: 165,
          variations: [
            { price: 165, stock_quantity: 4 },
            { price: 169, regular_price: 179, sale_price: 169 },
          ],
        },
      ],
      profile,
    );
    expect(findGroundingViolations(text, facts)).toEqual([]);
  });

  it('turns Markdown into WhatsApp formatting', () => {
    expect(toWhatsAppText('### Opciones\n**Licuadora** y __nevera__: [ver](https://t.example.com/p/1)')).toBe(
      'Opciones\n*Licuadora* y _nevera_: ver: https://t.example.com/p/1',
    );
  });
});
