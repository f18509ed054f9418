/**
 * `npm run bench:steady`: the app's resident memory in its steady state, as the operating system sees it. For each
 * database: `node dist/cli sync --full` loads 10,000 generated products from the fake store, then the app
 * (`node dist/main`, offline assistant, no OpenAI key) starts on that database; RSS is read from /proc every second
 * while it is idle, and while new customers write at 20 conversations per second through the fake Support Board
 * (each answered on the fake WhatsApp after a catalog search). The fakes run in their own process.
 *
 *   npm run bench:steady [-- --products 10000 --rate 20 --seconds 30 --idle 20 --db embedded|pg|both]
 *
 * PostgreSQL uses a scratch database on the server of `DATABASE_URL` (or `TEST_DATABASE_URL`), created and dropped.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { arg, benchDatabaseEnv, Fakes, load, machine, runSync } from './bench-processes';

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

function rssMb(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  return Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? NaN) / 1024;
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

/** Samples the app's RSS every second while `during` runs (or for `seconds`). */
async function sample(pid: number, during: Promise<unknown> | number): Promise<{ avg: number; max: number }> {
  const values: number[] = [];
  let done = false;
  const until = typeof during === 'number' ? sleep(during * 1000) : during;
  void until.finally(() => (done = true));
  while (!done) {
    values.push(rssMb(pid));
    await Promise.race([sleep(1000), until]);
  }
  values.push(rssMb(pid));
  return { avg: values.reduce((a, b) => a + b, 0) / values.length, max: Math.max(...values) };
}

async function startApp(env: Record<string, string>, port: number): Promise<ChildProcess> {
  const app = spawn(process.execPath, ['dist/main'], {
    env: { PATH: process.env.PATH ?? '', ...env, PORT: String(port) },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const deadline = Date.now() + 120_000;
  while (Date.now() < deadline) {
    if (app.exitCode !== null) throw new Error(`the app exited with ${app.exitCode}`);
    try {
      const res = await fetch(`http://127.0.0.1:${port}/api/health`);
      if (res.ok) return app;
    } catch {
      // not listening yet
    }
    await sleep(500);
  }
  app.kill('SIGTERM');
  throw new Error('the app did not answer /api/health within 120 s');
}

async function benchDatabase(
  kind: 'embedded' | 'pg',
  fakes: Fakes,
  serverUrl: string | undefined,
): Promise<void> {
  // The steady state without a catalog sync running in the middle of it.
  const { env, cleanup } = await benchDatabaseEnv(kind, fakes, serverUrl, { SYNC_INTERVAL_MINUTES: '0' });
  const label = kind === 'pg' ? 'PostgreSQL' : 'embedded PGlite';
  let app: ChildProcess | undefined;
  try {
    const synced = await runSync(env);
    const port = await freePort();
    app = await startApp(env, port);
    await fakes.command(`webhook http://127.0.0.1:${port}/api/sb-webhook`);
    await sleep(10_000);
    const idle = await sample(app.pid!, Number(arg('idle', '20')));
    const rate = Number(arg('rate', '20'));
    const seconds = Number(arg('seconds', '30'));
    const driving = fakes.command<{ sent: number; answered: number }>(`drive ${rate} ${seconds}`);
    const busy = await sample(app.pid!, driving);
    const { sent, answered } = await driving;
    const after = await sample(app.pid!, 5);
    process.stdout.write(
      `${label}: ${synced.summary.fetched} rows synced; idle RSS ${idle.avg.toFixed(0)} MB (max ${idle.max.toFixed(0)}); ` +
        `${rate} conversations/s for ${seconds} s: ${answered}/${sent} answered, RSS max ${busy.max.toFixed(0)} MB ` +
        `(avg ${busy.avg.toFixed(0)}), ${after.avg.toFixed(0)} MB 5 s later; load ${load()}\n`,
    );
  } finally {
    if (app && app.exitCode === null) {
      const exited = new Promise((r) => app!.once('exit', r));
      app.kill('SIGTERM');
      await Promise.race([exited, sleep(15_000)]);
      if (app.exitCode === null) app.kill('SIGKILL');
    }
    await cleanup();
  }
}

async function main(): Promise<void> {
  if (!existsSync('dist/main.js')) throw new Error('dist/main.js is missing: run `npm run build` first');
  const serverUrl = process.env.DATABASE_URL ?? process.env.TEST_DATABASE_URL;
  const db = arg('db', serverUrl ? 'both' : 'embedded');
  if (db !== 'embedded' && !serverUrl) throw new Error('--db pg needs DATABASE_URL or TEST_DATABASE_URL');
  const products = arg('products', '10000');
  const fakes = await Fakes.start(products, '0', ['--replies']);
  process.stdout.write(
    `machine: ${machine()}; ` +
      `catalog: ${products} products + ${fakes.variations} variations; offline assistant; load ${load()}\n`,
  );
  try {
    for (const kind of db === 'both' ? (['embedded', 'pg'] as const) : [db as 'embedded' | 'pg']) {
      await benchDatabase(kind, fakes, serverUrl);
    }
  } finally {
    fakes.stop();
  }
}

main().catch((e: unknown) => {
  process.stderr.write(`bench:steady failed: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
  process.exit(1);
});
