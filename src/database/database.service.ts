import { Injectable, Logger, type OnApplicationShutdown } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { withAdvisoryLock } from './advisory-lock';
import { DatabaseStartupError, PGVECTOR_INSTALL_HINT } from './database.errors';
import type { EmbeddedHandle } from './embedded-postgres';

export type DatabaseKind = 'embedded' | 'postgres';

const MIGRATION_LOCK = 'namwoo:migrations';

function compareVersions(a: string, b: string): number {
  const pa = a.split('.').map((n) => parseInt(n, 10) || 0);
  const pb = b.split('.').map((n) => parseInt(n, 10) || 0);
  for (let i = 0; i < Math.max(pa.length, pb.length); i++) {
    const d = (pa[i] ?? 0) - (pb[i] ?? 0);
    if (d !== 0) return d;
  }
  return 0;
}

/** Owns the connection: pgvector check, migrations under an advisory lock, health ping, orderly close. */
@Injectable()
export class DatabaseService implements OnApplicationShutdown {
  private readonly logger = new Logger('Database');

  constructor(
    readonly dataSource: DataSource,
    readonly kind: DatabaseKind,
    private readonly embedded: EmbeddedHandle | undefined,
  ) {}

  /** Stops with an install hint when the PostgreSQL server cannot provide pgvector >= 0.7. */
  async assertPgvector(): Promise<void> {
    const installed = await this.dataSource.query<{ version: string }[]>(
      `SELECT extversion AS version FROM pg_extension WHERE extname = 'vector'`,
    );
    const available = await this.dataSource.query<{ version: string }[]>(
      `SELECT default_version AS version FROM pg_available_extensions WHERE name = 'vector'`,
    );
    const version = installed[0]?.version ?? available[0]?.version;
    if (!version) {
      throw new DatabaseStartupError(
        `The PostgreSQL server has no pgvector extension. ${PGVECTOR_INSTALL_HINT}`,
      );
    }
    if (compareVersions(version, '0.7.0') < 0) {
      throw new DatabaseStartupError(
        `pgvector ${version} is too old (need >= 0.7). ${PGVECTOR_INSTALL_HINT}`,
      );
    }
  }

  /** Applies pending migrations; several instances starting together wait for each other on an advisory lock. */
  async migrate(): Promise<string[]> {
    if (this.kind === 'postgres') await this.assertPgvector();
    const outcome = await withAdvisoryLock(this.dataSource, MIGRATION_LOCK, async () => {
      const applied = await this.dataSource.runMigrations({ transaction: 'each' });
      return applied.map((m) => m.name);
    });
    const names = outcome.acquired ? outcome.result : [];
    if (names.length) this.logger.log({ msg: 'migrations applied', migrations: names });
    return names;
  }

  /** Round-trip time of `SELECT 1`, or an error after `timeoutMs`. */
  async ping(timeoutMs = 2000): Promise<number> {
    const started = performance.now();
    let timer: NodeJS.Timeout | undefined;
    try {
      await Promise.race([
        this.dataSource.query('SELECT 1'),
        new Promise((_, reject) => {
          timer = setTimeout(
            () => reject(new Error(`database did not answer within ${timeoutMs} ms`)),
            timeoutMs,
          );
        }),
      ]);
    } finally {
      clearTimeout(timer);
    }
    return Math.round((performance.now() - started) * 10) / 10;
  }

  /**
   * Where psql can reach the embedded database: served by this process, or by the running app that owns DATA_DIR.
   * Undefined with DATABASE_URL (the operator already has that address).
   */
  get embeddedAddress(): { url: string; servedHere: boolean } | undefined {
    return this.embedded && { url: this.embedded.url, servedHere: this.embedded.owner };
  }

  async onApplicationShutdown(): Promise<void> {
    if (this.dataSource.isInitialized) await this.dataSource.destroy();
    await this.embedded?.close();
  }
}
