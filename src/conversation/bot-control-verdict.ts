import type { SbConversation } from '../support-board/support-board.types';
import { parseBotCommand, type BotCommand } from './bot-command';

/** What the webhook reported; checked against `get-conversation` before anything changes (support-board.md §6.3). */
export type ControlEvent =
  | { kind: 'status'; conversationId: string; statusCode: '3' | '4' }
  | {
      kind: 'command';
      command: BotCommand;
      conversationId: string;
      sbMessageId: string;
      senderId: string;
      text: string;
    };

export type ControlVerdict = { genuine: true } | { genuine: false; reason: string };

/** SB rewrites `\r` and `\t` as `\n` and squeezes blank lines (support-board.md §1.2): compare modulo whitespace. */
const sameText = (a: string, b: string): boolean =>
  a.replace(/\s+/g, ' ').trim() === b.replace(/\s+/g, ' ').trim();

const numericId = (id: string): number => Number(id) || 0;

/**
 * A `conversation-status-updated` 3 (archived) or 4 (trash) is true when Support Board shows that status now. A
 * customer who writes right after the archive moves it back to 2 (support-board.md §6.1) before we look; then the
 * archive still counts when its event row (`conversation-status-update-3`, written when an agent, admin or the
 * API token archives) is the latest word from the store's side. Statuses 0-2 move all the time and are never acted on.
 */
function judgeStatus(e: { statusCode: '3' | '4' }, c: SbConversation): ControlVerdict {
  if (c.statusCode === e.statusCode) return { genuine: true };
  return archivedSinceStoreSpoke(c)
    ? { genuine: true }
    : { genuine: false, reason: `Support Board shows status ${c.statusCode ?? 'none'}` };
}

/**
 * True when the conversation's latest archive (or move to the trash) by the store's side came after everything the
 * store's side wrote (agents, admins, our bot; SB's close message excepted): only the customer spoke since. An
 * older archive, followed by a bot hand-off or an agent's message, is history.
 */
export function archivedSinceStoreSpoke(c: SbConversation): boolean {
  const ordered = [...c.messages].sort((a, b) => numericId(a.id) - numericId(b.id));
  const archivedAt = ordered.findLastIndex(
    (m) =>
      m.payload.event === 'conversation-status-update-3' ||
      m.payload.event === 'conversation-status-update-4',
  );
  if (archivedAt < 0) return false;
  return !ordered
    .slice(archivedAt + 1)
    .some(
      (m) =>
        m.userId !== c.userId &&
        !('event' in m.payload) &&
        m.payload.type !== 'close-message' &&
        (m.text.trim() !== '' || m.attachments.length > 0),
    );
}

/**
 * A command counts only when Support Board holds that message, from that sender, with that text, and the sender is
 * neither the customer nor a bot: a customer typing "#bot" resumes nothing.
 */
function judgeCommand(
  e: Extract<ControlEvent, { kind: 'command' }>,
  c: SbConversation,
  botUserId: string,
): ControlVerdict {
  const m = c.messages.find((x) => x.id === e.sbMessageId);
  if (!m) return { genuine: false, reason: 'no such message in the conversation' };
  if (m.userId !== e.senderId) return { genuine: false, reason: 'the message has another sender' };
  if (m.userId === c.userId) return { genuine: false, reason: 'the message is the customer’s' };
  if (m.userId === botUserId || m.userType === 'bot')
    return { genuine: false, reason: 'the message is a bot’s' };
  if (!sameText(m.text, e.text) || parseBotCommand(m.text) !== e.command)
    return { genuine: false, reason: 'the message has another text' };
  return { genuine: true };
}

export function judgeControlEvent(e: ControlEvent, c: SbConversation, botUserId: string): ControlVerdict {
  return e.kind === 'status' ? judgeStatus(e, c) : judgeCommand(e, c, botUserId);
}
