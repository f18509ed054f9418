import { compile } from 'html-to-text';
import { buildEmbeddingText, contentHash } from '../catalog/embedding-text';
import type { ProductAttribute, ProductRow, ProductTerm, StockStatus } from '../catalog/product-row';
import type { WcProduct, WcTerm, WcVariation } from '../woocommerce/woocommerce.types';

const htmlToText = compile({
  wordwrap: false,
  selectors: [
    { selector: 'a', options: { ignoreHref: true } },
    { selector: 'img', format: 'skip' },
    { selector: 'h1', options: { uppercase: false } },
    { selector: 'h2', options: { uppercase: false } },
    { selector: 'h3', options: { uppercase: false } },
    { selector: 'h4', options: { uppercase: false } },
    { selector: 'table', format: 'dataTable', options: { uppercaseHeaderCells: false } },
    { selector: 'ul', options: { itemPrefix: '- ' } },
  ],
});

/**
 * WordPress shortcodes (`[caption id="…"]…[/caption]`, `[vc_row]`, `[embed]…`) survive in descriptions saved by
 * page builders; the tags go, text between them stays. Escaped `[[shortcode]]` is rare enough to ignore.
 */
const SHORTCODE = /\[\/?[a-zA-Z][\w-]*(?:\s[^\]]*)?\/?\]/g;

/** HTML (with entities and shortcodes) to tidy plain text: tags removed, entities decoded, blank runs folded. */
export function cleanHtml(html: string | null | undefined): string {
  if (!html) return '';
  return htmlToText(html.replace(SHORTCODE, ' '))
    .replace(/\u00a0/g, ' ')
    .split('\n')
    .map((line) => line.replace(/[ \t]+/g, ' ').trim())
    .join('\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}

/** WooCommerce money strings: "" (unset) → null, never 0 (contract §9). */
export function parsePrice(value: string | number | null | undefined): number | null {
  if (value === null || value === undefined) return null;
  const s = String(value).trim();
  if (!s) return null;
  const n = Number(s);
  return Number.isFinite(n) ? n : null;
}

/** `date_modified_gmt` has no zone suffix and is UTC (contract §1). */
export function parseGmt(value: string | null | undefined): Date | null {
  if (!value) return null;
  const d = new Date(/[zZ]|[+-]\d\d:?\d\d$/.test(value) ? value : `${value}Z`);
  return Number.isNaN(d.getTime()) ? null : d;
}

const STOCK: ReadonlySet<string> = new Set(['instock', 'outofstock', 'onbackorder']);
const stockStatus = (s: string | undefined): StockStatus =>
  STOCK.has(s ?? '') ? (s as StockStatus) : 'instock';

const terms = (list: WcTerm[] | undefined): ProductTerm[] =>
  (list ?? []).map((t) => ({ id: t.id, name: cleanHtml(t.name), slug: t.slug }));

const emptyToNull = (s: string | null | undefined): string | null => (s?.trim() ? s.trim() : null);

/** A simple, external, grouped or variable product as a `products` row. */
export function mapProduct(p: WcProduct, embeddingModel: string, variations: WcVariation[] = []): ProductRow {
  const name = cleanHtml(p.name) || `Producto ${p.id}`;
  const sku = emptyToNull(p.sku);
  const categories = terms(p.categories);
  const tags = terms(p.tags);
  const attributes: ProductAttribute[] = (p.attributes ?? []).map((a) => ({
    name: a.name,
    options: a.options ?? [],
    variation: Boolean(a.variation),
  }));
  const description = cleanHtml(p.description);
  const shortDescription = cleanHtml(p.short_description);
  const searchText = buildEmbeddingText({
    name,
    sku,
    categories,
    tags,
    attributes,
    variationSkus: variations.map((v) => v.sku).filter((s) => s?.trim()),
    shortDescription,
    description,
  });
  return {
    wcId: p.id,
    parentWcId: null,
    type: p.type || 'simple',
    sku,
    name,
    slug: p.slug || null,
    description,
    shortDescription,
    price: parsePrice(p.price),
    regularPrice: parsePrice(p.regular_price),
    salePrice: parsePrice(p.sale_price),
    stockStatus: stockStatus(p.stock_status),
    stockQuantity: p.stock_quantity ?? null,
    manageStock: p.manage_stock === true,
    categories,
    tags,
    attributes,
    permalink: p.permalink || null,
    imageUrl: p.images?.[0]?.src ?? null,
    searchText,
    contentHash: contentHash(embeddingModel, searchText),
    wcModifiedAt: parseGmt(p.date_modified_gmt),
  };
}

/** "Samsung Galaxy A54 – Negro, 128 GB": the parent's name and the chosen options. */
export function variationName(parentName: string, v: WcVariation): string {
  const options = v.attributes.map((a) => a.option?.trim()).filter((o): o is string => Boolean(o));
  return options.length ? `${parentName} – ${options.join(', ')}` : `${parentName} (variante ${v.id})`;
}

/**
 * A variation as its own row (type `variation`, `parent_wc_id` set), with the parent's categories and tags so
 * search can speak of "the red one in M". `manage_stock: "parent"` reports the parent's quantity (contract §6).
 */
export function mapVariation(parent: WcProduct, v: WcVariation, embeddingModel: string): ProductRow {
  const parentName = cleanHtml(parent.name) || `Producto ${parent.id}`;
  const name = variationName(parentName, v);
  const sku = emptyToNull(v.sku);
  const categories = terms(parent.categories);
  const tags = terms(parent.tags);
  const attributes: ProductAttribute[] = v.attributes
    .filter((a) => a.option?.trim())
    .map((a) => ({ name: a.name, options: [a.option.trim()], variation: true }));
  const description = cleanHtml(v.description);
  const searchText = buildEmbeddingText({
    name,
    sku,
    categories,
    tags,
    attributes,
    shortDescription: '',
    description,
  });
  const stockFromParent = v.manage_stock === 'parent';
  return {
    wcId: v.id,
    parentWcId: parent.id,
    type: 'variation',
    sku,
    name,
    slug: null,
    description,
    shortDescription: '',
    price: parsePrice(v.price),
    regularPrice: parsePrice(v.regular_price),
    salePrice: parsePrice(v.sale_price),
    stockStatus: stockStatus(v.stock_status),
    stockQuantity: v.stock_quantity ?? (stockFromParent ? (parent.stock_quantity ?? null) : null),
    manageStock: v.manage_stock === true || (stockFromParent && parent.manage_stock === true),
    categories,
    tags,
    attributes,
    permalink: v.permalink || parent.permalink || null,
    imageUrl: v.image?.src ?? parent.images?.[0]?.src ?? null,
    searchText,
    contentHash: contentHash(embeddingModel, searchText),
    wcModifiedAt: parseGmt(v.date_modified_gmt) ?? parseGmt(parent.date_modified_gmt),
  };
}
