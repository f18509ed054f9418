import { ExternalServiceError } from '../common/app-error';
import { AppConfig } from '../config/app-config';
import { WooCommerceClient, type WcCallOptions } from './woocommerce.client';
import type { WcOrder, WcOrderNote } from './woocommerce-orders.types';

/** ISO 8601 without zone, as WooCommerce expects it; `dates_are_gmt=true` makes it UTC. */
const wcDate = (d: Date): string => d.toISOString().slice(0, 19);

/**
 * Read-only order calls of the WooCommerce REST API (docs/contracts/woocommerce.md, orders), over the same
 * transport, auth, retries and errors as the catalog client. Order searches are slow on big stores, so they get the
 * sync's long timeout and one retry; a customer is waiting, so never more.
 */
export class WooCommerceOrdersClient {
  constructor(
    private readonly wc: WooCommerceClient,
    private readonly config: AppConfig,
  ) {}

  get isConfigured(): boolean {
    return this.wc.isConfigured;
  }

  private get options(): WcCallOptions {
    return { timeoutMs: this.config.woocommerce.timeoutMs, retries: 1 };
  }

  /**
   * Orders whose searchable text contains `term` (a substring of the billing and shipping fields as the buyer typed
   * them, the e-mail, the last name, item names; a numeric term also matches that order id exactly), newest first.
   */
  async searchOrders(
    term: string,
    params: { createdAfter?: Date; perPage?: number } = {},
  ): Promise<WcOrder[]> {
    const query: Record<string, string | number> = {
      search: term,
      per_page: params.perPage ?? 50,
      orderby: 'date',
      order: 'desc',
    };
    if (params.createdAfter) {
      query.after = wcDate(params.createdAfter);
      query.dates_are_gmt = 'true';
    }
    return this.guard('search orders', async () => {
      const page = await this.wc.getPage<WcOrder>('search orders', '/orders', query, this.options);
      return page.items;
    });
  }

  /** One order by id; null when there is none (also for a refund's id). */
  async getOrder(id: number): Promise<WcOrder | null> {
    return this.guard(`get order ${id}`, () =>
      this.wc.getOrNull<WcOrder>(`get order ${id}`, `/orders/${id}`, this.options),
    );
  }

  /** The notes the customer may see (`customer_note: true`), newest first; [] when the order is gone. */
  async customerNotes(orderId: number): Promise<WcOrderNote[]> {
    const operation = `list notes of order ${orderId}`;
    return this.guard(operation, async () => {
      const page = await this.wc.getPage<WcOrderNote>(
        operation,
        `/orders/${orderId}/notes`,
        { type: 'customer' },
        this.options,
      );
      // Filtered again: a store that ignores `type` must still never leak a private staff note.
      return page.items.filter((n) => n.customer_note === true);
    }).catch((e: unknown) => {
      if (
        e instanceof ExternalServiceError &&
        e.options.vendorCode === 'woocommerce_rest_shop_order_invalid_id'
      ) {
        return [];
      }
      throw e;
    });
  }

  /** A key that reads products but not orders fails with `cannot_view`: say what to fix for orders. */
  private async guard<T>(operation: string, call: () => Promise<T>): Promise<T> {
    try {
      return await call();
    } catch (e) {
      if (
        e instanceof ExternalServiceError &&
        (e.options.status === 401 || e.options.status === 403) &&
        e.options.vendorCode === 'woocommerce_rest_cannot_view'
      ) {
        throw new ExternalServiceError('woocommerce', operation, 'the REST API key may not read orders', {
          retryable: false,
          status: e.options.status,
          vendorCode: e.options.vendorCode,
          hint: 'the key (WOOCOMMERCE_KEY) needs Read permission and must belong to an administrator or shop manager (WooCommerce → Settings → Advanced → REST API)',
        });
      }
      throw e;
    }
  }
}
