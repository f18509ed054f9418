import { Injectable, Logger } from '@nestjs/common';
import { ExternalServiceError } from '../common/app-error';
import { AppConfig } from '../config/app-config';
import { WooCommerceClient } from '../woocommerce/woocommerce.client';
import type { WcProduct, WcVariation } from '../woocommerce/woocommerce.types';
import type { LiveProductDetails, LiveVariation, ProductIdentifierType } from './catalog.types';
import { LiveProductRepository, type PriceStockUpdate } from './live-product.repository';
import { attributeMap, type StoredProduct } from './product-row';

/** Money is a string in WooCommerce and "" means unset (woocommerce.md §9): never 0. */
const money = (v: string | number | null | undefined): number | null => {
  if (v === null || v === undefined || v === '') return null;
  const n = Number(v);
  return Number.isFinite(n) ? n : null;
};

class LiveDeadlineExceeded extends Error {}

type Fetched =
  | { kind: 'found'; product: WcProduct; variations: WcVariation[]; matchedVariationId: number | null }
  | { kind: 'gone' };

/**
 * `get_live_product_details`: current price and stock straight from WooCommerce within
 * `woocommerce.liveTimeoutMs`; the local cache answers (with its age) when the store is slow, down or not
 * configured. A product WooCommerce says is gone (404, woocommerce.md §7) is removed from the cache.
 */
@Injectable()
export class LiveProductService {
  private readonly logger = new Logger('LiveProduct');

  constructor(
    private readonly client: WooCommerceClient,
    private readonly cache: LiveProductRepository,
    private readonly config: AppConfig,
  ) {}

  async get(identifier: string, type: ProductIdentifierType): Promise<LiveProductDetails | null> {
    const id = identifier.trim();
    if (!id) return null;
    if (type === 'wc_product_id' && !/^\d+$/.test(id)) return null;
    if (!this.client.isConfigured) return this.fromCache(id, type);
    let fetched: Fetched;
    try {
      fetched = await this.withDeadline(this.fetchLive(id, type));
    } catch (e) {
      if (!(e instanceof ExternalServiceError || e instanceof LiveDeadlineExceeded)) throw e;
      this.logger.warn(`live look-up of ${type} ${id} failed, answering from the cache: ${e.message}`);
      return this.fromCache(id, type);
    }
    if (fetched.kind === 'gone') {
      await this.forget(id, type);
      return null;
    }
    const details = this.toDetails(fetched.product, fetched.variations, fetched.matchedVariationId);
    await this.refreshCache(details);
    return details;
  }

  private async fetchLive(id: string, type: ProductIdentifierType): Promise<Fetched> {
    // Live look-ups answer a waiting customer: one attempt, short timeout; the cache covers failures.
    const call = { timeoutMs: this.config.woocommerce.liveTimeoutMs, retries: 0 };
    let product: WcProduct | null;
    let matchedVariationId: number | null = null;
    if (type === 'sku') {
      product = await this.client.findBySku(id, call);
      // A SKU search also returns variations (woocommerce.md §9): answer with the parent and mark the variation.
      if (product && (product.type === 'variation' || product.parent_id)) {
        matchedVariationId = product.id;
        product = product.parent_id ? await this.client.getProduct(product.parent_id, call) : null;
      }
    } else {
      const cached = await this.cache.findByWcId(Number(id));
      if (cached?.parentWcId) {
        matchedVariationId = cached.wcId;
        product = await this.client.getProduct(cached.parentWcId, call);
      } else {
        product = await this.client.getProduct(Number(id), call);
        if (product && product.type === 'variation' && product.parent_id) {
          matchedVariationId = product.id;
          product = await this.client.getProduct(product.parent_id, call);
        }
      }
    }
    if (!product) return { kind: 'gone' };
    const variations =
      product.type === 'variable' ? await this.client.listAllVariations(product.id, call) : [];
    if (matchedVariationId !== null && !variations.some((v) => v.id === matchedVariationId)) {
      return { kind: 'gone' };
    }
    return { kind: 'found', product, variations, matchedVariationId };
  }

  private async withDeadline<T>(work: Promise<T>): Promise<T> {
    // Several calls (SKU search, parent, variations) share one budget a little above one call's timeout.
    const budget = this.config.woocommerce.liveTimeoutMs * 1.5;
    let timer: NodeJS.Timeout | undefined;
    try {
      return await Promise.race([
        work,
        new Promise<never>((_, reject) => {
          timer = setTimeout(
            () => reject(new LiveDeadlineExceeded(`WooCommerce did not answer within ${budget} ms`)),
            budget,
          );
        }),
      ]);
    } finally {
      clearTimeout(timer);
    }
  }

  private toDetails(
    product: WcProduct,
    variations: WcVariation[],
    matchedVariationId: number | null,
  ): LiveProductDetails {
    const live = variations.map((v): LiveVariation => ({
      wcId: v.id,
      sku: v.sku || null,
      attributes: Object.fromEntries(v.attributes.map((a) => [a.name, a.option ? a.option : 'cualquiera'])),
      price: money(v.price),
      regularPrice: money(v.regular_price),
      salePrice: money(v.sale_price),
      stockStatus: v.stock_status,
      stockQuantity: v.stock_quantity,
      permalink: v.permalink || null,
    }));
    return {
      source: 'woocommerce',
      asOf: new Date().toISOString(),
      wcProductId: product.id,
      sku: product.sku || null,
      name: product.name,
      type: product.type,
      price: money(product.price),
      regularPrice: money(product.regular_price),
      salePrice: money(product.sale_price),
      stockStatus: product.stock_status,
      stockQuantity: product.stock_quantity,
      permalink: product.permalink || null,
      imageUrl:
        variations.find((v) => v.id === matchedVariationId)?.image?.src || product.images?.[0]?.src || null,
      variations: live,
      matchedVariation: live.find((v) => v.wcId === matchedVariationId) ?? null,
    };
  }

  private async refreshCache(details: LiveProductDetails): Promise<void> {
    const updates: PriceStockUpdate[] = [details, ...details.variations].map((x) => ({
      wcId: 'wcProductId' in x ? x.wcProductId : x.wcId,
      price: x.price,
      regularPrice: x.regularPrice,
      salePrice: x.salePrice,
      stockStatus: x.stockStatus,
      stockQuantity: x.stockQuantity,
    }));
    try {
      await this.cache.refreshPriceStock(updates);
    } catch (e) {
      // The customer still gets the live answer; the next sync repairs the cache.
      this.logger.warn(
        `could not refresh the cached price/stock of ${details.wcProductId}: ${(e as Error).message}`,
      );
    }
  }

  private async forget(id: string, type: ProductIdentifierType): Promise<void> {
    const row = type === 'sku' ? await this.cache.findBySku(id) : await this.cache.findByWcId(Number(id));
    if (!row) return;
    await this.cache.removeProduct(row.wcId);
    this.logger.log(`product ${row.wcId} (${row.name}) is gone from WooCommerce: removed from the cache`);
  }

  private async fromCache(id: string, type: ProductIdentifierType): Promise<LiveProductDetails | null> {
    const row = type === 'sku' ? await this.cache.findBySku(id) : await this.cache.findByWcId(Number(id));
    if (!row) return null;
    const parent = row.parentWcId ? await this.cache.findByWcId(row.parentWcId) : row;
    if (!parent) return null;
    const children = parent.type === 'variable' ? await this.cache.findVariations(parent.wcId) : [];
    const variations = children.map((v): LiveVariation => ({
      wcId: v.wcId,
      sku: v.sku,
      attributes: attributeMap(v),
      price: v.price,
      regularPrice: v.regularPrice,
      salePrice: v.salePrice,
      stockStatus: v.stockStatus,
      stockQuantity: v.stockQuantity,
      permalink: v.permalink,
    }));
    const asOf = [parent, ...children]
      .map((r: StoredProduct) => r.syncedAt.getTime())
      .reduce((a, b) => Math.min(a, b));
    return {
      source: 'cache',
      asOf: new Date(asOf).toISOString(),
      wcProductId: parent.wcId,
      sku: parent.sku,
      name: parent.name,
      type: parent.type,
      price: parent.price,
      regularPrice: parent.regularPrice,
      salePrice: parent.salePrice,
      stockStatus: parent.stockStatus,
      stockQuantity: parent.stockQuantity,
      permalink: parent.permalink,
      imageUrl: row.imageUrl ?? parent.imageUrl,
      variations,
      matchedVariation: row.parentWcId ? (variations.find((v) => v.wcId === row.wcId) ?? null) : null,
    };
  }
}
