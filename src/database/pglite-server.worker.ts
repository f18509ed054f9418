import { parentPort, workerData } from 'node:worker_threads';
import { startMemoryTrim } from '../common/memory-trim';
import { servePGlite } from './pglite-server';

/** What the thread is given (`workerData`) and what it answers on its port (`pglite-thread.ts`). */
export interface PGliteWorkerData {
  dataDir: string | undefined;
  maxConnections: number;
  port: number;
}

export type PGliteWorkerMessage =
  { type: 'ready'; host: string; port: number } | { type: 'failed'; message: string } | { type: 'closed' };

const port = parentPort!;
const data = workerData as PGliteWorkerData;
const send = (message: PGliteWorkerMessage): void => port.postMessage(message);

startMemoryTrim();
servePGlite(data.dataDir, data.maxConnections, data.port).then(
  (server) => {
    port.on('message', (message: unknown) => {
      if (message !== 'close') return;
      server.close().then(
        () => send({ type: 'closed' }),
        () => send({ type: 'closed' }),
      );
    });
    send({ type: 'ready', host: server.host, port: server.port });
  },
  (e: unknown) => send({ type: 'failed', message: e instanceof Error ? e.message : String(e) }),
);
