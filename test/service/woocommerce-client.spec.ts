import { ExternalServiceError } from '../../src/common/app-error';
import { demoCatalog } from '../../src/catalog/demo/load-demo-catalog';
import { WooCommerceClient } from '../../src/woocommerce/woocommerce.client';
import { FakeHttpServer } from '../fakes/fake-http-server';
import { FakeWooCommerce } from '../fakes/fake-woocommerce';
import { captureNestLogs } from '../support/log-capture';
import { testConfig } from '../support/test-app';

/** The WooCommerce client against the fake store over real HTTP (contract: woocommerce.md). */
describe('WooCommerceClient', () => {
  const catalog = demoCatalog();
  let woo: FakeWooCommerce;
  const client = (env: Record<string, string> = {}): WooCommerceClient =>
    new WooCommerceClient(testConfig({ ...woo.env, ...env }), { backoffBaseMs: 5 });
  const failure = async (p: Promise<unknown>): Promise<ExternalServiceError> => {
    try {
      await p;
    } catch (e) {
      expect(e).toBeInstanceOf(ExternalServiceError);
      return e as ExternalServiceError;
    }
    throw new Error('expected a failure');
  };

  beforeAll(async () => {
    woo = await new FakeWooCommerce(catalog).start();
  });
  afterAll(() => woo.stop());

  it('lists published products 100 per page with the pagination headers', async () => {
    const page = await client().listProducts({ page: 2 });
    expect(page.total).toBe(catalog.products.length);
    expect(page.totalPages).toBe(Math.ceil(catalog.products.length / 100));
    expect(page.items.map((p) => p.id)).toEqual(catalog.products.slice(100).map((p) => p.id));
    const last = woo.requests.at(-1)!;
    expect(last.headers.authorization).toMatch(/^Basic /);
    expect(last.query.get('consumer_key')).toBeNull();
  });

  it('sends the keys in the query string with WOOCOMMERCE_AUTH_MODE=query', async () => {
    await client({ WOOCOMMERCE_AUTH_MODE: 'query' }).listProducts({ page: 1 });
    const last = woo.requests.at(-1)!;
    expect(last.headers.authorization).toBeUndefined();
    expect(last.query.get('consumer_key')).toBe(woo.key);
  });

  it('reads variations, a product, a variation, and finds a variation by its SKU', async () => {
    const a54 = catalog.products.find((p) => p.sku === 'SM-A546E')!;
    const variations = await client().listAllVariations(a54.id);
    expect(variations.map((v) => v.id)).toEqual(a54.variations);
    expect((await client().getProduct(a54.id))?.name).toBe(a54.name);
    expect((await client().getVariation(a54.id, a54.variations[1]))?.sku).toBe('SM-A546E-256-NEGRO');
    const bySku = await client().findBySku('SM-A546E-256-NEGRO');
    expect(bySku).toMatchObject({ type: 'variation', parent_id: a54.id, id: a54.variations[1] });
    expect(await client().findBySku('NO-EXISTE')).toBeNull();
  });

  it('answers null for a product that left the store', async () => {
    expect(await client().getProduct(999_999)).toBeNull();
    expect(await client().getVariation(catalog.products[0].id, 1)).toBeNull();
  });

  it('explains an unknown key (401 woocommerce_rest_cannot_view) in one line, without retrying', async () => {
    const before = woo.requests.length;
    const e = await failure(client({ WOOCOMMERCE_KEY: 'ck_unknown' }).listProducts({ page: 1 }));
    expect(e.message).toMatch(/^woocommerce list products failed: .*401 woocommerce_rest_cannot_view/);
    expect(e.message).toContain('WOOCOMMERCE_KEY');
    expect(e.message).not.toContain('\n');
    expect(woo.requests.length - before).toBe(1);
  });

  it('explains a wrong secret (401 woocommerce_rest_authentication_error)', async () => {
    const e = await failure(client({ WOOCOMMERCE_SECRET: 'cs_wrong' }).listProducts({ page: 1 }));
    expect(e.message).toMatch(/woocommerce_rest_authentication_error/);
    expect(e.message).toContain('WOOCOMMERCE_SECRET');
    expect(e.message).toContain('WOOCOMMERCE_AUTH_MODE=query');
  });

  it('explains a wrong URL (404 without the REST route)', async () => {
    const e = await failure(client({ WOOCOMMERCE_URL: `${woo.url}/tienda` }).listProducts({ page: 1 }));
    expect(e.message).toMatch(
      /no WooCommerce REST API at http:\/\/127\.0\.0\.1:\d+\/tienda\/wp-json\/wc\/v3/,
    );
    expect(e.message).toContain('WOOCOMMERCE_URL');
    expect(e.message).toMatch(/permalinks/);
  });

  it('explains an unreachable store', async () => {
    const e = await failure(
      client({ WOOCOMMERCE_URL: 'http://127.0.0.1:9' }).listProducts({ page: 1 }, { retries: 0 }),
    );
    expect(e.message).toMatch(/cannot reach http:\/\/127\.0\.0\.1:9 \(ECONNREFUSED\)/);
    expect(e.retryable).toBe(true);
  });

  it('retries 429/503 (honouring Retry-After) and 500, then succeeds', async () => {
    const logs = captureNestLogs();
    woo.failNext(429, 1, { retryAfter: '0' });
    woo.failNext(503, 1);
    woo.failNext(500, 1);
    const before = woo.requests.length;
    const page = await client().listProducts({ page: 1 });
    expect(page.items).toHaveLength(100);
    expect(woo.requests.length - before).toBe(4);
    expect(logs.lines.map((l) => [l.level, l.attempt, /\((\d{3})/.exec(l.msg ?? '')?.[1]])).toEqual([
      ['warn', 1, '429'],
      ['warn', 2, '503'],
      ['warn', 3, '500'],
    ]);
  });

  it('gives up after the configured retries with the last reason', async () => {
    const logs = captureNestLogs();
    woo.failNext(503, 5, { retryAfter: '0' });
    const e = await failure(client().listProducts({ page: 1 }, { retries: 1 }));
    expect(e.message).toMatch(/rate limiting or unavailable \(503\)/);
    expect(logs.matching('list products: woocommerce list products failed')).toHaveLength(1);
    woo.clearFaults();
  });

  it('times out a slow call with the per-call timeout', async () => {
    const slow = await new FakeHttpServer(() => ({ status: 200, body: [], delayMs: 500 })).start();
    try {
      const e = await failure(
        client({ WOOCOMMERCE_URL: slow.url }).getProduct(1, { timeoutMs: 50, retries: 0 }),
      );
      expect(e.message).toMatch(/get product 1 failed: no answer within 50 ms/);
    } finally {
      await slow.stop();
    }
  });

  it('the fake rejects per_page above 100 as WooCommerce does', async () => {
    const e = await failure(client().listProducts({ page: 1, perPage: 101 }));
    expect(e.message).toMatch(/400 rest_invalid_param/);
  });
});
