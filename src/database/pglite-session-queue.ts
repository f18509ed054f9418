import type { PGlite } from '@electric-sql/pglite';

interface Pending {
  handlerId: number;
  message: Uint8Array;
  onData: (data: Uint8Array) => void;
  resolve: (bytes: number) => void;
  reject: (error: unknown) => void;
}

/** Frontend messages that end a unit of work: Sync (end of an extended-protocol exchange), Query, Terminate. */
const UNIT_END = new Set(['S', 'Q', 'X']);
const PROTOCOL_V3 = 196608;

function messageType(message: Uint8Array): string | null {
  // The startup message has no type byte: length, then the protocol version.
  if (message.length >= 8 && new DataView(message.buffer, message.byteOffset).getInt32(4) === PROTOCOL_V3)
    return null;
  return String.fromCharCode(message[0]);
}

/**
 * Replaces pglite-socket's query queue (0.2.x). PGlite has a single session that every socket connection shares.
 * The stock queue keeps a connection's statements together only inside a transaction, so outside one the
 * Parse/Bind/Execute/Sync messages of two connections' parameterised queries interleave: one connection binds the
 * other's unnamed statement ("bind message supplies 1 parameters, but prepared statement requires 2", wrong rows,
 * or a stalled queue after an error). Here a connection owns the session from its first message until its unit of
 * work ends (Sync or Query outside a transaction, or the end of its transaction); other connections wait.
 * As on any single-session database, code must never wait on a second connection while holding a transaction.
 */
export class PGliteSessionQueue {
  private readonly queue: Pending[] = [];
  private processing = false;
  private owner: number | null = null;

  constructor(private readonly db: PGlite) {}

  enqueue(handlerId: number, message: Uint8Array, onData: (data: Uint8Array) => void): Promise<number> {
    return new Promise((resolve, reject) => {
      this.queue.push({ handlerId, message, onData, resolve, reject });
      void this.process();
    });
  }

  getQueueLength(): number {
    return this.queue.length;
  }

  clearQueueForHandler(handlerId: number): void {
    for (let i = this.queue.length - 1; i >= 0; i--) {
      if (this.queue[i].handlerId === handlerId) {
        this.queue.splice(i, 1)[0].reject(new Error('Handler disconnected'));
      }
    }
  }

  /** A connection that went away mid-transaction must not keep the session: roll back and let others in. */
  async clearTransactionIfNeeded(handlerId: number): Promise<void> {
    if (this.owner !== handlerId) return;
    if (this.db.isInTransaction()) await this.db.exec('ROLLBACK');
    this.owner = null;
    void this.process();
  }

  private next(): Pending | undefined {
    if (this.owner === null) return this.queue.shift();
    const index = this.queue.findIndex((p) => p.handlerId === this.owner);
    return index === -1 ? undefined : this.queue.splice(index, 1)[0];
  }

  private async process(): Promise<void> {
    if (this.processing) return;
    this.processing = true;
    try {
      for (let item = this.next(); item; item = this.next()) {
        const current = item;
        let bytes = 0;
        try {
          await this.db.runExclusive(() =>
            this.db.execProtocolRawStream(current.message, {
              onRawData: (data: Uint8Array) => {
                bytes += data.length;
                current.onData(data);
              },
            }),
          );
          current.resolve(bytes);
        } catch (e) {
          current.reject(e);
        }
        const type = messageType(current.message);
        const unitOpen = this.db.isInTransaction() || (type !== null && !UNIT_END.has(type));
        this.owner = unitOpen ? current.handlerId : null;
      }
    } finally {
      this.processing = false;
    }
  }
}
