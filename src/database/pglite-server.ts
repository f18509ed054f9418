import type { PGlite } from '@electric-sql/pglite';
import { PGLiteSocketServer } from '@electric-sql/pglite-socket';
import { openPGlite } from './pglite-instance';
import { PGliteSessionQueue } from './pglite-session-queue';

/** PGlite served over the PostgreSQL wire protocol on loopback. */
export interface PGliteServer {
  host: string;
  port: number;
  close(): Promise<void>;
}

/**
 * Opens PGlite at `dataDir` (in memory when undefined) and serves it on 127.0.0.1:`port` (0: any free port). Every
 * `pg` connection shares PGlite's single session: PGliteSessionQueue (replacing the server's own queue, which
 * handlers take when a connection arrives) gives one connection the session per statement or transaction, so code
 * must never wait on a second connection inside a transaction.
 */
export async function servePGlite(
  dataDir: string | undefined,
  maxConnections: number,
  port = 0,
): Promise<PGliteServer> {
  let db: PGlite | undefined;
  let server: PGLiteSocketServer | undefined;
  try {
    db = await openPGlite(dataDir);
    server = new PGLiteSocketServer({ db, host: '127.0.0.1', port, maxConnections });
    (server as unknown as { queryQueue: PGliteSessionQueue }).queryQueue = new PGliteSessionQueue(db);
    await server.start();
    const [host, portText] = server.getServerConn().split(':');
    const started = { db, server };
    return {
      host,
      port: Number(portText),
      close: async () => {
        await started.server.stop();
        await started.db.close();
      },
    };
  } catch (e) {
    await server?.stop().catch(() => undefined);
    await db?.close().catch(() => undefined);
    throw e;
  }
}
