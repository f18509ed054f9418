export type StockStatus = 'instock' | 'outofstock' | 'onbackorder';

export interface ProductTerm {
  id: number;
  name: string;
  slug: string;
}

/** A product attribute; for variations `options` holds the one chosen value. */
export interface ProductAttribute {
  name: string;
  options: string[];
  variation: boolean;
}

/**
 * The local copy of one WooCommerce product or variation (`parentWcId` set), as the sync writes it and search and
 * live details read it. Prices are numbers (null when WooCommerce sends ""); the SKU is null when WooCommerce sends
 * "" so the unique index only covers real SKUs. The embedding, the full-text vector and the derived search columns
 * are maintained by the database (triggers) and the embedding step, never read back here.
 */
export interface ProductRow {
  wcId: number;
  parentWcId: number | null;
  type: string;
  sku: string | null;
  name: string;
  slug: string | null;
  description: string;
  shortDescription: string;
  price: number | null;
  regularPrice: number | null;
  salePrice: number | null;
  stockStatus: StockStatus;
  stockQuantity: number | null;
  manageStock: boolean;
  categories: ProductTerm[];
  tags: ProductTerm[];
  attributes: ProductAttribute[];
  permalink: string | null;
  imageUrl: string | null;
  /** The text that was embedded and indexed (name, SKU, categories, tags, attributes, description). */
  searchText: string;
  /** sha256 of `searchText` + embedding model: decides what needs (re-)embedding. */
  contentHash: string | null;
  wcModifiedAt: Date | null;
}

/** A stored row: what the sync wrote plus when it was last synced. */
export interface StoredProduct extends ProductRow {
  syncedAt: Date;
}

type ColumnType = 'bigint' | 'text' | 'numeric' | 'integer' | 'boolean' | 'jsonb' | 'timestamptz';

/** Every column of `ProductRow`: the sync's upsert, the readers' SELECT lists and the mapper share this one list. */
export const PRODUCT_COLUMNS: readonly (readonly [
  column: string,
  sqlType: ColumnType,
  key: keyof ProductRow,
])[] = [
  ['wc_id', 'bigint', 'wcId'],
  ['parent_wc_id', 'bigint', 'parentWcId'],
  ['type', 'text', 'type'],
  ['sku', 'text', 'sku'],
  ['name', 'text', 'name'],
  ['slug', 'text', 'slug'],
  ['description', 'text', 'description'],
  ['short_description', 'text', 'shortDescription'],
  ['price', 'numeric', 'price'],
  ['regular_price', 'numeric', 'regularPrice'],
  ['sale_price', 'numeric', 'salePrice'],
  ['stock_status', 'text', 'stockStatus'],
  ['stock_quantity', 'integer', 'stockQuantity'],
  ['manage_stock', 'boolean', 'manageStock'],
  ['categories', 'jsonb', 'categories'],
  ['tags', 'jsonb', 'tags'],
  ['attributes', 'jsonb', 'attributes'],
  ['permalink', 'text', 'permalink'],
  ['image_url', 'text', 'imageUrl'],
  ['search_text', 'text', 'searchText'],
  ['content_hash', 'text', 'contentHash'],
  ['wc_modified_at', 'timestamptz', 'wcModifiedAt'],
];

/** The stored columns read back (the ones above and `synced_at`). */
export const STORED_COLUMNS: readonly string[] = [...PRODUCT_COLUMNS.map(([c]) => c), 'synced_at'];

/**
 * `SELECT` list of the stored columns of `alias`, each overridable by an SQL expression (search prices a variable
 * product from its variations): `storedColumnsSql('p', { price: 'coalesce(p.price, x)' })`.
 */
export function storedColumnsSql(alias: string, overrides: Record<string, string> = {}): string {
  return STORED_COLUMNS.map((c) => (overrides[c] ? `${overrides[c]} AS ${c}` : `${alias}.${c}`)).join(', ');
}

/** The same columns as one jsonb object (a nested row, e.g. the variation that matched a search). */
export function storedColumnsJson(alias: string): string {
  return `jsonb_build_object(${STORED_COLUMNS.map((c) => `'${c}', ${alias}.${c}`).join(', ')})`;
}

/** A stored row as the driver returns it (bigint and numeric as strings) or as jsonb (numbers). */
export type StoredProductRecord = Record<string, unknown>;

const toNumber = (v: unknown): number | null =>
  v === null || v === undefined || v === '' || !Number.isFinite(Number(v)) ? null : Number(v);
const toDate = (v: unknown): Date | null => {
  if (!(v instanceof Date) && typeof v !== 'string') return null;
  const d = v instanceof Date ? v : new Date(v);
  return Number.isNaN(d.getTime()) ? null : d;
};

/** The one mapper from stored columns to `StoredProduct`, for plain rows and jsonb-built ones alike. */
export function toStoredProduct(record: StoredProductRecord): StoredProduct {
  const out: Record<string, unknown> = {};
  for (const [column, type, key] of PRODUCT_COLUMNS) {
    const v = record[column];
    switch (type) {
      case 'bigint':
      case 'numeric':
      case 'integer':
        out[key] = toNumber(v);
        break;
      case 'timestamptz':
        out[key] = toDate(v);
        break;
      case 'jsonb':
        out[key] = Array.isArray(v) ? v : [];
        break;
      case 'boolean':
        out[key] = v === true;
        break;
      case 'text':
        out[key] = v === undefined ? null : v;
        break;
    }
  }
  out.syncedAt = toDate(record.synced_at) ?? new Date(0);
  return out as unknown as StoredProduct;
}

/** `{ Color: 'Rojo', Talla: 'M' }`: a row's attributes as customers read them (several options joined). */
export function attributeMap(row: Pick<ProductRow, 'attributes'>): Record<string, string> {
  return Object.fromEntries(row.attributes.map((a) => [a.name, (a.options ?? []).join(', ')]));
}
