import { OrdersModule } from '../../src/orders/orders.module';
import { MAX_FAILED_LOOKUPS, OrderStatusService } from '../../src/orders/order-status.service';
import { demoCatalog } from '../../src/catalog/demo/load-demo-catalog';
import { FakeWooCommerce } from '../fakes/fake-woocommerce';
import { createTestContext, type TestContext } from '../support/test-app';

/** The order-status rules on a real database against the fake store's orders. */
describe('OrderStatusService', () => {
  let woo: FakeWooCommerce;
  let ctx: TestContext;
  let service: OrderStatusService;
  let n = 0;
  const conversation = (): string => `conv-${++n}`;

  beforeAll(async () => {
    woo = await new FakeWooCommerce(demoCatalog()).start();
    ctx = await createTestContext({
      imports: [OrdersModule],
      env: { ...woo.env, WHATSAPP_DEFAULT_COUNTRY_CODE: '58' },
    });
    service = ctx.get(OrderStatusService);
  });
  afterAll(async () => {
    await ctx?.close();
    await woo?.stop();
  });

  it("finds a WhatsApp customer's orders by their number, however the buyer typed it at checkout", async () => {
    // Carla typed "0412-555-0123"; WhatsApp says 584125550123, which WooCommerce's search alone would not find.
    const r = await service.lookup({ conversationId: conversation(), customerPhone: '584125550123' });
    expect(r.kind).toBe('found');
    if (r.kind !== 'found') return;
    expect(r.orders.map((o) => o.number)).toEqual(['5821', '5790']);
    const [latest] = r.orders;
    expect(latest).toMatchObject({
      status: 'processing',
      statusLabel: { es: 'en proceso', en: 'processing' },
      date: '2026-11-20',
      items: [{ name: 'Licuadora Oster 600W', quantity: 1 }],
      total: '52.00',
      currency: 'USD',
      shippingMethod: 'Envío nacional',
      tracking: [{ provider: 'mrw', number: '123456789', link: null }],
    });
    // Only the note the customer may see, as text; never the staff's private notes.
    expect(latest.notes).toEqual([{ date: '2026-11-21', text: 'Tu pedido salió por MRW, guía 123456789.' }]);
    expect(JSON.stringify(r)).not.toMatch(/difícil|Pending payment|carla@example.com|Principal/);

    const ana = await service.lookup({ conversationId: conversation(), customerPhone: '584241112233' });
    expect(ana.kind === 'found' && ana.orders.map((o) => [o.number, o.statusLabel.es])).toEqual([
      ['5862', 'en espera de confirmación del pago'],
      ['5830', 'enviado'],
      ['5850', 'cancelado'],
    ]);
  });

  it('finds an order by its number together with the e-mail on it (Instagram: no phone)', async () => {
    const r = await service.lookup({
      conversationId: conversation(),
      customerPhone: null,
      orderNumber: '#5822',
      email: ' Luis@Example.com ',
    });
    expect(r.kind === 'found' && r.orders.map((o) => [o.number, o.statusLabel.es])).toEqual([
      ['5822', 'completado'],
    ]);
  });

  it('a number with the phone on the order also works', async () => {
    const r = await service.lookup({
      conversationId: conversation(),
      customerPhone: null,
      orderNumber: '5840',
      phone: '0414 765 4321',
    });
    expect(r.kind === 'found' && r.orders[0].statusLabel.en).toBe('refunded');
  });

  it("reveals nothing for a number with someone else's e-mail, exactly as for a number that does not exist", async () => {
    const wrong = await service.lookup({
      conversationId: conversation(),
      customerPhone: '584169998877',
      orderNumber: '5822',
      email: 'carla@example.com',
    });
    const missing = await service.lookup({
      conversationId: conversation(),
      customerPhone: '584169998877',
      orderNumber: '99999',
      email: 'carla@example.com',
    });
    expect(wrong).toEqual({ kind: 'not_found' });
    expect(missing).toEqual(wrong);
  });

  it('a customer without orders is told nothing was found', async () => {
    expect(await service.lookup({ conversationId: conversation(), customerPhone: '584169998877' })).toEqual({
      kind: 'not_found',
    });
  });

  it('asks Instagram and Facebook customers for their order number and e-mail', async () => {
    expect(await service.lookup({ conversationId: conversation(), customerPhone: null })).toEqual({
      kind: 'need_details',
      missing: ['order_number', 'email'],
    });
    expect(
      await service.lookup({ conversationId: conversation(), customerPhone: null, orderNumber: '5821' }),
    ).toEqual({ kind: 'need_details', missing: ['email'] });
  });

  it(`hands the conversation to a person after ${MAX_FAILED_LOOKUPS} failed look-ups, even with the right details`, async () => {
    const id = conversation();
    for (let i = 0; i < MAX_FAILED_LOOKUPS; i++) {
      const r = await service.lookup({
        conversationId: id,
        customerPhone: null,
        orderNumber: `${5821 + i}`,
        email: 'x@y.z',
      });
      expect(r.kind).toBe('not_found');
    }
    expect(
      await service.lookup({
        conversationId: id,
        customerPhone: null,
        orderNumber: '5822',
        email: 'luis@example.com',
      }),
    ).toEqual({ kind: 'too_many_attempts' });
  });

  it('says it cannot check when WooCommerce is down or the key may not read orders', async () => {
    woo.failNext(503, 10, { pathIncludes: '/orders' });
    expect(await service.lookup({ conversationId: conversation(), customerPhone: '584125550123' })).toEqual({
      kind: 'unavailable',
    });
    woo.clearFaults();
    woo.orders.noOrderAccess = true;
    try {
      expect(await service.lookup({ conversationId: conversation(), customerPhone: '584125550123' })).toEqual(
        {
          kind: 'unavailable',
        },
      );
    } finally {
      woo.orders.noOrderAccess = false;
    }
  });
});
