import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import type * as NestCommon from '@nestjs/common';
import type * as ServerModule from './pglite-server';
import type { PGliteWorkerData, PGliteWorkerMessage } from './pglite-server.worker';

const WORKER = join(__dirname, 'pglite-server.worker.js');
/** First wait before starting a dead thread again; doubled after each failed start, up to the maximum. */
const RESTART_DELAY_MS = 1_000;
const RESTART_DELAY_MAX_MS = 30_000;
/**
 * The thread's young generation: V8's default (16 MB semi-spaces) only holds protocol buffers for a moment here,
 * and cost resident memory; 4 MB keeps the thread's heap small (docs/sync.md, "Third round").
 */
const THREAD_YOUNG_GENERATION_MB = 4;

/**
 * Serves the embedded database from a thread of its own (docs/sync.md, "Third round"): PostgreSQL compiled to
 * WebAssembly runs in the thread that opened it, and in the app's thread every statement took turns with the app's
 * own work (during a first import, the sync's mapping, embedding and HTTP waited for each statement, and each
 * statement for them). In its own thread it runs while the app works, on the machine's other core.
 *
 * The thread is the compiled `pglite-server.worker.js`; where it does not exist (Jest's service tests run the
 * TypeScript sources) the database is served from this thread, as before. Either way the app reaches it only over
 * the wire protocol on loopback. If the thread dies, it is started again on the same port and the app's
 * connections come back as after any database outage.
 */
export async function startPGliteServer(
  dataDir: string | undefined,
  maxConnections: number,
  script = WORKER,
): Promise<ServerModule.PGliteServer> {
  if (!existsSync(script)) {
    // Loaded only here: the app's thread has no use for PGlite itself when the database has a thread of its own
    // (loading it cost the CLI about 0.3 s of its start).
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { servePGlite } = require('./pglite-server') as typeof ServerModule;
    return servePGlite(dataDir, maxConnections);
  }
  return PGliteThread.start({ dataDir, maxConnections, port: 0 }, script);
}

function spawnThread(
  script: string,
  data: PGliteWorkerData,
): Promise<{ worker: Worker; host: string; port: number }> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(script, {
      workerData: data,
      resourceLimits: { maxYoungGenerationSizeMb: THREAD_YOUNG_GENERATION_MB },
    });
    const cleanup = (): void => {
      worker.off('message', onMessage);
      worker.off('error', onError);
      worker.off('exit', onExit);
    };
    const onMessage = (m: PGliteWorkerMessage): void => {
      if (m.type === 'ready') {
        cleanup();
        resolve({ worker, host: m.host, port: m.port });
      } else if (m.type === 'failed') {
        cleanup();
        void worker.terminate();
        reject(new Error(m.message));
      }
    };
    const onError = (e: Error): void => {
      cleanup();
      reject(e);
    };
    const onExit = (code: number): void => {
      cleanup();
      reject(new Error(`the embedded database's thread ended (code ${code}) before it was ready`));
    };
    worker.on('message', onMessage);
    worker.on('error', onError);
    worker.on('exit', onExit);
  });
}

class PGliteThread implements ServerModule.PGliteServer {
  /**
   * Nest's logger (the app's, once it has set it), loaded when first needed: the CLI starts this thread before it
   * loads Nest (src/cli.ts), and this only speaks when the thread dies.
   */
  private loggerInstance: NestCommon.Logger | undefined;
  private get logger(): NestCommon.Logger {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    this.loggerInstance ??= new (require('@nestjs/common') as typeof NestCommon).Logger('EmbeddedDatabase');
    return this.loggerInstance;
  }
  private closing = false;
  private alive = true;

  private constructor(
    private worker: Worker,
    private readonly script: string,
    private readonly data: PGliteWorkerData,
    readonly host: string,
    readonly port: number,
  ) {
    this.watch();
  }

  static async start(data: PGliteWorkerData, script: string): Promise<PGliteThread> {
    const { worker, host, port } = await spawnThread(script, data);
    return new PGliteThread(worker, script, { ...data, port }, host, port);
  }

  private watch(): void {
    this.alive = true;
    this.worker.on('error', (e) => this.logger.error(`the embedded database's thread failed: ${e.message}`));
    this.worker.once('exit', (code) => {
      this.alive = false;
      if (this.closing) return;
      this.logger.error(
        `the embedded database's thread stopped (code ${code}); starting it again on port ${this.port}. ` +
          'If this repeats, check the free memory and the files in DATA_DIR.',
      );
      void this.restart();
    });
  }

  private async restart(): Promise<void> {
    let delay = RESTART_DELAY_MS;
    let lastReason: string | undefined;
    while (!this.closing) {
      await new Promise((r) => setTimeout(r, delay));
      if (this.closing) return;
      try {
        this.worker = (await spawnThread(this.script, this.data)).worker;
        this.watch();
        this.logger.log('the embedded database is back');
        return;
      } catch (e) {
        // Once per reason, not once per attempt: the attempts go on, further and further apart.
        const reason = (e as Error).message;
        if (reason !== lastReason) {
          this.logger.error(
            `the embedded database could not start again (${reason}); trying again up to every ${RESTART_DELAY_MAX_MS / 1000} s`,
          );
        }
        lastReason = reason;
        delay = Math.min(delay * 2, RESTART_DELAY_MAX_MS);
      }
    }
  }

  async close(): Promise<void> {
    this.closing = true;
    const worker = this.worker;
    if (this.alive) {
      await new Promise<void>((done) => {
        worker.once('exit', () => done());
        worker.on('message', (m: PGliteWorkerMessage) => {
          if (m.type === 'closed') done();
        });
        worker.postMessage('close');
      });
    }
    await worker.terminate();
  }
}
