import { demoCatalog } from '../../src/catalog/demo/load-demo-catalog';
import { startTestApp, type TestApp } from '../support/test-app';

/** `npm start` on an empty embedded database loads the demo catalog in the background. */
describe('demo catalog at start', () => {
  let app: TestApp;
  const catalog = demoCatalog();
  const rows = catalog.products.length + Object.values(catalog.variations).reduce((n, v) => n + v.length, 0);

  beforeAll(async () => {
    app = await startTestApp({ LOAD_DEMO_CATALOG: 'true' });
  });
  afterAll(() => app?.close());

  it('serves health at once and loads the demo catalog, embedded, through the sync pipeline', async () => {
    const health = await fetch(`${app.url}/api/health`);
    expect(health.status).toBe(200);
    let runs: { kind: string; status: string }[] = [];
    for (let i = 0; i < 300; i++) {
      runs = await app.dataSource.query<{ kind: string; status: string }[]>(
        `SELECT kind, status FROM sync_runs`,
      );
      if (runs.length && runs[0].status !== 'running') break;
      await new Promise((r) => setTimeout(r, 100));
    }
    expect(runs).toEqual([{ kind: 'demo', status: 'succeeded' }]);
    const loaded = await app.dataSource.query<{ n: number; embedded: number }[]>(
      `SELECT count(*)::int AS n, count(embedding)::int AS embedded FROM products`,
    );
    expect(loaded[0]).toEqual({ n: rows, embedded: rows });
  });
});
