import { FakeOpenAi, step } from '../fakes/fake-openai';
import { FakeSupportBoard } from '../fakes/fake-support-board';
import { FakeWhatsApp } from '../fakes/fake-whatsapp';
import { ASSISTANT_CATALOG } from '../support/assistant-catalog';
import { loadThroughSync } from '../support/search-catalog-loader';
import { startTestApp, type TestApp } from '../support/test-app';
import { PHONE_NUMBER_ID, until, fakeChannelsEnv } from '../support/e2e';

const SECRET = 'whk-assistant-secret';

interface Stack {
  sb: FakeSupportBoard;
  wa: FakeWhatsApp;
  app: TestApp;
  phone: number;
}

/** The whole app (webhook → reply job → assistant → WhatsApp) on a small catalog, with or without an OpenAI key. */
async function startStack(openAiEnv: Record<string, string>): Promise<Stack> {
  const sb = await new FakeSupportBoard(SECRET).start();
  const wa = await new FakeWhatsApp().start();
  const app = await startTestApp({
    ...fakeChannelsEnv(sb, wa, SECRET),
    WHATSAPP_PHONE_NUMBER_ID: '999000',
    REPLY_QUIET_WINDOW_MS: '100',
    EMBEDDING_DIMENSIONS: '384',
    OPENAI_MAX_RETRIES: '1',
    ...openAiEnv,
  });
  sb.webhookUrl = `${app.url}/api/sb-webhook`;
  await loadThroughSync((token) => app.app.get(token), ASSISTANT_CATALOG);
  return { sb, wa, app, phone: 5550100 };
}

/** A new customer asks `text` on WhatsApp; resolves with the text the bot sent back and the stored reply row. */
async function customerAsks(
  s: Stack,
  text: string,
): Promise<{ body: string; reply: Record<string, unknown> }> {
  const phone = `+58412${++s.phone}`;
  const { conversationId } = s.sb.addCustomer({ channel: 'wa', phone, extra: PHONE_NUMBER_ID });
  await s.sb.customerSays(conversationId, text, { waid: `wamid.${s.phone}` });
  const send = await until('the WhatsApp answer', () => s.wa.sends.find((w) => w.to === phone.slice(1)));
  const reply = await until('the reply record', async () => {
    const rows = await s.app.dataSource.query<Record<string, unknown>[]>(
      `SELECT * FROM replies WHERE conversation_id = $1 AND status = 'sent'`,
      [conversationId],
    );
    return rows[0];
  });
  return { body: send.body ?? '', reply };
}

describe('customers get grounded answers through the whole app', () => {
  describe('with OpenAI', () => {
    let fake: FakeOpenAi;
    let s: Stack;
    beforeAll(async () => {
      fake = await new FakeOpenAi().start();
      s = await startStack({ OPENAI_API_KEY: fake.apiKey, OPENAI_BASE_URL: fake.baseUrl });
    });
    afterAll(async () => {
      await s?.app.close();
      await s?.sb.stop();
      await s?.wa.stop();
      await fake?.stop();
    });

    it('answers with the product and the price the tools returned, and records the usage', async () => {
      fake.setScript((c) => {
        if (c.round === 0)
          return step.call('search_local_products', { query_text: c.lastUserText, filter_stock: true });
        const [first] = (c.toolResults[0].content as { products: { name: string; price: number }[] })
          .products;
        return step.text(`¡Hola! Tenemos la *${first.name}* a $${first.price.toFixed(2)}.`);
      });
      const { body, reply } = await customerAsks(s, 'licuadora oster 600W');
      expect(body).toBe('¡Hola! Tenemos la *Licuadora Oster 600W* a $45.00.');
      expect(reply).toMatchObject({ engine: 'openai', grounding_violations: 0 });
      expect(Number(reply.prompt_tokens)).toBeGreaterThan(0);
      expect(Number(reply.cost_usd)).toBeGreaterThan(0);
    });

    it('never delivers a price or discount the model invented', async () => {
      fake.setScript((c) =>
        c.round === 0
          ? step.call('search_local_products', { query_text: 'nevera', filter_stock: true })
          : step.text('La *Nevera Mabe 14 pies* está en oferta: 30% de descuento, te queda en $482.30'),
      );
      const { body, reply } = await customerAsks(s, '¿cuánto cuesta la nevera?');
      expect(body).not.toMatch(/482|30 ?%/);
      expect(body).toContain('*Nevera Mabe 14 pies* — $689.00');
      expect(Number(reply.grounding_violations)).toBeGreaterThan(0);
    });

    it('answers offline with catalog prices when the LLM returns 500s', async () => {
      fake.setScript(() => step.serverError(500));
      const { body, reply } = await customerAsks(s, '¿tienen licuadoras?');
      expect(body).toContain('*Licuadora Oster 600W* — $45.00');
      expect(reply).toMatchObject({ engine: 'offline' });
    });
  });

  describe('without an OpenAI key', () => {
    let s: Stack;
    beforeAll(async () => {
      s = await startStack({});
    });
    afterAll(async () => {
      await s?.app.close();
      await s?.sb.stop();
      await s?.wa.stop();
    });

    it('answers a product question with the product and its price', async () => {
      const { body, reply } = await customerAsks(s, 'Hola, ¿tienen licuadoras Oster?');
      expect(body).toContain('*Licuadora Oster 600W* — $45.00');
      expect(reply).toMatchObject({ engine: 'offline' });
    });
  });
});
