import { isPhotoRequest, photoQuery } from '../../src/assistant/dialogue/photo-request';

describe('photo requests (offline assistant)', () => {
  it.each([
    '¿tienes fotos?',
    '¿Cómo se ve?',
    '¿tienes fotos de la nevera LG?',
    'mándame una foto de la licuadora',
    'quiero verla',
    'send me a picture',
    'what does it look like?',
    'do you have photos of the blender?',
  ])('recognises "%s"', (text) => {
    expect(isPhotoRequest(text)).toBe(true);
  });

  it.each(['¿tienen neveras LG?', 'show me fridges', 'precio de la licuadora', 'el 2', '¿cómo es el envío?'])(
    'leaves "%s" to the other intents',
    (text) => {
      expect(isPhotoRequest(text)).toBe(false);
    },
  );

  it('keeps only the product words to search for', () => {
    expect(photoQuery('¿tienes fotos de la nevera LG?')).toBe('nevera lg');
    expect(photoQuery('send me a picture of the Oster blender')).toBe('oster blender');
    expect(photoQuery('¿tienes fotos?')).toBe('');
    expect(photoQuery('¿cómo se ve?')).toBe('');
  });
});
