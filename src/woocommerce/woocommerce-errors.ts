import type { AxiosError, AxiosResponse } from 'axios';
import { ExternalServiceError } from '../common/app-error';
import type { WcErrorBody } from './woocommerce.types';

// What a failed WooCommerce call means for the operator (woocommerce.md §7): whether it is retried, and the hint that
// says what to check. The client decides when to call and retry; these only read the answer.

/** Product and variation ids that do not exist (woocommerce.md §7): the product left the store. */
export const GONE_CODES = new Set([
  'woocommerce_rest_product_invalid_id',
  'woocommerce_rest_product_variation_invalid_id',
  'woocommerce_rest_invalid_product_id',
  // Orders: an unknown id (or a refund's id), and notes of an unknown order.
  'woocommerce_rest_shop_order_invalid_id',
]);

/** `Retry-After` in seconds or as an HTTP date, in ms. */
export function retryAfterMs(header: unknown): number | undefined {
  if (typeof header !== 'string' || !header.trim()) return undefined;
  const seconds = Number(header);
  if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000);
  const at = Date.parse(header);
  return Number.isNaN(at) ? undefined : Math.max(0, at - Date.now());
}

/** A non-2xx answer, with the hint for its status and vendor code. */
export function httpFailure(
  operation: string,
  res: AxiosResponse<string>,
  storeUrl: string | undefined,
): ExternalServiceError {
  let body: Partial<WcErrorBody> = {};
  try {
    const parsed: unknown = JSON.parse(res.data);
    if (parsed && typeof parsed === 'object') body = parsed;
  } catch {
    // HTML error pages from hosts, WAFs and CDNs (woocommerce.md §7).
  }
  const status = res.status;
  const code = typeof body.code === 'string' ? body.code : undefined;
  const what = `${status}${code ? ` ${code}` : ''}${body.message ? `: ${body.message}` : ''}`;
  const fail = (message: string, retryable: boolean, hint: string): ExternalServiceError =>
    new ExternalServiceError('woocommerce', operation, message, {
      retryable,
      status,
      vendorCode: code,
      hint,
    });
  if (status === 401 && code === 'woocommerce_rest_cannot_view') {
    return fail(
      `the store did not accept the consumer key (${what})`,
      false,
      'check WOOCOMMERCE_KEY (ck_…) exists under WooCommerce → Settings → Advanced → REST API with Read permission',
    );
  }
  if (status === 401) {
    return fail(
      `authentication failed (${what})`,
      false,
      'check WOOCOMMERCE_SECRET (cs_…) belongs to WOOCOMMERCE_KEY and the key has Read permission; if the host drops the Authorization header, set WOOCOMMERCE_AUTH_MODE=query',
    );
  }
  if (status === 403) {
    return fail(
      `access denied (${what})`,
      false,
      'give the REST API key Read permission in WooCommerce → Settings → Advanced → REST API',
    );
  }
  if (status === 404 && code && GONE_CODES.has(code)) {
    return fail(`not found (${what}); it is gone from the store`, false, 'nothing to fix if it was deleted');
  }
  if (status === 404) {
    return fail(
      `no WooCommerce REST API at ${storeUrl}/wp-json/wc/v3 (${what})`,
      false,
      'check WOOCOMMERCE_URL is the store base URL, that the WooCommerce REST API is enabled and that WordPress permalinks are not set to "Plain"',
    );
  }
  if (status === 429 || status === 503) {
    return fail(
      `the store or its host is rate limiting or unavailable (${status})`,
      true,
      'lower WOOCOMMERCE_CONCURRENCY or ask the host to allow-list this server',
    );
  }
  if (status >= 500) {
    return fail(`the store failed (${what})`, true, "check the store's PHP error log and hosting status");
  }
  return fail(
    `request rejected (${what})`,
    false,
    'this is a bug in Namwoo; please report it with this line',
  );
}

/** No answer at all (timeout, refused, DNS): always retryable. */
export function networkFailure(
  operation: string,
  e: unknown,
  timeoutMs: number,
  storeUrl: string | undefined,
): ExternalServiceError {
  const err = e as AxiosError;
  const timedOut = err.code === 'ECONNABORTED' || err.code === 'ETIMEDOUT';
  const message = timedOut
    ? `no answer within ${timeoutMs} ms`
    : `cannot reach ${storeUrl} (${err.code ?? err.message})`;
  return new ExternalServiceError('woocommerce', operation, message, {
    retryable: true,
    vendorCode: err.code,
    hint: timedOut
      ? 'the store is slow; raise WOOCOMMERCE_TIMEOUT_MS or check the host'
      : 'check WOOCOMMERCE_URL and that this server can reach the store',
  });
}
