/**
 * What a WooCommerce product webhook asks us to do (docs/contracts/woocommerce.md, webhooks). The body is only a
 * hint: it names the product to read again, never the data to store.
 */
export const PRODUCT_TOPICS: ReadonlySet<string> = new Set([
  'product.created',
  'product.updated',
  'product.deleted',
  'product.restored',
  // Mapped by the newest WooCommerce only; same meaning as an update.
  'product.published',
]);

export type WebhookDecision =
  { action: 'refresh'; productId: number } | { action: 'ignore'; reason: 'topic' | 'no_product_id' };

const positiveInt = (v: unknown): number | null => {
  const n = typeof v === 'string' && /^\d+$/.test(v) ? Number(v) : v;
  return typeof n === 'number' && Number.isSafeInteger(n) && n > 0 ? n : null;
};

/**
 * The product to refresh for a delivery. A variation's save arrives as a product topic carrying the variation
 * (`type: "variation"`, `parent_id`): its parent is refreshed, with all its variations. A trashed product arrives as
 * `{"id": n}`. When the store could not render the product it sends its REST error object (no id): nothing to do,
 * the periodic sync is the safety net.
 */
export function decideProductWebhook(topic: string, payload: unknown): WebhookDecision {
  if (!PRODUCT_TOPICS.has(topic)) return { action: 'ignore', reason: 'topic' };
  if (!payload || typeof payload !== 'object' || Array.isArray(payload)) {
    return { action: 'ignore', reason: 'no_product_id' };
  }
  const body = payload as { id?: unknown; type?: unknown; parent_id?: unknown };
  const id = positiveInt(body.id);
  if (id === null) return { action: 'ignore', reason: 'no_product_id' };
  const parent = positiveInt(body.parent_id);
  return { action: 'refresh', productId: body.type === 'variation' && parent ? parent : id };
}
