import type { ProductSearchResult } from '../../catalog/catalog.types';
import { fold } from '../../common/text/fold';
import type { Language } from '../../common/text/language';
import { findProducts } from './catalog-finder';
import { brandOf, sameFirstWord, sameKind } from './dialogue-lists';
import { NO_CONSTRAINTS, type DialogueConstraints, type DialogueState } from './dialogue-state';
import type { Alternative } from './follow-up';
import type { ObservedTools } from './observed-tools';

/**
 * "otra más barata / más grande / de otra marca / otras opciones": products of the same kind (`type`), relative to
 * the product picked or the list shown, within the budget the conversation set.
 */
export async function findAlternatives(
  tools: ObservedTools,
  state: DialogueState,
  want: Alternative,
  type: string,
  lang: Language,
): Promise<ProductSearchResult[]> {
  const picked = state.picked;
  const prices = (picked ? [picked] : state.lastList)
    .map((p) => p.price)
    .filter((p): p is number => p !== null);
  const shownIds = new Set([...(picked ? [picked] : []), ...state.lastList].map((p) => p.wcProductId));
  const reference = picked ?? state.lastList[0] ?? null;
  let c: DialogueConstraints = {
    ...NO_CONSTRAINTS,
    minPrice: state.constraints?.minPrice ?? null,
    maxPrice: state.constraints?.maxPrice ?? null,
  };
  if (want === 'cheaper' && prices.length)
    c = { ...c, maxPrice: Math.min(...prices) - 0.01, sort: 'price_desc' };
  if (want === 'bigger' && prices.length)
    c = { ...c, minPrice: Math.max(...prices) + 0.01, sort: 'price_asc' };
  const brand = want === 'other_brand' && reference ? brandOf(reference, type) : null;
  const { kept } = await findProducts(tools, type, c, lang);
  const sameType = new Set(tools.tools.onTopic(type, kept, true).map((r) => r.wcProductId));
  const options = kept.filter(
    (r) =>
      sameKind(r, reference) &&
      (sameType.has(r.wcProductId) || sameFirstWord(r, reference)) &&
      (want === 'more' ? !shownIds.has(r.wcProductId) : r.wcProductId !== picked?.wcProductId) &&
      (!brand || !` ${fold(r.name)} `.includes(` ${brand} `)),
  );
  return options;
}

/**
 * What the offline assistant says around "otra más barata / más grande / de otra marca / otras opciones". `name` is
 * the product shown before (already in *bold*) or "the ones I showed you"; `price` is " ($…)" or "".
 */
export function alternativeHeading(want: Alternative, name: string, price: string, lang: Language): string {
  const heads: Record<Alternative, [string, string]> = {
    cheaper: [`Opciones más económicas que ${name}${price}:`, `Cheaper options than ${name}${price}:`],
    bigger: [
      `Opciones de mayor precio que ${name}${price}; dime la medida o capacidad que necesitas:`,
      `Options above ${name}${price}; tell me the size or capacity you need:`,
    ],
    other_brand: [`Opciones de otras marcas:`, `Options from other brands:`],
    more: [`Otras opciones:`, `Other options:`],
  };
  return heads[want][lang === 'es' ? 0 : 1];
}

/** The honest answer when no product fits the alternative asked for (`type` is the kind of product). */
export function noAlternativeText(
  want: Alternative,
  name: string,
  price: string,
  type: string,
  lang: Language,
): string {
  const none: Record<Alternative, [string, string]> = {
    cheaper: [
      `No tengo una opción más económica que ${name}${price}.`,
      `I don't have a cheaper option than ${name}${price}.`,
    ],
    bigger: [
      `No tengo una opción mayor que ${name}${price}.`,
      `I don't have a bigger option than ${name}${price}.`,
    ],
    other_brand: [`No tengo ${type} de otra marca.`, `I don't have ${type} from another brand.`],
    more: [`No tengo otras opciones de ${type}.`, `I don't have other ${type} options.`],
  };
  return none[want][lang === 'es' ? 0 : 1];
}
