import type { ChatCompletionMessageParam } from 'openai/resources/chat/completions';
import type { LiveProductDetails, ProductSearchResult } from '../catalog/catalog.types';
import type { AnswerRequest, AnswerUsage, ProductImage } from './answerer';
import type { AssistantObserver } from './assistant-observer';
import type { ToolCallOutcome } from './assistant-tools';
import type { GroundingViolation } from './grounding';

/** What one OpenAI turn has gathered so far: the messages, the spend and every tool result it may cite. */
export interface Turn {
  request: AnswerRequest;
  messages: ChatCompletionMessageParam[];
  usage: AnswerUsage;
  toolPayloads: unknown[];
  search: ProductSearchResult[];
  live: LiveProductDetails | null;
  /** The query_text of the last search this turn (the product type the dialogue remembers). */
  lastQuery: string | null;
  /** Set by a tool that needs a person to take over (order look-ups). */
  handoff: boolean;
  /** The photo `send_product_image` chose (the last one, if it was called more than once). */
  image: ProductImage | null;
  round: number;
  observer?: AssistantObserver;
}

function searchQueryOf(args: string): string | null {
  try {
    const parsed = JSON.parse(args) as { query_text?: unknown };
    return typeof parsed.query_text === 'string' ? parsed.query_text : null;
  } catch {
    return null;
  }
}

/** A text cut by the token limit (finish_reason "length") is kept up to its last complete line or sentence. */
export function cutToLastSentence(text: string): string {
  const end = Math.max(
    text.lastIndexOf('\n'),
    text.lastIndexOf('. '),
    text.lastIndexOf('? '),
    text.lastIndexOf('! '),
  );
  return end > text.length / 3 ? text.slice(0, end + 1).trim() : '';
}

/** A successful tool result joins what the answer may cite and what the dialogue remembers. */
export function absorbOutcome(
  turn: Turn,
  rawArguments: string,
  outcome: ToolCallOutcome & { ok: true },
): void {
  turn.toolPayloads.push(outcome.payload);
  if (outcome.search) turn.lastQuery = searchQueryOf(rawArguments) ?? turn.lastQuery;
  if (outcome.search)
    turn.search.push(
      ...outcome.search.filter((r) => !turn.search.some((s) => s.wcProductId === r.wcProductId)),
    );
  if (outcome.live) turn.live = outcome.live;
  if (outcome.handoff) turn.handoff = true;
  if (outcome.image) turn.image = outcome.image;
}

/** The grounding guard's one regeneration request, naming the figures no tool result backed. */
export function repairInstruction(violations: GroundingViolation[]): string {
  return `Tu respuesta anterior NO se envió: contiene cifras que no aparecen en los resultados de las herramientas ni en los datos de la tienda: ${violations
    .map((v) => v.snippet)
    .join(
      ', ',
    )}. Escribe de nuevo la respuesta al cliente usando solo precios, existencias y porcentajes que aparezcan tal cual en esos datos; si no los tienes, no los menciones.`;
}
