/**
 * What the benchmarks share: the fake servers in their own process (scripts/bench-fakes.ts), scratch PostgreSQL
 * databases, and `node dist/cli sync` run under GNU time so its peak RSS is the operating system's figure.
 */
import { spawn, type ChildProcessByStdio } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { cpus, loadavg, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import { createInterface, type Interface } from 'node:readline';
import type { Readable, Writable } from 'node:stream';
import { Client } from 'pg';
import type { SyncSummary } from '../src/sync/sync.types';

/** The `--json` summary the CLI prints (the fields the benchmarks read). */
export type Summary = Pick<
  SyncSummary,
  'status' | 'fetched' | 'created' | 'updated' | 'deleted' | 'embedded' | 'embeddingBatches' | 'durationMs'
>;

export interface Measured {
  summary: Summary;
  wallS: number;
  peakRssMb: number;
  cpuS: number;
  load: string;
}

export function arg(name: string, fallback: string): string {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? process.argv[i + 1] : fallback;
}

export const load = (): string =>
  loadavg()
    .map((l) => l.toFixed(2))
    .join(' ');

export class Fakes {
  private constructor(
    private readonly child: ChildProcessByStdio<Writable, Readable, null>,
    private readonly lines: Interface,
    readonly env: Record<string, string>,
    readonly variations: number,
  ) {}

  static async start(products: string, latency: string, flags: string[] = []): Promise<Fakes> {
    const child = spawn(
      process.execPath,
      [
        '-r',
        'ts-node/register/transpile-only',
        join(__dirname, 'bench-fakes.ts'),
        '--products',
        products,
        '--latency',
        latency,
        ...flags,
      ],
      { stdio: ['pipe', 'pipe', 'inherit'] },
    );
    const lines = createInterface({ input: child.stdout });
    const first = await Fakes.nextLine(lines);
    const ready = JSON.parse(first) as { env: Record<string, string>; variations: number };
    return new Fakes(child, lines, ready.env, ready.variations);
  }

  private static nextLine(lines: Interface): Promise<string> {
    return new Promise((resolve, reject) => {
      lines.once('line', resolve);
      lines.once('close', () => reject(new Error('the fake servers ended')));
    });
  }

  /** Sends one command line and returns the JSON answer (see scripts/bench-fakes.ts). */
  async command<T>(line: string): Promise<T> {
    const next = Fakes.nextLine(this.lines);
    this.child.stdin.write(`${line}\n`);
    return JSON.parse(await next) as T;
  }

  stats(): Promise<{ wooRequests: number; embeddingRequests: number; embeddingInputs: number }> {
    return this.command('stats');
  }

  stop(): void {
    this.child.stdin.end();
  }
}

export async function scratchDatabase(
  serverUrl: string,
): Promise<{ url: string; drop: () => Promise<void> }> {
  const name = `namwoo_bench_${process.pid}_${randomBytes(3).toString('hex')}`;
  const admin = new Client({ connectionString: serverUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE "${name}"`);
  await admin.end();
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    drop: async () => {
      const c = new Client({ connectionString: serverUrl });
      await c.connect();
      await c.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
      await c.end();
    },
  };
}

/**
 * The database a benchmark measures and the environment pointing at it: a fresh `DATA_DIR` for the embedded
 * database, a scratch database on `serverUrl` for PostgreSQL; `cleanup` removes either.
 */
export async function benchDatabaseEnv(
  kind: 'embedded' | 'pg',
  fakes: Fakes,
  serverUrl: string | undefined,
  extra: Record<string, string> = {},
): Promise<{ env: Record<string, string>; cleanup: () => Promise<void> }> {
  const dataDir = kind === 'embedded' ? mkdtempSync(join(tmpdir(), 'namwoo-bench-')) : undefined;
  const scratch = kind === 'pg' ? await scratchDatabase(serverUrl!) : undefined;
  return {
    env: {
      ...fakes.env,
      NODE_ENV: 'production',
      LOG_LEVEL: 'warn',
      LOG_DIR: 'off',
      LOAD_DEMO_CATALOG: 'false',
      ...extra,
      ...(scratch ? { DATABASE_URL: scratch.url } : { DATA_DIR: join(dataDir!, 'data') }),
    },
    cleanup: async () => {
      if (dataDir) rmSync(dataDir, { recursive: true, force: true });
      await scratch?.drop();
    },
  };
}

/** The machine line every benchmark prints first. */
export const machine = (): string =>
  `${cpus().length} × ${cpus()[0]?.model ?? '?'}, ${(totalmem() / 2 ** 30).toFixed(0)} GB, Node ${process.version}`;

/** One `node dist/cli sync --full --json` under GNU time: its own summary, and the kernel's figures for it. */
export function runSync(env: Record<string, string>): Promise<Measured> {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const child = spawn('/usr/bin/time', ['-v', process.execPath, 'dist/cli', 'sync', '--full', '--json'], {
      env: { PATH: process.env.PATH ?? '', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    let err = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    child.on('error', reject);
    child.on('close', (code) => {
      const wallS = (performance.now() - started) / 1000;
      const line = out.trim().split('\n').pop() ?? '';
      const field = (label: string): number =>
        Number(new RegExp(`${label}: ([\\d.]+)`).exec(err)?.[1] ?? NaN);
      let summary: Summary;
      try {
        summary = JSON.parse(line) as Summary;
      } catch {
        reject(new Error(`sync exited ${code} without a JSON summary:\n${out}\n${err}`));
        return;
      }
      resolve({
        summary,
        wallS,
        peakRssMb: field('Maximum resident set size \\(kbytes\\)') / 1024,
        cpuS: field('User time \\(seconds\\)') + field('System time \\(seconds\\)'),
        load: load(),
      });
    });
  });
}
