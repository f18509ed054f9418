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
 * Serves an open PGlite on 127.0.0.1:`port` (0: any free port); `close` stops the server, not the database. Every
 * `pg` connection shares PGlite's single session: PGliteSessionQueue (replacing the server's own queue, which
 * handlers take when a connection arrives) gives one connection the session per statement or transaction, so code
 * must never wait on a second connection inside a transaction.
 */
export async function listen(db: PGlite, maxConnections: number, port = 0): Promise<PGliteServer> {
  const server = new PGLiteSocketServer({ db, host: '127.0.0.1', port, maxConnections });
  (server as unknown as { queryQueue: PGliteSessionQueue }).queryQueue = new PGliteSessionQueue(db);
  await server.start();
  const [host, portText] = server.getServerConn().split(':');
  return { host, port: Number(portText), close: () => server.stop() };
}

/** Opens PGlite at `dataDir` (in memory when undefined) and serves it (`listen`); `close` closes both. */
export async function servePGlite(
  dataDir: string | undefined,
  maxConnections: number,
  port = 0,
): Promise<PGliteServer> {
  const db = await openPGlite(dataDir);
  try {
    const server = await listen(db, maxConnections, port);
    return {
      ...server,
      close: async () => {
        await server.close();
        await db.close();
      },
    };
  } catch (e) {
    await db.close().catch(() => undefined);
    throw e;
  }
}
