import { parsePhoneNumberFromString, type CountryCode } from 'libphonenumber-js/max';
import { normaliseWaid } from '../whatsapp/waid';
import type { WcOrder } from '../woocommerce/woocommerce-orders.types';

/**
 * Who an order belongs to. WooCommerce keeps the phone exactly as the buyer typed it at checkout ("0412-555-0123"),
 * so numbers are compared only after both are reduced to international digits with libphonenumber: the order's
 * billing country first, else the store's default calling code (WHATSAPP_DEFAULT_COUNTRY_CODE).
 */
export function internationalDigits(
  phone: string | null | undefined,
  country: string | null | undefined,
  defaultCallingCode: string,
): string | null {
  const raw = (phone ?? '').trim();
  if (raw.replace(/\D/g, '').length < 6) return null;
  if (country && /^[A-Z]{2}$/.test(country) && !raw.startsWith('+') && !raw.startsWith('00')) {
    const parsed = parsePhoneNumberFromString(raw, country as CountryCode);
    if (parsed?.isPossible()) return parsed.number.slice(1);
  }
  return normaliseWaid(raw, defaultCallingCode);
}

const normEmail = (e: string | null | undefined): string => (e ?? '').trim().toLowerCase();

export interface IdentityProof {
  /** International digits (a WhatsApp number, or a number the customer typed, normalised). */
  phones: string[];
  emails: string[];
}

/** True only when the order's billing e-mail, or its billing or shipping phone, is the asker's. */
export function orderBelongsTo(order: WcOrder, proof: IdentityProof, defaultCallingCode: string): boolean {
  const email = normEmail(order.billing?.email);
  if (email && proof.emails.some((e) => normEmail(e) === email)) return true;
  const orderPhones = [
    internationalDigits(order.billing?.phone, order.billing?.country, defaultCallingCode),
    internationalDigits(
      order.shipping?.phone,
      order.shipping?.country || order.billing?.country,
      defaultCallingCode,
    ),
  ].filter((p): p is string => Boolean(p));
  return orderPhones.some((p) => proof.phones.includes(p));
}

/**
 * Search terms that find a phone however the buyer typed it: WooCommerce's `search` is a substring match on the
 * text as typed, so `584125550123` does not find `0412-555-0123`. First the national number (found when typed
 * without separators, with or without the trunk 0 or the country code), then its last four digits, which survive
 * the usual separators; every hit is verified with `orderBelongsTo` before it is trusted.
 */
export function phoneSearchTerms(phoneDigits: string): string[] {
  const parsed = parsePhoneNumberFromString(`+${phoneDigits}`);
  const national = parsed?.nationalNumber ?? phoneDigits.slice(-10);
  return [...new Set([national, phoneDigits.slice(-4)])];
}

/** The order number a customer wrote ("#5821", "N° 5821", "5821"): digits, with an optional plugin prefix kept. */
export function cleanOrderNumber(value: string | null | undefined): string | null {
  const v = (value ?? '').trim().replace(/^(#|n[°º.]?\s*|no\.?\s*)/i, '');
  return /^[A-Za-z0-9-]{1,32}$/.test(v) ? v : null;
}
