import type { LiveProductDetails, ProductSearchResult } from '../../catalog/catalog.types';
import { fold } from '../../common/text/fold';
import { pickedPosition, toSearchQuery } from '../offline-intents';
import { MAX_LISTED } from '../reply-templates';
import { rememberLive, rememberResult } from './dialogue-lists';
import type { DialogueProduct, DialogueState } from './dialogue-state';

/**
 * "el segundo", "the first one": the product of the last list the customer points at, or null. Both engines use it,
 * so the model is told which product "it" is instead of guessing from the transcript.
 */
export function pickFromList(text: string, state: DialogueState): DialogueProduct | null {
  if (state.lastList.length === 0) return null;
  const t = fold(text).replace(/\s+/g, ' ').trim();
  if (toSearchQuery(t).split(' ').filter(Boolean).length > 4) return null;
  const position = pickedPosition(t, state.lastList.length);
  return position === null ? null : (state.lastList[position - 1] ?? null);
}

const ref = (p: DialogueProduct): string => (p.sku ? `sku ${p.sku}` : `wc_product_id ${p.wcProductId}`);

/**
 * The dialogue state as a system message for the model: the last list in order and the product in question, with
 * the identifiers get_live_product_details takes. No prices: the model must fetch them this turn (grounding).
 */
export function dialogueContextMessage(state: DialogueState): string | null {
  const lines: string[] = [];
  if (state.lastList.length) {
    lines.push('Última lista de productos mostrada al cliente (en este orden):');
    state.lastList.forEach((p, i) => lines.push(`${i + 1}. ${p.name} (${ref(p)})`));
  }
  if (state.picked) {
    lines.push(
      `Producto que el cliente eligió o sobre el que preguntó: ${state.picked.name} (${ref(state.picked)}). Si pregunta precio, disponibilidad, colores, tallas o cómo comprar sin nombrar otro producto, se refiere a este: consulta get_live_product_details con ese identificador antes de responder.`,
    );
  }
  if (state.productType) lines.push(`Último tipo de producto buscado: ${state.productType}.`);
  if (lines.length === 0) return null;
  return ['## Memoria de la conversación (datos del sistema, no del cliente)', ...lines].join('\n');
}

/** What the dialogue remembers after a turn the model answered, from the tools it called. */
export function stateAfterModelTurn(
  state: DialogueState,
  found: { search: ProductSearchResult[]; live: LiveProductDetails | null; lastQuery: string | null },
): DialogueState {
  const next: DialogueState = { ...state };
  if (found.search.length) {
    next.lastList = found.search.slice(0, MAX_LISTED).map(rememberResult);
    next.picked = null;
    if (found.lastQuery) next.productType = toSearchQuery(found.lastQuery) || next.productType;
  }
  if (found.live) {
    const listed = next.lastList.find((p) => p.wcProductId === found.live!.wcProductId);
    next.picked = rememberLive(found.live, listed?.categories ?? state.picked?.categories ?? []);
  }
  return next;
}
