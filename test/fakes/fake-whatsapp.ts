import { randomBytes } from 'node:crypto';
import { FakeHttpServer, type FakeResponse, type RecordedRequest } from './fake-http-server';

/**
 * A fake WhatsApp Cloud API (contract ../shared/contracts/whatsapp-cloud.md §8) over real HTTP on loopback:
 * `POST /:version/:phoneNumberId/messages`, Bearer auth (190 otherwise), the §3 success shape with a fresh wamid,
 * the 4096-character limit as code 100, the 24-hour window (131047, synchronous or as a later failed status) and
 * knobs for the throughput and pair-rate codes.
 */

export const WA_TOKEN = 'wa-test-token';

export interface WaSend {
  phoneNumberId: string;
  to: string;
  type: string;
  body: string | undefined;
  template: string | undefined;
  wamid: string;
  /** When the fake accepted it (ms since the epoch). */
  at: number;
}

type Knob = { code: number; status?: number } | { nonJson: true };

const metaError = (status: number, code: number, title: string, details: string): FakeResponse => ({
  status,
  body: {
    error: {
      message: `(#${code}) ${title}`,
      type: 'OAuthException',
      code,
      error_data: { messaging_product: 'whatsapp', details },
      fbtrace_id: 'AxQ7bVn2kT9pLmZ',
    },
  },
});

export class FakeWhatsApp {
  readonly server: FakeHttpServer;
  readonly sends: WaSend[] = [];
  /** Failed status events the fake would have sent to the number's webhook owner (async 131047). */
  readonly failedStatuses: { wamid: string; code: number }[] = [];
  /** Next sends fail with these codes (each used once). */
  readonly knobs: Knob[] = [];
  /** Last inbound time per recipient; a send more than 24 h later is refused with 131047. */
  readonly lastInbound = new Map<string, number>();
  windowErrorMode: 'sync' | 'async' = 'sync';
  token = WA_TOKEN;

  constructor() {
    this.server = new FakeHttpServer((req) => this.handle(req));
  }

  get url(): string {
    return this.server.url;
  }

  async start(): Promise<this> {
    await this.server.start();
    return this;
  }

  stop(): Promise<void> {
    return this.server.stop();
  }

  customerWroteAt(waid: string, at: Date): void {
    this.lastInbound.set(waid, at.getTime());
  }

  failNext(...knobs: Knob[]): void {
    this.knobs.push(...knobs);
  }

  private handle(req: RecordedRequest): FakeResponse {
    const m = /^\/(v\d+\.\d+)\/([^/]+)\/messages$/.exec(req.path);
    if (req.method !== 'POST' || !m)
      return metaError(400, 100, 'Unsupported request', `no route ${req.path}`);
    if (req.headers.authorization !== `Bearer ${this.token}`) {
      return metaError(401, 190, 'Invalid OAuth access token', 'Error validating access token');
    }
    const body = req.body as Record<string, unknown> | undefined;
    if (!body || body.messaging_product !== 'whatsapp') {
      return metaError(400, 100, 'Invalid parameter', 'messaging_product must be "whatsapp"');
    }
    if (body.status === 'read') return { status: 200, body: { success: true } };
    const to = typeof body.to === 'string' ? body.to.replace(/^\+/, '') : '';
    if (!to || typeof body.type !== 'string')
      return metaError(400, 100, 'Invalid parameter', 'to and type are required');
    const text = (body.text as { body?: unknown } | undefined)?.body;
    if (body.type === 'text' && (typeof text !== 'string' || !text)) {
      return metaError(400, 100, 'Invalid parameter', 'text.body is required');
    }
    if (typeof text === 'string' && text.length > 4096) {
      return metaError(
        400,
        100,
        'Invalid parameter',
        'Param text[body] must be at most 4096 characters long',
      );
    }
    const knob = this.knobs.shift();
    if (knob && 'nonJson' in knob) return { status: 502, body: '<html>Bad Gateway</html>' };
    if (knob) return metaError(knob.status ?? 400, knob.code, 'Injected error', `injected ${knob.code}`);
    const wamid = `wamid.${randomBytes(18).toString('base64url')}`;
    const last = this.lastInbound.get(to);
    const outside = body.type !== 'template' && last !== undefined && Date.now() - last > 24 * 3600_000;
    if (outside && this.windowErrorMode === 'sync') {
      return metaError(
        400,
        131047,
        'Re-engagement message',
        'More than 24 hours have passed since the recipient last replied',
      );
    }
    if (outside) this.failedStatuses.push({ wamid, code: 131047 });
    else {
      this.sends.push({
        phoneNumberId: m[2],
        to,
        type: body.type,
        body: typeof text === 'string' ? text : undefined,
        template: (body.template as { name?: string } | undefined)?.name,
        wamid,
        at: Date.now(),
      });
    }
    return {
      status: 200,
      body: {
        messaging_product: 'whatsapp',
        contacts: [{ input: body.to, wa_id: to }],
        messages: [{ id: wamid }],
      },
    };
  }
}
