import {
  classifyOfflineIntent,
  matchFaq,
  parseListedItems,
  toSearchQuery,
} from '../../src/assistant/offline-intents';
import { guessLanguage as detectLanguage } from '../../src/common/text/language';

const ourList = [
  'Encontré estas opciones:',
  '1. *Licuadora Oster 600W* — $45.00 (7 disponibles) · ref. OST-600',
  '2. *Nevera Mabe 14 pies* — $689.00 (disponible) · ref. #3001',
  '3. *Licuadora Black+Decker 350W* — $29.90 (disponible) · ref. BD-350',
  '¿Quieres más detalles de alguna? Respóndeme con el número.',
].join('\n');

describe('offline assistant intents', () => {
  it('reads back the numbered list it sent, with refs, and a list the model wrote, by name', () => {
    expect(parseListedItems(ourList).map((i) => [i.position, i.name, i.ref])).toEqual([
      [1, 'Licuadora Oster 600W', 'OST-600'],
      [2, 'Nevera Mabe 14 pies', '#3001'],
      [3, 'Licuadora Black+Decker 350W', 'BD-350'],
    ]);
    expect(
      parseListedItems('Tenemos:\n1. **Nevera Mabe** - $689\n2) Licuadora Oster').map((i) => i.name),
    ).toEqual(['Nevera Mabe', 'Licuadora Oster']);
  });

  it('counts a bulleted list the model wrote', () => {
    const items = parseListedItems(
      'Tenemos:\n- *Nevera Mabe 14 pies*: $689.00\n- *Licuadora Oster 600W* — $45.00\n¿Cuál te gusta?',
    );
    expect(items).toEqual([
      { position: 1, name: 'Nevera Mabe 14 pies', ref: null },
      { position: 2, name: 'Licuadora Oster 600W', ref: null },
    ]);
  });

  it.each([
    ['el segundo', 2],
    ['la 2', 2],
    ['2', 2],
    ['me interesa la tercera', 3],
    ['the first one', 1],
    ['option 3 please', 3],
    ['el último', 3],
    ['número 1', 1],
  ])('resolves "%s" to item %i of the last list', (text, position) => {
    const intent = classifyOfflineIntent(text, ourList);
    expect(intent).toMatchObject({ kind: 'pick', item: { position } });
  });

  it('says when the picked number is not on the list', () => {
    expect(classifyOfflineIntent('el quinto', ourList)).toEqual({ kind: 'pick_unknown', position: 5 });
  });

  it.each([
    ['hola', { kind: 'greeting' }],
    ['Buenas tardes!', { kind: 'greeting' }],
    ['hello there', { kind: 'greeting' }],
    ['muchas gracias', { kind: 'thanks' }],
    ['thanks!', { kind: 'thanks' }],
    ['¿tienen el OST-600?', { kind: 'lookup', identifier: 'OST-600', identifierType: 'sku' }],
    ['precio del #3001', { kind: 'lookup', identifier: '3001', identifierType: 'wc_product_id' }],
    ['sku: abc123', { kind: 'lookup', identifier: 'abc123', identifierType: 'sku' }],
    ['¿hacen delivery a Petare?', { kind: 'info', topics: ['delivery'] }],
    ['¿dónde están ubicados y cuál es el horario?', { kind: 'info', topics: ['hours', 'address'] }],
    ['do you accept zelle payment?', { kind: 'info', topics: ['payment'] }],
    ['Hola, ¿tienen licuadoras de 600W?', { kind: 'search', query: 'licuadoras 600w', greeted: true }],
    ['do you have a samsung phone?', { kind: 'search', query: 'samsung phone', greeted: false }],
    ['quiero', { kind: 'vague', greeted: false }],
    ['el segundo', { kind: 'vague', greeted: false }],
  ])('classifies "%s"', (text, intent) => {
    expect(classifyOfflineIntent(text, null)).toEqual(intent);
  });

  it('keeps product words in the query and detects the language', () => {
    expect(toSearchQuery('¿Cuánto cuesta la nevera Mabe de 14 pies?')).toBe('nevera mabe 14 pies');
    expect(detectLanguage('Hi, do you have blenders?')).toBe('en');
    expect(detectLanguage('¿tienen licuadoras?')).toBe('es');
    expect(detectLanguage('licuadora oster')).toBe('es');
  });

  it('finds the FAQ entry a question is about, and not for product questions', () => {
    const faq = [
      { question: '¿Hacen apartados?', answer: 'Sí, por 24 horas.' },
      { question: '¿Los precios incluyen IVA?', answer: 'Sí.' },
    ];
    expect(matchFaq('hola, ¿ustedes hacen apartados?', faq)?.answer).toBe('Sí, por 24 horas.');
    expect(matchFaq('los precios ya incluyen el iva?', faq)?.answer).toBe('Sí.');
    expect(matchFaq('precio de la nevera', faq)).toBeNull();
    expect(matchFaq('¿tienen licuadoras?', faq)).toBeNull();
  });
});
