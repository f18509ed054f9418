import type { Language } from '../common/text/language';
import { convert } from 'html-to-text';
import type { WcMeta, WcOrder, WcOrderNote } from '../woocommerce/woocommerce-orders.types';

/** Core statuses and the usual shipment-plugin ones, as a customer would say them. Others show their slug. */
const STATUS_LABELS: Record<string, Record<Language, string>> = {
  pending: { es: 'pendiente de pago', en: 'pending payment' },
  'on-hold': { es: 'en espera de confirmación del pago', en: 'on hold, awaiting payment confirmation' },
  processing: { es: 'en proceso', en: 'processing' },
  completed: { es: 'completado', en: 'completed' },
  cancelled: { es: 'cancelado', en: 'cancelled' },
  refunded: { es: 'reembolsado', en: 'refunded' },
  failed: { es: 'pago fallido', en: 'payment failed' },
  'checkout-draft': { es: 'no finalizado', en: 'not placed' },
  shipped: { es: 'enviado', en: 'shipped' },
  'partial-shipped': { es: 'enviado parcialmente', en: 'partially shipped' },
  delivered: { es: 'entregado', en: 'delivered' },
  'ready-pickup': { es: 'listo para retirar', en: 'ready for pickup' },
};

export function statusLabel(status: string, lang: Language): string {
  return STATUS_LABELS[status]?.[lang] ?? status.replace(/[-_]+/g, ' ');
}

export interface OrderTracking {
  provider: string | null;
  number: string;
  link: string | null;
}

/** What the customer may learn about their own order: no address, no payment details, no staff notes. */
export interface OrderSummary {
  number: string;
  status: string;
  statusLabel: Record<Language, string>;
  /** Store-local date of the order, YYYY-MM-DD. */
  date: string;
  items: { name: string; quantity: number }[];
  total: string;
  currency: string;
  shippingMethod: string | null;
  /** Customer-visible notes, newest first, as plain text. */
  notes: { date: string; text: string }[];
  tracking: OrderTracking[];
}

const MAX_NOTES = 5;
const MAX_NOTE_CHARS = 500;

const str = (v: unknown): string | null => (typeof v === 'string' && v.trim() ? v.trim() : null);

/**
 * Tracking numbers stored by the common shipment plugins in order meta: WooCommerce Shipment Tracking and Advanced
 * Shipment Tracking (`_wc_shipment_tracking_items`), AfterShip (`_aftership_tracking_items`), YITH
 * (`ywot_tracking_code`). Staff who type the number in a customer note are covered by the notes.
 */
export function trackingFromMeta(meta: WcMeta[] | undefined): OrderTracking[] {
  const out: OrderTracking[] = [];
  for (const m of meta ?? []) {
    if (
      (m.key === '_wc_shipment_tracking_items' || m.key === '_aftership_tracking_items') &&
      Array.isArray(m.value)
    ) {
      for (const item of m.value as Record<string, unknown>[]) {
        const number = str(item?.tracking_number);
        if (!number) continue;
        out.push({
          provider: str(item.custom_tracking_provider) ?? str(item.tracking_provider) ?? str(item.slug),
          number,
          link: str(item.custom_tracking_link) ?? str(item.tracking_link),
        });
      }
    } else if (m.key === 'ywot_tracking_code') {
      const number = str(m.value);
      if (number) out.push({ provider: null, number, link: null });
    }
  }
  return out;
}

function noteText(html: string): string {
  return convert(html, {
    wordwrap: false,
    selectors: [{ selector: 'a', options: { hideLinkHrefIfSameAsText: true } }],
  })
    .replace(/\s+/g, ' ')
    .trim()
    .slice(0, MAX_NOTE_CHARS);
}

export function summariseOrder(order: WcOrder, notes: WcOrderNote[]): OrderSummary {
  return {
    number: order.number || String(order.id),
    status: order.status,
    statusLabel: { es: statusLabel(order.status, 'es'), en: statusLabel(order.status, 'en') },
    date: (order.date_created ?? '').slice(0, 10),
    items: (order.line_items ?? []).map((i) => ({ name: i.name, quantity: i.quantity })),
    total: order.total,
    currency: order.currency,
    shippingMethod: order.shipping_lines?.[0]?.method_title || null,
    notes: notes
      .filter((n) => n.customer_note === true)
      .slice(0, MAX_NOTES)
      .map((n) => ({ date: (n.date_created ?? '').slice(0, 10), text: noteText(n.note) }))
      .filter((n) => n.text),
    tracking: trackingFromMeta(order.meta_data),
  };
}
