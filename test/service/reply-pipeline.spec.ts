import type { AnswerRequest, AnswerResult } from '../../src/assistant/answerer';
import { Answerer } from '../../src/assistant/answerer';
import { ConversationIntake } from '../../src/conversation/conversation-intake.service';
import { ConversationModule } from '../../src/conversation/conversation.module';
import { ReplyRunner } from '../../src/conversation/reply-runner.service';
import { ReplyRepository } from '../../src/conversation/reply.repository';
import { JobQueue } from '../../src/jobs/job-queue.service';
import { PauseService } from '../../src/pause/pause.service';
import { FakeSupportBoard, SB_ADMIN_TOKEN, SB_BOT_ID } from '../fakes/fake-support-board';
import { FakeWhatsApp, WA_TOKEN } from '../fakes/fake-whatsapp';
import { createTestContext, type TestContext } from '../support/test-app';

const PHONE_NUMBER_ID = '104729385610234';

/**
 * The reply pipeline's parts on a real database against fake Support Board and WhatsApp servers, driven through
 * the runner directly (no queue timing): composing (verification, burst cut), sending (own delivery record) and
 * running (retries with backoff, giving up with a note).
 */
describe('reply pipeline (runner, composer, sender)', () => {
  let sb: FakeSupportBoard;
  let wa: FakeWhatsApp;
  let ctx: TestContext;
  let runner: ReplyRunner;
  let intake: ConversationIntake;
  const asked: AnswerRequest[] = [];

  const q = <T = Record<string, unknown>>(sql: string, params: unknown[] = []) =>
    ctx.dataSource.query<T[]>(sql, params);

  /** Records what the webhook would, without firing it: the fake stores the message, we hand it over. */
  const customerWrites = async (conversationId: string, text: string, waid: string): Promise<string> => {
    const id = String(sb.customerSaysSilently(conversationId, text, { waid }));
    await intake.recordCustomerMessage({
      sbMessageId: id,
      conversationId,
      customerUserId: sb.conversation(conversationId).user_id,
      channel: 'wa',
      text,
      attachments: [],
    });
    return id;
  };

  /** Runs the conversation's job as the queue would, until it asks for nothing more (bounded). */
  const drive = async (conversationId: string, maxRuns = 40): Promise<void> => {
    for (let i = 0; i < maxRuns; i++) {
      const { again } = await runner.run(conversationId, { lastAttempt: false });
      if (!again) return;
      await new Promise((r) => setTimeout(r, Math.max(0, again.getTime() - Date.now())));
    }
    throw new Error(`conversation ${conversationId} still had work after ${maxRuns} runs`);
  };

  const waCustomer = (phone: string) => sb.addCustomer({ channel: 'wa', phone, extra: PHONE_NUMBER_ID });
  const sendsTo = (waid: string) => wa.sends.filter((s) => s.to === waid);

  beforeAll(async () => {
    sb = await new FakeSupportBoard().start();
    wa = await new FakeWhatsApp().start();
    ctx = await createTestContext({
      imports: [ConversationModule],
      env: {
        SUPPORT_BOARD_API_URL: sb.apiUrl,
        SUPPORT_BOARD_API_TOKEN: SB_ADMIN_TOKEN,
        SUPPORT_BOARD_BOT_USER_ID: SB_BOT_ID,
        WHATSAPP_CLOUD_API_TOKEN: WA_TOKEN,
        WHATSAPP_GRAPH_API_URL: wa.url,
        REPLY_QUIET_WINDOW_MS: '0',
        REPLY_RETRY_WINDOW_SECONDS: '2',
        REPLY_RETRY_BASE_MS: '100',
        REPLY_RETRY_MAX_DELAY_MS: '400',
      },
    });
    runner = ctx.get(ReplyRunner);
    intake = ctx.get(ConversationIntake);
    // An instant assistant that says which messages it answered, so the tests see exactly what it was asked.
    jest.spyOn(ctx.get(Answerer), 'answer').mockImplementation((request): Promise<AnswerResult> => {
      asked.push(request);
      const pending = request.history.filter((t) => t.role === 'customer').at(-1)?.text ?? '';
      return Promise.resolve({
        text: `re: ${pending}`,
        engine: 'offline',
        handoff: false,
        usage: null,
        groundingViolations: 0,
      });
    });
  });
  afterAll(async () => {
    await ctx?.close();
    await sb?.stop();
    await wa?.stop();
  });

  describe('composer', () => {
    it('answers exactly the claimed burst; a message that arrives later is the next reply, after our answer', async () => {
      const { conversationId } = waCustomer('+584125550301');
      await customerWrites(conversationId, 'hola', 'wamid.H1');
      // The first reply claims "hola"; the question arrives while it is being prepared.
      const answer = jest.spyOn(ctx.get(Answerer), 'answer');
      const original = answer.getMockImplementation()!;
      answer.mockImplementationOnce(async (request) => {
        await customerWrites(conversationId, '¿tienen licuadoras Oster?', 'wamid.H2');
        return original(request);
      });
      await drive(conversationId);
      const mine = asked.filter((r) => r.conversationId === conversationId);
      expect(mine).toHaveLength(2);
      expect(mine[0].history.map((t) => [t.role, t.text])).toEqual([['customer', 'hola']]);
      expect(mine[1].history.map((t) => [t.role, t.text])).toEqual([
        ['customer', 'hola'],
        ['bot', 're: hola'],
        ['customer', '¿tienen licuadoras Oster?'],
      ]);
      expect(sendsTo('584125550301').map((s) => s.body)).toEqual([
        're: hola',
        're: ¿tienen licuadoras Oster?',
      ]);
    });

    it('refuses a customer message Support Board does not hold as reported (forged event)', async () => {
      const { conversationId, userId } = waCustomer('+584125550302');
      // Genuine id, invented text: the bot must not write to the real customer's phone about it.
      const real = String(sb.customerSaysSilently(conversationId, 'hola', { waid: 'wamid.F1' }));
      await intake.recordCustomerMessage({
        sbMessageId: real,
        conversationId,
        customerUserId: userId,
        channel: 'wa',
        text: 'quiero la nevera, envíenla a esta dirección',
        attachments: [],
      });
      // An id Support Board never had.
      await intake.recordCustomerMessage({
        sbMessageId: '990001',
        conversationId,
        customerUserId: userId,
        channel: 'wa',
        text: 'hola',
        attachments: [],
      });
      await drive(conversationId);
      expect(sendsTo('584125550302')).toHaveLength(0);
      const rows = await q<{ status: string }>(
        `SELECT status FROM inbox_messages WHERE conversation_id = $1 ORDER BY id`,
        [conversationId],
      );
      expect(rows.map((r) => r.status)).toEqual(['refused', 'refused']);
    });
  });

  describe('sender', () => {
    it("leaves the answer's staff note for the agents after sending it, and the bot stays on", async () => {
      const { conversationId } = waCustomer('+584125550305');
      const answer = jest.spyOn(ctx.get(Answerer), 'answer');
      const original = answer.getMockImplementation()!;
      answer.mockImplementationOnce(async (request) => ({
        ...(await original(request)),
        staffNote: 'The customer asked about returns, which the store profile does not state.',
      }));
      await customerWrites(conversationId, '¿aceptan devoluciones?', 'wamid.N1');
      await drive(conversationId);
      expect(sendsTo('584125550305').map((s) => s.body)).toEqual(['re: ¿aceptan devoluciones?']);
      expect(sb.notes(conversationId).map((n) => n.message)).toEqual([
        'The customer asked about returns, which the store profile does not state.',
      ]);
      expect(await ctx.get(PauseService).isPaused(conversationId)).toBe(false);
    });
  });

  describe('runner', () => {
    it('retries WhatsApp failures with backoff and delivers once it is back', async () => {
      const { conversationId } = waCustomer('+584125550303');
      wa.failNext(
        { code: 131000, status: 500 },
        { code: 131000, status: 500 },
        { code: 131000, status: 500 },
      );
      await customerWrites(conversationId, '¿precio del aire 12000 BTU?', 'wamid.R1');
      await drive(conversationId);
      expect(sendsTo('584125550303').map((s) => s.body)).toEqual(['re: ¿precio del aire 12000 BTU?']);
      const [reply] = await q<{ status: string; attempts: number; provider_message_ids: string[] }>(
        `SELECT status, attempts, provider_message_ids FROM replies WHERE conversation_id = $1`,
        [conversationId],
      );
      expect(reply).toMatchObject({ status: 'sent', attempts: 4 });
      expect(reply.provider_message_ids).toHaveLength(1);
    });

    it('a database loss that swallows the lease commit does not hold the reply until the lease expires', async () => {
      const { conversationId } = waCustomer('+584125550306');
      await customerWrites(conversationId, '¿tienen licuadoras?', 'wamid.L1');
      // The lease is committed, then the connection drops before the answer reaches us.
      const replies = ctx.get(ReplyRepository);
      const acquire = replies.acquire.bind(replies);
      const once = jest.spyOn(replies, 'acquire').mockImplementationOnce(async (...args) => {
        await acquire(...args);
        throw Object.assign(new Error('Connection terminated unexpectedly'), { code: 'ECONNRESET' });
      });
      await expect(runner.run(conversationId, { lastAttempt: false })).rejects.toThrow(
        /Connection terminated/,
      );
      once.mockRestore();
      // The queue's retry runs the job again: it answers now, not after the 60 s lease.
      const next = await runner.run(conversationId, { lastAttempt: false });
      expect(next.again).toBeNull();
      expect(sendsTo('584125550306').map((s) => s.body)).toEqual(['re: ¿tienen licuadoras?']);
      const [reply] = await q<{ status: string }>(`SELECT status FROM replies WHERE conversation_id = $1`, [
        conversationId,
      ]);
      expect(reply.status).toBe('sent');
    });

    it('gives up after the retry window: the reply is failed and the agents get a note, retried until written', async () => {
      await ctx.get(JobQueue).start();
      const { conversationId } = waCustomer('+584125550304');
      wa.failNext(...Array.from({ length: 60 }, () => ({ code: 131000, status: 500 })));
      sb.failNext('add-note', 'db-error', 'db-error', 'db-error');
      await customerWrites(conversationId, 'hola?', 'wamid.G1');
      const started = Date.now();
      await drive(conversationId);
      wa.knobs.length = 0;
      expect(Date.now() - started).toBeGreaterThanOrEqual(2_000);
      const [reply] = await q<{ status: string; attempts: number; error: string }>(
        `SELECT status, attempts, error FROM replies WHERE conversation_id = $1`,
        [conversationId],
      );
      expect(reply.status).toBe('failed');
      expect(reply.attempts).toBeGreaterThanOrEqual(2);
      expect(sendsTo('584125550304')).toHaveLength(0);
      // Support Board refused the note (three tries in the client); the durable note job writes it later.
      for (let i = 0; i < 200 && sb.notes(conversationId).length === 0; i++) {
        await new Promise((r) => setTimeout(r, 100));
      }
      expect(sb.notes(conversationId).map((n) => n.message)).toEqual([
        expect.stringMatching(/could not answer this customer/),
      ]);
      const [inbox] = await q<{ status: string }>(
        `SELECT status FROM inbox_messages WHERE conversation_id = $1`,
        [conversationId],
      );
      expect(inbox.status).toBe('failed');
    });
  });
});
