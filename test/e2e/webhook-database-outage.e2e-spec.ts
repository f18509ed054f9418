import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FakeSupportBoard } from '../fakes/fake-support-board';
import { FakeWhatsApp } from '../fakes/fake-whatsapp';
import { fakeChannelsEnv, until } from '../support/e2e';
import { BlackholeProxy } from '../support/blackhole-proxy';
import { createTestDatabase, usingPostgres, type TestDatabase } from '../support/test-database';
import { startTestApp, type TestApp } from '../support/test-app';

const SECRET = 'whk-test-secret';

/**
 * PostgreSQL behind a proxy the test breaks (the embedded database has no network to break: the table-lock test in
 * webhook-faults covers it). Support Board waits 7 s and never retries, so every webhook must get its 200 anyway.
 */
(usingPostgres() ? describe : describe.skip)('webhook while PostgreSQL is unreachable (end to end)', () => {
  let sb: FakeSupportBoard;
  let wa: FakeWhatsApp;
  let db: TestDatabase;
  let proxy: BlackholeProxy;
  let t: TestApp;
  let phone = 5_550_400;
  const spoolDir = mkdtempSync(join(tmpdir(), 'namwoo-spool-outage-'));

  const waCustomer = () => {
    const number = `58412${phone++}`;
    return { number, ...sb.addCustomer({ channel: 'wa', phone: `+${number}`, extra: '104729385610234' }) };
  };
  const sendsTo = (number: string) => wa.sends.filter((s) => s.to === number);

  beforeAll(async () => {
    sb = await new FakeSupportBoard(SECRET).start();
    wa = await new FakeWhatsApp().start();
    db = await createTestDatabase();
    const server = new URL(process.env.TEST_DATABASE_URL ?? '');
    proxy = await new BlackholeProxy(server.hostname, Number(server.port || 5432)).start();
    t = await startTestApp({
      DATABASE_URL: proxy.rewrite(db.env.DATABASE_URL),
      ...fakeChannelsEnv(sb, wa, SECRET),
      WHATSAPP_PHONE_NUMBER_ID: '999000',
      REPLY_QUIET_WINDOW_MS: '200',
      WEBHOOK_SPOOL_RETRY_MS: '300',
      WEBHOOK_SPOOL_DIR: spoolDir,
      SB_RECONCILE_INTERVAL_SECONDS: '0',
    });
    sb.webhookUrl = `${t.url}/api/sb-webhook`;
  });
  afterAll(async () => {
    await t?.close();
    await proxy?.stop();
    await db?.drop();
    await sb?.stop();
    await wa?.stop();
    rmSync(spoolDir, { recursive: true, force: true });
  });

  it('black-holed for 3 s: every webhook acknowledged, the question answered once afterwards', async () => {
    const { number, conversationId } = waCustomer();
    proxy.blackhole();
    try {
      await sb.customerSays(conversationId, '¿tienen licuadoras Oster?', { waid: 'wamid.BH-1' });
      await sb.customerSays(conversationId, 'la de 600W', { waid: 'wamid.BH-2' });
      await new Promise((r) => setTimeout(r, 3_000));
    } finally {
      proxy.heal();
    }
    // The fake records status 0 when its 7 s timeout fires, as Support Board would give up.
    expect(sb.webhookCalls.slice(-2).map((c) => c.status)).toEqual([200, 200]);
    await until('the answer', () => sendsTo(number).length > 0);
    await new Promise((r) => setTimeout(r, 1_500));
    expect(sendsTo(number)).toHaveLength(1);
  });

  it('every connection reset while unreachable (a server restart): acknowledged, answered once afterwards', async () => {
    const { number, conversationId } = waCustomer();
    proxy.blackhole();
    try {
      await sb.customerSays(conversationId, 'hola, ¿hacen envíos a Valencia?', { waid: 'wamid.CUT-1' });
      proxy.cut();
    } finally {
      proxy.heal();
    }
    expect(sb.webhookCalls.at(-1)?.status).toBe(200);
    await until('the answer', () => sendsTo(number).length > 0);
    await new Promise((r) => setTimeout(r, 1_500));
    expect(sendsTo(number)).toHaveLength(1);
  });
});
