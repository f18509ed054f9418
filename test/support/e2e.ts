import { createServer } from 'node:net';
import type { DataSource } from 'typeorm';
import { SB_ADMIN_TOKEN, SB_BOT_ID, type FakeSupportBoard } from '../fakes/fake-support-board';
import { WA_TOKEN, type FakeWhatsApp } from '../fakes/fake-whatsapp';

/** The WhatsApp number (phone_number_id) fake conversations came to. */
export const PHONE_NUMBER_ID = '104729385610234';

export const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/** Polls `probe` every 50 ms until it returns something truthy; fails naming `what` after `timeoutMs`. */
export async function until<T>(
  what: string,
  probe: () => T | undefined | null | false | Promise<T | undefined | null | false>,
  timeoutMs = 20_000,
): Promise<T> {
  const started = Date.now();
  for (;;) {
    const v = await probe();
    if (v) return v;
    if (Date.now() - started > timeoutMs) throw new Error(`timed out waiting for ${what}`);
    await sleep(50);
  }
}

/** A free loopback port (for spawned apps). */
export function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolve(port));
    });
  });
}

/** The environment that points the app at the fake Support Board (and WhatsApp, when given). */
export function fakeChannelsEnv(
  sb: FakeSupportBoard,
  wa?: FakeWhatsApp,
  secret = 'whk-test-secret',
): Record<string, string> {
  return {
    SUPPORT_BOARD_API_URL: sb.apiUrl,
    SUPPORT_BOARD_API_TOKEN: SB_ADMIN_TOKEN,
    SUPPORT_BOARD_BOT_USER_ID: SB_BOT_ID,
    SUPPORT_BOARD_WEBHOOK_SECRET: secret,
    ...(wa ? { WHATSAPP_CLOUD_API_TOKEN: WA_TOKEN, WHATSAPP_GRAPH_API_URL: wa.url } : {}),
  };
}

/** Resolves once every reply to the conversation has finished (nothing pending or claimed, nothing in progress). */
export function settled(
  dataSource: () => DataSource,
  conversationId: string,
  timeoutMs = 30_000,
): Promise<true> {
  return until(
    `conversation ${conversationId} to settle`,
    async () => {
      const [r] = await dataSource().query<{ n: number }[]>(
        `SELECT (SELECT count(*) FROM inbox_messages WHERE conversation_id = $1 AND status IN ('pending', 'claimed'))
              + (SELECT count(*) FROM replies WHERE conversation_id = $1 AND status = 'in_progress') AS n`,
        [conversationId],
      );
      return Number(r.n) === 0;
    },
    timeoutMs,
  );
}
