/**
 * The fake servers of the benchmarks, in a process of their own so that the process being measured holds only the
 * app: a generated store (`--products`, `--latency` ms per request) on the fake WooCommerce, and with `--openai-fake`
 * the fake OpenAI server (1536-dimension embeddings). Prints one JSON line, `{"env":{…},"products":n,"variations":n}`,
 * then answers `stats` on stdin with `{"wooRequests":n,"embeddingRequests":n,"embeddingInputs":n}`; ends when stdin
 * closes. With `--replies`, also Support Board and WhatsApp fakes: `webhook <url>` points Support Board at the app,
 * and `drive <conversations per second> <seconds>` has that many new customers write each second, then answers
 * `{"sent":n,"answered":n}` once every one was answered on WhatsApp (or 60 s after the last).
 */
import { createInterface } from 'node:readline';
import { generateCatalog } from '../test/fakes/catalog-generator';
import { FakeOpenAi } from '../test/fakes/fake-openai';
import { FakeSupportBoard, SB_ADMIN_TOKEN, SB_BOT_ID } from '../test/fakes/fake-support-board';
import { FakeWhatsApp, WA_TOKEN } from '../test/fakes/fake-whatsapp';
import { FakeWooCommerce } from '../test/fakes/fake-woocommerce';

const SB_SECRET = 'bench-secret';

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
  const replies = process.argv.includes('--replies');
  const sb = replies ? await new FakeSupportBoard(SB_SECRET).start() : undefined;
  const wa = replies ? await new FakeWhatsApp().start() : undefined;
  const env = {
    ...woo.env,
    ...(openai ? { OPENAI_API_KEY: openai.apiKey, OPENAI_BASE_URL: openai.baseUrl } : {}),
    ...(sb && wa
      ? {
          SUPPORT_BOARD_API_URL: sb.apiUrl,
          SUPPORT_BOARD_API_TOKEN: SB_ADMIN_TOKEN,
          SUPPORT_BOARD_BOT_USER_ID: SB_BOT_ID,
          SUPPORT_BOARD_WEBHOOK_SECRET: SB_SECRET,
          WHATSAPP_CLOUD_API_TOKEN: WA_TOKEN,
          WHATSAPP_GRAPH_API_URL: wa.url,
        }
      : {}),
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
  let customers = 0;
  /** `rate` new conversations a second for `seconds`, each with one question the offline assistant searches for. */
  const drive = async (rate: number, seconds: number): Promise<{ sent: number; answered: number }> => {
    const before = wa!.sends.length;
    const questions = [
      '¿tienen neveras samsung?',
      'precio de lavadora lg',
      'busco un aire acondicionado',
      'televisor 55',
    ];
    let sent = 0;
    for (let s = 0; s < seconds; s++) {
      const second = Date.now();
      await Promise.all(
        Array.from({ length: rate }, async () => {
          const i = customers++;
          const c = sb!.addCustomer({
            channel: 'wa',
            phone: `+58412${String(1_000_000 + i)}`,
            extra: '104729385610234',
          });
          await sb!.customerSays(c.conversationId, questions[i % questions.length], {
            waid: `wamid.steady.${i}`,
          });
          sent++;
        }),
      );
      await new Promise((r) => setTimeout(r, Math.max(0, 1000 - (Date.now() - second))));
    }
    const deadline = Date.now() + 60_000;
    while (wa!.sends.length - before < sent && Date.now() < deadline)
      await new Promise((r) => setTimeout(r, 100));
    return { sent, answered: wa!.sends.length - before };
  };
  lines.on('line', (line) => {
    const [command, ...args] = line.trim().split(/\s+/);
    if (command === 'webhook' && sb) {
      sb.webhookUrl = args[0];
      process.stdout.write('{}\n');
      return;
    }
    if (command === 'drive' && sb && wa) {
      void drive(Number(args[0]), Number(args[1])).then((r) =>
        process.stdout.write(`${JSON.stringify(r)}\n`),
      );
      return;
    }
    if (command !== 'stats') return;
    const e = embeddingCalls();
    const stats = {
      wooRequests: woo.server.requests.length,
      embeddingRequests: e.requests,
      embeddingInputs: e.inputs,
    };
    process.stdout.write(`${JSON.stringify(stats)}\n`);
  });
  lines.on('close', () => {
    void Promise.all([woo.stop(), openai?.stop(), sb?.stop(), wa?.stop()]).then(() => process.exit(0));
  });
}

main().catch((e: unknown) => {
  process.stderr.write(`bench fakes failed: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
  process.exit(1);
});
