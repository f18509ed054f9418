import { Logger } from '@nestjs/common';
import axios, { type AxiosInstance, type AxiosResponse } from 'axios';
import { AppConfig } from '../config/app-config';
import { ExternalServiceError } from '../common/app-error';
import type { WcPage, WcProduct, WcVariation } from './woocommerce.types';
import { GONE_CODES, httpFailure, networkFailure, retryAfterMs } from './woocommerce-errors';
import { integrationHealth } from '../common/integration-health';

export interface WcCallOptions {
  /** Per-call timeout; sync uses `woocommerce.timeoutMs`, live look-ups `woocommerce.liveTimeoutMs`. */
  timeoutMs?: number;
  /** Retries after the first attempt on 429/5xx/network errors (4xx are never retried). */
  retries?: number;
}

export interface WcListProductsParams {
  page: number;
  perPage?: number;
  /** Incremental sync: only products modified after this instant (sent as UTC with `dates_are_gmt`). */
  modifiedAfter?: Date;
}

export interface WooCommerceClientOptions {
  /** First backoff delay; doubled per attempt, with jitter. Tests shorten it. */
  backoffBaseMs?: number;
  /** Upper bound for one wait, also for a long Retry-After. */
  backoffMaxMs?: number;
}

const DEFAULT_RETRIES = 3;

/** ISO 8601 without zone, as WooCommerce expects it; `dates_are_gmt=true` makes it UTC. */
function wcDate(d: Date): string {
  return d.toISOString().slice(0, 19);
}

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/**
 * The WooCommerce REST v3 client (docs/contracts/woocommerce.md): read-only listing for the sync
 * and single look-ups for live details. Every failure is an `ExternalServiceError('woocommerce', …)` that names the
 * call and what the operator should check. Built by `WooCommerceModule`'s factory (tests pass shorter backoffs).
 */
export class WooCommerceClient {
  private readonly logger = new Logger('WooCommerce');
  private readonly http: AxiosInstance;
  private readonly backoffBaseMs: number;
  private readonly backoffMaxMs: number;

  constructor(
    private readonly config: AppConfig,
    options: WooCommerceClientOptions = {},
  ) {
    this.backoffBaseMs = options.backoffBaseMs ?? 500;
    this.backoffMaxMs = options.backoffMaxMs ?? 30_000;
    const wc = config.woocommerce;
    this.http = axios.create({
      baseURL: `${wc.url ?? 'http://woocommerce.invalid'}/wp-json/wc/v3`,
      // Basic auth is the default over HTTPS; some hosts strip the Authorization header, for them the keys go
      // in the query string (woocommerce.md §2, WOOCOMMERCE_AUTH_MODE=query).
      ...(wc.authMode === 'basic' && wc.key && wc.secret
        ? { auth: { username: wc.key, password: wc.secret } }
        : {}),
      headers: { Accept: 'application/json', 'User-Agent': `${config.appName}/catalog-sync` },
      // Status handling is ours: every non-2xx becomes an ExternalServiceError with a hint.
      validateStatus: () => true,
      // Hosts answer errors with HTML; parse JSON ourselves so the body is kept either way.
      transformResponse: (data: unknown) => data,
      responseType: 'text',
    });
  }

  get isConfigured(): boolean {
    return this.config.isWooCommerceConfigured;
  }

  /** One page of published products (`per_page` ≤ 100, woocommerce.md §4). */
  async listProducts(params: WcListProductsParams, options: WcCallOptions = {}): Promise<WcPage<WcProduct>> {
    const query: Record<string, string | number> = {
      page: params.page,
      per_page: params.perPage ?? 100,
      // status defaults to `any`, which leaks drafts and private products (woocommerce.md §9).
      status: 'publish',
    };
    if (params.modifiedAfter) {
      query.modified_after = wcDate(params.modifiedAfter);
      query.dates_are_gmt = 'true';
      query.orderby = 'modified';
      query.order = 'asc';
    } else {
      // A stable order keeps pages from shifting while products are edited during a full run.
      query.orderby = 'id';
      query.order = 'asc';
    }
    return this.getPage<WcProduct>('list products', '/products', query, options);
  }

  /** One page of a variable product's variations. */
  async listVariations(
    productId: number,
    page: number,
    options: WcCallOptions = {},
  ): Promise<WcPage<WcVariation>> {
    return this.getPage<WcVariation>(
      `list variations of product ${productId}`,
      `/products/${productId}/variations`,
      { page, per_page: 100, orderby: 'id', order: 'asc' },
      options,
    );
  }

  /** Every variation of a product, following `X-WP-TotalPages`. */
  async listAllVariations(productId: number, options: WcCallOptions = {}): Promise<WcVariation[]> {
    const first = await this.listVariations(productId, 1, options);
    const all = [...first.items];
    for (let page = 2; page <= first.totalPages; page++) {
      all.push(...(await this.listVariations(productId, page, options)).items);
    }
    return all;
  }

  /** A product by id; null when WooCommerce says it does not exist (it left the store). */
  async getProduct(id: number, options: WcCallOptions = {}): Promise<WcProduct | null> {
    return this.getOrNull<WcProduct>(`get product ${id}`, `/products/${id}`, options);
  }

  /** One variation; null when the product or variation does not exist. */
  async getVariation(
    productId: number,
    variationId: number,
    options: WcCallOptions = {},
  ): Promise<WcVariation | null> {
    return this.getOrNull<WcVariation>(
      `get variation ${variationId} of product ${productId}`,
      `/products/${productId}/variations/${variationId}`,
      options,
    );
  }

  /**
   * The product or variation with this exact SKU, or null. A variation comes back with `type: "variation"` and
   * `parent_id` (woocommerce.md §9). Drafts are excluded with `status=publish`.
   */
  async findBySku(sku: string, options: WcCallOptions = {}): Promise<WcProduct | null> {
    const page = await this.getPage<WcProduct>(
      `find product by SKU ${JSON.stringify(sku)}`,
      '/products',
      { sku, status: 'publish', per_page: 10 },
      options,
    );
    return page.items.find((p) => p.sku === sku) ?? page.items[0] ?? null;
  }

  /** One resource; null when WooCommerce says it does not exist. For the other clients of this REST API. */
  async getOrNull<T>(operation: string, path: string, options: WcCallOptions): Promise<T | null> {
    try {
      const res = await this.request(operation, path, {}, options);
      return this.json<T>(operation, res);
    } catch (e) {
      if (e instanceof ExternalServiceError && GONE_CODES.has(String(e.options.vendorCode))) return null;
      throw e;
    }
  }

  /** One page of a listing, with its paging headers. For the other clients of this REST API. */
  async getPage<T>(
    operation: string,
    path: string,
    query: Record<string, string | number>,
    options: WcCallOptions,
  ): Promise<WcPage<T>> {
    const res = await this.request(operation, path, query, options);
    const items = this.json<T[]>(operation, res);
    if (!Array.isArray(items)) {
      throw new ExternalServiceError('woocommerce', operation, 'the answer is not a list', {
        retryable: false,
        status: res.status,
        hint: 'check that WOOCOMMERCE_URL points at the WordPress site running WooCommerce',
      });
    }
    const total = Number(res.headers['x-wp-total']);
    const totalPages = Number(res.headers['x-wp-totalpages']);
    return {
      items,
      total: Number.isFinite(total) ? total : items.length,
      totalPages: Number.isFinite(totalPages) ? totalPages : 1,
    };
  }

  private json<T>(operation: string, res: AxiosResponse<string>): T {
    try {
      return JSON.parse(res.data) as T;
    } catch {
      throw new ExternalServiceError(
        'woocommerce',
        operation,
        `answered ${res.status} with non-JSON content`,
        {
          retryable: false,
          status: res.status,
          hint: 'check WOOCOMMERCE_URL: it should be the store base URL (e.g. https://shop.example.com), not a page or a login screen',
        },
      );
    }
  }

  private async request(
    operation: string,
    path: string,
    query: Record<string, string | number>,
    options: WcCallOptions,
  ): Promise<AxiosResponse<string>> {
    if (!this.isConfigured) {
      throw new ExternalServiceError('woocommerce', operation, 'WooCommerce is not configured', {
        retryable: false,
        hint: 'set WOOCOMMERCE_URL, WOOCOMMERCE_KEY and WOOCOMMERCE_SECRET',
      });
    }
    const wc = this.config.woocommerce;
    const params =
      wc.authMode === 'query' ? { ...query, consumer_key: wc.key, consumer_secret: wc.secret } : query;
    const timeout = options.timeoutMs ?? wc.timeoutMs;
    const retries = options.retries ?? DEFAULT_RETRIES;
    for (let attempt = 0; ; attempt++) {
      let failure: ExternalServiceError;
      let waitHint: number | undefined;
      try {
        const res = await this.http.get<string>(path, { params, timeout });
        if (res.status >= 200 && res.status < 300) {
          integrationHealth.succeeded('woocommerce');
          return res;
        }
        failure = httpFailure(operation, res, this.config.woocommerce.url);
        waitHint = retryAfterMs(res.headers['retry-after']);
      } catch (e) {
        failure = networkFailure(operation, e, timeout, this.config.woocommerce.url);
      }
      if (failure.options.status === 404) integrationHealth.succeeded('woocommerce');
      else integrationHealth.failed('woocommerce', failure);
      if (!failure.retryable || attempt >= retries) throw failure;
      const backoff = Math.min(this.backoffMaxMs, this.backoffBaseMs * 2 ** attempt);
      const wait =
        Math.min(this.backoffMaxMs, waitHint ?? backoff) + Math.random() * this.backoffBaseMs * 0.5;
      this.logger.warn({
        msg: `${operation}: ${failure.message}; retrying in ${Math.round(wait)} ms`,
        attempt: attempt + 1,
      });
      await sleep(wait);
    }
  }
}
