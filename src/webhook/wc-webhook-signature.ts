import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * WooCommerce signs each delivery with `X-WC-Webhook-Signature` = base64 HMAC-SHA256 of the raw body bytes, keyed
 * with the webhook's secret. Verified on the bytes as received (re-serialising the JSON would change WordPress's
 * `\/` and `\uXXXX` escapes), in constant time.
 */
export function isValidWcSignature(rawBody: Buffer, signature: unknown, secret: string): boolean {
  if (typeof signature !== 'string' || !signature) return false;
  const expected = Buffer.from(createHmac('sha256', secret).update(rawBody).digest('base64'));
  const given = Buffer.from(signature.trim());
  // timingSafeEqual needs equal lengths; comparing `expected` with itself keeps the time independent of the input.
  return given.length === expected.length
    ? timingSafeEqual(given, expected)
    : (timingSafeEqual(expected, expected), false);
}

/**
 * WooCommerce's ping when a webhook is saved: a form body `webhook_id=<n>` with no `X-WC-Webhook-*` headers and no
 * signature. It must get exactly 200, or the store keeps the webhook "pending" and pings again after every delivery.
 */
export function isWcPing(body: unknown, rawBody: Buffer | undefined): boolean {
  const field = body && typeof body === 'object' ? (body as { webhook_id?: unknown }).webhook_id : undefined;
  if (typeof field === 'string' && /^\d+$/.test(field)) return true;
  return rawBody !== undefined && /^webhook_id=\d+$/.test(rawBody.toString('utf8').trim());
}
