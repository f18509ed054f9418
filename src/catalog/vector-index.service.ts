import { Injectable, Logger, type OnModuleInit } from '@nestjs/common';
import { DatabaseService } from '../database/database.service';
import { CatalogSearchRepository } from './catalog-search.repository';
import { Embedder } from './embedding/embedder';
import type { VectorSpace } from './hybrid-search.sql';

/** pgvector's limit for an HNSW index on `vector`. */
const HNSW_MAX_DIMENSIONS = 2000;
/**
 * `maintenance_work_mem` for building the index on PostgreSQL: 11,500 vectors of 1536 dimensions and their graph
 * take about 90 MB, more than the server's usual 64 MB, and a graph that does not fit is built on disk, several
 * times slower. The memory is the database server's and is returned when the build ends. PGlite keeps its default
 * (64 MB): its memory is this process's, and a WebAssembly heap never shrinks once grown.
 */
const POSTGRES_BUILD_MEMORY_MB = 256;

/**
 * The HNSW index of the current embedder's vectors: created at start when missing, and — so that a first import
 * does not insert thousands of vectors into the graph one by one — dropped before a bulk import that writes every
 * vector and built once after it (`SyncService`). Because every start creates it when missing, an import that dies
 * half-way never leaves search without its index for longer than until the next start.
 */
@Injectable()
export class VectorIndexService implements OnModuleInit {
  private readonly logger = new Logger('CatalogSearch');

  constructor(
    private readonly repository: CatalogSearchRepository,
    private readonly embedder: Embedder,
    private readonly database: DatabaseService,
  ) {}

  private get space(): VectorSpace {
    return { model: this.embedder.model, dimensions: this.embedder.dimensions };
  }

  private get indexable(): boolean {
    return this.space.dimensions <= HNSW_MAX_DIMENSIONS;
  }

  async onModuleInit(): Promise<void> {
    if (!this.indexable) {
      this.logger.warn(
        `${this.space.model} makes ${this.space.dimensions}-dimension vectors; pgvector's HNSW index takes at most ${HNSW_MAX_DIMENSIONS}, so vector search scans every row (set EMBEDDING_DIMENSIONS to ${HNSW_MAX_DIMENSIONS} or less to index it)`,
      );
      return;
    }
    try {
      await this.ensure();
    } catch (e) {
      // Search still works without the index (exact scan), only slower: do not keep the app from starting.
      this.logger.error(`could not create the HNSW index for ${this.space.model}: ${(e as Error).message}`);
    }
  }

  /** Builds the index unless it exists; true when it was built now. */
  async ensure(): Promise<boolean> {
    if (!this.indexable) return false;
    const started = Date.now();
    const memory = this.database.kind === 'postgres' ? POSTGRES_BUILD_MEMORY_MB : undefined;
    const built = await this.repository.ensureVectorIndex(this.space, memory);
    if (built)
      this.logger.log(`created the HNSW index for ${this.space.model} in ${Date.now() - started} ms`);
    return built;
  }

  /** Drops the index before a bulk import; `ensure` afterwards builds it again. */
  async suspend(): Promise<boolean> {
    return this.indexable && this.repository.dropVectorIndex(this.space);
  }

  async isReady(): Promise<boolean> {
    return this.repository.hasValidVectorIndex(this.space);
  }
}
