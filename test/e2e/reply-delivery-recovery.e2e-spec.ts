import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { DataSource } from 'typeorm';
import { createApp } from '../../src/bootstrap';
import { PauseService } from '../../src/pause/pause.service';
import { FakeSupportBoard, SB_BOT_ID } from '../fakes/fake-support-board';
import { FakeWhatsApp } from '../fakes/fake-whatsapp';
import { LogCapture } from '../support/log-capture';
import { testConfig, testLogger } from '../support/test-app';
import { createTestDatabase, type TestDatabase } from '../support/test-database';
import { fakeChannelsEnv, PHONE_NUMBER_ID, settled, until } from '../support/e2e';

const SECRET = 'whk-recovery';

/**
 * Delivery failures and crash recovery. One database survives app restarts (a data directory for the embedded
 * database, a fresh database on the server with TEST_DATABASE_URL).
 */
describe('reply jobs: delivery errors, retries and restarts', () => {
  let sb: FakeSupportBoard;
  let wa: FakeWhatsApp;
  let database: TestDatabase;
  let dataDir: string | undefined;
  let app: NestExpressApplication | undefined;
  let ds: DataSource;

  const env = (extra: Record<string, string> = {}) => ({
    ...database.env,
    ...(dataDir ? { DATA_DIR: dataDir } : {}),
    ...fakeChannelsEnv(sb, wa, SECRET),
    WHATSAPP_REENGAGEMENT_TEMPLATE: 'seguimiento',
    REPLY_QUIET_WINDOW_MS: '200',
    ...extra,
  });
  const start = async (extra: Record<string, string> = {}): Promise<void> => {
    const config = testConfig(env(extra));
    app = await createApp(config, testLogger(config, new LogCapture()));
    await app.listen(0, '127.0.0.1');
    const { port } = app.getHttpServer().address() as { port: number };
    sb.webhookUrl = `http://127.0.0.1:${port}/api/sb-webhook`;
    ds = app.get(DataSource);
  };
  const stop = async (): Promise<void> => {
    await app?.close();
    app = undefined;
    sb.webhookUrl = undefined;
  };
  const q = <T = Record<string, unknown>>(sql: string, params: unknown[] = []) => ds.query<T[]>(sql, params);
  const settledConv = (conversationId: string) => settled(() => ds, conversationId);
  const waCustomer = (phone: string) => sb.addCustomer({ channel: 'wa', phone, extra: PHONE_NUMBER_ID });

  beforeAll(async () => {
    sb = await new FakeSupportBoard(SECRET).start();
    wa = await new FakeWhatsApp().start();
    wa.approveTemplate({ name: 'seguimiento', language: 'es', body: 0 });
    database = await createTestDatabase();
    if (database.kind === 'embedded') dataDir = mkdtempSync(join(tmpdir(), 'namwoo-reply-'));
    await start();
  });
  afterAll(async () => {
    await stop();
    await database?.drop();
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
    await sb?.stop();
    await wa?.stop();
  });

  it('retries a pair-rate refusal (131056) and a Support Board db-error, then answers once', async () => {
    const { conversationId } = waCustomer('+584125550201');
    wa.failNext({ code: 131056 });
    sb.failNext('get-conversation', 'db-error', 'html');
    await sb.customerSays(conversationId, '¿tienen aires acondicionados?', { waid: 'wamid.R1' });
    await until('the WhatsApp answer', () => wa.sends.find((s) => s.to === '584125550201'), 30_000);
    await settledConv(conversationId);
    expect(wa.sends.filter((s) => s.to === '584125550201')).toHaveLength(1);
    expect(sb.messagesFrom(conversationId, SB_BOT_ID)).toHaveLength(1);
    const [reply] = await q(`SELECT status, attempts FROM replies WHERE conversation_id = $1`, [
      conversationId,
    ]);
    expect(reply).toMatchObject({ status: 'sent', attempts: 2 });
  });

  it('outside the 24-hour window (131047): no retry, no SB log, a template and a note for the agents', async () => {
    const { conversationId } = waCustomer('+584125550202');
    wa.customerWroteAt('584125550202', new Date(Date.now() - 25 * 3600_000));
    const before = wa.server.requests.length;
    await sb.customerSays(conversationId, 'hola?', { waid: 'wamid.W1' });
    await until('the note for the agents', () => sb.notes(conversationId).length > 0);
    await settledConv(conversationId);
    expect(sb.notes(conversationId)[0].message).toMatch(/24 hours/);
    expect(sb.messagesFrom(conversationId, SB_BOT_ID)).toHaveLength(0);
    // one refused text, one template: never retried
    expect(wa.server.requests.length - before).toBe(2);
    expect(wa.sends.filter((s) => s.to === '584125550202')).toEqual([
      expect.objectContaining({ type: 'template', template: 'seguimiento' }),
    ]);
    const [reply] = await q(`SELECT status, error FROM replies WHERE conversation_id = $1`, [conversationId]);
    expect(reply).toMatchObject({ status: 'failed', error: expect.stringMatching(/131047/) });
  });

  it('splits a long answer under 4096 characters per WhatsApp message', async () => {
    // The answer text is recorded before sending; a reply resumed at that stage re-sends that text, so a long
    // recorded answer exercises the split without depending on the assistant.
    const { conversationId } = waCustomer('+584125550203');
    const sbId = sb.customerSaysSilently(conversationId, 'dame la lista completa', {
      waid: 'wamid.L1',
    });
    const long = Array.from(
      { length: 180 },
      (_, i) => `🔹 *Producto ${i}* - Precio: $${i}.00 - disponible`,
    ).join('\n');
    await q(
      `WITH r AS (INSERT INTO replies (conversation_id, channel, lease_until, stage, answer_text, engine, chunks_total)
                  VALUES ($1, 'wa', now() - interval '1 minute', 'sending', $2, 'offline', 3) RETURNING id)
       INSERT INTO inbox_messages (sb_message_id, conversation_id, customer_user_id, channel, text, status, reply_id)
       SELECT $3, $1, $4, 'wa', 'dame la lista completa', 'claimed', id FROM r`,
      [conversationId, long, String(sbId), sb.conversation(conversationId).user_id],
    );
    await stop();
    await start();
    await until('the answer', () => wa.sends.filter((s) => s.to === '584125550203').length >= 2);
    await settledConv(conversationId);
    const parts = wa.sends.filter((s) => s.to === '584125550203').map((s) => s.body ?? '');
    expect(parts.length).toBeGreaterThan(1);
    for (const p of parts) expect(p.length).toBeLessThanOrEqual(4096);
    expect(parts.join('\n')).toBe(long);
    expect(sb.messagesFrom(conversationId, SB_BOT_ID).map((m) => m.message)).toEqual(parts);
  });

  it('a restart in the middle of a burst answers it once, after the restart', async () => {
    await stop();
    await start({ REPLY_QUIET_WINDOW_MS: '60000' });
    const { conversationId } = waCustomer('+584125550204');
    await sb.customerSays(conversationId, 'hola', { waid: 'wamid.S1' });
    await sb.customerSays(conversationId, 'tienen neveras?', { waid: 'wamid.S2' });
    const [{ n }] = await q<{ n: number }>(
      `SELECT count(*)::int AS n FROM inbox_messages WHERE conversation_id = $1 AND status = 'pending'`,
      [conversationId],
    );
    expect(n).toBe(2);
    await stop();
    expect(wa.sends.filter((s) => s.to === '584125550204')).toHaveLength(0);
    await start();
    await until('the answer after the restart', () => wa.sends.find((s) => s.to === '584125550204'));
    await settledConv(conversationId);
    expect(wa.sends.filter((s) => s.to === '584125550204')).toHaveLength(1);
    const rows = await q(`SELECT status FROM inbox_messages WHERE conversation_id = $1`, [conversationId]);
    expect(rows).toEqual([{ status: 'answered' }, { status: 'answered' }]);
  });

  it('resumes from its own delivery record: an earlier bot message after the burst is not taken as this answer', async () => {
    const { conversationId } = waCustomer('+584125550205');
    const sbId = sb.customerSaysSilently(conversationId, '¿precio de la TV 55?', { waid: 'wamid.C1' });
    // The previous answer (to an earlier message) reached Support Board after this question was written.
    sb.botWrote(conversationId, '¡Hola! ¿Qué producto buscas?');
    // This reply recorded its answer, then its worker died before WhatsApp accepted anything.
    await q(
      `WITH r AS (INSERT INTO replies (conversation_id, channel, lease_until, stage, answer_text, engine, chunks_total)
                  VALUES ($1, 'wa', now() + interval '1 second', 'sending', 'La TV 55" cuesta $450.00.', 'offline', 1)
                  RETURNING id)
       INSERT INTO inbox_messages (sb_message_id, conversation_id, customer_user_id, channel, text, status, reply_id)
       SELECT $2, $1, $3, 'wa', '¿precio de la TV 55?', 'claimed', id FROM r`,
      [conversationId, String(sbId), sb.conversation(conversationId).user_id],
    );
    await stop();
    await start();
    await until('the answer', () => wa.sends.find((s) => s.to === '584125550205'));
    await settledConv(conversationId);
    expect(wa.sends.filter((s) => s.to === '584125550205').map((s) => s.body)).toEqual([
      'La TV 55" cuesta $450.00.',
    ]);
    const [reply] = await q<{ status: string; provider_message_ids: string[] }>(
      `SELECT status, provider_message_ids FROM replies WHERE conversation_id = $1`,
      [conversationId],
    );
    expect(reply.status).toBe('sent');
    expect(reply.provider_message_ids).toHaveLength(1);
  });

  it('fails closed: when the pause cannot be read, nothing is sent', async () => {
    const pauses = app!.get(PauseService);
    const spy = jest.spyOn(pauses, 'isPaused').mockRejectedValue(new Error('connection reset'));
    try {
      const { conversationId } = waCustomer('+584125550206');
      await sb.customerSays(conversationId, 'hola', { waid: 'wamid.F1' });
      await until('two pause checks (a retry)', () => spy.mock.calls.length >= 2, 30_000);
      expect(wa.sends.filter((s) => s.to === '584125550206')).toHaveLength(0);
      expect(sb.messagesFrom(conversationId, SB_BOT_ID)).toHaveLength(0);
    } finally {
      spy.mockRestore();
    }
  });
});
