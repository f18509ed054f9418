import type { ConversationTurn } from '../../src/assistant/answerer';
import { countMessageTokens, mapHistory, trimToBudget } from '../../src/assistant/conversation-context';
import type { ChatCompletionMessageParam } from 'openai/resources/chat/completions';

const turn = (
  role: ConversationTurn['role'],
  text: string,
  attachments: ConversationTurn['attachments'] = [],
): ConversationTurn => ({
  role,
  text,
  attachments,
  messageId: String(Math.random()),
  createdAt: '2025-05-02 14:05:40',
});

describe('assistant context', () => {
  it('maps customer → user, bot → assistant, staff → a system note that is not the customer, and drops empty rows', () => {
    const messages = mapHistory(
      [
        turn('customer', 'hola'),
        turn('bot', '¡Hola! ¿Qué buscas?'),
        turn('staff', 'Te la aparto hasta mañana'),
        turn('customer', '  '),
      ],
      true,
    );
    expect(messages.map((m) => m.role)).toEqual(['user', 'assistant', 'system']);
    expect(messages[2].content).toContain('staff');
    expect(messages[2].content).toContain('Te la aparto hasta mañana');
    expect(messages.some((m) => m.role === 'user' && JSON.stringify(m.content).includes('aparto'))).toBe(
      false,
    );
  });

  it('describes attachments and sends images as image_url parts only when vision is on', () => {
    const photo = { name: '3318_foto.jpg', url: 'https://sb.example.com/uploads/05-25/3318_foto.jpg' };
    const pdf = { name: 'factura.pdf', url: 'https://sb.example.com/uploads/factura.pdf' };
    const [withVision] = mapHistory([turn('customer', '¿tienen esta?', [photo, pdf])], true);
    expect(withVision.content).toEqual([
      { type: 'text', text: expect.stringContaining('factura.pdf') as string },
      { type: 'image_url', image_url: { url: photo.url, detail: 'low' } },
    ]);
    const [without] = mapHistory([turn('customer', '', [photo])], false);
    expect(typeof without.content).toBe('string');
    expect(without.content).toContain(photo.url);
  });

  it('trims oldest first by tokens, keeps the newest message, and never splits a tool call from its result', () => {
    const long = 'palabra '.repeat(200);
    const messages: ChatCompletionMessageParam[] = [
      { role: 'user', content: long },
      {
        role: 'assistant',
        content: null,
        tool_calls: [
          { id: 'call_1', type: 'function', function: { name: 'search_local_products', arguments: '{}' } },
        ],
      },
      { role: 'tool', tool_call_id: 'call_1', content: long },
      { role: 'assistant', content: 'Aquí tienes' },
      { role: 'user', content: '¿y en rojo?' },
    ];
    const lastTwo = countMessageTokens(messages[3]) + countMessageTokens(messages[4]);
    expect(trimToBudget(messages, lastTwo + 10).map((m) => m.role)).toEqual(['assistant', 'user']);
    const withPair = trimToBudget(
      messages,
      lastTwo + countMessageTokens(messages[1]) + countMessageTokens(messages[2]) + 5,
    );
    expect(withPair.map((m) => m.role)).toEqual(['assistant', 'tool', 'assistant', 'user']);
    // A budget that admits the tool result alone but not its call drops both.
    const noPair = trimToBudget(messages, lastTwo + countMessageTokens(messages[2]) + 5);
    expect(noPair.some((m) => m.role === 'tool')).toBe(false);
    expect(trimToBudget([{ role: 'user', content: long }], 5)).toHaveLength(1);
  });
});
