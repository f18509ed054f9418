import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { createApp } from '../../src/bootstrap';
import { AppLogger } from '../../src/common/logging/app-logger';
import { FakeSupportBoard, SB_BOT_ID } from '../fakes/fake-support-board';
import { FakeWhatsApp } from '../fakes/fake-whatsapp';
import { fakeChannelsEnv, PHONE_NUMBER_ID, until } from '../support/e2e';
import { DIALOGUE_CATALOG } from '../support/dialogue-catalog';
import { loadThroughSync } from '../support/search-catalog-loader';
import { testConfig } from '../support/test-app';
import { createTestDatabase, type TestDatabase } from '../support/test-database';

const SECRET = 'whk-dialogue';

/**
 * The dialogue state lives in the database, so a follow-up sent after the app restarted still refers to
 * the product the customer picked before it. One database survives the restart (a data directory for the embedded
 * database, a fresh database on the server with TEST_DATABASE_URL).
 */
describe('a follow-up through the webhook after a restart', () => {
  let sb: FakeSupportBoard;
  let wa: FakeWhatsApp;
  let database: TestDatabase;
  let dataDir: string | undefined;
  let app: NestExpressApplication | undefined;

  const start = async (): Promise<void> => {
    const config = testConfig({
      ...database.env,
      ...(dataDir ? { DATA_DIR: dataDir } : {}),
      ...fakeChannelsEnv(sb, wa, SECRET),
      REPLY_QUIET_WINDOW_MS: '200',
      EMBEDDING_DIMENSIONS: '384',
    });
    app = await createApp(config, new AppLogger(config.log));
    await app.listen(0, '127.0.0.1');
    const { port } = app.getHttpServer().address() as { port: number };
    sb.webhookUrl = `http://127.0.0.1:${port}/api/sb-webhook`;
  };
  const stop = async (): Promise<void> => {
    await app?.close();
    app = undefined;
    sb.webhookUrl = undefined;
  };
  const sendsTo = (to: string) => wa.sends.filter((s) => s.to === to);
  /** The n-th answer, once also logged in Support Board (the customer sees it before writing again). */
  const answer = async (conversationId: string, n: number) => {
    await until(
      `answer ${n} logged in Support Board`,
      () => sb.messagesFrom(conversationId, SB_BOT_ID).length >= n,
    );
    return sendsTo('584125550777')[n - 1];
  };

  beforeAll(async () => {
    sb = await new FakeSupportBoard(SECRET).start();
    wa = await new FakeWhatsApp().start();
    database = await createTestDatabase();
    if (database.kind === 'embedded') dataDir = mkdtempSync(join(tmpdir(), 'namwoo-dialogue-'));
    await start();
    await loadThroughSync((token) => app!.get(token), DIALOGUE_CATALOG);
  });
  afterAll(async () => {
    await stop();
    await database?.drop();
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
    await sb?.stop();
    await wa?.stop();
  });

  it('answers "¿cuánto cuesta?" about the product picked before the restart', async () => {
    const { conversationId } = sb.addCustomer({
      channel: 'wa',
      phone: '+584125550777',
      extra: PHONE_NUMBER_ID,
    });
    await sb.customerSays(conversationId, '¿tienen neveras?', { waid: 'wamid.D1' });
    const list = await answer(conversationId, 1);
    const names = (list.body ?? '')
      .split('\n')
      .filter((l) => /^\d+\. /.test(l))
      .map((l) => /\*([^*]+)\*/.exec(l)![1]);
    expect(names.length).toBeGreaterThanOrEqual(2);

    await sb.customerSays(conversationId, 'el segundo', { waid: 'wamid.D2' });
    const picked = await answer(conversationId, 2);
    expect(picked.body).toContain(`*${names[1]}*`);

    await stop();
    await start();

    await sb.customerSays(conversationId, '¿cuánto cuesta?', { waid: 'wamid.D3' });
    const price = await answer(conversationId, 3);
    expect(price.body).toContain(`*${names[1]}*`);
    expect(price.body).toMatch(/Precio: \$\d+\.\d\d/);
  });
});
