import { collectFacts, findGroundingViolations, parseAmount } from '../../src/assistant/grounding';
import { loadStoreProfile } from '../../src/assistant/store-profile';

const profile = loadStoreProfile(undefined);
const toolResult = {
  count: 2,
  products: [
    {
      wc_product_id: 1207,
      sku: 'OST-600',
      name: 'Licuadora Oster 600W',
      price: 45,
      regular_price: 50,
      sale_price: 45,
      stock_status: 'instock',
      stock_quantity: 7,
    },
    {
      wc_product_id: 88,
      sku: null,
      name: 'Nevera Mabe 1.234 L',
      price: 1234.5,
      regular_price: 1234.5,
      sale_price: null,
      stock_status: 'instock',
      stock_quantity: null,
    },
  ],
};
const facts = collectFacts([toolResult], profile);
const snippets = (text: string): string[] => findGroundingViolations(text, facts).map((v) => v.snippet);

describe('grounding guard', () => {
  it('reads amounts written the Venezuelan, US and ambiguous ways', () => {
    expect(parseAmount('1.234,50')).toEqual([1234.5]);
    expect(parseAmount('1,234.50')).toEqual([1234.5]);
    expect(parseAmount('45,00')).toEqual([45]);
    expect(parseAmount('1.234')).toEqual([1234, 1.234]);
  });

  it.each([
    'La *Licuadora Oster 600W* cuesta $45',
    'La licuadora cuesta $45.00',
    'Precio: 45,00 $',
    'Price: USD 45',
    'La nevera está en 1.234,50 $ y la licuadora en US$ 45',
    'Nevera: $1,234.50',
    'Antes $50.00, ahora $45.00 (10% de descuento)',
    'Oferta: ahorras $5.00 en la Oster',
    'Quedan 7 unidades',
    'La Oster cuesta 45 y la nevera vale 1.234,50',
    'La licuadora de 600W cuesta: $45',
    'El delivery en Chacao cuesta $5 y apartamos con el 30 % del precio',
  ])('accepts figures backed by the tools or the store profile: %s', (text) => {
    expect(snippets(text)).toEqual([]);
  });

  it.each([
    ['La licuadora cuesta $39.99', ['$39.99']],
    ['La licuadora cuesta 39,99 $', ['39,99 $']],
    ['Sale en Bs. 1.640,25 al cambio', ['Bs. 1.640,25']],
    ['Te la dejo en USD 40', ['USD 40']],
    ['¡Tiene 25% de descuento hoy!', ['25%']],
    ['Solo quedan 3 unidades', ['3 unidades']],
    ['La licuadora cuesta 39.99', ['cuesta 39.99']],
    ['The blender costs 40, a great deal', ['costs 40']],
    ['La nevera vale 599 y es no frost', ['vale 599']],
    ['Cuesta 45 dólares y hay 2x1 con 15 por ciento', ['15 por ciento']],
    // $8 and 30 % are in the store profile (delivery fee, deposit), but not as discounts.
    ['Hoy la licuadora tiene $8 de descuento', ['$8']],
    ['Promo: 30% off en licuadoras', ['30%']],
  ])('flags invented figures: %s', (text, expected) => {
    expect(snippets(text)).toEqual(expected);
  });

  it('ignores numbers that are not money, stock or percentages', () => {
    expect(snippets('La licuadora de 600W y 1.5 L, modelo 2024, está disponible')).toEqual([]);
    expect(snippets('Cuesta 12 pulgadas menos que la otra y vale 2 litros')).toEqual([]);
  });
});
