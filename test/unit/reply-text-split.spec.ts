import { splitForChannel } from '../../src/conversation/text-split';

describe('splitForChannel', () => {
  it('keeps a short answer whole', () => {
    expect(splitForChannel('  Hola, sí tenemos.  ', 1000)).toEqual(['Hola, sí tenemos.']);
  });

  it('cuts long answers at sentence boundaries, each piece within the limit, losing no words', () => {
    const sentence = 'La licuadora Oster de 600W cuesta $45.00 y está disponible. ';
    const text = sentence.repeat(40);
    const parts = splitForChannel(text, 1000);
    expect(parts.length).toBeGreaterThan(1);
    for (const p of parts) {
      expect(p.length).toBeLessThanOrEqual(1000);
      expect(p.endsWith('disponible.')).toBe(true);
    }
    expect(parts.join(' ').replace(/\s+/g, ' ')).toBe(text.trim().replace(/\s+/g, ' '));
  });

  it('prefers line breaks (product lists) and never exceeds 4096', () => {
    const lines = Array.from({ length: 300 }, (_, i) => `🔹 *Producto ${i}* - Precio: $${i}.00`);
    const parts = splitForChannel(lines.join('\n'), 4096);
    expect(parts.length).toBeGreaterThan(1);
    for (const p of parts) {
      expect(p.length).toBeLessThanOrEqual(4096);
      expect(p.split('\n').every((l) => /^🔹 \*Producto \d+\* - Precio: \$\d+\.00$/.test(l))).toBe(true);
    }
  });

  it('hard-cuts a single word longer than the limit', () => {
    const parts = splitForChannel('x'.repeat(2500), 1000);
    expect(parts.map((p) => p.length)).toEqual([1000, 1000, 500]);
  });
});
