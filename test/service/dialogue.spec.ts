import type { AnswerResult, ConversationTurn } from '../../src/assistant/answerer';
import { AssistantModule } from '../../src/assistant/assistant.module';
import { AssistantService } from '../../src/assistant/assistant.service';
import { DIALOGUE_CATALOG } from '../support/dialogue-catalog';
import { loadThroughSync } from '../support/search-catalog-loader';
import { createTestContext, type TestContext } from '../support/test-app';

interface Said extends AnswerResult {
  /** Tool calls of this turn, as `name {arguments}`. */
  tools: string[];
}

let nextId = 9000;

/** One customer conversation with the offline assistant, turn by turn, as Support Board would replay it. */
class Conversation {
  readonly id = String(++nextId);
  private history: ConversationTurn[] = [];
  constructor(private readonly assistant: AssistantService) {}

  async say(text: string): Promise<Said> {
    this.history.push(this.turn('customer', text));
    const tools: string[] = [];
    const result = await this.assistant.answer(
      { conversationId: this.id, channel: 'wa', customerName: null, history: this.history },
      { onToolCall: (e) => tools.push(`${e.name} ${e.arguments}`) },
    );
    this.history.push(this.turn('bot', result.text));
    return { ...result, tools };
  }

  /** The app restarted and the history is gone from memory: only what the database kept remains. */
  forgetHistory(): void {
    this.history = [];
  }

  private turn(role: ConversationTurn['role'], text: string): ConversationTurn {
    return {
      role,
      text,
      attachments: [],
      messageId: `${this.id}-${this.history.length}`,
      createdAt: '2026-11-25 10:00:00',
    };
  }
}

const searches = (said: Said): string[] => said.tools.filter((t) => t.startsWith('search_local_products'));
const listed = (text: string): string[] =>
  text
    .split('\n')
    .filter((l) => /^\d+\. /.test(l))
    .map((l) => /\*([^*]+)\*/.exec(l)?.[1] ?? l);

describe('the offline assistant holds a conversation (demo profile, demo-like catalog)', () => {
  let ctx: TestContext;
  let assistant: AssistantService;
  const chat = (): Conversation => new Conversation(assistant);

  beforeAll(async () => {
    ctx = await createTestContext({ imports: [AssistantModule], env: { EMBEDDING_DIMENSIONS: '384' } });
    await loadThroughSync(ctx.get, DIALOGUE_CATALOG);
    assistant = ctx.get(AssistantService);
  });
  afterAll(async () => {
    await ctx?.close();
  });

  it('resolves "el segundo", then price, stock, a cheaper one, delivery to a city and "la quiero" (es)', async () => {
    const c = chat();
    const list = await c.say('¿tienen neveras?');
    const names = listed(list.text);
    expect(names.length).toBeGreaterThanOrEqual(3);
    expect(names.every((n) => n.startsWith('Nevera'))).toBe(true);

    // The dearest fridge, so that cheaper ones exist.
    const position = names.indexOf('Nevera Samsung 18 pies');
    expect(position).toBeGreaterThanOrEqual(0);
    const ordinal = ['el primero', 'el segundo', 'el tercero', 'el cuarto', 'el quinto'][position];
    const picked = names[position];
    const second = await c.say(ordinal);
    expect(second.text).toContain(`*${picked}*`);
    expect(searches(second)).toEqual([]);

    const price = await c.say('¿cuánto cuesta?');
    expect(price.text).toContain(`*${picked}*`);
    expect(price.text).toContain('Precio: $899.00');
    expect(searches(price)).toEqual([]);

    const stock = await c.say('¿hay disponible?');
    expect(stock.text).toContain(`*${picked}*`);
    expect(stock.text).toContain('Disponibilidad:');
    expect(searches(stock)).toEqual([]);

    const pickedPrice = Number(/Precio: \$(\d+\.\d\d)/.exec(price.text)![1]);
    const cheaper = await c.say('¿tienen otra más barata?');
    const cheaperNames = listed(cheaper.text);
    expect(cheaper.text).toContain('más económicas que');
    expect(cheaperNames.length).toBeGreaterThan(0);
    // Only fridges, and only cheaper ones: never the blender, never the dearer fridge.
    expect(cheaperNames.every((n) => n.startsWith('Nevera'))).toBe(true);
    const prices = [...cheaper.text.matchAll(/— \$(\d+\.\d\d)/g)].map((m) => Number(m[1]));
    expect(prices.every((p) => p < pickedPrice)).toBe(true);

    const first = await c.say('la primera');
    expect(first.text).toContain(`*${cheaperNames[0]}*`);

    const delivery = await c.say('¿me la pueden llevar a Maracaibo?');
    expect(delivery.text).toContain('*Envíos a Maracaibo:*');
    expect(delivery.text).toContain('MRW');
    expect(delivery.tools).toEqual([]);

    const buy = await c.say('me la llevo');
    expect(buy.text).toContain(`*${cheaperNames[0]}*`);
    expect(buy.text).toContain('https://tienda.example.com/producto/');
    expect(buy.text).toContain('Zelle');
    expect(buy.handoff).toBe(false);
  });

  it('answers in English from the first turn: list, "how much is the first one?", "that one", sizes', async () => {
    const c = chat();
    const list = await c.say('Hi! I am looking for fridges');
    expect(list.text).toContain('Here is what I found');
    expect(searches(list)[0]).toContain('"query_text":"fridges"');
    const names = listed(list.text);

    const first = await c.say('how much is the first one?');
    expect(first.text).toContain(`*${names[0]}*`);
    expect(first.text).toContain('Price: $');
    expect(searches(first)).toEqual([]);

    const that = await c.say('is that one available?');
    expect(that.text).toContain(`*${names[0]}*`);
    expect(that.text).toContain('Availability:');

    const brand = await c.say('do you have another brand?');
    const brandOf = names[0].split(' ')[1];
    expect(brand.text).toContain('Options from other brands:');
    expect(listed(brand.text).length).toBeGreaterThan(0);
    expect(listed(brand.text).some((n) => n.includes(brandOf))).toBe(false);

    const ship = await c.say('do you ship to Miami?');
    expect(ship.text).toContain('*Delivery to Miami:*');

    const shirt = await c.say('polo shirt');
    expect(listed(shirt.text)[0]).toContain('Franela');
    await c.say('the first one');
    const sizes = await c.say('which sizes?');
    expect(sizes.text).toContain('Options:');
    expect(sizes.text).toMatch(/• S Blanco/);
  });

  it('answers colours and a named size of the product in question (es)', async () => {
    const c = chat();
    await c.say('busco franelas');
    await c.say('la primera');
    const colours = await c.say('¿en qué colores?');
    expect(colours.text).toContain('Opciones:');
    expect(colours.text).toContain('Blanco');
    expect(searches(colours)).toEqual([]);
    const sizeL = await c.say('¿la tienen en talla L?');
    expect(sizeL.text).toContain('*Franela Polo Básica* en L:');
    expect(sizeL.text).toContain('• L Negro — $13.00 (agotada)');
    const sizeXl = await c.say('¿y en talla XL?');
    expect(sizeXl.text).toContain('No tengo la *Franela Polo Básica* en XL');
  });

  it('applies a budget and "la más barata", and says which constraint it applied', async () => {
    const c = chat();
    const budget = await c.say('neveras de menos de 600');
    expect(budget.text).toContain('de hasta $600.00');
    const prices = [...budget.text.matchAll(/— \$(\d+\.\d\d)/g)].map((m) => Number(m[1]));
    expect(prices.length).toBeGreaterThan(0);
    expect(prices.every((p) => p <= 600)).toBe(true);
    expect(listed(budget.text).every((n) => n.startsWith('Nevera'))).toBe(true);

    const cheapest = await c.say('¿cuál es la más barata?');
    expect(cheapest.text).toContain('de la más barata a la más cara');
    expect(listed(cheapest.text)[0]).toBe('Nevera Mabe 9 pies');

    const english = await chat().say('fridges under $500');
    expect(english.text).toContain('up to $500.00');
    expect(listed(english.text)).toEqual(['Nevera Mabe 9 pies']);
  });

  it('says honestly what it does not sell and names what it does; asks when the message is unclear', async () => {
    const bikes = await chat().say('do you sell bicycles?');
    expect(bikes.text).toContain("We don't have");
    expect(bikes.text).toContain('Neveras');
    expect(listed(bikes.text)).toEqual([]);
    const bicis = await chat().say('¿venden bicicletas?');
    expect(bicis.text).toContain('No tenemos');
    expect(listed(bicis.text)).toEqual([]);
    const unclear = await chat().say('¿cuánto cuesta?');
    expect(unclear.text).toMatch(/¿De qué producto me hablas\?|¿Qué producto buscas\?/);
    expect(searches(unclear)).toEqual([]);
  });

  it('keeps the conversation after a restart: the follow-up resolves from the stored state', async () => {
    const c = chat();
    const list = await c.say('neveras');
    const names = listed(list.text);
    await c.say('la tercera');
    c.forgetHistory();
    const restarted = new Conversation(ctx.get(AssistantService));
    Object.assign(restarted, { id: c.id });
    const price = await restarted.say('¿cuánto cuesta?');
    expect(price.text).toContain(`*${names[2]}*`);
    expect(searches(price)).toEqual([]);
  });
});

describe('a store that configured WooCommerce but no store profile', () => {
  let ctx: TestContext;
  let assistant: AssistantService;

  beforeAll(async () => {
    ctx = await createTestContext({
      imports: [AssistantModule],
      env: {
        EMBEDDING_DIMENSIONS: '384',
        // Nothing listens there: live details fall back to the synced copy.
        WOOCOMMERCE_URL: 'http://127.0.0.1:9',
        WOOCOMMERCE_KEY: 'ck_test',
        WOOCOMMERCE_SECRET: 'cs_test',
        WOOCOMMERCE_LIVE_TIMEOUT_MS: '500',
      },
    });
    await loadThroughSync(ctx.get, DIALOGUE_CATALOG);
    assistant = ctx.get(AssistantService);
  });
  afterAll(async () => {
    await ctx?.close();
  });

  it('names no store and invents no policy: such questions go to a person with a note for the agents', async () => {
    const c = new Conversation(assistant);
    const replies: Said[] = [];
    const hello = await c.say('hola');
    replies.push(hello);
    expect(hello.text).toContain('asistente virtual de la tienda');
    const pay = await c.say('¿aceptan Zelle?');
    replies.push(pay);
    expect(pay.text).toContain('una persona de nuestro equipo');
    expect(pay.staffNote).toContain('payment');
    const ship = await c.say('do you ship to Miami?');
    replies.push(ship);
    expect(ship.text).toContain('a person from our team');
    replies.push(await c.say('neveras'));
    replies.push(await c.say('la primera'));
    const buy = await c.say('la quiero');
    replies.push(buy);
    expect(buy.handoff).toBe(true);
    for (const demoFact of ['Tecno Hogar', 'Sambil', 'Zelle, ', 'Binance', 'MRW', 'Caracas']) {
      expect(replies.map((r) => r.text).join('\n')).not.toContain(demoFact);
    }
  });
});
