import { Clock } from '../../src/common/clock';
import { LlmBudget } from '../../src/assistant/llm-budget.service';
import { LlmSpendRepository } from '../../src/assistant/llm-spend.repository';
import { FakeOpenAi, step } from '../fakes/fake-openai';
import { FakeSupportBoard } from '../fakes/fake-support-board';
import { FakeWhatsApp } from '../fakes/fake-whatsapp';
import { ASSISTANT_CATALOG } from '../support/assistant-catalog';
import { loadThroughSync } from '../support/search-catalog-loader';
import { startTestApp, testConfig, type TestApp } from '../support/test-app';
import { adminPage, adminSession } from '../support/admin-session';
import { PHONE_NUMBER_ID, until, fakeChannelsEnv } from '../support/e2e';

/**
 * The monthly LLM spend cap (issue 14 item 5, docs/assistant.md#spend-cap) through the whole app: once the month's
 * estimated cost reaches LLM_MONTHLY_BUDGET_USD, the next customer gets the offline assistant; the operator is told
 * once; a new month brings the LLM back. Embedded database, or PostgreSQL with TEST_DATABASE_URL.
 */
describe('monthly LLM budget (end to end)', () => {
  let fake: FakeOpenAi;
  let sb: FakeSupportBoard;
  let wa: FakeWhatsApp;
  let t: TestApp;
  let phone = 5550200;
  const PASSWORD = 'budget-console-pw';

  /** The console's overview page, logged in as the store owner. */
  const overviewHtml = async (): Promise<string> =>
    adminPage(t.url, await adminSession(t.url, PASSWORD), '/admin');

  async function customerAsks(text: string): Promise<{ body: string; reply: Record<string, unknown> }> {
    const to = `58412${phone++}`;
    const { conversationId } = sb.addCustomer({ channel: 'wa', phone: `+${to}`, extra: PHONE_NUMBER_ID });
    await sb.customerSays(conversationId, text, { waid: `wamid.${to}` });
    const send = await until('the WhatsApp answer', () => wa.sends.find((w) => w.to === to));
    const reply = await until('the reply record', async () => {
      const rows = await t.dataSource.query<Record<string, unknown>[]>(
        `SELECT * FROM replies WHERE conversation_id = $1 AND status = 'sent'`,
        [conversationId],
      );
      return rows[0];
    });
    return { body: send.body ?? '', reply };
  }

  beforeAll(async () => {
    fake = await new FakeOpenAi().start();
    sb = await new FakeSupportBoard().start();
    wa = await new FakeWhatsApp().start();
    t = await startTestApp({
      ...fakeChannelsEnv(sb, wa),
      WHATSAPP_PHONE_NUMBER_ID: '999000',
      REPLY_QUIET_WINDOW_MS: '100',
      EMBEDDING_DIMENSIONS: '384',
      ADMIN_PASSWORD: PASSWORD,
      OPENAI_API_KEY: fake.apiKey,
      OPENAI_BASE_URL: fake.baseUrl,
      // One answer of a few hundred tokens at $1,000 per million costs more than the whole budget.
      LLM_MONTHLY_BUDGET_USD: '0.01',
      LLM_PRICES: JSON.stringify({
        'gpt-4o': { input: 1, output: 1 },
        'gpt-4o-mini': { input: 1000, output: 1000 },
      }),
    });
    sb.webhookUrl = `${t.url}/api/sb-webhook`;
    await loadThroughSync((token) => t.app.get(token), ASSISTANT_CATALOG);
    fake.setScript((c) =>
      c.round === 0
        ? step.call('search_local_products', { query_text: c.lastUserText, filter_stock: true })
        : step.text('Tenemos la *Licuadora Oster 600W* a $45.00.'),
    );
  });
  afterAll(async () => {
    await t?.close();
    await sb?.stop();
    await wa?.stop();
    await fake?.stop();
  });

  it('answers with the LLM until the budget is spent, then offline, and warns the operator once', async () => {
    expect(await overviewHtml()).not.toContain('LLM budget reached');
    const first = await customerAsks('licuadora oster 600W');
    expect(first.reply.engine).toBe('openai');
    // Priced from LLM_PRICES' gpt-4o-mini entry (the configured model), not gpt-4o's or OPENAI_PRICE_*.
    const tokens = Number(first.reply.prompt_tokens) + Number(first.reply.completion_tokens);
    expect(Number(first.reply.cost_usd)).toBeCloseTo(tokens / 1000, 6);
    expect(Number(first.reply.cost_usd)).toBeGreaterThanOrEqual(0.01);
    const llmCalls = fake.chatRequests.length;

    const second = await customerAsks('licuadora oster 600W');
    expect(second.reply).toMatchObject({ engine: 'offline' });
    expect(second.body).toContain('Licuadora Oster 600W');
    expect(second.body).toContain('$45.00');
    expect(fake.chatRequests.length).toBe(llmCalls);
    await customerAsks('¿tienen neveras?');
    expect(t.logs.matching('LLM BUDGET REACHED')).toHaveLength(1);

    const status = await t.app.get(LlmBudget).status();
    expect(status).toMatchObject({ limitUsd: 0.01, reached: true });
    expect(status!.resumesAt.getUTCDate()).toBe(1);
    expect(await overviewHtml()).toMatch(/LLM budget reached:.*of \$0\.0100 \(LLM_MONTHLY_BUDGET_USD\)/s);
  });

  it('brings the LLM back when the next month starts, or with a higher budget', async () => {
    const spend = t.app.get(LlmSpendRepository);
    const clock = t.app.get(Clock);
    const higher = new LlmBudget(spend, testConfig({ LLM_MONTHLY_BUDGET_USD: '1000' }), clock);
    expect(await higher.allowsLlm()).toBe(true);

    const now = new Date();
    const nextMonth = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() + 1, 1, 0, 0, 5));
    clock.now = () => nextMonth;
    try {
      // The replies of this month are before the next month's start, so the ledger counts nothing yet.
      const back = await customerAsks('licuadora oster 600W');
      expect(back.reply.engine).toBe('openai');
    } finally {
      clock.now = () => new Date();
    }
  });
});
