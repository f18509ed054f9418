import type { WcCatalog, WcProduct, WcVariation } from '../../src/woocommerce/woocommerce.types';

const MODIFIED = '2026-11-20T10:00:00';

export function product(p: Partial<WcProduct> & Pick<WcProduct, 'id' | 'name' | 'sku' | 'price'>): WcProduct {
  const slug = p.name.toLowerCase().replace(/[^a-z0-9]+/g, '-');
  return {
    slug,
    permalink: `https://tienda.example.com/producto/${slug}`,
    type: 'simple',
    status: 'publish',
    description: '',
    short_description: '',
    regular_price: p.price,
    sale_price: '',
    on_sale: false,
    manage_stock: false,
    stock_quantity: null,
    stock_status: 'instock',
    categories: [],
    tags: [],
    images: [],
    attributes: [],
    variations: [],
    date_modified: MODIFIED,
    date_modified_gmt: MODIFIED,
    ...p,
  };
}

export function variation(
  v: Partial<WcVariation> & Pick<WcVariation, 'id' | 'sku' | 'price' | 'attributes'>,
): WcVariation {
  return {
    permalink: `https://tienda.example.com/producto/v-${v.id}`,
    status: 'publish',
    description: '',
    regular_price: v.price,
    sale_price: '',
    on_sale: false,
    manage_stock: true,
    stock_quantity: null,
    stock_status: 'instock',
    image: null,
    date_modified: MODIFIED,
    date_modified_gmt: MODIFIED,
    ...v,
  };
}

const licuadoras = [{ id: 10, name: 'Licuadoras', slug: 'licuadoras' }];

/**
 * A small store for the assistant's tests, loaded through the sync pipeline: a sale, a SKU-less product, an
 * out-of-stock one and a variable phone.
 */
export const ASSISTANT_CATALOG: WcCatalog = {
  products: [
    product({
      id: 1207,
      name: 'Licuadora Oster 600W',
      sku: 'OST-600',
      price: '45.00',
      regular_price: '50.00',
      sale_price: '45.00',
      on_sale: true,
      manage_stock: true,
      stock_quantity: 7,
      short_description: '<p>Licuadora de vaso de vidrio de 1.5 L, 600 W, 3 velocidades.</p>',
      categories: licuadoras,
    }),
    product({
      id: 1208,
      name: 'Licuadora Black+Decker 350W',
      sku: 'BD-350',
      price: '29.90',
      short_description: '<p>Licuadora compacta de 350 W con vaso plástico.</p>',
      categories: licuadoras,
    }),
    product({
      id: 3001,
      name: 'Nevera Mabe 14 pies',
      sku: '',
      price: '689.00',
      manage_stock: true,
      stock_quantity: 2,
      short_description: '<p>Refrigerador no frost de 14 pies cúbicos, color gris.</p>',
      categories: [{ id: 20, name: 'Neveras', slug: 'neveras' }],
    }),
    product({
      id: 4100,
      name: 'Ventilador de pie Taurus 16"',
      sku: 'TAU-16',
      price: '35.00',
      manage_stock: true,
      stock_quantity: 0,
      stock_status: 'outofstock',
      short_description: '<p>Ventilador de pie de 16 pulgadas, 3 velocidades.</p>',
      categories: [{ id: 30, name: 'Ventiladores', slug: 'ventiladores' }],
    }),
    product({
      id: 5200,
      name: 'Samsung Galaxy A15 128GB',
      type: 'variable',
      sku: 'SM-A155',
      price: '165.00',
      short_description: '<p>Teléfono Samsung de 6.5 pulgadas, 128 GB, 4 GB de RAM.</p>',
      categories: [{ id: 40, name: 'Celulares', slug: 'celulares' }],
      attributes: [{ id: 1, name: 'Color', variation: true, options: ['Negro', 'Azul'] }],
      variations: [5201, 5202],
    }),
  ],
  variations: {
    '5200': [
      variation({
        id: 5201,
        sku: 'SM-A155-NEG',
        price: '165.00',
        stock_quantity: 4,
        attributes: [{ id: 1, name: 'Color', option: 'Negro' }],
      }),
      variation({
        id: 5202,
        sku: 'SM-A155-AZU',
        price: '169.00',
        stock_quantity: 0,
        stock_status: 'outofstock',
        attributes: [{ id: 1, name: 'Color', option: 'Azul' }],
      }),
    ],
  },
};
