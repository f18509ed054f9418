import { createHash } from 'node:crypto';
import type { ProductAttribute, ProductTerm } from './product-row';

/** What goes into the text that is embedded and indexed for one product or variation. */
export interface EmbeddingTextParts {
  name: string;
  sku: string | null;
  categories: ProductTerm[];
  tags: ProductTerm[];
  attributes: ProductAttribute[];
  /** SKUs of a variable product's variations, so "SM-A546E-256-NEGRO" also finds the parent. */
  variationSkus?: string[];
  shortDescription: string;
  description: string;
}

/**
 * Descriptions are cut so one input stays far below the embeddings API's 8191-token limit (openai.md §5) and the
 * vector is not diluted by pages of boilerplate; name, SKU and attributes always come first.
 */
const MAX_DESCRIPTION_CHARS = 2000;

/** The `search_text` of a product: name, SKU, categories, tags, attributes and (trimmed) description. */
export function buildEmbeddingText(p: EmbeddingTextParts): string {
  const lines = [p.name];
  if (p.sku) lines.push(`SKU: ${p.sku}`);
  if (p.categories.length) lines.push(`Categoría: ${p.categories.map((c) => c.name).join(', ')}`);
  if (p.tags.length) lines.push(`Etiquetas: ${p.tags.map((t) => t.name).join(', ')}`);
  const attrs = p.attributes.filter((a) => a.options.length).map((a) => `${a.name}: ${a.options.join(', ')}`);
  if (attrs.length) lines.push(attrs.join('; '));
  if (p.variationSkus?.length) lines.push(`Variantes SKU: ${p.variationSkus.join(', ')}`);
  const short = p.shortDescription.trim();
  const long = p.description.trim();
  if (short && !long.startsWith(short)) lines.push(short);
  if (long) {
    lines.push(
      long.length > MAX_DESCRIPTION_CHARS
        ? `${long.slice(0, MAX_DESCRIPTION_CHARS).replace(/\s+\S*$/, '')}…`
        : long,
    );
  }
  return lines.join('\n');
}

/**
 * sha256 of the embedding model and the text: a row needs (re-)embedding exactly when this changes, so price and
 * stock edits (not part of the text) never cost an embedding call, and a change of model re-embeds everything.
 */
export function contentHash(embeddingModel: string, text: string): string {
  return createHash('sha256').update(embeddingModel).update('\n').update(text).digest('hex');
}
