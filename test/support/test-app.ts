import type { INestApplication, ModuleMetadata } from '@nestjs/common';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { Test, type TestingModule } from '@nestjs/testing';
import { DataSource } from 'typeorm';
import { createApp } from '../../src/bootstrap';
import { AppConfig, loadConfig } from '../../src/config/app-config';
import { ConfigModule } from '../../src/config/config.module';
import { DatabaseModule } from '../../src/database/database.module';
import { LogCapture, testLogger } from './log-capture';
import { createTestDatabase, type TestDatabase } from './test-database';

/**
 * The configuration tests run with: nothing from the developer's shell or .env leaks in. Logs go to no files; see
 * `testLogger` for where they go instead.
 */
export function testConfig(env: Record<string, string | undefined> = {}): AppConfig {
  return loadConfig({
    NODE_ENV: 'test',
    LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'error',
    LOG_FORMAT: 'json',
    LOG_DIR: 'off',
    ...env,
  });
}

export { testLogger };

export interface TestApp {
  app: NestExpressApplication;
  /** Base URL of the running app, e.g. http://127.0.0.1:41234 (routes live under /api). */
  url: string;
  config: AppConfig;
  dataSource: DataSource;
  database: TestDatabase;
  /** The app's log lines from `info` up. */
  logs: LogCapture;
  close(): Promise<void>;
}

/**
 * Starts the whole app as `main.ts` does, on a clean database, listening on a free loopback port. Point it at fake
 * servers through `env` (e.g. WOOCOMMERCE_URL: fakeWoo.url). Always `await close()` in afterAll.
 */
export async function startTestApp(
  env: Record<string, string | undefined> = {},
  options: { logs?: LogCapture } = {},
): Promise<TestApp> {
  const database = await createTestDatabase();
  const config = testConfig({ ...database.env, ...env });
  const logs = options.logs ?? new LogCapture();
  const app = await createApp(config, testLogger(config, logs));
  await app.listen(0, '127.0.0.1');
  const address = app.getHttpServer().address() as { port: number };
  return {
    app,
    url: `http://127.0.0.1:${address.port}`,
    config,
    dataSource: app.get(DataSource),
    database,
    logs,
    close: async () => {
      await app.close();
      await database.drop();
    },
  };
}

export interface TestContext {
  module: TestingModule;
  config: AppConfig;
  dataSource: DataSource;
  logs: LogCapture;
  get<T>(token: abstract new (...args: never[]) => T): T;
  close(): Promise<void>;
}

/**
 * A Nest context with the real database (migrated) plus the given modules/providers, for service tests.
 * Override clients with `overrides` to use fakes.
 */
export async function createTestContext(
  metadata: ModuleMetadata & { env?: Record<string, string | undefined>; logs?: LogCapture } = {},
): Promise<TestContext> {
  const database = await createTestDatabase();
  const config = testConfig({ ...database.env, ...metadata.env });
  const logs = metadata.logs ?? new LogCapture();
  const module = await Test.createTestingModule({
    imports: [
      ConfigModule.forRoot(config),
      DatabaseModule.forRoot({ allowEmbeddedClient: false }),
      ...(metadata.imports ?? []),
    ],
    providers: metadata.providers ?? [],
  })
    .setLogger(testLogger(config, logs))
    .compile();
  const app: INestApplication = module.createNestApplication();
  await app.init();
  return {
    module,
    config,
    dataSource: module.get(DataSource),
    logs,
    get: <T>(token: abstract new (...args: never[]) => T) => module.get<T>(token),
    close: async () => {
      await app.close();
      await database.drop();
    },
  };
}
