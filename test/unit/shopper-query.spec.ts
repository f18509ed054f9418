import { mergeConstraints, parseShopperQuery } from '../../src/catalog/shopper-query';

const read = (q: string) => {
  const r = parseShopperQuery(q);
  return { text: r.productText, min: r.minPrice, max: r.maxPrice, sort: r.sort, cheap: r.preferLowPrice };
};

/** What a shopper's words mean for price and order, and what is left to search for. */
describe('shopper query: price bounds in Spanish', () => {
  it.each([
    ['nevera de menos de 500 dólares', 'nevera', null, 500],
    ['nevera que no pase de 500', 'nevera', null, 500],
    ['laptop hasta 600', 'laptop', null, 600],
    ['audífonos máximo 300', 'audifonos', null, 300],
    ['televisor entre 150 y 400', 'televisor', 150, 400],
    ['licuadora de 50 a 100', 'licuadora', 50, 100],
    ['celular de más de 900', 'celular', 900, null],
    ['nevera desde 200', 'nevera', 200, null],
    ['aire acondicionado por debajo de $1.500', 'aire acondicionado', null, 1500],
    ['una lavadora de 300 verdes', 'una lavadora de', null, 300],
    ['cocina 400 o menos', 'cocina', null, 400],
    ['microondas de 100 dolares para arriba', 'microondas de', 100, null],
    ['tele de 2 mil dólares', 'tele de', null, 2000],
    ['¿tienen cornetas por menos de 99,90?', 'tienen cornetas', null, 99.9],
  ])('"%s"', (q, text, min, max) => {
    expect(read(q)).toMatchObject({ text, min, max, sort: 'relevance' });
  });
});

describe('shopper query: price bounds in English', () => {
  it.each([
    ['tv under 300', 'tv', null, 300],
    ['phone between 300 and 1300', 'phone', 300, 1300],
    ['laptop over 900', 'laptop', 900, null],
    ['headphones less than $50', 'headphones', null, 50],
    ['fridge up to 700 USD', 'fridge', null, 700],
    ['blender $40-$80', 'blender', 40, 80],
    ['speaker for 100 bucks or less', 'speaker for', null, 100],
    ['a camera at least 250 dollars', 'a camera', 250, null],
  ])('"%s"', (q, text, min, max) => {
    expect(read(q)).toMatchObject({ text, min, max });
  });
});

describe('shopper query: numbers that are products, not prices', () => {
  it.each([
    ['samsung a54', 'samsung a54'],
    ['televisor de 55 pulgadas', 'televisor de 55 pulgadas'],
    ['aire de 12000 BTU', 'aire de 12000 btu'],
    ['lavadora de 17 kg', 'lavadora de 17 kg'],
    ['nevera de 11 pies', 'nevera de 11 pies'],
    ['tv de 40 a 50 pulgadas', 'tv de 40 a 50 pulgadas'],
    ['iphone 15 128 gb', 'iphone 15 128 gb'],
    ['secadora hasta 20 kg', 'secadora hasta 20 kg'],
    ['cafetera de 12 tazas', 'cafetera de 12 tazas'],
    ['tv 55" samsung', 'tv 55" samsung'],
  ])('"%s" keeps its numbers', (q, text) => {
    expect(read(q)).toEqual({ text, min: null, max: null, sort: 'relevance', cheap: false });
  });
});

describe('shopper query: ordering', () => {
  it.each([
    ['el televisor más barato', 'el televisor', 'price_asc'],
    ['la tele mas barata', 'la tele', 'price_asc'],
    ['cuál es la nevera más económica', 'cual es la nevera', 'price_asc'],
    ['el celular más caro', 'el celular', 'price_desc'],
    ['cheapest laptop', 'laptop', 'price_asc'],
    ['the most expensive tv', 'tv', 'price_desc'],
    ['lavadora de menor precio', 'lavadora', 'price_asc'],
    ['la licuadora mas varata', 'la licuadora', 'price_asc'],
    ['chepest phone', 'phone', 'price_asc'],
  ])('"%s"', (q, text, sort) => {
    expect(read(q)).toMatchObject({ text, sort, min: null, max: null });
  });

  it('reads "barato" alone as a preference, not a filter or an order', () => {
    expect(read('nevera barata')).toEqual({
      text: 'nevera',
      min: null,
      max: null,
      sort: 'relevance',
      cheap: true,
    });
    expect(read('cheap headphones')).toMatchObject({ text: 'headphones', cheap: true, sort: 'relevance' });
    expect(read('audifonos economicos')).toMatchObject({ text: 'audifonos', cheap: true });
  });

  it('combines an order with a bound and leaves nothing when only constraints were said', () => {
    expect(read('el televisor más barato de menos de 500')).toMatchObject({
      text: 'el televisor',
      sort: 'price_asc',
      max: 500,
    });
    expect(read('lo más barato que tengan')).toMatchObject({ text: 'que', sort: 'price_asc' });
    expect(read('productos de menos de 30 dólares')).toMatchObject({ text: '', max: 30 });
  });

  it('leaves colours and other words alone', () => {
    expect(read('fundas verdes para a54').text).toBe('fundas verdes para a54');
    expect(read('barra de sonido').text).toBe('barra de sonido');
    expect(read('carro usado')).toMatchObject({ text: 'carro usado', sort: 'relevance' });
  });
});

describe('explicit constraints', () => {
  it('win over the words and put a backwards range in order', () => {
    const parsed = parseShopperQuery('tv de menos de 500');
    expect(mergeConstraints(parsed, { maxPrice: 300, sort: 'price_desc' })).toEqual({
      minPrice: null,
      maxPrice: 300,
      sort: 'price_desc',
      preferLowPrice: false,
    });
    expect(mergeConstraints(parseShopperQuery('tv'), { minPrice: 900, maxPrice: 300 })).toMatchObject({
      minPrice: 300,
      maxPrice: 900,
    });
    expect(mergeConstraints(parsed, {})).toMatchObject({ maxPrice: 500, sort: 'relevance' });
  });
});
