import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface RecordedRequest {
  method: string;
  path: string;
  query: URLSearchParams;
  headers: IncomingMessage['headers'];
  rawBody: string;
  /** Parsed JSON or form body (form fields as a plain object); undefined when empty or unparsable. */
  body: unknown;
  at: number;
}

export interface FakeResponse {
  status: number;
  headers?: Record<string, string>;
  /** Objects are sent as JSON; strings are sent as they are (HTML error pages, empty bodies). */
  body?: unknown;
  /** Milliseconds to wait before answering. */
  delayMs?: number;
}

export type FakeHandler = (req: RecordedRequest) => FakeResponse | Promise<FakeResponse>;

function parseBody(raw: string, contentType: string | undefined): unknown {
  if (!raw) return undefined;
  if (contentType?.includes('application/x-www-form-urlencoded')) {
    return Object.fromEntries(new URLSearchParams(raw));
  }
  try {
    return JSON.parse(raw);
  } catch {
    return undefined;
  }
}

/**
 * A real HTTP server on loopback for fakes of external systems: records every request and answers through one
 * handler. Each fake (WooCommerce, Support Board, WhatsApp, OpenAI) builds its contract on top of this.
 */
export class FakeHttpServer {
  readonly requests: RecordedRequest[] = [];
  private server: Server | undefined;
  private port = 0;

  constructor(private readonly handler: FakeHandler) {}

  get url(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  async start(): Promise<this> {
    this.server = createServer((req, res) => void this.handle(req, res));
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    this.port = (this.server.address() as AddressInfo).port;
    return this;
  }

  async stop(): Promise<void> {
    if (!this.server) return;
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server!.close(() => resolve()));
    this.server = undefined;
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const rawBody = Buffer.concat(chunks).toString('utf8');
    const url = new URL(req.url ?? '/', 'http://fake');
    const recorded: RecordedRequest = {
      method: req.method ?? 'GET',
      path: url.pathname,
      query: url.searchParams,
      headers: req.headers,
      rawBody,
      body: parseBody(rawBody, req.headers['content-type']),
      at: Date.now(),
    };
    this.requests.push(recorded);
    let answer: FakeResponse;
    try {
      answer = await this.handler(recorded);
    } catch (e) {
      answer = { status: 500, body: `fake server error: ${(e as Error).message}` };
    }
    if (answer.delayMs) await new Promise((r) => setTimeout(r, answer.delayMs));
    if (res.destroyed) return;
    const isJson = answer.body !== undefined && typeof answer.body !== 'string';
    res.writeHead(answer.status, {
      ...(isJson ? { 'content-type': 'application/json' } : { 'content-type': 'text/html' }),
      ...answer.headers,
    });
    res.end(isJson ? JSON.stringify(answer.body) : ((answer.body as string | undefined) ?? ''));
  }
}
