/**
 * `npm run bench:webhook`: sustained load of valid customer `message-sent` webhooks against the whole app on
 * PostgreSQL, then the same load against a bare Node `http` server doing the same INSERT (the floor). Prints req/s
 * and acknowledgement latency p50/p95/p99 for both and checks every message was recorded exactly once.
 *
 *   DATABASE_URL=postgresql://namwoo:namwoo@127.0.0.1:5432/namwoo_bench_wh npm run bench:webhook [-- --rate 500 --seconds 20]
 *
 * The database is wiped (inbox, replies, pg-boss jobs) before each run: point it at a bench database. The load
 * generator runs in a child process so it does not share the app's event loop. Reply jobs are queued with a quiet
 * window longer than the run, so the figures are the webhook's own cost (record + enqueue), not the assistant's.
 */
import 'reflect-metadata';
import { fork } from 'node:child_process';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import autocannon from 'autocannon';
import { Client, Pool } from 'pg';
import { createApp } from '../src/bootstrap';
import { AppLogger } from '../src/common/logging/app-logger';
import { loadConfig } from '../src/config/app-config';
import { ReplyQueue } from '../src/conversation/reply-queue.service';
import { FakeSupportBoard, SB_ADMIN_TOKEN, SB_BOT_ID } from '../test/fakes/fake-support-board';

const SECRET = 'bench-secret';
/** About two messages per conversation in a 20 s run: most requests pay for the INSERT and the job enqueue. */
const CONVERSATIONS = 5000;

function arg(name: string, fallback: number): number {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? Number(process.argv[i + 1]) : fallback;
}

interface LoadResult {
  requests: number;
  non2xx: number;
  errors: number;
  rps: number;
  p50: number;
  p95: number;
  p99: number;
  max: number;
  firstId: number;
}

// ---- child: the load generator ---------------------------------------------------------------------------------

function pct(sorted: number[], p: number): number {
  if (!sorted.length) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

async function generateLoad(
  url: string,
  rate: number,
  seconds: number,
  firstId: number,
): Promise<LoadResult> {
  let next = firstId;
  const latencies: number[] = [];
  const result = await new Promise<autocannon.Result>((resolve, reject) => {
    const instance = autocannon(
      {
        url,
        method: 'POST',
        connections: 50,
        overallRate: rate,
        duration: seconds,
        headers: { 'content-type': 'application/json' },
        requests: [
          {
            setupRequest: (req) => {
              const id = next++;
              const conv = String(7000 + (id % CONVERSATIONS));
              const user = String(90000 + (id % CONVERSATIONS));
              return {
                ...req,
                body: JSON.stringify({
                  function: 'message-sent',
                  key: SECRET,
                  data: {
                    user_id: id % 2 ? user : Number(user),
                    message_id: id,
                    message: `hola, ¿tienen licuadoras de 600W? (${id})`,
                    attachments: [],
                    conversation_user_id: user,
                    conversation_id: conv,
                    conversation_status_code: 2,
                    conversation_source: 'wa',
                  },
                  'sender-url': '',
                }),
              };
            },
          },
        ],
      },
      (err: Error | null, res) => (err ? reject(err) : resolve(res)),
    );
    instance.on('response', (_client, _status, _bytes, responseTime) => latencies.push(responseTime));
  });
  latencies.sort((a, b) => a - b);
  return {
    requests: result.requests.total,
    non2xx: result.non2xx,
    errors: result.errors + result.timeouts,
    rps: result.requests.average,
    p50: pct(latencies, 50),
    p95: pct(latencies, 95),
    p99: pct(latencies, 99),
    max: latencies[latencies.length - 1] ?? NaN,
    firstId,
  };
}

function loadInChild(url: string, rate: number, seconds: number, firstId: number): Promise<LoadResult> {
  return new Promise((resolve, reject) => {
    const child = fork(__filename, ['--child', url, String(rate), String(seconds), String(firstId)], {
      execArgv: ['-r', 'ts-node/register/transpile-only'],
    });
    child.once('message', (m) => resolve(m as LoadResult));
    child.once('error', reject);
    child.once('exit', (code) =>
      code ? reject(new Error(`load generator exited with ${code}`)) : undefined,
    );
  });
}

// ---- parent: the servers ---------------------------------------------------------------------------------------

const INSERT = `INSERT INTO inbox_messages (sb_message_id, conversation_id, customer_user_id, channel, text, attachments, status)
  VALUES ($1, $2, $3, $4, $5, $6, 'pending') ON CONFLICT (sb_message_id) DO NOTHING RETURNING id`;

async function wipe(url: string): Promise<void> {
  const c = new Client({ connectionString: url });
  await c.connect();
  try {
    await c.query(`TRUNCATE inbox_messages, replies`);
    await c.query(
      `DO $$ BEGIN IF to_regclass('pgboss.job') IS NOT NULL THEN DELETE FROM pgboss.job; END IF; END $$`,
    );
  } finally {
    await c.end();
  }
}

async function check(url: string, expected: number, firstId: number): Promise<string> {
  const c = new Client({ connectionString: url });
  await c.connect();
  try {
    const [r] = (
      await c.query<{ total: number; distinct: number; inrange: number }>(
        `SELECT count(*)::int AS total, count(DISTINCT sb_message_id)::int AS distinct,
                count(*) FILTER (WHERE sb_message_id::bigint >= $1)::int AS inrange FROM inbox_messages`,
        [firstId],
      )
    ).rows;
    // Requests still in flight when the run stops are stored but not counted as acknowledged by autocannon.
    const once = r.total === r.distinct && r.total >= expected;
    return `${r.total} rows for ${expected} acknowledged messages (+${r.total - expected} in flight at the stop), ${r.distinct} distinct ids → ${once ? 'every message recorded exactly once' : 'MISMATCH'}`;
  } finally {
    await c.end();
  }
}

async function ensureDatabase(url: string): Promise<void> {
  const c = new Client({ connectionString: url });
  try {
    await c.connect();
    await c.end();
  } catch (e) {
    if (!/does not exist/.test((e as Error).message)) throw e;
    const u = new URL(url);
    const name = u.pathname.slice(1);
    u.pathname = '/postgres';
    const admin = new Client({ connectionString: u.toString() });
    await admin.connect();
    await admin.query(`CREATE DATABASE "${name}"`);
    await admin.end();
  }
}

function row(name: string, r: LoadResult): string {
  const f = (n: number) => n.toFixed(1).padStart(7);
  return `${name.padEnd(22)} ${String(Math.round(r.rps)).padStart(6)} req/s  p50 ${f(r.p50)} ms  p95 ${f(r.p95)} ms  p99 ${f(r.p99)} ms  max ${f(r.max)} ms  (${r.requests} requests, ${r.non2xx} non-2xx, ${r.errors} errors)`;
}

async function main(): Promise<void> {
  const url = process.env.DATABASE_URL ?? 'postgresql://namwoo:namwoo@127.0.0.1:5432/namwoo_bench_wh';
  const rate = arg('rate', 500);
  const seconds = arg('seconds', 20);
  await ensureDatabase(url);
  // Before the app starts: its start-up recovery would otherwise pick up a previous run's messages.
  await wipe(url).catch(() => undefined);
  const sb = await new FakeSupportBoard(SECRET).start();
  const config = loadConfig({
    NODE_ENV: 'production',
    LOG_LEVEL: 'warn',
    LOG_FORMAT: 'json',
    LOG_DIR: 'off',
    DATABASE_URL: url,
    SUPPORT_BOARD_API_URL: sb.apiUrl,
    SUPPORT_BOARD_API_TOKEN: SB_ADMIN_TOKEN,
    SUPPORT_BOARD_BOT_USER_ID: SB_BOT_ID,
    SUPPORT_BOARD_WEBHOOK_SECRET: SECRET,
    // The longest window the config allows; runs longer than ~55 s start answering during the measurement.
    REPLY_QUIET_WINDOW_MS: '60000',
  });
  const app = await createApp(config, new AppLogger(config.log));
  await app.listen(0, '127.0.0.1');
  const appUrl = `http://127.0.0.1:${(app.getHttpServer().address() as AddressInfo).port}/api/sb-webhook`;

  process.stdout.write(
    `Webhook bench on ${new URL(url).host}${new URL(url).pathname}: ${rate} req/s for ${seconds} s\n`,
  );
  await loadInChild(appUrl, rate, 2, 1); // warm-up (JIT, pools)
  await wipe(url);
  await app.get(ReplyQueue).forgetQueued();
  const appResult = await loadInChild(appUrl, rate, seconds, 1_000_000);
  const appCheck = await check(url, appResult.requests - appResult.non2xx - appResult.errors, 1_000_000);
  await app.close();
  await sb.stop();

  // The floor: a bare Node server doing only the same INSERT over a pg pool of the same size.
  await wipe(url);
  const pool = new Pool({ connectionString: url, max: config.database.poolSize });
  const bare = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as { data: Record<string, unknown> };
      const d = body.data;
      pool
        .query(INSERT, [
          String(d.message_id),
          d.conversation_id,
          String(d.user_id),
          d.conversation_source,
          d.message,
          '[]',
        ])
        .then(() => {
          res.writeHead(200, { 'content-type': 'application/json' });
          res.end('{"ok":true}');
        })
        .catch(() => {
          res.writeHead(500);
          res.end();
        });
    });
  });
  await new Promise<void>((r) => bare.listen(0, '127.0.0.1', r));
  const bareUrl = `http://127.0.0.1:${(bare.address() as AddressInfo).port}/`;
  await loadInChild(bareUrl, rate, 2, 1);
  await wipe(url);
  const bareResult = await loadInChild(bareUrl, rate, seconds, 1_000_000);
  const bareCheck = await check(url, bareResult.requests - bareResult.non2xx - bareResult.errors, 1_000_000);
  bare.close();
  await pool.end();

  process.stdout.write(`${row('Namwoo /api/sb-webhook', appResult)}\n  ${appCheck}\n`);
  process.stdout.write(`${row('bare node INSERT', bareResult)}\n  ${bareCheck}\n`);
  process.stdout.write(
    `Goal p99 < 20 ms at ${rate} req/s: ${appResult.p99 < 20 && appResult.non2xx === 0 ? 'met' : 'NOT met'}\n`,
  );
}

if (process.argv[2] === '--child') {
  const [, , , url, rate, seconds, firstId] = process.argv;
  generateLoad(url, Number(rate), Number(seconds), Number(firstId))
    .then((r) => {
      process.send?.(r);
      process.exit(0);
    })
    .catch((e: unknown) => {
      process.stderr.write(`${(e as Error).message}\n`);
      process.exit(1);
    });
} else {
  main().catch((e: unknown) => {
    process.stderr.write(`bench:webhook failed: ${(e as Error).stack ?? String(e)}\n`);
    process.exit(1);
  });
}
