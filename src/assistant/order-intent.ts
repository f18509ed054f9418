import { fold } from '../common/text/fold';
import type { ConversationTurn } from './answerer';
import type { OrderToolArgs } from './order-tool';

/**
 * How the offline assistant recognises "where is my order?" (Spanish and English) and picks the order number,
 * e-mail and phone out of what the customer wrote. Pure functions over the history.
 */

const ASKS_FOR_ORDER = new RegExp(
  [
    String.raw`\b(mi|mis|el|del|nuestro)\s+(pedido|pedidos|orden|ordenes|compra)\b`,
    String.raw`\bestado de(l)?\s+(mi\s+|la\s+|el\s+)?(pedido|orden|compra)\b`,
    String.raw`\bnumero de (pedido|orden)\b`,
    String.raw`\b(my|an|the) orders?\b`,
    String.raw`\border (status|number|no)\b`,
    String.raw`\bwhere('s| is) my (order|package|purchase|delivery)\b`,
    String.raw`\btrack(ing)?( my)? (order|package)\b`,
    String.raw`\b(pedido|orden|order)\s*(#|n[o°º]\.?|nro\.?)?\s*\d{3,10}\b`,
  ].join('|'),
);

/** Phrases our own order prompts end with: a reply after one of them continues the order look-up. */
export const ORDER_PROMPT_MARKERS = ['hiciste la compra', 'at checkout'];

const EMAIL = /[^\s@<>()[\]"',;:]+@[^\s@<>()[\]"',;:]+\.[a-z]{2,}/i;
const PHONE = /\+?\d[\d\s().-]{8,}\d/g;
const NUMBER_AFTER_WORD = /(?:pedido|orden|order|compra|#|n[o°º]\.?|nro\.?)\s*#?\s*(\d{3,10})\b/i;
const BARE_NUMBER = /(?<![\d@.])#?(\d{3,9})(?![\d@])/;

export function isOrderRequest(text: string, lastBotText: string | null): boolean {
  if (ASKS_FOR_ORDER.test(fold(text))) return true;
  const continuing = lastBotText !== null && ORDER_PROMPT_MARKERS.some((m) => lastBotText.includes(m));
  return continuing && (EMAIL.test(text) || /\d{3,}/.test(text));
}

/** Order number, e-mail and phone from the customer's recent messages (the latest mention of each wins). */
export function orderDetailsFrom(history: ConversationTurn[]): OrderToolArgs {
  const texts = history
    .slice(-8)
    .filter((t) => t.role === 'customer')
    .map((t) => t.text);
  const details: OrderToolArgs = { orderNumber: null, email: null, phone: null };
  for (const text of texts) {
    const email = EMAIL.exec(text)?.[0];
    if (email) details.email = email;
    const withoutEmail = email ? text.replace(email, ' ') : text;
    const phones = (withoutEmail.match(PHONE) ?? []).filter((p) => p.replace(/\D/g, '').length >= 10);
    if (phones.length) details.phone = phones[phones.length - 1].trim();
    const rest = phones.reduce((t, p) => t.replace(p, ' '), withoutEmail);
    const number = NUMBER_AFTER_WORD.exec(rest)?.[1] ?? BARE_NUMBER.exec(rest)?.[1];
    if (number) details.orderNumber = number;
  }
  return details;
}
