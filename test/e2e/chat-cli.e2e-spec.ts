import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FakeOpenAi, step } from '../fakes/fake-openai';
import { ASSISTANT_CATALOG } from '../support/assistant-catalog';
import { loadThroughSync } from '../support/search-catalog-loader';
import { ROOT } from '../support/spawn';
import { startTestApp, type TestApp } from '../support/test-app';

/** Runs `node dist/cli chat` with `input` piped to stdin (build first: `npm test` does). */
function chat(
  input: string,
  env: Record<string, string>,
  args: string[] = [],
): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [join(ROOT, 'dist', 'cli.js'), 'chat', ...args], {
      cwd: ROOT,
      env: { PATH: process.env.PATH ?? '', LOG_DIR: 'off', LOG_FORMAT: 'json', ...env },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
    child.stdin.end(input);
  });
}

describe('node dist/cli chat', () => {
  let fake: FakeOpenAi;
  let app: TestApp;
  let dataDir: string;
  let dbEnv: Record<string, string>;

  beforeAll(async () => {
    fake = await new FakeOpenAi().start();
    dataDir = mkdtempSync(join(tmpdir(), 'namwoo-chat-'));
    // The CLI reaches the running app's embedded database through the socket it records under DATA_DIR.
    app = await startTestApp({ DATA_DIR: dataDir, EMBEDDING_DIMENSIONS: '384' });
    await loadThroughSync((token) => app.app.get(token), ASSISTANT_CATALOG);
    dbEnv = {
      EMBEDDING_DIMENSIONS: '384',
      ...(app.config.database.url ? { DATABASE_URL: app.config.database.url } : { DATA_DIR: dataDir }),
    };
  });
  afterAll(async () => {
    await app?.close();
    await fake?.stop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('answers piped questions offline when no API key is set', async () => {
    const { code, stdout } = await chat('¿tienen licuadoras?\nel primero\n', dbEnv);
    expect(code).toBe(0);
    expect(stdout).toContain('engine: offline');
    expect(stdout).toContain('→ search_local_products {"query_text":"licuadoras","filter_stock":true}');
    expect(stdout).toMatch(/bot> Encontré estas opciones:\n1\. \*Licuadora/);
    expect(stdout).toContain('*Licuadora Oster 600W* — $45.00');
    expect(stdout).toContain('→ get_live_product_details');
  });

  it('continues a conversation restarted with the same --session', async () => {
    const first = await chat('¿tienen licuadoras?\nel segundo\n', dbEnv, ['--session', 'tienda-1']);
    expect(first.stdout).toContain('session tienda-1');
    const picked = /bot> \*([^*]+)\* \(ref\./.exec(first.stdout)?.[1];
    expect(picked).toMatch(/^Licuadora/);
    const again = await chat('¿cuánto cuesta?\n', dbEnv, ['--session', 'tienda-1']);
    expect(again.stdout).toContain(`bot> *${picked}*`);
    expect(again.stdout).not.toContain('search_local_products');
    const fresh = await chat('¿cuánto cuesta?\n', dbEnv);
    expect(fresh.stdout).not.toContain(`*${picked}*`);
  });

  it('uses the OpenAI assistant when a key is set and shows tool calls, tokens and timing', async () => {
    fake.setScript((c) =>
      c.round === 0
        ? step.call('search_local_products', { query_text: 'licuadora oster', filter_stock: true })
        : step.text('La *Licuadora Oster 600W* cuesta $45.00.'),
    );
    const { code, stdout } = await chat('¿cuánto cuesta la licuadora oster?\n', {
      ...dbEnv,
      OPENAI_API_KEY: fake.apiKey,
      OPENAI_BASE_URL: fake.baseUrl,
      OPENAI_MAX_RETRIES: '0',
    });
    expect(code).toBe(0);
    expect(stdout).toContain('engine: openai');
    expect(stdout).toContain(
      '→ search_local_products {"query_text":"licuadora oster","filter_stock":true} ok',
    );
    expect(stdout).toContain('bot> La *Licuadora Oster 600W* cuesta $45.00.');
    expect(stdout).toMatch(/\[openai · \d+ ms · \d+\+\d+ tokens · 1 tool calls/);
  });
});

/** Strips terminal control sequences (cursor moves, colours) from what a pseudo-terminal shows. */
const ANSI = new RegExp(`${String.fromCharCode(27)}\\[[0-9;]*[A-Za-z]`, 'g');
const plain = (s: string): string => s.replace(ANSI, '').replace(/\r/g, '');

/** A child whose output can be awaited piece by piece. */
function interactive(command: string, args: string[], env: Record<string, string>) {
  const child = spawn(command, args, {
    cwd: ROOT,
    env: { PATH: process.env.PATH ?? '', LOG_DIR: 'off', LOG_FORMAT: 'json', ...env },
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  const exited = new Promise<number | null>((resolve) => child.on('close', resolve));
  const waitFor = async (text: string): Promise<void> => {
    while (!plain(stdout).includes(text)) {
      if (child.exitCode !== null) throw new Error(`exited before "${text}":\n${stdout}\n${stderr}`);
      await new Promise((r) => setTimeout(r, 100));
    }
  };
  return { child, exited, waitFor, stdout: () => plain(stdout), stderr: () => stderr };
}

const hasScript = spawnSync('script', ['--version']).status === 0;

describe('node dist/cli chat in a terminal and when its database goes away', () => {
  let dataDir: string;

  beforeAll(() => {
    dataDir = mkdtempSync(join(tmpdir(), 'namwoo-chat-tty-'));
  });
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

  // util-linux `script` gives the CLI a pseudo-terminal, as in a real terminal or tmux.
  (hasScript ? it : it.skip)('shows what the customer types after the prompt', async () => {
    const cli = `${JSON.stringify(process.execPath)} ${JSON.stringify(join(ROOT, 'dist', 'cli.js'))} chat`;
    const session = interactive('script', ['-qfec', cli, '/dev/null'], { DATA_DIR: join(dataDir, 'tty') });
    await session.waitFor('tú> ');
    session.child.stdin.write('hola\r');
    await session.waitFor('bot> ');
    session.child.stdin.write('/exit\r');
    expect(await session.exited).toBe(0);
    expect(session.stdout()).toMatch(/tú> hola\n/);
  });

  it('says on stderr why it cannot read the catalog when the app it was using stops', async () => {
    const app = await startTestApp({ DATA_DIR: join(dataDir, 'app'), EMBEDDING_DIMENSIONS: '384' });
    // With PostgreSQL the CLI has its own connections: only the embedded database dies with the app.
    const embedded = !app.config.database.url;
    const session = interactive(process.execPath, [join(ROOT, 'dist', 'cli.js'), 'chat'], {
      DATA_DIR: join(dataDir, 'app'),
      EMBEDDING_DIMENSIONS: '384',
      ...(embedded ? {} : { DATABASE_URL: app.config.database.url! }),
    });
    try {
      await session.waitFor('Namwoo chat');
      await app.app.close();
      session.child.stdin.end('¿tienen neveras?\n');
      expect(await session.exited).toBe(0);
    } finally {
      await app.database.drop();
    }
    if (!embedded) return;
    expect(session.stdout()).toContain('no puedo consultar el catálogo');
    expect(session.stderr()).toMatch(/^namwoo: the catalog could not be read: .*still running\?\)\n$/);
  });
});
