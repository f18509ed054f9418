import Table from 'cli-table3';
import { Command, CommandRunner, Option } from 'nest-commander';
import { CatalogSearchService } from './catalog-search.service';
import type { AppliedFilters, ProductSearchResult } from './catalog.types';
import { PRICE_SORTS, type PriceSort } from './shopper-query';

interface SearchCommandOptions {
  inStock?: boolean;
  limit?: number;
  json?: boolean;
  minPrice?: number;
  maxPrice?: number;
  sort?: PriceSort;
}

const money = (n: number | null): string => (n === null ? '—' : n.toFixed(2));

function variationLabel(r: ProductSearchResult): string {
  if (!r.variation) return '';
  const attrs = Object.values(r.variation.attributes).join(', ');
  return attrs ? ` [${attrs}]` : '';
}

/** "price 150–400, cheapest first": the constraints in the operator's words ("" when there were none). */
export function describeFilters(f: AppliedFilters): string {
  const parts: string[] = [];
  if (f.minPrice !== null && f.maxPrice !== null) parts.push(`price ${f.minPrice}–${f.maxPrice}`);
  else if (f.maxPrice !== null) parts.push(`price ≤ ${f.maxPrice}`);
  else if (f.minPrice !== null) parts.push(`price ≥ ${f.minPrice}`);
  if (f.sort === 'price_asc') parts.push('cheapest first');
  if (f.sort === 'price_desc') parts.push('dearest first');
  if (f.preferLowPrice) parts.push('lower prices preferred');
  if (f.inStockOnly) parts.push('in stock');
  return parts.join(', ');
}

/**
 * Columns for a terminal `columns` wide: the name takes what the fixed columns leave (cli-table3 widths include the
 * cell padding; each column adds one border character, plus one at the end). Narrow terminals show the WooCommerce
 * id and the SKU under the name instead of in their own columns, and the score only on wide ones.
 */
export function tableLayout(columns: number): { head: string[]; widths: number[]; wide: boolean } {
  const wide = columns >= 110;
  const head = wide
    ? ['#', 'WC id', 'SKU', 'Name', 'Price', 'Stock', 'Score']
    : ['#', 'Product (WC id · SKU)', 'Price', 'Stock'];
  const fixed = wide ? [4, 8, 20, 0, 14, 17, 9] : [4, 0, 11, 14];
  const name = Math.max(16, columns - fixed.reduce((a, b) => a + b, 0) - (head.length + 1));
  return { head, widths: fixed.map((w) => w || name), wide };
}

@Command({
  name: 'search',
  arguments: '<query>',
  description:
    'search the local catalog as the assistant does (hybrid: meaning, words, model numbers; price words such as "menos de 500" or "el más barato" are understood)',
})
export class SearchCommand extends CommandRunner {
  constructor(private readonly search: CatalogSearchService) {
    super();
  }

  async run([query]: string[], options: SearchCommandOptions): Promise<void> {
    const { products, appliedFilters } = await this.search.find(query, {
      inStockOnly: options.inStock ?? false,
      limit: options.limit ?? 10,
      minPrice: options.minPrice ?? null,
      maxPrice: options.maxPrice ?? null,
      sort: options.sort ?? null,
    });
    if (options.json) {
      // Scripts read the last stdout line: one array (`[]` when nothing matches), each row with the filters used.
      process.stdout.write(`${JSON.stringify(products.map((p) => ({ ...p, appliedFilters })))}\n`);
      return;
    }
    const filters = describeFilters(appliedFilters);
    if (!products.length) {
      process.stdout.write(`No products match "${query}"${filters ? ` (${filters})` : ''}.\n`);
      return;
    }
    if (filters) process.stdout.write(`Filters: ${filters}\n`);
    const layout = tableLayout(process.stdout.columns || 80);
    const table = new Table({
      head: layout.head,
      style: { head: [], border: [] },
      wordWrap: true,
      colWidths: layout.widths,
    });
    products.forEach((r, i) => {
      // A matched variation's own SKU, price and stock (the result carries them at the top level).
      const stock = r.stockQuantity === null ? r.stockStatus : `${r.stockStatus} (${r.stockQuantity})`;
      const sku = r.variation?.sku ?? r.sku ?? '';
      const name = `${r.name}${variationLabel(r)}`;
      const price = money(r.price);
      table.push(
        layout.wide
          ? [
              i + 1,
              r.wcProductId,
              sku,
              name,
              `${r.priceIsFrom ? 'from ' : ''}${price}`,
              stock,
              r.score.toFixed(4),
            ]
          : [
              i + 1,
              `${name}\n${[r.wcProductId, sku].filter(Boolean).join(' · ')}`,
              r.priceIsFrom ? `${price}\n(from)` : price,
              stock,
            ],
      );
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

  @Option({ flags: '--min-price <n>', description: 'only products the customer pays at least this for' })
  parseMinPrice(value: string): number {
    return parsePrice('--min-price', value);
  }

  @Option({ flags: '--max-price <n>', description: 'only products the customer pays at most this for' })
  parseMaxPrice(value: string): number {
    return parsePrice('--max-price', value);
  }

  @Option({
    flags: '--sort <order>',
    description: 'relevance (default), price_asc (cheapest first) or price_desc; wins over the query words',
  })
  parseSort(value: string): PriceSort {
    const sort = PRICE_SORTS.find((s) => s === value);
    if (!sort) throw new Error(`--sort must be one of ${PRICE_SORTS.join(', ')}, got "${value}"`);
    return sort;
  }

  @Option({ flags: '--json', description: 'print the results as one JSON array (the last stdout line)' })
  parseJson(): boolean {
    return true;
  }
}

function parsePrice(flag: string, value: string): number {
  const n = Number(value);
  if (!value.trim() || !Number.isFinite(n) || n < 0) {
    throw new Error(`${flag} must be a number of 0 or more, got "${value}"`);
  }
  return n;
}
