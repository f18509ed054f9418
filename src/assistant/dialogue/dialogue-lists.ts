import type { LiveProductDetails, ProductSearchResult } from '../../catalog/catalog.types';
import { fold } from '../../common/text/fold';
import type { DialogueProduct } from './dialogue-state';

/** A search result or live details as the dialogue remembers them. */
export function rememberResult(r: ProductSearchResult): DialogueProduct {
  return {
    wcProductId: r.wcProductId,
    sku: r.sku,
    name: r.name,
    price: r.variation?.price ?? r.price,
    categories: r.categories.slice(0, 3),
  };
}

export function rememberLive(d: LiveProductDetails, categories: string[] = []): DialogueProduct {
  return { wcProductId: d.wcProductId, sku: d.sku, name: d.name, price: d.price, categories };
}

/**
 * The brand of a product, read from its name: the first word that is not the product type, a number or a unit
 * ("Nevera Mabe 14 pies" with type "nevera" → "mabe"). Good enough to leave it out of "otra marca".
 */
export function brandOf(product: DialogueProduct, productType: string | null): string | null {
  const typeWords = new Set(
    fold(productType ?? '')
      .split(/\s+/)
      .filter(Boolean),
  );
  const first = fold(product.name)
    .split(/[^a-z0-9+]+/)
    .filter(Boolean)
    .slice(1)
    .find(
      (w) =>
        w.length >= 2 &&
        !/\d/.test(w) &&
        !typeWords.has(w) &&
        !typeWords.has(w.replace(/s$/, '')) &&
        !STOP.has(w),
    );
  return first ?? null;
}

const STOP = new Set('de del la el para con sin y en tipo modelo'.split(' '));

/** Same kind: shares a category with the reference, when the reference has any. */
export function sameKind(r: ProductSearchResult, reference: DialogueProduct | null): boolean {
  if (!reference || reference.categories.length === 0 || r.categories.length === 0) return true;
  return r.categories.some((c) => reference.categories.includes(c));
}

/** The words a follow-up searches with when the customer named no product: the last type, else the product's. */
export function typeFor(productType: string | null, picked: DialogueProduct | null): string | null {
  if (productType) return productType;
  if (!picked) return null;
  return picked.categories[0] ?? fold(picked.name).split(/\s+/)[0] ?? null;
}

/** "Nevera Mabe…" and "Nevera LG…": the first word of a name is usually what the product is. */
export function sameFirstWord(r: ProductSearchResult, reference: DialogueProduct | null): boolean {
  if (!reference) return false;
  const first = (name: string): string => fold(name).split(/\s+/)[0] ?? '';
  return first(r.name) === first(reference.name);
}
