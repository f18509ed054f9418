import { readConstraints } from '../../src/assistant/dialogue/constraints';
import { classifyFollowUp } from '../../src/assistant/dialogue/follow-up';

describe('follow-ups about the product or list on the table', () => {
  it.each([
    ['¿cuánto cuesta?', { kind: 'about', ask: 'price' }],
    ['how much is it?', { kind: 'about', ask: 'price' }],
    ['¿hay disponible?', { kind: 'about', ask: 'stock' }],
    ['is it still available?', { kind: 'about', ask: 'stock' }],
    ['that one', { kind: 'about', ask: 'details' }],
    ['¿en qué colores?', { kind: 'variation', value: null }],
    ['which sizes?', { kind: 'variation', value: null }],
    ['¿la tienen en talla L?', { kind: 'variation', value: 'l' }],
    ['do you have it in size M?', { kind: 'variation', value: 'm' }],
    ['¿tienen otra más barata?', { kind: 'alternative', want: 'cheaper' }],
    ['something cheaper?', { kind: 'alternative', want: 'cheaper' }],
    ['¿una más grande?', { kind: 'alternative', want: 'bigger' }],
    ['¿de otra marca?', { kind: 'alternative', want: 'other_brand' }],
    ['another brand please', { kind: 'alternative', want: 'other_brand' }],
    ['la quiero', { kind: 'buy' }],
    ['me la llevo', { kind: 'buy' }],
    ["I'll take it", { kind: 'buy' }],
    ['¿me la pueden llevar a Maracaibo?', { kind: 'delivery', city: 'maracaibo' }],
    ['do you ship to Miami?', { kind: 'delivery', city: 'miami' }],
  ])('"%s" is a follow-up', (text, expected) => {
    expect(classifyFollowUp(text, true)).toEqual(expected);
  });

  it.each(['¿tienen neveras samsung?', 'busco una licuadora', 'la más barata', 'hola'])(
    '"%s" is not (it names a product, or asks for a search order)',
    (text) => {
      expect(classifyFollowUp(text, true)).toBeNull();
    },
  );

  it('needs something to refer to, except for delivery', () => {
    expect(classifyFollowUp('¿cuánto cuesta?', false)).toBeNull();
    expect(classifyFollowUp('¿hacen envíos a Valencia?', false)).toEqual({
      kind: 'delivery',
      city: 'valencia',
    });
  });
});

describe('constraints in the customer words', () => {
  it.each([
    ['neveras de menos de 500', { minPrice: null, maxPrice: 500, sort: 'relevance' }, 'neveras'],
    ['fridges under $1,200', { minPrice: null, maxPrice: 1200, sort: 'relevance' }, 'fridges'],
    ['tv entre 200 y 400 dólares', { minPrice: 200, maxPrice: 400, sort: 'relevance' }, 'tv'],
    ['la licuadora más barata', { minPrice: null, maxPrice: null, sort: 'price_asc' }, 'licuadora'],
    ['the most expensive phone', { minPrice: null, maxPrice: null, sort: 'price_desc' }, 'phone'],
    ['nevera de 14 pies', { minPrice: null, maxPrice: null, sort: 'relevance' }, 'nevera de 14 pies'],
  ])('"%s"', (text, constraints, rest) => {
    const read = readConstraints(text);
    expect(read.constraints).toEqual(constraints);
    expect(read.rest.replace(/^(la|the) /, '')).toBe(rest);
  });
});
