import request from 'supertest';
import { FakeSupportBoard, SB_AGENT_ID, SB_BOT_ID } from '../fakes/fake-support-board';
import { FakeWhatsApp, WA_TOKEN } from '../fakes/fake-whatsapp';
import { Answerer } from '../../src/assistant/answerer';
import { startTestApp, type TestApp } from '../support/test-app';
import { PHONE_NUMBER_ID, settled, until, fakeChannelsEnv } from '../support/e2e';

const SECRET = 'whk-test-secret';

describe('Support Board webhook → reply → delivery (end to end)', () => {
  let sb: FakeSupportBoard;
  let wa: FakeWhatsApp;
  let t: TestApp;
  const q = async <T = Record<string, unknown>>(sql: string, params: unknown[] = []): Promise<T[]> =>
    t.dataSource.query<T[]>(sql, params);
  const settledConv = (conversationId: string) => settled(() => t.dataSource, conversationId);

  /** The operator's one log line for a reply that failed for good (the test app captures logs, see testLogger). */
  const failureLogs = (conversationId: string) =>
    t.logs.matching('reply failed; left to the agents').filter((l) => l.conversationId === conversationId);

  beforeAll(async () => {
    sb = await new FakeSupportBoard(SECRET).start();
    wa = await new FakeWhatsApp().start();
    t = await startTestApp({
      ...fakeChannelsEnv(sb, wa, SECRET),
      WHATSAPP_PHONE_NUMBER_ID: '999000',
      // Long enough that the three webhooks of a burst arrive within it on a loaded machine.
      REPLY_QUIET_WINDOW_MS: '1000',
      HUMAN_TAKEOVER_PAUSE_MINUTES: '30',
    });
    sb.webhookUrl = `${t.url}/api/sb-webhook`;
  });
  afterAll(async () => {
    await t?.close();
    await sb?.stop();
    await wa?.stop();
  });

  it('answers a WhatsApp question exactly once, to the right WAID, logged in Support Board as the bot', async () => {
    const { conversationId } = sb.addCustomer({
      channel: 'wa',
      phone: '+584125550123',
      extra: PHONE_NUMBER_ID,
    });
    await sb.customerSays(conversationId, 'hola, ¿tienen licuadoras de 600W?', { waid: 'wamid.IN-1' });
    await until('a WhatsApp send', () => wa.sends.find((s) => s.to === '584125550123'));
    await settledConv(conversationId);

    const sends = wa.sends.filter((s) => s.to === '584125550123');
    expect(sends).toHaveLength(1);
    expect(sends[0]).toMatchObject({ phoneNumberId: PHONE_NUMBER_ID, type: 'text' });
    const logged = sb.messagesFrom(conversationId, SB_BOT_ID);
    expect(logged).toHaveLength(1);
    expect(logged[0].message).toBe(sends[0].body);
    const sendCall = sb.calls('send-message').find((c) => c.conversation_id === conversationId)!;
    expect(sendCall).toMatchObject({ user_id: SB_BOT_ID, conversation_status_code: '1', attachments: '[]' });

    const [reply] = await q(`SELECT * FROM replies WHERE conversation_id = $1`, [conversationId]);
    expect(reply).toMatchObject({ status: 'sent', channel: 'wa' });
    expect(['openai', 'offline', 'placeholder']).toContain(reply.engine);
    expect(reply.provider_message_ids).toEqual([sends[0].wamid]);
    expect(reply.sb_message_ids).toEqual([String(logged[0].id)]);
    const inbox = await q(`SELECT status FROM inbox_messages WHERE conversation_id = $1`, [conversationId]);
    expect(inbox).toEqual([{ status: 'answered' }]);
    // The bot's own echo (fired inside send-message) was ignored: no pause.
    expect(await q(`SELECT * FROM conversation_pauses WHERE conversation_id = $1`, [conversationId])).toEqual(
      [],
    );
  });

  it('answers a duplicate delivery (same wamid, two SB ids, user_id string then number) once', async () => {
    const { conversationId } = sb.addCustomer({
      channel: 'wa',
      phone: '+584145550001',
      extra: PHONE_NUMBER_ID,
    });
    const [a, b] = await sb.duplicateDelivery(conversationId, '¿precio del A54?', 'wamid.DUP-1');
    await until('a WhatsApp send', () => wa.sends.find((s) => s.to === '584145550001'));
    await settledConv(conversationId);
    // SB redelivers the second copy once more afterwards: still nothing new.
    await request(t.url)
      .post('/api/sb-webhook')
      .send({
        function: 'message-sent',
        key: SECRET,
        data: {
          user_id: Number(sb.conversation(conversationId).user_id),
          message_id: b,
          message: '¿precio del A54?',
          attachments: [],
          conversation_user_id: sb.conversation(conversationId).user_id,
          conversation_id: conversationId,
          conversation_status_code: 2,
          conversation_source: 'wa',
        },
      })
      .expect(200, { ok: true, action: 'duplicate' });
    await settledConv(conversationId);
    expect(wa.sends.filter((s) => s.to === '584145550001')).toHaveLength(1);
    expect(sb.messagesFrom(conversationId, SB_BOT_ID)).toHaveLength(1);
    const rows = await q<{ sb_message_id: string; status: string }>(
      `SELECT sb_message_id, status FROM inbox_messages WHERE conversation_id = $1 ORDER BY sb_message_id`,
      [conversationId],
    );
    expect(rows).toEqual([
      { sb_message_id: String(a), status: 'answered' },
      { sb_message_id: String(b), status: 'duplicate' },
    ]);
  });

  it('gives a burst of short messages one answer after the quiet window', async () => {
    const { conversationId } = sb.addCustomer({
      channel: 'wa',
      phone: '+584165550002',
      extra: PHONE_NUMBER_ID,
    });
    await sb.customerSays(conversationId, 'hola', { waid: 'wamid.B1' });
    await sb.customerSays(conversationId, 'busco una nevera', { waid: 'wamid.B2' });
    await sb.customerSays(conversationId, 'de dos puertas', { waid: 'wamid.B3' });
    await until('a WhatsApp send', () => wa.sends.find((s) => s.to === '584165550002'));
    await settledConv(conversationId);
    expect(wa.sends.filter((s) => s.to === '584165550002')).toHaveLength(1);
    const rows = await q<{ status: string; reply_id: string }>(
      `SELECT status, reply_id FROM inbox_messages WHERE conversation_id = $1`,
      [conversationId],
    );
    expect(rows.map((r) => r.status)).toEqual(['answered', 'answered', 'answered']);
    expect(new Set(rows.map((r) => r.reply_id)).size).toBe(1);
  });

  it('still answers a burst that holds a non-numeric message id recorded before ids were validated', async () => {
    const { conversationId, userId } = sb.addCustomer({
      channel: 'wa',
      phone: '+584165550003',
      extra: PHONE_NUMBER_ID,
    });
    await q(
      `INSERT INTO inbox_messages (sb_message_id, conversation_id, customer_user_id, channel, text, status)
       VALUES ('legacy-x1', $1, $2, 'wa', 'hola', 'pending')`,
      [conversationId, userId],
    );
    await sb.customerSays(conversationId, '¿tienen neveras?', { waid: 'wamid.LEGACY-1' });
    await until('a WhatsApp send', () => wa.sends.find((s) => s.to === '584165550003'));
    await settledConv(conversationId);
    expect(wa.sends.filter((s) => s.to === '584165550003')).toHaveLength(1);
    const [reply] = await q(`SELECT status FROM replies WHERE conversation_id = $1`, [conversationId]);
    expect(reply).toMatchObject({ status: 'sent' });
  });

  it('stays silent after an agent replies, and empty system rows from staff pause nothing', async () => {
    const { conversationId } = sb.addCustomer({
      channel: 'wa',
      phone: '+584245550003',
      extra: PHONE_NUMBER_ID,
    });
    await sb.takeoverMarker(conversationId, SB_AGENT_ID);
    expect(await q(`SELECT * FROM conversation_pauses WHERE conversation_id = $1`, [conversationId])).toEqual(
      [],
    );
    await sb.agentSays(conversationId, 'Hola Carla, soy Ana. ¿En qué te ayudo?');
    const [pause] = await q<{ paused_by: string; reason: string; paused_until: Date }>(
      `SELECT * FROM conversation_pauses WHERE conversation_id = $1`,
      [conversationId],
    );
    expect(pause).toMatchObject({ paused_by: SB_AGENT_ID, reason: 'agent_reply' });
    expect(new Date(pause.paused_until).getTime()).toBeGreaterThan(Date.now() + 25 * 60_000);

    await sb.customerSays(conversationId, '¿y tienen en rojo?', { waid: 'wamid.P1' });
    await settledConv(conversationId);
    expect(wa.sends.filter((s) => s.to === '584245550003')).toHaveLength(0);
    expect(sb.messagesFrom(conversationId, SB_BOT_ID)).toHaveLength(0);
    const rows = await q(`SELECT status FROM inbox_messages WHERE conversation_id = $1`, [conversationId]);
    expect(rows).toEqual([{ status: 'paused' }]);
  });

  it('treats an admin that is not in any agent list as staff (pause), by conversation_user_id alone', async () => {
    const { conversationId } = sb.addCustomer({ channel: 'ig', psid: '605100000001', extra: 'PAGE-1' });
    await sb.agentSays(conversationId, 'te escribo yo', '77');
    const rows = await q(`SELECT paused_by FROM conversation_pauses WHERE conversation_id = $1`, [
      conversationId,
    ]);
    expect(rows).toEqual([{ paused_by: '77' }]);
  });

  it('answers on Instagram with metadata = the logged message id, so the page echo does not pause the bot', async () => {
    const { conversationId } = sb.addCustomer({ channel: 'ig', psid: '605112345678', extra: 'PAGE-IG' });
    await sb.customerSays(conversationId, 'hola! tienen freidoras de aire?', { mid: 'm_in_1' });
    await until('a Messenger send', () => sb.messengerSends.find((s) => s.psid === '605112345678'));
    await settledConv(conversationId);
    const sends = sb.messengerSends.filter((s) => s.psid === '605112345678');
    expect(sends).toHaveLength(1);
    const logged = sb.messagesFrom(conversationId, SB_BOT_ID);
    expect(logged).toHaveLength(1);
    expect(sends[0]).toMatchObject({
      pageId: 'PAGE-IG',
      metadata: String(logged[0].id),
      message: logged[0].message,
    });
    // No echo stored as admin 1, hence no pause.
    expect(sb.messagesFrom(conversationId, '1')).toHaveLength(0);
    expect(await q(`SELECT * FROM conversation_pauses WHERE conversation_id = $1`, [conversationId])).toEqual(
      [],
    );
  });

  it('hands over to a person when the customer asks, in their language, with a note for the agents', async () => {
    const { conversationId } = sb.addCustomer({ channel: 'fb', psid: '700000000009', extra: 'PAGE-FB' });
    await sb.customerSays(conversationId, 'quiero hablar con un asesor', { mid: 'm_h1' });
    await until('the handoff answer', () => sb.messengerSends.find((s) => s.psid === '700000000009'));
    await settledConv(conversationId);
    const [send] = sb.messengerSends.filter((s) => s.psid === '700000000009');
    expect(send.message).toMatch(/persona/);
    expect(sb.notes(conversationId)[0].message).toMatch(/asked to talk to a person/);
    const [pause] = await q(`SELECT reason FROM conversation_pauses WHERE conversation_id = $1`, [
      conversationId,
    ]);
    expect(pause).toEqual({ reason: 'customer_request' });
    expect(sb.calls('send-message').find((c) => c.conversation_id === conversationId)).toMatchObject({
      conversation_status_code: '2',
    });
  });

  it('drops an answer when an agent writes while it is being prepared', async () => {
    const { conversationId } = sb.addCustomer({
      channel: 'wa',
      phone: '+584125550310',
      extra: PHONE_NUMBER_ID,
    });
    const answerer = t.app.get(Answerer);
    const original = answerer.answer.bind(answerer);
    const spy = jest.spyOn(answerer, 'answer').mockImplementation(async (req) => {
      if (req.conversationId === conversationId) await sb.agentSays(conversationId, 'Yo te atiendo, Carla');
      return original(req);
    });
    try {
      await sb.customerSays(conversationId, '¿tienen microondas?', { waid: 'wamid.RACE' });
      await until('the reply to close', async () => {
        const rows = await q(
          `SELECT status FROM replies WHERE conversation_id = $1 AND status <> 'in_progress'`,
          [conversationId],
        );
        return rows[0];
      });
    } finally {
      spy.mockRestore();
    }
    expect(wa.sends.filter((s) => s.to === '584125550310')).toHaveLength(0);
    expect(await q(`SELECT status FROM replies WHERE conversation_id = $1`, [conversationId])).toEqual([
      { status: 'dropped_paused' },
    ]);
  });

  it('does not retry an expired WhatsApp token (190) and tells the agents', async () => {
    const { conversationId } = sb.addCustomer({
      channel: 'wa',
      phone: '+584125550311',
      extra: PHONE_NUMBER_ID,
    });
    wa.token = 'rotated';
    const before = wa.server.requests.length;
    try {
      await sb.customerSays(conversationId, 'hola', { waid: 'wamid.TOK' });
      await until('the note for the agents', () => sb.notes(conversationId).length > 0);
      await settledConv(conversationId);
    } finally {
      wa.token = WA_TOKEN;
    }
    expect(wa.server.requests.length - before).toBe(1);
    expect(sb.notes(conversationId)[0].message).toMatch(/WHATSAPP_CLOUD_API_TOKEN/);
    const [reply] = await q(`SELECT status, error FROM replies WHERE conversation_id = $1`, [conversationId]);
    expect(reply).toMatchObject({ status: 'failed', error: expect.stringMatching(/renew/) });
    expect(failureLogs(conversationId)).toEqual([expect.objectContaining({ level: 'error' })]);
    expect(JSON.stringify(failureLogs(conversationId))).not.toContain('584125550311');
  });

  it('fails a Messenger delivery refused by Graph (code 10) without retrying, with a note', async () => {
    const { conversationId } = sb.addCustomer({ channel: 'fb', psid: '700000000777', extra: 'PAGE-FB' });
    sb.messengerError = { code: 10, message: 'This message is sent outside of allowed window.' };
    try {
      await sb.customerSays(conversationId, 'hola?', { mid: 'm_late' });
      await until('the note for the agents', () => sb.notes(conversationId).length > 0);
      await settledConv(conversationId);
    } finally {
      sb.messengerError = null;
    }
    expect(sb.notes(conversationId)[0].message).toMatch(/Graph error 10/);
    expect(sb.calls('messenger-send-message').filter((c) => c.psid === '700000000777')).toHaveLength(1);
    // The logged copy that never reached the customer was removed from the conversation.
    expect(sb.messagesFrom(conversationId, SB_BOT_ID)).toHaveLength(0);
    const [reply] = await q(`SELECT status FROM replies WHERE conversation_id = $1`, [conversationId]);
    expect(reply).toEqual({ status: 'failed' });
    expect(failureLogs(conversationId)).toEqual([expect.objectContaining({ level: 'error' })]);
  });

  it('records messages from other channels but leaves them to humans', async () => {
    const { conversationId } = sb.addCustomer({ channel: 'tg' });
    await sb.customerSays(conversationId, 'hola desde telegram');
    const rows = await q(`SELECT status FROM inbox_messages WHERE conversation_id = $1`, [conversationId]);
    expect(rows).toEqual([{ status: 'ignored_channel' }]);
  });

  it('refuses a wrong or missing key with 401 and records nothing', async () => {
    const body = {
      function: 'message-sent',
      key: 'wrong',
      data: {
        user_id: '9',
        message_id: 999001,
        message: 'hola',
        attachments: [],
        conversation_user_id: '9',
        conversation_id: '9999',
        conversation_source: 'wa',
      },
    };
    await request(t.url).post('/api/sb-webhook').send(body).expect(401);
    await request(t.url)
      .post('/api/sb-webhook')
      .send({ ...body, key: undefined })
      .expect(401);
    expect(await q(`SELECT * FROM inbox_messages WHERE sb_message_id = '999001'`)).toEqual([]);
  });

  it('answers 4xx to malformed or wrong-shaped bodies and keeps serving', async () => {
    const post = () => request(t.url).post('/api/sb-webhook');
    await post().set('content-type', 'application/json').send('{"function": "message-sent", ').expect(400);
    await post().send({ function: 'message-sent', key: SECRET, data: 'nope' }).expect(400);
    await post()
      .send({
        function: 'message-sent',
        key: SECRET,
        data: { user_id: { $gt: 1 }, message_id: 1, conversation_id: '1', conversation_user_id: '1' },
      })
      .expect(400);
    await post()
      .send({ function: 'message-sent', key: SECRET, data: { message: 'sin ids' } })
      .expect(400);
    await post().set('content-type', 'application/json').send('[1,2]').expect(400);
    await post()
      .set('content-type', 'application/json')
      .send(JSON.stringify({ function: 'message-sent', key: SECRET, pad: 'x'.repeat(300 * 1024) }))
      .expect(413);
    // A status event is read now (it may give a conversation back to the bot): without its status it is malformed.
    await post()
      .send({ function: 'conversation-status-updated', key: SECRET, data: { conversation_id: '1' } })
      .expect(400);
    await post()
      .send({
        function: 'conversation-status-updated',
        key: SECRET,
        data: { conversation_id: '1', status_code: 1 },
      })
      .expect(200, { ok: true, action: 'status_ignored' });
    await post().send({ function: 'message-deleted', key: SECRET, data: '31879' }).expect(200, {
      ok: true,
      action: 'ignored_function',
    });
    await request(t.url).get('/api/health').expect(200);
  });
});
