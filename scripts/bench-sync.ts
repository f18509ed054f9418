/**
 * `npm run bench:sync`: a full sync of 10,000 generated products, then an unchanged full re-sync, each run as its
 * own process exactly as an operator runs it (`node dist/cli sync --full --json`) under `/usr/bin/time -v`, against
 * the fake WooCommerce (50 ms per request) in another process (scripts/bench-fakes.ts). Prints wall time, the
 * summary's counts, embedding requests and inputs (counted at the fake OpenAI, or the summary's count with the local
 * embedder), CPU seconds and the peak RSS the operating system measured for the sync process alone, with the load
 * average, for each database:
 *
 *   npm run bench:sync [-- --products 10000 --latency 50 --openai-fake --db embedded|pg|both]
 *
 * Embedded PGlite uses a fresh DATA_DIR under the temp directory. PostgreSQL uses a scratch database created and
 * dropped on the server of `DATABASE_URL` (or `TEST_DATABASE_URL`), so the configured database is never touched.
 * `--db` defaults to both when such a server is given, else embedded. Run `npm run build` first (the npm script does).
 */
import { existsSync } from 'node:fs';
import { arg, benchDatabaseEnv, Fakes, load, machine, runSync } from './bench-processes';

async function benchDatabase(
  kind: 'embedded' | 'pg',
  fakes: Fakes,
  serverUrl: string | undefined,
): Promise<boolean> {
  const { env, cleanup } = await benchDatabaseEnv(kind, fakes, serverUrl);
  const label = kind === 'pg' ? 'PostgreSQL (scratch database)' : 'embedded PGlite (fresh DATA_DIR)';
  let ok = true;
  try {
    for (const run of ['full sync', 'unchanged re-sync']) {
      const before = await fakes.stats();
      const m = await runSync(env);
      const after = await fakes.stats();
      const s = m.summary;
      const inputs = fakes.env.OPENAI_API_KEY ? after.embeddingInputs - before.embeddingInputs : s.embedded;
      process.stdout.write(
        `${label} ${run}: ${(s.durationMs / 1000).toFixed(1)} s inside the run (${m.wallS.toFixed(1)} s process), ` +
          `peak RSS ${m.peakRssMb.toFixed(0)} MB, ${m.cpuS.toFixed(1)} s CPU, status ${s.status}, ` +
          `${s.fetched} fetched / ${s.created} created / ${s.updated} updated / ${s.deleted} deleted, ` +
          `${after.wooRequests - before.wooRequests} store requests, ${inputs} embedding inputs ` +
          `(${fakes.env.OPENAI_API_KEY ? `${after.embeddingRequests - before.embeddingRequests} requests` : `${s.embeddingBatches} batches`}); load ${m.load}\n`,
      );
      if (s.status !== 'succeeded') ok = false;
      if (run === 'unchanged re-sync' && (inputs !== 0 || s.created + s.updated + s.deleted !== 0))
        ok = false;
    }
  } finally {
    await cleanup();
  }
  return ok;
}

async function main(): Promise<void> {
  if (!existsSync('dist/cli.js')) throw new Error('dist/cli.js is missing: run `npm run build` first');
  if (!existsSync('/usr/bin/time'))
    throw new Error('/usr/bin/time is missing: install GNU time (apt-get install time)');
  const serverUrl = process.env.DATABASE_URL ?? process.env.TEST_DATABASE_URL;
  const db = arg('db', serverUrl ? 'both' : 'embedded');
  if (db !== 'embedded' && !serverUrl) throw new Error('--db pg needs DATABASE_URL or TEST_DATABASE_URL');
  const products = arg('products', '10000');
  const latency = arg('latency', '50');
  const openai = process.argv.includes('--openai-fake');
  const fakes = await Fakes.start(products, latency, openai ? ['--openai-fake'] : []);
  process.stdout.write(
    `machine: ${machine()}; ` +
      `catalog: ${products} products + ${fakes.variations} variations, ${latency} ms per store request; ` +
      `embedder: ${openai ? 'OpenAI (fake server, 1536 dims)' : 'local'}; load ${load()}\n`,
  );
  let ok = true;
  try {
    for (const kind of db === 'both' ? (['embedded', 'pg'] as const) : [db as 'embedded' | 'pg']) {
      ok = (await benchDatabase(kind, fakes, serverUrl)) && ok;
    }
  } finally {
    fakes.stop();
  }
  if (!ok) process.exit(1);
}

main().catch((e: unknown) => {
  process.stderr.write(`bench:sync failed: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
  process.exit(1);
});
