import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { DataSourceOptions } from 'typeorm';

/**
 * Where the compiled (dist/migrations/*.js) or source (migrations/*.ts, under Jest and the TypeORM CLI)
 * migrations live. `npm run build` compiles `migrations/` next to the app.
 */
export function migrationsGlob(): string[] {
  const compiled = join(__dirname, '..', 'migrations');
  if (__filename.endsWith('.js') && existsSync(compiled)) return [join(compiled, '*.js')];
  return [join(__dirname, '..', '..', 'migrations', '*.ts')];
}

export function dataSourceOptions(
  url: string,
  poolSize: number,
  applicationName = 'namwoo',
): DataSourceOptions {
  return {
    type: 'postgres',
    url,
    // No entities: repositories write their SQL (docs/architecture.md); TypeORM runs migrations and the pool.
    entities: [],
    migrations: migrationsGlob(),
    migrationsTableName: 'migrations',
    migrationsTransactionMode: 'each',
    synchronize: false,
    migrationsRun: false,
    logging: false,
    applicationName,
    extra: { max: poolSize, connectionTimeoutMillis: 10_000, idleTimeoutMillis: 30_000 },
  };
}
