import { createConnection, createServer, type Server, type Socket } from 'node:net';

interface Pair {
  client: Socket;
  upstream: Socket | null;
}

/**
 * A loopback TCP proxy a test can break: `blackhole()` stops every byte in both directions (connections stay open,
 * new ones are accepted and left hanging, as with a network partition), `heal()` lets them flow again, `cut()`
 * resets every connection (a server restart).
 */
export class BlackholeProxy {
  private readonly server: Server;
  private readonly pairs = new Set<Pair>();
  private blocked = false;
  port = 0;

  constructor(
    private readonly targetHost: string,
    private readonly targetPort: number,
  ) {
    this.server = createServer((client) => this.accept(client));
  }

  async start(): Promise<this> {
    await new Promise<void>((r) => this.server.listen(0, '127.0.0.1', r));
    this.port = (this.server.address() as { port: number }).port;
    return this;
  }

  /** `url` with its host and port replaced by the proxy's. */
  rewrite(url: string): string {
    const u = new URL(url);
    u.hostname = '127.0.0.1';
    u.port = String(this.port);
    return u.toString();
  }

  blackhole(): void {
    this.blocked = true;
    for (const p of this.pairs) {
      p.client.pause();
      p.upstream?.pause();
    }
  }

  heal(): void {
    this.blocked = false;
    for (const p of this.pairs) {
      if (!p.upstream) this.connect(p);
      p.client.resume();
      p.upstream?.resume();
    }
  }

  cut(): void {
    for (const p of this.pairs) {
      p.client.resetAndDestroy();
      p.upstream?.resetAndDestroy();
    }
    this.pairs.clear();
  }

  async stop(): Promise<void> {
    this.cut();
    await new Promise<void>((r) => this.server.close(() => r()));
  }

  private accept(client: Socket): void {
    const pair: Pair = { client, upstream: null };
    this.pairs.add(pair);
    client.on('error', () => undefined);
    client.on('close', () => {
      pair.upstream?.destroy();
      this.pairs.delete(pair);
    });
    if (this.blocked) client.pause();
    else this.connect(pair);
  }

  private connect(pair: Pair): void {
    const upstream = createConnection({ host: this.targetHost, port: this.targetPort });
    pair.upstream = upstream;
    upstream.on('error', () => pair.client.destroy());
    upstream.on('close', () => pair.client.destroy());
    pair.client.on('data', (d) => upstream.write(d));
    upstream.on('data', (d) => pair.client.write(d));
  }
}
