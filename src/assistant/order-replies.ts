import type { Language } from '../common/text/language';
import { formatMoney } from '../common/text/money';
import type { OrderStatusResult } from '../orders/order-status.service';
import type { OrderSummary } from '../orders/order-summary';

/**
 * The offline assistant's answers to order questions, Spanish and English. A miss is worded the same whether the
 * order number exists or not. Every prompt for details ends with a phrase from ORDER_PROMPT_MARKERS, so the next
 * message is read as the answer to it.
 */

const date = (iso: string, lang: Language): string => {
  const [y, m, d] = iso.split('-');
  return lang === 'es' && d ? `${d}/${m}/${y}` : iso;
};

function money(total: string, currency: string): string {
  const n = Number(total);
  if (!Number.isFinite(n)) return `${total} ${currency}`;
  return formatMoney(n, currency === 'USD' ? '$' : currency);
}

function describeOrder(o: OrderSummary, lang: Language): string {
  const es = lang === 'es';
  const lines = [
    `*${es ? 'Pedido' : 'Order'} #${o.number}*: *${o.statusLabel[lang]}*`,
    `${es ? 'Fecha' : 'Date'}: ${date(o.date, lang)}`,
    `${es ? 'Productos' : 'Items'}: ${o.items.map((i) => `${i.name} ×${i.quantity}`).join(', ')}`,
    `Total: ${money(o.total, o.currency)}`,
  ];
  if (o.shippingMethod) lines.push(`${es ? 'Envío' : 'Shipping'}: ${o.shippingMethod}`);
  for (const t of o.tracking) {
    const by = t.provider ? ` (${t.provider})` : '';
    lines.push(`${es ? 'Guía' : 'Tracking'}: ${t.number}${by}${t.link ? ` ${t.link}` : ''}`);
  }
  for (const n of o.notes.slice(0, 2)) {
    lines.push(`${es ? 'Nota de la tienda' : 'Note from the store'} (${date(n.date, lang)}): ${n.text}`);
  }
  return lines.join('\n');
}

export function orderReply(
  result: OrderStatusResult,
  lang: Language,
  askedWithNumber: boolean,
): { text: string; handoff: boolean } {
  const es = lang === 'es';
  switch (result.kind) {
    case 'found': {
      const intro =
        result.orders.length === 1
          ? es
            ? 'Esto es lo que encontré de tu pedido:'
            : "Here's what I found about your order:"
          : es
            ? 'Estos son tus pedidos más recientes:'
            : 'These are your most recent orders:';
      return {
        text: [intro, ...result.orders.map((o) => describeOrder(o, lang))].join('\n\n'),
        handoff: false,
      };
    }
    case 'need_details': {
      const both = result.missing.length > 1;
      const text = both
        ? es
          ? 'Con gusto reviso tu pedido. Envíame el *número de pedido* y el *correo electrónico* (o teléfono) con el que hiciste la compra.'
          : 'Happy to check your order. Please send me the *order number* and the *e-mail* (or phone) you used at checkout.'
        : result.missing[0] === 'email'
          ? es
            ? 'Para confirmar que el pedido es tuyo, envíame también el *correo electrónico* o el *teléfono* con el que hiciste la compra.'
            : 'To confirm the order is yours, please also send the *e-mail* or *phone* you used at checkout.'
          : es
            ? 'Envíame también el *número de pedido*: viene en el correo de confirmación que recibiste cuando hiciste la compra.'
            : 'Please also send me the *order number*: it is in the confirmation e-mail you got at checkout.';
      return { text, handoff: false };
    }
    case 'not_found':
      return {
        text: askedWithNumber
          ? es
            ? 'No encontré un pedido con esos datos. Revisa el *número de pedido* y el *correo electrónico* (o teléfono) con el que hiciste la compra y envíamelos de nuevo.'
            : "I couldn't find an order with those details. Please check the *order number* and the *e-mail* (or phone) used at checkout and send them again."
          : es
            ? 'No encontré pedidos asociados a este número. Si compraste con otros datos, envíame el *número de pedido* y el *correo electrónico* con el que hiciste la compra.'
            : "I couldn't find orders for this number. If you bought with other details, send me the *order number* and the *e-mail* used at checkout.",
        handoff: false,
      };
    case 'too_many_attempts':
      return {
        text: es
          ? 'No pude encontrar tu pedido con los datos que me diste. Le paso tu consulta a una persona de nuestro equipo para que te ayude por aquí. 🙌'
          : "I couldn't find your order with the details you gave me. I'm passing this to someone from our team, who will help you here.",
        handoff: true,
      };
    case 'unavailable':
      return {
        text: es
          ? 'Ahora mismo no puedo consultar los pedidos. Una persona de nuestro equipo lo revisa y te responde por aquí.'
          : "I can't check orders right now. Someone from our team will look into it and answer you here.",
        handoff: true,
      };
  }
}
