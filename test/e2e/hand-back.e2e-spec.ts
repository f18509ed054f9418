import { FakeSupportBoard, SB_AGENT_ID, SB_BOT_ID } from '../fakes/fake-support-board';
import { FakeWhatsApp } from '../fakes/fake-whatsapp';
import { startTestApp, type TestApp } from '../support/test-app';
import { PHONE_NUMBER_ID, settled, sleep, until, fakeChannelsEnv } from '../support/e2e';

/**
 * Giving the conversation back to the bot (issue 14 item 3, docs/conversation.md): an agent archives the
 * conversation, or writes `#bot`; `#humano` keeps it with the people. Both checked against Support Board's own
 * record first (support-board.md §6.1, §6.3). Runs on the embedded database, or on PostgreSQL with TEST_DATABASE_URL.
 */
describe('giving the conversation back to the bot (end to end)', () => {
  let sb: FakeSupportBoard;
  let wa: FakeWhatsApp;
  let t: TestApp;
  let phone = 5550100;
  const q = <T = Record<string, unknown>>(sql: string, params: unknown[] = []): Promise<T[]> =>
    t.dataSource.query<T[]>(sql, params);
  const pauseOf = async (conversationId: string) =>
    (
      await q<{ paused_until: Date; reason: string; paused_by: string }>(
        `SELECT paused_until, reason, paused_by FROM conversation_pauses
          WHERE conversation_id = $1 AND paused_until > now()`,
        [conversationId],
      )
    )[0];
  const sendsTo = (to: string) => wa.sends.filter((s) => s.to === to);

  /** A WhatsApp customer the bot has answered once, then an agent wrote: the bot is paused. */
  async function takenOver(): Promise<{ conversationId: string; to: string }> {
    const to = `58414${phone++}`;
    const { conversationId } = sb.addCustomer({ channel: 'wa', phone: `+${to}`, extra: PHONE_NUMBER_ID });
    await sb.customerSays(conversationId, 'hola, ¿tienen licuadoras?', { waid: `wamid.${to}.1` });
    await until('the first answer', () => sendsTo(to).length === 1);
    await settled(() => t.dataSource, conversationId);
    await sb.agentSays(conversationId, 'Hola, soy Ana, te atiendo yo.');
    expect(await pauseOf(conversationId)).toMatchObject({ reason: 'agent_reply', paused_by: SB_AGENT_ID });
    return { conversationId, to };
  }

  beforeAll(async () => {
    sb = await new FakeSupportBoard().start();
    wa = await new FakeWhatsApp().start();
    t = await startTestApp({
      ...fakeChannelsEnv(sb, wa),
      WHATSAPP_PHONE_NUMBER_ID: '999000',
      REPLY_QUIET_WINDOW_MS: '200',
      REPLY_RETRY_BASE_MS: '200',
    });
    sb.webhookUrl = `${t.url}/api/sb-webhook`;
  });
  afterAll(async () => {
    await t?.close();
    await sb?.stop();
    await wa?.stop();
  });

  it('resumes when an agent archives the conversation, with a note, and answers the next customer message', async () => {
    const { conversationId, to } = await takenOver();
    await sb.customerSays(conversationId, 'ok gracias', { waid: `wamid.${to}.2` });
    await settled(() => t.dataSource, conversationId);
    expect(sendsTo(to)).toHaveLength(1);

    await sb.archive(conversationId);
    expect(sb.statusWebhooks.at(-1)).toEqual({ conversation_id: conversationId, status_code: '3' });
    await until('the pause to lift', async () => (await pauseOf(conversationId)) === undefined);
    await until('a note for the agents', () =>
      sb.notes(conversationId).find((n) => /archived: the bot answers/.test(n.message)),
    );

    await sb.customerSays(conversationId, '¿tienen neveras de dos puertas?', { waid: `wamid.${to}.3` });
    await until('the answer after the archive', () => sendsTo(to).length === 2);
    await settled(() => t.dataSource, conversationId);
    const statuses = await q<{ status: string }>(
      `SELECT status FROM inbox_messages WHERE conversation_id = $1 ORDER BY sb_message_id::bigint`,
      [conversationId],
    );
    // What the customer wrote while the agent was in charge stays theirs; the next message is the bot's again.
    expect(statuses.map((r) => r.status)).toEqual(['answered', 'paused', 'answered']);
  });

  it('notices an archive whose webhook never arrived when the customer writes again', async () => {
    const { conversationId, to } = await takenOver();
    const url = sb.webhookUrl;
    sb.webhookUrl = undefined; // Namwoo was unreachable while the agent archived (SB never retries).
    await sb.archive(conversationId);
    sb.webhookUrl = url;
    expect(await pauseOf(conversationId)).toBeDefined();

    await sb.customerSays(conversationId, 'hola de nuevo, ¿tienen neveras?', { waid: `wamid.${to}.2` });
    await until('the answer after the archive', () => sendsTo(to).length === 2);
    expect(await pauseOf(conversationId)).toBeUndefined();
    expect(sb.notes(conversationId).map((n) => n.message)).toContainEqual(
      expect.stringMatching(/archived: the bot answers/),
    );
  });

  it('resumes on an agent’s #bot without ever pausing for it, and never shows the command to the customer', async () => {
    const { conversationId, to } = await takenOver();
    await sb.agentSays(conversationId, '#bot');
    await until('the pause to lift', async () => (await pauseOf(conversationId)) === undefined);
    await until('a note confirming #bot', () =>
      sb.notes(conversationId).find((n) => n.message.startsWith('#bot: the bot answers')),
    );

    await sb.customerSays(conversationId, 'quiero una nevera', { waid: `wamid.${to}.2` });
    await until('the answer after #bot', () => sendsTo(to).length === 2);
    await settled(() => t.dataSource, conversationId);
    expect(
      sendsTo(to)
        .map((s) => s.body)
        .join('\n'),
    ).not.toMatch(/#bot/);
    expect(
      sb
        .messagesFrom(conversationId, SB_BOT_ID)
        .map((m) => m.message)
        .join('\n'),
    ).not.toMatch(/#bot/);
  });

  it('keeps the conversation with the people on #humano until someone resumes it', async () => {
    const to = `58414${phone++}`;
    const { conversationId } = sb.addCustomer({ channel: 'wa', phone: `+${to}`, extra: PHONE_NUMBER_ID });
    await sb.agentSays(conversationId, '#humano');
    await until('the note confirming #humano', () =>
      sb.notes(conversationId).find((n) => n.message.startsWith('#humano')),
    );
    const pause = await pauseOf(conversationId);
    expect(pause).toMatchObject({ reason: 'manual', paused_by: SB_AGENT_ID });
    expect(new Date(pause.paused_until).getUTCFullYear()).toBe(9999);

    await sb.customerSays(conversationId, 'hola?', { waid: `wamid.${to}.1` });
    await settled(() => t.dataSource, conversationId);
    expect(sendsTo(to)).toHaveLength(0);

    await sb.agentSays(conversationId, '#bot');
    await until('the pause to lift', async () => (await pauseOf(conversationId)) === undefined);
    await sb.customerSays(conversationId, '¿tienen licuadoras?', { waid: `wamid.${to}.2` });
    await until('the answer after #bot', () => sendsTo(to).length === 1);
  });

  it('does nothing for a forged status webhook, a forged #bot, or a customer typing #bot', async () => {
    const { conversationId, to } = await takenOver();
    const before = await pauseOf(conversationId);

    expect(await sb.forgeStatusUpdated(conversationId, '3')).toBe(200);
    await t.logs.waitFor('forged or stale status 3 event');
    expect(
      await sb.forgeMessageSent({
        user_id: SB_AGENT_ID,
        message_id: sb.nextMessageId + 50,
        message: '#bot',
        attachments: [],
        conversation_user_id: sb.conversation(conversationId).user_id,
        conversation_id: conversationId,
        conversation_status_code: 1,
        conversation_source: 'wa',
      }),
    ).toBe(200);
    // (The fake's bot user is called "Bot", so the log redaction writes "#bot" as "#[name]".)
    await until('the forged #bot refused', () => t.logs.matching('forged or stale').length === 2);

    await sb.customerSays(conversationId, '#bot', { waid: `wamid.${to}.2` });
    await settled(() => t.dataSource, conversationId);
    await sleep(300);
    expect(await pauseOf(conversationId)).toEqual(before);
    expect(sendsTo(to)).toHaveLength(1);
    expect(sb.notes(conversationId).filter((n) => /bot answers/.test(n.message))).toEqual([]);
  });

  it('acknowledges the other webhooks and silent changes without acting on them', async () => {
    const { conversationId, to } = await takenOver();
    const before = await pauseOf(conversationId);
    const [last] = sb.messagesFrom(conversationId, SB_AGENT_ID).slice(-1);
    expect(await sb.browserWebhook('message-deleted', String(last.id))).toBe(200);
    expect(await sb.browserWebhook('new-messages', { messages: [], conversation_id: conversationId })).toBe(
      200,
    );
    // Assigning an agent or a department fires nothing (support-board.md §6.1): the event rows are just history.
    const admin = { token: 'sb-admin-token', conversation_id: conversationId };
    for (const body of [
      { ...admin, function: 'update-conversation-agent', agent_id: SB_AGENT_ID },
      { ...admin, function: 'update-conversation-department', department: '2' },
    ])
      await fetch(sb.apiUrl, { method: 'POST', body: new URLSearchParams(body) });
    await sleep(300);
    expect(await pauseOf(conversationId)).toEqual(before);
    expect(sendsTo(to)).toHaveLength(1);
  });

  it('ignores statuses 0-2 and archives of conversations the bot already answers', async () => {
    const to = `58414${phone++}`;
    const { conversationId } = sb.addCustomer({ channel: 'wa', phone: `+${to}`, extra: PHONE_NUMBER_ID });
    expect(await sb.forgeStatusUpdated(conversationId, 2)).toBe(200);
    expect(sb.webhookCalls.at(-1)?.status).toBe(200);
    const getConversations = sb.calls('get-conversation').length;
    await sb.archive(conversationId);
    await sleep(500);
    expect(sb.calls('get-conversation').length).toBe(getConversations);
    expect(sb.notes(conversationId)).toEqual([]);
  });
});
