/**
 * The fake servers of the benchmarks, in a process of their own so that the process being measured holds only the
 * app: a generated store (`--products`, `--latency` ms per request) on the fake WooCommerce, and with `--openai-fake`
 * the fake OpenAI server (1536-dimension embeddings). Prints one JSON line, `{"env":{…},"products":n,"variations":n}`,
 * then answers `stats` on stdin with `{"wooRequests":n,"embeddingRequests":n,"embeddingInputs":n}`; ends when stdin
 * closes.
 */
import { createInterface } from 'node:readline';
import { generateCatalog } from '../test/fakes/catalog-generator';
import { FakeOpenAi } from '../test/fakes/fake-openai';
import { FakeWooCommerce } from '../test/fakes/fake-woocommerce';

function arg(name: string, fallback: number): number {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? Number(process.argv[i + 1]) : fallback;
}

async function main(): Promise<void> {
  const count = arg('products', 10_000);
  const catalog = generateCatalog(count);
  const variations = Object.values(catalog.variations).reduce((n, v) => n + v.length, 0);
  const woo = await new FakeWooCommerce(catalog, { latencyMs: arg('latency', 50) }).start();
  const openai = process.argv.includes('--openai-fake') ? await new FakeOpenAi().start() : undefined;
  const env = {
    ...woo.env,
    ...(openai ? { OPENAI_API_KEY: openai.apiKey, OPENAI_BASE_URL: openai.baseUrl } : {}),
  };
  process.stdout.write(`${JSON.stringify({ env, products: count, variations })}\n`);

  const embeddingCalls = (): { requests: number; inputs: number } => {
    const calls = (openai?.server.requests ?? []).filter((r) => r.path.endsWith('/embeddings'));
    const inputs = calls.reduce((n, r) => {
      const input = (r.body as { input?: unknown } | undefined)?.input;
      return n + (Array.isArray(input) ? input.length : 1);
    }, 0);
    return { requests: calls.length, inputs };
  };
  const lines = createInterface({ input: process.stdin });
  lines.on('line', (line) => {
    if (line.trim() !== 'stats') return;
    const e = embeddingCalls();
    const stats = {
      wooRequests: woo.server.requests.length,
      embeddingRequests: e.requests,
      embeddingInputs: e.inputs,
    };
    process.stdout.write(`${JSON.stringify(stats)}\n`);
  });
  lines.on('close', () => {
    void Promise.all([woo.stop(), openai?.stop()]).then(() => process.exit(0));
  });
}

main().catch((e: unknown) => {
  process.stderr.write(`bench fakes failed: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
  process.exit(1);
});
