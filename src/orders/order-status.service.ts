import { Injectable, Logger } from '@nestjs/common';
import { AppConfig } from '../config/app-config';
import { ExternalServiceError } from '../common/app-error';
import { WooCommerceOrdersClient } from '../woocommerce/woocommerce-orders.client';
import type { WcOrder } from '../woocommerce/woocommerce-orders.types';
import {
  cleanOrderNumber,
  internationalDigits,
  orderBelongsTo,
  phoneSearchTerms,
  type IdentityProof,
} from './order-identity';
import { OrderLookupRepository } from './order-lookup.repository';
import { summariseOrder, type OrderSummary } from './order-summary';

export interface OrderStatusQuery {
  conversationId: string;
  /** The customer's WhatsApp number (international digits), known from the channel; null on Instagram/Facebook. */
  customerPhone: string | null;
  /** What the customer wrote, if anything. */
  orderNumber?: string | null;
  email?: string | null;
  phone?: string | null;
}

export type OrderStatusResult =
  | { kind: 'found'; orders: OrderSummary[] }
  /** Nothing can be looked up yet: ask the customer for these. */
  | { kind: 'need_details'; missing: ('order_number' | 'email')[] }
  /** Identical whether the order does not exist or is someone else's: never tells which. */
  | { kind: 'not_found' }
  /** Too many failed look-ups in this conversation: a person takes over. */
  | { kind: 'too_many_attempts' }
  | { kind: 'unavailable' };

/** Failed look-ups a conversation may make in LOOKUP_WINDOW_MS before it is handed to a person. */
export const MAX_FAILED_LOOKUPS = 3;
const LOOKUP_WINDOW_MS = 24 * 3600_000;
/** Orders placed within this period are searched by phone (older ones: ask with number + e-mail). */
const PHONE_SEARCH_DAYS = 365;
const MAX_ORDERS_SHOWN = 3;

/**
 * "Where is my order?": finds the asker's own orders in WooCommerce and only those. Two ways to prove an order is
 * yours: the WhatsApp number the message came from equals the order's billing (or shipping) phone, or an order
 * number together with the e-mail or phone on that order. A number that does not pass is answered exactly like a
 * number that does not exist, and repeated failures hand the conversation to a person.
 */
@Injectable()
export class OrderStatusService {
  private readonly logger = new Logger('OrderStatus');

  constructor(
    private readonly orders: WooCommerceOrdersClient,
    private readonly lookups: OrderLookupRepository,
    private readonly config: AppConfig,
  ) {}

  async lookup(query: OrderStatusQuery): Promise<OrderStatusResult> {
    const since = new Date(Date.now() - LOOKUP_WINDOW_MS);
    if ((await this.lookups.failuresSince(query.conversationId, since)) >= MAX_FAILED_LOOKUPS) {
      return { kind: 'too_many_attempts' };
    }
    const cc = this.config.whatsapp.defaultCountryCode;
    const typedPhone = internationalDigits(query.phone, null, cc);
    const proof: IdentityProof = {
      phones: [query.customerPhone, typedPhone].filter((p): p is string => Boolean(p)),
      emails: query.email?.includes('@') ? [query.email] : [],
    };
    const number = cleanOrderNumber(query.orderNumber);
    if (!number && !query.customerPhone) {
      return {
        kind: 'need_details',
        missing: proof.emails.length ? ['order_number'] : ['order_number', 'email'],
      };
    }
    if (number && proof.phones.length === 0 && proof.emails.length === 0) {
      return { kind: 'need_details', missing: ['email'] };
    }
    if (!this.orders.isConfigured) return { kind: 'unavailable' };
    try {
      const found = number
        ? await this.byNumber(number, proof, cc)
        : await this.byPhone(query.customerPhone!, proof, cc);
      await this.lookups.record(query.conversationId, found.length ? 'found' : 'not_found');
      this.logger.log({
        msg: `order look-up ${found.length ? 'matched' : 'found nothing for this customer'}`,
        conversationId: query.conversationId,
        by: number ? 'number' : 'whatsapp_phone',
        orders: found.length,
      });
      if (!found.length) return { kind: 'not_found' };
      const summaries: OrderSummary[] = [];
      for (const order of found.slice(0, MAX_ORDERS_SHOWN)) {
        summaries.push(summariseOrder(order, await this.orders.customerNotes(order.id)));
      }
      return { kind: 'found', orders: summaries };
    } catch (e) {
      if (!(e instanceof ExternalServiceError)) throw e;
      this.logger.error({ msg: `order look-up failed: ${e.message}`, conversationId: query.conversationId });
      return { kind: 'unavailable' };
    }
  }

  private async byNumber(number: string, proof: IdentityProof, cc: string): Promise<WcOrder[]> {
    // The id when the store shows ids; a sequential-number plugin's number is found by search and compared exactly.
    let order = /^\d+$/.test(number) ? await this.orders.getOrder(Number(number)) : null;
    if (order && order.number && order.number !== number && String(order.id) !== number) order = null;
    if (!order) {
      order =
        (await this.orders.searchOrders(number, { perPage: 20 })).find((o) => o.number === number) ?? null;
    }
    return order && order.status !== 'checkout-draft' && orderBelongsTo(order, proof, cc) ? [order] : [];
  }

  private async byPhone(phone: string, proof: IdentityProof, cc: string): Promise<WcOrder[]> {
    const createdAfter = new Date(Date.now() - PHONE_SEARCH_DAYS * 24 * 3600_000);
    for (const term of phoneSearchTerms(phone)) {
      const mine = (await this.orders.searchOrders(term, { createdAfter, perPage: 100 })).filter(
        (o) => o.status !== 'checkout-draft' && orderBelongsTo(o, proof, cc),
      );
      if (mine.length) return mine;
    }
    return [];
  }
}
