import Table from 'cli-table3';
import { Command, CommandRunner, Option } from 'nest-commander';
import { CatalogSearchService } from './catalog-search.service';
import type { ProductSearchResult } from './catalog.types';

interface SearchCommandOptions {
  inStock?: boolean;
  limit?: number;
  json?: boolean;
}

const money = (n: number | null): string => (n === null ? '—' : n.toFixed(2));

function variationLabel(r: ProductSearchResult): string {
  if (!r.variation) return '';
  const attrs = Object.values(r.variation.attributes).join(', ');
  return ` [${[r.variation.sku, attrs].filter(Boolean).join(' · ')}]`;
}

@Command({
  name: 'search',
  arguments: '<query>',
  description: 'search the local catalog as the assistant does (hybrid: meaning, words, model numbers)',
})
export class SearchCommand extends CommandRunner {
  constructor(private readonly search: CatalogSearchService) {
    super();
  }

  async run([query]: string[], options: SearchCommandOptions): Promise<void> {
    const results = await this.search.search(query, {
      inStockOnly: options.inStock ?? false,
      limit: options.limit ?? 10,
    });
    if (options.json) {
      // Scripts read the last stdout line.
      process.stdout.write(`${JSON.stringify(results)}\n`);
      return;
    }
    if (!results.length) {
      process.stdout.write(`No products match "${query}".\n`);
      return;
    }
    const table = new Table({
      head: ['#', 'WC id', 'SKU', 'Name', 'Price', 'Stock', 'Score'],
      style: { head: [], border: [] },
      wordWrap: true,
      colWidths: [4, 8, 20, 52, 10, 14, 9],
    });
    results.forEach((r, i) => {
      const stock = r.stockQuantity === null ? r.stockStatus : `${r.stockStatus} (${r.stockQuantity})`;
      table.push([
        i + 1,
        r.wcProductId,
        r.variation?.sku ?? r.sku ?? '',
        `${r.name}${variationLabel(r)}`,
        money(r.variation?.price ?? r.price),
        stock,
        r.score.toFixed(4),
      ]);
    });
    process.stdout.write(`${table.toString()}\n`);
  }

  @Option({ flags: '--in-stock', description: 'only products in stock (variable: one variation in stock)' })
  parseInStock(): boolean {
    return true;
  }

  @Option({ flags: '--limit <n>', description: 'how many results (1-50, default 10)' })
  parseLimit(value: string): number {
    const n = Number(value);
    if (!Number.isInteger(n) || n < 1 || n > 50) {
      throw new Error(`--limit must be a whole number from 1 to 50, got "${value}"`);
    }
    return n;
  }

  @Option({ flags: '--json', description: 'print the results as one JSON array (the last stdout line)' })
  parseJson(): boolean {
    return true;
  }
}
