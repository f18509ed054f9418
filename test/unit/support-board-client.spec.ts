import { ExternalServiceError } from '../../src/common/app-error';
import { SupportBoardClient } from '../../src/support-board/support-board.client';
import { FakeSupportBoard, SB_ADMIN_TOKEN, SB_AGENT_TOKEN, SB_BOT_ID } from '../fakes/fake-support-board';
import { captureNestLogs } from '../support/log-capture';
import { testConfig } from '../support/test-app';

describe('SupportBoardClient against the fake Support Board', () => {
  let sb: FakeSupportBoard;
  const client = (token = SB_ADMIN_TOKEN) =>
    new SupportBoardClient(
      testConfig({
        SUPPORT_BOARD_API_URL: sb.apiUrl,
        SUPPORT_BOARD_API_TOKEN: token,
        SUPPORT_BOARD_TIMEOUT_MS: '2000',
      }),
    );

  beforeAll(async () => {
    sb = await new FakeSupportBoard().start();
  });
  afterAll(async () => {
    await sb?.stop();
  });

  it('sends form-encoded calls with the admin token and JSON-string arguments', async () => {
    const { conversationId } = sb.addCustomer({ channel: 'wa', phone: '+584125550123' });
    const id = await client().sendMessage({
      userId: SB_BOT_ID,
      conversationId,
      message: 'hola',
      conversationStatusCode: 1,
    });
    const req = sb.server.requests.at(-1)!;
    expect(req.headers['content-type']).toMatch(/application\/x-www-form-urlencoded/);
    expect(req.body).toMatchObject({ token: SB_ADMIN_TOKEN, function: 'send-message', attachments: '[]' });
    expect(sb.messagesFrom(conversationId, SB_BOT_ID)[0].id).toBe(Number(id));
  });

  it('parses get-conversation (JSON-string payloads and attachments) and get-user details', async () => {
    const { conversationId, userId } = sb.addCustomer({
      channel: 'wa',
      phone: '+584125550124',
      extra: '1047',
    });
    sb.customerSaysSilently(conversationId, 'foto', { waid: 'wamid.X' });
    sb.eventRow(conversationId);
    const conv = await client().getConversation(conversationId);
    expect(conv).toMatchObject({ userId, source: 'wa', extra: '1047' });
    expect(conv.messages[0]).toMatchObject({ text: 'foto', payload: { waid: 'wamid.X' }, attachments: [] });
    expect(conv.messages[1].payload).toEqual({ event: 'conversation-department-update-2' });
    const user = await client().getUser(userId);
    expect(user?.details).toEqual([{ slug: 'phone', name: 'Phone', value: '+584125550124' }]);
    // The user's token and password hash are never kept.
    expect(JSON.stringify(user)).not.toMatch(/usertoken|\$2y\$/);
    expect(await client().getUser('999999')).toBeNull();
  });

  it('retries db-error and non-JSON bodies, then succeeds', async () => {
    const logs = captureNestLogs();
    sb.failNext('get-agents-ids', 'db-error', 'empty');
    expect(await client().getAgentIds()).toEqual(expect.arrayContaining(['1', '5']));
    expect(logs.matching('get-agents-ids failed, retrying')).toEqual([
      expect.objectContaining({ level: 'warn', attempt: 1, reason: expect.stringContaining('db-error') }),
      expect.objectContaining({ level: 'warn', attempt: 2, reason: expect.stringContaining('non-JSON') }),
    ]);
  });

  it('names the function and the SB code, and does not retry token errors', async () => {
    const before = sb.server.requests.length;
    const err = await client(SB_AGENT_TOKEN)
      .getAgentIds()
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ExternalServiceError);
    expect((err as ExternalServiceError).message).toMatch(
      /support-board get-agents-ids failed: invalid-token/,
    );
    expect((err as ExternalServiceError).message).toMatch(/admin user/);
    expect(sb.server.requests.length - before).toBe(1);
    await expect(client().getConversation('nope')).rejects.toThrow(/get-conversation failed/);
  });

  it('reports Graph errors inside a success envelope from messenger-send-message', async () => {
    sb.messengerError = { code: 10, message: 'outside the allowed window' };
    try {
      const results = await client().messengerSendMessage({
        psid: '1',
        facebookPageId: 'P',
        message: 'hola',
        metadata: '123',
      });
      expect(results[0].error).toMatchObject({ code: 10 });
    } finally {
      sb.messengerError = null;
    }
  });
});
