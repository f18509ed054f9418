import { splitForChannel } from '../../src/conversation/text-split';
import { buildHistory } from '../../src/conversation/reply-job.service';

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

describe('buildHistory', () => {
  const msg = (id: string, userId: string, text: string, payload: Record<string, unknown> = {}) => ({
    id,
    userId,
    text,
    attachments: [],
    payload,
    creationTime: '2025-05-02 14:05:40',
    userType: null,
  });

  it('keeps roles by sender and drops events, empty system rows and duplicate deliveries', () => {
    const history = buildHistory(
      {
        id: '1',
        userId: '3318',
        source: 'wa',
        extra: null,
        statusCode: '2',
        messages: [
          msg('10', '3318', 'hola', { waid: 'wamid.A' }),
          msg('11', '3318', 'hola', { waid: 'wamid.A' }),
          msg('12', '2', '¡Hola! ¿En qué te ayudo?'),
          msg('13', '1', '', { event: 'conversation-department-update-2' }),
          msg('14', '2', '', { 'human-takeover': true }),
          msg('15', '5', 'Soy Ana, del equipo'),
          msg('16', '3318', '¿precio?', { waid: 'wamid.B' }),
        ],
      },
      '2',
      new Set(),
    );
    expect(history.map((t) => [t.messageId, t.role])).toEqual([
      ['10', 'customer'],
      ['12', 'bot'],
      ['15', 'staff'],
      ['16', 'customer'],
    ]);
  });
});
