import type {
  WcCatalog,
  WcProduct,
  WcVariation,
  WcVariationAttribute,
} from '../../src/woocommerce/woocommerce.types';
import { FakeHttpServer, type FakeResponse, type RecordedRequest } from './fake-http-server';
import { FakeWooOrders } from './fake-woocommerce-orders';
import { FakeWooWebhooks } from './fake-woocommerce-webhooks';

/**
 * A fake WooCommerce REST v3 store over real HTTP on loopback, following ../shared/contracts/woocommerce.md §11:
 * products, variations, Basic and query-string auth with both 401 codes, `per_page` limits, pagination headers with
 * `Link`, the filters the bot uses, JSON error bodies, and test controls (edit, delete, unpublish, faults, latency).
 */

export interface FakeWooOptions {
  key?: string;
  secret?: string;
  /** Delay before every answer (per page, per look-up). */
  latencyMs?: number;
}

interface Fault {
  status: number;
  /** Only requests whose path contains this (default: every request). */
  pathIncludes?: string;
  match?: (req: RecordedRequest) => boolean;
  html: boolean;
  retryAfter?: string;
  remaining: number;
}

const BASE = '/wp-json/wc/v3';

const error = (status: number, code: string, message: string, extra: object = {}): FakeResponse => ({
  status,
  body: { code, message, data: { status, ...extra } },
});

function gmtNow(offsetMs = 0): { gmt: string; local: string } {
  const d = new Date(Date.now() + offsetMs);
  return {
    gmt: d.toISOString().slice(0, 19),
    // The fake store's site time is Caracas (UTC-4), so local and GMT dates differ as on a real store.
    local: new Date(d.getTime() - 4 * 3600_000).toISOString().slice(0, 19),
  };
}

export class FakeWooCommerce {
  readonly server: FakeHttpServer;
  readonly products = new Map<number, WcProduct>();
  readonly variations = new Map<number, WcVariation[]>();
  key: string;
  secret: string;
  latencyMs: number;
  private faults: Fault[] = [];
  /** Ensures every edit gets a strictly later date_modified_gmt, even within one second. */
  private clockOffsetMs = 0;
  /** The store's orders (fixtures with real shapes); `orders.noOrderAccess` makes the key unable to read them. */
  readonly orders = new FakeWooOrders();
  /** Registered webhooks; every change below is delivered to those whose topic matches. */
  readonly webhooks = new FakeWooWebhooks(
    () => this.url,
    (id) => this.render(id),
  );

  constructor(catalog: WcCatalog, options: FakeWooOptions = {}) {
    this.key = options.key ?? 'ck_fake_key';
    this.secret = options.secret ?? 'cs_fake_secret';
    this.latencyMs = options.latencyMs ?? 0;
    for (const p of catalog.products) this.products.set(p.id, structuredClone(p));
    for (const [parent, list] of Object.entries(catalog.variations)) {
      this.variations.set(Number(parent), structuredClone(list));
    }
    this.server = new FakeHttpServer((req) => this.handle(req));
  }

  get url(): string {
    return this.server.url;
  }

  /** Env for the app under test pointing at this store. */
  get env(): Record<string, string> {
    return { WOOCOMMERCE_URL: this.url, WOOCOMMERCE_KEY: this.key, WOOCOMMERCE_SECRET: this.secret };
  }

  async start(): Promise<this> {
    await this.server.start();
    return this;
  }

  stop(): Promise<void> {
    return this.server.stop();
  }

  get requests(): RecordedRequest[] {
    return this.server.requests;
  }

  /** Requests for product listing pages (`GET /products` without `sku`). */
  get listRequests(): RecordedRequest[] {
    return this.requests.filter((r) => r.path === `${BASE}/products` && !r.query.has('sku'));
  }

  /** Changes fields of a product and bumps its modification date, as saving it in wp-admin does. */
  edit(id: number, patch: Partial<WcProduct>): WcProduct {
    const p = this.mustGet(id);
    const before = structuredClone(p);
    Object.assign(p, patch);
    this.touch(p);
    this.webhooks.emit('updated', id, before);
    return p;
  }

  rename(id: number, name: string): WcProduct {
    return this.edit(id, { name });
  }

  reprice(id: number, regularPrice: string, salePrice = ''): WcProduct {
    return this.edit(id, {
      regular_price: regularPrice,
      sale_price: salePrice,
      price: salePrice || regularPrice,
      on_sale: Boolean(salePrice),
    });
  }

  editVariation(parentId: number, variationId: number, patch: Partial<WcVariation>): WcVariation {
    const v = (this.variations.get(parentId) ?? []).find((x) => x.id === variationId);
    if (!v) throw new Error(`fake woocommerce: no variation ${variationId} of ${parentId}`);
    const before = this.render(variationId);
    Object.assign(v, patch);
    this.touch(v);
    this.touch(this.mustGet(parentId));
    // A variation's save is delivered as product.updated carrying the variation, not its parent.
    this.webhooks.emit('updated', variationId, before);
    return v;
  }

  /** Moved to the trash: `product.deleted` with `{"id": n}`; still served by id with `status: "trash"`. */
  trash(id: number): void {
    const p = this.mustGet(id);
    p.status = 'trash';
    this.touch(p);
    this.webhooks.emit('deleted', id, null);
  }

  /** Taken out of the trash: `product.restored`. */
  restore(id: number, status = 'publish'): void {
    const p = this.mustGet(id);
    const before = structuredClone(p);
    p.status = status;
    this.touch(p);
    this.webhooks.emit('restored', id, before);
  }

  /** The product or variation as `GET /products/{id}` renders it now (webhook payloads); null when gone. */
  render(id: number): object | null {
    const p = this.products.get(id);
    if (p) return structuredClone(p);
    for (const [parentId, list] of this.variations) {
      const v = list.find((x) => x.id === id);
      if (v)
        return {
          ...structuredClone(v),
          type: 'variation',
          parent_id: parentId,
          name: this.variationName(parentId, v),
        };
    }
    return null;
  }

  /** Deleted for good (bypassing the trash): gone from listings, 404 on look-up, and no webhook, as in WooCommerce. */
  delete(id: number): void {
    this.mustGet(id);
    this.products.delete(id);
    this.variations.delete(id);
  }

  /** Moved to draft: gone from `status=publish` listings; like WooCommerce, still served by id. */
  unpublish(id: number): void {
    this.edit(id, { status: 'draft' });
  }

  /** Adds a product (for "created" counts). */
  add(product: WcProduct, variations: WcVariation[] = []): void {
    this.products.set(product.id, structuredClone(product));
    if (variations.length) this.variations.set(product.id, structuredClone(variations));
    this.webhooks.emit('created', product.id, null);
  }

  /** The next `times` requests (whose path contains `pathIncludes`, when given) fail with `status`. */
  failNext(
    status: number,
    times = 1,
    options: {
      html?: boolean;
      retryAfter?: string;
      pathIncludes?: string;
      /** Only requests this accepts, e.g. `(r) => r.query.get('page') === '2'`. */
      match?: (req: RecordedRequest) => boolean;
    } = {},
  ): void {
    this.faults.push({
      status,
      remaining: times,
      html: options.html ?? status !== 500,
      retryAfter: options.retryAfter,
      pathIncludes: options.pathIncludes,
      match: options.match,
    });
  }

  /** Drops faults not served yet. */
  clearFaults(): void {
    this.faults = [];
  }

  private mustGet(id: number): WcProduct {
    const p = this.products.get(id);
    if (!p) throw new Error(`fake woocommerce: no product ${id}`);
    return p;
  }

  private touch(item: { date_modified: string | null; date_modified_gmt: string | null }): void {
    this.clockOffsetMs += 1000;
    const { gmt, local } = gmtNow(this.clockOffsetMs);
    item.date_modified_gmt = gmt;
    item.date_modified = local;
  }

  private async handle(req: RecordedRequest): Promise<FakeResponse> {
    const answer = this.route(req);
    return this.latencyMs ? { ...answer, delayMs: (answer.delayMs ?? 0) + this.latencyMs } : answer;
  }

  private route(req: RecordedRequest): FakeResponse {
    if (!req.path.startsWith(`${BASE}/`) && req.path !== BASE) {
      // WordPress without the REST route (wrong base URL) answers its HTML 404 page.
      return { status: 404, body: '<!doctype html><title>Page not found</title>' };
    }
    const fault = this.faults.find(
      (f) =>
        f.remaining > 0 &&
        (!f.pathIncludes || req.path.includes(f.pathIncludes)) &&
        (!f.match || f.match(req)),
    );
    if (fault) {
      fault.remaining--;
      return {
        status: fault.status,
        headers: fault.retryAfter !== undefined ? { 'retry-after': fault.retryAfter } : {},
        body: fault.html
          ? `<html><body><h1>${fault.status}</h1>Too many requests or service unavailable</body></html>`
          : {
              code: 'internal_server_error',
              message: 'There has been a critical error on this website.',
              data: { status: fault.status },
            },
      };
    }
    const denied = this.authenticate(req);
    if (denied) return denied;
    if (req.method !== 'GET')
      return error(404, 'rest_no_route', 'No route was found matching the URL and request method.');

    const rest = req.path.slice(BASE.length);
    if (rest.startsWith('/orders')) {
      const paging = this.paging(req);
      if ('status' in paging) return paging;
      return this.orders.route(req, rest, (items) => this.pageOf(req, items, paging));
    }
    let m: RegExpMatchArray | null;
    if (rest === '/products') return this.listProducts(req);
    if ((m = rest.match(/^\/products\/(\d+)$/))) return this.getProduct(Number(m[1]));
    if ((m = rest.match(/^\/products\/(\d+)\/variations$/))) return this.listVariations(req, Number(m[1]));
    if ((m = rest.match(/^\/products\/(\d+)\/variations\/(\d+)$/))) {
      return this.getVariation(Number(m[1]), Number(m[2]));
    }
    return error(404, 'rest_no_route', 'No route was found matching the URL and request method.');
  }

  /** Contract §2: the query string wins over Basic; an unknown key runs as anonymous (cannot_view). */
  private authenticate(req: RecordedRequest): FakeResponse | undefined {
    let key = req.query.get('consumer_key') ?? undefined;
    let secret = req.query.get('consumer_secret') ?? undefined;
    const header = req.headers.authorization;
    if (!key && header?.startsWith('Basic ')) {
      const decoded = Buffer.from(header.slice(6), 'base64').toString('utf8');
      const colon = decoded.indexOf(':');
      key = decoded.slice(0, colon);
      secret = decoded.slice(colon + 1);
    }
    if (key !== this.key) {
      return error(401, 'woocommerce_rest_cannot_view', 'Sorry, you cannot list resources.');
    }
    if (secret !== this.secret) {
      return {
        ...error(401, 'woocommerce_rest_authentication_error', 'Consumer secret is invalid.'),
        headers: {
          'www-authenticate':
            'Basic realm="WooCommerce API. Use a consumer key in the username field and a consumer secret in the password field"',
        },
      };
    }
    return undefined;
  }

  private paging(req: RecordedRequest): { page: number; perPage: number } | FakeResponse {
    const perPage = Number(req.query.get('per_page') ?? 10);
    if (!Number.isInteger(perPage) || perPage < 1 || perPage > 100) {
      return error(400, 'rest_invalid_param', 'Invalid parameter(s): per_page', {
        params: { per_page: 'per_page must be between 1 (inclusive) and 100 (inclusive)' },
      });
    }
    const page = Number(req.query.get('page') ?? 1);
    if (!Number.isInteger(page) || page < 1) {
      return error(400, 'rest_invalid_param', 'Invalid parameter(s): page', {
        params: { page: 'page must be greater than or equal to 1' },
      });
    }
    return { page, perPage };
  }

  private pageOf<T>(
    req: RecordedRequest,
    items: T[],
    paging: { page: number; perPage: number },
  ): FakeResponse {
    const total = items.length;
    const totalPages = Math.ceil(total / paging.perPage);
    const slice = items.slice((paging.page - 1) * paging.perPage, paging.page * paging.perPage);
    const link = (page: number): string => {
      const q = new URLSearchParams(req.query);
      q.delete('consumer_key');
      q.delete('consumer_secret');
      q.set('page', String(page));
      return `<${this.url}${req.path}?${q.toString()}>`;
    };
    // The v3 controller emits only prev and next (contract §4.1).
    const links: string[] = [];
    if (paging.page > 1 && paging.page <= totalPages + 1) links.push(`${link(paging.page - 1)}; rel="prev"`);
    if (paging.page < totalPages) links.push(`${link(paging.page + 1)}; rel="next"`);
    return {
      status: 200,
      headers: {
        'x-wp-total': String(total),
        'x-wp-totalpages': String(totalPages),
        ...(links.length ? { link: links.join(', ') } : {}),
      },
      body: slice,
    };
  }

  private listProducts(req: RecordedRequest): FakeResponse {
    const paging = this.paging(req);
    if ('status' in paging) return paging;
    const q = req.query;
    let items: (WcProduct | (WcVariation & { type: 'variation'; parent_id: number }))[] = [
      ...this.products.values(),
    ];

    const sku = q.get('sku');
    if (sku) {
      const wanted = new Set(
        sku
          .split(',')
          .map((s) => s.trim())
          .filter(Boolean),
      );
      // WooCommerce's sku filter also covers product_variation posts (contract §4, §9).
      const variationHits = [...this.variations.entries()].flatMap(([parentId, list]) =>
        this.products.has(parentId)
          ? list
              .filter((v) => wanted.has(v.sku))
              .map((v) => ({
                ...v,
                type: 'variation' as const,
                parent_id: parentId,
                name: this.variationName(parentId, v),
              }))
          : [],
      );
      items = [...items.filter((p) => wanted.has(p.sku)), ...variationHits];
    }
    const status = q.get('status') ?? 'any';
    if (status !== 'any') items = items.filter((p) => p.status === status);
    const type = q.get('type');
    if (type) items = items.filter((p) => p.type === type);
    const include = q.get('include') ?? q.getAll('include[]').join(',');
    if (include) {
      const ids = new Set(include.split(',').map(Number));
      items = items.filter((p) => ids.has(p.id));
    }
    const search = q.get('search')?.toLowerCase();
    if (search) {
      items = items.filter((p) =>
        `${'name' in p ? (p.name ?? '') : ''} ${p.description} ${'short_description' in p ? p.short_description : ''}`
          .toLowerCase()
          .includes(search),
      );
    }
    const stock = q.get('stock_status');
    if (stock) items = items.filter((p) => p.stock_status === stock);
    const gmt = q.get('dates_are_gmt') === 'true' || q.get('dates_are_gmt') === '1';
    const field = gmt ? 'date_modified_gmt' : 'date_modified';
    const after = q.get('modified_after');
    if (after) {
      const t = Date.parse(`${after.replace(/Z$/, '')}Z`);
      items = items.filter((p) => Date.parse(`${p[field] ?? ''}Z`) > t);
    }
    const before = q.get('modified_before');
    if (before) {
      const t = Date.parse(`${before.replace(/Z$/, '')}Z`);
      items = items.filter((p) => Date.parse(`${p[field] ?? ''}Z`) < t);
    }

    const orderby = q.get('orderby') ?? 'date';
    const dir = (q.get('order') ?? 'desc') === 'asc' ? 1 : -1;
    const key = (p: (typeof items)[number]): string | number => {
      switch (orderby) {
        case 'id':
          return p.id;
        case 'title':
          return 'name' in p ? (p.name ?? '') : '';
        case 'modified':
          return p.date_modified_gmt ?? '';
        default:
          return (p as { date_created_gmt?: string }).date_created_gmt ?? p.date_modified_gmt ?? '';
      }
    };
    items.sort((a, b) => {
      const ka = key(a);
      const kb = key(b);
      // date and modified get ID as tie-break (contract §4).
      return (ka < kb ? -1 : ka > kb ? 1 : a.id - b.id) * dir;
    });
    return this.pageOf(req, items, paging);
  }

  private variationName(parentId: number, v: WcVariation): string {
    const parent = this.products.get(parentId);
    const opts = v.attributes.map((a: WcVariationAttribute) => a.option).filter(Boolean);
    return `${parent?.name ?? ''} - ${opts.join(', ')}`;
  }

  private getProduct(id: number): FakeResponse {
    const p = this.products.get(id);
    if (p) return { status: 200, body: p };
    for (const [parentId, list] of this.variations) {
      if (list.some((v) => v.id === id)) {
        // Older controllers answer a variation id sent to /products/{id} with this code (contract §7).
        return error(404, 'woocommerce_rest_invalid_product_id', 'Invalid ID.', { parent: parentId });
      }
    }
    return error(404, 'woocommerce_rest_product_invalid_id', 'Invalid ID.');
  }

  private listVariations(req: RecordedRequest, parentId: number): FakeResponse {
    const paging = this.paging(req);
    if ('status' in paging) return paging;
    if (!this.products.has(parentId)) return error(404, 'woocommerce_rest_product_invalid_id', 'Invalid ID.');
    const dir = (req.query.get('order') ?? 'desc') === 'asc' ? 1 : -1;
    const items = [...(this.variations.get(parentId) ?? [])].sort((a, b) => (a.id - b.id) * dir);
    return this.pageOf(req, items, paging);
  }

  private getVariation(parentId: number, id: number): FakeResponse {
    if (!this.products.has(parentId)) return error(404, 'woocommerce_rest_product_invalid_id', 'Invalid ID.');
    const v = (this.variations.get(parentId) ?? []).find((x) => x.id === id);
    return v
      ? { status: 200, body: { ...v, parent_id: parentId } }
      : error(404, 'woocommerce_rest_product_variation_invalid_id', 'Invalid ID.');
  }
}
