import type { WcCatalog } from '../../src/woocommerce/woocommerce.types';
import { product, variation } from './assistant-catalog';

const neveras = [{ id: 20, name: 'Neveras', slug: 'neveras' }];
const licuadoras = [{ id: 10, name: 'Licuadoras', slug: 'licuadoras' }];
const ropa = [{ id: 60, name: 'Ropa', slug: 'ropa' }];

/**
 * A store for multi-turn conversations: several fridges of different brands and prices (cheaper, other brand), a
 * blender (another kind, cheaper than any fridge) and a shirt in sizes and colours.
 */
export const DIALOGUE_CATALOG: WcCatalog = {
  products: [
    product({
      id: 3001,
      name: 'Nevera Mabe 14 pies',
      sku: 'MABE-14',
      price: '689.00',
      manage_stock: true,
      stock_quantity: 2,
      short_description: '<p>Refrigerador no frost de 14 pies cúbicos.</p>',
      categories: neveras,
    }),
    product({
      id: 3002,
      name: 'Nevera Samsung 18 pies',
      sku: 'SAM-18',
      price: '899.00',
      short_description: '<p>Refrigerador de 18 pies con dispensador.</p>',
      categories: neveras,
    }),
    product({
      id: 3003,
      name: 'Nevera Mabe 9 pies',
      sku: 'MABE-9',
      price: '450.00',
      short_description: '<p>Refrigerador compacto de 9 pies.</p>',
      categories: neveras,
    }),
    product({
      id: 3004,
      name: 'Nevera Whirlpool 11 pies',
      sku: 'WHP-11',
      price: '540.00',
      short_description: '<p>Refrigerador de 11 pies, dos puertas.</p>',
      categories: neveras,
    }),
    product({
      id: 1207,
      name: 'Licuadora Oster 600W',
      sku: 'OST-600',
      price: '45.00',
      short_description: '<p>Licuadora de 600 W.</p>',
      categories: licuadoras,
    }),
    product({
      id: 7000,
      name: 'Franela Polo Básica',
      type: 'variable',
      sku: 'POLO',
      price: '12.00',
      short_description: '<p>Franela tipo polo de algodón.</p>',
      categories: ropa,
      attributes: [
        { id: 1, name: 'Talla', variation: true, options: ['S', 'M', 'L'] },
        { id: 2, name: 'Color', variation: true, options: ['Blanco', 'Negro'] },
      ],
      variations: [7001, 7002, 7003],
    }),
  ],
  variations: {
    '7000': [
      variation({
        id: 7001,
        sku: 'POLO-S-BLA',
        price: '12.00',
        stock_quantity: 5,
        attributes: [
          { id: 1, name: 'Talla', option: 'S' },
          { id: 2, name: 'Color', option: 'Blanco' },
        ],
      }),
      variation({
        id: 7002,
        sku: 'POLO-M-NEG',
        price: '12.00',
        stock_quantity: 3,
        attributes: [
          { id: 1, name: 'Talla', option: 'M' },
          { id: 2, name: 'Color', option: 'Negro' },
        ],
      }),
      variation({
        id: 7003,
        sku: 'POLO-L-NEG',
        price: '13.00',
        stock_quantity: 0,
        stock_status: 'outofstock',
        attributes: [
          { id: 1, name: 'Talla', option: 'L' },
          { id: 2, name: 'Color', option: 'Negro' },
        ],
      }),
    ],
  },
};
