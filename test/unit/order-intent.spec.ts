import { isOrderRequest, orderDetailsFrom } from '../../src/assistant/order-intent';
import type { ConversationTurn } from '../../src/assistant/answerer';
import { internationalDigits, phoneSearchTerms } from '../../src/orders/order-identity';

const customer = (text: string): ConversationTurn => ({
  role: 'customer',
  text,
  attachments: [],
  messageId: '1',
  createdAt: '2026-11-25 10:00:00',
});

describe('order questions (offline assistant)', () => {
  it.each([
    '¿Dónde está mi pedido?',
    'quiero saber el estado de mi orden',
    'Mi compra no ha llegado',
    'where is my order?',
    "what's my order status",
    'pedido #5821',
    'Order 5822 please',
  ])('recognises %p', (text) => expect(isOrderRequest(text, null)).toBe(true));

  it.each(['¿tienen licuadoras de 600W?', 'precio del A54', 'nevera samsung 14 pies', 'hola'])(
    'leaves product talk alone: %p',
    (text) => expect(isOrderRequest(text, null)).toBe(false),
  );

  it('reads a bare e-mail or number as the answer to our own request for details', () => {
    const prompt = 'Envíame el *número de pedido* y el *correo electrónico* con el que hiciste la compra.';
    expect(isOrderRequest('carla@example.com', prompt)).toBe(true);
    expect(isOrderRequest('5821', prompt)).toBe(true);
    expect(isOrderRequest('5821', 'Te muestro opciones de neveras')).toBe(false);
  });

  it('picks the number, e-mail and phone from the recent messages, the latest winning', () => {
    expect(
      orderDetailsFrom([
        customer('mi pedido es el #5821'),
        customer('mi correo: Carla@Example.com y mi teléfono 0412-555-0123'),
      ]),
    ).toEqual({ orderNumber: '5821', email: 'Carla@Example.com', phone: '0412-555-0123' });
    expect(orderDetailsFrom([customer('order 5822, luis@example.com')])).toEqual({
      orderNumber: '5822',
      email: 'luis@example.com',
      phone: null,
    });
  });
});

describe('phone identity for orders', () => {
  it('reduces numbers as buyers type them to the same international digits', () => {
    for (const typed of ['0412-555-0123', '+58 412 555 0123', '(0412) 555.01.23', '584125550123']) {
      expect(internationalDigits(typed, 'VE', '58')).toBe('584125550123');
    }
    expect(internationalDigits('0412-555-0123', '', '58')).toBe('584125550123');
    expect(internationalDigits('12', 'VE', '58')).toBeNull();
  });

  it('searches by the national number, then by the last four digits', () => {
    expect(phoneSearchTerms('584125550123')).toEqual(['4125550123', '0123']);
  });
});
