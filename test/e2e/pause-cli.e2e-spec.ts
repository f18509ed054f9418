import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runNode } from '../support/spawn';
import { createTestDatabase, type TestDatabase } from '../support/test-database';

/** `node dist/cli pause|resume|pauses` (build first: `npm test` does). */
describe('pause CLI', () => {
  let database: TestDatabase;
  let dataDir: string | undefined;
  let env: Record<string, string>;
  const cli = (...args: string[]) => runNode('cli.js', args, env);

  beforeAll(async () => {
    database = await createTestDatabase();
    if (database.kind === 'embedded') dataDir = mkdtempSync(join(tmpdir(), 'namwoo-pause-'));
    env = {
      NODE_ENV: 'test',
      LOG_DIR: 'off',
      LOG_LEVEL: 'error',
      HUMAN_TAKEOVER_PAUSE_MINUTES: '45',
      ...database.env,
      ...(dataDir ? { DATA_DIR: dataDir } : {}),
    };
  });
  afterAll(async () => {
    await database?.drop();
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  });

  it('pauses, lists and resumes a conversation', async () => {
    const none = await cli('pauses');
    expect(none).toMatchObject({ code: 0 });
    expect(none.stdout).toMatch(/No active pauses/);

    const paused = await cli('pause', '5120', '--minutes', '10');
    expect(paused.code).toBe(0);
    expect(paused.stdout).toMatch(/Conversation 5120 paused until/);
    await cli('pause', '5121');

    const list = await cli('pauses');
    expect(list.stdout).toMatch(/^5120\t.*\((9|10) min\)\tmanual\tby cli$/m);
    expect(list.stdout).toMatch(/^5121\t.*\((44|45) min\)\tmanual/m);

    const resumed = await cli('resume', '5120');
    expect(resumed.stdout).toMatch(/Conversation 5120 resumed/);
    expect((await cli('resume', '5120')).stdout).toMatch(/was not paused/);
    expect((await cli('pauses')).stdout).not.toMatch(/^5120\t/m);
  });

  it('refuses a bad --minutes with a one-line reason and a non-zero exit', async () => {
    const r = await cli('pause', '5120', '--minutes', 'soon');
    expect(r.code).not.toBe(0);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(/--minutes must be a positive number/);
  });
});
