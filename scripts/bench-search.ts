/**
 * `npm run bench:search [-- --sizes pg:10000,pg:100000,embedded:10000] [--queries 200]`: latency of the hybrid
 * search on generated catalogs (test/fakes/catalog-generator.ts), with and without the stock filter and with a
 * price range / price order mix (the same queries, so the filters are the only difference), through
 * `CatalogSearchService` and as the same SQL timed raw over a plain `pg` client (no Nest around it).
 * PostgreSQL: DATABASE_URL (default postgresql://namwoo:namwoo@127.0.0.1:5432/namwoo_bench), whose `products` table
 * is emptied and refilled (`--reuse` keeps a catalog of the same size already there). Embedded: a fresh in-memory
 * PGlite.
 */
import 'reflect-metadata';
import { Client } from 'pg';
import { CatalogSearchRepository, vectorIndexName } from '../src/catalog/catalog-search.repository';
import { CatalogSearchService } from '../src/catalog/catalog-search.service';
import { CatalogModule } from '../src/catalog/catalog.module';
import type { SearchOptions } from '../src/catalog/catalog.types';
import { Embedder } from '../src/catalog/embedding/embedder';
import { generateCatalog } from '../test/fakes/catalog-generator';
import { insertProducts, rowsFromCatalog } from '../test/support/search-catalog-loader';
import { createTestContext, type TestContext } from '../test/support/test-app';

const arg = (name: string, fallback: string): string => {
  const i = process.argv.indexOf(name);
  return i >= 0 ? process.argv[i + 1] : fallback;
};
const DATABASE_URL = process.env.DATABASE_URL ?? 'postgresql://namwoo:namwoo@127.0.0.1:5432/namwoo_bench';
const SIZES = arg('--sizes', 'pg:10000,pg:100000,embedded:10000').split(',');
const QUERIES = Number(arg('--queries', '200'));
const LIMIT = 10;

const BRANDS = ['lg', 'samsung', 'mabe', 'whirlpool', 'sony', 'xiaomi', 'oster', 'hp', 'lenovo', 'tcl'];
const NOUNS = [
  'nevera',
  'heladera',
  'lavadora',
  'televisor',
  'tv',
  'celular',
  'laptop',
  'audifonos',
  'licuadora',
  'aire acondicionado',
  'split',
  'parlante',
];
const TYPOS = ['samsun', 'licuadra', 'lavadra', 'televisro', 'whirpool', 'refrijerador'];

/** A realistic mix: words, brand + kind, sizes, exact model numbers and SKUs, typos, accessory questions. */
function queriesFor(names: string[], skus: string[], count: number): string[] {
  const out: string[] = [];
  for (let i = 0; out.length < count; i++) {
    const name = names[(i * 7919) % names.length];
    const model = name.split(' ').pop() ?? '';
    switch (i % 8) {
      case 0:
        out.push(`${NOUNS[i % NOUNS.length]} ${BRANDS[i % BRANDS.length]}`);
        break;
      case 1:
        out.push(model.toLowerCase());
        break;
      case 2:
        out.push(skus[(i * 31) % skus.length]);
        break;
      case 3:
        out.push(`${TYPOS[i % TYPOS.length]} ${BRANDS[(i + 3) % BRANDS.length]}`);
        break;
      case 4:
        out.push(name.split(' ').slice(0, 4).join(' '));
        break;
      case 5:
        out.push(`quiero una ${NOUNS[i % NOUNS.length]} barata de ${10 + (i % 20)} pies`);
        break;
      case 6:
        out.push(`forro para ${model.slice(0, 3).toLowerCase()} ${model.slice(3)}`);
        break;
      default:
        out.push(`${NOUNS[i % NOUNS.length]} inverter`);
    }
  }
  return out;
}

const MODES = ['all products', 'in stock only', 'filtered/sorted'] as const;
/** The filtered/sorted mix: the same queries with a price ceiling, a price order, a range with the dearest first. */
const FILTER_MIX: Partial<SearchOptions>[] = [
  { maxPrice: 300 },
  { sort: 'price_asc' },
  { minPrice: 100, maxPrice: 800, sort: 'price_desc' },
  { maxPrice: 150, sort: 'price_asc' },
];

const percentile = (sorted: number[], p: number): number =>
  sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
const summary = (ms: number[]): string => {
  const s = [...ms].sort((a, b) => a - b);
  return `p50 ${percentile(s, 50).toFixed(1).padStart(6)}  p95 ${percentile(s, 95).toFixed(1).padStart(6)}  p99 ${percentile(s, 99).toFixed(1).padStart(6)} ms`;
};

async function load(ctx: TestContext, size: number): Promise<{ names: string[]; skus: string[] }> {
  const search = ctx.get(CatalogSearchService);
  const catalog = generateCatalog(size);
  const names = catalog.products.map((p) => p.name);
  const skus = catalog.products.map((p) => p.sku).filter(Boolean);
  const [{ n: parents }] = await ctx.dataSource.query<{ n: string }[]>(
    `SELECT count(*) AS n FROM products WHERE parent_wc_id IS NULL`,
  );
  if (process.argv.includes('--reuse') && Number(parents) === size) {
    // The generator is deterministic: the same size means the same catalog, already loaded and indexed.
    await ctx.get(CatalogSearchRepository).ensureVectorIndex(search.space);
    process.stdout.write(`  reusing the ${size} products already loaded\n`);
    return { names, skus };
  }
  const started = Date.now();
  await ctx.dataSource.query(`TRUNCATE products`);
  // Bulk load without the HNSW index, then build it once: much faster than maintaining it row by row.
  await ctx.dataSource.query(`DROP INDEX IF EXISTS ${vectorIndexName(search.space)}`);
  await insertProducts(ctx.dataSource, ctx.get(Embedder), rowsFromCatalog(catalog), 1000);
  const loaded = Date.now();
  await ctx.get(CatalogSearchRepository).ensureVectorIndex(search.space);
  // VACUUM also flushes the GIN pending lists the bulk insert filled (autovacuum would, later).
  await ctx.dataSource.query(`VACUUM ANALYZE products`);
  const rows = (await ctx.dataSource.query<{ n: string }[]>(`SELECT count(*) AS n FROM products`))[0].n;
  process.stdout.write(
    `  loaded ${rows} rows (${size} products + variations) in ${((loaded - started) / 1000).toFixed(1)} s, HNSW index in ${((Date.now() - loaded) / 1000).toFixed(1)} s\n`,
  );
  return { names, skus };
}

async function run(kind: 'pg' | 'embedded', size: number): Promise<void> {
  process.stdout.write(`\n${kind === 'pg' ? 'PostgreSQL' : 'embedded PGlite'}, ${size} products\n`);
  const ctx = await createTestContext({
    imports: [CatalogModule],
    env: kind === 'pg' ? { DATABASE_URL } : {},
  });
  const raw = new Client({ connectionString: String((ctx.dataSource.options as { url: string }).url) });
  try {
    const { names, skus } = await load(ctx, size);
    const search = ctx.get(CatalogSearchService);
    const repository = ctx.get(CatalogSearchRepository);
    const queries = queriesFor(names, skus, QUERIES);
    await raw.connect();
    const unfilteredP95: number[] = [];
    for (const mode of MODES) {
      const inStockOnly = mode === 'in stock only';
      const filtersFor = (i: number): SearchOptions =>
        mode === 'filtered/sorted'
          ? { inStockOnly, limit: LIMIT, ...FILTER_MIX[i % FILTER_MIX.length] }
          : { inStockOnly, limit: LIMIT };
      const options: SearchOptions = { inStockOnly, limit: LIMIT };
      for (const q of queries.slice(0, 20)) await search.search(q, options); // warm-up
      const service: number[] = [];
      for (const [i, q] of queries.entries()) {
        const t = performance.now();
        await search.search(q, filtersFor(i));
        service.push(performance.now() - t);
      }
      const rawMs: number[] = [];
      for (const [i, q] of queries.entries()) {
        const params = await search.searchParams(q, filtersFor(i));
        if (!params) continue;
        const { sql, values } = repository.hybridSql(params);
        const t = performance.now();
        await raw.query('BEGIN');
        for (const setting of repository.searchSettings(params, search.usesIterativeScan)) {
          await raw.query(setting);
        }
        await raw.query(sql, values);
        await raw.query('COMMIT');
        rawMs.push(performance.now() - t);
      }
      const label = mode.padEnd(15);
      const p95 = percentile(
        [...rawMs].sort((x, y) => x - y),
        95,
      );
      if (mode === 'all products') unfilteredP95.push(p95);
      const ratio =
        mode === 'filtered/sorted' ? `  (raw p95 ${(p95 / unfilteredP95[0]).toFixed(2)}x unfiltered)` : '';
      process.stdout.write(`  ${label}  service (incl. query embedding): ${summary(service)}\n`);
      process.stdout.write(`  ${label}  raw SQL (pg client)             : ${summary(rawMs)}${ratio}\n`);
    }
  } finally {
    await raw.end().catch(() => undefined);
    await ctx.close();
  }
}

async function main(): Promise<void> {
  process.stdout.write(`hybrid search benchmark: ${QUERIES} queries per run, limit ${LIMIT}\n`);
  for (const spec of SIZES) {
    const [kind, n] = spec.split(':');
    await run(kind === 'embedded' ? 'embedded' : 'pg', Number(n));
  }
}

main().catch((e: unknown) => {
  process.stderr.write(`bench-search failed: ${e instanceof Error ? e.stack : String(e)}\n`);
  process.exit(1);
});
