import type { DataSource } from 'typeorm';
import { Embedder } from '../../src/catalog/embedding/embedder';
import type { ProductRow } from '../../src/catalog/product-row';
import { ProductRepository } from '../../src/catalog/product.repository';
import { AppConfig } from '../../src/config/app-config';
import { EmbeddingIndexer } from '../../src/sync/embedding-indexer';
import { mapProduct, mapVariation } from '../../src/sync/wc-product.mapper';
import type { WcCatalog } from '../../src/woocommerce/woocommerce.types';

/**
 * Fills `products` for search tests, the eval and the benchmark. `loadThroughSync` uses the sync's own mapper,
 * upsert and embedding step; `insertProducts` is a direct multi-row INSERT (written before the sync pipeline
 * existed) kept for the benchmark's bulk loads and for rows with a chosen `synced_at`.
 */
export interface WooLikeProduct {
  id: number;
  name: string;
  slug?: string;
  permalink?: string;
  type: string;
  sku: string;
  price: string;
  regular_price?: string;
  sale_price?: string;
  description?: string;
  short_description?: string;
  stock_status: string;
  stock_quantity: number | null;
  manage_stock?: boolean | string;
  categories?: { id: number; name: string; slug: string }[];
  tags?: { id: number; name: string; slug: string }[];
  images?: { src: string }[];
  attributes?: { name: string; options?: string[]; variation?: boolean }[];
}

export interface WooLikeVariation {
  id: number;
  sku: string;
  price: string;
  regular_price?: string;
  sale_price?: string;
  permalink?: string;
  stock_status: string;
  stock_quantity: number | null;
  manage_stock?: boolean | string;
  image?: { src: string } | null;
  attributes: { name: string; option: string }[];
}

export interface WooLikeCatalog {
  products: WooLikeProduct[];
  variations: Record<string, WooLikeVariation[]>;
}

const plain = (html: string | undefined): string =>
  (html ?? '')
    .replace(/<[^>]*>/g, ' ')
    .replace(/&nbsp;/g, ' ')
    .replace(/&amp;/g, '&')
    .replace(/&#?\w+;/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
const money = (v: string | undefined): string | null => (v === undefined || v === '' ? null : v);

interface Row {
  wc_id: number;
  parent_wc_id: number | null;
  type: string;
  sku: string | null;
  name: string;
  description: string;
  short_description: string;
  price: string | null;
  regular_price: string | null;
  sale_price: string | null;
  stock_status: string;
  stock_quantity: number | null;
  categories: unknown[];
  tags: unknown[];
  attributes: unknown[];
  permalink: string | null;
  image_url: string | null;
  search_text: string;
  synced_at?: Date;
}

export function rowsFromCatalog(catalog: WooLikeCatalog): Row[] {
  const rows: Row[] = [];
  for (const p of catalog.products) {
    const attributes = (p.attributes ?? []).map((a) => ({
      name: a.name,
      options: a.options ?? [],
      variation: Boolean(a.variation),
    }));
    const categories = p.categories ?? [];
    const tags = p.tags ?? [];
    const searchText = [
      p.name,
      p.sku,
      categories.map((c) => c.name).join(', '),
      tags.map((t) => t.name).join(', '),
      attributes.map((a) => `${a.name}: ${a.options.join(', ')}`).join('; '),
      plain(p.short_description),
      plain(p.description),
    ]
      .filter(Boolean)
      .join('\n');
    rows.push({
      wc_id: p.id,
      parent_wc_id: null,
      type: p.type,
      sku: p.sku || null,
      name: p.name,
      description: p.description ?? '',
      short_description: p.short_description ?? '',
      price: money(p.price),
      regular_price: money(p.regular_price),
      sale_price: money(p.sale_price),
      stock_status: p.stock_status,
      stock_quantity: p.stock_quantity,
      categories,
      tags,
      attributes,
      permalink: p.permalink ?? null,
      image_url: p.images?.[0]?.src ?? null,
      search_text: searchText,
    });
    for (const v of catalog.variations[String(p.id)] ?? []) {
      const options = v.attributes.map((a) => a.option);
      const name = `${p.name} - ${options.join(', ')}`;
      rows.push({
        wc_id: v.id,
        parent_wc_id: p.id,
        type: 'variation',
        sku: v.sku || null,
        name,
        description: '',
        short_description: '',
        price: money(v.price),
        regular_price: money(v.regular_price),
        sale_price: money(v.sale_price),
        stock_status: v.stock_status,
        stock_quantity: v.stock_quantity,
        categories,
        tags: [],
        attributes: v.attributes.map((a) => ({ name: a.name, options: [a.option], variation: true })),
        permalink: v.permalink ?? p.permalink ?? null,
        image_url: v.image?.src ?? null,
        search_text: [name, v.sku, categories.map((c) => c.name).join(', ')].filter(Boolean).join('\n'),
      });
    }
  }
  return rows;
}

/** Inserts rows (upsert on wc_id) with their embeddings, in batches of `batchSize`. */
export async function insertProducts(
  dataSource: DataSource,
  embedder: Embedder,
  rows: Row[],
  batchSize = 200,
): Promise<void> {
  for (let i = 0; i < rows.length; i += batchSize) {
    const batch = rows.slice(i, i + batchSize);
    const vectors = await embedder.embed(batch.map((r) => r.search_text));
    const values: unknown[] = [];
    const tuples = batch.map((r, j) => {
      const fields = [
        r.wc_id,
        r.parent_wc_id,
        r.type,
        r.sku,
        r.name,
        r.description,
        r.short_description,
        r.price,
        r.regular_price,
        r.sale_price,
        r.stock_status,
        r.stock_quantity,
        JSON.stringify(r.categories),
        JSON.stringify(r.tags),
        JSON.stringify(r.attributes),
        r.permalink,
        r.image_url,
        r.search_text,
        `[${vectors[j].join(',')}]`,
        embedder.model,
        r.synced_at ?? new Date(),
      ];
      const start = values.length;
      values.push(...fields);
      return `(${fields.map((_, k) => `$${start + k + 1}`).join(', ')})`;
    });
    await dataSource.query(
      `INSERT INTO products (wc_id, parent_wc_id, type, sku, name, description, short_description, price,
         regular_price, sale_price, stock_status, stock_quantity, categories, tags, attributes, permalink, image_url,
         search_text, embedding, embedding_model, synced_at)
       VALUES ${tuples.join(', ')}
       ON CONFLICT (wc_id) DO UPDATE SET
         name = excluded.name, sku = excluded.sku, price = excluded.price, stock_status = excluded.stock_status,
         stock_quantity = excluded.stock_quantity, search_text = excluded.search_text,
         attributes = excluded.attributes, categories = excluded.categories, embedding = excluded.embedding,
         embedding_model = excluded.embedding_model, synced_at = excluded.synced_at`,
      values,
    );
  }
}

/**
 * Loads a catalog through the sync's own pieces (issue #3): the WooCommerce mapper, the batched upsert and the
 * embedding step, so search is judged on exactly the rows a real sync writes.
 */
export async function loadThroughSync(
  get: <T>(token: abstract new (...args: never[]) => T) => T,
  catalog: WcCatalog,
  batchSize = 500,
): Promise<void> {
  const embedder = get(Embedder);
  const products = get(ProductRepository);
  const rows: ProductRow[] = catalog.products.flatMap((p) => {
    const variations = catalog.variations[String(p.id)] ?? [];
    return [
      mapProduct(p, embedder.model, variations),
      ...variations.map((v) => mapVariation(p, v, embedder.model)),
    ];
  });
  for (let i = 0; i < rows.length; i += batchSize) await products.upsertBatch(rows.slice(i, i + batchSize));
  await new EmbeddingIndexer(products, embedder, get(AppConfig)).embedPending();
}
