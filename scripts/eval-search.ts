/**
 * `npm run eval:search [-- --verbose] [--catalog file.json] [--judgements file.json] [--shopper file.json]
 * [--query "…"]`: loads the demo catalog into a
 * fresh in-memory embedded database through the sync's mapper, upsert and embedding step, embeds it with the local embedder (offline), runs every judged query and
 * prints recall@5 (capped: relevant found in the top 5 / min(5, relevant)) and MRR@10 for vector-only, keyword-only (text + model/SKU lanes) and hybrid search.
 * Then, apart, the shopper queries (price bounds, price order, honest empty; judged by predicates) and the use-case
 * queries ("algo para el calor") of test/fixtures/search-shopper-judgements.json. `--query` prints one search.
 */
import 'reflect-metadata';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import {
  CatalogSearchService,
  DEFAULT_TUNING,
  type SearchTuning,
} from '../src/catalog/catalog-search.service';
import { CatalogModule } from '../src/catalog/catalog.module';
import { loadThroughSync } from '../test/support/search-catalog-loader';
import type { WcCatalog } from '../src/woocommerce/woocommerce.types';
import { createTestContext } from '../test/support/test-app';

export interface Judgement {
  query: string;
  relevant: number[];
  inStockOnly?: boolean;
  kind: string;
}

const arg = (name: string): string | undefined => {
  const i = process.argv.indexOf(name);
  return i >= 0 ? process.argv[i + 1] : undefined;
};

export const MODES: Record<string, SearchTuning> = {
  'vector-only': { ...DEFAULT_TUNING, lanes: { vector: true, text: false, model: false } },
  'keyword-only': { ...DEFAULT_TUNING, lanes: { vector: false, text: true, model: true } },
  hybrid: DEFAULT_TUNING,
};

export interface Metrics {
  recallAt5: number;
  mrr: number;
  failures: { query: string; kind: string; got: number[]; want: number[] }[];
}

export async function evaluate(
  search: CatalogSearchService,
  judgements: Judgement[],
  tuning: SearchTuning,
): Promise<Metrics> {
  let recall = 0;
  let rr = 0;
  const failures: Metrics['failures'] = [];
  for (const j of judgements) {
    const results = await search.search(j.query, { inStockOnly: j.inStockOnly ?? false, limit: 10 }, tuning);
    const ids = results.map((r) => r.wcProductId);
    const top5 = ids.slice(0, 5);
    // Capped recall: a query with 7 relevant products can at best show 5 of them in the top 5.
    recall += j.relevant.filter((id) => top5.includes(id)).length / Math.min(5, j.relevant.length);
    const first = ids.findIndex((id) => j.relevant.includes(id));
    rr += first >= 0 ? 1 / (first + 1) : 0;
    if (first !== 0) failures.push({ query: j.query, kind: j.kind, got: top5, want: j.relevant });
  }
  return { recallAt5: recall / judgements.length, mrr: rr / judgements.length, failures };
}

/** Tuning aid: hybrid quality over a small grid of fusion settings, best first. */
async function grid(search: CatalogSearchService, judgements: Judgement[]): Promise<void> {
  const rows: string[] = [];
  const scored: { line: string; key: number }[] = [];
  for (const rrfK of [10, 30, 60])
    for (const vector of [0.5, 0.75, 1])
      for (const text of [1, 1.5])
        for (const model of [1, 1.5])
          for (const expandVectorQuery of [true, false]) {
            const accessoryPenalty = DEFAULT_TUNING.accessoryPenalty;
            const tuning: SearchTuning = {
              ...DEFAULT_TUNING,
              rrfK,
              weights: { vector, text, model },
              expandVectorQuery,
            };
            const m = await evaluate(search, judgements, tuning);
            scored.push({
              key: m.mrr + m.recallAt5,
              line: `k=${rrfK} v=${vector} t=${text} m=${model} expand=${expandVectorQuery} acc=${accessoryPenalty}: recall@5 ${m.recallAt5.toFixed(3)} MRR ${m.mrr.toFixed(3)}`,
            });
          }
  scored.sort((a, b) => b.key - a.key);
  rows.push(...scored.slice(0, 12).map((s) => s.line));
  process.stdout.write(`${rows.join('\n')}\n`);
}

export interface ShopperJudgement {
  query: string;
  kind: 'shopper' | 'use-case';
  minPrice?: number;
  maxPrice?: number;
  sort?: 'price_asc' | 'price_desc';
  /** The first product must be one of these. */
  first?: number[];
  /** The store does not sell it: no products. */
  empty?: boolean;
  /** use-case: one of these in the top 5. */
  relevant?: number[];
}

/** Shopper queries run as the held-out check runs them: all products, limit 5. */
export async function evaluateShopper(
  search: CatalogSearchService,
  judgements: ShopperJudgement[],
  verbose: boolean,
): Promise<string> {
  let shopper = 0;
  let right = 0;
  let outOfRange = 0;
  let emptyAsked = 0;
  let emptyRight = 0;
  let useCases = 0;
  let useCaseHits = 0;
  let useCaseRr = 0;
  const failures: string[] = [];
  for (const j of judgements) {
    const found = await search.search(j.query, { inStockOnly: false, limit: 5 });
    const ids = found.map((r) => r.wcProductId);
    const shown = found.map((r) => `${r.wcProductId}:${r.price ?? '-'}`).join(' ');
    if (j.kind === 'use-case') {
      useCases++;
      const at = ids.findIndex((id) => (j.relevant ?? []).includes(id));
      if (at >= 0) {
        useCaseHits++;
        useCaseRr += 1 / (at + 1);
      } else failures.push(`  [use-case] "${j.query}" got ${shown || '(none)'}`);
      continue;
    }
    shopper++;
    const prices = found.map((r) => r.price);
    const inRange = prices.every(
      (p) =>
        p !== null &&
        (j.minPrice === undefined || p >= j.minPrice) &&
        (j.maxPrice === undefined || p <= j.maxPrice),
    );
    if (!inRange) outOfRange++;
    const ok = j.empty ? found.length === 0 : inRange && found.length > 0 && (j.first ?? []).includes(ids[0]);
    if (j.empty) {
      emptyAsked++;
      if (found.length === 0) emptyRight++;
    }
    if (ok) right++;
    else
      failures.push(
        `  [shopper] "${j.query}" want ${j.empty ? 'none' : (j.first ?? []).join('|')} got ${shown || '(none)'}`,
      );
  }
  const pct = (a: number, b: number): string => `${((100 * a) / Math.max(1, b)).toFixed(1)} %`;
  const lines = [
    `shopper queries: ${right}/${shopper} fully right (${pct(right, shopper)}), ${outOfRange} with a price outside the asked range, ${emptyRight}/${emptyAsked} unsold/gibberish empty`,
    `use-case queries: ${useCaseHits}/${useCases} with a relevant product in the top 5 (${pct(useCaseHits, useCases)}), MRR@5 ${(useCaseRr / Math.max(1, useCases)).toFixed(3)}`,
  ];
  if (verbose) lines.push(...failures);
  return `${lines.join('\n')}\n`;
}

async function main(): Promise<void> {
  const catalogPath = resolve(arg('--catalog') ?? 'src/catalog/demo/demo-catalog.json');
  const judgementsPath = resolve(arg('--judgements') ?? 'test/fixtures/search-judgements.json');
  const catalog = JSON.parse(readFileSync(catalogPath, 'utf8')) as WcCatalog;
  const judgements = (JSON.parse(readFileSync(judgementsPath, 'utf8')) as { queries: Judgement[] }).queries;
  const shopperPath = resolve(arg('--shopper') ?? 'test/fixtures/search-shopper-judgements.json');
  const shopper = (JSON.parse(readFileSync(shopperPath, 'utf8')) as { queries: ShopperJudgement[] }).queries;
  const ctx = await createTestContext({ imports: [CatalogModule] });
  try {
    await loadThroughSync((t) => ctx.get(t), catalog);
    const search = ctx.get(CatalogSearchService);
    const adHoc = arg('--query');
    if (adHoc !== undefined) {
      for (const q of adHoc.split('|')) {
        const r = await search.find(q, { inStockOnly: false, limit: 5 });
        process.stdout.write(`${q} → "${r.productText}" ${JSON.stringify(r.appliedFilters)}\n`);
        for (const p of r.products)
          process.stdout.write(`   ${p.wcProductId} ${p.price} ${p.score} ${p.name}\n`);
      }
      return;
    }
    process.stdout.write(
      `${judgements.length} judged queries over ${catalog.products.length} products (${catalogPath})\n\n`,
    );
    if (process.argv.includes('--grid')) {
      await grid(search, judgements);
      return;
    }
    process.stdout.write(`mode          recall@5   MRR@10\n`);
    for (const [mode, tuning] of Object.entries(MODES)) {
      const m = await evaluate(search, judgements, tuning);
      process.stdout.write(
        `${mode.padEnd(13)} ${m.recallAt5.toFixed(3).padStart(8)} ${m.mrr.toFixed(3).padStart(8)}\n`,
      );
      if (process.argv.includes('--verbose') && mode === 'hybrid') {
        for (const f of m.failures) {
          process.stdout.write(
            `  [${f.kind}] "${f.query}" want ${f.want.join(',')} got ${f.got.join(',')}\n`,
          );
        }
      }
    }
    process.stdout.write(`\n${await evaluateShopper(search, shopper, process.argv.includes('--verbose'))}`);
  } finally {
    await ctx.close();
  }
}

if (require.main === module) {
  main().catch((e: unknown) => {
    process.stderr.write(`eval-search failed: ${e instanceof Error ? e.stack : String(e)}\n`);
    process.exit(1);
  });
}
