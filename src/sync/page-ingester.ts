import { Injectable, Logger } from '@nestjs/common';
import type { ProductRow } from '../catalog/product-row';
import {
  ProductRepository,
  type PreparedBatch,
  type ProductRowWithEmbedding,
} from '../catalog/product.repository';
import type { WcProduct, WcVariation } from '../woocommerce/woocommerce.types';
import type { SourcePage } from './catalog-source';
import { EmbeddingIndexer } from './embedding-indexer';
import type { RunState } from './sync.types';
import { mapProduct, mapVariation, parseGmt } from './wc-product.mapper';

/** A page mapped and embedded, ready to be written. */
export interface PreparedPage {
  products: WcProduct[];
  variationsOf: Map<number, WcVariation[]>;
  /** The rows, with the upsert's parameters made while the previous page was being written. */
  batch: PreparedBatch;
}

/**
 * One page of a sync run: maps the products and their variations to rows, embeds the rows whose text changed
 * (`prepare`), and upserts them (`write`), counting into the run's state. The two halves are apart so a run can
 * prepare the next page while this one is written (`SyncService`). What a run does with the pages (deletions, the
 * final embedding step, the run record) is `SyncService`'s.
 */
@Injectable()
export class PageIngester {
  private readonly logger = new Logger('SyncService');

  constructor(
    private readonly products: ProductRepository,
    private readonly indexer: EmbeddingIndexer,
  ) {}

  /**
   * Maps one listing page, with the variations of its variable products, and embeds its changed rows. `allNew`: no
   * row has a vector of the current model yet (a bulk import), so every row is embedded without asking the database
   * which changed.
   */
  async prepare(page: SourcePage, state: RunState, allNew = false): Promise<PreparedPage> {
    const model = this.indexer.model;
    const products = page.products.filter((p) => !state.seen.has(p.id));
    const variationsOf = new Map<number, WcVariation[]>();
    for (const [productId, fetched] of page.variations) {
      if (!(fetched instanceof Error)) {
        variationsOf.set(productId, fetched);
        continue;
      }
      // The parent is still saved; its stored variations stay, and this run deletes nothing.
      state.errors++;
      state.complete = false;
      const parent = products.find((p) => p.id === productId);
      for (const id of parent?.variations ?? []) state.seen.add(id);
      this.logger.error({ msg: `variations of product ${productId} not fetched: ${fetched.message}` });
    }
    const rows: ProductRow[] = [];
    let mapped = 0;
    for (const p of products) {
      // Mapping a page takes a few milliseconds per dozen products: let the event loop in between, so the previous
      // page's statements, answered meanwhile by the database's thread, go on without waiting for the whole page.
      if (++mapped % 16 === 0) await new Promise((resolve) => setImmediate(resolve));
      state.seen.add(p.id);
      state.fetched++;
      const modified = parseGmt(p.date_modified_gmt);
      if (modified && (!state.watermark || modified > state.watermark)) state.watermark = modified;
      const variations = variationsOf.get(p.id);
      try {
        rows.push(mapProduct(p, model, variations ?? []));
        for (const v of variations ?? []) {
          state.seen.add(v.id);
          state.fetched++;
          rows.push(mapVariation(p, v, model));
        }
      } catch (e) {
        // Kept as it was (in `seen`), never deleted because of our own mapping problem.
        state.errors++;
        for (const id of p.variations ?? []) state.seen.add(id);
        this.logger.error({
          msg: `product ${p.id} skipped: cannot map it (${e instanceof Error ? e.message : String(e)})`,
        });
      }
    }
    let toWrite: ProductRowWithEmbedding[] = rows;
    if (state.embedInline) {
      try {
        const embedded = await this.indexer.embedChanged(rows, allNew);
        toWrite = embedded.rows;
        state.embeddingBatches += embedded.batches;
      } catch (e) {
        state.embedInline = false;
        this.logger.warn({
          msg: `embedding while fetching failed, continuing without (retried at the end of the run): ${e instanceof Error ? e.message : String(e)}`,
        });
      }
    }
    return { products, variationsOf, batch: await this.products.prepareBatch(toWrite) };
  }

  /** Upserts a prepared page (and, in an incremental run, deletes the variations its products no longer have). */
  async write(page: PreparedPage, state: RunState): Promise<void> {
    const { products, variationsOf, batch } = page;
    const toWrite = batch.rows;
    const outcome = await this.products.upsertBatch(batch);
    state.created += outcome.created;
    state.updated += outcome.updated;
    const failedIds = new Set(outcome.failed.map((f) => f.wcId));
    state.embedded += toWrite.filter((r) => r.embedding && !failedIds.has(r.wcId)).length;
    for (const f of outcome.failed) {
      state.errors++;
      this.logger.error({ msg: `product ${f.wcId} skipped: ${f.reason}`, wcId: f.wcId });
    }
    if (state.kind === 'incremental') {
      // Incremental runs never see the full listing, so variations a changed product no longer has go here.
      for (const p of products) {
        const variations = variationsOf.get(p.id);
        if (p.type === 'variable' && !variations) continue;
        state.deleted += await this.products.deleteVariationsExcept(
          p.id,
          (variations ?? []).map((v) => v.id),
        );
      }
    }
  }
}
