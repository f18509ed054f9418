import type { Language } from '../common/text/language';
import { formatMoney } from '../common/text/money';
import type { LiveProductDetails, ProductSearchResult } from '../catalog/catalog.types';
import type { StoreProfile } from './store-profile';

export type { Language };

/** The reply to a customer who asked for a person; the bot then pauses itself in that conversation. */
export function handoffText(lang: Language): string {
  return lang === 'es'
    ? 'Entendido. Te comunico con una persona de nuestro equipo; te responderá por aquí en breve.'
    : 'Got it. I am passing you to a person from our team; they will answer you here shortly.';
}

/** Prices are written `$45.00` (symbol from the store profile, dot decimals), the form the grounding guard parses. */
export function formatPrice(value: number, profile: StoreProfile): string {
  return formatMoney(value, profile.currency.symbol);
}

/** The identifier the customer (or the offline assistant, reading its own list back) can use to ask for details. */
export function productRef(p: { sku: string | null; wcProductId: number }): string {
  return p.sku ? p.sku : `#${p.wcProductId}`;
}

function stockText(status: string, quantity: number | null, lang: Language): string {
  if (status === 'outofstock') return lang === 'es' ? 'agotado' : 'out of stock';
  if (status === 'onbackorder') return lang === 'es' ? 'por encargo' : 'on backorder';
  if (quantity !== null && quantity > 0) {
    return lang === 'es'
      ? `${quantity} ${quantity === 1 ? 'disponible' : 'disponibles'}`
      : `${quantity} in stock`;
  }
  return lang === 'es' ? 'disponible' : 'in stock';
}

function priceText(
  p: { price: number | null; regularPrice: number | null; salePrice: number | null },
  profile: StoreProfile,
  lang: Language,
): string {
  if (p.price === null) return lang === 'es' ? 'precio por confirmar' : 'price to be confirmed';
  const onSale = p.salePrice !== null && p.regularPrice !== null && p.regularPrice > p.salePrice;
  const was = onSale
    ? lang === 'es'
      ? ` (antes ${formatPrice(p.regularPrice!, profile)})`
      : ` (was ${formatPrice(p.regularPrice!, profile)})`
    : '';
  return `${formatPrice(p.price, profile)}${was}`;
}

/** At most five products: "1. *Name* — $45.00 (disponible) · ref. OST-600". */
export const MAX_LISTED = 5;

export function formatProductList(
  results: ProductSearchResult[],
  profile: StoreProfile,
  lang: Language,
  intro: string = lang === 'es' ? 'Encontré estas opciones:' : 'Here is what I found:',
): string {
  const shown = results.slice(0, MAX_LISTED);
  const lines = shown.map((r, i) => {
    const variant = r.variation ? ` (${Object.values(r.variation.attributes).join(' ')})` : '';
    const price = r.variation?.price ?? r.price;
    const status = r.variation?.stockStatus ?? r.stockStatus;
    const qty = r.variation ? r.variation.stockQuantity : r.stockQuantity;
    const from = r.priceIsFrom && !r.variation && price !== null ? (lang === 'es' ? 'desde ' : 'from ') : '';
    return `${i + 1}. *${r.name}*${variant} — ${from}${priceText({ ...r, price }, profile, lang)} (${stockText(status, qty, lang)}) · ref. ${productRef(r)}`;
  });
  const outro =
    lang === 'es'
      ? '¿Quieres más detalles de alguna? Respóndeme con el número.'
      : 'Would you like details on one of them? Reply with its number.';
  return [intro, ...lines, outro].join('\n');
}

export function formatLiveDetails(d: LiveProductDetails, profile: StoreProfile, lang: Language): string {
  const es = lang === 'es';
  const target = d.matchedVariation ?? d;
  const lines = [
    `*${d.name}* (ref. ${productRef({ sku: target.sku ?? d.sku, wcProductId: d.wcProductId })})`,
  ];
  if (d.matchedVariation) lines.push(Object.values(d.matchedVariation.attributes).join(' · '));
  lines.push(`${es ? 'Precio' : 'Price'}: ${priceText(target, profile, lang)}`);
  lines.push(
    `${es ? 'Disponibilidad' : 'Availability'}: ${stockText(target.stockStatus, target.stockQuantity, lang)}`,
  );
  if (!d.matchedVariation && d.variations.length > 0) {
    lines.push(es ? 'Opciones:' : 'Options:');
    for (const v of d.variations.slice(0, MAX_LISTED)) {
      lines.push(
        `• ${Object.values(v.attributes).join(' ')} — ${priceText(v, profile, lang)} (${stockText(v.stockStatus, v.stockQuantity, lang)})`,
      );
    }
  }
  if (d.source === 'cache') {
    const asOf = Number.isNaN(Date.parse(d.asOf))
      ? d.asOf
      : `${new Date(d.asOf).toISOString().slice(0, 16).replace('T', ' ')} UTC`;
    lines.push(
      es
        ? `_Datos de nuestro último registro (${asOf}); te confirmamos al momento de la compra._`
        : `_Figures from our last update (${asOf}); we confirm them when you order._`,
    );
  }
  return lines.join('\n');
}

/** WhatsApp uses *bold*, not Markdown's **bold**; headings and Markdown links do not render either. */
export function toWhatsAppText(text: string): string {
  return text
    .replace(/\*\*(.+?)\*\*/g, '*$1*')
    .replace(/__(.+?)__/g, '_$1_')
    .replace(/^#{1,6}\s+/gm, '')
    .replace(/\[([^\]]+)\]\((https?:\/\/[^)\s]+)\)/g, '$1: $2')
    .trim();
}
