import { createHmac } from 'node:crypto';

/**
 * The webhook side of the fake store (docs/contracts/woocommerce.md, webhooks): registered webhooks with a ping on
 * creation, deliveries of the resource as the REST API renders it *at delivery time* (deleted: `{"id": n}`), signed
 * over the exact bytes sent (WordPress escapes `/` and non-ASCII), one pending delivery per webhook and resource
 * absorbing further changes, no retries, a failure counter that disables the webhook, and knobs for the vendor's
 * known misbehaviours (duplicates, stale bodies, error objects, wrong signatures).
 */

export type WebhookEvent = 'created' | 'updated' | 'deleted' | 'restored';

export interface FakeWebhook {
  id: number;
  topic: string;
  deliveryUrl: string;
  secret: string;
  apiVersion: string;
  status: 'active' | 'disabled';
  failures: number;
  /** Status of the answer to the creation ping (undefined: no answer). */
  pingStatus?: number;
  deliveries: { topic: string; status: number | null; body: string }[];
}

export interface WebhookKnobs {
  /** Deliver the next N deliveries twice. */
  duplicate: number;
  /** The next N deliveries carry the state before the change. */
  stale: number;
  /** The next N deliveries carry a REST error object instead of the resource. */
  errorPayload: number;
  /** The next N deliveries are signed with another secret. */
  wrongSignature: number;
}

/** `wp_json_encode` as WordPress sends it: slashes escaped, non-ASCII as \uXXXX. */
export function wpJsonEncode(value: unknown): string {
  return JSON.stringify(value)
    .replace(/\//g, '\\/')
    .replace(/[\u007f-\uffff]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

export function wcSignature(body: string, secret: string): string {
  return createHmac('sha256', secret).update(Buffer.from(body, 'utf8')).digest('base64');
}

const MAX_FAILURES = 5;

export class FakeWooWebhooks {
  readonly hooks: FakeWebhook[] = [];
  /** Wait before each delivery (WooCommerce's Action Scheduler runs later than the change). */
  delayMs = 0;
  readonly knobs: WebhookKnobs = { duplicate: 0, stale: 0, errorPayload: 0, wrongSignature: 0 };
  private readonly pending = new Map<string, Promise<void>>();
  private nextId = 1;

  constructor(
    private readonly sourceUrl: () => string,
    /** The resource as `GET /products/{id}` renders it now; null when gone. */
    private readonly render: (id: number) => object | null,
  ) {}

  /** Creates an active webhook and pings it, as creating one over REST does. */
  async register(options: {
    topic: string;
    deliveryUrl: string;
    secret: string;
    apiVersion?: string;
  }): Promise<FakeWebhook> {
    const hook: FakeWebhook = {
      id: this.nextId++,
      apiVersion: 'wp_api_v3',
      status: 'active',
      failures: 0,
      deliveries: [],
      ...options,
    };
    this.hooks.push(hook);
    try {
      const res = await fetch(hook.deliveryUrl, {
        method: 'POST',
        headers: {
          'content-type': 'application/x-www-form-urlencoded',
          'user-agent': 'WooCommerce/9.8.0 Hookshot (WordPress/6.8)',
        },
        body: `webhook_id=${hook.id}`,
      });
      hook.pingStatus = res.status;
    } catch {
      hook.pingStatus = undefined;
    }
    return hook;
  }

  /** Registers the four product topics at once. */
  async registerProductTopics(deliveryUrl: string, secret: string): Promise<FakeWebhook[]> {
    const out: FakeWebhook[] = [];
    for (const event of ['created', 'updated', 'deleted', 'restored'] as const) {
      out.push(await this.register({ topic: `product.${event}`, deliveryUrl, secret }));
    }
    return out;
  }

  /** A change happened to resource `id`; `before` is its rendering before the change (for stale deliveries). */
  emit(event: WebhookEvent, id: number, before: object | null): void {
    for (const hook of this.hooks) {
      if (hook.status !== 'active' || hook.topic !== `product.${event}`) continue;
      const key = `${hook.id}:${id}`;
      // A pending delivery for the same webhook and resource carries the state at send time: nothing more queued.
      if (this.pending.has(key)) continue;
      const stale = this.knobs.stale > 0 ? (this.knobs.stale--, true) : false;
      const delivery = new Promise<void>((r) => setTimeout(r, this.delayMs))
        .then(() => this.deliver(hook, event, id, stale ? before : undefined))
        .finally(() => this.pending.delete(key));
      this.pending.set(key, delivery);
    }
  }

  /** Resolves when every delivery queued so far has been answered. */
  async idle(): Promise<void> {
    while (this.pending.size) await Promise.all([...this.pending.values()]);
  }

  /** Sends a body as a delivery of `hook` right now, e.g. a hand-made out-of-order one. */
  async send(hook: FakeWebhook, payload: unknown, options: { secret?: string } = {}): Promise<number | null> {
    const body = wpJsonEncode(payload);
    const [resource, event] = hook.topic.split('.');
    let status: number | null;
    try {
      const res = await fetch(hook.deliveryUrl, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          'user-agent': 'WooCommerce/9.8.0 Hookshot (WordPress/6.8)',
          'x-wc-webhook-source': `${this.sourceUrl()}/`,
          'x-wc-webhook-topic': hook.topic,
          'x-wc-webhook-resource': resource,
          'x-wc-webhook-event': event,
          'x-wc-webhook-signature': wcSignature(body, options.secret ?? hook.secret),
          'x-wc-webhook-id': String(hook.id),
          'x-wc-webhook-delivery-id': String(Math.floor(Date.now() / 1000)),
        },
        body,
        signal: AbortSignal.timeout(60_000),
      });
      status = res.status;
      await res.arrayBuffer();
    } catch {
      status = null;
    }
    hook.deliveries.push({ topic: hook.topic, status, body });
    if (status !== null && status >= 200 && status <= 302) {
      hook.failures = 0;
    } else if (hook.failures > MAX_FAILURES) {
      hook.status = 'disabled';
    } else {
      hook.failures++;
    }
    return status;
  }

  private async deliver(
    hook: FakeWebhook,
    event: WebhookEvent,
    id: number,
    staleBody: object | null | undefined,
  ): Promise<void> {
    let payload: unknown =
      event === 'deleted'
        ? { id }
        : staleBody !== undefined
          ? staleBody
          : (this.render(id) ?? {
              code: 'woocommerce_rest_product_invalid_id',
              message: 'Invalid ID.',
              data: { status: 404 },
            });
    if (this.knobs.errorPayload > 0) {
      this.knobs.errorPayload--;
      payload = {
        code: 'woocommerce_rest_cannot_view',
        message: 'Sorry, you cannot view this resource.',
        data: { status: 401 },
      };
    }
    const secret =
      this.knobs.wrongSignature > 0 ? (this.knobs.wrongSignature--, 'not-the-secret') : undefined;
    const times = this.knobs.duplicate > 0 ? (this.knobs.duplicate--, 2) : 1;
    for (let i = 0; i < times; i++) await this.send(hook, payload, { secret });
  }
}
