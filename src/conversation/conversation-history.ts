import type { ConversationTurn } from '../assistant/answerer';
import type { SbConversation, SbMessage } from '../support-board/support-board.types';
import { parseBotCommand } from './bot-command';

/** The WhatsApp (`waid`) or Messenger/Instagram (`mid`) id Support Board keeps in a message's payload. */
export function providerIdOf(m: SbMessage | undefined): string | null {
  const id = m?.payload.waid ?? m?.payload.mid;
  return typeof id === 'string' && id ? id : null;
}

export interface HistoryInput {
  conversation: SbConversation;
  botUserId: string;
  /** Support Board ids of the customer messages this reply claimed (its burst), the ones it answers. */
  burstIds: readonly string[];
  /** Messages to leave out entirely (duplicate deliveries of the same WhatsApp/Messenger message). */
  skipIds: ReadonlySet<string>;
}

const numericId = (m: SbMessage): number => Number(m.id) || 0;

/**
 * The history one reply's assistant sees: what was said before, then exactly the burst it answers, so it always
 * ends with the customer's messages. Cut at the burst: a customer message that arrived after the claim belongs to
 * the next reply, and our earlier answers stay before the burst even when Support Board stored them after a
 * message of this burst (the customer wrote while the previous answer was being prepared). Event rows, empty rows
 * duplicate deliveries and agents' bot commands are dropped; roles come from who sent each row, never from `user_type`.
 */
export function buildHistory({
  conversation,
  botUserId,
  burstIds,
  skipIds,
}: HistoryInput): ConversationTurn[] {
  const burst = new Set(burstIds);
  const lastBurstId = Math.max(0, ...conversation.messages.filter((m) => burst.has(m.id)).map(numericId));
  const seenProviderIds = new Set<string>();
  const usable = conversation.messages
    .filter((m) => !skipIds.has(m.id) && !('event' in m.payload))
    .filter((m) => {
      const providerId = providerIdOf(m);
      if (!providerId) return true;
      if (seenProviderIds.has(providerId)) return false;
      seenProviderIds.add(providerId);
      return true;
    })
    .filter((m) => m.text.trim() !== '' || m.attachments.length > 0)
    // An agent's `#bot`/`#humano` steers the bot; it is not part of the conversation with the customer.
    .filter((m) => m.userId === conversation.userId || parseBotCommand(m.text) === null)
    .sort((a, b) => numericId(a) - numericId(b));
  const roleOf = (m: SbMessage): ConversationTurn['role'] =>
    m.userId === conversation.userId ? 'customer' : m.userId === botUserId ? 'bot' : 'staff';
  const before = usable.filter((m) => {
    if (burst.has(m.id)) return false;
    // Our own earlier answers count wherever Support Board filed them; anyone else's only up to the burst.
    return roleOf(m) === 'bot' || numericId(m) < lastBurstId;
  });
  const answered = usable.filter((m) => burst.has(m.id));
  return [...before, ...answered].map((m) => ({
    role: roleOf(m),
    text: m.text,
    attachments: m.attachments,
    messageId: m.id,
    createdAt: m.creationTime,
  }));
}
