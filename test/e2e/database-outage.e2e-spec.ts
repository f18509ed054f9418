import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { IN_MEMORY, startEmbeddedPostgres, type EmbeddedHandle } from '../../src/database/embedded-postgres';
import { FakeSupportBoard, SB_BOT_ID } from '../fakes/fake-support-board';
import { FakeWhatsApp } from '../fakes/fake-whatsapp';
import { startMain, type Started } from '../support/spawn';
import { TcpProxy } from '../support/tcp-proxy';
import { createTestDatabase, type TestDatabase } from '../support/test-database';
import { freePort, PHONE_NUMBER_ID, sleep, until, fakeChannelsEnv } from '../support/e2e';

const SECRET = 'whk-test-secret';

/**
 * The built app (`node dist/main`) with its database behind a proxy the test cuts: a database blip while a reply
 * runs must neither end the process nor lose or repeat the answer, and is logged once when it starts and once
 * when it ends. Runs on PostgreSQL with TEST_DATABASE_URL, otherwise on an embedded PGlite served by the test.
 */
describe('database outage while replying (node dist/main)', () => {
  let sb: FakeSupportBoard;
  let wa: FakeWhatsApp;
  let proxy: TcpProxy;
  let database: TestDatabase | undefined;
  let embedded: EmbeddedHandle | undefined;
  let app: Started | undefined;
  let dir: string;
  let port: number;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'namwoo-outage-'));
    sb = await new FakeSupportBoard(SECRET).start();
    wa = await new FakeWhatsApp().start();
    let url: string;
    if (process.env.TEST_DATABASE_URL) {
      database = await createTestDatabase();
      url = database.env.DATABASE_URL;
    } else {
      embedded = await startEmbeddedPostgres(IN_MEMORY, { allowClient: false });
      url = embedded.url;
    }
    const target = new URL(url);
    proxy = await new TcpProxy(target.hostname, Number(target.port)).start();
    port = await freePort();
    app = await startMain(
      {
        PORT: String(port),
        HOST: '127.0.0.1',
        DATABASE_URL: proxy.urlFor(url),
        DATA_DIR: join(dir, 'data'),
        LOG_DIR: 'off',
        LOG_LEVEL: 'info',
        LOAD_DEMO_CATALOG: 'false',
        ...fakeChannelsEnv(sb, wa, SECRET),
        REPLY_QUIET_WINDOW_MS: '300',
        REPLY_RETRY_BASE_MS: '200',
        JOB_POLL_MS: '100',
      },
      dir,
    );
    sb.webhookUrl = `http://127.0.0.1:${port}/api/sb-webhook`;
  });
  afterAll(async () => {
    app?.child.kill('SIGKILL');
    await app?.exited;
    await proxy?.stop();
    await embedded?.close();
    await database?.drop();
    await sb?.stop();
    await wa?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('survives a 3 s loss mid-reply, logs it once each way, and answers the customer once', async () => {
    const { conversationId } = sb.addCustomer({
      channel: 'wa',
      phone: '+584125550401',
      extra: PHONE_NUMBER_ID,
    });
    // Support Board answers slowly, so the loss falls inside the reply job.
    sb.delayMs = 1_500;
    await sb.customerSays(conversationId, '¿tienen neveras?', { waid: 'wamid.O1' });
    await sleep(600);
    await proxy.cut();
    await sleep(3_000);
    await proxy.start();
    sb.delayMs = 0;

    // Well under the 60 s lease: a loss that swallows the lease's commit gives the lease back once the database is up.
    await until('the answer', () => wa.sends.find((s) => s.to === '584125550401'), 45_000);
    // Settled: give a duplicate every chance to appear.
    await sleep(2_000);
    expect(wa.sends.filter((s) => s.to === '584125550401')).toHaveLength(1);
    expect(sb.messagesFrom(conversationId, SB_BOT_ID)).toHaveLength(1);
    expect(app!.child.exitCode).toBeNull();

    const lines = app!.output().split('\n');
    expect(lines.filter((l) => l.includes('DATABASE UNREACHABLE'))).toHaveLength(1);
    const back = lines.filter((l) => l.includes('database reachable again'));
    expect(back).toHaveLength(1);
    expect(JSON.parse(back[0]).downForMs).toBeGreaterThan(0);
    expect(app!.output()).not.toMatch(/unhandled promise rejection/);
    const health = await fetch(`http://127.0.0.1:${port}/api/health`);
    expect(health.status).toBe(200);
  });

  it('health says the database is down while it is', async () => {
    await proxy.cut();
    try {
      const health = await until('health to report the loss', async () => {
        const r = await fetch(`http://127.0.0.1:${port}/api/health`);
        return r.status === 503 ? ((await r.json()) as { database: { status: string } }) : undefined;
      });
      expect(health?.database.status).toBe('down');
    } finally {
      await proxy.start();
    }
    expect(app!.child.exitCode).toBeNull();
  });
});
