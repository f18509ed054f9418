import { Injectable, Logger, type OnModuleInit } from '@nestjs/common';
import { DatabaseService } from '../database/database.service';
import {
  CatalogSearchRepository,
  TEXT_INDEXES,
  vectorIndex,
  type SearchIndex,
} from './catalog-search.repository';
import { Embedder } from './embedding/embedder';
import type { VectorSpace } from './hybrid-search.sql';

/** pgvector's limit for an HNSW index on `vector`. */
const HNSW_MAX_DIMENSIONS = 2000;
/**
 * `maintenance_work_mem` for building the indexes on PostgreSQL: 11,500 vectors of 1536 dimensions and their graph
 * take about 90 MB, more than the server's usual 64 MB, and a graph that does not fit is built on disk, several
 * times slower. The memory is the database server's and is returned when the build ends. PGlite keeps its default
 * (64 MB): its memory is this process's, and a WebAssembly heap never shrinks once grown.
 */
const POSTGRES_BUILD_MEMORY_MB = 256;
/**
 * `maintenance_work_mem` for the GIN builds on PGlite: a GIN build collects entries up to that much before writing
 * them out, and the 64 MB default grew the WebAssembly heap (which never shrinks) at the end of a first import;
 * 16 MB builds them in the same time (docs/sync.md, "Third round"). The HNSW build keeps 64 MB: it only takes what
 * its graph needs (about 25 MB for 11,500 vectors of 384 dimensions), and a graph that does not fit is built on disk.
 */
const EMBEDDED_GIN_BUILD_MEMORY_MB = 16;

/**
 * The search indexes a bulk import rewrites entirely: the HNSW index of the current embedder's vectors and the
 * full-text and trigram (GIN) indexes. Created at start when missing, and — so that a first import does not insert
 * thousands of rows into them one by one — dropped before a bulk import that writes every vector and built once
 * after it (`SyncService`). Because every start creates them when missing, an import that dies half-way never
 * leaves search without them for longer than until the next start.
 */
@Injectable()
export class SearchIndexService implements OnModuleInit {
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

  private get indexes(): SearchIndex[] {
    return this.indexable ? [...TEXT_INDEXES, vectorIndex(this.space)] : [...TEXT_INDEXES];
  }

  async onModuleInit(): Promise<void> {
    if (!this.indexable) {
      this.logger.warn(
        `${this.space.model} makes ${this.space.dimensions}-dimension vectors; pgvector's HNSW index takes at most ${HNSW_MAX_DIMENSIONS}, so vector search scans every row (set EMBEDDING_DIMENSIONS to ${HNSW_MAX_DIMENSIONS} or less to index it)`,
      );
    }
    try {
      await this.ensure();
    } catch (e) {
      // Search still works without them (it scans), only slower: do not keep the app from starting.
      this.logger.error(`could not create the search indexes: ${(e as Error).message}`);
    }
  }

  /** Builds every index that is missing; the names of those built now. */
  async ensure(): Promise<string[]> {
    const postgres = this.database.kind === 'postgres';
    const built: string[] = [];
    for (const index of this.indexes) {
      const started = Date.now();
      const vector = index.name === vectorIndex(this.space).name;
      const memory = postgres ? POSTGRES_BUILD_MEMORY_MB : vector ? undefined : EMBEDDED_GIN_BUILD_MEMORY_MB;
      if (!(await this.repository.ensureIndex(index, memory))) continue;
      built.push(index.name);
      const what = vector ? `the HNSW index for ${this.space.model}` : index.name;
      this.logger.log(`created ${what} in ${Date.now() - started} ms`);
    }
    return built;
  }

  /** Drops the indexes before a bulk import (`ensure` afterwards builds them again); the names of those dropped. */
  async suspend(): Promise<string[]> {
    const dropped: string[] = [];
    for (const index of this.indexes)
      if (await this.repository.dropIndex(index.name)) dropped.push(index.name);
    return dropped;
  }

  /** Whether every search index exists and is usable. */
  async isReady(): Promise<boolean> {
    for (const index of this.indexes) if (!(await this.repository.isIndexValid(index.name))) return false;
    return true;
  }
}
