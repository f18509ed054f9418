import { Injectable, Logger } from '@nestjs/common';
import { AppConfig } from '../config/app-config';
import { Embedder } from '../catalog/embedding/embedder';
import type { ProductRow } from '../catalog/product-row';
import { ProductRepository, type ProductRowWithEmbedding } from '../catalog/product.repository';

export interface EmbedProgress {
  done: number;
  total: number;
}

export interface EmbedOutcome {
  embedded: number;
  /** Calls to the embedder (one batch of `sync.embeddingBatchSize` rows each). */
  batches: number;
}

/**
 * The sync's embedding step: only rows whose text changed (content hash), that have no vector, or whose vector was
 * made by another model — so an unchanged re-sync or a price/stock-only change embeds nothing. `all` re-embeds
 * every row (`sync --reembed`).
 */
@Injectable()
export class EmbeddingIndexer {
  private readonly logger = new Logger('SyncEmbeddings');

  constructor(
    private readonly products: ProductRepository,
    private readonly embedder: Embedder,
    private readonly config: AppConfig,
  ) {}

  get model(): string {
    return this.embedder.model;
  }

  /**
   * Embeds, before they are written, the rows of a page whose text is new or changed (or whose vector is missing or
   * from another model), so each changed row is written once with its vector. Unchanged rows are returned as they
   * are and cost nothing. `allNew`: the caller knows no row has a vector of this model (a bulk import), so every
   * row is embedded without asking the database.
   */
  async embedChanged(
    rows: ProductRow[],
    allNew = false,
  ): Promise<{ rows: ProductRowWithEmbedding[]; batches: number }> {
    const model = this.embedder.model;
    const stored = allNew
      ? new Map<number, never>()
      : await this.products.storedContent(rows.map((r) => r.wcId));
    const changed = rows.filter((r) => {
      const s = stored.get(r.wcId);
      return !s || !s.hasEmbedding || s.contentHash !== r.contentHash || s.embeddingModel !== model;
    });
    const vectors = new Map<number, number[]>();
    const batchSize = Math.max(1, this.config.sync.embeddingBatchSize);
    let batches = 0;
    for (let i = 0; i < changed.length; i += batchSize) {
      const chunk = changed.slice(i, i + batchSize);
      const embedded = await this.embedder.embed(chunk.map((r) => r.searchText));
      batches++;
      chunk.forEach((r, k) => vectors.set(r.wcId, embedded[k]));
    }
    return {
      rows: rows.map((r) => {
        const embedding = vectors.get(r.wcId);
        return embedding ? { ...r, embedding, embeddingModel: model } : r;
      }),
      batches,
    };
  }

  async embedPending(
    options: { all?: boolean; onProgress?: (p: EmbedProgress) => void; shouldStop?: () => boolean } = {},
  ): Promise<EmbedOutcome> {
    const all = options.all ?? false;
    const model = this.embedder.model;
    const total = await this.products.countNeedingEmbedding(model, all);
    if (total === 0) return { embedded: 0, batches: 0 };
    this.logger.log({ msg: `embedding ${total} product(s) with ${model}`, total });
    const batchSize = Math.max(1, this.config.sync.embeddingBatchSize);
    let afterId = '0';
    let embedded = 0;
    let batches = 0;
    options.onProgress?.({ done: 0, total });
    while (!options.shouldStop?.()) {
      const rows = await this.products.findNeedingEmbedding(model, afterId, batchSize, all);
      if (rows.length === 0) break;
      const vectors = await this.embedder.embed(rows.map((r) => r.text));
      batches++;
      await this.products.storeEmbeddings(
        rows.map((r, i) => ({ id: r.id, vector: vectors[i] })),
        model,
      );
      embedded += rows.length;
      afterId = rows[rows.length - 1].id;
      options.onProgress?.({ done: embedded, total });
    }
    return { embedded, batches };
  }

  /**
   * Vectors made by another model or width than the configured embedder cannot be compared with its query
   * vectors; says how to fix it instead of silently searching with mixed vectors.
   */
  async warnOnModelMismatch(): Promise<boolean> {
    const stored = await this.products.storedEmbeddingModels();
    const stale = stored.filter(
      (s) => s.model !== this.embedder.model || s.dimensions !== this.embedder.dimensions,
    );
    if (stale.length === 0) return false;
    const rows = stale.reduce((n, s) => n + s.rows, 0);
    const found = stale.map((s) => `${s.model ?? 'unknown'} (${s.dimensions} dims)`).join(', ');
    this.logger.warn(
      `${rows} stored product vector(s) were made by ${found}, but the configured embedder is ${this.embedder.model} (${this.embedder.dimensions} dims): run \`node dist/cli sync --reembed\` to re-embed the catalog`,
    );
    return true;
  }
}
