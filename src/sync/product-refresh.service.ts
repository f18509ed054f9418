import { Injectable, Logger } from '@nestjs/common';
import { LiveProductRepository } from '../catalog/live-product.repository';
import type { ProductRow } from '../catalog/product-row';
import { ProductRepository, type ProductRowWithEmbedding } from '../catalog/product.repository';
import { WooCommerceClient } from '../woocommerce/woocommerce.client';
import type { WcProduct } from '../woocommerce/woocommerce.types';
import { EmbeddingIndexer } from './embedding-indexer';
import { mapProduct, mapVariation } from './wc-product.mapper';

export type RefreshOutcome =
  | { kind: 'removed'; productId: number }
  | { kind: 'saved'; productId: number; rows: number; embedded: number; failed: number };

/**
 * Brings one product (with its variations) up to date from the store, as a webhook asks: the store is read again
 * rather than trusting the webhook body, which WooCommerce may render stale or as an error object
 * (docs/contracts/woocommerce.md, webhooks). Goes through the sync's own mapping, change-only embedding and upsert,
 * so a price or stock change embeds nothing. A product that is gone or no longer published is removed.
 */
@Injectable()
export class ProductRefreshService {
  private readonly logger = new Logger('SyncWebhook');

  constructor(
    private readonly client: WooCommerceClient,
    private readonly products: ProductRepository,
    private readonly cache: LiveProductRepository,
    private readonly indexer: EmbeddingIndexer,
  ) {}

  /** Throws the client's `ExternalServiceError` when the store cannot be read (the job retries). */
  async refresh(productId: number): Promise<RefreshOutcome> {
    const product = await this.client.getProduct(productId);
    // A variation id sent to /products/{id} is answered with the variation on newer stores: refresh its parent.
    if (product?.type === 'variation' && product.parent_id && product.parent_id !== productId) {
      return this.refresh(product.parent_id);
    }
    if (!product || product.status !== 'publish') {
      await this.cache.removeProduct(productId);
      this.logger.log({
        msg: `product ${productId} ${product ? `is ${product.status}` : 'is gone from the store'}: removed from the catalog`,
        productId,
      });
      return { kind: 'removed', productId };
    }
    return this.save(product);
  }

  private async save(product: WcProduct): Promise<RefreshOutcome> {
    const variations = product.type === 'variable' ? await this.client.listAllVariations(product.id) : [];
    const model = this.indexer.model;
    const rows: ProductRow[] = [
      mapProduct(product, model, variations),
      ...variations.map((v) => mapVariation(product, v, model)),
    ];
    let toWrite: ProductRowWithEmbedding[] = rows;
    try {
      toWrite = (await this.indexer.embedChanged(rows)).rows;
    } catch (e) {
      // Fresh stock and price matter more than the vector: rows whose text changed are saved without one, and the
      // next sync's embedding step embeds them.
      this.logger.warn({
        msg: `product ${product.id}: embedding failed, saved without new vectors: ${e instanceof Error ? e.message : String(e)}`,
      });
    }
    const outcome = await this.products.upsertBatch(toWrite);
    if (product.type === 'variable') {
      await this.products.deleteVariationsExcept(
        product.id,
        variations.map((v) => v.id),
      );
    }
    for (const f of outcome.failed) {
      this.logger.error({ msg: `product ${f.wcId} not saved: ${f.reason}`, wcId: f.wcId });
    }
    const failed = new Set(outcome.failed.map((f) => f.wcId));
    const embedded = toWrite.filter((r) => r.embedding && !failed.has(r.wcId)).length;
    this.logger.log({
      msg: `product ${product.id} refreshed from the store`,
      productId: product.id,
      created: outcome.created,
      updated: outcome.updated,
      embedded,
    });
    return { kind: 'saved', productId: product.id, rows: rows.length, embedded, failed: failed.size };
  }
}
