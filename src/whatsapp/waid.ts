import { parsePhoneNumberFromString } from 'libphonenumber-js/max';

/**
 * The WhatsApp id (international digits, no `+`) for a phone as Support Board stores it (`"+" + wa_id`,
 * whatsapp-cloud.md §7). A number without a country code gets `defaultCountryCode` and loses its trunk
 * `0` (`0412…` in Venezuela → `58412…`); a number that already has one is never prefixed again.
 */
export function normaliseWaid(phone: string | null | undefined, defaultCountryCode: string): string | null {
  const raw = (phone ?? '').trim();
  if (!raw) return null;
  const digits = raw.replace(/\D/g, '');
  if (!digits) return null;
  const cc = defaultCountryCode.replace(/\D/g, '');
  const international = raw.startsWith('+') || raw.startsWith('00');
  if (international) {
    const d = raw.startsWith('00') ? digits.slice(2) : digits;
    const parsed = parsePhoneNumberFromString(`+${d}`);
    // Meta's wa_id is what Support Board stored; keep the digits as they are even when libphonenumber doubts them.
    return parsed?.number ? parsed.number.slice(1) : d;
  }
  if (digits.startsWith(cc) && digits.length > 10) return digits;
  const local = parsePhoneNumberFromString(digits, { defaultCallingCode: cc });
  if (local?.number) return local.number.slice(1);
  return `${cc}${digits.replace(/^0+/, '')}`;
}
