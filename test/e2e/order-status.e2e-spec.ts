import { FakeSupportBoard, SB_BOT_ID } from '../fakes/fake-support-board';
import { FakeWhatsApp } from '../fakes/fake-whatsapp';
import { fakeChannelsEnv, until } from '../support/e2e';
import { FakeWooCommerce } from '../fakes/fake-woocommerce';
import { demoCatalog } from '../../src/catalog/demo/load-demo-catalog';
import { MAX_FAILED_LOOKUPS } from '../../src/orders/order-status.service';
import { startTestApp, type TestApp } from '../support/test-app';

const SECRET = 'whk-test-secret';

/**
 * "¿Dónde está mi pedido?" through the whole pipeline: Support Board webhook, reply job, the offline assistant's
 * order intent, the fake store's orders, delivery. The customer's WhatsApp number comes from their Support Board user.
 */
describe('order status in a conversation (end to end, offline assistant)', () => {
  let sb: FakeSupportBoard;
  let wa: FakeWhatsApp;
  let woo: FakeWooCommerce;
  let t: TestApp;

  /** The customer writes; resolves with the bot's next message in that conversation. */
  const ask = async (conversationId: string, text: string): Promise<string> => {
    const before = sb.messagesFrom(conversationId, SB_BOT_ID).length;
    await sb.customerSays(conversationId, text);
    await until('the bot to answer', () => sb.messagesFrom(conversationId, SB_BOT_ID).length > before);
    return sb
      .messagesFrom(conversationId, SB_BOT_ID)
      .slice(before)
      .map((m) => m.message)
      .join('\n');
  };

  beforeAll(async () => {
    sb = await new FakeSupportBoard(SECRET).start();
    wa = await new FakeWhatsApp().start();
    woo = await new FakeWooCommerce(demoCatalog()).start();
    t = await startTestApp({
      ...woo.env,
      SYNC_INTERVAL_MINUTES: '0',
      ...fakeChannelsEnv(sb, wa, SECRET),
      WHATSAPP_PHONE_NUMBER_ID: '999000',
      WHATSAPP_DEFAULT_COUNTRY_CODE: '58',
      REPLY_QUIET_WINDOW_MS: '200',
    });
    sb.webhookUrl = `${t.url}/api/sb-webhook`;
  });
  afterAll(async () => {
    await t?.close();
    await sb?.stop();
    await wa?.stop();
    await woo?.stop();
  });

  it('a WhatsApp customer gets their order by their number alone', async () => {
    // Carla typed 0412-555-0123 at checkout; WhatsApp knows her as +58 412 5550123.
    const { conversationId } = sb.addCustomer({ channel: 'wa', phone: '+584125550123', extra: '999000' });
    const reply = await ask(conversationId, 'Hola, ¿dónde está mi pedido?');
    expect(reply).toContain('#5821');
    expect(reply).toContain('en proceso');
    expect(reply).toContain('123456789');
    expect(reply).toContain('Licuadora Oster 600W');
    expect(reply).toContain('$52.00');
    expect(reply).not.toMatch(/difícil|Principal|carla@example\.com/);
    expect(wa.sends.some((s) => s.to === '584125550123' && s.body === reply)).toBe(true);
  });

  it('an Instagram customer is asked for number and e-mail, then gets the order (in English)', async () => {
    const { conversationId } = sb.addCustomer({ channel: 'ig', psid: '605100000077', extra: 'PAGE-IG' });
    const first = await ask(conversationId, 'Hi, where is my order?');
    expect(first).toMatch(/order number/i);
    expect(first).toMatch(/e-mail/i);
    const second = await ask(conversationId, 'It is 5822, luis@example.com');
    expect(second).toContain('#5822');
    expect(second).toContain('completed');
  });

  it("says nothing about an order asked for with someone else's e-mail", async () => {
    const { conversationId } = sb.addCustomer({ channel: 'wa', phone: '+584169998877', extra: '999000' });
    const reply = await ask(conversationId, 'mi pedido 5822, mi correo es carla@example.com');
    expect(reply).toContain('No encontré un pedido con esos datos');
    expect(reply).not.toMatch(/5822|completado|Smart TV|Licuadora|\$/);
  });

  it(`hands the conversation to a person after ${MAX_FAILED_LOOKUPS} failed look-ups`, async () => {
    const { conversationId } = sb.addCustomer({ channel: 'fb', psid: '700000000077', extra: 'PAGE-FB' });
    for (let i = 0; i < MAX_FAILED_LOOKUPS; i++) {
      const miss = await ask(conversationId, `mi pedido ${7000 + i}, correo alguien@example.com`);
      expect(miss).toContain('No encontré un pedido con esos datos');
    }
    const last = await ask(conversationId, 'mi pedido 5822, correo luis@example.com');
    expect(last).toContain('una persona de nuestro equipo');
    expect(last).not.toContain('5822');
    await until('the bot to pause itself', async () => {
      const rows = await t.dataSource.query<unknown[]>(
        `SELECT 1 FROM conversation_pauses WHERE conversation_id = $1`,
        [conversationId],
      );
      return rows.length > 0;
    });
  });
});
