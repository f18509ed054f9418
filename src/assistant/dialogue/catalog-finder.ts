import type { ProductSearchResult } from '../../catalog/catalog.types';
import type { Language } from '../../common/text/language';
import { applyConstraints } from './constraints';
import { hasConstraints, type DialogueConstraints } from './dialogue-state';
import type { ObservedTools } from './observed-tools';

/**
 * The hybrid search always fills its list, so "licuadoras" ends with washing machines from the vector lane. With no
 * model to judge, the offline assistant shows only results scoring within 60 % of the best one (fused scores are
 * comparable inside one list; measured on the demo catalog, this drops the unrelated tail and keeps the family).
 */
const RELEVANCE_RATIO = 0.6;
export function relevant(results: ProductSearchResult[]): ProductSearchResult[] {
  const top = results[0]?.score ?? 0;
  return top > 0 ? results.filter((r) => r.score >= top * RELEVANCE_RATIO) : results;
}

/** Searches in stock first, then everything; keeps what is on topic and within the constraints. */
export async function findProducts(
  tools: ObservedTools,
  query: string,
  c: DialogueConstraints,
  lang: Language,
): Promise<{ onTopic: ProductSearchResult[]; kept: ProductSearchResult[] }> {
  const pass = hasConstraints(c) ? c : undefined;
  let onTopic: ProductSearchResult[] = [];
  for (const inStock of [true, false]) {
    let results = await tools.search(query, inStock, pass);
    // The catalog matches words as written and the synonym list names things once: "fridges" → "fridge".
    const singular = singularOf(query, lang);
    if (results.length === 0 && singular !== query) results = await tools.search(singular, inStock, pass);
    // A price filter keeps lower-ranked products of the same kind, so it is not cut by score first.
    const found = tools.tools.onTopic(query, pass ? results : relevant(results));
    const kept = applyConstraints(found, c);
    if (kept.length) return { onTopic: found, kept };
    if (found.length > onTopic.length) onTopic = found;
  }
  return { onTopic, kept: [] };
}

/** The query with its plural words made singular ("fridges" → "fridge", "televisores" → "televisor"). */
export function singularOf(query: string, lang: Language): string {
  return query
    .split(/\s+/)
    .map((w) => {
      if (w.length < 4 || !w.endsWith('s') || w.endsWith('ss') || /\d/.test(w)) return w;
      if (lang === 'en') return /(?:ch|sh|x|ss)es$/.test(w) ? w.slice(0, -2) : w.slice(0, -1);
      return /[^aeiou]es$/.test(w) ? w.slice(0, -2) : w.slice(0, -1);
    })
    .join(' ');
}
