import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { QueryRunner } from 'typeorm';
import { FakeSupportBoard, SB_AGENT_ID, SB_BOT_ID } from '../fakes/fake-support-board';
import { FakeWhatsApp } from '../fakes/fake-whatsapp';
import { fakeChannelsEnv, PHONE_NUMBER_ID, settled as settledReplies, until } from '../support/e2e';
import { ReconciliationService } from '../../src/conversation/reconciliation.service';
import { startTestApp, type TestApp } from '../support/test-app';

const SECRET = 'whk-test-secret';
/** Namwoo's own bot user, distinct from Support Board's `bot` user (SB_BOT_ID), which writes close messages. */
const NAMWOO_BOT_ID = '7';

describe('webhook under faults: slow database, forged events, lost webhooks (end to end)', () => {
  let sb: FakeSupportBoard;
  let wa: FakeWhatsApp;
  let t: TestApp;
  let spoolDir: string;
  let phone = 5_550_300;
  /** A customer whose message a crashed process had spooled (acknowledged to SB, never recorded). */
  let crashed: { number: string; conversationId: string };
  const q = async <T = Record<string, unknown>>(sql: string, params: unknown[] = []): Promise<T[]> =>
    t.dataSource.query<T[]>(sql, params);
  const settled = (conversationId: string) => settledReplies(() => t.dataSource, conversationId);
  const waCustomer = () => {
    const number = `58412${phone++}`;
    return { number, ...sb.addCustomer({ channel: 'wa', phone: `+${number}`, extra: PHONE_NUMBER_ID }) };
  };
  const sendsTo = (number: string) => wa.sends.filter((s) => s.to === number);
  const paused = async (conversationId: string) =>
    (
      await q(`SELECT 1 FROM conversation_pauses WHERE conversation_id = $1 AND paused_until > now()`, [
        conversationId,
      ])
    ).length > 0;
  const checksLeft = async () =>
    Number((await q<{ n: string }>(`SELECT count(*) AS n FROM staff_event_checks`))[0].n);

  beforeAll(async () => {
    spoolDir = mkdtempSync(join(tmpdir(), 'namwoo-spool-test-'));
    sb = await new FakeSupportBoard(SECRET).start();
    wa = await new FakeWhatsApp().start();
    crashed = waCustomer();
    const sbMessageId = sb.customerSaysSilently(crashed.conversationId, '¿abren los domingos?', {
      waid: 'wamid.CRASH-1',
    });
    // Above the kernel's largest pid: that process cannot be alive.
    writeFileSync(
      join(spoolDir, `spool-${2 ** 22 + 12_345}.jsonl`),
      `${JSON.stringify({
        kind: 'customer',
        at: new Date().toISOString(),
        message: {
          sbMessageId: String(sbMessageId),
          conversationId: crashed.conversationId,
          customerUserId: sb.conversation(crashed.conversationId).user_id,
          channel: 'wa',
          text: '¿abren los domingos?',
          attachments: [],
        },
      })}\n{"kind":"customer","at":"2026-`,
    );
    t = await startTestApp({
      ...fakeChannelsEnv(sb, wa, SECRET),
      SUPPORT_BOARD_BOT_USER_ID: NAMWOO_BOT_ID,
      WHATSAPP_PHONE_NUMBER_ID: '999000',
      REPLY_QUIET_WINDOW_MS: '200',
      HUMAN_TAKEOVER_PAUSE_MINUTES: '30',
      WEBHOOK_DATABASE_BUDGET_MS: '300',
      WEBHOOK_SPOOL_RETRY_MS: '200',
      WEBHOOK_SPOOL_DIR: spoolDir,
      SB_RECONCILE_INTERVAL_SECONDS: '0',
    });
    sb.webhookUrl = `${t.url}/api/sb-webhook`;
    // Support Board's bot id is learnt at start (get-bot-id); the close-message rule needs it.
    await until('get-bot-id', () => sb.calls('get-bot-id').length > 0);
  });
  afterAll(async () => {
    await t?.close();
    await sb?.stop();
    await wa?.stop();
    rmSync(spoolDir, { recursive: true, force: true });
  });

  it('records and answers what a crashed process had spooled, once, and removes its spool', async () => {
    await until('the spooled message answered', () => sendsTo(crashed.number).length > 0);
    await settled(crashed.conversationId);
    expect(sendsTo(crashed.number)).toHaveLength(1);
    await until('the old spool removed', () =>
      readdirSync(spoolDir).every((f) => !f.includes(String(2 ** 22))),
    );
  });

  describe('the database does not answer', () => {
    let blocker: QueryRunner;
    /** Holds the inbox and pause tables (on PGlite: its single session) until `release`. */
    const block = async () => {
      blocker = t.dataSource.createQueryRunner();
      await blocker.connect();
      await blocker.startTransaction();
      await blocker.query(`LOCK TABLE inbox_messages, conversation_pauses IN ACCESS EXCLUSIVE MODE`);
    };
    const release = async () => {
      await blocker.commitTransaction();
      await blocker.release();
    };

    it('acknowledges within Support Board’s timeout, keeps the message, and answers it once the database is back', async () => {
      const { number, conversationId } = waCustomer();
      const staff = waCustomer();
      await block();
      try {
        await sb.customerSays(conversationId, '¿tienen licuadoras?', { waid: 'wamid.SPOOL-1' });
        await sb.customerSays(conversationId, 'de 600W', { waid: 'wamid.SPOOL-2' });
        await sb.agentSays(staff.conversationId, 'Hola, soy Ana, te atiendo yo');
        // The operator can see it: events wait on disk.
        const health = (await (await fetch(`${t.url}/api/health`)).json()) as {
          webhookSpool: { pending: number };
        };
        expect(health.webhookSpool.pending).toBe(3);
      } finally {
        await release();
      }
      // Support Board aborts at 7 s (status 0 in the fake): every call got its 200.
      expect(sb.webhookCalls.slice(-3).map((c) => c.status)).toEqual([200, 200, 200]);
      await until('the answer', () => sendsTo(number).length > 0);
      await settled(conversationId);
      expect(sendsTo(number)).toHaveLength(1);
      const inbox = await q(`SELECT status FROM inbox_messages WHERE conversation_id = $1 ORDER BY id`, [
        conversationId,
      ]);
      expect(inbox).toEqual([{ status: 'answered' }, { status: 'answered' }]);
      // The staff message was kept too: that conversation is paused (and the genuine message confirmed).
      await until('the staff pause', () => paused(staff.conversationId));
      await until('the staff check', async () => (await checksLeft()) === 0);
      expect(await paused(staff.conversationId)).toBe(true);
    });
  });

  describe('forged and system events', () => {
    it('a forged staff event pauses only until Support Board is asked; the customer held meanwhile is answered', async () => {
      const { number, conversationId } = waCustomer();
      // Slow Support Board: the check takes a while, so the customer's message is held by the pause first.
      sb.delayMs = 1_500;
      try {
        const status = await sb.forgeMessageSent({
          user_id: SB_AGENT_ID,
          message_id: sb.nextMessageId + 1_000,
          message: 'te atiendo yo',
          attachments: [],
          conversation_user_id: sb.conversation(conversationId).user_id,
          conversation_id: conversationId,
          conversation_status_code: 1,
          conversation_source: 'wa',
        });
        expect(status).toBe(200);
        expect(await paused(conversationId)).toBe(true);
        await sb.customerSays(conversationId, 'hola, ¿tienen neveras?', { waid: 'wamid.FORGED-S1' });
        await until('the message held by the pause', async () => {
          const rows = await q(
            `SELECT 1 FROM inbox_messages WHERE conversation_id = $1 AND status = 'paused'`,
            [conversationId],
          );
          return rows.length > 0;
        });
        await until('the pause lifted', async () => !(await paused(conversationId)));
      } finally {
        sb.delayMs = 0;
      }
      await until('the answer', () => sendsTo(number).length > 0);
      await settled(conversationId);
      expect(sendsTo(number)).toHaveLength(1);
    });

    it('a genuine staff message keeps the bot paused after the check', async () => {
      const { number, conversationId } = waCustomer();
      await sb.customerSays(conversationId, 'hola', { waid: 'wamid.GENUINE-1' });
      await until('the first answer', () => sendsTo(number).length > 0);
      await settled(conversationId);
      await sb.agentSays(conversationId, 'Hola, soy Ana');
      await until('the check', async () => (await checksLeft()) === 0);
      expect(await paused(conversationId)).toBe(true);
      await sb.customerSays(conversationId, 'gracias Ana', { waid: 'wamid.GENUINE-2' });
      await settled(conversationId);
      expect(sendsTo(number)).toHaveLength(1);
    });

    it('a forged staff event leaves a genuine agent’s pause in force', async () => {
      const { number, conversationId } = waCustomer();
      await sb.agentSays(conversationId, 'Hola, soy Ana');
      await until('the genuine check', async () => (await checksLeft()) === 0);
      const [before] = await q<{ paused_until: Date }>(
        `SELECT paused_until FROM conversation_pauses WHERE conversation_id = $1`,
        [conversationId],
      );
      await sb.forgeMessageSent({
        user_id: SB_AGENT_ID,
        message_id: sb.nextMessageId + 2_000,
        message: 'otro texto',
        attachments: [],
        conversation_user_id: sb.conversation(conversationId).user_id,
        conversation_id: conversationId,
        conversation_status_code: 1,
        conversation_source: 'wa',
      });
      await until('the forged check', async () => (await checksLeft()) === 0);
      const [after] = await q<{ paused_until: Date }>(
        `SELECT paused_until FROM conversation_pauses WHERE conversation_id = $1`,
        [conversationId],
      );
      expect(after.paused_until).toEqual(before.paused_until);
      await sb.customerSays(conversationId, '¿sigues ahí?', { waid: 'wamid.RESTORE-1' });
      await settled(conversationId);
      expect(sendsTo(number)).toHaveLength(0);
    });

    it('Support Board’s close message (its bot user, with text) does not pause the bot', async () => {
      const { number, conversationId } = waCustomer();
      await sb.closeWithMessage(conversationId, 'Gracias por escribirnos. Conversación cerrada.', SB_BOT_ID);
      expect(sb.webhookCalls.at(-1)?.status).toBe(200);
      expect(await paused(conversationId)).toBe(false);
      await sb.customerSays(conversationId, 'una pregunta más: ¿hacen envíos?', { waid: 'wamid.CLOSE-1' });
      await until('the answer', () => sendsTo(number).length > 0);
      await settled(conversationId);
      expect(sendsTo(number)).toHaveLength(1);
    });
  });

  it('a close message from another bot user is recognised by the check and undone', async () => {
    const { number, conversationId } = waCustomer();
    // The admin may send its own bot_id with the close message (support-board.md §6.1): not the one get-bot-id names.
    await sb.closeWithMessage(conversationId, 'Conversación cerrada. ¡Gracias!', '9');
    await until('the check', async () => (await checksLeft()) === 0);
    expect(await paused(conversationId)).toBe(false);
    await sb.customerSays(conversationId, '¿tienen cocinas?', { waid: 'wamid.CLOSE-2' });
    await until('the answer', () => sendsTo(number).length > 0);
    await settled(conversationId);
    expect(sendsTo(number)).toHaveLength(1);
  });

  describe('reconciliation with Support Board', () => {
    const reconcile = () => t.app.get(ReconciliationService).reconcile();

    it('answers a message whose webhook never arrived, once, and never an old or answered one', async () => {
      const lost = waCustomer();
      const answered = waCustomer();
      const old = waCustomer();
      const copied = waCustomer();
      // Delivered and answered normally.
      await sb.customerSays(answered.conversationId, '¿precio del A54?', { waid: 'wamid.REC-A' });
      // Delivered and answered, then SB stores a second copy (same wamid) without a webhook.
      await sb.customerSays(copied.conversationId, '¿tienen aires?', { waid: 'wamid.REC-C' });
      await until(
        'both answers',
        () => sendsTo(answered.number).length + sendsTo(copied.number).length === 2,
      );
      await settled(answered.conversationId);
      await settled(copied.conversationId);
      sb.customerSaysSilently(copied.conversationId, '¿tienen aires?', { waid: 'wamid.REC-C' });
      // Never delivered: one recent, one older than the look-back (60 min by default).
      sb.customerSaysSilently(lost.conversationId, '¿tienen televisores de 55"?', { waid: 'wamid.REC-L' });
      sb.customerSaysSilently(old.conversationId, 'hola?', {
        waid: 'wamid.REC-O',
        at: new Date(Date.now() - 3 * 3600_000),
      });

      const first = await reconcile();
      expect(first.recorded).toBe(1);
      await until('the lost message answered', () => sendsTo(lost.number).length > 0);
      await settled(lost.conversationId);

      const second = await reconcile();
      expect(second.recorded).toBe(0);
      await settled(copied.conversationId);
      expect(sendsTo(lost.number)).toHaveLength(1);
      expect(sendsTo(answered.number)).toHaveLength(1);
      expect(sendsTo(copied.number)).toHaveLength(1);
      expect(sendsTo(old.number)).toHaveLength(0);
    });
  });
});
