import { detectHandoffRequest } from '../../src/assistant/handoff-intent';
import { guessLanguage } from '../../src/common/text/language';

describe('detectHandoffRequest', () => {
  it.each([
    'quiero hablar con un asesor',
    'Quiero hablar con una persona por favor',
    'me pasas con un agente?',
    'HUMANO',
    'necesito un operador',
    'talk to a human',
    'can I speak to someone from the store?',
    'quiero una persona real, no un bot',
    'me comunicas con alguien de ventas',
    'Asesora por favor',
  ])('recognises %p', (text) => {
    expect(detectHandoffRequest(text)).toBe(true);
  });

  it.each([
    'hola, ¿tienen licuadoras de 600W?',
    'busco una freidora para una persona',
    '¿el agente de limpieza es tóxico?',
    'precio del Samsung A54',
    '',
    'gracias!',
  ])('does not fire on %p', (text) => {
    expect(detectHandoffRequest(text)).toBe(false);
  });
});

describe('guessLanguage', () => {
  it('tells English from Spanish', () => {
    expect(guessLanguage('I want to talk to a human please')).toBe('en');
    expect(guessLanguage('quiero hablar con un asesor')).toBe('es');
    expect(guessLanguage('humano')).toBe('es');
  });
});
