import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import type { DataSourceOptions } from 'typeorm';

/**
 * Where the compiled (dist/migrations/*.js) or source (migrations/*.ts, under Jest and the TypeORM CLI)
 * migrations live. `npm run build` compiles `migrations/` next to the app.
 */
function migrationsDir(): { dir: string; ext: '.js' | '.ts' } {
  const compiled = join(__dirname, '..', 'migrations');
  if (__filename.endsWith('.js') && existsSync(compiled)) return { dir: compiled, ext: '.js' };
  return { dir: join(__dirname, '..', '..', 'migrations'), ext: '.ts' };
}

export function migrationsGlob(): string[] {
  const { dir, ext } = migrationsDir();
  return [join(dir, `*${ext}`)];
}

/** The migration files' names without extension, sorted: the same list for compiled and source migrations. */
export function migrationNames(): string[] {
  const { dir, ext } = migrationsDir();
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((f) => f.endsWith(ext) && !f.endsWith('.d.ts'))
    .map((f) => f.slice(0, -ext.length))
    .sort();
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
