import { DynamicModule, Global, Logger, Module } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { AppConfig } from '../config/app-config';
import { dataSourceOptions } from './data-source-options';
import { DatabaseStartupError } from './database.errors';
import { DatabaseMonitor } from './database-monitor';
import { DatabaseService } from './database.service';
import { startEmbeddedPostgres, type EmbeddedHandle } from './embedded-postgres';

export interface DatabaseModuleOptions {
  /** The CLI may talk to the embedded database of a running app instead of opening its files. */
  allowEmbeddedClient: boolean;
}

function describeTarget(url: string): string {
  try {
    const u = new URL(url);
    return `${u.hostname}:${u.port || 5432}${u.pathname}`;
  } catch {
    return 'the configured server';
  }
}

async function connect(config: AppConfig, options: DatabaseModuleOptions): Promise<DatabaseService> {
  const logger = new Logger('Database');
  let embedded: EmbeddedHandle | undefined;
  let url = config.database.url;
  if (!url) {
    embedded = await startEmbeddedPostgres(config.database.dataDir, {
      allowClient: options.allowEmbeddedClient,
    });
    url = embedded.url;
    logger.log({
      msg: embedded.owner
        ? `embedded database (PGlite) at ${config.database.dataDir}`
        : `embedded database of the running app (${config.database.dataDir})`,
    });
  }
  const dataSource = new DataSource(dataSourceOptions(url, config.database.poolSize, config.appName));
  try {
    await dataSource.initialize();
  } catch (e) {
    await embedded?.close();
    const reason = e instanceof Error ? e.message : String(e);
    throw new DatabaseStartupError(
      `Cannot connect to PostgreSQL at ${describeTarget(url)}: ${reason}. Check DATABASE_URL and that the server is running.`,
    );
  }
  const service = new DatabaseService(dataSource, embedded ? 'embedded' : 'postgres', embedded);
  try {
    if (config.database.runMigrationsOnStart) await service.migrate();
    else if (service.kind === 'postgres') await service.assertPgvector();
  } catch (e) {
    await service.onApplicationShutdown();
    throw e;
  }
  if (!embedded) logger.log({ msg: `PostgreSQL at ${describeTarget(url)}` });
  return service;
}

/** The database connection shared by the app and the CLI: embedded PGlite by default, PostgreSQL with DATABASE_URL. */
@Global()
@Module({})
export class DatabaseModule {
  static forRoot(options: DatabaseModuleOptions): DynamicModule {
    return {
      module: DatabaseModule,
      providers: [
        { provide: DatabaseService, inject: [AppConfig], useFactory: (c: AppConfig) => connect(c, options) },
        DatabaseMonitor,
        {
          provide: DataSource,
          inject: [DatabaseService],
          useFactory: (db: DatabaseService) => db.dataSource,
        },
      ],
      exports: [DatabaseService, DataSource, DatabaseMonitor],
    };
  }
}
