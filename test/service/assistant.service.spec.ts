import type { AnswerRequest, ConversationTurn } from '../../src/assistant/answerer';
import { AssistantModule } from '../../src/assistant/assistant.module';
import { AssistantService } from '../../src/assistant/assistant.service';
import { DialogueStateRepository } from '../../src/assistant/dialogue/dialogue-state.repository';
import { LlmBudget } from '../../src/assistant/llm-budget.service';
import { AfterHours } from '../../src/assistant/after-hours';
import { OfflineAssistant } from '../../src/assistant/offline-assistant';
import { OpenAiAssistant } from '../../src/assistant/openai-assistant';
import { OpenAiChatClient } from '../../src/assistant/openai-chat.client';
import { STORE_PROFILE, type StoreProfile } from '../../src/assistant/store-profile';
import { ProductTools } from '../../src/assistant/product-tools';
import { endlessToolCalls, FakeOpenAi, step, type ChatContext } from '../fakes/fake-openai';
import { ASSISTANT_CATALOG } from '../support/assistant-catalog';
import { loadThroughSync } from '../support/search-catalog-loader';
import { createTestContext, testConfig, type TestContext } from '../support/test-app';

let seq = 0;
const turn = (
  role: ConversationTurn['role'],
  text: string,
  attachments: ConversationTurn['attachments'] = [],
): ConversationTurn => ({
  role,
  text,
  attachments,
  messageId: String(++seq),
  createdAt: '2025-05-02 14:05:40',
});
// Each test is its own conversation: the assistant remembers a conversation's dialogue state between turns.
let conversationId = 5120;
beforeEach(() => (conversationId += 1));
const ask = (...history: ConversationTurn[]): AnswerRequest => ({
  conversationId: String(conversationId),
  channel: 'wa',
  customerName: 'Carla',
  history,
});

interface Product {
  wc_product_id: number;
  sku: string | null;
  name: string;
  price: number;
  stock_quantity: number | null;
}
const productsIn = (ctx: ChatContext): Product[] =>
  ctx.toolResults.flatMap((r) => (r.content as { products?: Product[] }).products ?? []);

describe('assistant over the real catalog and a fake OpenAI', () => {
  let fake: FakeOpenAi;
  let ctx: TestContext;
  let assistant: AssistantService;

  beforeAll(async () => {
    fake = await new FakeOpenAi().start();
    ctx = await createTestContext({
      imports: [AssistantModule],
      env: {
        OPENAI_API_KEY: fake.apiKey,
        OPENAI_BASE_URL: fake.baseUrl,
        OPENAI_MAX_RETRIES: '1',
        OPENAI_TIMEOUT_MS: '5000',
        OPENAI_MAX_TOOL_ROUNDS: '3',
        EMBEDDING_DIMENSIONS: '384',
      },
    });
    await loadThroughSync(ctx.get, ASSISTANT_CATALOG);
    assistant = ctx.get(AssistantService);
  });
  afterAll(async () => {
    await ctx?.close();
    await fake?.stop();
  });
  beforeEach(() => fake.clearRequests());

  it('answers a product question with the product and price the search tool returned', async () => {
    fake.setScript((c) => {
      if (c.round === 0)
        return step.call('search_local_products', { query_text: 'licuadora 600W', filter_stock: true });
      const oster = productsIn(c).find((p) => p.name.includes('Oster'));
      return step.text(
        oster ? `¡Sí! La *${oster.name}* cuesta $${oster.price.toFixed(2)}.` : 'No la encontré.',
      );
    });
    const answer = await assistant.answer(ask(turn('customer', '¿Tienen licuadoras de 600W?')));
    expect(answer).toMatchObject({ engine: 'openai', handoff: false, groundingViolations: 0 });
    expect(answer.text).toBe('¡Sí! La *Licuadora Oster 600W* cuesta $45.00.');
    expect(answer.usage).toMatchObject({ toolCalls: 1, model: 'gpt-4o-mini-2024-07-18' });
    expect(answer.usage!.promptTokens).toBeGreaterThan(0);
    expect(answer.usage!.costUsd).toBeGreaterThan(0);
    const [first, second] = fake.chatRequests;
    expect(first.tools?.map((t) => t.function.name)).toEqual([
      'search_local_products',
      'get_live_product_details',
      'get_order_status',
      'send_product_image',
    ]);
    expect(second.tools).toEqual(first.tools);
    expect(first.tools?.every((t) => t.function.strict === true)).toBe(true);
    const toolMessage = second.messages.find((m) => m.role === 'tool');
    expect(JSON.parse(String(toolMessage?.content))).toMatchObject({
      products: expect.arrayContaining([
        expect.objectContaining({ wc_product_id: 1207, sku: 'OST-600', price: 45 }),
      ]) as unknown,
    });
  });

  it('searches, then looks up live details of a SKU-less product by its id, in one turn', async () => {
    fake.setScript((c) => {
      if (c.round === 0)
        return step.call('search_local_products', { query_text: 'nevera', filter_stock: true });
      if (c.round === 1) {
        const nevera = productsIn(c).find((p) => p.name.includes('Nevera'))!;
        return step.call('get_live_product_details', {
          product_identifier: String(nevera.wc_product_id),
          identifier_type: 'wc_product_id',
        });
      }
      const live = c.toolResults[0].content as Product;
      return step.text(
        `La *${live.name}* está en $${live.price.toFixed(2)} y quedan ${live.stock_quantity} unidades.`,
      );
    });
    const answer = await assistant.answer(ask(turn('customer', 'precio de la nevera mabe?')));
    expect(answer.text).toBe('La *Nevera Mabe 14 pies* está en $689.00 y quedan 2 unidades.');
    expect(answer.usage?.toolCalls).toBe(2);
    // The reply's trace (shown in the console) says what was searched, what came back and what was looked up.
    expect(answer.trace?.toolCalls).toEqual([
      expect.objectContaining({
        name: 'search_local_products',
        arguments: { query_text: 'nevera', filter_stock: true },
        ok: true,
        products: expect.arrayContaining([
          expect.objectContaining({ name: 'Nevera Mabe 14 pies', price: 689 }),
        ]) as unknown,
      }),
      expect.objectContaining({
        name: 'get_live_product_details',
        live: expect.objectContaining({ name: 'Nevera Mabe 14 pies', stockQuantity: 2 }) as unknown,
      }),
    ]);
    expect(answer.trace?.rounds).toHaveLength(3);
    expect(fake.chatRequests).toHaveLength(3);
    expect(fake.chatRequests.every((r) => r.tools?.length === 4)).toBe(true);
  });

  it('never sends an invented price or discount: regenerates once, then answers from the tool results', async () => {
    fake.setScript((c) => {
      if (c.round === 0)
        return step.call('search_local_products', { query_text: 'licuadora oster', filter_stock: true });
      return step.text('La *Licuadora Oster 600W* tiene 20% de descuento hoy: te queda en $39.99 🎉');
    });
    const answer = await assistant.answer(ask(turn('customer', 'cuánto cuesta la licuadora oster?')));
    expect(answer.text).not.toMatch(/39[.,]99|20 ?%/);
    expect(answer.text).toContain('*Licuadora Oster 600W* — $45.00');
    expect(answer.groundingViolations).toBe(4);
    expect(answer.trace?.groundingRepairs.map((r) => r.attempt)).toEqual([1, 2]);
    expect(answer.trace?.groundingRepairs[0].snippets.join(' ')).toContain('39.99');
    const repair = fake.chatRequests[2];
    expect(repair.tool_choice).toBe('none');
    expect(JSON.stringify(repair.messages.at(-1))).toContain('$39.99');
  });

  it('keeps a repaired answer when the regeneration is grounded', async () => {
    fake.setScript((c) => {
      if (c.round === 0)
        return step.call('search_local_products', { query_text: 'licuadora oster', filter_stock: true });
      if (c.body.tool_choice === 'none')
        return step.text('La *Licuadora Oster 600W* cuesta $45.00 (antes $50.00).');
      return step.text('¡Oferta! La Licuadora Oster 600W con 25% off.');
    });
    const answer = await assistant.answer(ask(turn('customer', 'la oster tiene descuento?')));
    expect(answer.text).toBe('La *Licuadora Oster 600W* cuesta $45.00 (antes $50.00).');
    expect(answer.groundingViolations).toBe(1);
  });

  it('recovers from malformed tool arguments', async () => {
    fake.setScript((c) => {
      if (c.round === 0)
        return {
          kind: 'tool_calls',
          calls: [{ name: 'search_local_products', arguments: '{"query_text": "licuad' }],
        };
      const products = productsIn(c);
      if (products.length === 0)
        return step.call('search_local_products', { query_text: 'licuadora', filter_stock: null });
      return step.text(products.map((p) => `*${p.name}*: $${p.price.toFixed(2)}`).join('\n'));
    });
    const answer = await assistant.answer(ask(turn('customer', 'licuadoras')));
    expect(answer.text).toContain('*Licuadora Oster 600W*: $45.00');
    const secondRound = fake.chatRequests[1].messages.find((m) => m.role === 'tool');
    expect(JSON.parse(String(secondRound?.content))).toMatchObject({ error: 'invalid_arguments' });
  });

  it('runs a tool call that a local model wrote as plain text instead of sending it to the customer', async () => {
    fake.setScript((c) => {
      const products = productsIn(c);
      if (products.length === 0) {
        return step.text(
          '{"name": "search_local_products", "arguments": {"query_text": "licuadora oster", "filter_stock": true}}',
        );
      }
      return step.text(`La *${products[0].name}* cuesta $${products[0].price.toFixed(2)}.`);
    });
    const answer = await assistant.answer(ask(turn('customer', 'licuadora oster')));
    expect(answer.text).toBe('La *Licuadora Oster 600W* cuesta $45.00.');
    expect(answer.usage?.toolCalls).toBe(1);
  });

  it('caps endless tool calls and still answers from what the tools found', async () => {
    fake.setScript(
      endlessToolCalls('search_local_products', { query_text: 'licuadora', filter_stock: true }),
    );
    const answer = await assistant.answer(ask(turn('customer', 'licuadoras?')));
    expect(fake.chatRequests).toHaveLength(4);
    expect(answer.engine).toBe('openai');
    expect(answer.text).toContain('*Licuadora Oster 600W* — $45.00');
  });

  it('answers with the offline assistant when the LLM keeps failing with 500 after retries', async () => {
    fake.setScript(() => step.serverError(500));
    const answer = await assistant.answer(ask(turn('customer', '¿tienen licuadoras?')));
    expect(fake.chatRequests).toHaveLength(2);
    expect(answer.engine).toBe('offline');
    expect(answer.text).toContain('*Licuadora Oster 600W* — $45.00');
    expect(ctx.logs.matching('LLM OUTAGE').at(-1)).toMatchObject({
      level: 'error',
      msg: expect.stringContaining('HTTP 500'),
    });
    expect(answer.trace?.fallbackReason).toMatch(/openai chat\.completions failed/);
    expect(answer.trace?.toolCalls[0]).toMatchObject({
      name: 'search_local_products',
      arguments: { query_text: expect.stringContaining('licuadora') as unknown },
    });
  });

  it('waits out a 429 rate limit and still answers with the model', async () => {
    fake.setScript(() => step.text('¡Claro! ¿Para qué la vas a usar?')).failNext(1, step.rateLimited(30));
    const answer = await assistant.answer(ask(turn('customer', 'quiero una licuadora')));
    expect(fake.chatRequests).toHaveLength(2);
    expect(answer).toMatchObject({ engine: 'openai', text: '¡Claro! ¿Para qué la vas a usar?' });
  });

  it('answers from the tool results when the repair call itself fails', async () => {
    fake.setScript((c) => {
      if (c.round === 0)
        return step.call('search_local_products', { query_text: 'nevera', filter_stock: true });
      if (c.body.tool_choice === 'none') return step.serverError(503);
      return step.text('La nevera está en $599.00, ¡aprovecha!');
    });
    const answer = await assistant.answer(ask(turn('customer', 'nevera mabe')));
    expect(answer.engine).toBe('openai');
    expect(answer.text).not.toContain('599');
    expect(answer.text).toContain('*Nevera Mabe 14 pies* — $689.00');
  });

  it('keeps the complete sentences of an answer cut by the token limit', async () => {
    fake.setScript((c) =>
      c.round === 0
        ? step.call('search_local_products', { query_text: 'licuadora oster', filter_stock: true })
        : step.text(
            'La *Licuadora Oster 600W* cuesta $45.00. También tenemos la Black+Decker que cuesta $2',
            'length',
          ),
    );
    const answer = await assistant.answer(ask(turn('customer', 'licuadora oster')));
    expect(answer.text).toBe('La *Licuadora Oster 600W* cuesta $45.00.');
    expect(answer.groundingViolations).toBe(0);
  });

  it('answers offline when the model does not answer within OPENAI_TIMEOUT_MS', async () => {
    const config = testConfig({
      OPENAI_API_KEY: fake.apiKey,
      OPENAI_BASE_URL: fake.baseUrl,
      OPENAI_TIMEOUT_MS: '1000',
      OPENAI_MAX_RETRIES: '0',
    });
    const client = new OpenAiChatClient(config);
    const slow = new AssistantService(
      client,
      new OpenAiAssistant(
        client,
        ctx.get(ProductTools),
        ctx.get(OfflineAssistant),
        config,
        ctx.module.get<StoreProfile>(STORE_PROFILE),
      ),
      ctx.get(OfflineAssistant),
      ctx.get(DialogueStateRepository),
      ctx.get(LlmBudget),
      ctx.get(AfterHours),
    );
    fake.setScript(() => step.slow(2500, step.text('demasiado tarde')));
    const answer = await slow.answer(ask(turn('customer', 'licuadora oster')));
    expect(answer.engine).toBe('offline');
    expect(answer.text).toContain('$45.00');
    expect(ctx.logs.matching('LLM OUTAGE').at(-1)?.msg).toContain('no answer within 1000 ms');
  });

  it('keeps the tokens already spent when the LLM fails in a later round', async () => {
    fake.setScript((c) =>
      c.round === 0
        ? step.call('search_local_products', { query_text: 'nevera', filter_stock: true })
        : step.serverError(503),
    );
    const answer = await assistant.answer(ask(turn('customer', 'nevera mabe')));
    expect(answer.engine).toBe('offline');
    expect(answer.text).toContain('$689.00');
    expect(ctx.logs.matching('LLM OUTAGE').at(-1)?.msg).toContain('HTTP 503');
    expect(answer.usage?.promptTokens).toBeGreaterThan(0);
    expect(answer.usage?.toolCalls).toBe(1);
  });

  it('does not retry an exhausted quota and answers offline', async () => {
    fake.setScript(() => step.insufficientQuota());
    const answer = await assistant.answer(ask(turn('customer', 'nevera')));
    expect(fake.chatRequests).toHaveLength(1);
    expect(answer.engine).toBe('offline');
    expect(answer.text).toContain('$689.00');
    expect(ctx.logs.matching('LLM OUTAGE').at(-1)?.msg).toContain('HTTP 429');
  });

  it('hands off to a person without calling the model', async () => {
    const answer = await assistant.answer(ask(turn('customer', 'quiero hablar con un asesor por favor')));
    expect(answer.handoff).toBe(true);
    expect(fake.chatRequests).toHaveLength(0);
  });

  it('sends staff messages as store context and customer photos as image parts', async () => {
    fake.setScript(() => step.text('¡Claro! Te espero en la tienda.'));
    await assistant.answer(
      ask(
        turn('customer', 'hola'),
        turn('staff', 'Hola Carla, te aparto la nevera hasta mañana'),
        turn('customer', '¿y esta la tienen?', [
          { name: 'foto.jpg', url: 'https://sb.example.com/uploads/foto.jpg' },
        ]),
      ),
    );
    const { messages } = fake.chatRequests[0];
    const staff = messages.find((m) => JSON.stringify(m.content).includes('te aparto'));
    expect(staff?.role).toBe('system');
    expect(messages.at(-1)).toMatchObject({
      role: 'user',
      content: expect.arrayContaining([
        { type: 'image_url', image_url: { url: 'https://sb.example.com/uploads/foto.jpg', detail: 'low' } },
      ]) as unknown,
    });
  });

  it('tells the model which product "el segundo" was, so "¿cuánto cuesta?" looks up that product', async () => {
    const memoryOf = (c: ChatContext): string =>
      c.body.messages
        .filter((m) => m.role === 'system')
        .map((m) => String(m.content))
        .find((t) => t.startsWith('## Memoria de la conversación')) ?? '';
    const seen: string[] = [];
    fake.setScript((c) => {
      if (c.lastUserText === '¿tienen licuadoras?') {
        if (c.round === 0)
          return step.call('search_local_products', { query_text: 'licuadoras', filter_stock: true });
        const list = productsIn(c).map((p, i) => `${i + 1}. *${p.name}* — $${p.price.toFixed(2)}`);
        return step.text(list.join('\n'));
      }
      seen.push(memoryOf(c));
      if (c.lastUserText === 'el segundo') return step.text('¡Buena elección!');
      // The model follows the memory: the product the customer picked, by the identifier it names.
      const sku = /eligió o sobre el que preguntó: .+ \(sku ([A-Z0-9-]+)\)/.exec(memoryOf(c))?.[1];
      if (c.round === 0 && sku) {
        return step.call('get_live_product_details', { product_identifier: sku, identifier_type: 'sku' });
      }
      const live = c.toolResults[0]?.content as Product | undefined;
      return step.text(live ? `La *${live.name}* cuesta $${live.price.toFixed(2)}.` : 'No sé cuál.');
    });
    const history = [turn('customer', '¿tienen licuadoras?')];
    const list = await assistant.answer(ask(...history));
    const second = list.text.split('\n')[1];
    expect(second).toMatch(/^2\. \*Licuadora/);
    history.push(turn('bot', list.text), turn('customer', 'el segundo'));
    const picked = await assistant.answer(ask(...history));
    history.push(turn('bot', picked.text), turn('customer', '¿cuánto cuesta?'));
    const price = await assistant.answer(ask(...history));
    const name = /\*([^*]+)\*/.exec(second)![1];
    expect(seen[0]).toContain(`2. ${name}`);
    expect(seen[0]).toContain(`eligió o sobre el que preguntó: ${name}`);
    expect(price.text).toBe(`La *${name}* cuesta ${/\$\d+\.\d\d/.exec(second)![0]}.`);
  });

  describe('without an API key', () => {
    let offline: AssistantService;
    beforeAll(() => {
      offline = new AssistantService(
        new OpenAiChatClient(testConfig({})),
        ctx.get(OpenAiAssistant),
        ctx.get(OfflineAssistant),
        ctx.get(DialogueStateRepository),
        ctx.get(LlmBudget),
        ctx.get(AfterHours),
      );
    });

    it('lists products with prices, then gives live details of the one the customer picks', async () => {
      const first = await offline.answer(ask(turn('customer', 'Hola, ¿tienen licuadoras?')));
      expect(first.engine).toBe('offline');
      expect(first.text).toMatch(/1\. \*Licuadora/);
      // Only the relevant head of the fused list is shown, not the fridge the vector lane pads it with.
      expect(first.text).not.toContain('Nevera');
      expect(first.text).toContain(
        '*Licuadora Oster 600W* — $45.00 (antes $50.00) (7 disponibles) · ref. OST-600',
      );
      const position = first.text.split('\n').findIndex((l) => l.includes('Black+Decker'));
      const picked = await offline.answer(
        ask(
          turn('customer', 'Hola, ¿tienen licuadoras?'),
          turn('bot', first.text),
          turn('customer', position === 1 ? 'la primera' : 'el segundo'),
        ),
      );
      expect(picked.text).toContain('*Licuadora Black+Decker 350W* (ref. BD-350)');
      expect(picked.text).toContain('Precio: $29.90');
      expect(fake.chatRequests).toHaveLength(0);
    });

    it('answers SKU and English questions, store info, and greets', async () => {
      const bySku = await offline.answer(ask(turn('customer', 'me interesa el OST-600')));
      expect(bySku.text).toContain('Precio: $45.00 (antes $50.00)');
      expect(bySku.text).toContain('Disponibilidad: 7 disponibles');
      const english = await offline.answer(ask(turn('customer', 'Hi, do you have the Oster blender?')));
      expect(english.text).toContain('Here is what I found:');
      expect(english.text).toContain('$45.00');
      const variant = await offline.answer(ask(turn('customer', 'precio del SM-A155-NEG')));
      expect(variant.text).toContain('*Samsung Galaxy A15 128GB* (ref. SM-A155-NEG)');
      expect(variant.text).toContain('Precio: $165.00');
      expect(variant.text).toContain('Disponibilidad: 4 disponibles');
      const hours = await offline.answer(ask(turn('customer', '¿cuál es el horario?')));
      expect(hours.text).toContain('Lunes a sábado');
      const photo = await offline.answer(
        ask(turn('customer', '', [{ name: 'foto.jpg', url: 'https://sb.example.com/uploads/foto.jpg' }])),
      );
      expect(photo.text).toContain('solo puedo leer texto');
      const hello = await offline.answer(ask(turn('customer', 'buenas tardes')));
      expect(hello.text).toContain('¡Hola Carla!');
    });
  });
});
