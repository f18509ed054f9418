import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { demoCatalog } from '../../src/catalog/demo/load-demo-catalog';
import { FakeWooCommerce } from '../fakes/fake-woocommerce';
import { runNode } from '../support/spawn';
import { createTestDatabase, type TestDatabase } from '../support/test-database';

/** `node dist/cli sync` as an operator runs it, against the fake store (build first: `npm test` does). */
describe('node dist/cli sync', () => {
  const catalog = demoCatalog();
  const rows = catalog.products.length + Object.values(catalog.variations).reduce((n, v) => n + v.length, 0);
  let dir: string;
  let woo: FakeWooCommerce;
  let database: TestDatabase;
  let env: Record<string, string>;

  const lastJson = (stdout: string): Record<string, unknown> =>
    JSON.parse(stdout.trim().split('\n').at(-1)!) as Record<string, unknown>;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'namwoo-sync-'));
    woo = await new FakeWooCommerce(catalog).start();
    database = await createTestDatabase();
    // The embedded database must outlive one CLI process: a folder, not memory.
    const db = database.kind === 'postgres' ? database.env : { DATA_DIR: join(dir, 'data') };
    env = { ...db, ...woo.env, LOG_DIR: join(dir, 'logs'), LOAD_DEMO_CATALOG: 'false' };
  });

  afterAll(async () => {
    await woo?.stop();
    await database?.drop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('syncs the store and prints a JSON summary as the last stdout line', async () => {
    const r = await runNode('cli.js', ['sync', '--json'], env, dir);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(lastJson(r.stdout)).toMatchObject({
      kind: 'full',
      status: 'succeeded',
      fetched: rows,
      created: rows,
      updated: 0,
      deleted: 0,
      embedded: rows,
      durationMs: expect.any(Number),
    });
  });

  it('an unchanged full re-sync embeds nothing; a deletion is reported', async () => {
    woo.delete(catalog.products.find((p) => p.type === 'simple')!.id);
    const r = await runNode('cli.js', ['sync', '--full', '--json'], env, dir);
    expect(r.code).toBe(0);
    expect(lastJson(r.stdout)).toMatchObject({
      kind: 'full',
      created: 0,
      updated: 0,
      deleted: 1,
      embedded: 0,
    });
  });

  it('a chat over the synced store catalog, run without the WooCommerce settings, never speaks as the demo store', async () => {
    const { WOOCOMMERCE_URL: _u, WOOCOMMERCE_KEY: _k, WOOCOMMERCE_SECRET: _s, ...noWoo } = env;
    const r = await runNode('cli.js', ['chat'], noWoo, dir, 'hola\n¿dónde están ubicados y cómo se paga?\n');
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('bot> ');
    // The products are the demo's, but they came from a store: the demo store's facts are not this store's.
    for (const demoFact of ['Tecno Hogar', 'Sambil', 'Zelle', 'Binance', 'MRW']) {
      expect(r.stdout).not.toContain(demoFact);
    }
  });

  it('fails with one line on stderr and a non-zero exit when the key is wrong', async () => {
    const r = await runNode('cli.js', ['sync', '--json'], { ...env, WOOCOMMERCE_KEY: 'ck_wrong' }, dir);
    expect(r.code).not.toBe(0);
    const lines = r.stderr.trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^namwoo: sync failed: woocommerce list products failed: .*WOOCOMMERCE_KEY/);
  });

  it('says WooCommerce is not configured when it is not', async () => {
    const { WOOCOMMERCE_URL: _u, WOOCOMMERCE_KEY: _k, WOOCOMMERCE_SECRET: _s, ...rest } = env;
    const r = await runNode('cli.js', ['sync'], rest, dir);
    expect(r.code).not.toBe(0);
    expect(r.stderr.trim()).toBe(
      'namwoo: WooCommerce is not configured: set WOOCOMMERCE_URL, WOOCOMMERCE_KEY and WOOCOMMERCE_SECRET (in the environment or .env)',
    );
  });
});
