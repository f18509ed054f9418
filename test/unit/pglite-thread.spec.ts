import { mkdtempSync, readFileSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Logger } from '@nestjs/common';
import { startPGliteServer } from '../../src/database/pglite-thread';
import { until } from '../support/e2e';

/**
 * The embedded database's thread (`pglite-thread.ts`), driven with a stand-in worker script that speaks the same
 * messages: a thread that dies is started again on the same port, and closing waits for the thread to close.
 * (The real worker, which serves PGlite, runs in every e2e test that starts `node dist/main` or `node dist/cli`.)
 */
describe('the embedded database thread', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'namwoo-thread-'));
  });
  afterEach(() => {
    jest.restoreAllMocks();
    rmSync(dir, { recursive: true, force: true });
  });

  // Counts its starts in a file, listens on the port it is given, and the first time ends itself after 100 ms;
  // the starts listed in `failing` (counted from 0) refuse to start instead.
  const fakeWorker = (failing: number[] = []): string => {
    const script = join(dir, 'worker.js');
    writeFileSync(
      script,
      `const { parentPort, workerData } = require('node:worker_threads');
       const fs = require('node:fs');
       const log = workerData.dataDir;
       const starts = fs.existsSync(log) ? fs.readFileSync(log, 'utf8').split('\\n').filter(Boolean).length : 0;
       fs.appendFileSync(log, 'port ' + workerData.port + '\\n');
       if (${JSON.stringify(failing)}.includes(starts)) {
         parentPort.postMessage({ type: 'failed', message: 'the files are locked' });
         return;
       }
       const server = require('node:net').createServer((s) => s.end('up')).listen(workerData.port, '127.0.0.1', () => {
         parentPort.postMessage({ type: 'ready', host: '127.0.0.1', port: server.address().port });
         if (starts === 0) setTimeout(() => process.exit(3), 100);
       });
       parentPort.on('message', (m) => {
         if (m === 'close') server.close(() => { fs.appendFileSync(log + '.closed', 'yes'); parentPort.postMessage({ type: 'closed' }); });
       });`,
    );
    return script;
  };

  const answer = (port: number): Promise<string> =>
    new Promise((resolve, reject) => {
      const socket = connect({ host: '127.0.0.1', port });
      let text = '';
      socket.on('data', (d) => (text += d.toString()));
      socket.on('end', () => resolve(text));
      socket.on('error', reject);
    });

  it('starts a thread that died again on the same port, says so once, and closes it', async () => {
    const errors = jest.spyOn(Logger.prototype, 'error').mockImplementation(() => undefined);
    const log = join(dir, 'starts.log');
    const server = await startPGliteServer(log, 4, fakeWorker());
    expect(await answer(server.port)).toBe('up');
    await until(
      'the thread started again',
      () => readFileSync(log, 'utf8').split('\n').filter(Boolean).length === 2,
    );
    expect(readFileSync(log, 'utf8')).toBe(`port 0\nport ${server.port}\n`);
    await until('the port answering again', async () => (await answer(server.port).catch(() => '')) === 'up');
    expect(errors.mock.calls.map(([m]) => String(m))).toEqual([
      expect.stringContaining(
        `the embedded database's thread stopped (code 3); starting it again on port ${server.port}`,
      ),
    ]);
    await server.close();
    expect(existsSync(`${log}.closed`)).toBe(true);
    await expect(answer(server.port)).rejects.toThrow();
  });

  it('keeps trying a thread that will not start, further apart, and says so once', async () => {
    const errors = jest.spyOn(Logger.prototype, 'error').mockImplementation(() => undefined);
    const log = join(dir, 'starts.log');
    // Start 0 serves and dies; starts 1 and 2 refuse (after 1 s, then 2 s); start 3 (4 s later) serves again.
    const server = await startPGliteServer(log, 4, fakeWorker([1, 2]));
    try {
      await until(
        'the fourth start',
        () => readFileSync(log, 'utf8').split('\n').filter(Boolean).length === 4,
        15_000,
      );
      await until(
        'the port answering again',
        async () => (await answer(server.port).catch(() => '')) === 'up',
      );
      expect(errors.mock.calls.map(([m]) => String(m))).toEqual([
        expect.stringContaining("the embedded database's thread stopped (code 3)"),
        expect.stringContaining(
          'could not start again (the files are locked); trying again up to every 30 s',
        ),
      ]);
    } finally {
      await server.close();
    }
  }, 30_000);

  it('serves from this thread when there is no compiled worker (the TypeScript sources under Jest)', async () => {
    const server = await startPGliteServer(undefined, 4, join(dir, 'missing.js'));
    try {
      expect(server.port).toBeGreaterThan(0);
    } finally {
      await server.close();
    }
  });
});
