import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { spawn } from 'node:child_process';
import { Client } from 'pg';
import { ROOT, runNode, startMain, type Started } from '../support/spawn';
import { freePort } from '../support/e2e';

/** The built app and CLI as an operator runs them: `node dist/main`, `node dist/cli`, on the embedded database. */
describe('node dist/main and node dist/cli', () => {
  let dir: string;
  let app: Started | undefined;

  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'namwoo-proc-'));
  });
  afterAll(() => {
    app?.child.kill('SIGKILL');
    rmSync(dir, { recursive: true, force: true });
  });

  it('refuses a bad PORT with one message naming it, before touching the database', async () => {
    const r = await runNode('main.js', [], { PORT: 'notaport', DATA_DIR: join(dir, 'never') }, dir);
    expect(r.code).not.toBe(0);
    expect(r.stderr).toContain('PORT="notaport": PORT must be a whole number between 0 and 65535');
    expect(existsSync(join(dir, 'never'))).toBe(false);
  });

  it('on a port in use, fails with one line that says so, before opening the database', async () => {
    const busy = createServer();
    await new Promise<void>((resolve) => busy.listen(0, '127.0.0.1', resolve));
    const { port } = busy.address() as { port: number };
    try {
      const env = { PORT: String(port), HOST: '127.0.0.1', DATA_DIR: join(dir, 'busy'), LOG_DIR: 'off' };
      const r = await runNode('main.js', [], env, dir);
      expect(r.code).not.toBe(0);
      const lines = (r.stdout + r.stderr).trim().split('\n');
      expect(lines).toHaveLength(1);
      expect(lines[0]).toContain(`port ${port} on 127.0.0.1 is already in use`);
      expect(existsSync(join(dir, 'busy'))).toBe(false);
    } finally {
      busy.close();
    }
  });

  it('serves on the embedded database, lets the CLI use it while running, stops on SIGTERM with exit 0, and keeps the data', async () => {
    const port = await freePort();
    const env = {
      PORT: String(port),
      DATA_DIR: join(dir, 'data'),
      LOG_DIR: join(dir, 'logs'),
      LOAD_DEMO_CATALOG: 'false',
    };
    app = await startMain(env, dir);
    const health = await fetch(`http://127.0.0.1:${port}/api/health`);
    expect(health.status).toBe(200);
    expect(await health.json()).toMatchObject({ database: { status: 'up', kind: 'embedded' } });
    const missing = await fetch(`http://127.0.0.1:${port}/api/nope`, {
      headers: { 'x-correlation-id': 'trace-42' },
    });
    expect(missing.status).toBe(404);

    // A second app on the same files is refused; the CLI talks to the running app's database instead.
    const second = await runNode('main.js', [], { ...env, PORT: String(await freePort()) }, dir);
    expect(second.code).not.toBe(0);
    expect(second.stdout + second.stderr).toContain('in use by another Namwoo process');
    const migrate = await runNode('cli.js', ['migrate'], env, dir);
    expect(migrate.stderr).toBe('');
    expect(migrate.stdout).toContain('Schema is up to date');
    expect(migrate.code).toBe(0);

    app.child.kill('SIGTERM');
    expect(await app.exited).toBe(0);
    app = undefined;
    expect(existsSync(join(dir, 'data', 'namwoo.lock'))).toBe(false);
    const log = readFileSync(join(dir, 'logs', 'app.log'), 'utf8');
    expect(log).toContain('"msg":"stopped"');
    expect(log).toMatch(/"correlationId":"trace-42".*"msg":"GET \/api\/nope 404"/);

    // Second start: the stored data (and applied migrations) are reused.
    const again = await runNode('cli.js', ['migrate'], env, dir);
    expect(again.code).toBe(0);
    expect(again.stdout).toContain('Schema is up to date');
  });

  it('CLI: `db` serves the embedded database to psql until Ctrl-C', async () => {
    const child = spawn(process.execPath, [join(ROOT, 'dist', 'cli.js'), 'db'], {
      cwd: dir,
      env: { PATH: process.env.PATH ?? '', DATA_DIR: join(dir, 'db'), LOG_DIR: 'off' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const exited = new Promise<number | null>((resolve) => child.on('close', resolve));
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    while (!out.includes('Ctrl-C')) {
      if (child.exitCode !== null) throw new Error(`cli db exited: ${out}`);
      await new Promise((r) => setTimeout(r, 100));
    }
    const url = /^psql (postgresql:\/\/\S+)$/m.exec(out)?.[1];
    expect(url).toBeDefined();
    const client = new Client({ connectionString: url });
    await client.connect();
    const { rows } = await client.query<{ n: number }>('SELECT count(*)::int AS n FROM products');
    await client.end();
    expect(rows).toEqual([{ n: 0 }]);
    child.kill('SIGINT');
    expect(await exited).toBe(0);
    expect(existsSync(join(dir, 'db', 'namwoo.lock'))).toBe(false);
  });

  it('CLI: --help lists commands, unknown commands and options exit non-zero with one line', async () => {
    const env = { DATA_DIR: join(dir, 'cli') };
    const help = await runNode('cli.js', ['--help'], env, dir);
    expect(help.code).toBe(0);
    expect(help.stdout).toContain('migrate');
    expect(help.stdout).toMatch(/^Usage: namwoo /);

    const unknown = await runNode('cli.js', ['frobnicate'], env, dir);
    expect(unknown.code).not.toBe(0);
    expect(unknown.stderr.trim().split('\n')).toHaveLength(1);
    expect(unknown.stderr).toContain("unknown command 'frobnicate'");

    const badOption = await runNode('cli.js', ['migrate', '--nope'], env, dir);
    expect(badOption.code).not.toBe(0);
    expect(badOption.stderr).toContain("unknown option '--nope'");
  });
});
