/**
 * `npm run bench:replies`: reply throughput of one instance with an instant assistant. N conversations each get
 * one customer message through the real webhook; the app answers all of them on WhatsApp (fake Cloud API) and logs
 * them in Support Board (fake). Prints replies per second from the first webhook to the last WhatsApp send, and
 * per-reply latency (webhook → WhatsApp send) p50/p95, so the pipeline's own cost (queue, lease, records,
 * delivery) is measured rather than the LLM's.
 *
 *   npm run bench:replies [-- --conversations 600 --concurrency 8]                 (embedded database)
 *   DATABASE_URL=postgresql://namwoo:namwoo@127.0.0.1:5432/namwoo_bench npm run bench:replies
 *
 * The fakes run in the same process as the app (they share its event loop), so the figures are a lower bound.
 */
import 'reflect-metadata';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DataSource } from 'typeorm';
import { Answerer, type AnswerResult } from '../src/assistant/answerer';
import { createApp } from '../src/bootstrap';
import { AppLogger } from '../src/common/logging/app-logger';
import { loadConfig } from '../src/config/app-config';
import { FakeSupportBoard, SB_ADMIN_TOKEN, SB_BOT_ID } from '../test/fakes/fake-support-board';
import { FakeWhatsApp, WA_TOKEN } from '../test/fakes/fake-whatsapp';

const SECRET = 'bench-secret';

function arg(name: string, fallback: number): number {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? Number(process.argv[i + 1]) : fallback;
}

const pct = (sorted: number[], p: number): number =>
  sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];

async function main(): Promise<void> {
  const n = arg('conversations', 600);
  const concurrency = arg('concurrency', 8);
  const dir = mkdtempSync(join(tmpdir(), 'namwoo-bench-replies-'));
  const sb = await new FakeSupportBoard(SECRET).start();
  const wa = await new FakeWhatsApp().start();
  const config = loadConfig({
    ...(process.env.DATABASE_URL
      ? { DATABASE_URL: process.env.DATABASE_URL }
      : { DATA_DIR: join(dir, 'data') }),
    LOG_LEVEL: 'warn',
    LOG_DIR: 'off',
    LOAD_DEMO_CATALOG: 'false',
    SUPPORT_BOARD_API_URL: sb.apiUrl,
    SUPPORT_BOARD_API_TOKEN: SB_ADMIN_TOKEN,
    SUPPORT_BOARD_BOT_USER_ID: SB_BOT_ID,
    SUPPORT_BOARD_WEBHOOK_SECRET: SECRET,
    WHATSAPP_CLOUD_API_TOKEN: WA_TOKEN,
    WHATSAPP_GRAPH_API_URL: wa.url,
    REPLY_QUIET_WINDOW_MS: '0',
    REPLY_CONCURRENCY: String(concurrency),
  });
  const app = await createApp(config, new AppLogger(config.log));
  await app.listen(0, '127.0.0.1');
  const { port } = app.getHttpServer().address() as { port: number };
  sb.webhookUrl = `http://127.0.0.1:${port}/api/sb-webhook`;
  const instant: AnswerResult = {
    text: 'Sí, lo tenemos.',
    engine: 'offline',
    handoff: false,
    usage: null,
    groundingViolations: 0,
  };
  app.get(Answerer).answer = () => Promise.resolve(instant);

  // The fakes number conversations and messages from the same start every run: on a database that already holds a
  // run's messages, the new ones are taken for duplicates and never answered.
  const [{ n: earlier }] = await app
    .get(DataSource)
    .query<{ n: number }[]>(`SELECT count(*)::int AS n FROM inbox_messages`);
  if (earlier > 0) {
    throw new Error(
      `the database already holds ${earlier} inbox messages from an earlier run; bench:replies needs an empty one (drop and re-create it)`,
    );
  }
  const sentAt = new Map<string, number>();
  const customers = Array.from({ length: n }, (_, i) =>
    sb.addCustomer({ channel: 'wa', phone: `+58412${String(1_000_000 + i)}`, extra: '104729385610234' }),
  );
  const started = Date.now();
  // Webhooks 20 at a time, as Support Board would deliver them for 20 busy conversations.
  for (let i = 0; i < n; i += 20) {
    await Promise.all(
      customers.slice(i, i + 20).map(async (c, j) => {
        sentAt.set(`58412${String(1_000_000 + i + j)}`, Date.now());
        await sb.customerSays(c.conversationId, '¿lo tienen?', { waid: `wamid.bench.${i + j}` });
      }),
    );
  }
  const webhooksDone = Date.now();
  const deadline = Date.now() + arg('deadline-seconds', 600) * 1000;
  while (wa.sends.length < n && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
  const finished = Date.now();
  const latencies = wa.sends.map((s) => s.at - (sentAt.get(s.to) ?? started)).sort((a, b) => a - b);
  const seconds = (finished - started) / 1000;
  console.log(
    JSON.stringify(
      {
        database: process.env.DATABASE_URL ? 'postgres' : 'embedded',
        conversations: n,
        concurrency,
        answered: wa.sends.length,
        duplicates: wa.sends.length - new Set(wa.sends.map((s) => s.to)).size,
        webhookSeconds: (webhooksDone - started) / 1000,
        totalSeconds: seconds,
        repliesPerSecond: Math.round((wa.sends.length / seconds) * 10) / 10,
        latencyMs: { p50: pct(latencies, 50), p95: pct(latencies, 95), max: latencies.at(-1) },
      },
      null,
      2,
    ),
  );
  await app.close();
  await sb.stop();
  await wa.stop();
  rmSync(dir, { recursive: true, force: true });
}

void main().then(
  () => process.exit(0),
  (e: unknown) => {
    console.error(e);
    process.exit(1);
  },
);
