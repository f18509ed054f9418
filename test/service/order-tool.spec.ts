import { AssistantModule } from '../../src/assistant/assistant.module';
import { AssistantService } from '../../src/assistant/assistant.service';
import type { AnswerRequest } from '../../src/assistant/answerer';
import { demoCatalog } from '../../src/catalog/demo/load-demo-catalog';
import { FakeOpenAi, step } from '../fakes/fake-openai';
import { FakeWooCommerce } from '../fakes/fake-woocommerce';
import { createTestContext, type TestContext } from '../support/test-app';

interface OrderPayload {
  found?: boolean;
  handoff?: boolean;
  orders?: {
    order_number: string;
    status_label_es: string;
    total_price: string;
    tracking: { number: string }[];
  }[];
}

let seq = 0;
const ask = (
  text: string,
  o: { channel?: 'wa' | 'ig'; phone?: string | null; conversationId?: string } = {},
): AnswerRequest => ({
  conversationId: o.conversationId ?? `order-${++seq}`,
  channel: o.channel ?? 'wa',
  customerName: null,
  customerPhone: o.phone ?? null,
  history: [
    { role: 'customer', text, attachments: [], messageId: String(++seq), createdAt: '2026-11-25 10:00:00' },
  ],
});

/** The LLM's `get_order_status` tool: the asker comes from the request, the model passes only what was written. */
describe('get_order_status in the LLM loop', () => {
  let fake: FakeOpenAi;
  let woo: FakeWooCommerce;
  let ctx: TestContext;
  let assistant: AssistantService;
  let toolPayloads: OrderPayload[];

  beforeAll(async () => {
    fake = await new FakeOpenAi().start();
    woo = await new FakeWooCommerce(demoCatalog()).start();
    ctx = await createTestContext({
      imports: [AssistantModule],
      env: {
        ...woo.env,
        OPENAI_API_KEY: fake.apiKey,
        OPENAI_BASE_URL: fake.baseUrl,
        OPENAI_MAX_RETRIES: '0',
        EMBEDDING_DIMENSIONS: '384',
      },
    });
    assistant = ctx.get(AssistantService);
  });
  afterAll(async () => {
    await ctx?.close();
    await fake?.stop();
    await woo?.stop();
  });

  /** The model calls the tool with `args`, then writes from what it got back. */
  const script = (args: Record<string, string | null>): void => {
    toolPayloads = [];
    fake.setScript((c) => {
      if (c.round === 0)
        return step.call('get_order_status', { order_number: null, email: null, phone: null, ...args });
      const payload = c.toolResults[0].content as OrderPayload;
      toolPayloads.push(payload);
      const o = payload.orders?.[0];
      return step.text(
        o
          ? `Tu pedido #${o.order_number} está ${o.status_label_es}. Total: $${o.total_price}.`
          : 'No lo encontré.',
      );
    });
  };

  it("finds a WhatsApp customer's order by the number the message came from, grounded", async () => {
    script({});
    const answer = await assistant.answer(ask('¿Dónde está mi pedido?', { phone: '584125550123' }));
    expect(answer).toMatchObject({
      engine: 'openai',
      handoff: false,
      groundingViolations: 0,
      text: 'Tu pedido #5821 está en proceso. Total: $52.00.',
    });
    expect(toolPayloads[0].orders?.[0].tracking).toEqual([expect.objectContaining({ number: '123456789' })]);
  });

  it('finds an order by number + e-mail on Instagram', async () => {
    script({ order_number: '5822', email: 'luis@example.com' });
    const answer = await assistant.answer(ask('order 5822, luis@example.com', { channel: 'ig' }));
    expect(answer.text).toBe('Tu pedido #5822 está completado. Total: $326.00.');
  });

  it("gives the model nothing about an order asked with someone else's e-mail, and ignores a phone it makes up", async () => {
    script({ order_number: '5822', email: 'carla@example.com' });
    await assistant.answer(ask('mi pedido 5822, carla@example.com', { phone: '584169998877' }));
    expect(toolPayloads[0]).toEqual({ found: false, message: expect.any(String) as unknown });
    // An Instagram request never carries a verified number, even if one were set on it.
    script({ order_number: '5822' });
    await assistant.answer(ask('pedido 5822', { channel: 'ig', phone: '584147654321' }));
    expect(toolPayloads[0]).toEqual({ found: false, ask_customer_for: ['email_or_phone_used_at_checkout'] });
  });

  it('hands off after repeated misses', async () => {
    script({ order_number: '7000', email: 'x@example.com' });
    const conversationId = 'order-many';
    for (let i = 0; i < 3; i++)
      await assistant.answer(ask('mi pedido 7000', { conversationId, channel: 'ig' }));
    const last = await assistant.answer(ask('mi pedido 7000', { conversationId, channel: 'ig' }));
    expect(toolPayloads.at(-1)).toMatchObject({ found: false, handoff: true });
    expect(last.handoff).toBe(true);
  });
});
