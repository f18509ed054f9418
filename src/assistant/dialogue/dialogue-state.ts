import type { Language } from '../../common/text/language';

/** A product as the dialogue remembers it: enough to look it up again and to compare prices. */
export interface DialogueProduct {
  wcProductId: number;
  sku: string | null;
  name: string;
  price: number | null;
  categories: string[];
}

export type DialogueSort = 'relevance' | 'price_asc' | 'price_desc';

/** The shopper's constraints (same shape as the catalog's shopper query: price bounds and an order). */
export interface DialogueConstraints {
  minPrice: number | null;
  maxPrice: number | null;
  sort: DialogueSort;
}

/**
 * What the assistant remembers of one conversation between turns. Kept small: the last list shown
 * (in order, at most the five listed), the product picked or asked about, the product words of the last search and
 * its constraints, the customer's language.
 */
export interface DialogueState {
  language: Language | null;
  lastList: DialogueProduct[];
  picked: DialogueProduct | null;
  productType: string | null;
  constraints: DialogueConstraints | null;
}

export const EMPTY_DIALOGUE: DialogueState = {
  language: null,
  lastList: [],
  picked: null,
  productType: null,
  constraints: null,
};

export const NO_CONSTRAINTS: DialogueConstraints = { minPrice: null, maxPrice: null, sort: 'relevance' };

export function hasConstraints(c: DialogueConstraints | null): c is DialogueConstraints {
  return c !== null && (c.minPrice !== null || c.maxPrice !== null || c.sort !== 'relevance');
}

const num = (v: unknown): number | null => (typeof v === 'number' && Number.isFinite(v) ? v : null);
const str = (v: unknown): string | null => (typeof v === 'string' && v.trim() ? v : null);

function productOf(raw: unknown): DialogueProduct | null {
  if (!raw || typeof raw !== 'object') return null;
  const p = raw as Record<string, unknown>;
  const id = num(p.wcProductId);
  const name = str(p.name);
  if (id === null || name === null) return null;
  return {
    wcProductId: id,
    sku: str(p.sku),
    name,
    price: num(p.price),
    categories: Array.isArray(p.categories)
      ? p.categories.filter((c): c is string => typeof c === 'string')
      : [],
  };
}

/** A stored row back to a state; anything unreadable (an older shape, a hand edit) is dropped, never thrown. */
export function readDialogueState(raw: unknown): DialogueState {
  if (!raw || typeof raw !== 'object') return EMPTY_DIALOGUE;
  const s = raw as Record<string, unknown>;
  const c = s.constraints as Record<string, unknown> | null | undefined;
  const sort = c?.sort === 'price_asc' || c?.sort === 'price_desc' ? c.sort : 'relevance';
  return {
    language: s.language === 'en' || s.language === 'es' ? s.language : null,
    lastList: Array.isArray(s.lastList)
      ? s.lastList.map(productOf).filter((p): p is DialogueProduct => p !== null)
      : [],
    picked: productOf(s.picked),
    productType: str(s.productType),
    constraints: c ? { minPrice: num(c.minPrice), maxPrice: num(c.maxPrice), sort } : null,
  };
}
