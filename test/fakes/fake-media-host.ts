import { FakeHttpServer, type FakeResponse, type RecordedRequest } from './fake-http-server';

/** A store's uploads folder on loopback: product photos answer HEAD and GET as a web server would. */
export type MediaFile =
  { kind: 'jpeg' | 'png' | 'webp'; bytes?: number } | { kind: 'status'; status: number } | { kind: 'html' };

const TYPES = { jpeg: 'image/jpeg', png: 'image/png', webp: 'image/webp' } as const;

export class FakeMediaHost {
  readonly server: FakeHttpServer;
  readonly files = new Map<string, MediaFile>();

  constructor() {
    this.server = new FakeHttpServer((req) => this.handle(req));
  }

  async start(): Promise<this> {
    await this.server.start();
    return this;
  }

  stop(): Promise<void> {
    return this.server.stop();
  }

  /** Publishes `path` (e.g. `/wp-content/uploads/nevera.jpg`) and returns its URL. */
  add(path: string, file: MediaFile): string {
    this.files.set(path, file);
    return `${this.server.url}${path}`;
  }

  private handle(req: RecordedRequest): FakeResponse {
    const file = this.files.get(req.path);
    if (!file) return { status: 404, body: '<html>Not Found</html>' };
    if (file.kind === 'status') return { status: file.status, body: `<html>${file.status}</html>` };
    // A login page or a "not found" page served with 200: what Meta cannot use as an image.
    if (file.kind === 'html') return { status: 200, body: '<html>Log in</html>' };
    const bytes = file.bytes ?? 2048;
    const ranged = req.method === 'GET' && req.headers.range === 'bytes=0-0';
    return {
      status: ranged ? 206 : 200,
      headers: {
        'content-type': TYPES[file.kind],
        ...(ranged ? { 'content-range': `bytes 0-0/${bytes}` } : {}),
        ...(req.method === 'HEAD' ? { 'content-length': String(bytes) } : {}),
      },
      body: req.method === 'HEAD' ? '' : 'x'.repeat(ranged ? 1 : Math.min(bytes, 4096)),
    };
  }
}
