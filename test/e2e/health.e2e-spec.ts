import request from 'supertest';
import { DatabaseService } from '../../src/database/database.service';
import { startTestApp, type TestApp } from '../support/test-app';

describe('GET /api/health', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(async () => {
    await t?.close();
  });

  it('answers 200 with the database state and a correlation id', async () => {
    const res = await request(t.url).get('/api/health').expect(200);
    expect(res.body).toMatchObject({ status: 'ok', database: { status: 'up', kind: t.database.kind } });
    expect(res.headers['x-correlation-id']).toMatch(/^[\w-]+$/);
  });

  it('applied the migrations: products and pauses exist, SKU "" is impossible and NULL SKUs may repeat', async () => {
    const q = (sql: string, params?: unknown[]) => t.dataSource.query(sql, params);
    await q(
      `INSERT INTO products (wc_id, type, name, sku) VALUES (1, 'simple', 'A', NULL), (2, 'simple', 'B', NULL)`,
    );
    await expect(
      q(`INSERT INTO products (wc_id, type, name, sku) VALUES (3, 'simple', 'C', '')`),
    ).rejects.toThrow();
    await q(`INSERT INTO products (wc_id, type, name, sku) VALUES (4, 'simple', 'D', 'X-1')`);
    await expect(
      q(`INSERT INTO products (wc_id, type, name, sku) VALUES (5, 'simple', 'E', 'X-1')`),
    ).rejects.toThrow();
    const [{ n }] = await q(`SELECT count(*)::int AS n FROM products`);
    expect(n).toBe(3);
  });

  it('answers GET /api, the address announced at start, with an index of what it serves', async () => {
    const res = await request(t.url).get('/api').expect(200);
    const paths = (res.body.endpoints as { method: string; path: string }[]).map(
      (e) => `${e.method} ${e.path}`,
    );
    expect(paths).toEqual(['GET /api', 'GET /api/health', 'POST /api/sb-webhook']);
    await request(t.url).get('/api/health').expect(200);
  });

  it('answers 404 in the common error shape for unknown routes', async () => {
    const res = await request(t.url).get('/api/nope').expect(404);
    expect(res.body.error.code).toBe('not_found');
  });

  it('answers 503 when the database does not answer', async () => {
    const db = t.app.get(DatabaseService);
    const spy = jest.spyOn(db.dataSource, 'query').mockRejectedValueOnce(new Error('connection refused'));
    const res = await request(t.url).get('/api/health').expect(503);
    expect(res.body.database).toMatchObject({ status: 'down', reason: 'connection refused' });
    spy.mockRestore();
  });
});
