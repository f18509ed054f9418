/**
 * `npm run bench:sync`: a full sync of 10,000 generated products served by the fake WooCommerce with 50 ms of
 * latency per request, then an unchanged re-sync. Prints time, products/s, embedding requests and inputs (counted
 * at the embedder), and peak RSS. Embedded PGlite by default; a fresh database on the `DATABASE_URL` server when
 * set (created and dropped here, so the configured database is never touched).
 *
 *   npm run bench:sync [-- --products 10000 --latency 50 --openai-fake]
 *
 * `--openai-fake` embeds through the OpenAI embedder over HTTP against the fake OpenAI server (1536 dims) instead
 * of the local embedder.
 */
import 'reflect-metadata';
import { randomBytes } from 'node:crypto';
import { loadavg } from 'node:os';
import { Logger, Module, type DynamicModule } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { Client } from 'pg';
import { Embedder } from '../src/catalog/embedding/embedder';
import { AppLogger } from '../src/common/logging/app-logger';
import { loadConfig, type AppConfig } from '../src/config/app-config';
import { ConfigModule } from '../src/config/config.module';
import { DatabaseModule } from '../src/database/database.module';
import { IN_MEMORY } from '../src/database/embedded-postgres';
import { SyncModule } from '../src/sync/sync.module';
import { SyncService, type SyncSummary } from '../src/sync/sync.service';
import { generateCatalog } from '../test/fakes/catalog-generator';
import { FakeOpenAi } from '../test/fakes/fake-openai';
import { FakeWooCommerce } from '../test/fakes/fake-woocommerce';

function arg(name: string, fallback: number): number {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? Number(process.argv[i + 1]) : fallback;
}

@Module({})
class BenchModule {
  static forRoot(config: AppConfig): DynamicModule {
    return {
      module: BenchModule,
      imports: [
        ConfigModule.forRoot(config),
        DatabaseModule.forRoot({ allowEmbeddedClient: false }),
        SyncModule,
      ],
    };
  }
}

async function scratchDatabase(serverUrl: string): Promise<{ url: string; drop: () => Promise<void> }> {
  const name = `namwoo_bench_${process.pid}_${randomBytes(3).toString('hex')}`;
  const admin = new Client({ connectionString: serverUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE "${name}"`);
  await admin.end();
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    drop: async () => {
      const c = new Client({ connectionString: serverUrl });
      await c.connect();
      await c.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
      await c.end();
    },
  };
}

async function main(): Promise<void> {
  const count = arg('products', 10_000);
  const latencyMs = arg('latency', 50);
  const useOpenAi = process.argv.includes('--openai-fake');

  const t0 = performance.now();
  const catalog = generateCatalog(count);
  const variationCount = Object.values(catalog.variations).reduce((n, v) => n + v.length, 0);
  const genMs = performance.now() - t0;
  const woo = await new FakeWooCommerce(catalog, { latencyMs }).start();
  const openai = useOpenAi ? await new FakeOpenAi().start() : undefined;
  const scratch = process.env.DATABASE_URL ? await scratchDatabase(process.env.DATABASE_URL) : undefined;

  const config = loadConfig({
    NODE_ENV: 'test',
    LOG_LEVEL: 'warn',
    LOG_FORMAT: 'json',
    LOG_DIR: 'off',
    ...(scratch ? { DATABASE_URL: scratch.url } : { DATA_DIR: IN_MEMORY }),
    ...woo.env,
    ...(openai ? { OPENAI_API_KEY: openai.apiKey, OPENAI_BASE_URL: openai.baseUrl } : {}),
  });
  const logger = new AppLogger(config.log, process.stderr);
  Logger.overrideLogger(logger);
  const app = await NestFactory.createApplicationContext(BenchModule.forRoot(config), { logger });

  const embedder = app.get(Embedder);
  const counter = { requests: 0, inputs: 0, ms: 0 };
  const embed = embedder.embed.bind(embedder);
  embedder.embed = async (texts: string[]) => {
    counter.requests++;
    counter.inputs += texts.length;
    const started = performance.now();
    try {
      return await embed(texts);
    } finally {
      counter.ms += performance.now() - started;
    }
  };
  let peakRss = process.memoryUsage().rss;
  const sampler = setInterval(() => (peakRss = Math.max(peakRss, process.memoryUsage().rss)), 100);
  const sync = app.get(SyncService);

  const measure = async (
    mode: 'full' | 'incremental',
  ): Promise<{ s: SyncSummary; requests: number; inputs: number; embedMs: number; cpuS: number }> => {
    counter.requests = 0;
    counter.inputs = 0;
    counter.ms = 0;
    const cpu = process.cpuUsage();
    const s = await sync.sync({ mode });
    const used = process.cpuUsage(cpu);
    return {
      s,
      requests: counter.requests,
      inputs: counter.inputs,
      embedMs: counter.ms,
      cpuS: (used.user + used.system) / 1e6,
    };
  };

  const wooRequestsBefore = woo.requests.length;
  const first = await measure('full');
  const wooRequests = woo.requests.length - wooRequestsBefore;
  const second = await measure('full');
  clearInterval(sampler);
  peakRss = Math.max(peakRss, process.memoryUsage().rss);

  const mb = (b: number): string => `${(b / 1024 / 1024).toFixed(0)} MB`;
  const lines = [
    `catalog: ${count} products + ${variationCount} variations (generated in ${genMs.toFixed(0)} ms), ${latencyMs} ms latency per request, WOOCOMMERCE_CONCURRENCY=${config.woocommerce.concurrency}`,
    `database: ${scratch ? 'PostgreSQL (DATABASE_URL server, scratch database)' : 'embedded PGlite (in memory)'}; embedder: ${embedder.model} (${embedder.dimensions} dims)`,
    `full sync: ${(first.s.durationMs / 1000).toFixed(1)} s, ${((first.s.fetched / first.s.durationMs) * 1000).toFixed(0)} rows/s (${((count / first.s.durationMs) * 1000).toFixed(0)} products/s), ${wooRequests} WooCommerce requests, ${first.requests} embedding requests, ${first.inputs} embedding inputs (${(first.embedMs / 1000).toFixed(1)} s inside the embedder), status ${first.s.status}, created ${first.s.created}, ${first.cpuS.toFixed(1)} s CPU in this process`,
    `unchanged re-sync: ${(second.s.durationMs / 1000).toFixed(1)} s, ${second.requests} embedding requests, ${second.inputs} embedding inputs, created ${second.s.created}, updated ${second.s.updated}, deleted ${second.s.deleted}, ${second.cpuS.toFixed(1)} s CPU in this process`,
    `load average at the end: ${loadavg()
      .map((l) => l.toFixed(1))
      .join(' ')} (CPU seconds are less sensitive to other load than wall time)`,
    `peak RSS (whole process, incl. fake servers${scratch ? '' : ' and PGlite'}): ${mb(Math.max(peakRss, process.resourceUsage().maxRSS * 1024))}`,
  ];
  process.stdout.write(`${lines.join('\n')}\n`);

  await app.close();
  await woo.stop();
  await openai?.stop();
  await scratch?.drop();
  logger.flush();
  if (first.s.status !== 'succeeded' || second.inputs !== 0) process.exit(1);
}

main().catch((e: unknown) => {
  process.stderr.write(`bench:sync failed: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
  process.exit(1);
});
