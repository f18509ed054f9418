import { randomBytes } from 'node:crypto';
import { FakeHttpServer, type FakeResponse, type RecordedRequest } from './fake-http-server';

/**
 * A fake WhatsApp Cloud API (docs/contracts/whatsapp-cloud.md §11) over real HTTP on loopback:
 * `POST /:version/:phoneNumberId/messages`, Bearer auth (190 otherwise), the §3 success shape with a fresh wamid,
 * the 4096-character limit as code 100, the 24-hour window (131047, synchronous or as a later failed status, templates
 * exempt), image messages by link (§8: 100 for a bad body, async 131053 for links Meta could not fetch), templates
 * checked against a registry seeded by the test (§9: 132001, 132000, 132015/132016, parameter text rules) and knobs
 * for the throughput and pair-rate codes.
 */

export const WA_TOKEN = 'wa-test-token';

export interface WaSend {
  phoneNumberId: string;
  to: string;
  type: string;
  body: string | undefined;
  template: string | undefined;
  /** Template sends: the language code and the body parameters' texts, in order. */
  templateLanguage?: string;
  templateParams?: string[];
  /** Image sends (§8). */
  image?: { link: string; caption: string | undefined };
  wamid: string;
  /** When the fake accepted it (ms since the epoch). */
  at: number;
}

type Knob = { code: number; status?: number } | { nonJson: true };

/** An approved (or paused/disabled) template of the business account (§9). */
export interface FakeTemplate {
  name: string;
  language: string;
  status?: 'APPROVED' | 'PAUSED' | 'DISABLED';
  /** Number of body variables ({{1}}…), or their names for a template with named variables. */
  body: number | string[];
}

/** What Meta meets when it fetches an image link (§8, §11): anything but `ok` ends in an async 131053. */
export type MediaOutcome = 'ok' | 404 | 503 | 'webp' | 'too_large';

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
  readonly failedStatuses: { wamid: string; code: number; details?: string }[] = [];
  /** Templates by `name|language` (§9); a template not registered here is refused with 132001. */
  readonly templates = new Map<string, FakeTemplate>();
  /** Image link outcomes; unlisted links are fetched fine unless they end in `.webp`. */
  readonly media = new Map<string, MediaOutcome>();
  /** Added to the fake's clock, so a test can move time forward for the window. */
  clockOffsetMs = 0;
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

  approveTemplate(t: FakeTemplate): void {
    this.templates.set(`${t.name}|${t.language}`, { status: 'APPROVED', ...t });
  }

  private get now(): number {
    return Date.now() + this.clockOffsetMs;
  }

  /** §9: the template must exist in that language, be approved, and get exactly its body parameters. */
  private checkTemplate(body: Record<string, unknown>): FakeResponse | string[] {
    const t = (body.template ?? {}) as {
      name?: string;
      language?: { code?: string };
      components?: {
        type?: string;
        parameters?: { type?: string; text?: string; parameter_name?: string }[];
      }[];
    };
    const spec = this.templates.get(`${t.name}|${t.language?.code}`);
    if (!spec) {
      return metaError(
        400,
        132001,
        'Template name does not exist in the translation',
        `template name (${t.name}) does not exist in ${t.language?.code}`,
      );
    }
    if (spec.status === 'PAUSED') return metaError(400, 132015, 'Template is Paused', `${t.name} is paused`);
    if (spec.status === 'DISABLED')
      return metaError(400, 132016, 'Template is Disabled', `${t.name} is disabled`);
    const params = (t.components ?? []).find((c) => c.type === 'body')?.parameters ?? [];
    const expected = typeof spec.body === 'number' ? spec.body : spec.body.length;
    if (params.length !== expected) {
      return metaError(
        400,
        132000,
        'Template Param Count Mismatch',
        `body: number of localizable_params (${params.length}) does not match the expected number of params (${expected})`,
      );
    }
    for (const [i, p] of params.entries()) {
      if (typeof p.text !== 'string' || /[\n\t]| {5,}/.test(p.text)) {
        return metaError(
          400,
          100,
          'Invalid parameter',
          'Param text cannot have new-line/tab characters or more than 4 consecutive spaces',
        );
      }
      if (Array.isArray(spec.body) && p.parameter_name !== spec.body[i]) {
        return metaError(400, 100, 'Invalid parameter', 'parameter name is missing or empty');
      }
    }
    return params.map((p) => p.text as string);
  }

  /** §8: exactly one of id and link, caption within 1024. */
  private checkImage(
    body: Record<string, unknown>,
  ): FakeResponse | { link: string; caption: string | undefined } {
    const image = (body.image ?? {}) as { id?: unknown; link?: unknown; caption?: unknown };
    if ((image.id === undefined) === (image.link === undefined)) {
      return metaError(400, 100, 'Invalid parameter', 'image: exactly one of id or link is required');
    }
    if (typeof image.caption === 'string' && image.caption.length > 1024) {
      return metaError(
        400,
        100,
        'Invalid parameter',
        'Param image[caption] must be at most 1024 characters long',
      );
    }
    return {
      link: typeof image.link === 'string' ? image.link : '',
      caption: typeof image.caption === 'string' ? image.caption : undefined,
    };
  }

  /** The reason Meta's later fetch of `link` fails, or null when it works. */
  private mediaFailure(link: string): string | null {
    const outcome = this.media.get(link) ?? (/\.webp$/i.test(link) ? 'webp' : 'ok');
    if (outcome === 'ok') return null;
    if (outcome === 'webp') return 'Media upload error: unsupported media type image/webp';
    if (outcome === 'too_large') return 'Media upload error: media size exceeds 5 MB';
    return `Downloading media from weblink failed with http code ${outcome}`;
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
    const image = body.type === 'image' ? this.checkImage(body) : undefined;
    if (image && 'status' in image) return image;
    const templateParams = body.type === 'template' ? this.checkTemplate(body) : undefined;
    if (templateParams && !Array.isArray(templateParams)) return templateParams;
    const knob = this.knobs.shift();
    if (knob && 'nonJson' in knob) return { status: 502, body: '<html>Bad Gateway</html>' };
    if (knob) return metaError(knob.status ?? 400, knob.code, 'Injected error', `injected ${knob.code}`);
    const wamid = `wamid.${randomBytes(18).toString('base64url')}`;
    const last = this.lastInbound.get(to);
    // Templates pass with the window closed and never reopen it (§9, §10).
    const outside = body.type !== 'template' && last !== undefined && this.now - last > 24 * 3600_000;
    if (outside && this.windowErrorMode === 'sync') {
      return metaError(
        400,
        131047,
        'Re-engagement message',
        'More than 24 hours have passed since the recipient last replied',
      );
    }
    const mediaFailure = image ? this.mediaFailure(image.link) : null;
    if (outside) this.failedStatuses.push({ wamid, code: 131047 });
    // Meta fetches the link after answering: the send succeeds and a failed status follows (§8).
    else if (mediaFailure) this.failedStatuses.push({ wamid, code: 131053, details: mediaFailure });
    else {
      this.sends.push({
        phoneNumberId: m[2],
        to,
        type: body.type,
        body: typeof text === 'string' ? text : undefined,
        template: (body.template as { name?: string } | undefined)?.name,
        ...(templateParams
          ? {
              templateLanguage: (body.template as { language?: { code?: string } }).language?.code,
              templateParams,
            }
          : {}),
        ...(image ? { image } : {}),
        wamid,
        at: Date.now(),
      });
    }
    return {
      status: 200,
      body: {
        messaging_product: 'whatsapp',
        contacts: [{ input: body.to, wa_id: to }],
        messages: [{ id: wamid, ...(body.type === 'template' ? { message_status: 'accepted' } : {}) }],
      },
    };
  }
}
